"""Tiny random-weight models: the SVD-XT / LeviTor module types with reduced widths and depths.

Channel counts stay multiples of 32 (the spatio-temporal transformer's GroupNorm uses 32 groups). The
image is 72 wide so the latent is 9 wide and the UNet goes 9 -> 5 -> 3 -> 2 and back: the same
non-power-of-two up-sampling the full pack meets at 36 -> 18 -> 9 -> 5.
"""

from __future__ import annotations

import torch
from diffusers import AutoencoderKLTemporalDecoder, UNetSpatioTemporalConditionModel
from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

from .controlnet import LevitorControlNet

TINY_WIDTH, TINY_HEIGHT, TINY_FRAMES, TINY_DECODE_CHUNK = 72, 80, 4, 2
EMBED_DIM = 32  # image_embeds width (1024 in SVD-XT); the manifest says which, the pipeline reads it
ADD_TIME_DIM = 8

_DOWN = ("CrossAttnDownBlockSpatioTemporal",) * 3 + ("DownBlockSpatioTemporal",)
_UP = ("UpBlockSpatioTemporal",) + ("CrossAttnUpBlockSpatioTemporal",) * 3
_CHANNELS = (32, 32, 32, 32)
_HEADS = (1, 1, 1, 2)


def tiny_unet_config() -> dict:
    return dict(sample_size=8, in_channels=8, out_channels=4, down_block_types=_DOWN, up_block_types=_UP,
                block_out_channels=_CHANNELS, addition_time_embed_dim=ADD_TIME_DIM,
                projection_class_embeddings_input_dim=3 * ADD_TIME_DIM, layers_per_block=1,
                cross_attention_dim=EMBED_DIM, transformer_layers_per_block=1, num_attention_heads=_HEADS,
                num_frames=TINY_FRAMES)


def tiny_controlnet_config() -> dict:
    """Shaped like the published controlnet/config.json (with_id_feature false)."""
    c = tiny_unet_config()
    c.update(conditioning_channels=3, conditioning_embedding_out_channels=(8, 8, 16, 16), with_id_feature=False,
             feature_channels=160, feature_out_channels=(160, 160, 256, 256))
    return c


def _randomise(module: torch.nn.Module, gen: torch.Generator, scale: float = 0.15) -> None:
    """Random weights everywhere (the ControlNet's zero-initialised convs too, or control would be inert)."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name.endswith("norm.weight") or ".norm" in name and name.endswith("weight"):
                p.copy_((1.0 + 0.1 * torch.randn(p.shape, generator=gen)).half().float())
            else:
                p.copy_(scale * torch.randn(p.shape, generator=gen))
            # exactly representable in float16: the pack stores them as fp16 losslessly
            p.copy_(p.half().float())


def tiny_modules():
    """The four tiny modules with their libraries' initial weights (also built by the golden reference on
    diffusers 0.24, which then loads the weights the exporter's side drew: reference_goldens.py)."""
    clip = CLIPVisionModelWithProjection(CLIPVisionConfig(
        hidden_size=32, intermediate_size=64, projection_dim=EMBED_DIM, num_hidden_layers=2,
        num_attention_heads=2, image_size=224, patch_size=14))
    vae = AutoencoderKLTemporalDecoder(
        in_channels=3, out_channels=3, down_block_types=("DownEncoderBlock2D",) * 4,
        block_out_channels=(32, 32, 32, 32), layers_per_block=1, latent_channels=4, sample_size=64)
    unet = UNetSpatioTemporalConditionModel(**tiny_unet_config())
    controlnet = LevitorControlNet(tiny_controlnet_config())
    return clip, vae, unet, controlnet


def build_tiny(seed: int = 1234):
    gen = torch.Generator().manual_seed(seed)
    clip, vae, unet, controlnet = tiny_modules()
    for m in (clip, vae, unet, controlnet):
        _randomise(m, gen)
        m.eval()
    return clip, vae, unet, controlnet
