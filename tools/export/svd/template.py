"""Template pack: the four graphs with NO weights inside; every weight is an ONNX external-data reference
to a tensor of the published checkpoint files (hub layout), so the studio's installer (TypeScript, no
Python) turns downloaded safetensors into a runnable pack by filling in offsets, without copying weights.

The graphs are traced from the same modules and wrappers as the exporter's pack (pack.py, graphs.py,
denoiser.py); the only difference is export_params=False, which keeps each weight a named graph input
instead of folding it (Linear's transpose stays a Transpose node). Those inputs then become initializers
whose external_data says where the weight lives:
    location = hub-layout path, e.g. stable-video-diffusion-img2vid-xt/unet/diffusion_pytorch_model.fp16.safetensors
    tensor   = the tensor's name in that file (installer-only key: replaced by offset and length)
When the file's dtype differs from the one the graph computes in, the initializer keeps the file's dtype
(name + "::src") and a Cast node converts it: dtype changes live in the graph, never in a copy on disk.
Module buffers that are not in the checkpoints (CLIP's position_ids) stay inline; they are tiny.

template.json (beside the graphs) lists, per source file, every tensor the graphs need with its dtype and
shape, and the published config each model was built from: the installer refuses a download whose
config.json differs (a wrong head count, for instance, changes no tensor shape but the whole output).
"""

from __future__ import annotations

import json
from pathlib import Path

import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from .fuse_attention import fuse_attention
from .onnx_io import file_records, trace
from .published import class_defaults
from .pack import PackSpec, manifest_for, pack_graphs, prep_module

TEMPLATE_FORMAT = "levitor-studio-svd-template"
TEMPLATE_VERSION = 1
SVD_DIR = "stable-video-diffusion-img2vid-xt"
LEVITOR_DIR = "LeviTor"

# Published file of each model inside the hub layout, and the graph-module prefix that owns its weights.
SOURCES = {
    "image_encoder": {"file": f"{SVD_DIR}/image_encoder/model.fp16.safetensors",
                      "config": f"{SVD_DIR}/image_encoder/config.json", "prefix": "clip."},
    "vae": {"file": f"{SVD_DIR}/vae/diffusion_pytorch_model.fp16.safetensors",
            "config": f"{SVD_DIR}/vae/config.json", "prefix": "vae."},
    "unet": {"file": f"{SVD_DIR}/unet/diffusion_pytorch_model.fp16.safetensors",
             "config": f"{SVD_DIR}/unet/config.json", "prefix": "unet."},
    "controlnet": {"file": f"{LEVITOR_DIR}/controlnet/diffusion_pytorch_model.safetensors",
                   "config": f"{LEVITOR_DIR}/controlnet/config.json", "prefix": "controlnet."},
}
# Resolution, frame count and decode chunk stay free in the template graphs: traced once at a small shape,
# they run at the shape the installer writes into the pack manifest (tested at other shapes in
# tests/test_template.py), so one shipped template serves every resolution.
DYNAMIC_AXES = {
    "imageEncoder": {},
    "vaeEncoder": {"image": {2: "H", 3: "W"}, "latent": {2: "h", 3: "w"}},
    "denoiser": {"sample": {1: "F", 3: "h", 4: "w"}, "controlnet_cond": {1: "F", 3: "H", 4: "W"},
                 "v": {1: "F", 3: "h", 4: "w"}},
    "vaeDecoder": {"latents": {0: "n", 2: "h", 3: "w"}, "frames": {0: "n", 2: "H", 3: "W"}},
}
SAFETENSORS_DTYPE = {"F16": TensorProto.FLOAT16, "F32": TensorProto.FLOAT, "BF16": TensorProto.BFLOAT16}


def _source_of(name: str) -> tuple[str, str] | None:
    """Graph weight name -> (source key, tensor name in its file); wrappers add "inner." in front."""
    bare = name[len("inner."):] if name.startswith("inner.") else name
    for key, src in SOURCES.items():
        if bare.startswith(src["prefix"]):
            return key, bare[len(src["prefix"]):]
    return None


