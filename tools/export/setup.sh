#!/usr/bin/env bash
# Create tools/.venv-export from tools/export/requirements.txt if missing or stale; prints its python.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$ROOT/tools/venv.sh" "$ROOT/tools/.venv-export" "$ROOT/tools/export/requirements.txt"
