"""Fused attention for the float16 template graphs (issue 13: GPU memory and speed).

    python -m tools.export.svd.fuse_attention TEMPLATE_DIR   # rewrites the graphs in place

torch.onnx (TorchScript tracer, opset 17) writes every scaled_dot_product_attention as
    q4 = Transpose[0,2,1,3](Reshape(q, [b, -1, H, d]))      k4t = Transpose[0,2,3,1](Reshape(k, ...))
    p  = Softmax(MatMul(q4 * sqrt(s), k4t * sqrt(s)))       v4  = Transpose[0,2,1,3](Reshape(v, ...))
    out = Reshape(Transpose[0,2,1,3](MatMul(p, v4)), [b, -1, H*d])
so the scores [b, H, S, S] exist in GPU memory twice (before and after the softmax): 3.4 GB at 288x512x16
in the UNet's first level. This pass replaces each such region by one onnxruntime contrib op,
`com.microsoft.MultiHeadAttention(q, k, v)` with `num_heads` = H and `scale` = s: the CUDA provider runs
it with flash / memory-efficient kernels (no score tensor), DirectML has it, and the CPU provider runs its
float32 kernel (onnxruntime casts float16 inputs around it).

onnxruntime's own transformer optimizer (onnxruntime.transformers, FusionAttentionUnet / Clip / Vae) was
tried first: it recognises none of these graphs (0 of 56, 2 and 1 in the tiny template: its patterns
expect the LayerNorm -> MatMul chain without the float32-norm Casts and weights as plain initializers,
and it would pack q/k/v weights into new initializers, which a template cannot hold).

The matcher is strict: it starts at each Softmax and checks every node of the pattern above, the head
split (H and d read from the Reshape shapes, the same for q, k, v and the output, H*d equal to the last
dim of q, k and v, one batch-size value for all four Reshapes) and a constant scale (torch's default
1/sqrt(d) from q's shape, or an explicit value). Anything else is left as it is and reported with the
reason. Only nodes change: the output Reshape becomes the MultiHeadAttention node and the nodes it made
unused (the old chain, its shape arithmetic) are dropped; initializers, external weight references and
graph inputs/outputs are untouched.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import onnx
from onnx import helper

from .onnx_io import file_records
from .shape_values import ShapeValues, Unknown, static_shapes

MS_DOMAIN = "com.microsoft"
Q_PERM, KT_PERM = [0, 2, 1, 3], [0, 2, 3, 1]


@dataclass
class FuseReport:
    softmax_before: int = 0
    softmax_after: int = 0
    fused: list[dict] = field(default_factory=list)  # name, heads, headSize, scale
    left: list[tuple[str, str]] = field(default_factory=list)  # (Softmax node, why it was not fused)

    def summary(self) -> str:
        shapes = Counter(f"{a['heads']}x{a['headSize']}" for a in self.fused)
        kinds = ", ".join(f"{k}: {n}" for k, n in sorted(shapes.items())) or "none"
        return (f"fused {len(self.fused)} attentions (heads x head size: {kinds}); Softmax {self.softmax_before}"
                f" -> {self.softmax_after}; not recognised: {len(self.left)}")


class _Graph:
    def __init__(self, model: onnx.ModelProto):
        self.nodes = model.graph.node
        self.producer = {o: n for n in self.nodes for o in n.output}
        self.consumers = defaultdict(list)
        for n in self.nodes:
            for i in n.input:
                self.consumers[i].append(n)
        self.graph_outputs = {o.name for o in model.graph.output}
        self.shapes, self.types = static_shapes(model)
        self.values = ShapeValues(model, self.shapes)

    def parent(self, node, i: int, op: str, perm: list[int] | None = None):
        p = self.producer.get(node.input[i]) if i < len(node.input) else None
        if p is None or p.op_type != op or (perm is not None and _attr(p, "perm") != perm):
            return None
        return p

    def only_child(self, node, op: str, perm: list[int] | None = None):
        c = self.consumers.get(node.output[0], [])
        if node.output[0] in self.graph_outputs or len(c) != 1 or c[0].op_type != op or c[0].input[0] != node.output[0]:
            return None
        return c[0] if perm is None or _attr(c[0], "perm") == perm else None


def _attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return helper.get_attribute_value(a)
    return default


def _heads_side(g: _Graph, tensor: str, perm: list[int]):
    """tensor = Mul(Transpose[perm](Reshape(x, shape)), sqrt_scale), either input order -> the nodes, x
    and the sqrt-scale tensor; or a reason string."""
    mul = g.producer.get(tensor)
    if mul is None or mul.op_type != "Mul":
        return "q or k is not scaled by a Mul"
    for i in (0, 1):
        t = g.parent(mul, i, "Transpose", perm)
        r = t and g.parent(t, 0, "Reshape")
        if r:
            return [mul, t, r], r.input[0], mul.input[1 - i]
    return f"no Reshape -> Transpose{perm} before the scaling Mul"


def _match(sm, g: _Graph) -> dict | str:
    """The decomposed attention ending in `sm` (a Softmax), or why it is not one."""
    if _attr(sm, "axis", -1) not in (-1, 3):
        return "Softmax not over the last axis"
    qk = g.parent(sm, 0, "MatMul")
    pv = g.only_child(sm, "MatMul")
    if qk is None or pv is None:
        return "Softmax is not between two MatMuls"
    q_side, k_side = _heads_side(g, qk.input[0], Q_PERM), _heads_side(g, qk.input[1], KT_PERM)
    for side in (q_side, k_side):
        if isinstance(side, str):
            return side
    tv = g.parent(pv, 1, "Transpose", Q_PERM)
    rv = tv and g.parent(tv, 0, "Reshape")
    to = g.only_child(pv, "Transpose", Q_PERM)
    ro = to and g.only_child(to, "Reshape")
    if not rv or not ro:
        return "v or the output is not a Reshape/Transpose head split"
    (q_nodes, q, sq), (k_nodes, k, sk) = q_side, k_side
    rq, rk = q_nodes[2], k_nodes[2]
    splits = [g.values.value(r.input[1]) for r in (rq, rk, rv)]
    if any(s is None or len(s[0]) != 4 for s in splits):
        return "head split shape not evaluable"
    heads, size = splits[0][0][2], splits[0][0][3]
    if not (isinstance(heads, int) and isinstance(size, int) and heads > 0 and size > 0):
        return f"head count / size not constant ({heads}, {size})"
    merged = g.values.value(ro.input[1])
    if merged is None or len(merged[0]) != 3 or merged[0][2] != heads * size:
        return "output Reshape does not merge the heads"
    batch = splits[0][0][0]
    if any(s[0][2:] != [heads, size] or s[0][0] != batch for s in splits) or merged[0][0] != batch:
        return "q, k, v and output disagree on batch or head split"
    for x in (q, k, rv.input[0]):
        dims = g.shapes.get(x)
        if dims is None or len(dims) != 3 or dims[2] != heads * size:
            return f"{x}: not [batch, tokens, {heads * size}]"
    # torch's default scale reads q4's shape (Shape -> Slice -> Sqrt): give it the split just evaluated
    for nodes, split, perm in ((q_nodes, splits[0], Q_PERM), (k_nodes, splits[1], KT_PERM)):
        dims = [e if isinstance(e, int) and e > 0 else None for e in split[0]]
        g.shapes[nodes[1].output[0]] = [dims[p] for p in perm]
    a, b = g.values.scalar(sq), g.values.scalar(sk)
    if not all(isinstance(x, (int, float)) and not isinstance(x, Unknown) and x > 0 for x in (a, b)):
        return "scale not constant"
    inner = q_nodes + k_nodes + [qk, sm, pv, tv, rv, to]
    ids = {_key(n) for n in inner + [ro]}
    for n in inner:  # the chain's tensors feed nothing else, except the shape reads of the scale
        readers = g.consumers.get(n.output[0], [])
        if n.output[0] in g.graph_outputs or any(_key(c) not in ids and c.op_type != "Shape" for c in readers):
            return f"{n.name}: output also used outside the attention"
    # diffusers ends with hidden_states.to(query.dtype), a Cast to the type it already has: taken into the
    # fused node (onnxruntime 1.20's CPU provider, casting float16 around the float32 kernel, fails to type
    # such a Cast right after it)
    cast = g.only_child(ro, "Cast")
    noop = cast is not None and g.types.get(q) == _attr(cast, "to") == g.types.get(ro.output[0])
    return {"q": q, "k": k, "v": rv.input[0], "last": ro, "out": (cast if noop else ro).output[0],
            "drop": [cast] if noop else [], "heads": heads, "headSize": size, "scale": a * b}


def _key(node) -> tuple[str, ...]:
    return tuple(node.output)  # output names are unique in a graph; node names need not be


def _drop_unused(model: onnx.ModelProto, was_dead: set[tuple]) -> None:
    """Removes nodes none of whose outputs is read any more (graph outputs count as read), except nodes
    that were already unused before this pass (left as the exporter wrote them). One pass in reverse
    topological order: a node's readers come after it, so they are decided before it is."""
    g = model.graph
    readers = Counter(i for n in g.node for i in n.input)
    readers.update(o.name for o in g.output)
    keep = [True] * len(g.node)
    for i in range(len(g.node) - 1, -1, -1):
        n = g.node[i]
        if _key(n) not in was_dead and not any(readers[o] for o in n.output):
            keep[i] = False
            readers.subtract(n.input)
    for i in range(len(g.node) - 1, -1, -1):
        if not keep[i]:
            del g.node[i]


