import numpy as np
import pytest

from tools.reference.levitor_reference.np_select import argpartition


@pytest.mark.parametrize("seed", range(60))
def test_matches_numpy_argpartition(seed):
    rng = np.random.RandomState(seed)
    n = int(rng.choice([2, 3, 5, 8, 13, 40, 150, 700]))
    levels = int(rng.choice([2, 5, 50, 10**6]))  # few levels -> many ties
    v = (rng.randint(0, levels, n) / 7.0).astype(np.float32)
    for kth in {0, 1, n - 1, n - 2, n // 2, -1, -2, -min(5, n)} & set(range(-n, n)):
        assert argpartition(v, kth) == np.argpartition(v, kth).tolist(), (n, kth)


def test_adversarial_inputs_use_the_median_of_medians_path():
    n = 2000
    for v in (np.roll(np.arange(n), n // 2), np.arange(n)[::-1], np.zeros(n), np.tile([1, 0], n // 2)):
        v = v.astype(np.float32)
        for kth in (n // 3, n - 4, 7):
            assert argpartition(v, kth) == np.argpartition(v, kth).tolist()


def test_last_maximum_wins_for_minus_one():
    assert argpartition(np.array([1, 5, 3, 5, 2], np.float32), -1)[-1] == 3
