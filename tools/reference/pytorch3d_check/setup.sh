#!/usr/bin/env bash
# Prepare the PyTorch3D check environment (NOT needed by CI or by the golden generator).
#   PYTORCH3D_SRC=/path/to/pytorch3d-v0.7.4-source bash tools/reference/pytorch3d_check/setup.sh
# 1. tools/.venv-pytorch3d: a venv with torch (pin from tools/export/requirements.txt). If tools/.venv-export
#    exists its site-packages are reused through a .pth file (no second 2 GB torch download).
# 2. the light reference requirements (numpy, scipy, scikit-learn, opencv, pillow) and iopath.
# 3. the minimal PyTorch3D extension (build_min.py) in tools/.venv-pytorch3d/p3d_build/_C.so.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
VENV="$ROOT/tools/.venv-pytorch3d"
SRC="${PYTORCH3D_SRC:?set PYTORCH3D_SRC to a PyTorch3D v0.7.4 source tree (git tag v0.7.4)}"
if [ ! -x "$VENV/bin/python" ]; then
  if [ -x "$ROOT/tools/.venv-export/bin/python" ]; then
    "$ROOT/tools/.venv-export/bin/python" -m venv "$VENV"
    SP="$("$VENV/bin/python" -c 'import site; print(site.getsitepackages()[0])')"
    "$ROOT/tools/.venv-export/bin/python" -c 'import site; print(site.getsitepackages()[0])' > "$SP/_export_torch.pth"
  else
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "$(grep '^torch==' "$ROOT/tools/export/requirements.txt")"
  fi
fi
"$VENV/bin/python" -c 'import torch' 2>/dev/null || "$VENV/bin/pip" install -q "$(grep '^torch==' "$ROOT/tools/export/requirements.txt")"
"$VENV/bin/pip" install -q -r "$ROOT/tools/reference/requirements.txt" iopath==0.1.10
MAX_JOBS=1 "$VENV/bin/python" "$ROOT/tools/reference/pytorch3d_check/build_min.py" "$SRC" "$VENV/p3d_build"
echo "$SRC" > "$VENV/p3d_build/SOURCE"
