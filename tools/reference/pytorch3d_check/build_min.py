"""Compile PyTorch3D 0.7.4's CPU point rasterizer + alpha compositor (unmodified sources) as pytorch3d._C.

    tools/.venv-pytorch3d/bin/python tools/reference/pytorch3d_check/build_min.py SRC BUILD_DIR
SRC = a PyTorch3D v0.7.4 source tree (PyPI has no source package for 0.7.4, only macOS wheels, so it
comes from the project's v0.7.4 git tag). Only 3 C++ files are compiled (a few minutes with MAX_JOBS=1)
instead of all 36 (about an hour on 2 cores); the check needs nothing else.
"""

import os
import sys

from torch.utils.cpp_extension import load


def main() -> int:
    src, build = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    csrc = os.path.join(src, "pytorch3d", "csrc")
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(build, exist_ok=True)
    os.environ.setdefault("MAX_JOBS", "1")
    sources = [os.path.join(here, "ext_min.cpp"),
               os.path.join(csrc, "rasterize_points", "rasterize_points_cpu.cpp"),
               os.path.join(csrc, "compositing", "alpha_composite_cpu.cpp")]
    mod = load(name="_C", sources=sources, extra_include_paths=[csrc], extra_cflags=["-O2", "-std=c++17"],
               build_directory=build, verbose=False)
    print(mod.__file__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
