"""Full-size random-weight checkpoints in the hub's layout, and the PyTorch side of the full-size checks.

    python -m tools.export.svd.fullsize weights --out DIR          # DIR/stable-video-diffusion-img2vid-xt + DIR/LeviTor
    python -m tools.export.svd.fullsize torch --models DIR --out DIR/torch --width 72 --height 64 --frames 4

`weights` builds the four modules at the published configs (published.py) WITHOUT their weights, takes the
tensor names and shapes their libraries save, and writes random values in the published files' dtypes:
float16 for SVD-XT's `*.fp16.safetensors` (what `save_pretrained(variant="fp16")` writes), float32 for the
LeviTor ControlNet, one module at a time (peak ~ the largest file, the UNet's 3 GB). The installer then
checks those names/dtypes/shapes against the shipped template: an independent check that the template
expects what the libraries write at the published configs.

`torch` runs each graph's module (graphs.py wrappers, FusedDenoiser with diffusers 0.24's temporal-context
order) once in float32 on the CPU on fixed inputs and writes inputs + outputs as raw float32 (index.json):
what onnxruntime must reproduce. Weights are read tensor by tensor and upcast (never two copies of a
module), modules are freed between graphs, and the ControlNet runs before the UNet is loaded, so the
peak is the UNet in float32 (~6.1 GB) plus activations.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import resource
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .published import CONTROLNET, IMAGE_ENCODER, UNET, VAE
from .reference import SVD_SCHEDULER_CONFIG
from .template import LEVITOR_DIR, SOURCES, SVD_DIR

# model_index.json of SVD-XT (the pipeline's component classes); the installer does not read it.
MODEL_INDEX = {
    "_class_name": "StableVideoDiffusionPipeline", "feature_extractor": ["transformers", "CLIPImageProcessor"],
    "image_encoder": ["transformers", "CLIPVisionModelWithProjection"],
    "scheduler": ["diffusers", "EulerDiscreteScheduler"], "unet": ["diffusers", "UNetSpatioTemporalConditionModel"],
    "vae": ["diffusers", "AutoencoderKLTemporalDecoder"],
}


def meta_module(key: str, config: dict | None = None) -> nn.Module:
    """The module of SOURCES[key], parameters on the meta device (no memory), at `config` (a config.json
    as found on disk) or else at the published config."""
    from diffusers import AutoencoderKLTemporalDecoder, UNetSpatioTemporalConditionModel
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    from .controlnet import LevitorControlNet

    published = {"image_encoder": IMAGE_ENCODER, "vae": VAE, "unet": UNET, "controlnet": CONTROLNET}[key]
    c = {k: v for k, v in (config or published).items() if not k.startswith("_")}
    with torch.device("meta"):
        if key == "image_encoder":
            return CLIPVisionModelWithProjection(CLIPVisionConfig(**c))
        if key == "vae":
            return AutoencoderKLTemporalDecoder.from_config(c)
        if key == "unet":
            return UNetSpatioTemporalConditionModel.from_config(c)
        return LevitorControlNet(c)


def random_tensor(name: str, shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    """Values that keep activations O(1) through the deep stacks: weights ~ N(0, 1/fan_in), norm scales
    ~ 1 + N(0, 0.1), biases and other vectors ~ N(0, 0.02). The ControlNet's zero-initialised convs get
    random values too, or the control input would have no effect to compare."""
    if len(shape) >= 2:
        fan_in = int(np.prod(shape[1:]))
        return torch.randn(shape, generator=gen) * fan_in ** -0.5
    parts = name.split(".")
    if len(parts) > 1 and parts[-1] == "weight" and "norm" in parts[-2]:
        return 1.0 + 0.1 * torch.randn(shape, generator=gen)
    return 0.02 * torch.randn(shape, generator=gen)


def write_config(key: str, module: nn.Module, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if key == "image_encoder":
        module.config.save_pretrained(str(folder))
    elif key == "controlnet":
        config = {"_class_name": "ControlNetSVDModel", "_diffusers_version": "0.24.0", **module.config}
        (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    else:
        module.save_config(str(folder))


def write_weights(out: Path, seed: int) -> dict[str, dict]:
    """Writes every SOURCES file + config and the scheduler / model_index JSONs; returns per-file figures."""
    from safetensors.torch import save_file

    figures = {}
    for i, (key, src) in enumerate(SOURCES.items()):
        t0 = time.perf_counter()
        module = meta_module(key)
        dtype = torch.float32 if key == "controlnet" else torch.float16
        write_config(key, module, out / Path(src["config"]).parent)
        gen = torch.Generator().manual_seed(seed + i)
        state = {n: random_tensor(n, tuple(t.shape), gen).to(dtype).contiguous()
                 for n, t in module.state_dict().items()}
        path = out / src["file"]
        save_file(state, str(path), metadata={"format": "pt"})
        figures[src["file"]] = {"tensors": len(state), "parameters": sum(t.numel() for t in state.values()),
                                "dtype": str(dtype).removeprefix("torch."), "bytes": path.stat().st_size,
                                "seconds": round(time.perf_counter() - t0, 1)}
        print(f"weights {src['file']}: {figures[src['file']]}", flush=True)
        del state, module
        free_memory()
    svd = out / SVD_DIR
    (svd / "scheduler").mkdir(parents=True, exist_ok=True)
    sched = {"_class_name": "EulerDiscreteScheduler", **SVD_SCHEDULER_CONFIG}
    (svd / "scheduler" / "scheduler_config.json").write_text(json.dumps(sched, indent=2) + "\n")
    (svd / "model_index.json").write_text(json.dumps(MODEL_INDEX, indent=2) + "\n")
    return figures


def load_module(key: str, models: Path, dtype: torch.dtype = torch.float32) -> nn.Module:
    """SOURCES[key] at the published config with the weights of `models`, strictly (missing, unexpected or
    mis-shaped names abort), each tensor converted to `dtype` as it is read."""
    from safetensors import safe_open

    module = meta_module(key, json.loads((models / SOURCES[key]["config"]).read_text()))
    own = module.state_dict()
    state = {}
    with safe_open(str(models / SOURCES[key]["file"]), "pt") as f:
        for name in f.keys():
            state[name] = f.get_tensor(name).to(dtype)
    derived = {"vision_model.embeddings.position_ids"}  # an arange some transformers versions persist
    missing = sorted(set(own) - set(state) - derived)
    unexpected = sorted(set(state) - set(own) - derived)
    shapes = sorted(n for n in own if n in state and own[n].shape != state[n].shape)
    if missing or unexpected or shapes:
        raise ValueError(f"{key}: missing {missing[:5]}, unexpected {unexpected[:5]}, mis-shaped {shapes[:5]}")
    module.load_state_dict({n: t for n, t in state.items() if n in own}, strict=False, assign=True)
    del state
    if key == "image_encoder":
        emb = module.vision_model.embeddings
        emb.register_buffer("position_ids", torch.arange(emb.num_positions).expand((1, -1)), persistent=False)
    stale = [n for n, b in list(module.named_parameters()) + list(module.named_buffers()) if b.is_meta]
    if stale:
        raise RuntimeError(f"{key}: left on the meta device: {stale[:5]}")
    return module.eval()


def free_memory() -> None:
    """Collect, then hand freed heap pages back to the OS (glibc keeps them otherwise, and the next
    module's peak would include the previous one's)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class _Residuals(nn.Module):
    """Stands in for the ControlNet inside FusedDenoiser with residuals computed before the UNet loads."""

    def __init__(self, down, mid):
        super().__init__()
        self.down, self.mid = down, mid

    def forward(self, *_args):
        return self.down, self.mid


