#!/usr/bin/env bash
# Regenerate the tiny SAM2 (both layouts), SAM v1 and Depth Anything V2 fixtures + goldens
# (tests/fixtures/{sam2,sam2/transformersjs,sam-v1,depth}).
# Deterministic (fixed seeds, CPU): rerunning gives the committed files. Usage: npm run fixtures:models
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="$(bash "$ROOT/tools/export/setup.sh")"
cd "$ROOT"
rm -rf tests/fixtures/sam2/golden tests/fixtures/depth/golden tests/fixtures/sam2/transformersjs/golden tests/fixtures/sam-v1/golden
PYTHONWARNINGS=ignore "$PY" -m tools.export.sam2.make_fixtures --out tests/fixtures/sam2
PYTHONWARNINGS=ignore "$PY" -m tools.export.sam2.transformersjs --out tests/fixtures/sam2/transformersjs
PYTHONWARNINGS=ignore "$PY" -m tools.export.sam2.samv1 --out tests/fixtures/sam-v1
PYTHONWARNINGS=ignore "$PY" -m tools.export.depth.make_fixtures --out tests/fixtures/depth
