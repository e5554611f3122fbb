"""Goldens of the tiny SVD pack, computed on the reference's own library versions.

    tools/.venv-reference-svd/bin/python -m tools.export.svd.reference_goldens --weights DIR --out DIR/golden

Runs in tools/.venv-reference-svd (tools/export/svd/reference-requirements.txt: diffusers 0.24.0 and what
LeviTor pins beside it), never in the exporter's venv, so a golden cannot share the exporter's library
semantics by construction (issue 11: diffusers 0.31 broadcasts the temporal context in another order).
The modules are these versions' own classes (UNetSpatioTemporalConditionModel, AutoencoderKLTemporalDecoder,
CLIPVisionModelWithProjection, and the project's ControlNet on 0.24's blocks), loaded strictly from the
state dicts the exporter's side drew (make_tiny.py writes them to --weights). The UNet runs through
denoiser.py's restated forward (residual injection and explicit up-sampling sizes; on diffusers < 0.25 it
adds no context reordering, the blocks already have the reference order); the README records that the
restatement equals the stock 0.24 forward.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import diffusers
import numpy as np
import torch
import transformers
from safetensors.torch import load_file

from .denoiser import FusedDenoiser
from .graphs import ImageEncoder, VaeDecoder, VaeEncoder
from .reference import Params, sample, svd_scheduler
from .temporal_context import library_has_reference_order
from .tiny import TINY_DECODE_CHUNK, TINY_FRAMES, TINY_HEIGHT, TINY_WIDTH, tiny_modules

GOLDEN_PARAMS = Params(steps=4, fps=6, motion_bucket_id=100, noise_aug_strength=0.02, min_guidance=1.0,
                       max_guidance=3.0, control_scale=1.0, decode_chunk=TINY_DECODE_CHUNK)
MODULES = ("clip", "vae", "unet", "controlnet")
# Buffers that transformers versions disagree on persisting (CLIP's position_ids: an arange, not a weight).
DERIVED_BUFFERS = ("vision_model.embeddings.position_ids",)


def test_image(h: int, w: int) -> torch.Tensor:
    """[1,3,H,W] in [0,1]: smooth gradients plus a bright disc, exactly representable (k/255)."""
    y, x = torch.meshgrid(torch.arange(h), torch.arange(w), indexing="ij")
    r = (x * 255 // (w - 1))
    g = (y * 255 // (h - 1))
    b = torch.where((x - w * 0.6) ** 2 + (y - h * 0.4) ** 2 < (0.2 * w) ** 2, 230, 40)
    return torch.stack([r, g, b]).float().div(255.0)[None]


def blob_control(frames: int, h: int, w: int) -> torch.Tensor:
    """[F,3,H,W] like a LeviTor control map: ch0 Gaussian blobs 0..255, ch1 the id under a blob, ch2 its
    depth (0..255); two blobs moving in opposite directions, a third fixed."""
    y, x = torch.meshgrid(torch.arange(h, dtype=torch.float64), torch.arange(w, dtype=torch.float64), indexing="ij")
    out = torch.zeros(frames, 3, h, w, dtype=torch.float64)
    for f in range(frames):
        a = f / max(frames - 1, 1)
        blobs = [(1, 0.2 + 0.5 * a, 0.3, 120.0), (2, 0.8 - 0.4 * a, 0.7, 200.0), (3, 0.5, 0.5, 60.0)]
        for ident, cx, cy, depth in blobs:
            g = torch.floor(255 * torch.exp(-((x - cx * w) ** 2 + (y - cy * h) ** 2) / (2 * 4.0 ** 2)))
            m = g > 0
            out[f, 0][m] = g[m]
            out[f, 1][m] = ident
            out[f, 2][m] = depth
    return out.float()


def golden_inputs(seed: int) -> dict[str, torch.Tensor]:
    """The injected inputs and noise (same torch version on both sides, so both can draw them)."""
    h, w, f = TINY_HEIGHT, TINY_WIDTH, TINY_FRAMES
    gen = torch.Generator().manual_seed(seed + 1)
    image, control = test_image(h, w), blob_control(f, h, w)
    aug_noise = torch.randn(1, 3, h, w, generator=gen)
    init_noise = torch.randn(1, f, 4, h // 8, w // 8, generator=gen)
    return {"image": image, "control": control, "aug_noise": aug_noise, "init_noise": init_noise}


def load_strict(module: torch.nn.Module, state: dict[str, torch.Tensor], what: str) -> None:
    own = module.state_dict()
    missing = sorted(k for k in own if k not in state and k not in DERIVED_BUFFERS)
    unexpected = sorted(k for k in state if k not in own and k not in DERIVED_BUFFERS)
    shapes = sorted(k for k in own if k in state and own[k].shape != state[k].shape)
    if missing or unexpected or shapes:
        raise ValueError(f"{what}: missing {missing}, unexpected {unexpected}, mis-shaped {shapes}")
    module.load_state_dict({k: v for k, v in state.items() if k in own}, strict=False)


def load_tiny(weights: Path):
    modules = tiny_modules()
    for name, m in zip(MODULES, modules):
        load_strict(m, load_file(str(weights / f"{name}.safetensors")), name)
        m.eval()
    return modules


def save_goldens(folder: Path, tensors: dict[str, torch.Tensor], meta: dict, reference: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    index = {"format": "raw little-endian float32, C order", "meta": meta, "reference": reference, "tensors": {}}
    for name, t in tensors.items():
        arr = np.ascontiguousarray(t.detach().cpu().numpy().astype("<f4"))
        (folder / f"{name}.f32").write_bytes(arr.tobytes())
        index["tensors"][name] = {"file": f"{name}.f32", "shape": list(arr.shape)}
    (folder / "index.json").write_text(json.dumps(index, indent=2) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", type=Path, required=True, help="folder of clip/vae/unet/controlnet.safetensors")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--allow-newer-diffusers", action="store_true",
                    help="for tests only: run on a diffusers whose temporal order is not the reference's")
    a = ap.parse_args()
    if not library_has_reference_order() and not a.allow_newer_diffusers:
        raise SystemExit(f"reference_goldens: diffusers {diffusers.__version__} is not the reference's (0.24.0): "
                         "run it with tools/.venv-reference-svd (bash tools/export/svd/setup-reference.sh)")
    torch.manual_seed(a.seed)
    clip, vae, unet, controlnet = load_tiny(a.weights)
    inputs = golden_inputs(a.seed)
    p = GOLDEN_PARAMS
    gold = sample(inputs["image"], inputs["control"], inputs["aug_noise"], inputs["init_noise"], p,
                  ImageEncoder(clip).eval(), VaeEncoder(vae).eval(), FusedDenoiser(unet, controlnet).eval(),
                  VaeDecoder(vae).eval())
    meta = {"steps": p.steps, "fps": p.fps, "motionBucketId": p.motion_bucket_id,
            "noiseAugStrength": p.noise_aug_strength, "minGuidance": p.min_guidance,
            "maxGuidance": p.max_guidance, "controlScale": p.control_scale, "decodeChunk": p.decode_chunk,
            "width": TINY_WIDTH, "height": TINY_HEIGHT, "frames": TINY_FRAMES}
    # A 25-step schedule too (the figure), and an anti-aliased resize that really shrinks
    # (the tiny image only grows to 224): input generated by the same integer formula in TS.
    from diffusers.pipelines.stable_video_diffusion.pipeline_stable_video_diffusion import _resize_with_antialiasing
    s25 = svd_scheduler(25)
    extra = {"sigmas25": s25.sigmas.float(), "timesteps25": s25.timesteps.float()}
    yy, xx = torch.meshgrid(torch.arange(512), torch.arange(288), indexing="ij")
    big = (((yy * 31 + xx * 17) % 97).float() / 48.0 - 1.0)[None, None].repeat(1, 3, 1, 1)
    big[:, 1] = big[:, 1].flip(-1)
    extra["resize_512x288"] = _resize_with_antialiasing(big, (224, 224))[:, :2]
    gold.pop("frames_raw")  # frames = clamp(frames_raw / 2 + 0.5) is what the pipeline returns
    versions = {"diffusers": diffusers.__version__, "transformers": transformers.__version__,
                "torch": torch.__version__.split("+")[0]}
    save_goldens(a.out, {**inputs, **gold, **extra}, meta, versions)
    print(f"reference goldens on diffusers {versions['diffusers']}, transformers {versions['transformers']}, "
          f"torch {versions['torch']} -> {a.out}")


if __name__ == "__main__":
    main()