def _unused_nodes(model: onnx.ModelProto) -> set[tuple]:
    read = {i for n in model.graph.node for i in n.input} | {o.name for o in model.graph.output}
    return {_key(n) for n in model.graph.node if not any(o in read for o in n.output)}


def fuse_attention(model: onnx.ModelProto) -> FuseReport:
    """Rewrites every recognised attention of `model` in place; returns what it did."""
    report = FuseReport(softmax_before=sum(n.op_type == "Softmax" for n in model.graph.node))
    was_dead = _unused_nodes(model)
    g = _Graph(model)
    index = {_key(n): i for i, n in enumerate(model.graph.node)}
    drop = set()
    for sm in [n for n in model.graph.node if n.op_type == "Softmax"]:
        m = _match(sm, g)
        if isinstance(m, str):
            report.left.append((sm.name, m))
            continue
        name = sm.name.rsplit("/", 1)[0] + "/MultiHeadAttention"
        node = helper.make_node("MultiHeadAttention", [m["q"], m["k"], m["v"]], [m["out"]], name=name,
                                domain=MS_DOMAIN, num_heads=m["heads"], scale=float(m["scale"]))
        model.graph.node[index[_key(m["last"])]].CopyFrom(node)  # same place: its inputs come earlier
        drop.update(index[_key(n)] for n in m["drop"])  # by place: the fused node now has their outputs
        report.fused.append({"name": name, "heads": m["heads"], "headSize": m["headSize"], "scale": m["scale"]})
    if report.fused:
        for i in range(len(model.graph.node) - 1, -1, -1):
            if i in drop:
                del model.graph.node[i]
        _drop_unused(model, was_dead)
        if not any(o.domain == MS_DOMAIN for o in model.opset_import):
            model.opset_import.append(helper.make_opsetid(MS_DOMAIN, 1))
    report.softmax_after = sum(n.op_type == "Softmax" for n in model.graph.node)
    return report


