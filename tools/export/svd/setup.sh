#!/usr/bin/env bash
# Create tools/.venv-export from tools/export/requirements.txt if missing or stale; prints its python.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
VENV="$ROOT/tools/.venv-export"
PY="$VENV/bin/python"
REQ="$ROOT/tools/export/requirements.txt"
STAMP="$VENV/.requirements.sha256"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
[ -x "$PY" ] || "${PYTHON:-python3}" -m venv "$VENV" >&2
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
  "$PY" -m pip install --disable-pip-version-check -q -r "$REQ" >&2
  echo "$want" > "$STAMP"
fi
echo "$PY"
