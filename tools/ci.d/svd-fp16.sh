#!/usr/bin/env bash
# CI step: the float16 video template on the CPU (issue 13). The tiny hub-layout checkpoints
# (tests/fixtures/svd/hub/models) installed through the studio's install path with the tiny float16
# template (template-fp16, made by make_tiny_hub.py with the shipped template's precision choices), then
# every installed graph run in onnxruntime's CPU provider and CLIP also in onnx's ReferenceEvaluator
# (true float16 arithmetic), against PyTorch float16 of the same modules (autocast, as LeviTor's demo
# runs them) and float32: tools/export/svd/fp16_parity.py prints the max abs differences and fails past
# its tolerance. The template's attention is fused (fuse_attention.py): test_fuse_attention traces the
# tiny float16 template unfused, fuses it, and checks the counts, the untouched weights, the committed
# fixture and onnxruntime's outputs both ways. Opt-in like the other torch steps (tools/ci.d/lib/torch-opt-in.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source tools/ci.d/lib/torch-opt-in.sh
PY="$(bash tools/export/svd/setup.sh | tail -n 1)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$PY" -m unittest tools.export.svd.tests.test_shape_values tools.export.svd.tests.test_fuse_attention
HUB="$ROOT/tests/fixtures/svd/hub"
cp -r "$HUB/models" "$TMP/checkpoints" # same disk as the models folder: the install hard-links them
node tools/export/svd/fullsize_ort.mjs install --from "$TMP/checkpoints" --models-dir "$TMP/models" \
  --size 72x80 --frames 4 --decode-chunk 2 --template "$HUB/template-fp16"
"$PY" -m tools.export.svd.fp16_parity --pack "$TMP/models/levitor-svd-xt/files" --models "$TMP/checkpoints" \
  --reference-evaluator image_encoder
