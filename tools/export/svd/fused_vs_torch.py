"""Template graphs before and after fuse_attention, against PyTorch, at full size on the CPU.

    python -m tools.export.svd.fused_vs_torch --unfused TPL_A --fused TPL_B --models DIR --torch DIR/torch [GRAPHS]

TPL_A / TPL_B: template folders (make_template --precision fp16 without and with the fused attention);
DIR: hub-layout checkpoints (`fullsize weights --out DIR`); DIR/torch: `fullsize torch --models DIR --out
DIR/torch` (PyTorch float32 inputs and outputs at a small shape). Each graph's references are resolved into
the checkpoints' offsets (as the installer does) in a temp folder linked to DIR, run in onnxruntime's CPU
provider one session at a time, and compared with PyTorch: prints session and run seconds and max abs
differences. The float16 graphs compute partly in float16 there (onnxruntime casts where it lacks a
float16 kernel), so both differ from float32 by float16 rounding; the point is that fusing adds nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

from .template_ort import resolve_into


def run_graph(path: Path, feeds: dict[str, np.ndarray], basic: bool) -> tuple[np.ndarray, float, float]:
    so = ort.SessionOptions()
    so.log_severity_level = 3
    # as written, except the VAE decoder: onnxruntime 1.20's CPU provider fails to type its float16 no-op
    # Casts without the basic optimisations (which remove them)
    so.graph_optimization_level = (ort.GraphOptimizationLevel.ORT_ENABLE_BASIC if basic
                                   else ort.GraphOptimizationLevel.ORT_DISABLE_ALL)
    t0 = time.perf_counter()
    session = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    t1 = time.perf_counter()
    y = session.run(None, feeds)[0].astype(np.float64)
    return y, t1 - t0, time.perf_counter() - t1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in ("--unfused", "--fused", "--models", "--torch"):
        ap.add_argument(name, type=Path, required=True)
    ap.add_argument("graphs", nargs="*", default=["image_encoder", "vae_encoder", "vae_decoder", "denoiser"])
    a = ap.parse_args()
    index = json.loads((a.torch / "index.json").read_text())
    read = lambda e: np.fromfile(a.torch / e["file"], dtype="<f4").reshape(e["shape"])  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        models = Path(tmp)
        for top in a.models.iterdir():  # the resolved graphs sit beside the checkpoint folders they read
            if top.is_dir():
                (models / top.name).symlink_to(top.resolve())
        for name in a.graphs:
            g = index["graphs"][name]
            feeds = {k: read(v) for k, v in g["inputs"].items()}
            want = read(g["output"]).astype(np.float64)
            ys = {}
            for tag, folder in (("unfused", a.unfused), ("fused", a.fused)):
                path = resolve_into(folder / f"{name}.onnx", models, f"{tag}_{name}.onnx")
                ys[tag], load, run = run_graph(path, feeds, basic=name == "vae_decoder")
                gc.collect()
                print(json.dumps({"graph": name, "template": tag, "sessionSeconds": round(load, 1),
                                  "runSeconds": round(run, 2), "vsTorch32": float(np.max(np.abs(ys[tag] - want))),
                                  "maxAbsY": float(np.max(np.abs(want)))}), flush=True)
            print(json.dumps({"graph": name, "fusedVsUnfused": float(np.max(np.abs(ys["fused"] - ys["unfused"])))}),
                  flush=True)


if __name__ == "__main__":
    main()
