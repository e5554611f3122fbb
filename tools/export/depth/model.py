"""Depth Anything V2 from `transformers` (DepthAnythingForDepthEstimation, Dinov2 backbone): the real Small
config (bench; same architecture and cost as the published weights) or a tiny one (fixture), random weights."""

from __future__ import annotations

import torch
from transformers import DepthAnythingConfig, DepthAnythingForDepthEstimation


def config(tiny: bool) -> DepthAnythingConfig:
    if tiny:
        backbone = dict(model_type="dinov2", hidden_size=32, num_hidden_layers=4, num_attention_heads=2,
                        intermediate_size=64, patch_size=14, image_size=518, out_indices=[1, 2, 3, 4],
                        reshape_hidden_states=False, apply_layernorm=True, layerscale_value=1.0)
        return DepthAnythingConfig(backbone_config=backbone, reassemble_hidden_size=32, patch_size=14,
                                   neck_hidden_sizes=[8, 16, 32, 32], fusion_hidden_size=16, head_hidden_size=8,
                                   depth_estimation_type="relative")
    # Depth-Anything-V2-Small (depth-anything/Depth-Anything-V2-Small-hf config.json values).
    backbone = dict(model_type="dinov2", hidden_size=384, num_hidden_layers=12, num_attention_heads=6,
                    intermediate_size=1536, patch_size=14, image_size=518, out_indices=[3, 6, 9, 12],
                    reshape_hidden_states=False, apply_layernorm=True, layerscale_value=1.0)
    return DepthAnythingConfig(backbone_config=backbone, reassemble_hidden_size=384, patch_size=14,
                               neck_hidden_sizes=[48, 96, 192, 384], fusion_hidden_size=64, head_hidden_size=32,
                               depth_estimation_type="relative")


def build(tiny: bool, seed: int = 0) -> DepthAnythingForDepthEstimation:
    torch.manual_seed(seed)
    model = DepthAnythingForDepthEstimation(config(tiny)).eval()
    g = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for _, p in model.named_parameters():
            if torch.count_nonzero(p) == 0:
                p.copy_(torch.randn(p.shape, generator=g) * 0.02)
        # The head ends in ReLU: random weights often give an all-zero map; a positive bias on the last conv
        # keeps a non-trivial disparity range so the Dn/Z0 conversion is exercised.
        model.head.conv3.bias.fill_(0.5)
        model.head.conv3.weight.mul_(200.0)
        for p in model.parameters():
            p.copy_(p.half().float())
    return model


class Standalone(torch.nn.Module):
    """`image` [1,3,518,518] -> `depth` [1,518,518] (the standalone export style, static size)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, image):
        return self.model(pixel_values=image).predicted_depth


class TransformersJs(torch.nn.Module):
    """`pixel_values` [B,3,H,W] (H, W multiples of 14, dynamic) -> `predicted_depth` [B,H,W]."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixel_values):
        return self.model(pixel_values=pixel_values).predicted_depth


def _traceable_head_forward(self, hidden_states, patch_height, patch_width):
    # Same as DepthAnythingDepthEstimationHead.forward, without the int() casts that freeze the output size
    # during tracing (the transformers.js-style graph must accept any H, W multiple of 14).
    x = self.conv1(hidden_states[self.head_in_index])
    x = torch.nn.functional.interpolate(x, (patch_height * self.patch_size, patch_width * self.patch_size),
                                        mode="bilinear", align_corners=True)
    x = self.conv3(self.activation1(self.conv2(x)))
    return (self.activation2(x) * self.max_depth).squeeze(dim=1)


def export(model, out_dir, opset: int = 17):
    from pathlib import Path

    from transformers.models.depth_anything import modeling_depth_anything as mda

    mda.DepthAnythingDepthEstimationHead.forward = _traceable_head_forward

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(TransformersJs(model), (torch.zeros(1, 3, 518, 686),), str(out / "model.onnx"),
                          opset_version=opset, input_names=["pixel_values"], output_names=["predicted_depth"],
                          dynamic_axes={"pixel_values": {0: "batch_size", 2: "height", 3: "width"},
                                        "predicted_depth": {0: "batch_size", 1: "height", 2: "width"}},
                          dynamo=False)
        torch.onnx.export(Standalone(model), (torch.zeros(1, 3, 518, 518),), str(out / "depth_anything_v2_518.onnx"),
                          opset_version=opset, input_names=["image"], output_names=["depth"], dynamo=False)
    return [out / "model.onnx", out / "depth_anything_v2_518.onnx"]
