#!/usr/bin/env bash
# GPU readiness of the video model (issue 13 item 6), one command, no network:
#   bash tools/gpu/check.sh [--work DIR] [--keep] [--steps 25] [--size 288x512] [--frames 16]
#                           [--precision fp16|fp32] [--memory per-phase|per-job] [--skip-torch] [--cpu-dry-run]
# 1. full-size random-weight checkpoints at the published configs, hub layout and dtypes
#    (tools/export/svd/fullsize.py weights; reused from --work when already there);
# 2. `levitor models install levitor-svd-xt --from DIR --precision fp16` through the CLI's code (the same
#    path as users; float16 graphs, as the studio picks for CUDA; --precision fp32 to compare);
# 3. a whole generation (steps x 288x512x16) through the studio's pipeline with onnxruntime's CUDA
#    provider, and the same with PyTorch fp16 (the project's reference sampling loop) on the same weights,
#    one after the other; GPU memory sampled with nvidia-smi every 100 ms during each;
# 4. a side-by-side table: seconds per step, whole generation, peak GPU memory (goal <= 10 GB), and
#    onnxruntime's peak per phase (encode, denoise, decode: the samples cut at the phase ends the pipeline
#    reports; the process's resident memory per phase beside it). --memory per-job keeps every session open
#    for the whole generation (the studio releases each phase's sessions when it ends: per-phase).
# Needs: node_modules with onnxruntime-node's CUDA provider (fetched once, with network:
#   (cd node_modules/onnxruntime-node && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install.js)),
# tools/.venv-export (bash tools/export/svd/setup.sh; its torch wheel carries the CUDA 12 / cuDNN 9
# libraries, which are put on LD_LIBRARY_PATH for onnxruntime too).
# --cpu-dry-run: the same steps on the CPU at the tiny fixture's size with the tiny checkpoints
# (tests/fixtures/svd/hub), 2 steps, float32 graphs (--precision fp16: the tiny float16 template, which
# onnxruntime's CPU provider runs through float32 conversions): the script's plumbing without a GPU.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="" KEEP=0 STEPS=25 SIZE=288x512 FRAMES=16 PRECISION="" MEMORY=per-phase SKIP_TORCH=0 DRY=0
usage() { sed -n '2,4p' "$0" | sed 's/^# *//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --work) WORK="${2:?}"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --steps) STEPS="${2:?}"; shift 2 ;;
    --size) SIZE="${2:?}"; shift 2 ;;
    --frames) FRAMES="${2:?}"; shift 2 ;;
    --precision) PRECISION="${2:?}"; shift 2 ;;
    --memory) MEMORY="${2:?}"; shift 2 ;;
    --skip-torch) SKIP_TORCH=1; shift ;;
    --cpu-dry-run) DRY=1; shift ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
[[ "$SIZE" =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "--size must be WIDTHxHEIGHT, e.g. 288x512" >&2; exit 2; }
W="${BASH_REMATCH[1]}" H="${BASH_REMATCH[2]}"
[[ "$STEPS" =~ ^[1-9][0-9]*$ && "$FRAMES" =~ ^[1-9][0-9]*$ ]] || { echo "--steps and --frames: whole numbers" >&2; exit 2; }
case "$PRECISION" in ""|fp16|fp32) ;; *) echo "--precision must be fp16 or fp32" >&2; exit 2 ;; esac
case "$MEMORY" in per-phase|per-job) ;; *) echo "--memory must be per-phase or per-job" >&2; exit 2 ;; esac
cd "$ROOT"

if [ "$DRY" = 1 ]; then
  PROVIDER=cpu DEVICE=cpu TORCH_DTYPE=fp32 W=72 H=80 FRAMES=4 STEPS=2
  CHECKPOINTS="$ROOT/tests/fixtures/svd/hub/models"
  PRECISION="${PRECISION:-fp32}"
  # (a failing test inside $( ) in this assignment would end the script under set -e: plain if)
  TEMPLATE=(--template "$ROOT/tests/fixtures/svd/hub/template")
  if [ "$PRECISION" = fp16 ]; then TEMPLATE=(--template "$ROOT/tests/fixtures/svd/hub/template-fp16"); fi
