"""Shared test configuration: the one vcrpy config (scrubbing, body matching) and paths.

The dev set and the reference scorer live in ``shared/``, the repository's sibling folder
(``../shared``), never inside it; tests that need them skip when it is absent.
``SUMMARIZER_TEST_SHARED`` names another location (a git worktree, a CI checkout).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from summarizer.cassettes import vcr_config as _vcr_config

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
CASSETTES_DIR = ROOT / "cassettes"
SHARED = Path(os.environ.get("SUMMARIZER_TEST_SHARED") or ROOT.parent / "shared")
DEV_DIR = SHARED / "eval" / "dev"
SCORE_PY = SHARED / "eval" / "score.py"
needs_dev = pytest.mark.skipif(not DEV_DIR.is_dir(), reason=f"needs the dev set at {DEV_DIR}")


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    """pytest-recording's config; no record_mode here, so ``--record-mode`` decides."""
    return _vcr_config()


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES_DIR)


@pytest.fixture(autouse=True)
def private_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own brief cache (``summarize`` uses it by default): nothing is
    read from or written to the developer's cache, and no test answers another's."""
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "summarizer-cache"))

