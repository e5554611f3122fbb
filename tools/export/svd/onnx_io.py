"""torch -> ONNX with external weight data, and the manifest's file records."""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from pathlib import Path

import numpy as np
import onnx
import torch

from tools.export.common.onnx_util import fp16_initializers

OPSET = 17


def trace(module: torch.nn.Module, args: tuple, input_names: list[str], output_names: list[str],
          export_params: bool = True, dynamic_axes: dict | None = None) -> onnx.ModelProto:
    """TorchScript-trace `module` to an in-memory ONNX model (static shapes). export_params=False keeps each
    weight a graph input named after its parameter, unfolded (template.py turns them into references)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp) / "graph.onnx"
        # static shapes are intended: silence the tracer's "converting a tensor to a Python value" notes
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore", torch.jit.TracerWarning)
            warnings.filterwarnings("ignore", message="Constant folding - Only steps=1")
            torch.onnx.export(module, args, str(tmp_path), input_names=input_names, output_names=output_names,
                              opset_version=OPSET, do_constant_folding=export_params, export_params=export_params,
                              dynamic_axes=dynamic_axes or None, dynamo=False)
        return onnx.load(str(tmp_path), load_external_data=export_params)


def export_graph(module: torch.nn.Module, args: tuple, input_names: list[str], output_names: list[str],
                 out_path: Path, external: bool = True, fp16_storage: bool = False) -> list[Path]:
    """Trace `module` with static shapes (the pack fixes resolution, frames and decode chunk) and save it
    at out_path; weights go to `<name>.onnx.data` beside it (ONNX external data, resolved relative to the
    .onnx file, so graphs over 2 GB work and Node loads them by path). Returns the files written."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    model = trace(module, args, input_names, output_names)
    if fp16_storage:
        fp16_initializers(model, min_elements=256)
    data_name = out_path.name + ".data"
    for stale in (out_path, out_path.parent / data_name):
        if stale.exists():
            stale.unlink()
    if external:
        onnx.save_model(model, str(out_path), save_as_external_data=True, all_tensors_to_one_file=True,
                        location=data_name, size_threshold=1024)
    else:
        onnx.save_model(model, str(out_path))
    return [p for p in (out_path, out_path.parent / data_name) if p.exists()]


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_records(root: Path, files: list[Path]) -> list[dict]:
    return [{"path": os.path.relpath(p, root).replace(os.sep, "/"), "bytes": p.stat().st_size,
             "sha256": sha256_of(p)} for p in sorted(files)]
