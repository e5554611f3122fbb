"""Section 4: merge user masks and automatic masks into one uint8 id map (parity: uint8 id wrap)."""

from typing import Sequence

import numpy as np


def area_threshold(width: int, height: int) -> float:
    """T = 0.001 * W * H, computed as the reference does (product first, then scaled)."""
    t = width * height
    return t * 0.001


def merge_id_map(user_masks: Sequence[np.ndarray], auto_masks: Sequence[np.ndarray]) -> np.ndarray:
    """bool masks [H,W] -> uint8 id map [H,W].

    user_masks: in creation order (ids 1..U). auto_masks: in the order the segmenter returned them
    (predicted IoU descending); they are merged reversed. List index k gets id (k+1) mod 256.
    """
    masks = list(user_masks) + list(auto_masks)[::-1]
    n_user = len(user_masks)
    height, width = masks[0].shape
    thr = area_threshold(width, height)
    final = np.zeros((height, width), np.uint8)
    for index, mask in enumerate(masks):
        mask = np.asarray(mask, dtype=bool)
        original_area = int(mask.sum())
        label = np.uint8((index + 1) % 256)  # uint8 wrap: index 255 -> 0, index 256 -> 1
        m = mask.astype(np.uint8) * label  # uint8 [H,W]
        if index >= n_user:
            # Step 1: automatic masks never take pixels of user ids (ids 1..U, wrap included).
            m[(final > 0) & (final <= n_user)] = 0
        overlap = (m != 0) & (final != 0)
        if overlap.any():
            # Step 2: dominant existing id in the overlap (most frequent, smallest on ties).
            dominant = int(np.argmax(np.bincount(final[overlap])))
            if int((final == dominant).sum()) < original_area:
                final[overlap] = 0
            else:
                m[overlap] = 0
        if int((m != 0).sum()) > thr:
            final = final + m  # no overlap is left, so this never overflows
    for label in range(1, int(final.max()) + 1):
        seg = final == label
        if int(seg.sum()) <= thr:
            final[seg] = 0
    return final
