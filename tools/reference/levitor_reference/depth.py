"""Section 1: network disparity -> 8-bit Dn -> LeviTor depth Z0 (smaller = nearer)."""

import numpy as np


def disparity_to_dn(disparity: np.ndarray) -> np.ndarray:
    """float disparity [H,W] (larger = nearer) -> uint8 Dn [H,W].

    Float32 throughout, divide first then multiply, truncation (astype) not rounding.
    A constant map (max == min) gives NaN in the reference; we map it to 0 (-> Z0 = 1) instead of
    letting an undefined cast decide.
    """
    d = np.asarray(disparity, dtype=np.float32)
    lo = d.min()
    hi = d.max()
    if hi == lo:
        return np.zeros(d.shape, np.uint8)
    scaled = (d - lo) / (hi - lo) * np.float32(255.0)  # float32 [H,W] in [0, 255]
    return scaled.astype(np.uint8)


def dn_to_z0(dn: np.ndarray) -> np.ndarray:
    """uint8 Dn [H,W] -> float64 Z0 = 1 / Dn, with Dn = 0 mapped to 1.0."""
    dn64 = np.asarray(dn).astype(np.float64)
    z0 = np.ones(dn64.shape, np.float64)
    nz = dn64 != 0
    z0[nz] = 1.0 / dn64[nz]
    return z0


def disparity_to_z0(disparity: np.ndarray) -> np.ndarray:
    return dn_to_z0(disparity_to_dn(disparity))
