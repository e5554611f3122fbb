import numpy as np
import pytest

from tools.reference.levitor_reference.keypoints import run_kmeans
from tools.reference.levitor_reference.kmeans_f32 import lloyd_f32


def blob_candidates(rng, n):
    rows = rng.randint(0, 512, n)
    cols = rng.randint(0, 288, n)
    pts = np.stack([rows, cols], 1)
    pts = pts[np.lexsort((pts[:, 1], pts[:, 0]))]  # raster order, as candidates are
    return pts.astype(np.float32)


@pytest.mark.parametrize("seed", range(25))
def test_f32_contract_equals_sklearn_from_samples(seed):
    rng = np.random.RandomState(seed)
    cand = blob_candidates(rng, rng.randint(20, 800))
    k = rng.randint(1, 9)
    step = len(cand) // k
    init = cand[[step // 2 + s * step for s in range(k)]]
    assert np.array_equal(lloyd_f32(cand, init), run_kmeans(cand, init))


@pytest.mark.parametrize("seed", range(15))
def test_f32_contract_equals_sklearn_with_empty_clusters(seed):
    # Stored centres that passed the element-wise membership test need not be near any candidate:
    # clusters start empty and scikit-learn relocates them to the farthest samples.
    rng = np.random.RandomState(100 + seed)
    cand = blob_candidates(rng, rng.randint(30, 300))
    init = np.concatenate([cand[:2], rng.uniform(-200, 700, (rng.randint(1, 5), 2)).astype(np.float32)])
    assert np.array_equal(lloyd_f32(cand, init), run_kmeans(cand, init))
