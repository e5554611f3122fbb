"""Tiny pack + PyTorch goldens for the TypeScript parity tests.

    python -m tools.export.svd.make_tiny --out tests/fixtures/svd

writes OUT/pack (the tiny pack: the same exporter code as the full pack, random weights) and OUT/golden
(raw little-endian float32 tensors + index.json). Everything is seeded, so re-running reproduces the files
(up to the float rounding of the CPU kernels).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch

from .denoiser import FusedDenoiser
from .graphs import ImageEncoder, VaeDecoder, VaeEncoder
from .pack import PackSpec, write_pack
from .reference import Params, sample
from .tiny import EMBED_DIM, TINY_DECODE_CHUNK, TINY_FRAMES, TINY_HEIGHT, TINY_WIDTH, build_tiny

GOLDEN_PARAMS = Params(steps=4, fps=6, motion_bucket_id=100, noise_aug_strength=0.02, min_guidance=1.0,
                       max_guidance=3.0, control_scale=1.0, decode_chunk=TINY_DECODE_CHUNK)


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


def save_goldens(folder: Path, tensors: dict[str, torch.Tensor], meta: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    index = {"format": "raw little-endian float32, C order", "meta": meta, "tensors": {}}
    for name, t in tensors.items():
        arr = np.ascontiguousarray(t.detach().cpu().numpy().astype("<f4"))
        (folder / f"{name}.f32").write_bytes(arr.tobytes())
        index["tensors"][name] = {"file": f"{name}.f32", "shape": list(arr.shape)}
    (folder / "index.json").write_text(json.dumps(index, indent=2) + "\n")


def check_onnx_matches_torch(pack: Path, denoiser, args) -> float:
    """Run the exported denoiser in Python onnxruntime on the same inputs as torch: the export is faithful."""
    sess = ort.InferenceSession(str(pack / "denoiser.onnx"), providers=["CPUExecutionProvider"])
    names = [i.name for i in sess.get_inputs()]
    got = sess.run(None, {n: a.numpy() for n, a in zip(names, args)})[0]
    with torch.no_grad():
        want = denoiser(*args).numpy()
    return float(np.abs(got - want).max())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("tests/fixtures/svd"))
    ap.add_argument("--seed", type=int, default=1234)
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
    denoiser = FusedDenoiser(unet, controlnet).eval()  # upsamplers already patched by write_pack's export

    h, w, f = TINY_HEIGHT, TINY_WIDTH, TINY_FRAMES
    gen = torch.Generator().manual_seed(args.seed + 1)
    image = test_image(h, w)
    control = blob_control(f, h, w)
    aug_noise = torch.randn(1, 3, h, w, generator=gen)
    init_noise = torch.randn(1, f, 4, h // 8, w // 8, generator=gen)
    p = GOLDEN_PARAMS
    gold = sample(image, control, aug_noise, init_noise, p, ImageEncoder(clip).eval(), VaeEncoder(vae).eval(),
                  denoiser, VaeDecoder(vae).eval())
    inputs = {"image": image, "control": control, "aug_noise": aug_noise, "init_noise": init_noise}
    meta = {"steps": p.steps, "fps": p.fps, "motionBucketId": p.motion_bucket_id,
            "noiseAugStrength": p.noise_aug_strength, "minGuidance": p.min_guidance,
            "maxGuidance": p.max_guidance, "controlScale": p.control_scale, "decodeChunk": p.decode_chunk,
            "width": w, "height": h, "frames": f}
    # A 25-step schedule too (the figure), and an anti-aliased resize that really shrinks
    # (the tiny image only grows to 224): input generated by the same integer formula in TS.
    from .reference import svd_scheduler
    from diffusers.pipelines.stable_video_diffusion.pipeline_stable_video_diffusion import _resize_with_antialiasing
    s25 = svd_scheduler(25)
    extra = {"sigmas25": s25.sigmas.float(), "timesteps25": s25.timesteps.float()}
    yy, xx = torch.meshgrid(torch.arange(512), torch.arange(288), indexing="ij")
    big = (((yy * 31 + xx * 17) % 97).float() / 48.0 - 1.0)[None, None].repeat(1, 3, 1, 1)
    big[:, 1] = big[:, 1].flip(-1)
    extra["resize_512x288"] = _resize_with_antialiasing(big, (224, 224))[:, :2]
    gold.pop("frames_raw")  # frames = clamp(frames_raw / 2 + 0.5) is what the pipeline returns
    save_goldens(args.out / "golden", {**inputs, **gold, **extra}, meta)

    step_args = (torch.cat([gold["latents_init"]] * 2).div(math.sqrt(float(gold["sigmas"][0]) ** 2 + 1)),)
    img_lat = torch.cat([torch.zeros_like(gold["image_latent"]), gold["image_latent"]])[:, None].repeat(1, f, 1, 1, 1)
    den_args = (torch.cat([step_args[0], img_lat], dim=2), gold["timesteps"][:1].clone(),
                torch.cat([torch.zeros_like(gold["image_embeds"]), gold["image_embeds"]])[:, None],
                gold["added_time_ids"], torch.stack([control, control]), torch.tensor([p.control_scale]))
    print(f"onnxruntime (python) vs torch, denoiser step 0: max abs diff {check_onnx_matches_torch(pack, denoiser, den_args):.3e}")
    total = sum(x.stat().st_size for x in args.out.rglob("*") if x.is_file())
    print(f"wrote {args.out} ({total / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
