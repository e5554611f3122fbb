"""The LeviTor ControlNet (published as hlwang06/LeviTor/controlnet), written for this project.

Structure learnt from the public LeviTor code (models_diffusers/controlnet_svd.py): a copy of the SVD-XT
UNet's encoder half (conv_in, time and added-time embeddings, down blocks, mid block) plus
  - controlnet_cond_embedding: conv_in 3->16, then per stage a 3x3 conv and a stride-2 3x3 conv
    (16->32->96->256, so the control map is downsampled 8x to latent size), conv_out 256->320,
    SiLU after every conv except conv_out; its output is ADDED to conv_in(sample);
  - controlnet_down_blocks: one zero-initialised 1x1 conv per UNet skip connection (12 for SVD-XT);
  - controlnet_mid_block: a 1x1 conv on the mid block output.
Every residual is multiplied by conditioning_scale. The published checkpoint is built with
with_id_feature=False, so the id-feature adapter branch does not exist here, and a checkpoint holding its
weights is rejected by the strict loader (unexpected keys).
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F
from diffusers.models.embeddings import TimestepEmbedding, Timesteps
try:
    from diffusers.models.unets.unet_3d_blocks import UNetMidBlockSpatioTemporal, get_down_block
except ImportError:  # diffusers < 0.26 (the golden reference runs LeviTor's 0.24.0)
    from diffusers.models.unet_3d_blocks import UNetMidBlockSpatioTemporal, get_down_block

# Config keys of the published config.json that this module understands; anything else is an error.
KNOWN_CONFIG_KEYS = {
    "sample_size", "in_channels", "out_channels", "down_block_types", "up_block_types", "block_out_channels",
    "addition_time_embed_dim", "projection_class_embeddings_input_dim", "layers_per_block",
    "cross_attention_dim", "transformer_layers_per_block", "num_attention_heads", "num_frames",
    "conditioning_channels", "conditioning_embedding_out_channels", "with_id_feature", "feature_channels",
    "feature_out_channels",
}


class ControlCondEmbedding(nn.Module):
    """Control map [B*F,3,H,W] -> features [B*F,C0,H/8,W/8] (stride-2 convs: ceil halving)."""

    def __init__(self, out_channels: int, in_channels: int, channels: tuple[int, ...]):
        super().__init__()
        self.conv_in = nn.Conv2d(in_channels, channels[0], kernel_size=3, padding=1)
        self.blocks = nn.ModuleList()
        for c_in, c_out in zip(channels[:-1], channels[1:]):
            self.blocks.append(nn.Conv2d(c_in, c_in, kernel_size=3, padding=1))
            self.blocks.append(nn.Conv2d(c_in, c_out, kernel_size=3, padding=1, stride=2))
        self.conv_out = nn.Conv2d(channels[-1], out_channels, kernel_size=3, padding=1)

    def forward(self, cond: torch.Tensor) -> torch.Tensor:
        x = F.silu(self.conv_in(cond))
        for block in self.blocks:
            x = F.silu(block(x))
        return self.conv_out(x)


def _per_block(value, n: int) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value] * n


class LevitorControlNet(nn.Module):
    def __init__(self, config: dict):
        super().__init__()
        unknown = sorted(set(config) - KNOWN_CONFIG_KEYS - {k for k in config if k.startswith("_")})
        if unknown:
            raise ValueError(f"LeviTor ControlNet config: unknown keys {unknown}")
        if config.get("with_id_feature", False):
            raise ValueError("LeviTor ControlNet: with_id_feature=True is not supported (the published model is False)")
        self.config = dict(config)
        down_types = list(config["down_block_types"])
        n = len(down_types)
        chans = list(config["block_out_channels"])
        layers = _per_block(config.get("layers_per_block", 2), n)
        heads = _per_block(config.get("num_attention_heads", (5, 10, 10, 20)), n)
        cross = _per_block(config.get("cross_attention_dim", 1024), n)
        tlayers = _per_block(config.get("transformer_layers_per_block", 1), n)
        time_dim = chans[0] * 4

        self.conv_in = nn.Conv2d(config.get("in_channels", 8), chans[0], kernel_size=3, padding=1)
        self.time_proj = Timesteps(chans[0], True, downscale_freq_shift=0)
        self.time_embedding = TimestepEmbedding(chans[0], time_dim)
        self.add_time_proj = Timesteps(config.get("addition_time_embed_dim", 256), True, downscale_freq_shift=0)
        self.add_embedding = TimestepEmbedding(config.get("projection_class_embeddings_input_dim", 768), time_dim)
        self.controlnet_cond_embedding = ControlCondEmbedding(
            chans[0], config.get("conditioning_channels", 3),
            tuple(config.get("conditioning_embedding_out_channels", (16, 32, 96, 256))),
        )
        self.down_blocks = nn.ModuleList()
        self.controlnet_down_blocks = nn.ModuleList([nn.Conv2d(chans[0], chans[0], kernel_size=1)])
        out_ch = chans[0]
        for i, block_type in enumerate(down_types):
            in_ch, out_ch = out_ch, chans[i]
            last = i == n - 1
            self.down_blocks.append(get_down_block(
                block_type, num_layers=layers[i], transformer_layers_per_block=tlayers[i], in_channels=in_ch,
                out_channels=out_ch, temb_channels=time_dim, add_downsample=not last, resnet_eps=1e-5,
                cross_attention_dim=cross[i], num_attention_heads=heads[i], resnet_act_fn="silu",
            ))
            for _ in range(layers[i] + (0 if last else 1)):
                self.controlnet_down_blocks.append(nn.Conv2d(out_ch, out_ch, kernel_size=1))
        self.controlnet_mid_block = nn.Conv2d(chans[-1], chans[-1], kernel_size=1)
        self.mid_block = UNetMidBlockSpatioTemporal(
            chans[-1], temb_channels=time_dim, transformer_layers_per_block=tlayers[-1],
            cross_attention_dim=cross[-1], num_attention_heads=heads[-1],
        )

    def embed_time(self, timestep: torch.Tensor, added_time_ids: torch.Tensor, batch: int, dtype) -> torch.Tensor:
        """timestep [1] + added_time_ids [B,3] -> emb [B,4*C0] (same math as the SVD UNet)."""
        t_emb = self.time_proj(timestep.expand(batch)).to(dtype)
        emb = self.time_embedding(t_emb)
        add = self.add_time_proj(added_time_ids.flatten()).reshape(batch, -1).to(emb.dtype)
        return emb + self.add_embedding(add)

    def forward(self, sample, timestep, encoder_hidden_states, added_time_ids, controlnet_cond, conditioning_scale):
        """sample [B,F,8,h,w], controlnet_cond [B,F,3,H,W] -> (list of down residuals [B*F,C,hi,wi], mid)."""
        batch, frames = sample.shape[:2]
        emb = self.embed_time(timestep, added_time_ids, batch, sample.dtype).repeat_interleave(frames, dim=0)
        ehs = encoder_hidden_states.repeat_interleave(frames, dim=0)
        x = self.conv_in(sample.flatten(0, 1))
        x = x + self.controlnet_cond_embedding(controlnet_cond.flatten(0, 1))
        indicator = torch.zeros(batch, frames, dtype=x.dtype, device=x.device)
        skips = [x]
        for block in self.down_blocks:
            if getattr(block, "has_cross_attention", False):
                x, res = block(hidden_states=x, temb=emb, encoder_hidden_states=ehs, image_only_indicator=indicator)
            else:
                x, res = block(hidden_states=x, temb=emb, image_only_indicator=indicator)
            skips.extend(res)
        x = self.mid_block(hidden_states=x, temb=emb, encoder_hidden_states=ehs, image_only_indicator=indicator)
        down = [_scaled(conv(s), conditioning_scale) for s, conv in zip(skips, self.controlnet_down_blocks)]
        return down, _scaled(self.controlnet_mid_block(x), conditioning_scale)


def _scaled(x: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    """x * scale in x's dtype: a float16 graph keeps the scale float32 (the reference's Python float), so
    the product is computed in float32 and rounded once; float32 graphs trace no extra node."""
    y = x * scale
    return y if y.dtype == x.dtype else y.to(x.dtype)


def load_state_strict(module: nn.Module, state: dict[str, torch.Tensor], what: str) -> None:
    """Load `state` into `module`; every missing or unexpected key, and every shape mismatch, is an error
    that names the key (checked here explicitly rather than trusting load_state_dict's message)."""
    own = module.state_dict()
    missing = sorted(k for k in own if k not in state)
    unexpected = sorted(k for k in state if k not in own)
    bad_shape = sorted(f"{k}: checkpoint {tuple(state[k].shape)} vs model {tuple(own[k].shape)}"
                       for k in own if k in state and tuple(state[k].shape) != tuple(own[k].shape))
    problems = []
    if missing:
        problems.append(f"missing keys ({len(missing)}): " + ", ".join(missing))
    if unexpected:
        problems.append(f"unexpected keys ({len(unexpected)}): " + ", ".join(unexpected))
    if bad_shape:
        problems.append(f"shape mismatches ({len(bad_shape)}): " + "; ".join(bad_shape))
    if problems:
        raise ValueError(f"{what}: checkpoint does not match strictly: " + " | ".join(problems))
    module.load_state_dict(state, strict=True)


def load_levitor_controlnet(folder: Path) -> LevitorControlNet:
    """folder = the published `controlnet/` folder: config.json + diffusion_pytorch_model.safetensors."""
    from safetensors.torch import load_file

    config = json.loads((folder / "config.json").read_text())
    model = LevitorControlNet(config)
    weights = folder / "diffusion_pytorch_model.safetensors"
    if not weights.exists():
        raise FileNotFoundError(f"{weights} not found")
    load_state_strict(model, {k: v.float() for k, v in load_file(str(weights)).items()}, f"LeviTor ControlNet ({folder})")
    return model.eval()
