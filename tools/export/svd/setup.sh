#!/usr/bin/env bash
# The video exporter shares tools/.venv-export with the other exporters: one venv, one recipe.
set -euo pipefail
exec bash "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/setup.sh"
