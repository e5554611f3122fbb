"""Tiny checkpoints in the hub's real layouts + the template pack for them (installer tests).

    python -m tools.export.svd.make_tiny_hub --out tests/fixtures/svd/hub

writes
  OUT/models/stable-video-diffusion-img2vid-xt/{image_encoder,vae,unet}/  (save_pretrained, variant fp16)
  OUT/models/stable-video-diffusion-img2vid-xt/scheduler/scheduler_config.json
  OUT/models/LeviTor/controlnet/{config.json,diffusion_pytorch_model.safetensors}  (float32, as published)
  OUT/template/  the four graphs with weights referenced into those files + template.json (float32 compute)
  OUT/template-fp16/  the same for float16 compute (make_template --precision fp16's choices, pack.py)
The random weights are tools/export/svd/tiny.py's (same seed as the committed tiny pack, already exact in
float16), so a pack the installer builds from these files must reproduce the tiny pack and its goldens.
"""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path

from safetensors import safe_open
from safetensors.torch import save_file

from .pack import PackSpec
from .published import structural
from .reference import SVD_SCHEDULER_CONFIG
from .template import LEVITOR_DIR, SOURCES, SVD_DIR, write_template
from .tiny import EMBED_DIM, TINY_DECODE_CHUNK, TINY_FRAMES, TINY_HEIGHT, TINY_WIDTH, build_tiny

def save_hub_layout(models: Path, clip, vae, unet, controlnet) -> None:
    """The SVD repo as `save_pretrained(variant="fp16")` writes it; the ControlNet folder as LeviTor's
    diffusers model saves it (config.json + float32 diffusion_pytorch_model.safetensors)."""
    svd = models / SVD_DIR
    for sub, m in (("image_encoder", clip), ("vae", vae), ("unet", unet)):
        copy.deepcopy(m).half().save_pretrained(svd / sub, variant="fp16", safe_serialization=True)
    (svd / "scheduler").mkdir(parents=True, exist_ok=True)
    sched = {"_class_name": "EulerDiscreteScheduler", **SVD_SCHEDULER_CONFIG}
    (svd / "scheduler" / "scheduler_config.json").write_text(json.dumps(sched, indent=2) + "\n")
    cn = models / LEVITOR_DIR / "controlnet"
    cn.mkdir(parents=True, exist_ok=True)
    config = {"_class_name": "ControlNetSVDModel", "_diffusers_version": "0.24.0", **controlnet.config}
    (cn / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    state = {k: v.detach().float().contiguous() for k, v in controlnet.state_dict().items()}
    save_file(state, str(cn / "diffusion_pytorch_model.safetensors"), metadata={"format": "pt"})


def read_sources(models: Path) -> tuple[dict, dict, dict]:
    """(structural configs, file dtype, tensor names) of each source file as found on disk."""
    configs, dtypes, keys = {}, {}, {}
    for key, src in SOURCES.items():
        configs[key] = structural(key, json.loads((models / src["config"]).read_text()))
        with safe_open(str(models / src["file"]), "pt") as f:
            keys[key] = set(f.keys())
            found = {str(f.get_slice(k).get_dtype()) for k in keys[key]}
        if len(found) != 1:
            raise ValueError(f"{src['file']}: mixed dtypes {found}")
        dtypes[key] = found.pop()
    return configs, dtypes, keys


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("tests/fixtures/svd/hub"))
    ap.add_argument("--seed", type=int, default=1234)
    a = ap.parse_args()
    clip, vae, unet, controlnet = build_tiny(a.seed)
    save_hub_layout(a.out / "models", clip, vae, unet, controlnet)
    configs, dtypes, keys = read_sources(a.out / "models")
    # fp32 first: the fp16 trace converts the modules to float16 in place (pack.prep_module)
    for precision, folder in (("fp32", "template"), ("fp16", "template-fp16")):
        spec = PackSpec(width=TINY_WIDTH, height=TINY_HEIGHT, frames=TINY_FRAMES, decode_chunk=TINY_DECODE_CHUNK,
                        precision=precision, kind="tiny", embed_dim=EMBED_DIM,
                        sources=[{"name": "tiny random weights (tools/export/svd/tiny.py)", "seed": a.seed,
                                  "licence": "Apache-2.0"}])
        write_template(a.out / folder, spec, clip, vae, unet, controlnet, configs, dtypes, keys)
    total = sum(p.stat().st_size for p in a.out.rglob("*") if p.is_file())
    print(f"wrote {a.out} ({total / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