else
  PROVIDER=cuda DEVICE=cuda TORCH_DTYPE=fp16 TEMPLATE=()
  # float16 graphs, as the studio installs them for CUDA (src-shared/models/videoPrecision.ts), from the
  # shipped float16 template (resources/video-template/fp16); a build without it gets float32, said here
  if [ -z "$PRECISION" ] && [ ! -f resources/video-template/fp16/template.json ]; then
    echo "note: no resources/video-template/fp16 in this build: installing float32 graphs (~11.7 GB of weights)" >&2
    PRECISION=fp32
  fi
  PRECISION="${PRECISION:-fp16}"
  command -v nvidia-smi >/dev/null || { echo "nvidia-smi not found: this check needs a CUDA GPU (or --cpu-dry-run)" >&2; exit 1; }
  ls node_modules/onnxruntime-node/bin/napi-v*/linux/x64/libonnxruntime_providers_cuda.so >/dev/null 2>&1 || {
    echo "onnxruntime-node has no CUDA provider here. With network, once:" >&2
    echo "  (cd node_modules/onnxruntime-node && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install.js)" >&2
    exit 1
  }
  # CUDA 12 runtime, cuBLAS and cuDNN 9 for onnxruntime: the ones the exporter venv's torch wheel carries.
  for d in "$ROOT"/tools/.venv-export/lib/python3*/site-packages/nvidia/*/lib; do
    [ -d "$d" ] && LD_LIBRARY_PATH="$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  done
  export LD_LIBRARY_PATH
fi
PY="$ROOT/tools/.venv-export/bin/python"
[ -x "$PY" ] || { echo "missing $PY: run bash tools/export/svd/setup.sh first (needs network once)" >&2; exit 1; }
if [ -z "$WORK" ]; then WORK="$(mktemp -d "${TMPDIR:-/tmp}/levitor-gpu-XXXXXX")"; fi
mkdir -p "$WORK"
[ "$KEEP" = 1 ] || trap 'rm -rf "$WORK"' EXIT
T0=$SECONDS

if [ "$DRY" = 0 ]; then
  CHECKPOINTS="$WORK/checkpoints"
  if [ ! -f "$WORK/weights.json" ]; then
    echo "== random full-size checkpoints -> $CHECKPOINTS"
    "$PY" -m tools.export.svd.fullsize weights --out "$CHECKPOINTS" --figures "$WORK/weights.json"
  fi
fi

echo "== install (levitor models install levitor-svd-xt --from) ${W}x${H}, $FRAMES frames"
rm -rf "$WORK/models"
node tools/export/svd/fullsize_ort.mjs install --from "$CHECKPOINTS" --models-dir "$WORK/models" \
  --size "${W}x${H}" --frames "$FRAMES" ${PRECISION:+--precision "$PRECISION"} "${TEMPLATE[@]}" | tee "$WORK/install.json"
PACK="$WORK/models/levitor-svd-xt/files"

# Runs "$@" while sampling GPU 0's memory (both engines use device 0) into $log ("timestamp, MiB" lines, the
# summary cuts them into phases); writes the peak above the level before it started (MiB) to $log.peak and
# that level to $log.base.
SAMPLER=""
with_gpu_peak() {
  local log="$1"; shift
  if [ "$DEVICE" != cuda ]; then "$@"; echo "n/a" > "$log.peak"; return; fi
  local base; base=$(nvidia-smi --id=0 --query-gpu=memory.used --format=csv,noheader,nounits)
  echo "$base" > "$log.base"
  nvidia-smi --id=0 --query-gpu=timestamp,memory.used --format=csv,noheader,nounits -lms 100 > "$log" &
  SAMPLER=$!
  "$@" || { kill "$SAMPLER"; return 1; }
  kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true
  awk -F', *' -v b="$base" 'NF > 1 { if ($2 > m) m = $2 } END { print m - b }' "$log" > "$log.peak"
}

echo "== onnxruntime-node ($PROVIDER), $STEPS steps"
with_gpu_peak "$WORK/ort.smi" node tools/gpu/generate.mjs --pack "$PACK" --providers "$PROVIDER" --steps "$STEPS" \
  --memory "$MEMORY" | tee "$WORK/ort.json"
if [ "$SKIP_TORCH" = 0 ]; then
  echo "== PyTorch ($TORCH_DTYPE, $DEVICE), $STEPS steps"
  with_gpu_peak "$WORK/torch.smi" "$PY" -m tools.export.svd.timed_generate --models "$CHECKPOINTS" \
    --device "$DEVICE" --dtype "$TORCH_DTYPE" --steps "$STEPS" --width "$W" --height "$H" --frames "$FRAMES" \
    --json "$WORK/torch.json" >/dev/null
fi

"$PY" - "$WORK" "$SKIP_TORCH" <<'EOF'
import json, sys
from datetime import datetime
from pathlib import Path
work, skip = Path(sys.argv[1]), sys.argv[2] == "1"
rows = [("onnxruntime-node", json.loads((work / "ort.json").read_text().strip().splitlines()[-1]), work / "ort.smi.peak")]
if not skip:
    rows.append(("pytorch", json.loads((work / "torch.json").read_text()), work / "torch.smi.peak"))
print(f"{'engine':<46} {'shape':<12} {'s/step':>8} {'1st step':>9} {'total s':>8} {'peak GPU MiB':>13} finite")
for name, r, peak in rows:
    p = peak.read_text().strip()
    print(f"{r['engine']:<46} {r['shape']:<12} {r['secondsPerStep']:>8} {r['firstStepSeconds']:>9} "
          f"{r['generationSeconds']:>8} {p:>13} {r['framesFinite']}")
    if not r["framesFinite"]:
        sys.exit(f"{name}: frames are not finite")
ort = rows[0][1]
if ort.get("phases"):
    # GPU samples ("timestamp, MiB", local time like the clock the phase ends were read from) cut at the
    # phase ends generate.mjs reports; before its start: loading the sessions
    samples, smi = [], work / "ort.smi"
    if smi.exists():
        base = int((work / "ort.smi.base").read_text())
        for line in smi.read_text().splitlines():
            stamp, _, mib = line.partition(",")
            if mib.strip().isdigit():
                t = datetime.strptime(stamp.strip(), "%Y/%m/%d %H:%M:%S.%f").timestamp() * 1000
                samples.append((t, int(mib) - base))
    cells, start = [], ort["startEpochMs"]
    gpu = lambda lo, hi: max((m for t, m in samples if lo < t <= hi), default=None)
    if samples:
        cells.append(f"open GPU {gpu(0, start)}")
    for p in ort["phases"]:
        g = gpu(start, p["endEpochMs"]) if samples else None
        host = f"RSS peak {p['peakMiB']} after {p['rssMiB']}"
        cells.append(f"{p['phase']} " + (f"GPU {g if g is not None else '-'}, " if samples else "") + host)
        start = p["endEpochMs"]
    print(f"onnxruntime per phase, MiB ({ort['memory']} sessions; RSS peak per {ort['hostPeakScope']}): " + " | ".join(cells))
ort_peak = (work / "ort.smi.peak").read_text().strip()
if ort_peak != "n/a":
    verdict = "within" if int(ort_peak) <= 10240 else "ABOVE"
    print(f"goal peak GPU memory <= 10 GB (10240 MiB): onnxruntime {ort_peak} MiB, {verdict} the goal")
EOF
echo "tools/gpu/check.sh done in $((SECONDS - T0)) s (work folder $WORK)"
