#!/usr/bin/env bash
# Set up (test tools included) and run the tests: the replay suite (offline, cassettes,
# no key, under a minute), then the live tests on the real embedded model.
#   scripts/test.sh            both
#   scripts/test.sh --replay   the replay suite only
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
echo "== replay suite" >&2
.venv/bin/python -m pytest
if [[ "${1:-}" != "--replay" ]]; then
  echo "== live tests (embedded model)" >&2
  .venv/bin/python -m pytest -m live -p no:cacheprovider --durations=0
fi
