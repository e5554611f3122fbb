import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from tools.reference.levitor_reference.errors import SceneError
from tools.reference.levitor_reference.pipeline import run_scene
from tools.reference.levitor_reference.scene import load_scene

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
W, H = 160, 200


def make_scene(tmp, traj_depths=(0.2, 0.3), mask_pixels=400, point=(60, 60), extra=None):
    os.makedirs(os.path.join(tmp, "masks"), exist_ok=True)
    depth = np.linspace(0.5, 5.0, W * H, dtype=np.float32).reshape(H, W)
    depth.astype("<f4").tofile(os.path.join(tmp, "depth.f32"))
    mask = np.zeros((H, W), np.uint8)
    side = int(mask_pixels**0.5)
    mask[50 : 50 + side, 50 : 50 + side] = 255 if mask_pixels else 0
    Image.fromarray(mask).save(os.path.join(tmp, "masks", "o.png"))
    traj = [{"x": point[0], "y": point[1], "depth": d} for d in traj_depths]
    doc = {"format": "levitor-scene", "version": 1, "width": W, "height": H, "frames": 4,
           "depth": {"kind": "disparity", "file": "depth.f32"},
           "objects": [{"name": "o", "mask": "masks/o.png", "kind": "moving", "trajectory": traj}], "autoMasks": []}
    doc.update(extra or {})
    path = os.path.join(tmp, "scene.json")
    with open(path, "w") as fh:
        json.dump(doc, fh)
    return path


def test_valid_scene_runs(tmp_path):
    res = run_scene(load_scene(make_scene(str(tmp_path))))
    assert res.control.shape == (4, 3, H, W) and res.id_maps.shape == (4, H, W)
    assert len(res.keypoints) == 4 and all(len(f) == 3 for f in res.keypoints)


@pytest.mark.parametrize("kwargs, message", [
    ({"traj_depths": (0.2, 0.0)}, "depth 0.0"),
    ({"mask_pixels": 0}, "empty mask"),
    ({"point": (160, 10)}, "not an integer pixel inside"),
    ({"extra": {"width": 100}}, "bytes, expected"),
])
def test_refused_inputs(tmp_path, kwargs, message):
    with pytest.raises(SceneError, match=message):
        run_scene(load_scene(make_scene(str(tmp_path), **kwargs)))


def test_depth_change_behind_camera_refused(tmp_path):
    # Z0 of the object is about 0.0047..0.005; moving 0.9 nearer gives Z + dd < 0
    with pytest.raises(SceneError, match="Z \\+ dd <= 0"):
        run_scene(load_scene(make_scene(str(tmp_path), traj_depths=(0.95, 0.01))))


def test_cli_outputs_and_timing_line(tmp_path):
    scene = make_scene(str(tmp_path / "s"))
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "tools.reference.levitor_control", "--scene", scene, "--out", str(out),
                           "--time", "2"], cwd=ROOT, capture_output=True, text=True, check=True)
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    assert last["median_s"] > 0
    header = json.loads((out / "control.json").read_text())
    assert header == {"dtype": "float32", "byteOrder": "little", "shape": [4, 3, H, W]}
    assert os.path.getsize(out / "control.f32") == 4 * 3 * H * W * 4
    assert sorted(os.listdir(out / "idmaps")) == [f"frame_{i:03d}.png" for i in range(4)]
    assert len(json.loads((out / "keypoints.json").read_text())["frames"]) == 4


def test_cli_refusal_exit_code(tmp_path):
    scene = make_scene(str(tmp_path / "s"), traj_depths=(0.2, 0.0))
    proc = subprocess.run([sys.executable, "-m", "tools.reference.levitor_control", "--scene", scene, "--out",
                           str(tmp_path / "o")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and "refused" in proc.stderr
