"""The template the studio ships (resources/video-template/<precision>/): the four graphs of the published
SVD-XT + LeviTor ControlNet architectures with every weight a reference into the hub's safetensors files.

    python -m tools.export.svd.make_template --out resources/video-template/fp16 --precision fp16
    python -m tools.export.svd.make_template --out resources/video-template/fp32 --precision fp32

No checkpoint is needed: the architectures come from published.py and the weights are storage-free while
tracing (seconds of CPU, a few hundred MB of memory). Files the template expects (hub layout, dtypes as
published): SVD-XT's fp16 variant (F16) and LeviTor's controlnet/diffusion_pytorch_model.safetensors (F32).
The graphs are traced at a small shape with resolution, frames and decode chunk left dynamic; the installer
writes the shape of the pack (default 288x512, 16 frames) into its manifest.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .pack import SVD_SCHEDULER, PackSpec
from .published import CONTROLNET, IMAGE_ENCODER, UNET, VAE, build_published, materialise, structural
from .template import write_template

TRACE_WIDTH, TRACE_HEIGHT, TRACE_FRAMES, TRACE_CHUNK = 72, 80, 4, 2  # latent 9 wide: 9 -> 5 -> 3 -> 2
FILE_DTYPES = {"image_encoder": "F16", "vae": "F16", "unet": "F16", "controlnet": "F32"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--precision", choices=["fp16", "fp32"], default="fp16")
    a = ap.parse_args()
    clip, vae, unet, controlnet = build_published(a.precision)
    if a.precision == "fp16":
        # PyTorch's CPU float16 kernels are slow, and slower still on the stand-in weights (a scalar expanded
        # to each shape): one CLIP layer took 60 s expanded against 13 s contiguous. The graphs do not depend
        # on the weights' memory layout (weights are graph inputs), so give them memory: ~6 GB in float16.
        for m in (clip, vae, unet, controlnet):
            materialise(m)
    published = {"image_encoder": IMAGE_ENCODER, "vae": VAE, "unet": UNET, "controlnet": CONTROLNET}
    modules = {"image_encoder": clip, "vae": vae, "unet": unet, "controlnet": controlnet}
    spec = PackSpec(width=TRACE_WIDTH, height=TRACE_HEIGHT, frames=TRACE_FRAMES, decode_chunk=TRACE_CHUNK,
                    precision=a.precision, kind="full", embed_dim=IMAGE_ENCODER["projection_dim"],
                    scheduler=dict(SVD_SCHEDULER))
    write_template(a.out, spec, clip, vae, unet, controlnet,
                   {k: structural(k, c) for k, c in published.items()}, FILE_DTYPES,
                   {k: set(m.state_dict().keys()) for k, m in modules.items()})
    total = sum(p.stat().st_size for p in a.out.iterdir())
    print(f"wrote {a.out} ({total / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
