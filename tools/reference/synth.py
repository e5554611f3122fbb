"""Deterministic synthetic scene material: shapes, realistic-looking disparity maps, segment partitions."""

import numpy as np


def grid(width: int, height: int):
    ys, xs = np.mgrid[0:height, 0:width]
    return xs.astype(np.float64), ys.astype(np.float64)


def ellipse(width, height, cx, cy, rx, ry) -> np.ndarray:
    xs, ys = grid(width, height)
    return ((xs - cx) / rx) ** 2 + ((ys - cy) / ry) ** 2 <= 1.0


def rect(width, height, x0, y0, x1, y1) -> np.ndarray:
    """Half-open [x0, x1) x [y0, y1)."""
    m = np.zeros((height, width), bool)
    m[max(y0, 0) : max(y1, 0), max(x0, 0) : max(x1, 0)] = True
    return m


def disparity(width, height, layers, seed=0) -> np.ndarray:
    """float32 [H,W] relative disparity (larger = nearer) as a depth network would give.

    Ground plane rising toward the bottom, a far sky band, smooth texture, then each (mask, level,
    tilt) layer painted on top with its own gentle gradient. The float64 field is cast to float32 once.
    """
    xs, ys = grid(width, height)
    d = 0.5 + 5.0 * (ys / height) ** 2 + 0.15 * np.sin(xs / (0.09 * width)) * np.cos(ys / (0.07 * height))
    d = np.where(ys < 0.2 * height, 0.4 + 0.1 * ys / height, d)
    rng = np.random.RandomState(seed)
    d = d + 0.01 * rng.standard_normal((height, width))
    for mask, level, tilt in layers:
        d = np.where(mask, level + tilt * (ys / height - 0.5), d)
    return np.maximum(d, 0.0).astype(np.float32)


def voronoi_segments(width, height, n, seed, exclude=None, grow=0):
    """n segments partitioning the image (Voronoi cells of seeded random sites), optionally grown by
    `grow` pixels so neighbours overlap, with `exclude` pixels removed. Returned in a seeded shuffle."""
    rng = np.random.RandomState(seed)
    sites = np.stack([rng.uniform(0, width, n), rng.uniform(0, height, n)], axis=1)
    xs, ys = grid(width, height)
    d2 = (xs[..., None] - sites[:, 0]) ** 2 + (ys[..., None] - sites[:, 1]) ** 2  # [H, W, n]
    owner = np.argmin(d2, axis=-1)
    segs = []
    for k in range(n):
        m = owner == k
        if grow:
            m = dilate(m, grow)
        if exclude is not None:
            m = m & ~exclude
        segs.append(m)
    order = rng.permutation(n)
    return [segs[k] for k in order]


def dilate(mask: np.ndarray, r: int) -> np.ndarray:
    out = mask.copy()
    for _ in range(r):
        m = out.copy()
        m[1:, :] |= out[:-1, :]
        m[:-1, :] |= out[1:, :]
        m[:, 1:] |= out[:, :-1]
        m[:, :-1] |= out[:, 1:]
        out = m
    return out


def cells(width, height, cw, ch):
    """Grid cells of cw x ch pixels (row-major), each a mask; for the many-segments (uint8 wrap) scene."""
    out = []
    for y in range(0, height - ch + 1, ch):
        for x in range(0, width - cw + 1, cw):
            out.append(rect(width, height, x, y, x + cw, y + ch))
    return out
