"""Tiny SAM2.1 in the transformers.js layout (docs/model-contracts.md, "transformers.js-style export"), built from the
official `sam2` modules (transformers 4.46 has no Sam2Model) and written with goldens from SAM2ImagePredictor
into tests/fixtures/sam2/transformersjs. Run from the repo root:
    tools/.venv-export/bin/python -m tools.export.sam2.transformersjs --out tests/fixtures/sam2/transformersjs

Geometry "stretch" (preprocessor_config.json: size {height,width} 1024) is what SAM2ImagePredictor does, so its
goldens come from the predictor. Geometry "pad" (older configs: longest_edge 1024 + pad_size) has no SAM2
predictor path: its golden is transformers' SamImageProcessor recipe written out below (PIL bilinear resize of
the uint8 image, rescale, normalise, zero pad; masks upsampled to 1024, cropped, upsampled to the image)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

from tools.export.common.images import photo_like, synthetic_portrait
from tools.export.sam2 import graphs as G
from tools.export.sam2 import model as M
from tools.export.sam2.fixture_io import gz, predict_kwargs, start

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
STRETCH = {"do_resize": True, "size": {"height": 1024, "width": 1024}, "do_rescale": True,
           "rescale_factor": 1 / 255, "do_normalize": True, "image_mean": MEAN, "image_std": STD,
           "mask_size": {"height": 256, "width": 256}}
PAD = {"do_resize": True, "size": {"longest_edge": 1024}, "do_pad": True, "pad_size": {"height": 1024, "width": 1024},
       "do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True, "image_mean": MEAN, "image_std": STD}
# Prompts in image pixels (one prompt per case; the studio sends P = 1 per click, AMG sends P points).
CASES = {
    "portrait": [("click", dict(point_coords=[[100, 150]], point_labels=[1])),
                 ("two-clicks", dict(point_coords=[[100, 150], [200, 330]], point_labels=[1, 0])),
                 ("box", dict(box=[40, 60, 240, 300])),
                 ("box-click", dict(box=[40, 60, 240, 300], point_coords=[[120, 200]], point_labels=[0]))],
    "photo": [("click", dict(point_coords=[[320, 300]], point_labels=[1]))],
}


class Decoder(nn.Module):
    """image_embeddings.0/.1/.2 + input_points f32 [1,P,N,2] + input_labels int64 [1,P,N] + input_boxes f32 [1,nb,4]
    (nb 0 or 1: one box shared by the P prompts) -> iou_scores [1,P,3], pred_masks [1,P,3,256,256] (low-res logits),
    object_score_logits [1,P,1]. Box corners become points labelled 2/3 before the clicks, and a padding point is
    appended, exactly as SAM2ImagePredictor prompts the official prompt encoder. No previous-mask input."""

    def __init__(self, model):
        super().__init__()
        self.inner = G.Decoder(model, with_size=False)

    def forward(self, emb0, emb1, emb2, input_points, input_labels, input_boxes):
        pts = input_points[0]  # [P,N,2]
        labels = input_labels[0].float()  # [P,N]
        corners = input_boxes.reshape(1, -1, 2)  # [1,2nb,2]
        corner_labels = (torch.zeros_like(input_boxes.reshape(1, -1, 2, 2)[..., 0]) + torch.tensor([2.0, 3.0]))
        p = pts.shape[0]
        coords = torch.cat([corners.expand(p, -1, -1), pts], dim=1)
        labs = torch.cat([corner_labels.reshape(1, -1).expand(p, -1), labels], dim=1)
        inner = self.inner
        sparse = inner._embed_points(coords, labs)
        dense = inner.pe.no_mask_embed.weight.reshape(1, -1, 1, 1).expand(p, -1, 64, 64)
        masks, iou, _, obj = inner.dec.predict_masks(image_embeddings=emb2, image_pe=inner.pe.get_dense_pe(),
                                                     sparse_prompt_embeddings=sparse, dense_prompt_embeddings=dense,
                                                     repeat_image=True, high_res_features=[emb0, emb1])
        return iou[:, 1:].unsqueeze(0), masks[:, 1:].unsqueeze(0), obj.unsqueeze(0)


def export(model, out: Path) -> list[Path]:
    enc = G.Encoder(model).eval()
    feats = ["image_embeddings.0", "image_embeddings.1", "image_embeddings.2"]
    with torch.no_grad():
        torch.onnx.export(enc, (torch.zeros(1, 3, 1024, 1024),), str(out / "vision_encoder.onnx"), opset_version=17,
                          input_names=["pixel_values"], output_names=feats, dynamo=False)
        f = enc(torch.zeros(1, 3, 1024, 1024))
        args = (f[0], f[1], f[2], torch.zeros(1, 1, 2, 2), torch.ones(1, 1, 2, dtype=torch.int64), torch.zeros(1, 1, 4))
        axes = {"input_points": {1: "P", 2: "N"}, "input_labels": {1: "P", 2: "N"}, "input_boxes": {1: "nb"},
                "iou_scores": {1: "P"}, "pred_masks": {1: "P"}, "object_score_logits": {1: "P"}}
        torch.onnx.export(Decoder(model).eval(), args, str(out / "prompt_encoder_mask_decoder.onnx"), opset_version=17,
                          input_names=feats + ["input_points", "input_labels", "input_boxes"],
                          output_names=["iou_scores", "pred_masks", "object_score_logits"], dynamic_axes=axes,
                          dynamo=False)
    return [out / "vision_encoder.onnx", out / "prompt_encoder_mask_decoder.onnx"]


def pad_reference(model, rgb: np.ndarray, p: dict) -> tuple[np.ndarray, np.ndarray]:
    """SamImageProcessor geometry: masks [3,H,W] (logits > 0) and IoU [3] through the same torch modules."""
    h, w = rgb.shape[:2]
    s = 1024 / max(h, w)
    nh, nw = int(h * s + 0.5), int(w * s + 0.5)
    x = np.asarray(Image.fromarray(rgb).resize((nw, nh), Image.BILINEAR)).astype(np.float32)
    x = (x * np.float32(1 / 255) - np.array(MEAN, np.float32)) / np.array(STD, np.float32)
    t = F.pad(torch.from_numpy(x).permute(2, 0, 1)[None], (0, 1024 - nw, 0, 1024 - nh))
    scale = np.array([nw / w, nh / h], np.float32)
    pts = np.array(p.get("point_coords", np.zeros((0, 2))), np.float32).reshape(1, 1, -1, 2) * scale
    labels = np.array(p.get("point_labels", []), np.int64).reshape(1, 1, -1)
    boxes = (np.array(p["box"], np.float32).reshape(1, 1, 4) * np.tile(scale, 2)) if "box" in p else np.zeros((1, 0, 4), np.float32)
    with torch.no_grad():
        f = G.Encoder(model)(t)
        iou, masks, _ = Decoder(model)(f[0], f[1], f[2], torch.from_numpy(pts), torch.from_numpy(labels), torch.from_numpy(boxes))
        up = F.interpolate(masks[0], (1024, 1024), mode="bilinear", align_corners=False)[..., :nh, :nw]
        up = F.interpolate(up, (h, w), mode="bilinear", align_corners=False)
    return (up[0] > 0).numpy().astype(np.uint8), iou[0, 0].numpy()


def main() -> None:
    from sam2.sam2_image_predictor import SAM2ImagePredictor

    model = M.build(tiny=True)  # same seed and weights as tests/fixtures/sam2
    out, gold, index = start("tests/fixtures/sam2/transformersjs", model, export)
    (out / "preprocessor_config.json").write_text(json.dumps(STRETCH, indent=1) + "\n")
    (out / "preprocessor_config.pad.json").write_text(json.dumps(PAD, indent=1) + "\n")
    predictor = SAM2ImagePredictor(model)
    for name, rgb in {"portrait": synthetic_portrait(), "photo": photo_like()}.items():
        h, w = rgb.shape[:2]
        predictor.set_image(rgb)
        entry = {"name": name, "image": f"../images/{name}.png", "width": w, "height": h, "cases": []}
        for case, p in CASES[name]:
            kw = predict_kwargs(p, {})
            masks, iou, _ = predictor.predict(**kw)
            pad_masks, pad_iou = pad_reference(model, rgb, p)
            key = f"{name}-{case}"
            gz(gold / f"{key}.masks.u8.gz", masks.astype(np.uint8))  # [3,H,W] stretch geometry
            gz(gold / f"{key}.pad.masks.u8.gz", pad_masks)  # [3,H,W] longest-edge + pad geometry
            entry["cases"].append({"case": case, "key": key, **p, "iou": [float(v) for v in iou],
                                   "padIou": [float(v) for v in pad_iou]})
            print(key, iou, pad_iou)
        index["images"].append(entry)
    (gold / "index.json").write_text(json.dumps(index, indent=1) + "\n")


if __name__ == "__main__":
    main()
