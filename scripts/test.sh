#!/usr/bin/env bash
# The whole test suite from nothing: a virtual environment with reterete and
# its test extra, Debian's Chromium for the browser tests, then ruff and pytest.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k ingest`).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

# Browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (Debian package 'chromium')..."
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

.venv/bin/python -m ruff check reterete tests benchmarks examples
.venv/bin/python -m pytest "$@"
