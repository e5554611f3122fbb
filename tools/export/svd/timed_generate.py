"""A whole LeviTor generation in PyTorch, timed per denoising step (the PyTorch column of tools/gpu/check.sh).

    python -m tools.export.svd.timed_generate --models DIR --device cuda --dtype fp16 --steps 25 \
        --width 288 --height 512 --frames 16 [--json OUT]

DIR holds stable-video-diffusion-img2vid-xt/ and LeviTor/ in the hub's layout (fullsize.py weights, or the
tiny fixture tests/fixtures/svd/hub/models); the modules are built from the config.json files found there
and load the safetensors strictly. The sampling loop is reference.py's (the project's reference with
diffusers 0.24's temporal-context order in FusedDenoiser); modules run in `--dtype` on `--device` with
float32 inputs and outputs and the pack graphs' precision choices (pack.prep_module: for fp16 the VAE
encoder upcast to float32, norms and the timestep embedding in float32), like the studio's graphs. Prints one JSON line:
seconds per step (median over the steps after the first), the whole generation, peak memory
(torch.cuda.max_memory_allocated; the nvidia-smi figure is sampled by the caller).
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import time
from pathlib import Path

import torch
from torch import nn

from .denoiser import FusedDenoiser
from .fullsize import load_module
from .graphs import ImageEncoder, VaeDecoder, VaeEncoder
from .pack import prep_module
from .reference import Params, sample
from .reference_goldens import blob_control, test_image


class OnDevice(nn.Module):
    """Runs `inner` on `device`: float32 CPU tensors in, float32 CPU tensor out. Inputs that are the same
    tensor object from call to call (control map, embeddings, time ids) are copied to the device once."""

    def __init__(self, inner: nn.Module, device: torch.device, precision: str, step_times: list | None = None):
        super().__init__()
        self.inner = prep_module(inner, precision).to(device)
        self.device, self.step_times = device, step_times
        self._cache: dict[int, tuple[torch.Tensor, torch.Tensor]] = {}

    def _to(self, t: torch.Tensor) -> torch.Tensor:
        hit = self._cache.get(id(t))
        if hit is not None and hit[0] is t:
            return hit[1]
        d = t.to(self.device)
        self._cache[id(t)] = (t, d)
        return d

    def _sync(self) -> None:
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)

    @torch.no_grad()
    def forward(self, *args):
        self._sync()
        t0 = time.perf_counter()
        y = self.inner(*(self._to(a) for a in args)).float().cpu()
        self._sync()
        if self.step_times is not None:
            self.step_times.append(time.perf_counter() - t0)
        self._cache = {k: v for k, v in self._cache.items() if v[0] is not args[0]}  # the sample changes
        return y


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", type=Path, required=True)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--dtype", choices=("fp16", "fp32"), default="fp16")
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--width", type=int, default=288)
    ap.add_argument("--height", type=int, default=512)
    ap.add_argument("--frames", type=int, default=16)
    ap.add_argument("--decode-chunk", type=int, default=0, help="default: all frames at once")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    device = torch.device(a.device)
    dtype = torch.float16 if a.dtype == "fp16" else torch.float32
    t_load = time.perf_counter()
    steps: list[float] = []
    load = lambda key: load_module(key, a.models, dtype)  # noqa: E731 (converted tensor by tensor)
    clip = OnDevice(ImageEncoder(load("image_encoder")), device, a.dtype)
    vae = load("vae")
    # the reference upcasts the VAE to float32 for encoding (force_upcast), as the pack's vae_encoder does
    vae_enc = OnDevice(VaeEncoder(copy.deepcopy(vae)), device, "fp32")
    vae_dec = OnDevice(VaeDecoder(vae), device, a.dtype)
    denoiser = OnDevice(FusedDenoiser(load("unet"), load("controlnet")), device, a.dtype, steps)
    load_seconds = time.perf_counter() - t_load
    gen = torch.Generator().manual_seed(a.seed)
    h, w, f = a.height, a.width, a.frames
    p = Params(steps=a.steps, decode_chunk=a.decode_chunk or f)
    t0 = time.perf_counter()
    out = sample(test_image(h, w), blob_control(f, h, w), torch.randn(1, 3, h, w, generator=gen),
                 torch.randn(1, f, 4, h // 8, w // 8, generator=gen), p, clip, vae_enc, denoiser, vae_dec)
    total = time.perf_counter() - t0
    after_first = steps[1:] or steps
    result = {
        "engine": f"pytorch {torch.__version__.split('+')[0]} {a.dtype} {device.type}",
        "shape": f"{w}x{h}x{f}", "steps": a.steps, "loadSeconds": round(load_seconds, 2),
        "secondsPerStep": round(statistics.median(after_first), 4), "firstStepSeconds": round(steps[0], 4),
        "generationSeconds": round(total, 2),
        "peakAllocatedMB": round(torch.cuda.max_memory_allocated(device) / 2**20) if device.type == "cuda" else None,
        "framesFinite": bool(torch.isfinite(out["frames"]).all()),
    }
    print(json.dumps(result), flush=True)
    if a.json:
        a.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
