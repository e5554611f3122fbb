#!/usr/bin/env bash
# CI step: tools/gpu/check.sh end to end on the CPU (--cpu-dry-run): the tiny hub-layout checkpoints
# installed through the studio's install path, a 2-step generation through the studio's pipeline with the
# CPU provider and the same in PyTorch, and the side-by-side table. Proves the GPU check's plumbing where
# no GPU is; the CUDA figures need a CUDA machine (tools/export/MODELS.md).
# Opt-in like the other torch steps (tools/ci.d/lib/torch-opt-in.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source tools/ci.d/lib/torch-opt-in.sh
bash tools/export/svd/setup.sh >/dev/null
bash tools/gpu/check.sh --cpu-dry-run
