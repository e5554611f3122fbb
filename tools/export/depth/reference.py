"""Depth Anything V2 reference pre/post-processing as LeviTor runs it (docs/levitor-method.md section 1), with
OpenCV and NumPy exactly as the Depth-Anything-V2 repository's transforms do."""

from __future__ import annotations

import cv2
import numpy as np
import torch
import torch.nn.functional as F

MEAN = np.array([0.485, 0.456, 0.406])
STD = np.array([0.229, 0.224, 0.225])


def target_size(w: int, h: int, input_size: int = 512, multiple: int = 14) -> tuple[int, int]:
    """Lower-bound resize keeping aspect: scale = max(size/w, size/h); round to a multiple (half to even),
    or the ceiling multiple if rounding fell below input_size. Returns (new_w, new_h)."""
    scale = max(input_size / w, input_size / h)

    def fit(x: float) -> int:
        y = int(np.round(x / multiple) * multiple)
        if y < input_size:
            y = int(np.ceil(x / multiple) * multiple)
        return y

    return fit(scale * w), fit(scale * h)


def preprocess(rgb: np.ndarray, input_size: int = 512, parity_bgr: bool = True,
               fixed: tuple[int, int] | None = None) -> np.ndarray:
    """rgb uint8 [H,W,3] -> float32 [1,3,h',w']. parity_bgr reproduces the reference's double BGR->RGB swap
    (the network sees BGR). `fixed` = (w, h) forces a static size (standalone 518x518 exports)."""
    img = rgb[..., ::-1] if parity_bgr else rgb
    img = np.ascontiguousarray(img).astype(np.float64) / 255.0
    h, w = rgb.shape[:2]
    nw, nh = fixed if fixed else target_size(w, h, input_size)
    img = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_CUBIC)
    img = (img - MEAN) / STD
    return np.ascontiguousarray(img.transpose(2, 0, 1))[None].astype(np.float32)


def postprocess(depth: torch.Tensor, h: int, w: int) -> np.ndarray:
    """[1,h',w'] network disparity -> float32 [h,w]: ReLU, bilinear align_corners=True to the image size."""
    d = F.relu(depth)
    return F.interpolate(d[:, None], (h, w), mode="bilinear", align_corners=True)[0, 0].numpy().astype(np.float32)


def to_levitor(depth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """float32 disparity -> (Dn uint8, Z0 float64): divide first, then multiply, truncate; Z0 = 1/Dn, 0 -> 1."""
    d = depth.astype(np.float32)
    dn = (((d - d.min()) / (d.max() - d.min())) * np.float32(255)).astype(np.uint8)
    z0 = np.ones(dn.shape, np.float64)
    nz = dn != 0
    z0[nz] = 1.0 / dn[nz].astype(np.float64)
    return dn, z0
