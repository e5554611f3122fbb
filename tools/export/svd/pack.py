"""Write a model pack (four graphs + manifest.json) from torch modules; shared by the full and tiny packs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import torch

from .controlnet import LevitorControlNet
from .denoiser import FusedDenoiser
from .graphs import Fp16Io32, ImageEncoder, VaeDecoder, VaeEncoder
from .onnx_io import export_graph, file_records
from .reference import VAE_SCALING

FORMAT_VERSION = 1
# What the graphs compute, versioned (the studio refuses other versions: src-shared/models/videoPack.ts).
# 2: diffusers 0.24's temporal-context order in every spatio-temporal transformer (temporal_context.py).
GRAPH_SEMANTICS = 2
# SVD-XT scheduler (scheduler/scheduler_config.json): Euler, v-prediction, Karras sigmas, continuous time.
SVD_SCHEDULER = {"type": "euler", "predictionType": "v_prediction", "karras": True, "sigmaMin": 0.002,
                 "sigmaMax": 700.0, "rho": 7.0, "timestep": "0.25*ln(sigma)", "defaultSteps": 25}


@dataclass
class PackSpec:
    width: int
    height: int
    frames: int
    decode_chunk: int
    precision: str  # "fp16" (weights and compute fp16, I/O float32) or "fp32"
    kind: str  # "full" or "tiny"
    fp16_storage: bool = False  # fp32 compute, weights stored as fp16 + Cast (tiny pack: smaller fixture)
    sources: list[dict] = field(default_factory=list)
    scheduler: dict = field(default_factory=lambda: dict(SVD_SCHEDULER))
    embed_dim: int = 1024


def prep_module(module: torch.nn.Module, precision: str) -> torch.nn.Module:
    module = module.eval()
    if precision == "fp16":
        return Fp16Io32(module.half()).eval()
    return module.float()


def pack_graphs(spec: PackSpec, clip, vae, unet, controlnet: LevitorControlNet) -> dict:
    """key -> (file, module, example args, input names, output names, precision): what both the exporter's
    pack and the installer's template (template.py) trace, so the two cannot drift apart."""
    if spec.width % 8 or spec.height % 8:
        raise ValueError(f"resolution {spec.width}x{spec.height} must be a multiple of 8")
    if spec.frames % spec.decode_chunk:
        raise ValueError(f"decode chunk {spec.decode_chunk} must divide the frame count {spec.frames}")
    h, w, f = spec.height // 8, spec.width // 8, spec.frames
    graphs = {
        "imageEncoder": ("image_encoder.onnx", ImageEncoder(clip), (torch.zeros(1, 3, 224, 224),),
                         ["pixel_values"], ["image_embeds"]),
        "vaeEncoder": ("vae_encoder.onnx", VaeEncoder(vae), (torch.zeros(1, 3, spec.height, spec.width),),
                       ["image"], ["latent"]),
        "denoiser": ("denoiser.onnx", FusedDenoiser(unet, controlnet), (
            torch.zeros(2, f, 8, h, w), torch.zeros(1), torch.zeros(2, 1, spec.embed_dim), torch.zeros(2, 3),
            torch.zeros(2, f, 3, spec.height, spec.width), torch.ones(1)),
            ["sample", "timestep", "encoder_hidden_states", "added_time_ids", "controlnet_cond",
             "conditioning_scale"], ["v"]),
        "vaeDecoder": ("vae_decoder.onnx", VaeDecoder(vae), (torch.zeros(spec.decode_chunk, 4, h, w),),
                       ["latents"], ["frames"]),
    }
    # The reference upcasts the VAE to fp32 for encoding (docs/levitor-method.md section 8): so does the pack.
    return {key: (*g, "fp32" if key == "vaeEncoder" else spec.precision) for key, g in graphs.items()}


def manifest_for(spec: PackSpec, graphs: dict, file_recs: list[dict]) -> dict:
    h, w = spec.height // 8, spec.width // 8
    return {
        "format": "levitor-studio-svd-pack",
        "formatVersion": FORMAT_VERSION,
        "graphSemantics": GRAPH_SEMANTICS,
        "kind": spec.kind,
        "precision": {"weights": spec.precision, "io": "float32",
                      "storage": "fp16" if spec.fp16_storage or spec.precision == "fp16" else "fp32"},
        "sources": spec.sources,
        "resolution": {"width": spec.width, "height": spec.height},
        "latent": {"width": w, "height": h, "channels": 4, "scalingFactor": VAE_SCALING},
        "frames": spec.frames,
        "decodeChunk": spec.decode_chunk,
        "imageEmbedDim": spec.embed_dim,
        "scheduler": spec.scheduler,
        "graphs": {key: {"file": name, "precision": precision,
                         "inputs": {n: list(a.shape) for n, a in zip(inputs, args)}, "outputs": outputs}
                   for key, (name, _m, args, inputs, outputs, precision) in graphs.items()},
        "files": file_recs,
    }


def write_pack(out: Path, spec: PackSpec, clip, vae, unet, controlnet: LevitorControlNet) -> dict:
    """Export the four graphs into `out` and write out/manifest.json; returns the manifest."""
    graphs = pack_graphs(spec, clip, vae, unet, controlnet)
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for key, (name, module, args, inputs, outputs, precision) in graphs.items():
        print(f"exporting {key} -> {name} ({precision})", flush=True)
        files += export_graph(prep_module(module, precision), args, inputs, outputs, out / name,
                              fp16_storage=spec.fp16_storage)
    manifest = manifest_for(spec, graphs, file_records(out, files))
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest
