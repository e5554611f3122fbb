"""Full-size random-weight SAM2.1-tiny (sam2 package, the real hiera-tiny config) and Depth-Anything-V2-Small
(transformers, the real Small config) for `npm run bench -- seg|depth`: same architecture and cost as the
published weights. Written outside git (default ~/.cache/levitor-bench). Run from the repo root:
    tools/.venv-export/bin/python -m tools.export.bench_models [--out DIR] [--only sam2|depth]"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path(os.path.expanduser("~/.cache/levitor-bench")))
    ap.add_argument("--only", choices=["sam2", "depth"], default=None)
    args = ap.parse_args()
    if args.only in (None, "sam2") and not (args.out / "sam2.1-tiny" / "decoder.onnx").exists():
        from tools.export.sam2 import graphs, model

        graphs.export(model.build(tiny=False), args.out / "sam2.1-tiny", with_size=False)
        print("sam2.1-tiny exported")
    if args.only in (None, "depth") and not (args.out / "da-v2-small" / "model.onnx").exists():
        from tools.export.depth import model

        model.export(model.build(tiny=False), args.out / "da-v2-small")
        print("da-v2-small exported")


if __name__ == "__main__":
    main()
