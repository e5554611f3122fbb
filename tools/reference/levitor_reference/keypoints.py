"""Section 6: control points per frame and id by scikit-learn K-means, with the reference's quirks."""

import random
import warnings
from typing import Dict, List, Set

import numpy as np
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

SEED = 217
CANDIDATE_STEP = 10


def cluster_count(area_max: int, area_min: int, is_user: bool, width: int, height: int) -> int:
    """K before the ratio: clamp(round(50 * A_max / (H*W)), 1, 8), at least 3 for user / vanishing / varying ids."""
    k = round(np.int64(area_max) * 50 / (height * width))
    k = min(max(k, 1), 8)
    if is_user or area_min == 0 or np.int64(area_max) / np.int64(area_min) > 10:
        k = max(k, 3)
    return int(k)


def scaled_count(k: int, ratio: float, n_candidates: int) -> int:
    """K' = max(1, int(K * ratio)), clamped to the candidate count (the reference crashes beyond it)."""
    return min(max(1, int(k * ratio)), n_candidates)


def even_samples(candidates: np.ndarray, k: int) -> np.ndarray:
    """Rows L//2 + s*L, s = 0..k-1, L = len // k (float32 [k, 2])."""
    step = len(candidates) // k
    return candidates[[step // 2 + s * step for s in range(k)]]


def centres_present(centres: np.ndarray, candidates: np.ndarray) -> bool:
    """The reference's `point in array` test, element-wise: row matches any row OR col matches any col."""
    return all(bool((candidates == c).any()) for c in centres)


def run_kmeans(candidates: np.ndarray, init: np.ndarray) -> np.ndarray:
    """scikit-learn Lloyd from an explicit init (one init); single-threaded so float32 sums have one order."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with threadpool_limits(limits=1):
            km = KMeans(n_clusters=len(init), init=init).fit(candidates)
    return km.cluster_centers_  # float32 [k, 2]


def depth_value(z: float) -> int:
    """round(1 / float32 Z) with Python's half-to-even round; 1 -> 0."""
    d = round(1.0 / float(np.float32(z)))
    return 0 if d == 1 else d


def compute_keypoints(
    id_maps: np.ndarray, depth_maps: np.ndarray, user_ids: Set[int], ratio: float
) -> List[List[List[int]]]:
    """id maps uint8 [F,H,W], depth maps float32 [F,H,W] -> per frame [[row, col, id, depth], ...]."""
    frames, height, width = id_maps.shape
    max_id = int(id_maps.max()) if id_maps.size else 0
    areas = np.stack([np.bincount(m.ravel(), minlength=256)[: max_id + 1] for m in id_maps])  # [F, ids]
    random.seed(SEED)
    np.random.seed(SEED)
    rows, cols = np.mgrid[0:height, 0:width]
    positions = np.stack([rows, cols], axis=-1).astype(np.float32)  # [H, W, 2] (row, col)
    stored: Dict[int, np.ndarray] = {}
    result = []
    for f in range(frames):
        frame_points = []
        for label in range(1, int(id_maps[f].max()) + 1):
            a_max, a_min = int(areas[:, label].max()), int(areas[:, label].min())
            if a_max == 0:
                continue
            k = cluster_count(a_max, a_min, label in user_ids, width, height)
            candidates = positions[id_maps[f] == label][::CANDIDATE_STEP]
            if len(candidates) < k:
                continue  # too few candidates: no points this frame (full occlusion)
            kk = scaled_count(k, ratio, len(candidates))
            if label not in stored:
                first = run_kmeans(candidates, even_samples(candidates, kk))
                stored[label] = first
            else:
                prev = stored[label]
                if len(prev) != kk or not centres_present(prev, candidates):
                    stored[label] = even_samples(candidates, kk)
            centres = run_kmeans(candidates, stored[label])
            for row, col in centres:
                r, c = int(row), int(col)
                frame_points.append([r, c, label, depth_value(depth_maps[f, r, c])])
        result.append(frame_points)
    return result
