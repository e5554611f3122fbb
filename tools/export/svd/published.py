"""The published architectures, as data: the config.json values of stabilityai/stable-video-diffusion-img2vid-xt
(unet/, vae/, image_encoder/) and of hlwang06/LeviTor (controlnet/) that shape the graphs.

Only the keys that decide the graph are listed (STRUCTURAL_KEYS). The studio's installer compares them with
the config.json it downloads and refuses a mismatch naming the key, so a wrong value here fails loudly at
install instead of computing something else. The ControlNet copies the UNet's encoder (LeviTor builds it
with ControlNetSVDModel.from_unet), hence the same heads per block; with_id_feature is False in the
published model (levitor-method section 0).

build_published(precision) makes the four modules with these configs WITHOUT their 3 B parameters in memory:
every weight is a scalar expanded to its shape (no storage), a different value for each weight so that the
ONNX export cannot merge two of them (_storage_free), which is all a trace needs, since template.py exports
the graphs without weights.
"""

from __future__ import annotations

import inspect
import itertools
from typing import Callable

import torch
from torch import nn

_DOWN = ["CrossAttnDownBlockSpatioTemporal"] * 3 + ["DownBlockSpatioTemporal"]
_UP = ["UpBlockSpatioTemporal"] + ["CrossAttnUpBlockSpatioTemporal"] * 3

UNET = {
    "in_channels": 8, "out_channels": 4, "down_block_types": _DOWN, "up_block_types": _UP,
    "block_out_channels": [320, 640, 1280, 1280], "addition_time_embed_dim": 256,
    "projection_class_embeddings_input_dim": 768, "layers_per_block": 2, "cross_attention_dim": 1024,
    "transformer_layers_per_block": 1, "num_attention_heads": [5, 10, 20, 20], "num_frames": 25, "sample_size": 96,
}
VAE = {
    "in_channels": 3, "out_channels": 3, "down_block_types": ["DownEncoderBlock2D"] * 4,
    "block_out_channels": [128, 256, 512, 512], "layers_per_block": 2, "latent_channels": 4,
    "scaling_factor": 0.18215, "sample_size": 768, "force_upcast": True,
}
IMAGE_ENCODER = {
    "hidden_size": 1280, "intermediate_size": 5120, "num_attention_heads": 16, "num_hidden_layers": 32,
    "patch_size": 14, "image_size": 224, "projection_dim": 1024, "hidden_act": "gelu", "layer_norm_eps": 1e-05,
    "num_channels": 3,
}
CONTROLNET = {
    **{k: v for k, v in UNET.items() if k != "up_block_types"},
    "conditioning_channels": 3, "conditioning_embedding_out_channels": [16, 32, 96, 256],
    "with_id_feature": False, "feature_channels": 160, "feature_out_channels": [160, 160, 256, 256],
}

# The config keys that shape each graph: template.json carries them, the installer compares them.
STRUCTURAL_KEYS = {
    "image_encoder": ["hidden_size", "intermediate_size", "num_attention_heads", "num_hidden_layers", "patch_size",
                      "image_size", "projection_dim", "hidden_act", "layer_norm_eps", "num_channels"],
    "vae": ["in_channels", "out_channels", "down_block_types", "block_out_channels", "layers_per_block",
            "latent_channels", "scaling_factor"],
    "unet": ["in_channels", "out_channels", "down_block_types", "up_block_types", "block_out_channels",
             "addition_time_embed_dim", "projection_class_embeddings_input_dim", "layers_per_block",
             "cross_attention_dim", "transformer_layers_per_block", "num_attention_heads"],
}
STRUCTURAL_KEYS["controlnet"] = [k for k in STRUCTURAL_KEYS["unet"] if k != "up_block_types"] + [
    "conditioning_channels", "conditioning_embedding_out_channels", "with_id_feature"]

