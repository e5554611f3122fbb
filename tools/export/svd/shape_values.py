"""Values of the small shape computations inside a traced ONNX graph, without running it.

The TorchScript tracer writes sizes that depend on the input as node chains (Shape -> Gather -> Div ->
Cast -> Unsqueeze -> Concat feeding a Reshape; Shape -> Slice -> Sqrt -> Div feeding an attention's scale).
A graph pass that rewrites such a region must know what those chains compute at every input size. This
module evaluates them symbolically: a dimension that shape inference fixes (a channel count, a head
count, a head size) becomes a number; one that depends on the input (batch, tokens) stays an `Unknown`
that remembers which tensor and index it came from, so two uses of the same batch size compare equal.
Float arithmetic is done in float64 and Casts to float types are ignored: the result is the value the
model meant (e.g. 1/sqrt(64)), not its float16 rounding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import onnx
from onnx import TensorProto, numpy_helper

INT_TYPES = {TensorProto.INT8, TensorProto.INT16, TensorProto.INT32, TensorProto.INT64, TensorProto.UINT8,
             TensorProto.UINT16, TensorProto.UINT32, TensorProto.UINT64}


@dataclass(frozen=True)
class Unknown:
    """A scalar only known at run time; `key` names where it came from (equal keys = the same value)."""
    key: tuple


# A value: (elements, is_scalar); None when the chain holds an op this evaluator does not model.
Value = tuple[list, bool]


def static_shapes(model: onnx.ModelProto) -> tuple[dict[str, list[int | None]], dict[str, int]]:
    """Tensor name -> dims from onnx's shape inference (None where a dim is not a fixed number), and
    tensor name -> element type. Runs on a copy; external weights are not read (only their dims)."""
    inferred = onnx.shape_inference.infer_shapes(model)
    shapes, types = {}, {}
    for vi in list(inferred.graph.value_info) + list(inferred.graph.input) + list(inferred.graph.output):
        t = vi.type.tensor_type
        types[vi.name] = t.elem_type
        if t.HasField("shape"):
            shapes[vi.name] = [d.dim_value if d.HasField("dim_value") else None for d in t.shape.dim]
    for init in model.graph.initializer:
        shapes[init.name], types[init.name] = list(init.dims), init.data_type
    return shapes, types


class ShapeValues:
    def __init__(self, model: onnx.ModelProto, shapes: dict[str, list[int | None]]):
        self.producer = {o: n for n in model.graph.node for o in n.output}
        self.inits = {i.name: i for i in model.graph.initializer if i.data_location != TensorProto.EXTERNAL}
        self.shapes = shapes
        self.memo: dict[str, Value | None] = {}

    def value(self, name: str) -> Value | None:
        if name not in self.memo:
            self.memo[name] = self._compute(name)
        return self.memo[name]

    def scalar(self, name: str):
        """A scalar or one-element value (number or Unknown); None if not evaluable."""
        v = self.value(name)
        return v[0][0] if v is not None and len(v[0]) == 1 else None

    def _compute(self, name: str) -> Value | None:
        if name in self.inits:
            return _from_array(numpy_helper.to_array(self.inits[name]))
        node = self.producer.get(name)
        if node is None:
            return None
        op, ins = node.op_type, [self.value(i) if i else None for i in node.input]
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if op == "Constant":
            return _from_array(numpy_helper.to_array(attrs["value"])) if "value" in attrs else None
        if op == "Shape":
            dims = self.shapes.get(node.input[0])
            if dims is None:
                return None
            els = [d if d is not None else Unknown(("dim", node.input[0], i)) for i, d in enumerate(dims)]
            start, end = attrs.get("start", 0), attrs.get("end", len(els))
            return els[slice(start, end)], False
        if op == "Identity":
            return ins[0]
        if any(v is None for v in ins):
            return None
        if op == "Cast":
            to_int = attrs["to"] in INT_TYPES
            return [_cast(e, to_int) for e in ins[0][0]], ins[0][1]
        if op == "Gather" and attrs.get("axis", 0) == 0 and not ins[0][1]:
            data, (idx, scalar) = ins[0][0], ins[1]
            if not all(isinstance(i, int) and -len(data) <= i < len(data) for i in idx):
                return None
            return [data[i] for i in idx], scalar
        if op == "Unsqueeze" and ins[0][1] and ins[1][0] in ([0], [-1]):
            return ins[0][0], False
        if op == "Squeeze" and len(ins[0][0]) == 1:
            return ins[0][0], True
        if op == "Concat" and attrs.get("axis") == 0 and not any(v[1] for v in ins):
            return [e for v in ins for e in v[0]], False
        if op == "Slice" and not ins[0][1]:
            return _slice(ins, name)
        if op in _BINARY and len(ins) == 2:
            return _broadcast(op, ins[0], ins[1], name)
        if op in ("Sqrt", "Reciprocal", "Neg"):
            return [_unary(op, e, (name, i)) for i, e in enumerate(ins[0][0])], ins[0][1]
        return None


def _from_array(arr) -> Value:
    flat = arr.reshape(-1).tolist()
    return flat, arr.ndim == 0


def _cast(e, to_int: bool):
    if isinstance(e, Unknown):
        return e
    return int(e) if to_int else float(e)  # ONNX Cast to an integer type truncates


def _unary(op: str, e, key):
    if isinstance(e, Unknown) or (op == "Sqrt" and e < 0):
        return Unknown((op, *key))
    return {"Sqrt": lambda x: math.sqrt(x), "Reciprocal": lambda x: 1.0 / x, "Neg": lambda x: -x}[op](e)


def _div(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return None if b == 0 else int(a / b)  # integer Div truncates
    return a / b


_BINARY = {"Add": lambda a, b: a + b, "Sub": lambda a, b: a - b, "Mul": lambda a, b: a * b, "Div": _div}


def _broadcast(op: str, a: Value, b: Value, name: str) -> Value | None:
    (xa, sa), (xb, sb) = a, b
    if len(xa) != len(xb) and 1 not in (len(xa), len(xb)):
        return None
    n = max(len(xa), len(xb))
    out = []
    for i in range(n):
        u, v = xa[i % len(xa)], xb[i % len(xb)]
        r = Unknown((op, name, i)) if isinstance(u, Unknown) or isinstance(v, Unknown) else _BINARY[op](u, v)
        if r is None:
            return None
        out.append(r)
    return out, sa and sb


def _slice(ins: list[Value], name: str) -> Value | None:
    data = ins[0][0]
    parts = [v[0] for v in ins[1:]]
    if any(isinstance(e, Unknown) for p in parts for e in p) or any(len(p) != 1 for p in parts):
        return None
    starts, ends = parts[0][0], parts[1][0]
    axes = parts[2][0] if len(parts) > 2 else 0
    steps = parts[3][0] if len(parts) > 3 else 1
    if axes not in (0, -1) or steps == 0:
        return None
    big = 1 << 62  # ONNX uses INT64_MAX for "to the end"; Python's slice clamps it
    return data[slice(max(min(starts, big), -big), max(min(ends, big), -big), steps)], False
