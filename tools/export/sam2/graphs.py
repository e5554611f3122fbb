"""ONNX wrappers for the "encoder + decoder" contract (docs/model-contracts.md): written from the SAM2 predictor's
code paths (set_image / _predict) so the graphs compute exactly what SAM2ImagePredictor computes."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class Encoder(nn.Module):
    """image [1,3,1024,1024] (normalised) -> high_res_feats_0 [1,32,256,256], high_res_feats_1 [1,64,128,128],
    image_embed [1,256,64,64] (no_mem_embed added, as the predictor does)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, image):
        backbone_out = self.model.forward_image(image)
        _, vision_feats, _, _ = self.model._prepare_backbone_features(backbone_out)
        vision_feats[-1] = vision_feats[-1] + self.model.no_mem_embed
        sizes = [(256, 256), (128, 128), (64, 64)]
        feats = [f.permute(1, 2, 0).reshape(1, -1, h, w) for f, (h, w) in zip(vision_feats, sizes)]
        return feats[0], feats[1], feats[2]


class Decoder(nn.Module):
    """7 inputs (+ orig_im_size [2] int32 when with_size): point_coords [L,N,2] in 1024 space, point_labels [L,N]
    (1/0 points, 2/3 box corners, -1 padding), mask_input [L,1,256,256], has_mask_input [L].
    -> masks [L,3,256,256] logits clamped to [-32,32] (or [L,3,H,W] with orig_im_size), iou_predictions [L,3].
    A padding point is appended inside, as the prompt encoder does when no box is passed separately."""

    def __init__(self, model, with_size: bool):
        super().__init__()
        self.pe = model.sam_prompt_encoder
        self.dec = model.sam_mask_decoder
        self.with_size = with_size

    def _embed_points(self, coords, labels):
        # [L,N,2] -> [L,N+1,256]; same math as PromptEncoder._embed_points (pad=True), mask-multiplies instead
        # of boolean indexing so the graph has no data-dependent shapes.
        coords = coords + 0.5
        coords = torch.cat([coords, torch.zeros_like(coords[:, :1])], dim=1)
        labels = torch.cat([labels, -torch.ones_like(labels[:, :1])], dim=1)
        emb = self.pe.pe_layer.forward_with_coords(coords, self.pe.input_image_size)
        lab = labels.unsqueeze(-1)
        emb = emb * (lab != -1).float() + self.pe.not_a_point_embed.weight * (lab == -1).float()
        for i in range(self.pe.num_point_embeddings):
            emb = emb + self.pe.point_embeddings[i].weight * (lab == i).float()
        return emb

    def forward(self, image_embed, high_res_feats_0, high_res_feats_1, point_coords, point_labels, mask_input,
                has_mask_input, orig_im_size=None):
        sparse = self._embed_points(point_coords, point_labels)
        h = has_mask_input.reshape(-1, 1, 1, 1)
        dense = h * self.pe.mask_downscaling(mask_input) + (1 - h) * self.pe.no_mask_embed.weight.reshape(1, -1, 1, 1)
        masks, iou, _, _ = self.dec.predict_masks(
            image_embeddings=image_embed,
            image_pe=self.pe.get_dense_pe(),
            sparse_prompt_embeddings=sparse,
            dense_prompt_embeddings=dense,
            repeat_image=True,
            high_res_features=[high_res_feats_0, high_res_feats_1],
        )
        masks, iou = masks[:, 1:], iou[:, 1:]
        if self.with_size:
            size = (orig_im_size[0], orig_im_size[1])
            return F.interpolate(masks, size=size, mode="bilinear", align_corners=False), iou
        return torch.clamp(masks, -32.0, 32.0), iou


def export(model, out_dir, opset: int = 17, with_size: bool = True):
    """Writes encoder.onnx, decoder.onnx and (with_size) decoder_orig_size.onnx into out_dir."""
    from pathlib import Path

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    enc = Encoder(model).eval()
    with torch.no_grad():
        torch.onnx.export(enc, (torch.zeros(1, 3, 1024, 1024),), str(out / "encoder.onnx"), opset_version=opset,
                          input_names=["image"], output_names=["high_res_feats_0", "high_res_feats_1", "image_embed"],
                          dynamo=False)
        feats = enc(torch.zeros(1, 3, 1024, 1024))
    names = ["image_embed", "high_res_feats_0", "high_res_feats_1", "point_coords", "point_labels", "mask_input",
             "has_mask_input"]
    args = [feats[2], feats[0], feats[1], torch.zeros(1, 2, 2), torch.ones(1, 2), torch.zeros(1, 1, 256, 256),
            torch.zeros(1)]
    axes = {"point_coords": {0: "L", 1: "N"}, "point_labels": {0: "L", 1: "N"}, "mask_input": {0: "L"},
            "has_mask_input": {0: "L"}, "masks": {0: "L"}, "iou_predictions": {0: "L"}}
    variants = [("decoder.onnx", False)] + ([("decoder_orig_size.onnx", True)] if with_size else [])
    for fname, ws in variants:
        dec = Decoder(model, ws).eval()
        a = args + ([torch.tensor([480, 640], dtype=torch.int32)] if ws else [])
        n = names + (["orig_im_size"] if ws else [])
        ax = dict(axes)
        if ws:
            ax["masks"] = {0: "L", 2: "H", 3: "W"}
        with torch.no_grad():
            torch.onnx.export(dec, tuple(a), str(out / fname), opset_version=opset, input_names=n,
                              output_names=["masks", "iou_predictions"], dynamic_axes=ax, dynamo=False)
    return [out / "encoder.onnx"] + [out / f for f, _ in variants]
