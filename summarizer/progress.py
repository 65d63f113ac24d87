"""Progress of one article, reported to a callback while the model works.

``Summarizer(progress=fn)`` calls ``fn`` with a :class:`Progress`: once when it starts the
embedded model (that alone takes seconds), then before the first call of an article's plan
and after each call. The CLI draws these on a terminal (:mod:`summarizer.terminal`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Stage = Literal["starting", "calls"]


@dataclass(frozen=True)
class Progress:
    """Where the work stands: ``starting`` the embedded model, or ``done`` of ``total``
    calls of the article ``source``, ``elapsed`` seconds after its calls began."""

    stage: Stage
    source: str = ""
    done: int = 0
    total: int = 0
    elapsed: float = 0.0


ProgressFn = Callable[[Progress], None]

__all__ = ["Progress", "ProgressFn", "Stage"]
