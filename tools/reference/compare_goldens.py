"""Compare two control-golden trees by content (PNG pixels, gunzipped bytes, parsed JSON, raw bytes).

    tools/.venv-reference/bin/python -m tools.reference.compare_goldens COMMITTED_DIR FRESH_DIR
Exit 1 with a per-file summary when they differ. Content (not byte) comparison, so a different zlib
build that packs the same pixels differently is not a failure; meta.json's library versions are ignored.
"""

import gzip
import json
import os
import sys

import numpy as np
from PIL import Image


def files_under(root: str):
    out = set()
    for base, _dirs, names in os.walk(root):
        for n in names:
            out.add(os.path.relpath(os.path.join(base, n), root))
    return out


def load(path: str):
    if path.endswith(".png"):
        return np.asarray(Image.open(path))
    with open(path, "rb") as fh:
        raw = fh.read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    if path.endswith(".json"):
        doc = json.loads(raw)
        if os.path.basename(path) == "meta.json":
            doc.pop("libraries", None)
        return doc
    return raw


def describe(rel: str, a, b) -> str:
    if isinstance(a, np.ndarray):
        if a.shape != b.shape:
            return f"{rel}: shape {a.shape} != {b.shape}"
        return f"{rel}: {int((a != b).sum())} of {a.size} pixels differ"
    if isinstance(a, bytes):
        if len(a) != len(b):
            return f"{rel}: {len(a)} bytes != {len(b)} bytes"
        for dtype, suffix in (("<f4", ".f32.gz"), ("<f8", ".f64.gz"), ("u1", ".u8.gz")):
            if rel.endswith(suffix):
                x, y = np.frombuffer(a, dtype), np.frombuffer(b, dtype)
                diff = x != y
                mx = float(np.abs(x[diff].astype(np.float64) - y[diff].astype(np.float64)).max())
                return f"{rel}: {int(diff.sum())} of {x.size} values differ, max abs diff {mx:g}"
        return f"{rel}: bytes differ"
    if isinstance(a, dict) and "frames" in a and "frames" in b:
        bad = [i for i, (fa, fb) in enumerate(zip(a["frames"], b["frames"])) if fa != fb]
        return f"{rel}: keypoints differ in frames {bad[:10]}{'...' if len(bad) > 10 else ''}"
    return f"{rel}: JSON differs"


def compare(committed: str, fresh: str):
    problems = []
    fa, fb = files_under(committed), files_under(fresh)
    for rel in sorted(fa - fb):
        problems.append(f"{rel}: committed but not generated any more")
    for rel in sorted(fb - fa):
        problems.append(f"{rel}: generated but not committed")
    for rel in sorted(fa & fb):
        a, b = load(os.path.join(committed, rel)), load(os.path.join(fresh, rel))
        same = np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b
        if not same:
            problems.append(describe(rel, a, b))
    return problems, len(fa & fb)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    problems, n = compare(argv[0], argv[1])
    if problems:
        print(f"control goldens: {len(problems)} difference(s) between {argv[0]} and the regenerated set:")
        for p in problems:
            print("  " + p)
        print("Regenerate with `npm run goldens:control` (see tools/reference/README.md) if the change is intended.")
        return 1
    print(f"control goldens: {n} files identical to a fresh regeneration")
    return 0


if __name__ == "__main__":
    sys.exit(main())
