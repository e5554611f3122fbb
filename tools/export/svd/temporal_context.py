"""The temporal cross-attention context order of diffusers 0.24, which LeviTor's weights were trained with.

Inside every spatio-temporal transformer (TransformerSpatioTemporalModel) the temporal blocks attend, per
spatial position, to the first frame's image embedding. Their tokens come in (batch, position) order. In
diffusers 0.24 (LeviTor's pin) the context is broadcast in (position, batch) order, so token (b, p) sees the
embedding of batch element (b*H*W + p) mod B; from 0.25 on it is broadcast in (batch, position) order, so
token (b, p) sees batch element b. With the CFG batch (zeros, image embedding) the two differ in half of
the tokens, and the denoiser's output by ~20 % (issue 11).

`use_reference_temporal_context(model)` makes every spatio-temporal transformer in `model` compute the 0.24
order when the installed diffusers broadcasts in the newer order; on diffusers < 0.25 it changes nothing
(the blocks already do it). Weights and state-dict keys are untouched; the order is fixed by a forward
pre-hook on each temporal block, so it holds for any batch, frame count and latent size, and torch's ONNX
tracer records it in the graph.
"""

from __future__ import annotations

import diffusers
import torch
from packaging.version import Version
from torch import nn

# diffusers releases that broadcast the context in (position, batch) order: the reference's semantics.
_REFERENCE_ORDER_BEFORE = Version("0.25.0")
_HOOK_FLAG = "_levitor_reference_temporal_context"


def library_has_reference_order(version: str | None = None) -> bool:
    return Version(version or diffusers.__version__) < _REFERENCE_ORDER_BEFORE


def reference_order_context(first_frame: torch.Tensor, positions: int) -> torch.Tensor:
    """first_frame [B, L, C] (each batch element's context) -> [positions*B, L, C] in the 0.24 order:
    row r holds batch element r mod B."""
    batch, tokens, channels = first_frame.shape
    return first_frame[None].broadcast_to(positions, batch, tokens, channels).reshape(positions * batch, tokens, channels)


def _reorder_context(module: nn.Module, args: tuple, kwargs: dict):
    """Forward pre-hook of a TemporalBasicTransformerBlock: its `encoder_hidden_states` arrive in the
    (batch, position) order of diffusers >= 0.25 ([B*P, L, C], rows b*P .. b*P+P-1 all equal to batch
    element b's context); hand it on in the 0.24 (position, batch) order instead."""
    hidden = args[0] if args else kwargs["hidden_states"]
    context = kwargs.get("encoder_hidden_states")
    if context is None:
        if len(args) > 2:  # a diffusers that passes it by position: refuse rather than leave it unfixed
            raise RuntimeError("temporal block called with a positional context: temporal_context.py needs updating")
        return None
    frames = kwargs["num_frames"] if "num_frames" in kwargs else args[1]
    positions = hidden.shape[1]  # [B*F, P, C]: the temporal block's tokens, one row per (batch, frame)
    batch = hidden.shape[0] // frames
    if context.shape[0] != batch * positions:
        raise RuntimeError(f"temporal context has {context.shape[0]} rows, expected {batch}x{positions}")
    first_frame = context.reshape(batch, positions, *context.shape[1:])[:, 0]
    return args, {**kwargs, "encoder_hidden_states": reference_order_context(first_frame, positions)}


def spatio_temporal_transformers(model: nn.Module) -> list[nn.Module]:
    try:
        from diffusers.models.transformers.transformer_temporal import TransformerSpatioTemporalModel
    except ImportError:  # diffusers < 0.26
        from diffusers.models.transformer_temporal import TransformerSpatioTemporalModel
    return [m for m in model.modules() if isinstance(m, TransformerSpatioTemporalModel)]


def use_reference_temporal_context(model: nn.Module) -> int:
    """Give every spatio-temporal transformer of `model` the 0.24 context order (idempotent). Returns how
    many temporal blocks were changed (0 on diffusers < 0.25, where the order is already the reference's)."""
    if library_has_reference_order():
        return 0
    changed = 0
    for transformer in spatio_temporal_transformers(model):
        for block in transformer.temporal_transformer_blocks:
            if getattr(block, _HOOK_FLAG, False):
                continue
            # The blocks are called with keyword encoder_hidden_states (diffusers 0.25 .. 0.31).
            block.register_forward_pre_hook(_reorder_context, with_kwargs=True)
            setattr(block, _HOOK_FLAG, True)
            changed += 1
    return changed
