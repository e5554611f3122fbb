#!/usr/bin/env bash
# Usage: bash tools/export/svd/venv.sh VENV_DIR REQUIREMENTS_FILE
# Creates VENV_DIR from the pinned REQUIREMENTS_FILE if it is missing or was built from other pins (a hash
# of the file is kept in the venv); prints the venv's python on the last line.
set -euo pipefail
VENV="$1"
REQ="$2"
PY="$VENV/bin/python"
STAMP="$VENV/.requirements.sha256"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
[ -x "$PY" ] || "${PYTHON:-python3}" -m venv "$VENV" >&2
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
  if ! "$PY" -m pip install --disable-pip-version-check -q -r "$REQ" >&2; then
    echo "venv.sh: pip install -r $REQ into $VENV failed" >&2
    exit 1
  fi
  echo "$want" > "$STAMP"
fi
echo "$PY"
