"""The whole chain for one scene: depth -> merge -> motion -> keypoints -> control tensor."""

from dataclasses import dataclass
from typing import List

import numpy as np

from .depth import disparity_to_z0
from .errors import SceneError
from .heatmap import control_tensor
from .keypoints import compute_keypoints
from .merge import merge_id_map
from .motion import MovingObject, run_motion
from .scene import Scene
from .trajectory import interpolate


@dataclass
class Result:
    z0: np.ndarray  # float64 [H, W]
    merged: np.ndarray  # uint8 [H, W]
    id_maps: np.ndarray  # uint8 [F, H, W]
    depth_maps: np.ndarray  # float32 [F, H, W]
    keypoints: List[List[List[int]]]  # per frame [[row, col, id, depth], ...]
    control: np.ndarray  # float32 [F, 3, H, W]


def scene_z0(scene: Scene) -> np.ndarray:
    if scene.depth_kind == "disparity":
        return disparity_to_z0(scene.depth)
    z0 = scene.depth.astype(np.float64)
    if not (z0 > 0).all():
        raise SceneError("z0 depth map must be > 0 everywhere")
    return z0


def moving_objects(scene: Scene, merged: np.ndarray, z0: np.ndarray) -> List[MovingObject]:
    """Moving objects with their PCHIP paths; refuses depths that put a pixel at or behind the camera."""
    out = []
    z32 = z0.astype(np.float32).astype(np.float64)
    for index, obj in enumerate(scene.objects):
        if obj.kind != "moving":
            continue
        obj_id = index + 1
        path = interpolate(obj.trajectory, scene.frames)
        pix = merged == obj_id
        if pix.any():
            dd_min = float((path[:, 2] - path[0, 2]).min())
            if float(z32[pix].min()) + dd_min <= 0:
                raise SceneError(f"object {obj.name!r}: its depth change {dd_min:.4f} puts pixels at Z + dd <= 0")
        out.append(MovingObject(obj_id, path))
    return out


def run_scene(scene: Scene) -> Result:
    if not scene.parity:
        raise SceneError("only parity mode is implemented by the reference")
    if len(scene.objects) + len(scene.auto_masks) > 256 * 255:
        raise SceneError("too many masks")
    z0 = scene_z0(scene)
    merged = merge_id_map([o.mask for o in scene.objects], scene.auto_masks) if (
        scene.objects or scene.auto_masks) else np.zeros((scene.height, scene.width), np.uint8)
    moving = moving_objects(scene, merged, z0)
    id_maps, depth_maps = run_motion(merged, z0, moving, scene.frames)
    user_ids = set(range(1, len(scene.objects) + 1))
    keypoints = compute_keypoints(id_maps, depth_maps, user_ids, scene.points_ratio)
    control = control_tensor(keypoints, scene.width, scene.height)
    return Result(z0, merged, id_maps, depth_maps, keypoints, control)
