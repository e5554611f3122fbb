"""Tiny SAM2.1 fixture (encoder + decoder contract) and goldens from SAM2ImagePredictor / SAM2AutomaticMaskGenerator
(tests/fixtures/sam2). Run from the repo root:
    tools/.venv-export/bin/python -m tools.export.sam2.make_fixtures --out tests/fixtures/sam2"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from tools.export.common.images import photo_like, synthetic_portrait
from tools.export.common.onnx_util import io_summary, store_weights_fp16
from tools.export.sam2 import graphs as G
from tools.export.sam2 import model as M
from tools.export.sam2.fixture_io import gz, predict_kwargs

SAMPLE_STRIDE = 1009
LOWRES_STRIDE = 4
# Prompts in image pixels. "refine" feeds the previous case's low-res logits (index 1) back as mask_input.
CASES = {
    "portrait": [
        ("click", dict(point_coords=[[100, 150]], point_labels=[1])),
        ("two-clicks", dict(point_coords=[[100, 150], [200, 330]], point_labels=[1, 0])),
        ("refine", dict(point_coords=[[100, 150], [200, 330]], point_labels=[1, 0], refine_from="click")),
        ("box", dict(box=[40, 60, 240, 300])),
        ("box-click", dict(box=[40, 60, 240, 300], point_coords=[[120, 200]], point_labels=[0])),
    ],
    "photo": [
        ("click", dict(point_coords=[[320, 300]], point_labels=[1])),
        ("refine", dict(point_coords=[[320, 300], [500, 100]], point_labels=[1, 0], refine_from="click")),
    ],
}
# Lowered thresholds: random weights give few confident masks; the algorithm (grid, batching, stability,
# NMS, ordering) is what the golden checks.
AMG = dict(points_per_side=8, points_per_batch=16, pred_iou_thresh=0.0, stability_score_thresh=0.0,
           stability_score_offset=1.0, box_nms_thresh=0.7, crop_n_layers=0, min_mask_region_area=0)


def main() -> None:
    from sam2.automatic_mask_generator import SAM2AutomaticMaskGenerator
    from sam2.sam2_image_predictor import SAM2ImagePredictor

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("tests/fixtures/sam2"))
    out = ap.parse_args().out
    gold = out / "golden"
    (out / "images").mkdir(parents=True, exist_ok=True)
    gold.mkdir(parents=True, exist_ok=True)
    model = M.build(tiny=True)
    files = G.export(model, out)
    for f in files:
        store_weights_fp16(f)
    index = {"graphs": {f.name: io_summary(f) for f in files}, "images": [], "amg": None}
    predictor = SAM2ImagePredictor(model)
    images = {"portrait": synthetic_portrait(), "photo": photo_like()}
    for name, rgb in images.items():
        Image.fromarray(rgb).save(out / "images" / f"{name}.png")
        h, w = rgb.shape[:2]
        predictor.set_image(rgb)
        x = predictor._transforms(rgb)  # [3,1024,1024]
        gz(gold / f"{name}.input_sample.f32.gz", x.numpy().reshape(-1)[::SAMPLE_STRIDE])
        gz(gold / f"{name}.embed_sample.f32.gz", predictor._features["image_embed"].numpy().reshape(-1)[::SAMPLE_STRIDE])
        entry = {"name": name, "image": f"images/{name}.png", "width": w, "height": h, "cases": []}
        low_res = {}
        for case, p in CASES[name]:
            kw = predict_kwargs(p, low_res)
            masks, iou, lr = predictor.predict(**kw)
            logits, _, _ = predictor.predict(**kw, return_logits=True)
            low_res[case] = lr
            key = f"{name}-{case}"
            gz(gold / f"{key}.lowres_sample.f32.gz", lr.astype(np.float32).reshape(-1)[::LOWRES_STRIDE])  # of [3,256,256], clamped to +-32
            gz(gold / f"{key}.masks.u8.gz", masks.astype(np.uint8))  # [3,H,W], logits > 0
            gz(gold / f"{key}.logits_sample.f32.gz", logits.astype(np.float32).reshape(-1)[::SAMPLE_STRIDE])
            entry["cases"].append({"case": case, "key": key, **{k: v for k, v in p.items()},
                                   "iou": [float(v) for v in iou], "maskAreas": [int(m.sum()) for m in masks]})
            print(key, iou, [int(m.sum()) for m in masks])
        index["images"].append(entry)
    rgb = images["portrait"]
    amg = SAM2AutomaticMaskGenerator(model, **AMG).generate(rgb)
    amg_masks = np.stack([a["segmentation"] for a in amg]).astype(np.uint8) if amg else np.zeros((0,) + rgb.shape[:2], np.uint8)
    gz(gold / "portrait-amg.masks.u8.gz", amg_masks)
    index["amg"] = {"image": "portrait", "settings": AMG, "count": len(amg),
                    "iou": [float(a["predicted_iou"]) for a in amg], "stability": [float(a["stability_score"]) for a in amg],
                    "area": [int(a["area"]) for a in amg], "bbox": [[float(v) for v in a["bbox"]] for a in amg],
                    "point": [[float(v) for v in a["point_coords"][0]] for a in amg]}
    # Every candidate before NMS (thresholds 0 keep all): checks grid order, batching, IoU and stability
    # scores mask by mask (random weights give one mask after NMS, so the final list alone checks little).
    from sam2.utils.amg import area_from_rle, batch_iterator

    gen = SAM2AutomaticMaskGenerator(model, **AMG)
    h, w = rgb.shape[:2]
    gen.predictor.set_image(rgb)
    cand_iou, cand_stab, cand_area = [], [], []
    for (pts,) in batch_iterator(AMG["points_per_batch"], gen.point_grids[0] * np.array([[w, h]])):
        d = gen._process_batch(pts, (h, w), [0, 0, w, h], (h, w), normalize=True)
        cand_iou += [float(v) for v in d["iou_preds"]]
        cand_stab += [float(v) for v in d["stability_score"]]
        cand_area += [int(area_from_rle(r)) for r in d["rles"]]
    index["amg"]["candidates"] = {"iou": cand_iou, "stability": cand_stab, "area": cand_area}
    print("amg", len(amg), index["amg"]["iou"][:5], len(cand_iou))
    (gold / "index.json").write_text(json.dumps(index, indent=1) + "\n")


if __name__ == "__main__":
    main()