def _weights_to_references(model: onnx.ModelProto, module: torch.nn.Module, user_inputs: list[str],
                           source_dtypes: dict[str, str], needed: dict[str, dict]) -> None:
    """Turns every weight input of `model` into an external-data initializer (plus a Cast when the file's
    dtype is not the graph's); records what each source file must hold in `needed`."""
    tensors = {**dict(module.named_parameters()), **dict(module.named_buffers())}
    g = model.graph
    keep, casts = [], []
    for inp in list(g.input):
        if inp.name in user_inputs:
            keep.append(inp)
            continue
        tensor = tensors.get(inp.name)
        if tensor is None:
            raise ValueError(f"graph input {inp.name} is neither a pack input nor a module weight")
        src = _source_of(inp.name)
        graph_dtype = inp.type.tensor_type.elem_type
        dims = [int(d) for d in tensor.shape]
        if src is None or src[1] not in needed[src[0]]["inFile"]:
            # a buffer the checkpoint does not store (CLIP's position_ids): inline, it is tiny
            arr = tensor.detach().cpu().numpy()
            if arr.nbytes > 1 << 16:
                raise ValueError(f"{inp.name}: {arr.nbytes} bytes not in the checkpoint; refusing to inline")
            g.initializer.append(numpy_helper.from_array(arr, inp.name))
            if src is not None:  # older library versions saved such buffers: accepted in the file, unused
                needed[src[0]]["optional"][src[1]] = {"shape": dims}
            continue
        key, tname = src
        file_dtype = source_dtypes[key]
        entry = needed[key]["tensors"].setdefault(tname, {"dtype": file_dtype, "shape": dims})
        if entry["shape"] != dims:
            raise ValueError(f"{key}/{tname}: shape {dims} vs {entry['shape']} in another graph")
        name = inp.name if SAFETENSORS_DTYPE[file_dtype] == graph_dtype else inp.name + "::src"
        init = TensorProto(name=name, data_type=SAFETENSORS_DTYPE[file_dtype], dims=dims,
                           data_location=TensorProto.EXTERNAL)
        for k, v in (("location", SOURCES[key]["file"]), ("tensor", tname)):
            e = init.external_data.add()
            e.key, e.value = k, v
        g.initializer.append(init)
        if name != inp.name:
            casts.append(helper.make_node("Cast", [name], [inp.name], to=graph_dtype, name=inp.name + "::cast"))
    del g.input[:]
    g.input.extend(keep)
    for i, node in enumerate(casts):
        g.node.insert(i, node)


def write_template(out: Path, spec: PackSpec, clip, vae, unet, controlnet, configs: dict[str, dict],
                   source_dtypes: dict[str, str], file_keys: dict[str, set[str]], fuse: bool | None = None) -> dict:
    """Writes the template graphs + template.json into `out`. Per source (keys of SOURCES): `configs` = its
    published config.json, `source_dtypes` = the safetensors dtype its file stores, `file_keys` = the tensor
    names its file holds (what the checkpoint does not hold stays inline). `fuse`: rewrite attention into
    fused nodes (fuse_attention.py); by default for a float16 (GPU) template only."""
    fuse = spec.precision == "fp16" if fuse is None else fuse
    out.mkdir(parents=True, exist_ok=True)
    needed = {k: {"tensors": {}, "optional": {}, "inFile": file_keys[k]} for k in SOURCES}
    written = []
    for key, (name, module, args, inputs, outputs, precision) in pack_graphs(spec, clip, vae, unet, controlnet).items():
        print(f"template {key} -> {name} ({precision})", flush=True)
        prepped = prep_module(module, precision)
        model = trace(prepped, args, inputs, outputs, export_params=False, dynamic_axes=DYNAMIC_AXES[key])
        _weights_to_references(model, prepped, inputs, source_dtypes, needed)
        if fuse:
            report = fuse_attention(model)
            print(f"  {name}: {report.summary()}", flush=True)
            if spec.kind == "full" and report.left:  # one decomposed level-0 attention costs 3.4 GB on a GPU
                raise ValueError(f"template: {name}: attention not fused: " + "; ".join(
                    f"{sm}: {why}" for sm, why in report.left[:3]))
        onnx.save_model(model, str(out / name))
        written.append(out / name)
    # Weights the architecture holds but no graph reads (the tiny VAE's mid-block attention, which diffusers
    # builds but skips with one layer per block): still part of the checkpoint, so not "unexpected".
    modules = {"image_encoder": clip, "vae": vae, "unet": unet, "controlnet": controlnet}
    unused = {}
    for k, m in modules.items():
        state = m.state_dict()
        unused[k] = {n: {"dtype": source_dtypes[k], "shape": [int(d) for d in state[n].shape]}
                     for n in sorted(file_keys[k]) if n not in needed[k]["tensors"]}
    if spec.kind == "full" and any(unused.values()):
        # At the published configs every weight is read; an unused one means the export merged it into
        # another (equal stand-in values, published.py) or a module lost its place in a graph.
        raise ValueError("template: weights no graph reads: " + ", ".join(
            f"{k}: {len(v)} ({', '.join(list(v)[:3])}...)" for k, v in unused.items() if v))
    manifest = manifest_for(spec, pack_graphs(spec, clip, vae, unet, controlnet), [])
    manifest.pop("files")
    template = {
        "format": TEMPLATE_FORMAT,
        "formatVersion": TEMPLATE_VERSION,
        "pack": manifest,
        "traceShape": {"width": spec.width, "height": spec.height, "frames": spec.frames,
                       "decodeChunk": spec.decode_chunk},
        "dynamicAxes": {k: {n: {str(ax): sym for ax, sym in axes.items()} for n, axes in v.items()}
                        for k, v in DYNAMIC_AXES.items()},
        "sources": {k: {"file": SOURCES[k]["file"], "config": SOURCES[k]["config"],
                        "configValues": configs[k], "configDefaults": class_defaults(k),
                        "tensors": needed[k]["tensors"], "unused": unused[k], "optional": needed[k]["optional"]}
                    for k in SOURCES},
        "graphFiles": file_records(out, written),
    }
    (out / "template.json").write_text(json.dumps(template, indent=1, sort_keys=True) + "\n")
    return template


