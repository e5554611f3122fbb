"""The four pack graphs as torch modules with the pack's I/O contract (docs/model-contracts.md)."""

from __future__ import annotations

import types

import torch
from torch import nn
from torch.nn import functional as F


class ImageEncoder(nn.Module):
    """pixel_values [1,3,224,224] (CLIP-normalised) -> image_embeds [1,1024]."""

    def __init__(self, clip: nn.Module):
        super().__init__()
        self.clip = clip

    def forward(self, pixel_values):
        return self.clip(pixel_values=pixel_values).image_embeds


class VaeEncoder(nn.Module):
    """image [1,3,H,W] in [-1,1] -> latent [1,4,H/8,W/8]: the posterior's mode (its mean), unscaled."""

    def __init__(self, vae: nn.Module):
        super().__init__()
        self.vae = vae

    def forward(self, image):
        moments = self.vae.quant_conv(self.vae.encoder(image))
        mean, _logvar = torch.chunk(moments, 2, dim=1)
        return mean


class VaeDecoder(nn.Module):
    """latents [n,4,h,w] (already / 0.18215) -> frames [n,3,H,W] in [-1,1]; the n latents are n frames of
    one video (the temporal decoder mixes over them), n = the pack's decode chunk."""

    def __init__(self, vae: nn.Module):
        super().__init__()
        self.vae = vae

    def forward(self, latents):
        n = latents.shape[0]
        indicator = torch.zeros(1, n, dtype=latents.dtype, device=latents.device)
        return self.vae.decoder(latents, num_frames=n, image_only_indicator=indicator)


class Fp16Io32(nn.Module):
    """Runs `inner` (already .half()) on float16 and keeps the graph's inputs and outputs float32.

    The precision follows LeviTor's inference (gradio_demo/gradio_run.py: the whole pipeline inside
    torch.autocast("cuda") with --mixed_precision fp16; diffusers 0.24's StableVideoDiffusionPipeline):
    - convolutions, linear layers, matmuls and attention run in float16;
    - GroupNorm and LayerNorm compute in float32 (autocast's float32 list), weights included; their
      output is rounded to float16 where the next float16 op would round it (fp32_norms);
    - inputs named in inner.FP32_INPUTS stay float32: the denoiser's timestep (the scheduler's float32
      timesteps go into the sinusoidal embedding, which diffusers computes in float32 and only then
      casts to the sample's dtype) and conditioning_scale (a Python float in the reference: the float16
      residuals are scaled in float32 and rounded once).
    Everything else the reference feeds in float16 (latents, image embedding, added time ids, control
    map: `image_embeddings.dtype` in the pipeline), so those inputs are rounded to float16 here too."""

    def __init__(self, inner: nn.Module):
        super().__init__()
        fp32_norms(inner)
        self.inner = inner

    def forward(self, *args):
        keep = getattr(self.inner, "FP32_INPUTS", ())
        return self.inner(*(a if i in keep else a.half() for i, a in enumerate(args))).float()


def _group_norm32(self: nn.GroupNorm, x: torch.Tensor) -> torch.Tensor:
    w = None if self.weight is None else self.weight.float()
    b = None if self.bias is None else self.bias.float()
    return F.group_norm(x.float(), self.num_groups, w, b, self.eps).to(x.dtype)


def _layer_norm32(self: nn.LayerNorm, x: torch.Tensor) -> torch.Tensor:
    w = None if self.weight is None else self.weight.float()
    b = None if self.bias is None else self.bias.float()
    return F.layer_norm(x.float(), self.normalized_shape, w, b, self.eps).to(x.dtype)


def fp32_norms(module: nn.Module) -> None:
    """Every GroupNorm and LayerNorm of `module` computes in float32 and returns its input's dtype (as
    under autocast, where they run in float32 and the following float16 op rounds their output). In
    place, idempotent; weights and state-dict keys unchanged; a no-op on float32 modules' results."""
    for m in module.modules():
        if isinstance(m, nn.GroupNorm):
            m.forward = types.MethodType(_group_norm32, m)
        elif isinstance(m, nn.LayerNorm):
            m.forward = types.MethodType(_layer_norm32, m)
