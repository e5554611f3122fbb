#!/usr/bin/env bash
# Usage: bash tools/venv.sh VENV_DIR REQUIREMENTS_FILE
# Creates VENV_DIR from the pinned REQUIREMENTS_FILE if it is missing or was built from other pins (a hash
# of the file is kept in the venv); prints the venv's python on the last line. A `sam2` line is installed
# last, without build isolation, against the torch just installed (its optional CUDA extension is skipped:
# the exporters run on CPU).
set -euo pipefail
VENV="$1"
REQ="$2"
PY="$VENV/bin/python"
STAMP="$VENV/.requirements.sha256"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
[ -x "$PY" ] || "${PYTHON:-python3}" -m venv "$VENV" >&2
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
  pip_q() { "$PY" -m pip install --disable-pip-version-check -q "$@" >&2; }
  if ! { pip_q --upgrade pip setuptools wheel && grep -v '^sam2' "$REQ" | pip_q -r /dev/stdin; }; then
    echo "venv.sh: pip install -r $REQ into $VENV failed" >&2
    exit 1
  fi
  if grep -q '^sam2' "$REQ" && ! SAM2_BUILD_CUDA=0 pip_q --no-build-isolation "$(grep '^sam2' "$REQ")"; then
    echo "venv.sh: installing $(grep '^sam2' "$REQ") into $VENV failed" >&2
    exit 1
  fi
  echo "$want" > "$STAMP"
fi
echo "$PY"
