"""python -m unittest tools.export.svd.tests.test_svd"""

import unittest

import torch

from tools.export.svd.controlnet import LevitorControlNet, load_state_strict
from tools.export.svd.denoiser import FusedDenoiser
from tools.export.svd.temporal_context import use_reference_temporal_context
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

    def test_published_folder_layout_loads_and_rejects_extra_keys(self):
        import json
        import tempfile
        from pathlib import Path

        from safetensors.torch import save_file

        from tools.export.svd.controlnet import load_levitor_controlnet

        src = LevitorControlNet(tiny_controlnet_config())
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            cfg = {"_class_name": "ControlNetSVDModel", "_diffusers_version": "0.25.1", **tiny_controlnet_config()}
            (folder / "config.json").write_text(json.dumps(cfg))
            state = {k: v.contiguous() for k, v in src.state_dict().items()}
            save_file(state, str(folder / "diffusion_pytorch_model.safetensors"))
            loaded = load_levitor_controlnet(folder)
            self.assertTrue(torch.equal(loaded.controlnet_mid_block.weight, src.controlnet_mid_block.weight))
            state["controlnet_cond_embedding.conv_in_feat.weight"] = torch.zeros(2)
            save_file(state, str(folder / "diffusion_pytorch_model.safetensors"))
            with self.assertRaisesRegex(ValueError, "unexpected keys \\(1\\): controlnet_cond_embedding.conv_in_feat.weight"):
                load_levitor_controlnet(folder)

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
        use_reference_temporal_context(unet)  # the context order FusedDenoiser gives it (before its upsampler patch)
        with torch.no_grad():
            want = unet(args[0], args[1], args[2], args[3], return_dict=False)[0]
        den = FusedDenoiser(unet, cn)
        with torch.no_grad():
            got = den(*args, torch.tensor([0.0]))
            ctl = den(*args, torch.tensor([1.0]))
        self.assertLess(float((got - want).abs().max()), 1e-5)
        self.assertGreater(float((ctl - want).abs().max()), 1e-3)  # control changes the output

    def test_odd_latent_width(self):
        _clip, _vae, unet, cn = build_tiny(7)
        x = torch.randn(2, 1, 8, 10, 9)
        with torch.no_grad():
            v = FusedDenoiser(unet, cn)(x, torch.tensor([0.3]), torch.randn(2, 1, 32), torch.tensor([[5.0, 100, 0.02]] * 2),
                                        torch.rand(2, 1, 3, 80, 72), torch.tensor([1.0]))
        self.assertEqual(tuple(v.shape), (2, 1, 4, 10, 9))


SVD_XT_UNET = dict(
    sample_size=96, in_channels=8, out_channels=4,
    down_block_types=["CrossAttnDownBlockSpatioTemporal"] * 3 + ["DownBlockSpatioTemporal"],
    up_block_types=["UpBlockSpatioTemporal"] + ["CrossAttnUpBlockSpatioTemporal"] * 3,
    block_out_channels=[320, 640, 1280, 1280], addition_time_embed_dim=256, projection_class_embeddings_input_dim=768,
    layers_per_block=2, cross_attention_dim=1024, transformer_layers_per_block=1, num_attention_heads=[5, 10, 20, 20],
    num_frames=25)


