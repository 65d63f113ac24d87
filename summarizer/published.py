"""The publication date a user gives: ``--published`` (summarize, batch, export) and the
``published`` field of a batch input.

A brief's ``published`` comes from a dateline in the text (the brief contract); a date the
user gives fills it only when the text has none, so the brief's shape never changes.
"""

from __future__ import annotations

import datetime as dt

from summarizer.errors import InputError
from summarizer.models import Brief


def parse_published(value: object, where: str = "--published") -> dt.date:
    """A ``YYYY-MM-DD`` date; raises InputError naming ``where`` otherwise."""
    if isinstance(value, dt.date):
        return value
    text = value.strip() if isinstance(value, str) else None
    try:
        if text is None or len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{where}: expected a date YYYY-MM-DD, got {value!r}") from None


def optional_published(value: str | None, where: str = "--published") -> dt.date | None:
    """:func:`parse_published` of a value that may be absent (None or empty)."""
    return parse_published(value, where) if value else None


def with_published(brief: Brief, published: dt.date | None) -> Brief:
    """``brief`` with ``published`` filled in when the text gave no date (else as it is)."""
    if published is None or brief.published is not None:
        return brief
    return brief.model_copy(update={"published": published})
