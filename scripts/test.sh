#!/usr/bin/env bash
# The whole test suite from nothing: a virtual environment with reterete and
# its test extra, Debian's Chromium for the browser tests, then ruff and pytest
# with every warning an error (`python -W error`, and pyproject's
# filterwarnings), on Python 3.11.
#
# Then the Python versions matrix: a fast subset (no browser, no slow tests;
# FAST_TESTS below) on each of PYTHONS (default "3.10 3.12 3.13"), each in its
# own virtual environment `.venv-3.X`, also with `-W error`. An interpreter is
# found as `python3.X` on PATH or under pyenv (~/.pyenv/versions/3.X.*). In CI
# (CI=true) a missing one fails the run; on a developer machine it is said and
# skipped. PYTHONS="" skips the matrix.
#
# Extra arguments go to the 3.11 pytest run (e.g. `bash scripts/test.sh -k ingest`).
set -uo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
PYTHONS=${PYTHONS-3.10 3.12 3.13}
PIP_QUIET=(--quiet --disable-pip-version-check)

# The subset run on the other Python versions: what depends on the version of
# Python, numpy and pandas (reading files and dates, the network, metrics,
# exports, the command line, the catalogs), small enough that each version
# takes about a minute on two cores.
FAST_TESTS=(
  tests/test_ingest_dates.py tests/test_ingest_files.py tests/test_ingest_layouts.py
  tests/test_ingest_typed.py tests/test_time.py tests/test_network.py
  tests/test_structure.py tests/test_centrality.py tests/test_cli_metrics.py
  tests/test_cli_contract.py tests/test_export.py tests/test_excel.py
  tests/test_ecosystem.py tests/test_foreign_data.py tests/test_i18n.py
  tests/test_example_plans.py tests/test_coverage_canonical.py
)

failed=()
timings=()

step() { printf '\n== %s\n' "$*"; }

set -e
step "Python $("$PYTHON" -c 'import sys; print(sys.version.split()[0])'): whole suite"
t0=$(date +%s)
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install "${PIP_QUIET[@]}" --upgrade pip
.venv/bin/python -m pip install "${PIP_QUIET[@]}" -e '.[test]'

# Browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (Debian package 'chromium')..."
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
t1=$(date +%s)
set +e

.venv/bin/python -m ruff check reterete tests benchmarks examples || failed+=("ruff")
.venv/bin/python -W error -m pytest "$@" || failed+=("pytest on $(.venv/bin/python -V)")
t2=$(date +%s)
timings+=("$(.venv/bin/python -V): install $((t1 - t0)) s, tests $((t2 - t1)) s")

find_python() {  # python3.X on PATH that runs, else the newest pyenv 3.X
  # (pyenv's shim for python3.X is on PATH even when that version is not the
  # selected one, and then only prints "command not found": try it first)
  local v=$1 p
  if p=$(command -v "python$v" 2>/dev/null) && "$p" -c 'import sys' >/dev/null 2>&1; then
    echo "$p"; return 0
  fi
  for p in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v".*/bin/python 2>/dev/null \
             | sort -V -r); do
    if [ -x "$p" ] && "$p" -c 'import sys' >/dev/null 2>&1; then echo "$p"; return 0; fi
  done
  return 1
}

for v in $PYTHONS; do
  step "Python $v: fast subset (no browser, no slow tests)"
  if ! py=$(find_python "$v"); then
    if [ "${CI:-}" = "true" ]; then
      echo "Python $v is not installed (python$v on PATH or pyenv): CI must test it." >&2
      failed+=("Python $v missing")
    else
      echo "Python $v not found (python$v on PATH or pyenv): skipped on this machine."
    fi
    continue
  fi
  s0=$(date +%s)
  env=".venv-$v"
  if [ ! -x "$env/bin/python" ]; then
    "$py" -m venv "$env" || { failed+=("venv for Python $v"); continue; }
  fi
  if ! "$env/bin/python" -m pip install "${PIP_QUIET[@]}" -e '.[test]'; then
    failed+=("install on Python $v"); continue
  fi
  s1=$(date +%s)
  "$env/bin/python" -W error -m pytest -q -m "not browser and not slow" \
    -p no:cacheprovider "${FAST_TESTS[@]}" || failed+=("pytest on Python $v")
  s2=$(date +%s)
  timings+=("$("$env/bin/python" -V): install $((s1 - s0)) s, fast subset $((s2 - s1)) s")
done

step "Times"
printf '%s\n' "${timings[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  step "FAILED"
  printf '%s\n' "${failed[@]}"
  exit 1
fi
