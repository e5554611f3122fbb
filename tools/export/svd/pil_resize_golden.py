"""Pillow BILINEAR resizes of real photos: the golden of src-shared/image/pilResize.ts (issue 11: the
generation input is resized as the LeviTor demo does, `Image.resize((288, 512), Image.BILINEAR)`).

    python -m tools.export.svd.pil_resize_golden [--check]

Sources: the bundled sample photograph (resources/samples/coffee.levitor, image.png, 600x400) and two crops
of scikit-image 0.24.0's sample photographs committed beside the goldens (tests/fixtures/pil-resize/
README.md). Writes one PNG per case (PNG is lossless) and index.json; --check recomputes and compares
instead (run it in the reference venv too: its Pillow is LeviTor's 10.3.0, the export venv's 11.0.0).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import zipfile
from pathlib import Path

import numpy as np
import PIL
from PIL import Image

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "tests" / "fixtures" / "pil-resize"
SAMPLE = ROOT / "resources" / "samples" / "coffee.levitor"

# name, source, output (w, h), box (PIL's resize box) or None
CASES = [
    ("coffee-288x512", "coffee", (288, 512), None),  # the parity stretch: x shrinks 600->288, y grows 400->512
    ("coffee-200x150", "coffee", (200, 150), None),  # both shrink
    ("coffee-box-288x512", "coffee", (288, 512), (150.5, 0, 375.25, 400)),  # a crop framing, fractional edges
    ("coffee-97x61", "coffee", (97, 61), None),  # strong antialiased shrink, odd sizes
    ("chelsea-288x512", "chelsea-crop.png", (288, 512), None),  # grows both ways
    ("rocket-288x512", "rocket-crop.png", (288, 512), None),
    ("rocket-72x80", "rocket-crop.png", (72, 80), None),
]


def source(name: str) -> Image.Image:
    if name == "coffee":
        with zipfile.ZipFile(SAMPLE) as z:
            return Image.open(io.BytesIO(z.read("image.png"))).convert("RGB")
    return Image.open(OUT / name).convert("RGB")


def resized(src: str, size: tuple[int, int], box) -> Image.Image:
    return source(src).resize(size, Image.BILINEAR, box=box)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    index = {"pillow": PIL.__version__, "filter": "BILINEAR", "cases": []}
    bad = []
    for name, src, size, box in CASES:
        img = resized(src, size, box)
        file = f"{name}.png"
        if a.check:
            want = np.asarray(Image.open(OUT / file).convert("RGB"))
            if not np.array_equal(np.asarray(img), want):
                bad.append(f"{name}: {int((np.asarray(img) != want).sum())} values differ")
            continue
        Image.frombytes("RGB", img.size, img.tobytes()).save(OUT / file, optimize=True)  # no ICC profile
        index["cases"].append({"name": name, "source": src, "width": size[0], "height": size[1],
                               "box": list(box) if box else None, "file": file})
    if a.check:
        print("\n".join(bad) or f"pil-resize goldens: current (Pillow {PIL.__version__})")
        sys.exit(1 if bad else 0)
    (OUT / "index.json").write_text(json.dumps(index, indent=2) + "\n")


if __name__ == "__main__":
    main()
