import numpy as np
import pytest

from tools.reference.levitor_reference.depth import disparity_to_dn, dn_to_z0
from tools.reference.levitor_reference.merge import area_threshold, merge_id_map
from tools.reference.levitor_reference.trajectory import deltas, interpolate


def test_dn_truncates_and_divides_first():
    d = np.array([[1.0, 1.25, 1.5, 2.0]], np.float32)
    assert disparity_to_dn(d).tolist() == [[0, 63, 127, 255]]  # 63.75 and 127.5 truncated
    d = np.array([[0.0, 0.5, 1.0]], np.float32)
    assert disparity_to_dn(d).tolist() == [[0, 127, 255]]  # 127.5 truncated


def test_z0_maps_zero_to_one():
    z = dn_to_z0(np.array([[0, 1, 2, 255]], np.uint8))
    assert z.dtype == np.float64
    assert z.tolist() == [[1.0, 1.0, 0.5, 1 / 255]]


def test_pchip_endpoints_and_monotone():
    path = interpolate([[10, 20, 0.5], [30, 20, 0.3], [40, 60, 0.3]], 16)
    assert path.shape == (16, 3)
    assert path[0].tolist() == [10, 20, 0.5]
    assert path[-1].tolist() == [40, 60, 0.3]
    assert np.all(np.diff(path[:, 0]) >= 0)  # monotone cubic: no overshoot
    assert path[:, 2].min() >= 0.3 - 1e-12  # flat segment stays flat
    assert np.allclose(path[10:, 2], 0.3)


def test_pchip_uniform_in_click_index():
    # t_k = k/(n-1): with 3 clicks, frame 8 of 17 samples lands exactly on the middle click.
    path = interpolate([[0, 0, 0.2], [100, 0, 0.2], [101, 0, 0.2]], 17)
    assert path[8, 0] == pytest.approx(100.0)


def test_one_point_is_stationary():
    path = interpolate([[5, 6, 2 / 7]], 16)
    assert path.shape == (16, 3)
    assert np.all(deltas(path) == 0)


def _mask(shape, rows, cols):
    m = np.zeros(shape, bool)
    m[rows, cols] = True
    return m


def test_threshold():
    assert area_threshold(288, 512) == pytest.approx(147.456)


def test_auto_masks_reversed_and_user_protected():
    shape = (100, 100)  # T = 10
    user = _mask(shape, slice(0, 10), slice(0, 10))  # 100 px, id 1
    a0 = _mask(shape, slice(0, 20), slice(0, 20))  # returned first -> merged last (id 3)
    a1 = _mask(shape, slice(50, 60), slice(50, 60))  # returned second -> merged first (id 2)
    m = merge_id_map([user], [a0, a1])
    assert (m[0:10, 0:10] == 1).all()  # the user pixels are removed from the auto mask
    assert (m[10:20, 10:20] == 3).all() and (m[50:60, 50:60] == 2).all()


def test_overlap_goes_to_larger_original_area():
    shape = (100, 100)
    big = _mask(shape, slice(0, 30), slice(0, 30))  # 900 px
    small = _mask(shape, slice(20, 40), slice(20, 40))  # 400 px; overlap 100
    # merge order: autos reversed -> [small(returned last), big]
    m = merge_id_map([], [big, small])
    # small merged first (id 1, area 400); big (id 2, original 900) wins: id 1 loses the overlap to it
    assert (m[20:30, 20:30] == 2).all()
    assert (m[0:20, 0:30] == 2).all() and (m[30:40, 30:40] == 1).all() and (m[20:30, 30:40] == 1).all()
    # reversed roles: big first (id 1, 900) keeps the overlap, small loses it
    m = merge_id_map([], [small, big])
    assert (m[20:30, 20:30] == 1).all() and (m[30:40, 30:40] == 2).all()


def test_later_user_mask_not_protected_and_small_dropped():
    shape = (100, 100)
    u1 = _mask(shape, slice(0, 10), slice(0, 10))
    u2 = _mask(shape, slice(5, 25), slice(5, 25))  # 400 px > area of u1 (100): u1 loses the overlap
    tiny = _mask(shape, slice(90, 93), slice(90, 93))  # 9 px <= T: dropped
    m = merge_id_map([u1, u2], [tiny])
    assert (m[5:10, 5:10] == 2).all()
    assert (m[0:5, 0:10] == 1).all() and (m[10:25, 10:25] == 2).all()
    assert not (m == 3).any()


def test_winner_not_added_leaves_zeros():
    shape = (100, 100)  # T = 10
    user = _mask(shape, slice(10, 13), slice(0, 10))  # 30 px, id 1
    x = _mask(shape, slice(0, 1), slice(0, 12))  # 12 px, merged first -> id 2
    y = user | _mask(shape, slice(0, 1), slice(0, 10))  # original 40 px; 10 px left after step 1
    m = merge_id_map([user], [y, x])  # autos reversed: x then y
    # y beats id 2 (12 < 40) so id 2 loses the 10 px, but y keeps only 10 <= T px: not added.
    # The overlap stays 0; id 2 keeps 2 px <= T and is dropped at the end.
    assert (m[0] == 0).all()
    assert (m[10:13, 0:10] == 1).all() and m.sum() == 30


def test_uint8_id_wrap():
    shape = (64, 64)  # T = 4.096
    masks = []
    for k in range(258):  # 258 autos of 12 px each, disjoint
        m = np.zeros(shape, bool)
        m.reshape(-1)[k * 12 : k * 12 + 12] = True
        masks.append(m)
    merged = merge_id_map([], masks[::-1])  # reversed back: list index k -> mask k
    flat = merged.reshape(-1)
    assert flat[254 * 12] == 255  # index 254 -> id 255
    assert (flat[255 * 12 : 256 * 12] == 0).all()  # index 255 -> id 0: vanishes
    assert (flat[256 * 12 : 257 * 12] == 1).all()  # index 256 -> id 1 (merges with id 1)
    assert (flat[257 * 12 : 258 * 12] == 2).all()
