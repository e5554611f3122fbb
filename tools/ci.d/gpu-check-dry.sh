#!/usr/bin/env bash
# CI step: tools/gpu/check.sh end to end on the CPU (--cpu-dry-run): the tiny hub-layout checkpoints
# installed through the studio's install path, a 2-step generation through the studio's pipeline with the
# CPU provider and the same in PyTorch, and the side-by-side table. Proves the GPU check's plumbing where
# no GPU is; the CUDA figures need a CUDA machine (tools/export/MODELS.md).
# Same opt-in as svd-hub.sh: needs the torch venv.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if [ "${LEVITOR_CI_TORCH:-0}" != 1 ] && [ ! -x tools/.venv-export/bin/python ]; then
  echo "skipped: set LEVITOR_CI_TORCH=1 to run the GPU check's CPU dry run"
  exit 0
fi
bash tools/export/svd/setup.sh >/dev/null
bash tools/gpu/check.sh --cpu-dry-run
