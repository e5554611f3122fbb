"""An installed float16 pack, graph by graph, against PyTorch float16 of the same modules (issue 13, CPU).

    python -m tools.export.svd.fp16_parity --pack PACK --models DIR [--reference-evaluator GRAPHS] [--json OUT]

PACK is what `levitor models install levitor-svd-xt --from DIR --precision fp16` wrote (weights still in
DIR's safetensors files); DIR holds the hub-layout checkpoints (tests/fixtures/svd/hub/models for the
tiny ones). Each graph runs on seeded inputs at the manifest's shapes:
- in onnxruntime's CPU provider (which runs the float16 nodes it has kernels for and wraps the others in
  Casts to float32, so it is only partly a float16 computation), and for the graphs --reference-evaluator
  names also in onnx's ReferenceEvaluator (numpy, every node in the graph's own dtype; slow: tiny shapes);
- in PyTorch: the reference modules (diffusers 0.24 semantics, as the float32 path) in float32 with the
  checkpoint's weights, once plainly and once under torch.autocast("cpu", float16), which is how
  LeviTor's demo runs them (autocast on CUDA: convolutions, linear layers and attention in float16,
  norms and softmax in float32); inputs the reference pipeline holds in float16 are rounded to float16
  first (graphs.Fp16Io32 says which stay float32).
Prints one row per graph with the max abs differences, and exits 1 when a float16 graph is further from
PyTorch float16 than `--tolerance` x max|y| (default 2e-2: float16 has 11 significant bits and the two
sides round in different places) or a float32 graph further than 1e-4 x max|y|.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import onnx
import torch

from .denoiser import FusedDenoiser
from .fullsize import load_module
from .graphs import ImageEncoder, VaeDecoder, VaeEncoder

GRAPHS = {"imageEncoder": "image_encoder", "vaeEncoder": "vae_encoder", "denoiser": "denoiser",
          "vaeDecoder": "vae_decoder"}


def feeds_for(key: str, inputs: dict[str, list[int]], seed: int) -> dict[str, np.ndarray]:
    """Seeded float32 feeds shaped like the manifest's inputs, in ranges the pipeline produces."""
    g = np.random.default_rng(seed)
    out = {}
    for name, dims in inputs.items():
        if name == "timestep":
            v = np.array([0.25 * np.log(5.0)])  # a mid-schedule sigma
        elif name == "conditioning_scale":
            v = np.array([0.7])  # not a float16 value: the graph must keep it float32
        elif name == "added_time_ids":
            v = np.array([[5.0, 127.0, 0.02]] * dims[0])  # fps - 1, motion bucket, noise augmentation
        elif name == "encoder_hidden_states":
            v = g.standard_normal(dims)
            v[0] = 0  # classifier-free guidance: the unconditional half
        elif name in ("image", "controlnet_cond"):
            v = g.uniform(-1 if name == "image" else 0, 1, dims)
        else:
            v = g.standard_normal(dims)
        out[name] = v.astype(np.float32)
    return out


def torch_modules(models: Path) -> dict[str, torch.nn.Module]:
    vae = load_module("vae", models)
    return {
        "imageEncoder": ImageEncoder(load_module("image_encoder", models)),
        "vaeEncoder": VaeEncoder(vae),
        "denoiser": FusedDenoiser(load_module("unet", models), load_module("controlnet", models)),
        "vaeDecoder": VaeDecoder(vae),
    }


@torch.no_grad()
def run_torch(module: torch.nn.Module, feeds: dict[str, np.ndarray], fp16: bool) -> np.ndarray:
    keep = getattr(module, "FP32_INPUTS", ())
    args = [torch.from_numpy(v) for v in feeds.values()]
    if not fp16:
        return module(*args).float().numpy()
    # the reference pipeline hands these over in float16 (image_embeddings.dtype), so they are rounded
    args = [a if i in keep else a.half().float() for i, a in enumerate(args)]
    with torch.autocast("cpu", dtype=torch.float16):
        return module(*args).float().numpy()


def run_ort(path: Path, feeds: dict[str, np.ndarray]) -> tuple[np.ndarray, float]:
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.log_severity_level = 3  # the "cannot constant fold a float16 Sigmoid" notes
    t0 = time.perf_counter()
    session = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    load = time.perf_counter() - t0
    return session.run(None, feeds)[0], load


