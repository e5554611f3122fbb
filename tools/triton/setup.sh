#!/usr/bin/env bash
# Create tools/.venv-triton from tools/triton/requirements.txt if missing or stale, and prepare the Python
# backend folder the bare tritonserver binary needs (the wheel keeps one stub per Python version apart).
# Idempotent and quick when already made. Prints the venv's path on its last line.
# Usage (from anywhere): bash tools/triton/setup.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$ROOT/tools/.venv-triton"
# The wheel ships backend stubs for Python 3.8-3.13: any python3 in that range will do.
PY="$(bash "$ROOT/tools/venv.sh" "$VENV" "$HERE/requirements.txt" | tail -n 1)"
# Backend folder: libtriton_python.so + utils from the wheel, and the stub built for this venv's Python.
SITE="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
DIST="$SITE/pytriton/tritonserver"
PYVER="$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
STUB="$DIST/python_backend_stubs/$PYVER/triton_python_backend_stub"
[ -x "$DIST/bin/tritonserver" ] || { echo "setup.sh: $DIST/bin/tritonserver is missing" >&2; exit 1; }
[ -f "$STUB" ] || { echo "setup.sh: the wheel has no Python backend stub for Python $PYVER" >&2; exit 1; }
BACKEND="$VENV/triton-backends/python"
mkdir -p "$BACKEND"
BACKEND="$(realpath "$BACKEND")"
DIST="$(realpath "$DIST")"
STUB="$(realpath "$STUB")"
# Relative links: the venv stays usable when it is moved or reached through another path (a symlink).
rel() { realpath --relative-to="$BACKEND" "$1"; }
ln -sfn "$(rel "$DIST/backends/python/libtriton_python.so")" "$BACKEND/libtriton_python.so"
ln -sfn "$(rel "$DIST/backends/python/triton_python_backend_utils.py")" "$BACKEND/triton_python_backend_utils.py"
ln -sfn "$(rel "$STUB")" "$BACKEND/triton_python_backend_stub"
echo "$VENV"
