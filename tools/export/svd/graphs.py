"""The four pack graphs as torch modules with the pack's I/O contract (docs/model-contracts.md)."""

from __future__ import annotations

import torch
from torch import nn


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
    """Runs `inner` (already .half()) on float16 and keeps the graph's inputs and outputs float32."""

    def __init__(self, inner: nn.Module):
        super().__init__()
        self.inner = inner

    def forward(self, *args):
        return self.inner(*(a.half() for a in args)).float()
