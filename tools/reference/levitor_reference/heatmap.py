"""Section 7: the control tensor (3, H, W) per frame from the keypoints (Gaussian disc template)."""

import math
from functools import lru_cache
from typing import List, Sequence

import cv2
import numpy as np

TEMPLATE_SIZE = 200
SIGMA = 40
SIDE = 10  # the demo's --gaussian_r


@lru_cache(maxsize=1)
def template() -> np.ndarray:
    """uint8 [200, 200]: normalised Gaussian (sigma 40) times OpenCV's filled disc of radius 100."""
    n = TEMPLATE_SIZE
    disc = np.zeros((n, n), np.float32)
    cv2.circle(disc, (n // 2, n // 2), n // 2, 1, -1)
    gauss = np.zeros((n, n), np.float32)
    # Scalar float64 evaluation per element, stored as float32 (as the reference does it).
    coef = 1 / 2 / math.pi / (SIGMA**2)
    for i in range(n):
        for j in range(n):
            e = -1 / 2 * ((i - n / 2) ** 2 / (SIGMA**2) + (j - n / 2) ** 2 / (SIGMA**2))
            gauss[i, j] = coef * np.exp(e)
    g = gauss * disc  # float32
    g = (g / np.max(g)).astype(np.float32)
    return (g / np.max(g) * 255).astype(np.uint8)


def box(row: int, col: int, width: int, height: int, side: int = SIDE):
    """(x1, x2, y1, y2) half-open box around the centre, clipped to [1, W-1) x [1, H-1)."""
    x1 = max(col - side, 1)
    x2 = min(col + side, width - 1)
    y1 = max(row - side, 1)
    y2 = min(row + side, height - 1)
    return x1, x2, y1, y2


def control_frame(points: Sequence[Sequence[int]], width: int, height: int) -> np.ndarray:
    """[[row, col, id, depth], ...] -> float32 [3, H, W]: template, id, uint8-wrapped depth."""
    out = np.zeros((3, height, width), np.float32)
    tpl = template()
    for row, col, label, depth in points:
        if col < 0 or row < 0 or col >= width or row >= height:
            continue
        x1, x2, y1, y2 = box(row, col, width, height)
        if x2 - x1 < 1 or y2 - y1 < 1:
            continue  # the reference crashes here; the studio skips the point
        patch = cv2.resize(tpl, (x2 - x1, y2 - y1))  # uint8 [h, w], default bilinear
        nonzero = patch != 0
        out[0, y1:y2, x1:x2] = patch
        out[1, y1:y2, x1:x2] = np.where(nonzero, np.uint8(label % 256), np.uint8(0))
        out[2, y1:y2, x1:x2] = np.where(nonzero, np.uint8(depth % 256), np.uint8(0))
    return out


def control_tensor(keypoints: List[List[List[int]]], width: int, height: int) -> np.ndarray:
    """Per-frame keypoints -> float32 [F, 3, H, W]."""
    return np.stack([control_frame(pts, width, height) for pts in keypoints])
