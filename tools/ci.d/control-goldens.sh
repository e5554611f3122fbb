#!/usr/bin/env bash
# CI step (run by .ci/run via tools/ci.d/*.sh): the Python control reference's unit tests, then
# regenerate the control goldens into a temp dir and compare them with tests/fixtures/control.
# Light dependencies only (tools/reference/requirements.txt); creates tools/.venv-reference if missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY="$(bash tools/reference/setup.sh | tail -n 1)"
echo "== control reference: unit tests"
"$PY" -m pytest -q -p no:cacheprovider tools/reference/tests
echo "== control goldens: regenerate and compare"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$PY" -m tools.reference.make_goldens --out "$TMP/control"
"$PY" -m tools.reference.compare_goldens tests/fixtures/control "$TMP/control"
