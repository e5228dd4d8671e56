#!/usr/bin/env bash
# `npm run test:python`: the Python client's pytest suite against the real server (port 0).
# Uses Debian's /usr/bin/python3 (a pyenv python3 on PATH lacks the apt packages). Without pytest
# the suite is skipped with a loud message, unless BO_REQUIRE_PYTHON=1 (CI sets it): then it fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${BO_PYTHON:-/usr/bin/python3}
if ! "$PY" -c 'import pytest' >/dev/null 2>&1; then
  msg="pytest is missing for $PY: apt-get install -y python3-pytest python3-venv python3-pip python3-setuptools"
  if [ "${BO_REQUIRE_PYTHON:-0}" = "1" ]; then echo "test:python FAILED: $msg" >&2; exit 1; fi
  printf '\n!!!!!!!!\n!!! test:python SKIPPED: %s\n!!!!!!!!\n\n' "$msg" >&2
  exit 0
fi
exec "$PY" -m pytest -q -p no:cacheprovider clients/python/tests "$@"
