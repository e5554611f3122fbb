"""Builds resources/samples/coffee.levitor, the sample project that opens on first run.

Usage: python -m tools.samples.build_sample  (or: tools/samples/build_sample.sh)
The photograph is scikit-image's `coffee` (CC0, see resources/samples/README.md). The mask is a hand-made
union of ellipses around the cup and saucer, the depth a synthetic LeviTor Z0 (table receding upward, cup
and saucer nearer), and the trajectory lifts the cup up and toward the viewer. Output is byte-identical
between runs (fixed zip timestamps, deterministic PNG encoding).
"""

import io
import json
import sys
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image
from scipy.ndimage import gaussian_filter
from skimage import data

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "samples" / "coffee.levitor"
STAMP = (2024, 1, 1, 0, 0, 0)


def png_bytes(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def ellipse(h: int, w: int, cx: float, cy: float, rx: float, ry: float) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w]
    return ((xx + 0.5 - cx) / rx) ** 2 + ((yy + 0.5 - cy) / ry) ** 2 <= 1.0


def build() -> bytes:
    image = data.coffee()  # (400, 600, 3) uint8
    h, w = image.shape[:2]
    # Cup and saucer: saucer ellipse + cup body + handle (pixel coordinates read off the photograph).
    mask = ellipse(h, w, 278, 228, 202, 160) | ellipse(h, w, 290, 140, 120, 125) | ellipse(h, w, 228, 268, 36, 40)
    mask_png = png_bytes((mask * 255).astype(np.uint8))

    # Synthetic Z0 in the reference's form: Z0 = 1 / Dn with Dn an 8-bit disparity (smaller = nearer).
    yy = np.mgrid[0:h, 0:w][0].astype(np.float64)
    disparity = 40 + 150 * (yy / (h - 1))  # table: near at the bottom, far at the top
    disparity = np.where(mask, 235.0, disparity)  # the cup and saucer stand out
    disparity = gaussian_filter(disparity, 3.0)
    dn = np.clip(np.floor(disparity), 1, 255)
    z0 = (1.0 / dn).astype("<f4")  # float32 [H, W]
    # Trajectory depths are on the Z0 scale: start at the cup's own Z0 and come 20% nearer per point
    # (the control engine needs Z + dd > 0, so depths must stay on that scale).
    z_cup = float(z0[150, 290])
    path_depths = [round(z_cup * f, 7) for f in (1.0, 0.8, 0.6)]

    doc = {
        "format": "levitor-project",
        "version": 2,
        "name": "Coffee cup (sample)",
        "image": {"entry": "image.png", "width": w, "height": h, "orientation": 1, "fit": "stretch"},
        "objects": [
            {
                "id": "cup",
                "name": "cup and saucer",
                "colour": "#e6194b",
                "kind": "moving",
                "visible": True,
                "locked": False,
                "mask": "masks/cup.png",
                "prompts": {"points": [{"x": 290, "y": 150, "label": 1}, {"x": 40, "y": 40, "label": 0}], "box": [76, 18, 480, 390]},
                "trajectory": {
                    # Up and to the left, coming toward the viewer (depth falls from the cup's Z0 ~ 1/235).
                    "points": [
                        {"x": 290, "y": 150, "depth": path_depths[0]},
                        {"x": 260, "y": 120, "depth": path_depths[1]},
                        {"x": 220, "y": 100, "depth": path_depths[2]},
                    ],
                    "timing": "uniform",
                    "easing": ["easeIn", "easeOut"],
                },
            }
        ],
        "autoSegments": [],
        "depth": {"original": {"entry": "depth/original.f32", "kind": "z0", "width": w, "height": h}, "edited": None},
        "settings": {
            "seed": 217, "seedLocked": True, "steps": 25, "frames": 16, "motionBucket": 127, "fps": 6,
            "noiseAug": 0.02, "minGuidance": 1, "maxGuidance": 3, "controlScale": 1, "pointsRatio": 1,
            "resolution": "512x288", "device": "auto",
        },
        "takes": [],
        "ui": {"selectedObjectId": "cup", "activeTakeId": None, "zoom": 1},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        def add(name: str, payload: bytes, compress: bool) -> None:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            z.writestr(info, payload)

        add("project.json", json.dumps(doc, indent=1).encode(), True)
        add("image.png", png_bytes(image), False)
        add("masks/cup.png", mask_png, False)
        add("depth/original.f32", z0.tobytes(), True)
    return out.getvalue()


def main() -> int:
    payload = build()
    if "--check" in sys.argv:
        same = OUT.exists() and OUT.read_bytes() == payload
        print("sample is current" if same else "sample differs: run tools/samples/build_sample.sh")
        return 0 if same else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(payload)
    print(f"wrote {OUT} ({len(payload)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
