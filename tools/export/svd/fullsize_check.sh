#!/usr/bin/env bash
# Full-size proof of the video model install (issue 13 item 5), on the CPU, no network:
#   bash tools/export/svd/fullsize_check.sh [--work DIR] [--keep] [--size WxH] [--frames N] [--precision fp32|fp16]
# 1. random weights at the published configs, in the hub's layout and dtypes (fp16 SVD-XT files, fp32
#    ControlNet): tools/export/svd/fullsize.py weights (~7.2 GB on disk);
# 2. PyTorch float32 on the CPU, one graph at a time, on fixed inputs at a small shape (fullsize.py torch);
# 3. `levitor models install levitor-svd-xt --from DIR --precision P` through the CLI's code, timed (fp32 by
#    default; fp16 = the float16 template the studio installs for a GPU, run here on the CPU provider, which
#    computes the float16 nodes through float32 conversions);
#    disk use: the pack folder against the checkpoints, hard links counted;
# 4. onnxruntime-node loads each installed graph in its own process (load time, peak RSS) and runs it on
#    the PyTorch inputs: max abs diff (float32 graphs: within 1e-3 of max |y|; float16 graphs against the same
#    float32 PyTorch outputs: within 3e-2, float16's rounding over a real-size network, while a wrong weight
#    or wiring is off by the output's own size).
# With --work, steps 1 and 2 reuse what an earlier run left there (--keep). Steps run one after another (never torch and onnxruntime at once); peak memory ~12 GB (the fp32 denoiser
# in onnxruntime), so it stops when less than 14 GB is available. Figures: tools/export/MODELS.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
WORK="" KEEP=0 SIZE=72x64 FRAMES=4 PRECISION=fp32
while [ $# -gt 0 ]; do
  case "$1" in
    --work) WORK="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --size) SIZE="$2"; shift 2 ;;
    --frames) FRAMES="$2"; shift 2 ;;
    --precision) PRECISION="$2"; shift 2 ;;
    *) echo "usage: $0 [--work DIR] [--keep] [--size WxH] [--frames N] [--precision fp32|fp16]" >&2; exit 2 ;;
  esac
done
[[ "$SIZE" =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "--size must be WIDTHxHEIGHT" >&2; exit 2; }
W="${BASH_REMATCH[1]}" H="${BASH_REMATCH[2]}"
case "$PRECISION" in fp32) TOL=1e-3 ;; fp16) TOL=3e-2 ;; *) echo "--precision must be fp32 or fp16" >&2; exit 2 ;; esac
PY="$ROOT/tools/.venv-export/bin/python"
[ -x "$PY" ] || { echo "missing $PY: run bash tools/export/svd/setup.sh" >&2; exit 1; }
avail_gb() { awk '/MemAvailable/ { printf "%d", $2 / 1048576 }' /proc/meminfo; }
if [ "$(avail_gb)" -lt "${FULLSIZE_MIN_GB:-14}" ]; then
  echo "only $(avail_gb) GB of memory available; the check needs ~14 GB (FULLSIZE_MIN_GB overrides)" >&2
  exit 1
fi
if [ -z "$WORK" ]; then WORK="$(mktemp -d "${TMPDIR:-/tmp}/levitor-fullsize-XXXXXX")"; fi
mkdir -p "$WORK"
[ "$KEEP" = 1 ] || trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"
timed() { /usr/bin/time -f '%e s, peak RSS %M KB' "$@"; }

echo "== 1. random full-size checkpoints -> $WORK/checkpoints"
if [ ! -f "$WORK/weights.json" ]; then
  timed "$PY" -m tools.export.svd.fullsize weights --out "$WORK/checkpoints" --figures "$WORK/weights.json"
fi
du -sh --apparent-size "$WORK/checkpoints"/*

# The reference side: LeviTor's pinned diffusers 0.24 when its venv is there (setup-reference.sh, or
# REFERENCE_PYTHON), else the exporter's diffusers 0.31 with the 0.24 temporal-context order.
REF_PY="${REFERENCE_PYTHON:-$ROOT/tools/.venv-reference-svd/bin/python}"
[ -x "$REF_PY" ] || REF_PY="$PY"
REF_DIFFUSERS="$("$REF_PY" -c 'import diffusers; print(diffusers.__version__)' 2>/dev/null)"
TORCH="$WORK/torch-${W}x${H}x${FRAMES}-diffusers$REF_DIFFUSERS"
echo "== 2. PyTorch (float32, CPU, diffusers $REF_DIFFUSERS) at ${W}x${H}, $FRAMES frames -> $TORCH"
if [ ! -f "$TORCH/index.json" ]; then
  timed "$REF_PY" -m tools.export.svd.fullsize torch --models "$WORK/checkpoints" --out "$TORCH" \
    --width "$W" --height "$H" --frames "$FRAMES"
fi

echo "== 3. install through the studio (levitor models install levitor-svd-xt --from)"
rm -rf "$WORK/models"
timed node tools/export/svd/fullsize_ort.mjs install --from "$WORK/checkpoints" --models-dir "$WORK/models" \
  --precision "$PRECISION" --size "${W}x${H}" --frames "$FRAMES" | tee "$WORK/install.json"
PACK="$WORK/models/levitor-svd-xt/files"
echo "disk: checkpoints $(du -sb "$WORK/checkpoints" | cut -f1) B, pack folder alone $(du -sb "$PACK" | cut -f1) B (du counts a hard-linked file once: both together $(du -sbc "$WORK/checkpoints" "$PACK" | tail -1 | cut -f1) B)"
echo "graph files (bytes): $(cd "$PACK" && stat -c '%n %s' ./*.onnx | tr '\n' ' ')"
find "$PACK" -name '*.safetensors' -printf 'link count %n  %s B  %P\n'

echo "== 4. onnxruntime-node, one graph per process"
status=0
for g in image_encoder vae_encoder vae_decoder denoiser; do
  node tools/export/svd/fullsize_ort.mjs graph --pack "$PACK" --graph "$g" --torch "$TORCH" --tolerance "$TOL" || status=1
done
[ "$status" = 0 ] && echo "fullsize check: every graph matches PyTorch" || echo "fullsize check: MISMATCH (see above)"
exit "$status"
