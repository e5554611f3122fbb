"""Every module of the pipeline on the exporter's libraries against the reference's pinned versions.

    tools/.venv-export/bin/python -m tools.export.svd.crossversion [--reference-python PY]

Draws the tiny weights and inputs here (diffusers 0.31, transformers 4.46), runs the same modules with the
same weights and inputs in the reference venv (tools/.venv-reference-svd: diffusers 0.24.0, transformers
4.27.0: `--dump`), and prints, per module, the max abs difference of this venv's stock module and of the
module as the exporter uses it (temporal-context order fixed: temporal_context.py) from the reference.
The figures are recorded in tools/export/svd/README.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

from .denoiser import FusedDenoiser
from .graphs import ImageEncoder, VaeDecoder, VaeEncoder
from .reference import clip_input, svd_scheduler
from .temporal_context import library_has_reference_order, use_reference_temporal_context

ROOT = Path(__file__).resolve().parents[3]


def make_inputs(seed: int = 7) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    r = lambda *s: torch.randn(*s, generator=g)  # noqa: E731
    return {
        "image01": torch.rand(1, 3, 80, 72, generator=g),
        "big": torch.rand(1, 3, 512, 288, generator=g) * 2 - 1,
        "pixels": r(1, 3, 224, 224),
        "latents4": r(4, 4, 10, 9),
        # UNet at a power-of-two latent (the stock forward's own up-sampling works there)
        "u_sample": r(2, 2, 8, 8, 8), "u_t": torch.tensor([0.37]), "u_ehs": r(2, 1, 32),
        "u_ids": torch.tensor([[5.0, 100.0, 0.02]] * 2),
        # the fused denoiser at the tiny pack's odd latent (10 x 9), CFG pattern (zeros, embedding)
        "d_sample": r(2, 4, 8, 10, 9), "d_ehs": torch.cat([torch.zeros(1, 1, 32), r(1, 1, 32)]),
        "d_cond": torch.rand(2, 4, 3, 80, 72, generator=g) * 255, "d_scale": torch.tensor([1.0]),
        "v": r(1, 4, 4, 10, 9), "x": r(1, 4, 4, 10, 9),
    }


@torch.no_grad()
def run_modules(modules, x: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    from diffusers.pipelines.stable_video_diffusion.pipeline_stable_video_diffusion import _resize_with_antialiasing

    clip, vae, unet, cn = modules
    out = {
        "preprocessing: clip_input (antialiased resize + normalise)": clip_input(x["image01"]),
        "preprocessing: antialiased resize 512x288 -> 224": _resize_with_antialiasing(x["big"], (224, 224)),
        "CLIP vision: image_embeds": ImageEncoder(clip)(x["pixels"]),
        "VAE encoder: latent (mode)": VaeEncoder(vae)(x["image01"] * 2 - 1),
        "VAE temporal decoder: 4 frames": VaeDecoder(vae)(x["latents4"]),
        "UNet (stock forward, latent 8x8)": unet(x["u_sample"], x["u_t"], x["u_ehs"], x["u_ids"],
                                                  return_dict=False)[0],
    }
    d_ids = x["u_ids"]
    out["ControlNet: mid-block residual"] = cn(x["d_sample"], x["u_t"], x["d_ehs"], d_ids, x["d_cond"],
                                               x["d_scale"])[1]
    den = FusedDenoiser(unet, cn, reference_temporal_order=False)  # the order is what `modules` have
    out["ControlNet + UNet (fused denoiser, latent 10x9)"] = den(x["d_sample"], x["u_t"], x["d_ehs"], d_ids,
                                                                 x["d_cond"], x["d_scale"])
    s = svd_scheduler(25)
    out["scheduler: 25 sigmas"] = s.sigmas.float()
    out["scheduler: 25 timesteps"] = s.timesteps.float()
    out["scheduler: init_noise_sigma"] = torch.tensor([float(s.init_noise_sigma)])
    s.scale_model_input(x["x"], s.timesteps[0])  # marks the step index as the pipeline does
    out["scheduler: Euler step"] = s.step(x["v"], s.timesteps[0], x["x"]).prev_sample
    return out


def dump(weights: Path, inputs: Path, out: Path) -> None:
    from .reference_goldens import load_tiny

    x = {k: torch.from_numpy(v) for k, v in np.load(inputs).items()}
    res = run_modules(load_tiny(weights), x)
    np.savez(out, **{k: v.float().numpy() for k, v in res.items()})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference-python", type=Path, default=ROOT / "tools" / ".venv-reference-svd" / "bin" / "python")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when a module as exported is further than float round-off from the reference")
    ap.add_argument("--dump", nargs=3, type=Path, metavar=("WEIGHTS", "INPUTS", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.dump:
        dump(*a.dump)
        return
    if library_has_reference_order():
        raise SystemExit("crossversion: run it in the exporter's venv (a diffusers newer than the reference's)")
    import diffusers
    import transformers

    from .make_tiny import save_weights
    from .tiny import build_tiny

    x = make_inputs()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        save_weights(t / "w", build_tiny(1234))
        np.savez(t / "in.npz", **{k: v.numpy() for k, v in x.items()})
        subprocess.run([str(a.reference_python), "-m", "tools.export.svd.crossversion", "--dump", str(t / "w"),
                        str(t / "in.npz"), str(t / "ref.npz")], cwd=ROOT, check=True)
        ref = dict(np.load(t / "ref.npz"))
        versions = subprocess.run([str(a.reference_python), "-c", "import diffusers, transformers; "
                                   "print(diffusers.__version__, transformers.__version__)"],
                                  cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    stock = run_modules(build_tiny(1234), x)
    fixed_modules = build_tiny(1234)
    for m in fixed_modules[2:]:
        use_reference_temporal_context(m)
    fixed = run_modules(fixed_modules, x)
    print(f"| module | max abs diff, stock diffusers {diffusers.__version__} / transformers "
          f"{transformers.__version__} | as exported (0.24 context order) | max abs of the reference "
          f"(diffusers {versions[0]}, transformers {versions[1]}) |")
    print("|---|---|---|---|")
    off = []
    for name, want in ref.items():
        d_stock = float(np.abs(stock[name].numpy() - want).max())
        d_fixed = float(np.abs(fixed[name].numpy() - want).max())
        scale = float(np.abs(want).max())
        print(f"| {name} | {d_stock:.2e} | {d_fixed:.2e} | {scale:.3g} |")
        if d_fixed > 1e-5 * max(1.0, scale):
            off.append(name)
    sys.stdout.flush()
    if a.check and off:
        raise SystemExit(f"crossversion: as exported, these differ from the reference: {off}")


if __name__ == "__main__":
    main()
