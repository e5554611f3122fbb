"""One float16 attention, as torch.onnx exports it vs com.microsoft.MultiHeadAttention, on the CPU.

    python -m tools.export.svd.attention_bench [--runs 10]

The decomposed graph is the pattern fuse_attention.py replaces (head split, q and k scaled by
sqrt(scale), MatMul, Softmax, MatMul, head merge); the shapes are SVD-XT's at 288x512x16. Prints the
median run time of each in onnxruntime's CPU provider and their max abs difference (check `uptime`
first: the figures are only comparable on a quiet machine).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

CASES = {  # name: (batch, query tokens, key tokens, heads, head size)
    "CLIP (1 x 257 tokens, 16 heads x 80)": (1, 257, 257, 16, 80),
    "temporal, level 0 (4608 sequences of 16 frames, 5 x 64)": (4608, 16, 16, 5, 64),
    "spatial, level 1, one frame pair (2 x 576 tokens, 10 x 64)": (2, 576, 576, 10, 64),
}


def attention_graph(fused: bool, b: int, s: int, kv: int, heads: int, size: int) -> bytes:
    width = heads * size
    ins = [helper.make_tensor_value_info(n, TensorProto.FLOAT16, [b, t, width]) for n, t in
           (("q", s), ("k", kv), ("v", kv))]
    outs = [helper.make_tensor_value_info("o", TensorProto.FLOAT16, [b, s, width])]
    inits = []
    if fused:
        nodes = [helper.make_node("MultiHeadAttention", ["q", "k", "v"], ["o"], domain="com.microsoft",
                                  num_heads=heads, scale=size ** -0.5)]
    else:
        inits = [numpy_helper.from_array(np.array([b, -1, heads, size], np.int64), "split"),
                 numpy_helper.from_array(np.array([b, -1, width], np.int64), "merge"),
                 numpy_helper.from_array(np.array(size ** -0.25, np.float16), "sqrt_scale")]
        nodes = []
        for x, perm in (("q", [0, 2, 1, 3]), ("k", [0, 2, 3, 1]), ("v", [0, 2, 1, 3])):
            nodes += [helper.make_node("Reshape", [x, "split"], [x + "_split"]),
                      helper.make_node("Transpose", [x + "_split"], [x + "4"], perm=perm)]
        nodes += [helper.make_node("Mul", ["q4", "sqrt_scale"], ["qs"]),
                  helper.make_node("Mul", ["k4", "sqrt_scale"], ["ks"]),
                  helper.make_node("MatMul", ["qs", "ks"], ["scores"]),
                  helper.make_node("Softmax", ["scores"], ["probs"], axis=-1),
                  helper.make_node("MatMul", ["probs", "v4"], ["heads"]),
                  helper.make_node("Transpose", ["heads"], ["merged"], perm=[0, 2, 1, 3]),
                  helper.make_node("Reshape", ["merged", "merge"], ["o"])]
    model = helper.make_model(helper.make_graph(nodes, "attention", ins, outs, inits),
                              opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)])
    model.ir_version = 8
    return model.SerializeToString()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10)
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    for name, (b, s, kv, heads, size) in CASES.items():
        feeds = {n: rng.standard_normal((b, t, heads * size)).astype(np.float16)
                 for n, t in (("q", s), ("k", kv), ("v", kv))}
        res = {}
        for fused in (False, True):
            so = ort.SessionOptions()
            so.log_severity_level = 3
            session = ort.InferenceSession(attention_graph(fused, b, s, kv, heads, size), so,
                                           providers=["CPUExecutionProvider"])
            for _ in range(2):
                session.run(None, feeds)
            times = []
            for _ in range(a.runs):
                t0 = time.perf_counter()
                y = session.run(None, feeds)[0]
                times.append(time.perf_counter() - t0)
            res[fused] = (statistics.median(times) * 1e3, y.astype(np.float64))
        diff = float(np.max(np.abs(res[False][1] - res[True][1])))
        print(f"{name}: decomposed {res[False][0]:.1f} ms, fused {res[True][0]:.1f} ms, max abs diff {diff:.2g}",
              flush=True)


if __name__ == "__main__":
    main()
