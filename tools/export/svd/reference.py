"""PyTorch reference of the LeviTor / SVD image-to-video sampling (docs/levitor-method.md section 8), with all
randomness injected, recording every intermediate the TypeScript pipeline is compared against."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from diffusers import EulerDiscreteScheduler
from diffusers.pipelines.stable_video_diffusion.pipeline_stable_video_diffusion import _resize_with_antialiasing

VAE_SCALING = 0.18215  # SVD-XT vae/config.json scaling_factor
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
# stabilityai/stable-video-diffusion-img2vid-xt scheduler/scheduler_config.json
SVD_SCHEDULER_CONFIG = dict(
    beta_end=0.012, beta_schedule="scaled_linear", beta_start=0.00085, interpolation_type="linear",
    num_train_timesteps=1000, prediction_type="v_prediction", sigma_max=700.0, sigma_min=0.002, steps_offset=1,
    timestep_spacing="leading", timestep_type="continuous", trained_betas=None, use_karras_sigmas=True)


def svd_scheduler(steps: int) -> EulerDiscreteScheduler:
    s = EulerDiscreteScheduler(**SVD_SCHEDULER_CONFIG)
    s.set_timesteps(steps)
    return s


@dataclass
class Params:
    steps: int = 25
    fps: int = 6
    motion_bucket_id: int = 100
    noise_aug_strength: float = 0.02
    min_guidance: float = 1.0
    max_guidance: float = 3.0
    control_scale: float = 1.0
    decode_chunk: int = 16


def clip_input(image01: torch.Tensor) -> torch.Tensor:
    """image [1,3,H,W] in [0,1] -> CLIP pixel_values [1,3,224,224] (diffusers SVD `_encode_image`)."""
    x = _resize_with_antialiasing(image01 * 2.0 - 1.0, (224, 224))
    x = (x + 1.0) / 2.0
    mean = torch.tensor(CLIP_MEAN, dtype=torch.float32).view(1, 3, 1, 1)
    std = torch.tensor(CLIP_STD, dtype=torch.float32).view(1, 3, 1, 1)
    return (x - mean) / std


@torch.no_grad()
def sample(image01, control, aug_noise, init_noise, p: Params, image_encoder, vae_encoder, denoiser, vae_decoder):
    """image01 [1,3,H,W]; control [F,3,H,W]; aug_noise [1,3,H,W]; init_noise [1,F,4,h,w] (both N(0,1)).
    Returns a dict of named float32 tensors (the goldens)."""
    out: dict[str, torch.Tensor] = {}
    frames = init_noise.shape[1]
    pixel = clip_input(image01)
    out["clip_input"] = pixel
    embeds = image_encoder(pixel)  # [1,E]
    out["image_embeds"] = embeds
    ehs = torch.cat([torch.zeros_like(embeds), embeds])[:, None, :]  # [2,1,E]: uncond (zeros) first

    vae_in = image01 * 2.0 - 1.0 + p.noise_aug_strength * aug_noise
    latent = vae_encoder(vae_in)  # [1,4,h,w], mode, NOT scaled by 0.18215
    out["image_latent"] = latent
    image_latents = torch.cat([torch.zeros_like(latent), latent])[:, None].repeat(1, frames, 1, 1, 1)

    time_ids = torch.tensor([[p.fps - 1, p.motion_bucket_id, p.noise_aug_strength]], dtype=torch.float32).repeat(2, 1)
    out["added_time_ids"] = time_ids
    sched = svd_scheduler(p.steps)
    out["sigmas"] = sched.sigmas.float()
    out["timesteps"] = sched.timesteps.float()
    latents = init_noise * sched.init_noise_sigma
    out["latents_init"] = latents
    guidance = torch.linspace(p.min_guidance, p.max_guidance, frames).view(1, frames, 1, 1, 1)
    control2 = torch.cat([control[None], control[None]])  # the same map for both CFG halves
    scale = torch.tensor([p.control_scale], dtype=torch.float32)
    for i, t in enumerate(sched.timesteps):
        model_in = sched.scale_model_input(torch.cat([latents] * 2), t)
        model_in = torch.cat([model_in, image_latents], dim=2)  # [2,F,8,h,w]
        v = denoiser(model_in, t.reshape(1).float(), ehs, time_ids, control2, scale)
        v_uncond, v_cond = v.chunk(2)
        v = v_uncond + guidance * (v_cond - v_uncond)
        if i == 0:
            out["v_step0"] = v
        latents = sched.step(v, t, latents).prev_sample
        out[f"latents_step{i}"] = latents

    flat = (latents / VAE_SCALING).flatten(0, 1)  # [F,4,h,w]
    decoded = torch.cat([vae_decoder(flat[i:i + p.decode_chunk]) for i in range(0, frames, p.decode_chunk)])
    out["frames_raw"] = decoded  # [F,3,H,W] in about [-1,1]
    out["frames"] = (decoded / 2 + 0.5).clamp(0, 1)
    return out
