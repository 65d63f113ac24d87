"""One article for ``summarize``: the brief cache in front of the model.

An unchanged article (same text, model, prompt version and code) is answered from the cache of
:mod:`summarizer.batch.cache` without starting or asking any model. A cache that cannot be
opened or read is passed over: it saves time, it never decides whether a brief is made.
"""

from __future__ import annotations

import contextlib
import sqlite3

from summarizer.api import Summarizer
from summarizer.batch.cache import BriefCache, cache_version
from summarizer.models import Brief
from summarizer.reader import Article

_CACHE_ERRORS = (sqlite3.Error, OSError)


def _open_cache() -> BriefCache | None:
    try:
        return BriefCache()
    except _CACHE_ERRORS:
        return None


async def brief_of(article: Article, engine: Summarizer, *, use_cache: bool = True,
                   explain: bool = False) -> Brief:
    """The brief of ``article``: from the cache when there (unless ``use_cache`` is False,
    or ``explain`` asks for the decision trace, which the cache does not keep), else made by
    ``engine`` (started and stopped here) and stored, replacing an older one."""
    cache = _open_cache()
    key = (article.sha256, engine.model_label,
           cache_version(engine.prompt_version, engine.settings.min_confidence))
    try:
        if cache is not None and use_cache and not explain:
            with contextlib.suppress(*_CACHE_ERRORS):
                hit = cache.get(*key)
                if hit is not None:
                    return hit
        async with engine:
            brief = await engine.abrief(article, explain=explain)
        if cache is not None:
            with contextlib.suppress(*_CACHE_ERRORS):
                cache.put(*key, brief.without_trace())
        return brief
    finally:
        if cache is not None:
            cache.close()
