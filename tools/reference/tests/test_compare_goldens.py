import gzip
import json
import os

import numpy as np

from tools.reference.compare_goldens import compare
from tools.reference.levitor_reference.outputs import gzip_bytes


def write_tree(root, control, keypoints, meta_lib="1.0"):
    exp = os.path.join(root, "s", "expected")
    os.makedirs(exp)
    with open(os.path.join(exp, "control.f32.gz"), "wb") as fh:
        fh.write(gzip_bytes(np.asarray(control, "<f4").tobytes()))
    with open(os.path.join(exp, "keypoints.json"), "w") as fh:
        json.dump({"frames": keypoints}, fh)
    with open(os.path.join(exp, "meta.json"), "w") as fh:
        json.dump({"libraries": {"numpy": meta_lib}, "shapes": [1]}, fh)


def test_identical_content_passes_even_with_other_gzip_bytes(tmp_path):
    write_tree(tmp_path / "a", [1, 2, 3], [[[1, 2, 3, 4]]])
    write_tree(tmp_path / "b", [1, 2, 3], [[[1, 2, 3, 4]]], meta_lib="2.0")  # library versions are ignored
    with open(tmp_path / "b" / "s" / "expected" / "control.f32.gz", "wb") as fh:
        fh.write(gzip.compress(np.asarray([1, 2, 3], "<f4").tobytes(), compresslevel=1, mtime=5))
    problems, n = compare(str(tmp_path / "a"), str(tmp_path / "b"))
    assert problems == [] and n == 3


def test_differences_are_summarised(tmp_path):
    write_tree(tmp_path / "a", [1, 2, 3], [[[1, 2, 3, 4]], []])
    write_tree(tmp_path / "b", [1, 2.5, 3], [[[1, 2, 3, 4]], [[0, 0, 1, 0]]])
    os.remove(tmp_path / "b" / "s" / "expected" / "meta.json")
    problems, _ = compare(str(tmp_path / "a"), str(tmp_path / "b"))
    assert "s/expected/control.f32.gz: 1 of 3 values differ, max abs diff 0.5" in problems
    assert "s/expected/keypoints.json: keypoints differ in frames [1]" in problems
    assert "s/expected/meta.json: committed but not generated any more" in problems