def fuse_template(folder: Path) -> dict[str, FuseReport]:
    """Fuses the graphs of a float16 template folder in place and updates template.json's graphFiles."""
    meta_path = folder / "template.json"
    meta = json.loads(meta_path.read_text())
    if meta.get("format") != "levitor-studio-svd-template":
        raise ValueError(f"{meta_path}: not a video template")
    if meta["pack"]["precision"]["weights"] != "fp16":
        raise ValueError(f"{folder}: a {meta['pack']['precision']['weights']} template; only float16 templates "
                         "are fused (the float32 CPU path stays as verified)")
    files = [folder / r["path"] for r in meta["graphFiles"]]
    reports = {}
    for path in files:
        model = onnx.load(str(path), load_external_data=False)
        reports[path.name] = fuse_attention(model)
        onnx.save_model(model, str(path))
    meta["graphFiles"] = file_records(folder, files)
    meta_path.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
    return reports


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("template", type=Path, help="a template folder (template.json + graphs), rewritten in place")
    a = ap.parse_args()
    try:
        reports = fuse_template(a.template)
    except (ValueError, OSError) as e:
        sys.exit(f"fuse_attention: {e}")
    for name, r in reports.items():
        size = (a.template / name).stat().st_size
        print(f"{name}: {r.summary()}; {size / 1e6:.2f} MB", flush=True)
        for why, n in Counter(why for _, why in r.left).items():
            print(f"  left as is ({n}): {why}; first: {next(s for s, w in r.left if w == why)}")
    left = sum(len(r.left) for r in reports.values())
    if left:
        sys.exit(f"fuse_attention: {left} attentions left unfused (graphs written; see above)")


if __name__ == "__main__":
    main()
