"""Section 5: per-frame 3D move + splat + occlusion + fill + carry-over -> id maps M_i and depth maps Z_i."""

from dataclasses import dataclass
from typing import List, Optional, Tuple

import numpy as np

from .splat import splat_coverage

FILL_OFFSET = 5


@dataclass
class MovingObject:
    obj_id: int  # instance id (creation index + 1)
    path: np.ndarray  # float64 [F, 3] absolute (x, y, d) per frame


def fill_id(static_map: np.ndarray, x0: int, y0: int) -> Optional[int]:
    """Most frequent static id (smallest on ties) in rows [max(y0-5,0), y0) of column max(x0-5,0).

    None when the window is empty (y0 = 0): the reference writes int32-min there, the studio fills nothing.
    """
    column = static_map[max(y0 - FILL_OFFSET, 0) : y0, max(x0 - FILL_OFFSET, 0)]
    if column.size == 0:
        return None
    values, counts = np.unique(column, return_counts=True)  # values ascending
    return int(values[int(np.argmax(counts))])


def run_motion(
    merged: np.ndarray, z0: np.ndarray, moving: List[MovingObject], frames: int
) -> Tuple[np.ndarray, np.ndarray]:
    """merged uint8 [H,W], z0 float64 [H,W] -> (id maps uint8 [F,H,W], depth maps float32 [F,H,W])."""
    height, width = merged.shape
    moving_ids = [m.obj_id for m in moving]
    # Region that can be vacated and filled: background plus the moving objects' original pixels.
    movable = (merged == 0) | np.isin(merged, moving_ids)
    static_map = merged.astype(np.int32)
    static_map[movable] = 0
    z_scene0 = z0.astype(np.float64).copy()
    z_scene0[movable] = 1.0
    z32 = z0.astype(np.float32)
    clouds = []
    for obj in moving:
        ys, xs = np.nonzero(merged == obj.obj_id)  # raster order
        z = z32[ys, xs].astype(np.float64)
        fid = fill_id(static_map, int(xs[0]), int(ys[0])) if xs.size else None
        clouds.append((xs, ys, z, fid))
    current = static_map.copy()
    id_maps = np.zeros((frames, height, width), np.uint8)
    depth_maps = np.zeros((frames, height, width), np.float32)
    for i in range(frames):
        z_scene = z_scene0.copy()
        covered_all = []
        for obj, (xs, ys, z, fid) in zip(moving, clouds):
            dx, dy, dd = (obj.path[i] - obj.path[0]).tolist()
            d_i = float(obj.path[i, 2])
            if xs.size:
                covered = splat_coverage(xs, ys, z, dx, dy, dd, obj.obj_id, width, height)
            else:
                covered = np.zeros((height, width), bool)
            drawn = covered & (z_scene > d_i)
            current[drawn] = obj.obj_id
            z_scene[drawn] = d_i
            if fid is not None:
                current[movable & (current == 0)] = fid
            covered_all.append(covered)
        id_maps[i] = current.astype(np.uint8)
        depth_maps[i] = z_scene.astype(np.float32)
        for covered in covered_all:
            current[covered] = static_map[covered]
    return id_maps, depth_maps
