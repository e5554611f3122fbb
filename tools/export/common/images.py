"""Procedural test images (no licence question: generated here, fixed seed)."""

from __future__ import annotations

import numpy as np


def synthetic_portrait(w: int = 288, h: int = 512, seed: int = 1) -> np.ndarray:
    """Flat-ish shapes on a gradient, like a simple illustrated scene. Returns RGB uint8 HxWx3."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.zeros((h, w, 3))
    img[..., 0] = 40 + 120 * yy / h
    img[..., 1] = 90 + 60 * xx / w
    img[..., 2] = 200 - 100 * yy / h
    shapes = [((0.3, 0.3), 0.18, (230, 60, 40)), ((0.7, 0.55), 0.22, (40, 180, 70)), ((0.45, 0.8), 0.15, (250, 220, 60))]
    for (cx, cy), r, col in shapes:
        d = np.hypot(xx - cx * w, yy - cy * h)
        m = np.clip((r * w - d) / 2.0, 0, 1)[..., None]
        img = img * (1 - m) + np.array(col) * m
    img[int(0.6 * h):int(0.68 * h), int(0.1 * w):int(0.9 * w)] = (30, 30, 90)
    img += rng.normal(0, 3, img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def photo_like(w: int = 640, h: int = 480, seed: int = 2) -> np.ndarray:
    """Smooth random texture (sum of random sinusoids) + a sky gradient + a few soft objects + grain,
    a stand-in for a photograph. Returns RGB uint8 HxWx3."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.zeros((h, w, 3))
    for c in range(3):
        acc = np.zeros((h, w))
        for _ in range(6):
            fx, fy = rng.uniform(0.002, 0.03, 2)
            ph = rng.uniform(0, 2 * np.pi)
            acc += np.sin(2 * np.pi * (fx * xx + fy * yy) + ph)
        img[..., c] = 110 + 18 * acc
    horizon = 0.45 * h + 20 * np.sin(xx / 60.0)
    sky = yy < horizon
    img[sky] = np.stack([120 + 0 * yy, 170 + 0 * yy, 235 - 60 * yy / h], -1)[sky]
    for _ in range(5):
        cx, cy = rng.uniform(0.1, 0.9) * w, rng.uniform(0.5, 0.9) * h
        rx, ry = rng.uniform(30, 90), rng.uniform(20, 60)
        col = rng.uniform(20, 240, 3)
        d = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2
        m = np.clip((1 - d) * 8, 0, 1)[..., None]
        img = img * (1 - m) + col * m
    img += rng.normal(0, 4, img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)
