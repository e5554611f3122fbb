"""numpy 1.26's argpartition (introselect, arg variant) for one kth, as plain index juggling.

Why: scikit-learn relocates empty K-means clusters to np.argpartition(d, -n)[:-n-1:-1], whose order among
ties and among the n largest is this algorithm's, not a sort's. Written from the algorithm's description
(median-of-3 quickselect with an unguarded partition, a selection-sort path for small kth, a "last
maximum" path for kth = n-1 on floats, median-of-medians-of-5 fallback) so the TypeScript engine can
translate it line by line. Verified against np.argpartition in tests/test_np_select.py. No NaN handling
(distances are finite).
"""

from typing import List


def _median3_swap(v, t: List[int], low: int, mid: int, high: int) -> None:
    if v[t[high]] < v[t[mid]]:
        t[high], t[mid] = t[mid], t[high]
    if v[t[high]] < v[t[low]]:
        t[high], t[low] = t[low], t[high]
    if v[t[low]] < v[t[mid]]:  # the median goes to low
        t[low], t[mid] = t[mid], t[low]
    t[mid], t[low + 1] = t[low + 1], t[mid]  # the smallest of the three goes to low + 1


def _median5(v, t: List[int], base: int) -> int:
    """Index (0..4, relative to base) of the median of t[base:base+5]; reorders some of them."""
    def sw(a, b):
        t[base + a], t[base + b] = t[base + b], t[base + a]

    def lt(a, b):
        return v[t[base + a]] < v[t[base + b]]

    if lt(1, 0):
        sw(1, 0)
    if lt(4, 3):
        sw(4, 3)
    if lt(3, 0):
        sw(3, 0)
    if lt(4, 1):
        sw(4, 1)
    if lt(2, 1):
        sw(2, 1)
    if lt(3, 2):
        return 1 if lt(3, 1) else 3
    return 2


def _median_of_median5(v, t: List[int], base: int, num: int) -> int:
    nmed = num // 5
    for i in range(nmed):
        m = _median5(v, t, base + 5 * i)
        a, b = base + 5 * i + m, base + i
        t[a], t[b] = t[b], t[a]
    if nmed > 2:
        _introselect(v, t, base, nmed, nmed // 2)
    return nmed // 2


def _dumb_select(v, t: List[int], base: int, num: int, kth: int) -> None:
    for i in range(kth + 1):
        minidx, minval = i, v[t[base + i]]
        for k in range(i + 1, num):
            if v[t[base + k]] < minval:
                minidx, minval = k, v[t[base + k]]
        t[base + i], t[base + minidx] = t[base + minidx], t[base + i]


def _msb(n: int) -> int:
    depth = 0
    n >>= 1
    while n > 0:
        depth += 1
        n >>= 1
    return depth


def _introselect(v, t: List[int], base: int, num: int, kth: int, inexact: bool = True) -> None:
    """Partition t[base:base+num] (indices into v) so that position base+kth holds the kth smallest."""
    low, high = 0, num - 1
    if kth - low < 3:
        _dumb_select(v, t, base, high - low + 1, kth)
        return
    if inexact and kth == num - 1:
        maxidx, maxval = low, v[t[base + low]]
        for k in range(low + 1, num):
            if not v[t[base + k]] < maxval:  # >=: the LAST maximum wins
                maxidx, maxval = k, v[t[base + k]]
        t[base + kth], t[base + maxidx] = t[base + maxidx], t[base + kth]
        return
    depth_limit = _msb(num) * 2
    while low + 1 < high:
        ll, hh = low + 1, high
        if depth_limit > 0 or hh - ll < 5:
            _median3_swap(v, t, base + low, base + low + (high - low) // 2, base + high)
        else:
            mid = ll + _median_of_median5(v, t, base + ll, hh - ll)
            t[base + mid], t[base + low] = t[base + low], t[base + mid]
            ll -= 1
            hh += 1
        depth_limit -= 1
        pivot = v[t[base + low]]
        while True:  # unguarded partition around the pivot held at low
            ll += 1
            while v[t[base + ll]] < pivot:
                ll += 1
            hh -= 1
            while pivot < v[t[base + hh]]:
                hh -= 1
            if hh < ll:
                break
            t[base + ll], t[base + hh] = t[base + hh], t[base + ll]
        t[base + low], t[base + hh] = t[base + hh], t[base + low]
        if hh >= kth:
            high = hh - 1
        if hh <= kth:
            low = ll
    if high == low + 1 and v[t[base + high]] < v[t[base + low]]:
        t[base + high], t[base + low] = t[base + low], t[base + high]


def argpartition(values, kth: int) -> List[int]:
    """Same result as np.argpartition(values, kth) for a 1-D float array without NaN (kth may be < 0)."""
    v = list(values)
    n = len(v)
    if kth < 0:
        kth += n
    t = list(range(n))
    _introselect(v, t, 0, n, kth)
    return t