def run_reference_evaluator(path: Path, feeds: dict[str, np.ndarray]) -> np.ndarray:
    from onnx.reference import ReferenceEvaluator
    from onnx.reference.op_run import OpRun

    class MultiHeadAttention(OpRun):
        """onnxruntime's com.microsoft.MultiHeadAttention (fuse_attention.py writes it; q, k, v as
        [batch, tokens, heads * size]) in the inputs' own dtype, every product and the softmax rounded
        there, as the decomposed graph computed it."""
        op_domain = "com.microsoft"

        def _run(self, query, key, value, num_heads=None, scale=None):
            b, s, width = query.shape
            size = width // num_heads
            heads = lambda x: x.reshape(x.shape[0], x.shape[1], num_heads, size).transpose(0, 2, 1, 3)
            scores = np.matmul(heads(query), heads(key).transpose(0, 1, 3, 2)) * query.dtype.type(scale)
            e = np.exp(scores - scores.max(axis=-1, keepdims=True))
            out = np.matmul(e / e.sum(axis=-1, keepdims=True), heads(value))
            return (out.transpose(0, 2, 1, 3).reshape(b, s, width).astype(query.dtype),)

    model = onnx.load(str(path), load_external_data=True)  # offsets into the safetensors files
    evaluator = ReferenceEvaluator(model, new_ops=[MultiHeadAttention])
    return np.asarray(evaluator.run(None, feeds)[0], dtype=np.float32)


def max_abs(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64))))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, required=True)
    ap.add_argument("--models", type=Path, required=True)
    ap.add_argument("--reference-evaluator", default="", metavar="GRAPHS",
                    help="comma-separated graphs to run in onnx's ReferenceEvaluator too (e.g. image_encoder,vae_decoder; "
                         "'all' includes the denoiser, slow)")
    ap.add_argument("--tolerance", type=float, default=2e-2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    manifest = json.loads((a.pack / "manifest.json").read_text())
    if manifest["precision"]["weights"] != "fp16":
        sys.exit(f"{a.pack}: a {manifest['precision']['weights']} pack; this check is for fp16 packs")
    modules = torch_modules(a.models)
    rows, failed = {}, []
    for i, (key, spec) in enumerate(manifest["graphs"].items()):
        # in the graph's input order (the module's argument order; the manifest's keys are sorted)
        order = [x.name for x in onnx.load(str(a.pack / spec["file"]), load_external_data=False).graph.input]
        feeds = feeds_for(key, {n: spec["inputs"][n] for n in order}, a.seed + i)
        fp16 = spec.get("precision", manifest["precision"]["weights"]) == "fp16"
        y32 = run_torch(modules[key], feeds, fp16=False)
        y16 = run_torch(modules[key], feeds, fp16=True) if fp16 else y32
        ref = y16 if fp16 else y32
        ort_y, load = run_ort(a.pack / spec["file"], feeds)
        scale = float(np.max(np.abs(ref)))
        row = {"graph": GRAPHS[key], "precision": "fp16" if fp16 else "fp32", "maxAbsY": scale,
               "ortVsTorch": max_abs(ort_y, ref), "ortLoadSeconds": round(load, 2)}
        if fp16:
            row["torch16VsTorch32"] = max_abs(y16, y32)
            row["ortVsTorch32"] = max_abs(ort_y, y32)
        if a.reference_evaluator == "all" or GRAPHS[key] in a.reference_evaluator.split(","):
            row["evaluatorVsTorch"] = max_abs(run_reference_evaluator(a.pack / spec["file"], feeds), ref)
        limit = (a.tolerance if fp16 else 1e-4) * max(scale, 1.0)
        worst = max(row["ortVsTorch"], row.get("evaluatorVsTorch", 0.0))
        if not np.isfinite(worst) or worst > limit:
            failed.append(f"{GRAPHS[key]}: {worst:.3g} > {limit:.3g}")
        rows[GRAPHS[key]] = row
        print(json.dumps(row), flush=True)
    if a.json:
        a.json.write_text(json.dumps(rows, indent=2) + "\n")
    if failed:
        sys.exit("float16 pack differs from PyTorch: " + "; ".join(failed))


if __name__ == "__main__":
    main()
