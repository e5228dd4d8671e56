#!/usr/bin/env bash
# Create the Python venv if missing (torch from the local wheel dir / pip config), then train.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
if [ ! -x .venv-pfn/bin/python ]; then
  python3 -m venv .venv-pfn
  .venv-pfn/bin/pip install torch numpy
fi
exec .venv-pfn/bin/python -u tools/pfn/train.py "$@"
