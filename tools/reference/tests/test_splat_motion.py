import numpy as np
import pytest

from tools.reference.levitor_reference.motion import MovingObject, fill_id, run_motion
from tools.reference.levitor_reference.splat import splat_coverage, splat_radius, splat_values

W, H = 288, 512


def one_point(x, y, z=0.5, dx=0.0, dy=0.0, dd=0.0, feature=1):
    return splat_values(np.array([x]), np.array([y]), np.array([z]), dx, dy, dd, feature, W, H)


def test_radius():
    assert splat_radius(0.0) == 0.011
    assert splat_radius(0.05) == 0.011  # farther: never smaller
    assert splat_radius(-0.05) == pytest.approx(0.061)


def test_unmoved_point_reaches_four_then_eight_pixels():
    v = one_point(100, 200)
    # The point sits on the corner shared by pixels 99/100 and rows 199/200: d^2 = 0.5 px^2 for 4 pixels.
    r2_px = (0.011 * 144) ** 2  # 2.509 px^2
    near = np.float32(1 - 0.5 / r2_px)
    assert v[199, 99] == v[199, 100] == v[200, 99] == v[200, 100] == pytest.approx(float(near), abs=1e-6)
    assert float(near) == pytest.approx(0.80, abs=0.005)
    # 8 more pixels at d^2 = 2.5 px^2, weight ~0.0036
    ring = [v[198, 99], v[198, 100], v[201, 99], v[201, 100], v[199, 98], v[200, 98], v[199, 101], v[200, 101]]
    assert all(0.003 < x < 0.004 for x in ring)
    assert int((v > 0).sum()) == 12


def test_coverage_grows_with_the_id_value():
    xs, ys = np.array([100]), np.array([200])
    z = np.array([0.5])
    assert int(splat_coverage(xs, ys, z, 0, 0, 0, 1, W, H).sum()) == 4
    # id 200: 200 * 0.0036 = 0.72 > 0.5 -> the d^2 = 2.5 ring is covered too
    assert int(splat_coverage(xs, ys, z, 0, 0, 0, 200, W, H).sum()) == 12


def test_unmoved_mask_grows_one_pixel_up_and_left():
    mask = np.zeros((H, W), bool)
    mask[100:110, 50:60] = True
    ys, xs = np.nonzero(mask)
    cov = splat_coverage(xs, ys, np.full(xs.size, 0.2), 0, 0, 0, 1, W, H)
    expect = np.zeros((H, W), bool)
    expect[99:110, 49:60] = True
    assert np.array_equal(cov, expect)


def test_front_to_back_compositing_float32():
    # Two points on the same spot: value = id * (1 - (1-a)^2) with a float32.
    xs, ys = np.array([100, 100]), np.array([200, 200])
    v = splat_values(xs, ys, np.array([0.3, 0.2]), 0, 0, 0, 1, W, H)
    a = np.float32(1 - 0.5 / (0.011 * 144) ** 2)
    t = np.float32(1) - a
    expected = np.float32(a) + np.float32(t * a)
    assert v[199, 99] == expected


def test_only_ten_nearest_in_z_count():
    n = 12
    xs, ys = np.full(n, 100), np.full(n, 200)
    z = np.arange(n, dtype=np.float64) / 100 + 0.1
    v10 = splat_values(xs[:10], ys[:10], z[:10], 0, 0, 0, 1, W, H)
    v12 = splat_values(xs, ys, z, 0, 0, 0, 1, W, H)
    assert np.array_equal(v10, v12)


def test_projection_scales_toward_image_centre():
    # Farther by dd = Z: scale 1/2 toward (W/2, H/2) = (144, 256).
    v = one_point(44, 56, z=0.1, dd=0.1)
    # u = 144 + (44-144)/2 = 94, v = 256 + (56-256)/2 = 156: corner of pixels 93/94, rows 155/156
    assert v[155, 93] > 0.5 and v[156, 94] > 0.5 and v[157, 95] == 0


def test_fill_id_mode_smallest_on_ties_and_empty_window():
    static = np.zeros((20, 20), np.int32)
    static[0:10, 2] = [7, 7, 3, 3, 9, 9, 9, 3, 3, 7]
    assert fill_id(static, 7, 10) == 3  # rows 5..9 of column 2: 9 9 3 3 7 -> 9 (2) vs 3 (2): smallest
    assert fill_id(static, 7, 9) == 9  # rows 4..8: 9 9 9 3 3
    assert fill_id(static, 7, 0) is None  # y0 = 0: empty window
    assert fill_id(static, 3, 2) == 0  # column max(3-5, 0) = 0 holds only zeros


def test_fill_column_is_clamped_to_zero():
    static = np.zeros((20, 20), np.int32)
    static[:, 0] = 4
    assert fill_id(static, 3, 8) == 4


def test_motion_occlusion_fill_and_carry_over():
    h, w = 512, 288  # the NDC radius is 0.011 * min(W,H)/2 px: tiny images get sub-pixel splats
    merged = np.zeros((h, w), np.uint8)
    merged[:, 0:10] = 2  # static segment on the left (fill source: column x0-5 = 5 is inside it)
    merged[20:30, 20:30] = 3  # a near static segment
    merged[10:15, 10:15] = 1  # the mover
    z0 = np.full((h, w), 0.5)
    z0[20:30, 20:30] = 0.01
    path = np.array([[10, 10, 0.1], [22, 22, 0.1], [10, 10, 0.1]], np.float64)
    maps, depths = run_motion(merged, z0, [MovingObject(1, path)], 3)
    # frame 0: mask grown one pixel up-left, drawn at d = 0.1 (background Zscene 1.0 > 0.1)
    assert (maps[0][9:15, 9:15] == 1).all() and depths[0][12, 12] == np.float32(0.1)
    # frame 1: moved behind the near segment (0.01 < 0.1): hidden there, vacated pixels filled with id 2
    assert (maps[1][20:30, 20:30] == 3).all()
    assert (maps[1][10:15, 10:15] == 2).all()  # fill from rows 5..9 of column 5
    assert (maps[1][21:27, 21:27] != 1).all()
    # frame 2: back home; pixels covered in frame 1 were reset to their static id, fills kept elsewhere
    assert (maps[2][9:15, 9:15] == 1).all()
    assert (maps[2][0:5, 10:40] == 2).all()  # background filled since frame 0 stays filled
    assert (maps[2][100:, 100:] == 2).all()


def test_small_images_get_sub_pixel_splats():
    # 144 px wide: r = 0.79 px; an unmoved id-1 block keeps only pixels with 4 corner points
    w, h = 144, 256
    mask = np.zeros((h, w), bool)
    mask[100:110, 50:60] = True
    ys, xs = np.nonzero(mask)
    cov = splat_coverage(xs, ys, np.full(xs.size, 0.2), 0, 0, 0, 1, w, h)
    expect = np.zeros((h, w), bool)
    expect[100:109, 50:59] = True
    assert np.array_equal(cov, expect)
    cov2 = splat_coverage(xs, ys, np.full(xs.size, 0.2), 0, 0, 0, 2, w, h)  # id 2: 2 points suffice
    expect2 = np.zeros((h, w), bool)
    expect2[99:110, 49:60] = True
    for r, c in ((99, 49), (99, 59), (109, 49), (109, 59)):
        expect2[r, c] = False  # corners of the grown block have one point only (0.41 < 0.5)
    assert np.array_equal(cov2, expect2)
