#!/usr/bin/env bash
# Create tools/.venv-export from tools/export/requirements.txt if missing or stale; prints its python.
# sam2 builds an optional CUDA extension: SAM2_BUILD_CUDA=0 skips it (the exporters run on CPU).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/tools/.venv-export"
PY="$VENV/bin/python"
REQ="$ROOT/tools/export/requirements.txt"
STAMP="$VENV/.requirements.sha256"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
[ -x "$PY" ] || "${PYTHON:-python3}" -m venv "$VENV" >&2
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
  "$PY" -m pip install --disable-pip-version-check -q --upgrade pip setuptools wheel >&2
  grep -v '^sam2' "$REQ" | "$PY" -m pip install --disable-pip-version-check -q -r /dev/stdin >&2
  SAM2_BUILD_CUDA=0 "$PY" -m pip install --disable-pip-version-check -q --no-build-isolation \
    "$(grep '^sam2' "$REQ")" >&2
  echo "$want" > "$STAMP"
fi
echo "$PY"
