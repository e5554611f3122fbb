"""Template graphs made runnable in Python, as the studio's installer does it in TypeScript
(src-main/services/models/videopack): each weight's `tensor` reference becomes the offset and length of
that tensor inside its safetensors file (8-byte header length + JSON header + data_offsets)."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import onnx

from .fp16_parity import feeds_for


def safetensors_offsets(path: Path) -> dict[str, tuple[int, int]]:
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
    return {k: (8 + n + v["data_offsets"][0], v["data_offsets"][1] - v["data_offsets"][0])
            for k, v in header.items() if k != "__metadata__"}


def resolve_into(graph: Path, models: Path, name: str) -> Path:
    """Writes `graph` as models/<name> with offsets filled in (locations are relative to `models`, the
    hub-layout checkpoint folder, so onnxruntime finds the files); returns its path."""
    model = onnx.load(str(graph), load_external_data=False)
    headers: dict[str, dict] = {}
    for init in model.graph.initializer:
        refs = {e.key: e.value for e in init.external_data}
        if "tensor" not in refs:
            continue
        table = headers.setdefault(refs["location"], safetensors_offsets(models / refs["location"]))
        offset, length = table[refs["tensor"]]
        del init.external_data[:]
        for k, v in (("location", refs["location"]), ("offset", str(offset)), ("length", str(length))):
            e = init.external_data.add()
            e.key, e.value = k, v
    out = models / name
    onnx.save_model(model, str(out))
    return out


def template_feeds(template: Path, key: str, graph: Path, seed: int = 7):
    """Seeded inputs at the template's trace shape, in the graph's input order."""
    spec = json.loads((template / "template.json").read_text())["pack"]["graphs"][key]
    order = [i.name for i in onnx.load(str(graph), load_external_data=False).graph.input]
    return feeds_for(key, {n: spec["inputs"][n] for n in order}, seed)
