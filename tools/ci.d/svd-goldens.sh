#!/usr/bin/env bash
# CI step (run by .ci/run via tools/ci.d/*.sh): the SVD exporter's Python tests, then rebuild the tiny
# video pack + PyTorch goldens into a temp dir and check tests/fixtures/svd is current.
# Creates tools/.venv-export from tools/export/requirements.txt if missing (torch CPU: a large download).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY="$(bash tools/export/svd/setup.sh | tail -n 1)"
echo "== svd exporter: unit tests"
"$PY" -m unittest -q tools.export.svd.tests.test_svd
echo "== svd goldens: regenerate and compare"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$PY" -m tools.export.svd.make_tiny --out "$TMP/svd" >/dev/null 2>&1
"$PY" -m tools.export.svd.compare_goldens tests/fixtures/svd "$TMP/svd"
