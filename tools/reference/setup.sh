#!/usr/bin/env bash
# Create tools/.venv-reference from tools/reference/requirements.txt if it is missing or stale.
# Usage (from anywhere): bash tools/reference/setup.sh    -> prints the venv's python path on the last line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$ROOT/tools/venv.sh" "$ROOT/tools/.venv-reference" "$ROOT/tools/reference/requirements.txt"
