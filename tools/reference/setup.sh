#!/usr/bin/env bash
# Create tools/.venv-reference from tools/reference/requirements.txt if it is missing or incomplete.
# Usage (from anywhere): bash tools/reference/setup.sh    -> prints the venv's python path on the last line.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$ROOT/tools/.venv-reference"
PY="$VENV/bin/python"
REQ="$HERE/requirements.txt"
STAMP="$VENV/.requirements.sha256"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [ ! -x "$PY" ]; then
  "${PYTHON:-python3}" -m venv "$VENV" >&2
fi
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
  if ! "$PY" -m pip install --disable-pip-version-check -q -r "$REQ" >&2; then
    echo "setup.sh: pip install -r $REQ failed" >&2
    exit 1
  fi
  echo "$want" > "$STAMP"
fi
echo "$PY"
