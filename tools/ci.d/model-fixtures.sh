#!/usr/bin/env bash
# CI step (run by .ci/run via tools/ci.d/*.sh): regenerate the tiny SAM2 (both layouts), SAM v1 and Depth
# Anything V2 fixtures and goldens into a temp dir and check they are byte-identical to
# tests/fixtures/{sam2,sam-v1,depth} (the exporters are deterministic: fixed seeds, CPU). Needs
# tools/.venv-export (created from tools/export/requirements.txt).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source tools/ci.d/lib/torch-opt-in.sh
PY="$(bash tools/export/setup.sh | tail -n 1)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
echo "== model fixtures: regenerate and compare"
PYTHONWARNINGS=ignore "$PY" -m tools.export.sam2.make_fixtures --out "$TMP/sam2" >/dev/null
PYTHONWARNINGS=ignore "$PY" -m tools.export.sam2.transformersjs --out "$TMP/sam2/transformersjs" >/dev/null
PYTHONWARNINGS=ignore "$PY" -m tools.export.sam2.samv1 --out "$TMP/sam-v1" >/dev/null
PYTHONWARNINGS=ignore "$PY" -m tools.export.depth.make_fixtures --out "$TMP/depth" >/dev/null
# README.md files in the fixture folders are written by hand (tolerances, provenance), not by the exporters.
(cd "$TMP" && find sam2 sam-v1 depth -type f ! -name README.md | sort | xargs sha256sum) > "$TMP/sums"
(cd tests/fixtures && sha256sum --quiet -c "$TMP/sums")
[ "$(cd tests/fixtures && find sam2 sam-v1 depth -type f ! -name README.md | wc -l)" = "$(wc -l < "$TMP/sums")" ] || { echo "extra files in tests/fixtures/{sam2,sam-v1,depth}"; exit 1; }
echo "model fixtures are current"
