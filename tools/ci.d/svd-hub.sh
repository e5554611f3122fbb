#!/usr/bin/env bash
# CI step: rebuild the tiny hub-layout checkpoints + template (tools/export/svd/make_tiny_hub.py) into a
# temp dir and check tests/fixtures/svd/hub is current (the files are byte-reproducible: seeded weights,
# deterministic safetensors and ONNX serialisation, no float compute involved).
# Opt-in like the other torch steps (tools/ci.d/lib/torch-opt-in.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source tools/ci.d/lib/torch-opt-in.sh
PY="$(bash tools/export/svd/setup.sh | tail -n 1)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$PY" -m tools.export.svd.make_tiny_hub --out "$TMP/hub" >/dev/null 2>&1
if ! diff -r tests/fixtures/svd/hub "$TMP/hub" >/dev/null; then
  diff -rq tests/fixtures/svd/hub "$TMP/hub" || true
  echo "tests/fixtures/svd/hub is stale: run python -m tools.export.svd.make_tiny_hub --out tests/fixtures/svd/hub"
  exit 1
fi
echo "hub-layout fixture and template are current"
