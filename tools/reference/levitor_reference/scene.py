"""Load and validate a scene folder (format: docs/scene-format.md)."""

import gzip
import json
import os
from dataclasses import dataclass, field
from typing import List, Optional

import numpy as np
from PIL import Image

from .errors import SceneError


@dataclass
class SceneObject:
    name: str
    mask: np.ndarray  # bool [H, W]
    kind: str  # "moving" | "static"
    trajectory: Optional[List[List[float]]] = None  # [[x, y, depth], ...]


@dataclass
class Scene:
    width: int
    height: int
    frames: int
    points_ratio: float
    depth_kind: str  # "disparity" | "z0"
    depth: np.ndarray  # float32 [H, W]
    objects: List[SceneObject] = field(default_factory=list)
    auto_masks: List[np.ndarray] = field(default_factory=list)
    parity: bool = True


def read_f32(path: str, height: int, width: int) -> np.ndarray:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as fh:
        raw = fh.read()
    if len(raw) != height * width * 4:
        raise SceneError(f"{path}: {len(raw)} bytes, expected {height * width * 4} (float32 {height}x{width})")
    return np.frombuffer(raw, dtype="<f4").reshape(height, width).copy()


def read_mask(path: str, height: int, width: int) -> np.ndarray:
    if not os.path.isfile(path):
        raise SceneError(f"mask file not found: {path}")
    arr = np.asarray(Image.open(path))
    if arr.ndim == 3:
        arr = arr[:, :, 0]
    if arr.shape != (height, width):
        raise SceneError(f"{path}: mask is {arr.shape[1]}x{arr.shape[0]}, scene is {width}x{height}")
    return arr > 0


def _check_trajectory(name: str, traj, width: int, height: int) -> List[List[float]]:
    if not isinstance(traj, list) or not traj:
        raise SceneError(f"object {name!r}: a moving object needs at least one trajectory point")
    points = []
    for k, p in enumerate(traj):
        x, y, d = p["x"], p["y"], p["depth"]
        if int(x) != x or int(y) != y or not (0 <= x < width and 0 <= y < height):
            raise SceneError(f"object {name!r} point {k}: ({x}, {y}) is not an integer pixel inside {width}x{height}")
        if not (d > 0) or d > 1:
            raise SceneError(f"object {name!r} point {k}: depth {d} must be in (0, 1] (0 would divide by zero)")
        points.append([int(x), int(y), float(d)])
    return points


def load_scene(scene_path: str) -> Scene:
    with open(scene_path, "r", encoding="utf-8") as fh:
        doc = json.load(fh)
    base = os.path.dirname(os.path.abspath(scene_path))
    if doc.get("format") != "levitor-scene" or doc.get("version") != 1:
        raise SceneError("scene.json: format must be 'levitor-scene', version 1")
    width, height = int(doc.get("width", 288)), int(doc.get("height", 512))
    frames = int(doc.get("frames", 16))
    if width < 2 or height < 2 or frames < 1:
        raise SceneError(f"bad size {width}x{height}x{frames}")
    depth_doc = doc["depth"]
    if depth_doc.get("kind") not in ("disparity", "z0"):
        raise SceneError("depth.kind must be 'disparity' or 'z0'")
    depth = read_f32(os.path.join(base, depth_doc["file"]), height, width)
    objects = []
    for i, o in enumerate(doc.get("objects", [])):
        name = o.get("name", f"object{i}")
        mask = read_mask(os.path.join(base, o["mask"]), height, width)
        if not mask.any():
            raise SceneError(f"object {name!r}: empty mask")
        kind = o.get("kind", "moving")
        if kind not in ("moving", "static"):
            raise SceneError(f"object {name!r}: kind must be 'moving' or 'static'")
        traj = _check_trajectory(name, o.get("trajectory"), width, height) if kind == "moving" else None
        objects.append(SceneObject(name, mask, kind, traj))
    autos = [read_mask(os.path.join(base, p), height, width) for p in doc.get("autoMasks", [])]
    if not objects and not autos:
        raise SceneError("scene has no masks at all")
    ratio = float(doc.get("pointsRatio", 1))
    if not ratio > 0:
        raise SceneError(f"pointsRatio {ratio} must be > 0")
    return Scene(width, height, frames, ratio, depth_doc["kind"], depth, objects, autos, bool(doc.get("parity", True)))
