#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine, then run it.
# System packages: scripts/test-packages.txt (plus python3-venv where python3 lacks venv).
# Python packages: pyproject.toml's [test] extra, into .venv. A skipped test fails the run
# (JIXIAO_FAIL_ON_SKIP): a tool the suite needs is installed here, not skipped silently.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t packages < <(sed 's/#.*//' scripts/test-packages.txt | awk 'NF {print $1}')
python3 -c 'import ensurepip, venv' 2>/dev/null || packages+=(python3-venv)
bash scripts/apt-install.sh "${packages[@]}"

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
JIXIAO_FAIL_ON_SKIP=1 exec .venv/bin/python -m pytest -q "$@"
