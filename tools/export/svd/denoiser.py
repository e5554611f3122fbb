"""ControlNet + stock SVD UNet fused into one module, exported as ONE denoiser graph.

The ~243 MB of residuals per step (docs/levitor-method.md section 9) never leave the graph. The UNet forward is
re-stated here (same order of operations as diffusers' UNetSpatioTemporalConditionModel) because the stock
forward neither takes ControlNet residuals nor passes explicit up-sampling sizes: latent width 36 halves to
18, 9, 5, and a scale-factor-2 upsampler would give 10 instead of 9 on the way back up.
"""

from __future__ import annotations

import types

import torch
from torch import nn
from torch.nn import functional as F

from .controlnet import LevitorControlNet
from .temporal_context import use_reference_temporal_context


def _sized_upsample_forward(self, hidden_states, output_size=None, *args, **kwargs):
    """Upsample2D.forward with the size recorded on the module for this call (nearest, then conv)."""
    size = output_size if output_size is not None else self._levitor_output_size
    if size is None:
        raise RuntimeError("sized upsampler called without an output size")
    hidden_states = F.interpolate(hidden_states, size=size, mode="nearest")
    return self.conv(hidden_states)


def patch_upsamplers(unet: nn.Module) -> None:
    """Give every up-block upsampler an explicit-size forward (weights and state-dict keys unchanged)."""
    for block in unet.up_blocks:
        for up in getattr(block, "upsamplers", None) or []:
            if not getattr(up, "use_conv", False) or getattr(up, "use_conv_transpose", False):
                raise ValueError("unexpected upsampler type in the SVD UNet")
            up._levitor_output_size = None
            up.forward = types.MethodType(_sized_upsample_forward, up)


class FusedDenoiser(nn.Module):
    """sample [2,F,8,h,w], timestep [1], encoder_hidden_states [2,1,1024], added_time_ids [2,3],
    controlnet_cond [2,F,3,H,W], conditioning_scale [1] -> v [2,F,4,h,w].

    Changes the modules it is given, in place and idempotently: explicit-size upsamplers, and diffusers
    0.24's temporal-context order in every spatio-temporal transformer of both (temporal_context.py), so
    it computes what LeviTor's weights were trained with on any diffusers version."""

    # In a float16 graph these stay float32, as in the reference (graphs.Fp16Io32): timestep, conditioning_scale.
    FP32_INPUTS = (1, 5)

    def __init__(self, unet: nn.Module, controlnet: LevitorControlNet, reference_temporal_order: bool = True):
        super().__init__()
        self.unet = unet
        self.controlnet = controlnet
        patch_upsamplers(unet)
        if reference_temporal_order:  # False only to measure the library's own order (crossversion.py)
            use_reference_temporal_context(unet)
            use_reference_temporal_context(controlnet)

    def forward(self, sample, timestep, encoder_hidden_states, added_time_ids, controlnet_cond, conditioning_scale):
        down_res, mid_res = self.controlnet(
            sample, timestep, encoder_hidden_states, added_time_ids, controlnet_cond, conditioning_scale)
        u = self.unet
        batch, frames = sample.shape[:2]
        t_emb = u.time_proj(timestep.expand(batch)).to(sample.dtype)
        emb = u.time_embedding(t_emb)
        add = u.add_time_proj(added_time_ids.flatten()).reshape(batch, -1).to(emb.dtype)
        emb = (emb + u.add_embedding(add)).repeat_interleave(frames, dim=0)
        ehs = encoder_hidden_states.repeat_interleave(frames, dim=0)
        x = u.conv_in(sample.flatten(0, 1))
        indicator = torch.zeros(batch, frames, dtype=x.dtype, device=x.device)
        skips = [x]
        sizes = [tuple(x.shape[-2:])]  # spatial size after conv_in and after every down block
        for block in u.down_blocks:
            if getattr(block, "has_cross_attention", False):
                x, res = block(hidden_states=x, temb=emb, encoder_hidden_states=ehs, image_only_indicator=indicator)
            else:
                x, res = block(hidden_states=x, temb=emb, image_only_indicator=indicator)
            skips.extend(res)
            sizes.append(tuple(x.shape[-2:]))
        if len(skips) != len(down_res):
            raise RuntimeError(f"ControlNet gives {len(down_res)} residuals, the UNet has {len(skips)} skips")
        skips = [s + r for s, r in zip(skips, down_res)]  # added once, after the down blocks
        x = u.mid_block(hidden_states=x, temb=emb, encoder_hidden_states=ehs, image_only_indicator=indicator)
        x = x + mid_res
        # Up block i restores the size the down path had one level higher: sizes[-2-i] ... (the
        # LeviTor UNet's `intermediate_sizes`); the last up block has no upsampler.
        targets = list(reversed(sizes))[2:]
        for i, block in enumerate(u.up_blocks):
            n = len(block.resnets)
            res, skips = tuple(skips[-n:]), skips[:-n]
            for up in getattr(block, "upsamplers", None) or []:
                up._levitor_output_size = targets[i]
            if getattr(block, "has_cross_attention", False):
                x = block(hidden_states=x, temb=emb, res_hidden_states_tuple=res, encoder_hidden_states=ehs,
                          image_only_indicator=indicator)
            else:
                x = block(hidden_states=x, temb=emb, res_hidden_states_tuple=res, image_only_indicator=indicator)
        x = u.conv_out(u.conv_act(u.conv_norm_out(x)))
        return x.reshape(batch, frames, *x.shape[1:])
