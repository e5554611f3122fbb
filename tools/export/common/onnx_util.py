"""Shared ONNX helpers for the tiny fixture exporters: fp16 weight storage, float16-rounded random weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper


def round_params_to_fp16(module: torch.nn.Module) -> None:
    """Round every float parameter/buffer to a float16-representable float32, so that storing the weights
    as float16 in the ONNX file (halving the fixture) is lossless and the PyTorch goldens stay exact."""
    with torch.no_grad():
        for t in list(module.parameters()) + list(module.buffers()):
            if t.dtype == torch.float32:
                t.copy_(t.half().float())


def fp16_initializers(model: onnx.ModelProto, min_elements: int) -> None:
    """In place: store float32 initializers with >= min_elements values as float16, each followed by a Cast
    back to float32 (compute and I/O stay float32). Refuses a weight that float16 would change, so callers
    round their random weights first (round_params_to_fp16) and the goldens stay exact."""
    casts = []
    for init in model.graph.initializer:
        if init.data_type != TensorProto.FLOAT or int(np.prod(init.dims)) < min_elements:
            continue
        arr = numpy_helper.to_array(init)
        half = arr.astype(np.float16)
        if not np.array_equal(half.astype(np.float32), arr):
            raise ValueError(f"weight {init.name} is not exactly representable in float16")
        name = init.name
        init.CopyFrom(numpy_helper.from_array(half, name + "__fp16"))
        casts.append(helper.make_node("Cast", [name + "__fp16"], [name], to=TensorProto.FLOAT, name=name + "__cast"))
    for i, node in enumerate(casts):
        model.graph.node.insert(i, node)


def store_weights_fp16(path: Path, min_elements: int = 1024) -> None:
    """Rewrite a saved graph with fp16_initializers (halves the fixture), checked and saved in place."""
    model = onnx.load(str(path))
    fp16_initializers(model, min_elements)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def io_summary(path: Path) -> dict:
    """Input/output names and shapes (symbolic dims as strings) of a saved graph, for the fixture index."""
    model = onnx.load(str(path), load_external_data=False)

    def dims(v):
        return [d.dim_param if d.dim_param else d.dim_value for d in v.type.tensor_type.shape.dim]

    return {
        "inputs": {v.name: dims(v) for v in model.graph.input},
        "outputs": {v.name: dims(v) for v in model.graph.output},
    }


def write_f32(path: Path, arr) -> None:
    np.ascontiguousarray(np.asarray(arr, dtype=np.float32)).tofile(str(path))


def write_f16(path: Path, arr) -> None:
    np.ascontiguousarray(np.asarray(arr, dtype=np.float16)).tofile(str(path))
