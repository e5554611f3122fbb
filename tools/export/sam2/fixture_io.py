"""What the segmentation fixture builders share: gzip'd raw arrays, the predictor keyword arguments of a golden
case, and the start of every builder (--out, export, fp16 weights, the graph index)."""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

import numpy as np

from tools.export.common.onnx_util import io_summary, store_weights_fp16


def gz(path: Path, arr: np.ndarray) -> None:
    path.write_bytes(gzip.compress(np.ascontiguousarray(arr).tobytes(), mtime=0))


def predict_kwargs(p: dict, low_res: dict) -> dict:
    """A case (pixels: point_coords/point_labels, box, refine_from) -> SAM2ImagePredictor / SamPredictor
    .predict() arguments; refine_from feeds that case's low-res logits of mask 1 back as mask_input."""
    kw = dict(multimask_output=True)
    if "point_coords" in p:
        kw["point_coords"] = np.array(p["point_coords"], np.float32)
        kw["point_labels"] = np.array(p["point_labels"], np.int32)
    if "box" in p:
        kw["box"] = np.array(p["box"], np.float32)
    if "refine_from" in p:
        kw["mask_input"] = low_res[p["refine_from"]][1:2]
    return kw


def start(default_out: str, model, export) -> tuple[Path, Path, dict]:
    """Parses --out, writes the graphs (`export(model, out)` -> paths) with fp16-stored weights and returns
    (out, golden dir, index with the graphs' inputs/outputs)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path(default_out))
    out = ap.parse_args().out
    gold = out / "golden"
    gold.mkdir(parents=True, exist_ok=True)
    files = export(model, out)
    for f in files:
        store_weights_fp16(f)
    return out, gold, {"graphs": {f.name: io_summary(f) for f in files}, "images": []}
