"""Tiny pack + reference goldens for the TypeScript parity tests.

    python -m tools.export.svd.make_tiny --out tests/fixtures/svd

writes OUT/pack (the tiny pack: the same exporter code as the full pack, random weights) from this venv,
then OUT/golden (raw little-endian float32 tensors + index.json) from the reference venv
(tools/.venv-reference-svd, diffusers 0.24.0: reference_goldens.py), which loads the same weights. Last, it
prints how far this venv's denoiser (torch, and the exported ONNX graph) is from the reference at step 0.
Everything is seeded, so re-running reproduces the files (up to the float rounding of the CPU kernels).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from safetensors.torch import save_file

from .denoiser import FusedDenoiser
from .pack import PackSpec, write_pack
from .reference_goldens import GOLDEN_PARAMS
from .tiny import EMBED_DIM, TINY_DECODE_CHUNK, TINY_FRAMES, TINY_HEIGHT, TINY_WIDTH, build_tiny

ROOT = Path(__file__).resolve().parents[3]
REFERENCE_PYTHON = ROOT / "tools" / ".venv-reference-svd" / "bin" / "python"


def save_weights(folder: Path, modules) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, m in zip(("clip", "vae", "unet", "controlnet"), modules):
        save_file({k: v.detach().contiguous() for k, v in m.state_dict().items()}, str(folder / f"{name}.safetensors"))


def run_reference(python: Path, weights: Path, out: Path, seed: int) -> None:
    if not python.exists():
        raise SystemExit(f"make_tiny: no reference venv at {python}: run bash tools/export/svd/setup-reference.sh")
    cmd = [str(python), "-m", "tools.export.svd.reference_goldens", "--weights", str(weights), "--out", str(out),
           "--seed", str(seed)]
    subprocess.run(cmd, cwd=ROOT, check=True)


def read_goldens(folder: Path) -> dict[str, torch.Tensor]:
    index = json.loads((folder / "index.json").read_text())
    return {name: torch.from_numpy(np.fromfile(folder / t["file"], dtype="<f4").reshape(t["shape"]))
            for name, t in index["tensors"].items()}


def step0_check(pack: Path, denoiser, gold: dict[str, torch.Tensor]) -> dict[str, float]:
    """The denoiser's step-0 input rebuilt from the goldens; this venv's torch module and the exported ONNX
    graph against each other, and the CFG-combined v against the reference's v_step0."""
    frames = gold["control"].shape[0]
    x = torch.cat([gold["latents_init"]] * 2).div(math.sqrt(float(gold["sigmas"][0]) ** 2 + 1))
    img_lat = torch.cat([torch.zeros_like(gold["image_latent"]), gold["image_latent"]])[:, None].repeat(1, frames, 1, 1, 1)
    args = (torch.cat([x, img_lat], dim=2), gold["timesteps"][:1].clone(),
            torch.cat([torch.zeros_like(gold["image_embeds"]), gold["image_embeds"]])[:, None],
            gold["added_time_ids"], torch.stack([gold["control"], gold["control"]]), torch.tensor([GOLDEN_PARAMS.control_scale]))
    sess = ort.InferenceSession(str(pack / "denoiser.onnx"), providers=["CPUExecutionProvider"])
    names = [i.name for i in sess.get_inputs()]
    got = torch.from_numpy(sess.run(None, {n: a.numpy() for n, a in zip(names, args)})[0])
    with torch.no_grad():
        want = denoiser(*args)
    p = GOLDEN_PARAMS
    guidance = torch.linspace(p.min_guidance, p.max_guidance, frames).view(1, frames, 1, 1, 1)
    uncond, cond = got.chunk(2)
    v = uncond + guidance * (cond - uncond)
    ref = gold["v_step0"]
    return {"onnx_vs_torch": float((got - want).abs().max()),
            "onnx_vs_reference": float((v - ref).abs().max()), "reference_max": float(ref.abs().max())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("tests/fixtures/svd"))
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--reference-python", type=Path, default=REFERENCE_PYTHON,
                    help="python of the reference venv (diffusers 0.24.0) that writes the goldens")
    ap.add_argument("--pack-only", action="store_true",
                    help="write only OUT/pack (no goldens); with --width/--height/--frames: e.g. a tiny-weight "
                         "pack at the full 288x512x16 shapes for `npm run bench -- diffusion --pack`")
    ap.add_argument("--width", type=int, default=TINY_WIDTH)
    ap.add_argument("--height", type=int, default=TINY_HEIGHT)
    ap.add_argument("--frames", type=int, default=TINY_FRAMES)
    ap.add_argument("--decode-chunk", type=int, default=TINY_DECODE_CHUNK)
    args = ap.parse_args()
    if not args.pack_only and (args.width, args.height, args.frames) != (TINY_WIDTH, TINY_HEIGHT, TINY_FRAMES):
        ap.error("the goldens use the default tiny shape; other shapes need --pack-only")
    torch.manual_seed(args.seed)
    clip, vae, unet, controlnet = build_tiny(args.seed)
    spec = PackSpec(width=args.width, height=args.height, frames=args.frames, decode_chunk=args.decode_chunk,
                    precision="fp32", fp16_storage=True, kind="tiny", embed_dim=EMBED_DIM,
                    sources=[{"name": "tiny random weights (tools/export/svd/tiny.py)", "seed": args.seed,
                              "licence": "Apache-2.0"}])
    pack = args.out / "pack"
    write_pack(pack, spec, clip, vae, unet, controlnet)
    if args.pack_only:
        return
    with tempfile.TemporaryDirectory() as tmp:
        save_weights(Path(tmp), (clip, vae, unet, controlnet))
        run_reference(args.reference_python, Path(tmp), args.out / "golden", args.seed)
    gold = read_goldens(args.out / "golden")
    denoiser = FusedDenoiser(unet, controlnet).eval()  # modules already patched by write_pack's export
    fig = step0_check(pack, denoiser, gold)
    print(f"denoiser step 0: onnxruntime vs this venv's torch max abs diff {fig['onnx_vs_torch']:.3e}; "
          f"ONNX (CFG-combined v) vs the reference venv's v_step0 {fig['onnx_vs_reference']:.3e} "
          f"(max |v| {fig['reference_max']:.3g})")
    total = sum(x.stat().st_size for x in args.out.rglob("*") if x.is_file())
    print(f"wrote {args.out} ({total / 1e6:.1f} MB)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
