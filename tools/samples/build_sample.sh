#!/usr/bin/env bash
# Rebuilds resources/samples/coffee.levitor (pass --check to verify it is current instead).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
py="$(bash "$root/tools/samples/setup.sh")"
cd "$root" && "$py" -m tools.samples.build_sample "$@"
