"""scikit-learn 1.5.0's Lloyd K-means (dense, float32, explicit init, one thread) written out op by op.

Not used to make goldens (keypoints.py calls scikit-learn itself). It is the executable contract for the
TypeScript engine: every float32 rounding in the order scikit-learn performs it, verified bit-for-bit
against scikit-learn on all 3765 K-means calls of the golden scenes (tests/test_kmeans_f32.py and
`python -m tools.reference.kmeans_contract`). Every `.astype(F32)` below is one float32 rounding
(Math.fround in TypeScript).
"""

import numpy as np

from .np_select import argpartition

F32 = np.float32
F64 = np.float64


def seq_sum(a: np.ndarray) -> np.ndarray:
    """float32 sum along axis 0, strictly in row order (numpy's axis-0 reduce of an (n, 2) array)."""
    return np.add.accumulate(a.astype(F32), axis=0, dtype=F32)[-1]


def relocate_order(dist: np.ndarray, n_empty: int) -> np.ndarray:
    """Samples that re-seed empty clusters: np.argpartition(dist, -n)[:-n-1:-1], i.e. the last n positions
    of numpy 1.26's introselect, reversed (np_select.py spells it out).

    Its order among ties and among the n largest is the partition's, not a sort's: a plain descending
    sort changes 4 of the 3765 golden K-means results.
    """
    order = argpartition(dist.tolist(), -n_empty)
    return np.array(order[::-1][:n_empty])


def lloyd_f32(x: np.ndarray, init: np.ndarray, max_iter: int = 300) -> np.ndarray:
    """x float32 [n, 2] (row, col) candidates, init [k, 2] -> centres float32 [k, 2]."""
    x = x.astype(F32)
    n, k = len(x), len(init)
    nf = F32(n)
    mean = (seq_sum(x) / nf).astype(F32)  # X.mean(axis=0)
    dev = (x - mean).astype(F32)
    var = (seq_sum((dev * dev).astype(F32)) / nf).astype(F32)  # np.var(X, axis=0), on the UNcentred X
    tol = F32(F32(F32(var[0] + var[1]) / F32(2)) * F32(1e-4))
    xc = (x - mean).astype(F32)  # scikit-learn centres the data and the init on the mean
    c = (init.astype(F32) - mean).astype(F32)
    labels_old = np.full(n, -1)
    for _ in range(max_iter):
        # squared norms: c0*c0 + c1*c1, two roundings then the sum (no FMA)
        cn = ((c[:, 0] * c[:, 0]).astype(F32) + (c[:, 1] * c[:, 1]).astype(F32)).astype(F32)
        # OpenBLAS sgemm here: acc = round(x0*c0); acc = fma(x1, c1, acc). The fma is emulated in float64:
        # x1*c1 is exact there; in TypeScript Math.fround(x1 * c1 + acc) is the same double computation.
        p0 = (xc[:, None, 0] * c[None, :, 0]).astype(F32).astype(F64)
        dot = (xc[:, None, 1].astype(F64) * c[None, :, 1].astype(F64) + p0).astype(F32)
        dist = (cn[None, :] - (F32(2) * dot).astype(F32)).astype(F32)  # ||c||^2 - 2 x.c, [n, k]
        labels = np.argmin(dist, axis=1)  # first minimum on ties
        sums = np.zeros((k, 2), F32)
        counts = np.zeros(k, F32)
        np.add.at(sums, labels, xc)  # sequential, in sample order
        np.add.at(counts, labels, F32(1))
        empty = np.flatnonzero(counts == 0)
        if empty.size:
            diff = (xc - c[labels]).astype(F32)
            sq = (diff * diff).astype(F32)
            far = relocate_order((sq[:, 0] + sq[:, 1]).astype(F32), empty.size)
            for e, i in zip(empty, far):
                old = labels[i]
                sums[old] = (sums[old] - xc[i]).astype(F32)
                sums[e] = xc[i]
                counts[e] = 1
                counts[old] -= 1
        nz = counts > 0
        recip = np.ones(k, F32)
        recip[nz] = (F32(1) / counts[nz]).astype(F32)  # scikit-learn multiplies by 1/count
        new_c = np.where(nz[:, None], (sums * recip[:, None]).astype(F32), sums)
        d = (new_c - c).astype(F32)
        shift = np.sqrt(((d[:, 0] * d[:, 0]).astype(F32) + (d[:, 1] * d[:, 1]).astype(F32)).astype(F32)).astype(F32)
        shift_tot = seq_sum((shift * shift).astype(F32)[:, None])[0]
        c = new_c
        if np.array_equal(labels, labels_old):
            break  # strict convergence
        if shift_tot <= tol:
            break  # (scikit-learn then re-labels once; the centres do not move)
        labels_old = labels
    return (c + mean).astype(F32)
