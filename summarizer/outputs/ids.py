"""Stable event ids: the same article, event and prompt_version always give the same id."""

from __future__ import annotations

import hashlib

from summarizer.models import Brief


def event_id(brief: Brief, index: int) -> str:
    """16 hex digits from the article's sha256, the event's position and the prompt_version.

    The position is stable because a brief lists events in order of first mention; a new
    prompt_version (which may find other events) gives new ids.
    """
    key = f"{brief.meta.article_sha256}:{index}:{brief.meta.prompt_version}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
