"""Section 5 splat: PyTorch3D point rasterizer (10 points per pixel) + AlphaCompositor, as a formula.

Arithmetic (the same as src-shared/control/splat.ts, whose header spells it out): positions and squared distances in
float64, weights and compositing in float32 in PyTorch3D's CPU compositor order.
"""

import math

import numpy as np

POINTS_PER_PIXEL = 10
BASE_RADIUS = 0.011


def splat_radius(dd: float) -> float:
    """NDC radius: grows only when the object comes nearer (dd < 0)."""
    return max(BASE_RADIUS - float(dd), BASE_RADIUS)


def project(xs, ys, z, dx, dy, dd, width, height):
    """Pixel-edge coordinates (u, v) float64 [P] of points moved by (dx, dy, dd) and re-projected."""
    s = z / (z + dd)
    u = width / 2 + ((xs + dx) - width / 2) * s
    v = height / 2 + ((ys + dy) - height / 2) * s
    return u, v


def splat_values(xs, ys, z, dx, dy, dd, feature, width, height) -> np.ndarray:
    """Composited float32 value [H,W] of one point cloud with a scalar feature (the object id).

    xs, ys: int pixel coords [P] in raster order; z: float64 [P] holding float32 Z0 values.
    Per pixel the up to 10 hits nearest in z (ties: raster index) are composited front to back.
    """
    xs = np.asarray(xs, np.float64)
    ys = np.asarray(ys, np.float64)
    z = np.asarray(z, np.float64)
    u, v = project(xs, ys, z, dx, dy, dd, width, height)
    r = splat_radius(dd)
    r2 = r * r
    s = min(width, height) / 2
    ss = s * s
    r_px = r * s
    span = int(math.ceil(2 * r_px)) + 2
    c0 = np.floor(u - 0.5 - r_px).astype(np.int64)
    q0 = np.floor(v - 0.5 - r_px).astype(np.int64)
    pix_parts, z_parts, idx_parts, a_parts = [], [], [], []
    point_idx = np.arange(xs.size)
    for oy in range(span):
        rows = q0 + oy
        ey = v - (rows + 0.5)
        row_ok = (rows >= 0) & (rows < height)
        for ox in range(span):
            cols = c0 + ox
            ex = u - (cols + 0.5)
            d2 = (ex * ex + ey * ey) / ss
            hit = row_ok & (cols >= 0) & (cols < width) & (d2 < r2)
            if not hit.any():
                continue
            pix_parts.append(rows[hit] * width + cols[hit])
            z_parts.append(z[hit])
            idx_parts.append(point_idx[hit])
            a_parts.append((1.0 - d2[hit] / r2).astype(np.float32))
    value = np.zeros(height * width, np.float32)
    if not pix_parts:
        return value.reshape(height, width)
    pix = np.concatenate(pix_parts)
    zz = np.concatenate(z_parts)
    idx = np.concatenate(idx_parts)
    alpha = np.concatenate(a_parts)
    order = np.lexsort((idx, zz, pix))  # by pixel, then z ascending, then raster index
    pix, alpha = pix[order], alpha[order]
    starts = np.flatnonzero(np.r_[True, pix[1:] != pix[:-1]])
    group_len = np.diff(np.r_[starts, pix.size])
    rank = np.arange(pix.size) - np.repeat(starts, group_len)
    feat = np.float32(feature)
    one = np.float32(1.0)
    trans = np.ones(height * width, np.float32)
    for k in range(POINTS_PER_PIXEL):
        sel = rank == k
        if not sel.any():
            break
        p, a = pix[sel], alpha[sel]
        value[p] = value[p] + (trans[p] * a) * feat
        trans[p] = trans[p] * (one - a)
    return value.reshape(height, width)


def splat_coverage(xs, ys, z, dx, dy, dd, feature, width, height) -> np.ndarray:
    """bool [H,W]: pixels where round-half-even(composited value) != 0."""
    return np.rint(splat_values(xs, ys, z, dx, dy, dd, feature, width, height)) != 0
