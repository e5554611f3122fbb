"""python -m unittest tools.export.svd.tests.test_shape_values

The shape arithmetic evaluator fuse_attention relies on, on small hand-built graphs shaped like the
tracer's: numbers where shape inference fixes a dim, one Unknown per run-time dim (equal where it is the
same dim), float64 where the graph rounds to float16, None for what it does not model."""

from __future__ import annotations

import math
import unittest

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from tools.export.svd.shape_values import ShapeValues, Unknown, static_shapes


def const(name: str, value, dtype=np.int64):
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(np.array(value, dtype=dtype)))


def model(nodes: list) -> onnx.ModelProto:
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT16, ["batch", "tokens", 320])
    out = helper.make_tensor_value_info(nodes[-1].output[0], TensorProto.UNDEFINED, None)
    return helper.make_model(helper.make_graph(nodes, "g", [x], [out]), opset_imports=[helper.make_opsetid("", 17)])


def values(nodes: list) -> ShapeValues:
    m = model(nodes)
    shapes, _types = static_shapes(m)
    return ShapeValues(m, shapes)


class ShapeArithmetic(unittest.TestCase):
    def test_head_split_of_diffusers_attention(self):
        # view(batch_size, -1, heads, inner_dim // heads), as traced: Shape -> Gather -> Div -> Cast -> Concat
        nodes = [helper.make_node("Shape", ["x"], ["shape"]), const("i0", 0), const("i2", 2), const("heads", 5),
                 const("minus1", -1), const("axes", [0]),
                 helper.make_node("Gather", ["shape", "i0"], ["batch"], axis=0),
                 helper.make_node("Gather", ["shape", "i2"], ["inner"], axis=0),
                 helper.make_node("Div", ["inner", "heads"], ["size"]),
                 helper.make_node("Cast", ["size"], ["size64"], to=TensorProto.INT64)]
        for n in ("batch", "minus1", "heads", "size64"):
            nodes.append(helper.make_node("Unsqueeze", [n, "axes"], [n + "_1d"]))
        nodes.append(helper.make_node("Concat", ["batch_1d", "minus1_1d", "heads_1d", "size64_1d"], ["split"], axis=0))
        v = values(nodes)
        elements, scalar = v.value("split")
        self.assertFalse(scalar)
        self.assertEqual(elements[1:], [-1, 5, 64])
        self.assertIsInstance(elements[0], Unknown)
        self.assertEqual(elements[0], v.scalar("batch"))  # the same run-time dim compares equal
        self.assertNotEqual(elements[0], Unknown(("dim", "x", 1)))

    def test_default_scale_is_exact_not_float16(self):
        # sqrt(1 / sqrt(d)) with Casts to float16 in between, from the last dim (Slice to INT64_MAX)
        nodes = [helper.make_node("Shape", ["x"], ["shape"]), const("start", [-1]), const("end", [2**63 - 1]),
                 helper.make_node("Slice", ["shape", "start", "end"], ["last"]),
                 helper.make_node("Cast", ["last"], ["last16"], to=TensorProto.FLOAT16),
                 helper.make_node("Sqrt", ["last16"], ["root"]),
                 const("one", [1.0], np.float32), helper.make_node("Div", ["one", "root"], ["scale"]),
                 helper.make_node("Cast", ["scale"], ["scale16"], to=TensorProto.FLOAT16),
                 helper.make_node("Sqrt", ["scale16"], ["sqrt_scale"])]
        v = values(nodes)
        self.assertAlmostEqual(v.scalar("sqrt_scale") ** 2, 1 / math.sqrt(320), delta=1e-16)
        rounded = float(np.float16(np.sqrt(np.float16(1 / math.sqrt(320))))) ** 2  # what float16 would give
        self.assertGreater(abs(rounded - 1 / math.sqrt(320)), 1e-6)
        self.assertIsInstance(v.scalar("sqrt_scale"), float)

    def test_integer_division_truncates_and_unknown_ops_give_none(self):
        nodes = [const("a", 7), const("b", 2), helper.make_node("Div", ["a", "b"], ["q"]),
                 helper.make_node("Shape", ["x"], ["shape"]),
                 helper.make_node("ReduceSum", ["shape"], ["total"], keepdims=0)]
        v = values(nodes)
        self.assertEqual(v.scalar("q"), 3)
        self.assertIsNone(v.value("total"))
        self.assertIsNone(v.value("x"))  # a graph input holds data, not shape arithmetic


if __name__ == "__main__":
    unittest.main()
