"""Dates read from the text only: a dateline for ``published``, a full date for an event.

Never guessed: a weekday, "on October 17" or "January 2020" is not a date; numeric
dates other than ISO ("03/02/2024") are ambiguous between day and month and are ignored.
"""

from __future__ import annotations

import datetime as dt
import re

from summarizer.lexicon import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAYS,
    alternation,
)
from summarizer.normalize import Evidence

_MONTH_NUMBERS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = "(?P<{g}>" + alternation(MONTHS, MONTH_ABBREVIATIONS) + r")\.?"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:1[89]|2[01])\d\d)"
_DATE = (
    r"(?<![\w-])(?:"
    rf"{_YEAR.format(g='iy')}-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\d])"  # 2024-02-03
    rf"|{_DAY.format(g='d1')}\s+(?:of\s+)?{_MONTH.format(g='m1')},?\s+{_YEAR.format(g='y1')}"
    rf"|{_MONTH.format(g='m2')}\s+{_DAY.format(g='d2')},?\s+{_YEAR.format(g='y2')}"
    r")(?![\w-])"
)
_DATE_RE = re.compile(_DATE, re.IGNORECASE)
_DATE_PREFIX_RE = re.compile(r"\A\s*date\s+(\d{4})-(\d{2})-(\d{2})\b")
# "WASHINGTON, ", "Tripoli, ", "Updated: ", "Published " before a dateline date
_DATELINE_LEAD = (
    r"\A\s*(?:(?:published|updated|posted)(?:\s+on)?:?\s+)?(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)"
    r"{0,3},?\s+(?:\([^)]{1,40}\)\s*)?)?"
    rf"(?:{alternation(WEEKDAYS, WEEKDAY_ABBREVIATIONS)}\.?,?\s+)?"
)
# a date that opens the text, after a place or a "Published" label: the publication date
_OPENING_DATE_RE = re.compile(_DATELINE_LEAD + _DATE, re.IGNORECASE)
_DATELINE_TAIL_RE = re.compile(r"\A\s*(?:\([^)]{1,40}\)\s*)?(?:[-–—:|/,]|\n|$)")


def _build(m: re.Match[str]) -> dt.date | None:
    try:
        if m.group("iy"):
            return dt.date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        for d, mo, y in (("d1", "m1", "y1"), ("d2", "m2", "y2")):
            if m.group(mo):
                month = _MONTH_NUMBERS[m.group(mo)[:3].lower()]
                return dt.date(int(m.group(y)), month, int(m.group(d)))
    except ValueError:
        return None
    return None


def dates_in(text: str) -> list[dt.date]:
    """Every complete, valid date (day, month and year) in the text, in order."""
    return [d for m in _DATE_RE.finditer(text) if (d := _build(m)) is not None]


def full_date_in(sentence: str) -> dt.date | None:
    """The first complete date with its year in a sentence, else None (never guessed)."""
    found = dates_in(sentence)
    return found[0] if found else None


def published_with_rule(text: str) -> tuple[dt.date | None, str, Evidence]:
    """:func:`published_from_dateline` with the id of the rule that decided it and the
    offsets in ``text`` of the date it read.

    Rule ids: ``published.date_prefix``, ``published.dateline``, ``published.iso_first_line``,
    ``published.none``.
    """
    m = _DATE_PREFIX_RE.match(text)
    if m:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None, "published.none", None
        return day, "published.date_prefix", (m.start(1), m.end(3))
    lead = len(text) - len(text.lstrip())
    first_line = text[lead:].split("\n", 1)[0]
    d = _OPENING_DATE_RE.match(first_line)
    if d and _DATELINE_TAIL_RE.match(first_line[d.end() :]):
        return _build(d), "published.dateline", (lead + d.start(), lead + d.end())
    for iso in _DATE_RE.finditer(first_line[:80]):
        if iso.group("iy"):
            return _build(iso), "published.iso_first_line", (lead + iso.start(), lead + iso.end())
    return None, "published.none", None


def published_from_dateline(text: str) -> dt.date | None:
    """The publication date from a leading " date YYYY-MM-DD" or a dateline at the start.

    Accepted: the ``date`` prefix; a date at the very start of the text, optionally after
    a place ("WASHINGTON, Feb. 3, 2024 (Reuters) -", "3 February 2024:", "Feb 3, 2024 —"),
    followed by a dash, colon, bracketed source or line end; an ISO date within the first
    80 characters of the first line. Anything else: None.
    """
    return published_with_rule(text)[0]
