"""Check the NumPy splat (levitor_reference/splat.py) against PyTorch3D 0.7.4 itself.

    PYTORCH3D_SRC=/path/to/pytorch3d-v0.7.4 bash tools/reference/pytorch3d_check/setup.sh   # once
    tools/.venv-pytorch3d/bin/python -m tools.reference.check_splat_pytorch3d [--scenes A B ...] [--frames all]

For every moving object of the chosen golden scenes and the chosen frames, it builds the point cloud the
way the LeviTor demo does (float32 torch tensors: x + dx, y + dy, unprojected with the demo's intrinsics
and camera, depth + dd), renders it with PointsRasterizer (points_per_pixel=10, radius max(0.011 - dd,
0.011)) + AlphaCompositor on CPU, and compares with the NumPy formula: composited values (max abs
difference) and coverage (round(value) != 0) pixel by pixel. Exit 1 if any coverage pixel differs.
Not part of CI (needs torch and a PyTorch3D build); CI regenerates goldens with the NumPy formula only.
"""

import argparse
import importlib.util
import os
import sys
import time

import numpy as np
import torch

from .golden_scenes import SCENES
from .levitor_reference.depth import disparity_to_z0
from .levitor_reference.merge import merge_id_map
from .levitor_reference.splat import splat_radius, splat_values
from .levitor_reference.trajectory import interpolate

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, "tools", ".venv-pytorch3d", "p3d_build")
FX, FY = 3866.378063371277, 4538.052129020386  # the demo's intrinsics (they cancel in the projection)


def import_pytorch3d():
    """Import the PyTorch3D v0.7.4 Python package with the minimal compiled _C (see pytorch3d_check/)."""
    src = os.environ.get("PYTORCH3D_SRC") or open(os.path.join(BUILD, "SOURCE")).read().strip()
    sys.path.insert(0, src)
    import pytorch3d

    spec = importlib.util.spec_from_file_location("pytorch3d._C", os.path.join(BUILD, "_C.so"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.EPS, mod.MAX_INT, mod.MAX_UINT, mod.MAX_USHORT = 1e-9, 2**31 - 1, 2**32 - 1, 2**16 - 1  # pulsar import only
    sys.modules["pytorch3d._C"] = mod
    pytorch3d._C = mod
    from pytorch3d import renderer, structures

    return pytorch3d, renderer, structures


def camera(renderer, width, height):
    rot = torch.eye(3)
    rot = torch.stack([-rot[:, 0], -rot[:, 1], rot[:, 2]], 1)
    c2w = torch.cat([torch.cat([rot, torch.zeros(3, 1)], 1), torch.tensor([[0.0, 0.0, 0.0, 1.0]])], 0)
    w2c = torch.linalg.inv(c2w)
    return renderer.PerspectiveCameras(focal_length=((FX, FY),), principal_point=((width / 2, height / 2),), in_ndc=False,
                                       image_size=((height, width),), R=w2c[:3, :3].permute(1, 0)[None], T=w2c[:3, 3][None])


def render_pytorch3d(renderer, structures, cams, xs, ys, z32, delta, obj_id, width, height):
    """The demo's float32 point transform + PyTorch3D render -> float32 [H, W] composited value."""
    pts = torch.zeros((xs.size, 3))
    pts[:, 0] = torch.from_numpy(xs.astype(np.float32))
    pts[:, 1] = torch.from_numpy(ys.astype(np.float32))
    pts[:, 2] = torch.from_numpy(z32)
    d = torch.tensor(delta, dtype=torch.float64)
    pts[:, :2] += d[:2]
    pts[:, 0] -= width / 2
    pts[:, 0] *= pts[:, 2]
    pts[:, 0] /= FX
    pts[:, 1] -= height / 2
    pts[:, 1] *= pts[:, 2]
    pts[:, 1] /= FY
    pts[:, 2] += d[2]
    feats = torch.full((xs.size, 1), float(obj_id))
    cloud = structures.Pointclouds(points=pts[None], features=feats[None])
    settings = renderer.PointsRasterizationSettings(image_size=(height, width), radius=splat_radius(float(delta[2])),
                                                    points_per_pixel=10)
    rend = renderer.PointsRenderer(rasterizer=renderer.PointsRasterizer(cameras=cams, raster_settings=settings),
                                   compositor=renderer.AlphaCompositor())
    with torch.no_grad():
        return rend(cloud).squeeze().numpy()


def check_scene(name, frames_sel, p3d):
    _pkg, renderer, structures = p3d
    spec = SCENES[name]()
    z0 = disparity_to_z0(spec.depth) if spec.depth_kind == "disparity" else spec.depth.astype(np.float64)
    merged = merge_id_map([o.mask for o in spec.objects], spec.auto)
    cams = camera(renderer, spec.width, spec.height)
    z32all = z0.astype(np.float32)
    rows = []
    for index, obj in enumerate(spec.objects):
        if obj.kind != "moving":
            continue
        obj_id = index + 1
        ys, xs = np.nonzero(merged == obj_id)
        if xs.size == 0:
            continue
        path = interpolate(obj.trajectory, spec.frames)
        z32 = z32all[ys, xs]
        frames = range(spec.frames) if frames_sel == "all" else sorted({0, spec.frames // 3, 2 * spec.frames // 3, spec.frames - 1})
        for f in frames:
            delta = (path[f] - path[0]).tolist()
            ref = render_pytorch3d(renderer, structures, cams, xs, ys, z32, delta, obj_id, spec.width, spec.height)
            ours = splat_values(xs, ys, z32.astype(np.float64), delta[0], delta[1], delta[2], obj_id, spec.width, spec.height)
            cov_ref, cov_ours = np.rint(ref) != 0, np.rint(ours) != 0
            rows.append((name, obj.name, f, xs.size, round(float(delta[2]), 5), int(cov_ref.sum()),
                         int((cov_ref != cov_ours).sum()), float(np.abs(ref - ours).max())))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", nargs="*", default=["multi-moving", "nearer-farther", "tiny-border", "one-point", "z0-input"],
                        choices=sorted(SCENES))
    parser.add_argument("--frames", default="some", choices=["some", "all"], help="some = first, 1/3, 2/3, last")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    p3d = import_pytorch3d()
    print(f"PyTorch3D {p3d[0].__version__} (CPU, minimal build), torch {torch.__version__}")
    print("scene           object   frame points      dd  covered  cov.diff  max|value diff|")
    bad = 0
    t0 = time.time()
    for name in args.scenes:
        for row in check_scene(name, args.frames, p3d):
            bad += row[6]
            print("%-15s %-8s %5d %6d %7.4f %8d %9d %16.3g" % row)
    print(f"coverage pixels differing: {bad}  ({time.time() - t0:.0f} s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
