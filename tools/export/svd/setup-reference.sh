#!/usr/bin/env bash
# Create tools/.venv-reference-svd from tools/export/svd/reference-requirements.txt (diffusers 0.24.0 and
# what LeviTor pins beside it) if missing or stale; prints its python on the last line. Kept apart from
# tools/.venv-export (diffusers 0.31) so the goldens cannot share the exporter's library semantics.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
bash "$ROOT/tools/venv.sh" "$ROOT/tools/.venv-reference-svd" "$ROOT/tools/export/svd/reference-requirements.txt"
