#!/usr/bin/env bash
# CI step (run by .ci/run via tools/ci.d/*.sh): a real Triton server from the pinned nvidia-pytriton wheel
# (tools/triton/setup.sh makes tools/.venv-triton from PyPI: no torch, no GPU) serving the repository
# `levitor models triton-repo --graphs python` writes from the tiny video pack, on 127.0.0.1 only; the
# test checks levitor_generate's frames against the TypeScript pipeline (within 1e-5), its progress
# stream, the pack identity check, bad params and cancellation; and the studio's Triton client tests.
# `npm test` skips these tests (no venv). 4 min 11 s here (2 shared cores, venv already made: setup.sh takes
# 0.4 s then; a first run adds the venv's download, about 500 MB installed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VENV="$(bash tools/triton/setup.sh | tail -n 1)"
echo "== triton: the numpy port's unit tests (goldens, params rules)"
"$VENV/bin/python" -m unittest discover -s tools/triton -p 'test_*.py'
echo "== triton: tests/integration/triton-*.test.ts against a real tritonserver"
LEVITOR_TRITON_VENV="$VENV" npx vitest run --project integration tests/integration/triton-