def graph_inputs(width: int, height: int, frames: int, seed: int) -> dict[str, dict[str, torch.Tensor]]:
    """Fixed float32 feeds of each graph (names as in the pack graphs)."""
    from .reference_goldens import blob_control

    g = torch.Generator().manual_seed(seed)
    h, w = height // 8, width // 8
    ehs = torch.randn(1, 1, 1024, generator=g)
    return {
        "image_encoder": {"pixel_values": torch.randn(1, 3, 224, 224, generator=g)},
        "vae_encoder": {"image": torch.rand(1, 3, height, width, generator=g) * 2 - 1},
        "vae_decoder": {"latents": torch.randn(frames, 4, h, w, generator=g)},
        "denoiser": {
            "sample": torch.randn(2, frames, 8, h, w, generator=g),
            "timestep": torch.tensor([0.25 * float(np.log(700.0))]),
            "encoder_hidden_states": torch.cat([torch.zeros_like(ehs), ehs]),
            "added_time_ids": torch.tensor([[6.0, 100.0, 0.02]] * 2),
            "controlnet_cond": blob_control(frames, height, width)[None].repeat(2, 1, 1, 1, 1),
            "conditioning_scale": torch.tensor([1.0]),
        },
    }


@torch.no_grad()
def run_graph(key: str, models: Path, feeds: dict[str, torch.Tensor]) -> torch.Tensor:
    from .denoiser import FusedDenoiser
    from .graphs import ImageEncoder, VaeDecoder, VaeEncoder
    from .temporal_context import use_reference_temporal_context

    args = list(feeds.values())
    if key == "image_encoder":
        return ImageEncoder(load_module("image_encoder", models))(*args)
    if key in ("vae_encoder", "vae_decoder"):
        wrap = VaeEncoder if key == "vae_encoder" else VaeDecoder
        return wrap(load_module("vae", models))(*args)
    controlnet = load_module("controlnet", models)
    use_reference_temporal_context(controlnet)
    down, mid = controlnet(*args)
    del controlnet
    free_memory()
    return FusedDenoiser(load_module("unet", models), _Residuals(down, mid))(*args)


