"""Tiny SAM v1 (the `segment-anything` package's real module types with a small ViT) in the SAM v1 contract
(docs/model-contracts.md): decoder exported with the package's own SamOnnxModel (as its scripts/export_onnx_model.py
does), plus an image encoder graph `image` [1,3,1024,1024] (normalised, padded) -> `image_embeddings` [1,256,64,64].
Goldens from SamPredictor. Writes tests/fixtures/sam-v1. Run from the repo root:
    tools/.venv-export/bin/python -m tools.export.sam2.samv1 --out tests/fixtures/sam-v1"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import numpy as np
import torch
from torch import nn

from tools.export.common.images import photo_like, synthetic_portrait
from tools.export.sam2.fixture_io import gz, predict_kwargs, start
from tools.export.sam2.make_fixtures import CASES as SAM2_CASES

SAMPLE_STRIDE = 1009
LOWRES_STRIDE = 4
# The SAM2 fixture's prompts (pixels), photo refinement left out.
CASES = {"portrait": SAM2_CASES["portrait"], "photo": SAM2_CASES["photo"][:1]}


def pattern(w: int, h: int) -> np.ndarray:
    """An integer pattern TypeScript can rebuild without a file (tests/golden/samv1.test.ts), large enough that
    the longest-side resize shrinks it (Pillow's widened filter), unlike the two fixture images."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.int64)
    return np.stack([(xx * 7 + yy * 13) % 256, (xx * xx + yy) % 256, (xx ^ yy) & 255], axis=-1).astype(np.uint8)


def build(seed: int = 0):
    """Sam with a 2-block ViT (embed 64, window 14 + one global block, relative positions), a 1-layer two-way
    transformer and small IoU head: the real classes and the contract's shapes (embeddings [1,256,64,64])."""
    from segment_anything.modeling import ImageEncoderViT, MaskDecoder, PromptEncoder, Sam, TwoWayTransformer

    torch.manual_seed(seed)
    sam = Sam(
        image_encoder=ImageEncoderViT(depth=2, embed_dim=64, img_size=1024, mlp_ratio=4,
                                      norm_layer=partial(nn.LayerNorm, eps=1e-6), num_heads=2, patch_size=16,
                                      qkv_bias=True, use_rel_pos=True, global_attn_indexes=[1], window_size=14,
                                      out_chans=256),
        prompt_encoder=PromptEncoder(embed_dim=256, image_embedding_size=(64, 64), input_image_size=(1024, 1024),
                                     mask_in_chans=16),
        mask_decoder=MaskDecoder(num_multimask_outputs=3,
                                 transformer=TwoWayTransformer(depth=1, embedding_dim=256, mlp_dim=64, num_heads=8,
                                                               attention_downsample_rate=8),
                                 transformer_dim=256, iou_head_depth=3, iou_head_hidden_dim=32),
        pixel_mean=[123.675, 116.28, 103.53],
        pixel_std=[58.395, 57.12, 57.375],
    )
    g = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for p in sam.parameters():
            if torch.count_nonzero(p) == 0:  # zero-initialised positional tables: make every path matter
                p.copy_(torch.randn(p.shape, generator=g) * 0.02)
        # Logits of about +-10 (as trained models give) so thresholds and refinement mean something.
        for mlp in sam.mask_decoder.output_hypernetworks_mlps:
            mlp.layers[-1].weight.mul_(40.0)
        for p in sam.parameters():
            p.copy_(p.half().float())  # lossless fp16 storage in the fixture
    return sam.eval()


class Encoder(nn.Module):
    """image [1,3,1024,1024] (pixel mean/std applied, zero-padded: Sam.preprocess) -> image_embeddings."""

    def __init__(self, sam):
        super().__init__()
        self.enc = sam.image_encoder

    def forward(self, image):
        return self.enc(image)


def export(sam, out: Path) -> list[Path]:
    from segment_anything.utils.onnx import SamOnnxModel

    with torch.no_grad():
        torch.onnx.export(Encoder(sam).eval(), (torch.zeros(1, 3, 1024, 1024),), str(out / "encoder.onnx"),
                          opset_version=17, input_names=["image"], output_names=["image_embeddings"], dynamo=False)
        # As segment_anything/scripts/export_onnx_model.py (multimask: 4 masks, the first the single-mask token).
        dummy = {"image_embeddings": torch.randn(1, 256, 64, 64), "point_coords": torch.randint(0, 1024, (1, 5, 2)).float(),
                 "point_labels": torch.randint(0, 4, (1, 5)).float(), "mask_input": torch.randn(1, 1, 256, 256),
                 "has_mask_input": torch.tensor([1.0]), "orig_im_size": torch.tensor([1500.0, 2250.0])}
        torch.onnx.export(SamOnnxModel(sam, return_single_mask=False), tuple(dummy.values()), str(out / "decoder.onnx"),
                          opset_version=17, do_constant_folding=True, input_names=list(dummy.keys()),
                          output_names=["masks", "iou_predictions", "low_res_masks"],
                          dynamic_axes={"point_coords": {1: "num_points"}, "point_labels": {1: "num_points"}},
                          dynamo=False)
    return [out / "encoder.onnx", out / "decoder.onnx"]


def main() -> None:
    from segment_anything import SamPredictor

    sam = build()
    out, gold, index = start("tests/fixtures/sam-v1", sam, export)
    predictor = SamPredictor(sam)
    for name, rgb in {"portrait": synthetic_portrait(), "photo": photo_like()}.items():
        h, w = rgb.shape[:2]
        predictor.set_image(rgb)
        x = sam.preprocess(torch.as_tensor(predictor.transform.apply_image(rgb)).permute(2, 0, 1)[None].float())
        gz(gold / f"{name}.input_sample.f32.gz", x.numpy().reshape(-1)[::SAMPLE_STRIDE])
        gz(gold / f"{name}.embed_sample.f32.gz", predictor.features.numpy().reshape(-1)[::SAMPLE_STRIDE])
        entry = {"name": name, "image": f"../sam2/images/{name}.png", "width": w, "height": h, "cases": []}
        low_res = {}
        for case, p in CASES[name]:
            kw = predict_kwargs(p, low_res)
            masks, iou, lr = predictor.predict(**kw)
            low_res[case] = lr
            key = f"{name}-{case}"
            gz(gold / f"{key}.lowres_sample.f32.gz", lr.astype(np.float32).reshape(-1)[::LOWRES_STRIDE])  # [3,256,256]
            gz(gold / f"{key}.masks.u8.gz", masks.astype(np.uint8))  # [3,H,W]
            entry["cases"].append({"case": case, "key": key, **p, "iou": [float(v) for v in iou],
                                   "maskAreas": [int(m.sum()) for m in masks]})
            print(key, iou, [int(m.sum()) for m in masks])
        index["images"].append(entry)
    from segment_anything.utils.transforms import ResizeLongestSide

    big = ResizeLongestSide(1024).apply_image(pattern(1600, 1100))  # PIL bilinear, shrinking
    gz(gold / "pattern-1600x1100.resized_sample.u8.gz", big.reshape(-1)[::31])
    index["pattern"] = {"width": 1600, "height": 1100, "resized": [int(big.shape[1]), int(big.shape[0])], "stride": 31}
    (gold / "index.json").write_text(json.dumps(index, indent=1) + "\n")


if __name__ == "__main__":
    main()
