#!/usr/bin/env bash
# Creates tools/.venv-samples from requirements.txt (pinned) if it is missing. Prints the python path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/../.venv-samples"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$here/requirements.txt"
fi
echo "$venv/bin/python"
