#!/usr/bin/env bash
# Set up (test tools included), check the code (ruff, mypy strict, no function of radon
# complexity grade D or worse, i.e. above 20) and run the tests: the replay suite (offline,
# cassettes, no key, under a minute), then the live tests on the real embedded model.
#   scripts/test.sh            both
#   scripts/test.sh --replay   the replay suite only
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
echo "== ruff" >&2
.venv/bin/ruff check .
echo "== mypy" >&2
.venv/bin/mypy
echo "== radon (functions above complexity 20)" >&2
complex=$(.venv/bin/radon cc -n D summarizer)
if [[ -n "$complex" ]]; then
  printf '%s\n' "$complex" >&2
  echo "error: the functions above are too complex (radon grade D or worse); split them" >&2
  exit 1
fi
echo "== replay suite" >&2
.venv/bin/python -m pytest
if [[ "${1:-}" != "--replay" ]]; then
  echo "== live tests (embedded model)" >&2
  .venv/bin/python -m pytest -m live -p no:cacheprovider --durations=0
fi
