"""python -m unittest tools.export.svd.tests.test_temporal_context

The exported spatio-temporal transformers must use diffusers 0.24's temporal-context order (issue 11): token
(b, p) of the temporal blocks attends to the first-frame context of batch element (b*P + p) mod B. The oracle
here states that rule by explicit indexing (not the broadcast the exporter uses) and is checked against the
ONNX graph as onnxruntime runs it; the same check must reject a graph exported with the 0.31 order.
"""

import tempfile
import unittest
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch

from tools.export.svd.denoiser import FusedDenoiser
from tools.export.svd.onnx_io import export_graph
from tools.export.svd.temporal_context import (
    library_has_reference_order, spatio_temporal_transformers, use_reference_temporal_context)
from tools.export.svd.tiny import build_tiny

CTX = 16


def make_transformer(seed: int) -> torch.nn.Module:
    try:
        from diffusers.models.transformers.transformer_temporal import TransformerSpatioTemporalModel
    except ImportError:  # diffusers < 0.26
        from diffusers.models.transformer_temporal import TransformerSpatioTemporalModel
    torch.manual_seed(seed)
    m = TransformerSpatioTemporalModel(num_attention_heads=2, attention_head_dim=16, in_channels=32,
                                       out_channels=32, num_layers=1, cross_attention_dim=CTX).eval()
    with torch.no_grad():  # zero-initialised projections would hide the context; randomise everything
        for p in m.parameters():
            p.copy_(0.3 * torch.randn(p.shape))
    return m


def inputs(batch: int, frames: int, h: int, w: int, seed: int = 1):
    g = torch.Generator().manual_seed(seed)
    hidden = torch.randn(batch * frames, 32, h, w, generator=g)
    # the CFG pattern: batch element 0 gets zeros, the others distinct embeddings (same for every frame)
    ctx = torch.randn(batch, 1, 1, CTX, generator=g).repeat(1, frames, 1, 1)
    ctx[0] = 0
    return hidden, ctx.reshape(batch * frames, 1, CTX), torch.zeros(batch, frames)


def oracle(module: torch.nn.Module, hidden, ehs, indicator) -> torch.Tensor:
    """The stated rule, by index: temporal token row r = b*P + p gets batch element r mod B's context."""
    batch, frames = indicator.shape
    positions = hidden.shape[2] * hidden.shape[3]
    first = ehs.reshape(batch, frames, 1, CTX)[:, 0]
    rows = torch.arange(batch * positions) % batch
    handles = [blk.register_forward_pre_hook(
        lambda _m, args, kwargs: (args, {**kwargs, "encoder_hidden_states": first[rows]}), with_kwargs=True)
        for t in spatio_temporal_transformers(module) for blk in t.temporal_transformer_blocks]
    try:
        with torch.no_grad():
            return module(hidden, encoder_hidden_states=ehs, image_only_indicator=indicator, return_dict=False)[0]
    finally:
        for h in handles:
            h.remove()


class Wrapped(torch.nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, hidden, ehs, indicator):
        return self.inner(hidden, encoder_hidden_states=ehs, image_only_indicator=indicator, return_dict=False)[0]


def run_exported(module: torch.nn.Module, args) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.onnx"
        export_graph(Wrapped(module).eval(), args, ["hidden", "ehs", "indicator"], ["out"], path, external=False)
        sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        return sess.run(None, {"hidden": args[0].numpy(), "ehs": args[1].numpy(), "indicator": args[2].numpy()})[0]


def follows_reference(got: np.ndarray, want: torch.Tensor) -> bool:
    return float(np.abs(got - want.numpy()).max()) < 1e-4


@unittest.skipIf(library_has_reference_order(), "this diffusers already has the 0.24 order")
class ExportedGraphOrder(unittest.TestCase):
    # (batch, frames, latent h, latent w): CFG batch 2 with even and odd position counts, and batch 3
    CASES = [(2, 3, 2, 3), (2, 2, 3, 5), (3, 2, 3, 3)]

    def test_patched_graph_follows_reference_and_stock_graph_does_not(self):
        for batch, frames, h, w in self.CASES:
            with self.subTest(batch=batch, h=h, w=w):
                args = inputs(batch, frames, h, w)
                stock = make_transformer(3)
                want = oracle(stock, *args)
                stock_out = run_exported(stock, args)
                self.assertFalse(follows_reference(stock_out, want), "0.31 order must be told apart")
                patched = make_transformer(3)
                self.assertEqual(use_reference_temporal_context(patched), 1)
                got = run_exported(patched, args)
                self.assertTrue(follows_reference(got, want), f"max diff {np.abs(got - want.numpy()).max()}")
                rel = np.abs(stock_out - got).max() / np.abs(got).max()
                self.assertGreater(rel, 1e-2)  # the two orders really compute different things here

    def test_batch_of_one_is_unchanged(self):
        args = inputs(1, 3, 3, 5)
        stock, patched = make_transformer(4), make_transformer(4)
        use_reference_temporal_context(patched)
        with torch.no_grad():
            a = Wrapped(stock)(*args)
            b = Wrapped(patched)(*args)
        self.assertTrue(torch.equal(a, b))

    def test_denoiser_patches_every_transformer_of_unet_and_controlnet_once(self):
        _clip, _vae, unet, cn = build_tiny(7)
        FusedDenoiser(unet, cn)
        blocks = [b for m in (unet, cn) for t in spatio_temporal_transformers(m) for b in t.temporal_transformer_blocks]
        # tiny: ControlNet 3 down (1 layer each) + mid = 4; UNet 3 + mid + 3 up blocks x 2 layers = 10
        self.assertEqual(len(blocks), 14)
        self.assertTrue(all(len(b._forward_pre_hooks) == 1 for b in blocks))
        FusedDenoiser(unet, cn)  # idempotent: a second wrap adds no second reorder
        self.assertTrue(all(len(b._forward_pre_hooks) == 1 for b in blocks))


if __name__ == "__main__":
    unittest.main()
