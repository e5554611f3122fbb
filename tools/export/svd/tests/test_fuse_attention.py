"""python -m unittest tools.export.svd.tests.test_fuse_attention

The tiny float16 template traced without fusion, then fused by fuse_attention.py: every attention is
fused (one MultiHeadAttention per Softmax removed), the weights stay the same external references, the
committed fixture is exactly this output, and onnxruntime's CPU provider gives the same outputs both ways.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort

from tools.export.svd.fuse_attention import fuse_attention, fuse_template
from tools.export.svd.make_tiny_hub import read_sources
from tools.export.svd.pack import PackSpec
from tools.export.svd.template import write_template
from tools.export.svd.template_ort import resolve_into, template_feeds
from tools.export.svd.tiny import EMBED_DIM, TINY_DECODE_CHUNK, TINY_FRAMES, TINY_HEIGHT, TINY_WIDTH, build_tiny

HUB = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "svd" / "hub"
# Softmax nodes of the tiny graphs: the denoiser's 14 spatio-temporal transformers (UNet 10, ControlNet 4)
# x (spatial, temporal) x (self, cross); CLIP's 2 layers; the VAE encoder's mid-block (the tiny decoder's
# mid-block attention is skipped by diffusers with one layer per block).
EXPECTED = {"denoiser.onnx": 56, "image_encoder.onnx": 2, "vae_encoder.onnx": 1, "vae_decoder.onnx": 0}
GRAPH_KEYS = {"imageEncoder": "image_encoder", "vaeEncoder": "vae_encoder", "denoiser": "denoiser"}


def _ops(path: Path) -> list[str]:
    return [n.op_type for n in onnx.load(str(path), load_external_data=False).graph.node]


def setUpModule():
    global TMP, UNFUSED
    TMP = Path(tempfile.mkdtemp(prefix="fuse-attention-"))
    clip, vae, unet, controlnet = build_tiny(1234)  # make_tiny_hub's seed: the committed checkpoints
    configs, dtypes, keys = read_sources(HUB / "models")
    spec = PackSpec(width=TINY_WIDTH, height=TINY_HEIGHT, frames=TINY_FRAMES, decode_chunk=TINY_DECODE_CHUNK,
                    precision="fp16", kind="tiny", embed_dim=EMBED_DIM,
                    sources=[{"name": "tiny random weights (tools/export/svd/tiny.py)", "seed": 1234,
                              "licence": "Apache-2.0"}])
    UNFUSED = TMP / "unfused"
    write_template(UNFUSED, spec, clip, vae, unet, controlnet, configs, dtypes, keys, fuse=False)


def tearDownModule():
    shutil.rmtree(TMP, ignore_errors=True)


class FusedTinyTemplate(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp, cls.unfused, cls.fused = TMP, UNFUSED, TMP / "fused"
        shutil.copytree(cls.unfused, cls.fused)
        cls.reports = fuse_template(cls.fused)
        cls.models = cls.tmp / "models"  # resolved graphs are written beside the checkpoints they read
        shutil.copytree(HUB / "models", cls.models)

    def test_every_attention_is_fused_one_node_per_softmax(self):
        for name, expected in EXPECTED.items():
            r = self.reports[name]
            self.assertEqual(r.left, [], name)
            self.assertEqual(r.softmax_before, expected, name)
            self.assertEqual(r.softmax_after, 0, name)
            self.assertEqual(len(r.fused), r.softmax_before - r.softmax_after, name)
            ops = _ops(self.fused / name)
            self.assertEqual(ops.count("MultiHeadAttention"), expected, name)
            self.assertEqual(_ops(self.unfused / name).count("Softmax"), expected, name)
        heads = {(a["heads"], a["headSize"]) for a in self.reports["denoiser.onnx"].fused}
        self.assertEqual(heads, {(1, 32), (2, 16)})  # tiny.py: 32 channels, 1 or 2 heads per level
        for a in self.reports["denoiser.onnx"].fused:
            self.assertAlmostEqual(a["scale"], a["headSize"] ** -0.5, places=12)

    def test_weights_and_interface_unchanged(self):
        for name in EXPECTED:
            a = onnx.load(str(self.unfused / name), load_external_data=False).graph
            b = onnx.load(str(self.fused / name), load_external_data=False).graph
            self.assertEqual([i.SerializeToString() for i in a.initializer],
                             [i.SerializeToString() for i in b.initializer], name)
            for field in ("input", "output"):
                self.assertEqual([x.SerializeToString() for x in getattr(a, field)],
                                 [x.SerializeToString() for x in getattr(b, field)], name)
        before = json.loads((self.unfused / "template.json").read_text())
        after = json.loads((self.fused / "template.json").read_text())
        self.assertNotEqual(before.pop("graphFiles"), records := after.pop("graphFiles"))
        self.assertEqual(before, after)  # tensors, configs, pack: all as traced
        for rec in records:
            self.assertEqual((self.fused / rec["path"]).stat().st_size, rec["bytes"])

    def test_committed_fixture_is_this_output_and_fusing_again_changes_nothing(self):
        for f in sorted(p.name for p in self.fused.iterdir()):
            self.assertEqual((self.fused / f).read_bytes(), (HUB / "template-fp16" / f).read_bytes(), f)
        again = self.tmp / "again"
        shutil.copytree(self.fused, again)
        self.assertTrue(all(not r.fused for r in fuse_template(again).values()))
        for f in sorted(p.name for p in self.fused.iterdir()):
            self.assertEqual((self.fused / f).read_bytes(), (again / f).read_bytes(), f)

    def test_same_outputs_in_onnxruntime_cpu(self):
        # The fused node runs softmax(q k^T s) v in float32 on the CPU and rounds once to float16; the
        # decomposed graph rounds q*sqrt(s), k*sqrt(s), the scores, the probabilities and the output to
        # float16, each a relative 2^-11 = 4.9e-4. Through the denoiser's 56 attentions that gave 1.3e-3
        # (max |v| 1.30), less than PyTorch's own float16-vs-float32 gap on it (2.1e-3, fp16_parity): the
        # tolerance 5e-3 x max|y| is ten float16 steps of the output's scale. The VAE encoder computes in
        # float32 (both ways float32 arithmetic: 1e-5 x max|y|).
        so = ort.SessionOptions()
        so.log_severity_level = 3
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL  # the graphs as written
        for key, name in GRAPH_KEYS.items():
            ys = []
            for tag, folder in (("unfused", self.unfused), ("fused", self.fused)):
                path = resolve_into(folder / f"{name}.onnx", self.models, f"{tag}_{name}.onnx")
                session = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
                ys.append(session.run(None, template_feeds(folder, key, path))[0].astype(np.float64))
            diff, scale = float(np.max(np.abs(ys[0] - ys[1]))), float(np.max(np.abs(ys[0])))
            print(f"{name}: fused vs unfused, onnxruntime CPU, max abs diff {diff:.3g} (max |y| {scale:.3g})")
            self.assertTrue(np.isfinite(ys[1]).all(), name)
            self.assertLessEqual(diff, (1e-5 if name == "vae_encoder" else 5e-3) * max(scale, 1.0), name)


class Strictness(unittest.TestCase):
    """What the matcher does not recognise is left as it is, and the graph stays valid."""

    def test_unrecognised_patterns_are_left_and_counted(self):
        model = onnx.load(str(UNFUSED / "denoiser.onnx"), load_external_data=False)
        softmax = [n for n in model.graph.node if n.op_type == "Softmax"]
        producer = {o: n for n in model.graph.node for o in n.output}
        softmax[0].attribute[0].i = 2  # not over the last axis
        model.graph.node.append(onnx.helper.make_node("Identity", [softmax[1].output[0]], ["probs"]))
        model.graph.output.append(onnx.helper.make_value_info("probs", onnx.TypeProto()))
        scores = producer[softmax[2].input[0]].output[0]  # the q k^T MatMul, also read by the caller
        model.graph.output.append(onnx.helper.make_value_info(scores, onnx.TypeProto()))
        r = fuse_attention(model)
        self.assertEqual(len(r.fused), 53)
        self.assertEqual([why for _, why in r.left], [
            "Softmax not over the last axis", "Softmax is not between two MatMuls",
            f"{producer[scores].name}: output also used outside the attention"])
        self.assertEqual(r.softmax_after, 3)
        known = {i.name for i in model.graph.input} | {i.name for i in model.graph.initializer} | {""}
        for n in model.graph.node:  # still a valid graph: every input produced before it is read
            self.assertTrue(set(n.input) <= known, n.name)
            known.update(n.output)
        self.assertTrue({o.name for o in model.graph.output} <= known)

    def test_command_line_rewrites_a_folder_in_place(self):
        root = Path(__file__).resolve().parents[4]
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "t"
            shutil.copytree(UNFUSED, folder)
            run = subprocess.run([sys.executable, "-m", "tools.export.svd.fuse_attention", str(folder)], cwd=root,
                                 capture_output=True, text=True, timeout=300)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertIn("denoiser.onnx: fused 56 attentions", run.stdout)
            for f in sorted(p.name for p in folder.iterdir()):
                self.assertEqual((folder / f).read_bytes(), (HUB / "template-fp16" / f).read_bytes(), f)
            shutil.copy(HUB / "template" / "template.json", folder)  # a float32 template: refused, exit 1
            run = subprocess.run([sys.executable, "-m", "tools.export.svd.fuse_attention", str(folder)], cwd=root,
                                 capture_output=True, text=True, timeout=300)
            self.assertEqual(run.returncode, 1)
            self.assertIn("only float16 templates are fused", run.stderr)

    def test_float32_template_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(HUB / "template" / "template.json", tmp)
            with self.assertRaisesRegex(ValueError, "only float16 templates"):
                fuse_template(Path(tmp))


if __name__ == "__main__":
    unittest.main()
