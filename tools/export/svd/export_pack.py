"""Export the studio's video model pack from local checkpoints.

    python -m tools.export.svd.export_pack --svd DIR --levitor DIR --out DIR
        [--width 288 --height 512 --frames 16 --decode-chunk 16 --precision fp16]

--svd      a local copy of stabilityai/stable-video-diffusion-img2vid-xt (image_encoder/, vae/, unet/)
--levitor  a local copy of hlwang06/LeviTor (its controlnet/ folder is used), or that controlnet/ folder
The ControlNet loads strictly: any missing or unexpected key aborts the export, naming the key.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .controlnet import load_levitor_controlnet
from .pack import SVD_SCHEDULER, PackSpec, write_pack


def _variant(folder: Path) -> str | None:
    return "fp16" if any(folder.glob("*.fp16.safetensors")) and not any(
        p for p in folder.glob("*.safetensors") if ".fp16." not in p.name) else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--svd", type=Path, required=True)
    ap.add_argument("--levitor", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--width", type=int, default=288)
    ap.add_argument("--height", type=int, default=512)
    ap.add_argument("--frames", type=int, default=16)
    ap.add_argument("--decode-chunk", type=int, default=16)
    ap.add_argument("--precision", choices=["fp16", "fp32"], default="fp16")
    a = ap.parse_args()

    import torch
    from diffusers import AutoencoderKLTemporalDecoder, UNetSpatioTemporalConditionModel
    from transformers import CLIPVisionModelWithProjection

    cn_dir = a.levitor / "controlnet" if (a.levitor / "controlnet").is_dir() else a.levitor
    controlnet = load_levitor_controlnet(cn_dir)
    clip = CLIPVisionModelWithProjection.from_pretrained(a.svd / "image_encoder", variant=_variant(a.svd / "image_encoder"),
                                                         torch_dtype=torch.float32)
    vae = AutoencoderKLTemporalDecoder.from_pretrained(a.svd / "vae", variant=_variant(a.svd / "vae"),
                                                       torch_dtype=torch.float32)
    unet = UNetSpatioTemporalConditionModel.from_pretrained(a.svd / "unet", variant=_variant(a.svd / "unet"),
                                                            torch_dtype=torch.float32)
    scheduler = dict(SVD_SCHEDULER)
    cfg_path = a.svd / "scheduler" / "scheduler_config.json"
    if cfg_path.exists():
        cfg = json.loads(cfg_path.read_text())
        scheduler.update(sigmaMin=cfg.get("sigma_min", 0.002), sigmaMax=cfg.get("sigma_max", 700.0),
                         predictionType=cfg.get("prediction_type", "v_prediction"),
                         karras=bool(cfg.get("use_karras_sigmas", True)))
    spec = PackSpec(
        width=a.width, height=a.height, frames=a.frames, decode_chunk=a.decode_chunk, precision=a.precision,
        kind="full", scheduler=scheduler, embed_dim=clip.config.projection_dim,
        sources=[
            {"name": "stabilityai/stable-video-diffusion-img2vid-xt", "path": str(a.svd),
             "licence": "Stable Video Diffusion Community License (see the model card)"},
            {"name": "hlwang06/LeviTor/controlnet", "path": str(cn_dir), "licence": "Apache-2.0"},
        ])
    manifest = write_pack(a.out, spec, clip, vae, unet, controlnet)
    print(json.dumps({f["path"]: f["bytes"] for f in manifest["files"]}, indent=2))


if __name__ == "__main__":
    main()
