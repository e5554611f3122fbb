"""Section 3: PCHIP trajectories sampled at F uniform parameters (uniform in click index)."""

from typing import Sequence

import numpy as np
from scipy.interpolate import PchipInterpolator


def interpolate(points: Sequence[Sequence[float]], frames: int) -> np.ndarray:
    """points [(x, y, d), ...] -> float64 [F, 3] (x, y, d) per frame.

    One point = stationary object (the studio's decision; the reference crashes there).
    """
    pts = np.asarray(points, dtype=np.float64)  # [n, 3]
    if pts.shape[0] == 1:
        return np.repeat(pts, frames, axis=0)
    t = np.linspace(0, 1, pts.shape[0])
    new_t = np.linspace(0, 1, frames)
    cols = [PchipInterpolator(t, pts[:, c])(new_t) for c in range(3)]
    return np.stack(cols, axis=1)


def deltas(path: np.ndarray) -> np.ndarray:
    """[F, 3] absolute path -> [F, 3] (dx, dy, dd) = p_i - p_0, float64, never rounded."""
    return path - path[0:1]
