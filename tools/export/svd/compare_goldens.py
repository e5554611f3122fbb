"""Compare two tiny-pack golden trees (make_tiny output): same tensors, same shapes, values within a tolerance
(CPU float kernels may round differently across machines), same manifest graph contract.

    python -m tools.export.svd.compare_goldens tests/fixtures/svd /tmp/fresh [--atol 1e-5]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np


def compare(a: Path, b: Path, atol: float) -> list[str]:
    problems = []
    ia = json.loads((a / "golden" / "index.json").read_text())
    ib = json.loads((b / "golden" / "index.json").read_text())
    if ia.get("reference") != ib.get("reference"):  # the library versions the reference ran on
        problems.append(f"reference versions differ: {ia.get('reference')} vs {ib.get('reference')}")
    if ia["meta"] != ib["meta"]:
        problems.append(f"meta differs: {ia['meta']} vs {ib['meta']}")
    if set(ia["tensors"]) != set(ib["tensors"]):
        problems.append(f"tensor sets differ: {sorted(set(ia['tensors']) ^ set(ib['tensors']))}")
    for name in sorted(set(ia["tensors"]) & set(ib["tensors"])):
        ta, tb = ia["tensors"][name], ib["tensors"][name]
        if ta["shape"] != tb["shape"]:
            problems.append(f"{name}: shape {ta['shape']} vs {tb['shape']}")
            continue
        va = np.fromfile(a / "golden" / ta["file"], dtype="<f4")
        vb = np.fromfile(b / "golden" / tb["file"], dtype="<f4")
        diff = float(np.abs(va - vb).max()) if va.size else 0.0
        scale = max(1.0, float(np.abs(va).max()) if va.size else 1.0)
        if diff > atol * scale:
            problems.append(f"{name}: max abs diff {diff:.3e} (scale {scale:.3g})")
    ma = json.loads((a / "pack" / "manifest.json").read_text())
    mb = json.loads((b / "pack" / "manifest.json").read_text())
    for key in ("formatVersion", "graphSemantics", "resolution", "latent", "frames", "decodeChunk", "graphs", "scheduler"):
        if ma.get(key) != mb.get(key):
            problems.append(f"manifest {key} differs")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("committed", type=Path)
    ap.add_argument("fresh", type=Path)
    ap.add_argument("--atol", type=float, default=1e-5)
    a = ap.parse_args()
    problems = compare(a.committed, a.fresh, a.atol)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print("svd goldens: current")


if __name__ == "__main__":
    main()
