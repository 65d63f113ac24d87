"""Batch briefs: many articles concurrently (``summarize_many``), resumable JSONL output,
a brief cache, rate limits, and the OpenAI Batch API (``summarizer batch --via openai-batch``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from summarizer.batch.cache import BriefCache

if TYPE_CHECKING:
    from summarizer.batch.runner import Failure, Result, asummarize_many, summarize_many


def __getattr__(name: str) -> Any:
    """The runner (and the model client it needs) is imported on first use."""
    if name in ("Failure", "Result", "asummarize_many", "summarize_many"):
        value = getattr(import_module("summarizer.batch.runner"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'summarizer.batch' has no attribute {name!r}")

__all__ = ["BriefCache", "Failure", "Result", "asummarize_many", "summarize_many"]
