"""Tiny Depth Anything V2 fixture + goldens (tests/fixtures/depth). Run from the repo root:
    tools/.venv-export/bin/python -m tools.export.depth.make_fixtures --out tests/fixtures/depth"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from tools.export.common.images import photo_like, synthetic_portrait
from tools.export.common.onnx_util import io_summary, store_weights_fp16
from tools.export.depth import model as M
from tools.export.depth import reference as R


def gz(path: Path, arr: np.ndarray) -> None:
    path.write_bytes(gzip.compress(np.ascontiguousarray(arr).tobytes(), mtime=0))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("tests/fixtures/depth"))
    out = ap.parse_args().out
    (out / "images").mkdir(parents=True, exist_ok=True)
    (out / "golden").mkdir(parents=True, exist_ok=True)
    model = M.build(tiny=True)
    files = M.export(model, out)
    for f in files:
        store_weights_fp16(f)
    index = {"graphs": {f.name: io_summary(f) for f in files}, "cases": []}
    images = {"portrait": synthetic_portrait(), "photo": photo_like()}
    for name, rgb in images.items():
        Image.fromarray(rgb).save(out / "images" / f"{name}.png")
        h, w = rgb.shape[:2]
        for style, fixed, parity in [("dynamic", None, True), ("dynamic-rgb", None, False), ("static518", (518, 518), True)]:
            x = R.preprocess(rgb, parity_bgr=parity, fixed=fixed)
            with torch.no_grad():
                raw = model(pixel_values=torch.from_numpy(x)).predicted_depth
            disp = R.postprocess(raw, h, w)
            dn, z0 = R.to_levitor(disp)
            key = f"{name}-{style}"
            gz(out / "golden" / f"{key}.input_sample.f32.gz", x.reshape(-1)[::101])
            gz(out / "golden" / f"{key}.disparity.f32.gz", disp)
            gz(out / "golden" / f"{key}.dn.u8.gz", dn)
            index["cases"].append({
                "key": key, "image": f"images/{name}.png", "width": w, "height": h, "parityBgr": parity,
                "graph": "model.onnx" if fixed is None else "depth_anything_v2_518.onnx",
                "inputShape": list(x.shape), "inputSampleStride": 101, "rawMin": float(raw.min()),
                "rawMax": float(raw.max()), "dispMin": float(disp.min()), "dispMax": float(disp.max()),
            })
            print(key, x.shape, float(disp.min()), float(disp.max()), np.bincount(dn.ravel(), minlength=256).nonzero()[0].size)
    (out / "golden" / "index.json").write_text(json.dumps(index, indent=1) + "\n")


if __name__ == "__main__":
    main()
