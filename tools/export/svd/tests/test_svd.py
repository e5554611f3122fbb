"""python -m unittest tools.export.svd.tests.test_svd"""

import unittest

import torch

from tools.export.svd.controlnet import LevitorControlNet, load_state_strict
from tools.export.svd.denoiser import FusedDenoiser
from tools.export.svd.tiny import build_tiny, tiny_controlnet_config


class StrictLoad(unittest.TestCase):
    def test_round_trip_loads(self):
        a = LevitorControlNet(tiny_controlnet_config())
        b = LevitorControlNet(tiny_controlnet_config())
        load_state_strict(b, a.state_dict(), "cn")
        self.assertTrue(torch.equal(a.conv_in.weight, b.conv_in.weight))

    def test_missing_and_unexpected_keys_are_named(self):
        m = LevitorControlNet(tiny_controlnet_config())
        state = dict(m.state_dict())
        state.pop("controlnet_mid_block.bias")
        state["controlnet_cond_embedding.mlp_embedding.weight"] = torch.zeros(1)
        with self.assertRaises(ValueError) as ctx:
            load_state_strict(m, state, "cn")
        self.assertIn("missing keys (1): controlnet_mid_block.bias", str(ctx.exception))
        self.assertIn("unexpected keys (1): controlnet_cond_embedding.mlp_embedding.weight", str(ctx.exception))

    def test_shape_mismatch_is_named(self):
        m = LevitorControlNet(tiny_controlnet_config())
        state = dict(m.state_dict())
        state["conv_in.bias"] = torch.zeros(3)
        with self.assertRaisesRegex(ValueError, "conv_in.bias: checkpoint \\(3,\\)"):
            load_state_strict(m, state, "cn")

    def test_id_feature_rejected(self):
        cfg = tiny_controlnet_config() | {"with_id_feature": True}
        with self.assertRaises(ValueError):
            LevitorControlNet(cfg)


class Fused(unittest.TestCase):
    def test_scale_zero_equals_stock_unet_on_power_of_two_latent(self):
        _clip, _vae, unet, cn = build_tiny(7)
        g = torch.Generator().manual_seed(0)
        f = 2
        args = (torch.randn(2, f, 8, 8, 8, generator=g), torch.tensor([0.3]), torch.randn(2, 1, 32, generator=g),
                torch.tensor([[5.0, 100, 0.02]] * 2), torch.rand(2, f, 3, 64, 64, generator=g) * 255)
        with torch.no_grad():
            want = unet(args[0], args[1], args[2], args[3], return_dict=False)[0]
            got = FusedDenoiser(unet, cn)(*args, torch.tensor([0.0]))
            ctl = FusedDenoiser(unet, cn)(*args, torch.tensor([1.0]))
        self.assertLess(float((got - want).abs().max()), 1e-5)
        self.assertGreater(float((ctl - want).abs().max()), 1e-3)  # control changes the output

    def test_odd_latent_width(self):
        _clip, _vae, unet, cn = build_tiny(7)
        x = torch.randn(2, 1, 8, 10, 9)
        with torch.no_grad():
            v = FusedDenoiser(unet, cn)(x, torch.tensor([0.3]), torch.randn(2, 1, 32), torch.tensor([[5.0, 100, 0.02]] * 2),
                                        torch.rand(2, 1, 3, 80, 72), torch.tensor([1.0]))
        self.assertEqual(tuple(v.shape), (2, 1, 4, 10, 9))


if __name__ == "__main__":
    unittest.main()
