"""Shared test configuration: the one vcrpy config (scrubbing, body matching) and paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from summarizer.cassettes import vcr_config as _vcr_config

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
CASSETTES_DIR = ROOT / "cassettes"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    """pytest-recording's config; no record_mode here, so ``--record-mode`` decides."""
    return _vcr_config()


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES_DIR)