class FullSizeStructure(unittest.TestCase):
    def test_svd_xt_sized_controlnet_mirrors_the_unet_encoder(self):
        """At SVD-XT size (meta tensors, no memory): ~0.68B parameters (the published model is ~0.7B), 12
        down residuals, and every non-ControlNet key has the UNet's name and shape (LeviTor initialises it
        from the UNet), so the published checkpoint's keys line up with this module's."""
        from diffusers import UNetSpatioTemporalConditionModel

        with torch.device("meta"):
            unet = UNetSpatioTemporalConditionModel(**SVD_XT_UNET)
            cn = LevitorControlNet(dict(SVD_XT_UNET, conditioning_channels=3,
                                        conditioning_embedding_out_channels=[16, 32, 96, 256], with_id_feature=False))
        us, cs = unet.state_dict(), cn.state_dict()
        shared = [k for k in cs if not k.startswith("controlnet_")]
        self.assertEqual([k for k in shared if k not in us or us[k].shape != cs[k].shape], [])
        self.assertEqual(len(cn.controlnet_down_blocks), 12)
        n = sum(p.numel() for p in cn.parameters())
        self.assertTrue(0.6e9 < n < 0.75e9, n)

    def test_full_resolution_latent_36_wide_through_onnx(self):
        """512x288 (latent 64x36 -> 32x18 -> 16x9 -> 8x5 and back) exported and run in onnxruntime."""
        import tempfile
        from pathlib import Path

        import numpy as np
        import onnxruntime as ort

        from tools.export.svd.onnx_io import export_graph

        _clip, _vae, unet, cn = build_tiny(3)
        den = FusedDenoiser(unet, cn).eval()
        g = torch.Generator().manual_seed(1)
        args = (torch.randn(2, 2, 8, 64, 36, generator=g), torch.tensor([0.5]), torch.randn(2, 1, 32, generator=g),
                torch.tensor([[5.0, 100, 0.02]] * 2), torch.rand(2, 2, 3, 512, 288, generator=g) * 255,
                torch.tensor([1.0]))
        names = ["sample", "timestep", "encoder_hidden_states", "added_time_ids", "controlnet_cond", "conditioning_scale"]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "denoiser.onnx"
            export_graph(den, args, names, ["v"], path)
            sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
            got = sess.run(None, {n: a.numpy() for n, a in zip(names, args)})[0]
        with torch.no_grad():
            want = den(*args).numpy()
        self.assertEqual(got.shape, (2, 2, 4, 64, 36))
        self.assertLess(float(np.abs(got - want).max()), 1e-4)


class ExportPackCommand(unittest.TestCase):
    def test_user_command_on_local_checkpoint_folders(self):
        """export_pack end to end on checkpoint folders laid out like the published ones (tiny weights)."""
        import json
        import sys
        import tempfile
        from pathlib import Path
        from unittest import mock

        from safetensors.torch import save_file

        from tools.export.svd import export_pack
        from tools.export.svd.reference import SVD_SCHEDULER_CONFIG

        clip, vae, unet, cn = build_tiny(11)
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            svd, lev, out = root / "svd", root / "LeviTor", root / "pack"
            clip.save_pretrained(svd / "image_encoder")
            vae.save_pretrained(svd / "vae")
            unet.save_pretrained(svd / "unet")
            (svd / "scheduler").mkdir(parents=True)
            (svd / "scheduler" / "scheduler_config.json").write_text(json.dumps(SVD_SCHEDULER_CONFIG))
            (lev / "controlnet").mkdir(parents=True)
            (lev / "controlnet" / "config.json").write_text(json.dumps(tiny_controlnet_config()))
            save_file({k: v.contiguous() for k, v in cn.state_dict().items()},
                      str(lev / "controlnet" / "diffusion_pytorch_model.safetensors"))
            argv = ["export_pack", "--svd", str(svd), "--levitor", str(lev), "--out", str(out), "--width", "72",
                    "--height", "80", "--frames", "2", "--decode-chunk", "2", "--precision", "fp32"]
            with mock.patch.object(sys, "argv", argv), mock.patch("builtins.print"):
                export_pack.main()
            manifest = json.loads((out / "manifest.json").read_text())
            self.assertEqual(manifest["kind"], "full")
            self.assertEqual(manifest["latent"], {"width": 9, "height": 10, "channels": 4, "scalingFactor": 0.18215})
            self.assertEqual(manifest["scheduler"]["sigmaMax"], 700.0)
            self.assertEqual(manifest["graphs"]["denoiser"]["inputs"]["controlnet_cond"], [2, 2, 3, 80, 72])
            self.assertEqual({f["path"] for f in manifest["files"]} >= {"denoiser.onnx", "denoiser.onnx.data"}, True)
            for f in manifest["files"]:
                self.assertEqual((out / f["path"]).stat().st_size, f["bytes"])


if __name__ == "__main__":
    unittest.main()
