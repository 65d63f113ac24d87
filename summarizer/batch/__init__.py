"""Batch briefs: many articles concurrently (``summarize_many``), resumable JSONL output,
a brief cache, rate limits, and the OpenAI Batch API (``summarizer batch --via openai-batch``).
"""

from __future__ import annotations

from summarizer.batch.cache import BriefCache
from summarizer.batch.runner import Failure, Result, asummarize_many, summarize_many

__all__ = ["BriefCache", "Failure", "Result", "asummarize_many", "summarize_many"]
