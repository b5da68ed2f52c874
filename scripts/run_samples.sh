#!/usr/bin/env bash
# Install jixiao into .venv and run it on the bundled sample reports in data/samples.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import ensurepip, venv' 2>/dev/null || bash scripts/apt-install.sh python3-venv
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
.venv/bin/jixiao run data/samples --out out/samples
.venv/bin/jixiao flags out/samples
.venv/bin/jixiao review out/samples   # out/samples/review.html, review.xlsx
