"""Write the control-signal golden fixtures: tests/fixtures/control/<scene>/{scene.json, depth.f32.gz,
masks/*.png, expected/*}.

    tools/.venv-reference/bin/python -m tools.reference.make_goldens [--out DIR] [--only NAME ...]
(or `npm run goldens:control`, or `bash tools/reference/setup.sh && ...`). Light dependencies only:
the splat is the NumPy formula (checked against PyTorch3D by check_splat_pytorch3d.py, not here).
"""

import argparse
import json
import os
import platform
import shutil
import sys

import cv2
import numpy as np
import PIL
import scipy
import sklearn

from .golden_scenes import SCENES, SceneSpec
from .levitor_reference import GENERATOR_VERSION
from .levitor_reference.outputs import gzip_bytes, write_bytes, write_expected, write_png_gray
from .levitor_reference.pipeline import run_scene
from .levitor_reference.scene import load_scene

DEFAULT_OUT = os.path.join("tests", "fixtures", "control")


def scene_json(spec: SceneSpec, depth_file: str, mask_files, auto_files) -> dict:
    objects = []
    for obj, mask_file in zip(spec.objects, mask_files):
        o = {"name": obj.name, "mask": mask_file, "kind": obj.kind}
        if obj.kind == "moving":
            o["trajectory"] = [{"x": int(x), "y": int(y), "depth": float(d)} for x, y, d in obj.trajectory]
        objects.append(o)
    return {
        "format": "levitor-scene", "version": 1,
        "width": spec.width, "height": spec.height, "frames": spec.frames, "pointsRatio": spec.ratio,
        "depth": {"kind": spec.depth_kind, "file": depth_file},
        "objects": objects, "autoMasks": auto_files, "parity": True,
    }


def write_scene(spec: SceneSpec, folder: str) -> str:
    """Scene inputs: depth as gzipped little-endian float32, masks as 8-bit PNG (255 inside)."""
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(os.path.join(folder, "masks"))
    depth_file = "depth.f32.gz"
    write_bytes(os.path.join(folder, depth_file), gzip_bytes(np.ascontiguousarray(spec.depth, "<f4").tobytes()))
    mask_files, auto_files = [], []
    for i, obj in enumerate(spec.objects):
        mask_files.append(f"masks/object{i}.png")
        write_png_gray(os.path.join(folder, mask_files[-1]), obj.mask.astype(np.uint8) * 255)
    for i, m in enumerate(spec.auto):
        auto_files.append(f"masks/auto{i:03d}.png")
        write_png_gray(os.path.join(folder, auto_files[-1]), m.astype(np.uint8) * 255)
    path = os.path.join(folder, "scene.json")
    doc = scene_json(spec, depth_file, mask_files, auto_files)
    write_bytes(path, (json.dumps(doc, indent=1) + "\n").encode())
    return path


def meta(spec: SceneSpec, result) -> dict:
    return {
        "generator": "tools/reference/make_goldens.py", "generatorVersion": GENERATOR_VERSION,
        "scene": spec.name, "description": spec.description,
        "libraries": {"numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__,
                      "opencv": cv2.__version__, "pillow": PIL.__version__, "python": platform.python_version()},
        "shapes": {"idmaps.u8.gz": list(result.id_maps.shape), "control.f32.gz": list(result.control.shape),
                   "z0.f64.gz": list(result.z0.shape)},
        "keypointsPerFrame": [len(f) for f in result.keypoints],
        "mergedIds": sorted(int(v) for v in np.unique(result.merged) if v != 0),
        "splat": "NumPy formula (docs/levitor-method.md section 5), see tools/reference/README.md",
    }


def generate(out_root: str, names) -> None:
    for name in names:
        spec = SCENES[name]()
        folder = os.path.join(out_root, name)
        scene_path = write_scene(spec, folder)
        result = run_scene(load_scene(scene_path))  # from the written files: proves the round trip
        write_expected(os.path.join(folder, "expected"), result, meta(spec, result))
        pts = sum(len(f) for f in result.keypoints)
        print(f"{name}: {spec.width}x{spec.height}x{spec.frames}, {len(spec.objects)} user + {len(spec.auto)} auto masks, {pts} keypoints")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="write the control golden fixtures")
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="*", choices=sorted(SCENES), help="scene names (default: all)")
    args = parser.parse_args(argv)
    generate(args.out, args.only or list(SCENES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