def save_f32(folder: Path, name: str, t: torch.Tensor) -> dict:
    arr = np.ascontiguousarray(t.detach().float().numpy().astype("<f4"))
    (folder / f"{name}.f32").write_bytes(arr.tobytes())
    return {"file": f"{name}.f32", "shape": list(arr.shape)}


def run_torch(models: Path, out: Path, width: int, height: int, frames: int, seed: int) -> dict:
    import diffusers

    out.mkdir(parents=True, exist_ok=True)
    index = {"format": "raw little-endian float32, C order", "diffusers": diffusers.__version__,
             "torch": torch.__version__.split("+")[0], "shape": {"width": width, "height": height, "frames": frames},
             "graphs": {}}
    for key, feeds in graph_inputs(width, height, frames, seed).items():
        t0 = time.perf_counter()
        y = run_graph(key, models, feeds)
        seconds = time.perf_counter() - t0
        free_memory()
        index["graphs"][key] = {
            "inputs": {n: save_f32(out, f"{key}.{n}", t) for n, t in feeds.items()},
            "output": save_f32(out, f"{key}.out", y),
            "seconds": round(seconds, 2),
            "maxAbs": float(y.abs().max()),
            "processPeakRssMB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }
        print(f"torch {key}: {index['graphs'][key]['seconds']} s, max |y| {index['graphs'][key]['maxAbs']:.3g}, "
              f"peak RSS so far {index['graphs'][key]['processPeakRssMB']} MB", flush=True)
    (out / "index.json").write_text(json.dumps(index, indent=2) + "\n")
    return index


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("weights")
    w.add_argument("--out", type=Path, required=True)
    w.add_argument("--seed", type=int, default=2024)
    w.add_argument("--figures", type=Path, help="write the per-file figures here (JSON)")
    t = sub.add_parser("torch")
    t.add_argument("--models", type=Path, required=True)
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--width", type=int, default=72)
    t.add_argument("--height", type=int, default=64)
    t.add_argument("--frames", type=int, default=4)
    t.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    torch.set_num_threads(max(1, torch.get_num_threads()))
    if a.cmd == "weights":
        figures = write_weights(a.out, a.seed)
        if a.figures:
            a.figures.write_text(json.dumps(figures, indent=2) + "\n")
    else:
        run_torch(a.models, a.out, a.width, a.height, a.frames, a.seed)


if __name__ == "__main__":
    main()