def class_defaults(key: str) -> dict:
    """What each structural key means when a config.json leaves it out (transformers writes only the
    values that differ from its class defaults; diffusers writes all)."""
    from diffusers import AutoencoderKLTemporalDecoder, UNetSpatioTemporalConditionModel
    from transformers import CLIPVisionConfig

    if key == "image_encoder":
        d = CLIPVisionConfig().to_dict()
    elif key == "controlnet":
        d = {"num_attention_heads": [5, 10, 10, 20], "with_id_feature": False}  # ControlNetSVDModel's defaults
    else:
        cls = UNetSpatioTemporalConditionModel if key == "unet" else AutoencoderKLTemporalDecoder
        d = {n: p.default for n, p in inspect.signature(cls.__init__).parameters.items()
             if p.default is not inspect.Parameter.empty}
    return {k: list(d[k]) if isinstance(d.get(k), tuple) else d[k] for k in STRUCTURAL_KEYS[key] if k in d}

def structural(key: str, config: dict) -> dict:
    defaults = class_defaults(key)
    missing = [k for k in STRUCTURAL_KEYS[key] if k not in config and k not in defaults]
    if missing:
        raise ValueError(f"{key} config lacks {missing}")
    return {k: config.get(k, defaults.get(k)) for k in STRUCTURAL_KEYS[key]}

_param_count = itertools.count(0x0400)  # float16 bit patterns from the smallest normal number up


def _replace_parameters(module: nn.Module, new: Callable[[torch.Tensor], torch.Tensor]) -> None:
    """Every parameter of `module` (and its submodules) -> new(parameter), frozen, in place."""
    for mod in module.modules():
        for name, p in list(mod._parameters.items()):
            if p is not None:
                mod._parameters[name] = nn.Parameter(new(p), requires_grad=False)


def _storage_free(module: nn.Module, dtype: torch.dtype) -> None:
    """Every parameter -> a scalar expanded to its shape (no memory); meta buffers must be rebuilt.

    Each parameter gets its own value (consecutive float16 bit patterns from the smallest normal number,
    counted across every module built in this process; exact in float32 too, so a later dtype change
    keeps them apart). torch.onnx.export merges initializers of equal dtype, shape
    and VALUE in eval mode: with one shared zero, same-shaped weights of different layers (CLIP's 32
    encoder layers, the UNet's repeated blocks) became ONE graph input, so the template read layer 0's
    weights everywhere and listed the others as unused."""
    def stand_in(p: torch.Tensor) -> torch.Tensor:
        v = torch.tensor(next(_param_count), dtype=torch.int16).view(torch.float16).to(dtype)
        return v.expand(p.shape)

    _replace_parameters(module, stand_in)


def materialise(module: nn.Module) -> None:
    """Every parameter of `module` gets its own memory (same values), for faster CPU kernels while tracing."""
    _replace_parameters(module, lambda p: p.contiguous())


def build_published(precision: str):
    """(clip, vae, unet, controlnet) with the published configs and storage-free weights in the dtype the
    graphs compute in (fp16 or fp32; the VAE encoder graph converts to fp32 itself)."""
    from diffusers import AutoencoderKLTemporalDecoder, UNetSpatioTemporalConditionModel
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    from .controlnet import LevitorControlNet

    dtype = torch.float16 if precision == "fp16" else torch.float32
    with torch.device("meta"):
        clip = CLIPVisionModelWithProjection(CLIPVisionConfig(**IMAGE_ENCODER))
        vae = AutoencoderKLTemporalDecoder(**{k: v for k, v in VAE.items() if k not in ("sample_size", "force_upcast")},
                                           sample_size=VAE["sample_size"], force_upcast=VAE["force_upcast"])
        unet = UNetSpatioTemporalConditionModel(**UNET)
        controlnet = LevitorControlNet(dict(CONTROLNET))
    for m in (clip, vae, unet, controlnet):
        _storage_free(m, dtype)
    emb = clip.vision_model.embeddings
    emb.register_buffer("position_ids", torch.arange(emb.num_positions).expand((1, -1)), persistent=False)
    for m in (clip, vae, unet, controlnet):
        stale = [n for n, b in m.named_buffers() if b.is_meta]
        if stale:
            raise RuntimeError(f"buffers left on the meta device: {stale}")
        m.eval()
    return clip, vae, unet, controlnet
