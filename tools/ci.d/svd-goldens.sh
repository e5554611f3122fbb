#!/usr/bin/env bash
# CI step (run by .ci/run via tools/ci.d/*.sh): the SVD exporter's Python tests, then rebuild the tiny
# video pack (exporter venv, diffusers 0.31) + reference goldens (reference venv, diffusers 0.24.0: what
# LeviTor pins) into a temp dir and check tests/fixtures/svd is current; the Pillow resize goldens too.
# Creates tools/.venv-export and tools/.venv-reference-svd if missing (torch: large downloads).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source tools/ci.d/lib/torch-opt-in.sh
PY="$(bash tools/export/svd/setup.sh | tail -n 1)"
REF="$(bash tools/export/svd/setup-reference.sh | tail -n 1)"
echo "== svd exporter: unit tests"
"$PY" -m unittest -q tools.export.svd.tests.test_svd tools.export.svd.tests.test_temporal_context \
  tools.export.svd.tests.test_published
echo "== svd goldens: regenerate (pack: exporter venv; goldens: reference venv) and compare"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$PY" -m tools.export.svd.make_tiny --out "$TMP/svd" --reference-python "$REF" >/dev/null 2>&1
"$PY" -m tools.export.svd.compare_goldens tests/fixtures/svd "$TMP/svd"
echo "== every module as exported vs the reference's pinned libraries"
"$PY" -m tools.export.svd.crossversion --check --reference-python "$REF" 2>/dev/null
echo "== Pillow resize goldens (exporter's Pillow, then LeviTor's)"
"$PY" -m tools.export.svd.pil_resize_golden --check
"$REF" -m tools.export.svd.pil_resize_golden --check
