# Sourced by the ci.d steps that need the torch venvs (tools/ci.d/lib is not a step: .ci/run runs only
# tools/ci.d/*.sh). Those venvs are multi-GB downloads and regenerating float fixtures byte-for-byte depends
# on the CPU's SIMD paths, so default CI checks the committed goldens from the TypeScript side (npm test)
# and runs these steps only where LEVITOR_CI_TORCH=1 or tools/.venv-export already exists. Otherwise the
# sourcing step ends here, successfully, saying how to run it.
if [ "${LEVITOR_CI_TORCH:-0}" != 1 ] && [ ! -x tools/.venv-export/bin/python ]; then
  echo "skipped: set LEVITOR_CI_TORCH=1 to run $(basename "$0") (needs the torch venv)"
  exit 0
fi
