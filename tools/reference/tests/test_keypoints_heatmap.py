import numpy as np
import pytest

from tools.reference.levitor_reference.heatmap import box, control_frame, template
from tools.reference.levitor_reference.keypoints import (
    centres_present, cluster_count, compute_keypoints, depth_value, even_samples, scaled_count)

W, H = 288, 512


def test_k_rule():
    n = W * H
    assert cluster_count(int(0.01 * n), int(0.01 * n), False, W, H) == 1  # round(0.5) = 0 -> clamp 1
    assert cluster_count(int(0.05 * n), int(0.05 * n), False, W, H) == 2  # round(2.5) = 2 (half to even)
    assert cluster_count(int(0.07 * n), int(0.07 * n), False, W, H) == 3  # 3.4999 -> 3
    assert cluster_count(n, n, False, W, H) == 8  # 50 -> clamp 8
    assert cluster_count(100, 100, True, W, H) == 3  # user object: at least 3
    assert cluster_count(100, 0, False, W, H) == 3  # vanishes in some frame
    assert cluster_count(1100, 100, False, W, H) == 3  # varies more than 10x
    assert cluster_count(1000, 100, False, W, H) == 1  # exactly 10x is not > 10


def test_k_rule_half_even_exact():
    # 10x10 image: A = 5 -> 2.5 -> 2 and A = 7 -> 3.5 -> 4 (Python round, half to even)
    assert cluster_count(5, 5, False, 10, 10) == 2
    assert cluster_count(7, 7, False, 10, 10) == 4


def test_ratio_and_clamp():
    assert scaled_count(3, 0.5, 100) == 1
    assert scaled_count(1, 0.5, 100) == 1  # int(0.5) = 0 -> at least 1
    assert scaled_count(3, 2, 100) == 6
    assert scaled_count(3, 2, 4) == 4  # clamped to the candidates (the reference crashes)
    assert scaled_count(5, 1.5, 100) == 7  # int(7.5) truncates


def test_even_samples():
    cand = np.arange(40, dtype=np.float32).reshape(20, 2)
    # L = 20 // 3 = 6 -> indices 3, 9, 15
    assert even_samples(cand, 3).tolist() == cand[[3, 9, 15]].tolist()


def test_membership_quirk_is_element_wise():
    cand = np.array([[10, 20], [30, 40]], np.float32)
    assert centres_present(np.array([[10, 999]], np.float32), cand)  # row matches a row
    assert centres_present(np.array([[999, 40]], np.float32), cand)  # col matches a col
    assert centres_present(np.array([[30, 20]], np.float32), cand)  # mixed: not a candidate, still "in"
    assert centres_present(np.array([[20, 10]], np.float32), cand) is False
    assert centres_present(np.array([[10, 20], [15.5, 25.5]], np.float32), cand) is False


def test_depth_value_float32_and_one_to_zero():
    assert depth_value(np.float32(2 / 7)) == 3  # float32: 3.4999998 -> 3 (float64 would give 4)
    assert round(1 / (2 / 7)) == 4
    assert depth_value(np.float32(1.0)) == 0
    assert depth_value(np.float32(0.5)) == 2
    assert depth_value(np.float32(0.002)) == 500
    assert depth_value(np.float32(1 / 255)) == 255


def test_keypoints_first_frame_runs_twice_and_occlusion_gives_no_points():
    f, h, w = 3, 64, 64
    maps = np.zeros((f, h, w), np.uint8)
    maps[0, 10:30, 10:30] = 2
    maps[2, 10:30, 10:30] = 2  # frame 1: fully occluded
    depths = np.full((f, h, w), np.float32(0.25))
    kps = compute_keypoints(maps, depths, user_ids={1}, ratio=1.0)
    # id 2: round(50 * 400 / 4096) = 5 (A_min = 0 -> at least 3); 400 px -> 40 candidates
    assert len(kps[0]) == 5 and kps[1] == [] and len(kps[2]) == 5
    assert all(p[2] == 2 and p[3] == 4 for p in kps[0])
    # frame 2 re-seeds (float centres from frame 0 fail the test) yet the same pixels -> same centres
    assert kps[0] == kps[2]


def test_template_values_quoted_in_the_spec():
    t = template()
    assert t.shape == (200, 200) and t.dtype == np.uint8
    assert t[100, 100] == 255 and t[0, 100] == 11 and t[0, 0] == 0
    import cv2

    p = cv2.resize(t, (20, 20))
    assert p.max() == 251
    assert p[0, 7:13].tolist() == [12, 14, 15, 15, 14, 12]  # mid-edge 12-15
    assert p[0, 0] == p[0, 19] == p[19, 0] == p[19, 19] == 0  # corners 0
    assert p[19, 13] == 3 and p[13, 19] == 3 and p[0, 13] == 0  # bottom/right asymmetry


def test_boxes_and_channels():
    assert box(5, 5, W, H) == (1, 15, 1, 15)
    assert box(511, 287, W, H) == (277, 287, 501, 511)
    out = control_frame([[100, 50, 7, 500]], W, H)
    assert out.shape == (3, H, W) and out.dtype == np.float32
    assert out[0, 100, 50] == 251 and out[1, 100, 50] == 7 and out[2, 100, 50] == 244  # 500 wraps to 244
    assert out[1, 90, 40] == 0 and out[2, 90, 40] == 0  # template corner 0 -> id/depth 0 too
    assert out[0, 89, 50] == 0 and out[0, 90, 47] == 12 and out[0, 90, 50] == 15


def test_later_points_overwrite_the_whole_box():
    out = control_frame([[100, 50, 7, 9], [100, 55, 8, 0]], W, H)
    # second box x in [45, 65): its zero corners overwrite the first box's values there
    assert out[1, 100, 50] == 8 and out[2, 100, 50] == 0
    assert out[0, 90, 45] == 0 and out[1, 100, 44] == 7


def test_points_outside_and_narrow_boxes_are_skipped():
    out = control_frame([[-1, 5, 3, 3], [5, 288, 3, 3]], W, H)
    assert not out.any()
    tiny = control_frame([[0, 0, 3, 3]], 2, 2)  # box x in [1, 1): narrower than 1 px
    assert not tiny.any()
