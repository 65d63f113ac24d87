"""Fixtures shared by the command-line tests (imported by name into their modules)."""

from __future__ import annotations

from typing import Any

import pytest

from summarizer import api


@pytest.fixture(autouse=True)
def no_embedded_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests must never start llama.cpp; fail loudly if anything tries."""

    async def refuse(self: Any) -> str:
        raise AssertionError("the embedded llama.cpp server was started")

    monkeypatch.setattr(api.Summarizer, "_start_server", refuse)
