"""The date of an event in an export, with ACLED's ``time_precision``.

A brief's event ``date`` is only ever a full date the text states (the brief contract). An
export may go further, from the article's publication date and the event's evidence:
"yesterday", "last night", "on Tuesday" or "on October 17" resolve against it (precision 1),
"this week" or "days ago" give the publication date as an approximation (2), "last month" or
"in January" a date in that month (3), and an event with no time cue takes the publication
date (2).

A strike mentioned in passing is not dated by the story: evidence that names an earlier
year ("in January 2020", "last year") leaves the date empty rather than wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from summarizer.models import Brief, Event

EXACT, APPROXIMATE, MONTH = 1, 2, 3
"""ACLED's time_precision: the day, the week (or an approximate day), the month or worse."""

_MONTHS: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                  "dec")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                    "sunday")
_YEAR = r"(?:19|20)\d\d"

# an earlier year the evidence names: "January 2020", "3 May 2019", "in 2019", "last year"
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
_PAST_RE = re.compile(
    rf"\b(?:in|during|of)\s+(?:(?:early|late|mid)[- ]?)?(?P<y1>{_YEAR})\b"
    rf"|\b{_MONTH}\s+(?:{_DAY},?\s+)?(?P<y2>{_YEAR})\b|\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+"
    rf"(?P<y3>{_YEAR})\b|\b(?P<last>last|previous|past)\s+year\b",
    re.IGNORECASE,
)
_DAY_MONTH_RE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?"
    rf"\s+(?:of\s+)?(?P<m2>{_MONTH}))\b(?!,?\s+{_YEAR})",
    re.IGNORECASE,
)
# "in January", "since early March" (no day, no year): that month, precision 3
_MONTH_ONLY_RE = re.compile(
    rf"\b(?:in|during|since|early|late|mid|until)[- ]\s*(?:(?:early|late|mid)[- ]\s*)?"
    rf"(?P<month>{_MONTH})(?![\w-])(?!\s*[0-3]?\d\b)(?!,?\s+{_YEAR})",
    re.IGNORECASE,
)
_WEEKDAY_RE = re.compile(
    r"\b(?P<last>last\s+)?(?P<day>mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


@dataclass(frozen=True)
class EventDate:
    """An export's date of one event: the day, ACLED's precision, and how it was found."""

    date: dt.date | None
    precision: int | None
    how: str = ""
    """For the notes: empty when the text gives the date, else a short explanation."""


NO_DATE: Final = EventDate(None, None)

# relative phrases: (pattern, days before publication, precision, explanation)
_RELATIVE: Final[tuple[tuple[re.Pattern[str], int, int, str], ...]] = tuple(
    (re.compile(pattern, re.IGNORECASE), days, precision, how)
    for pattern, days, precision, how in (
        (r"\b(?:the\s+)?day\s+before\s+yesterday\b", 2, EXACT, "two days before publication"),
        (r"\byesterday\b|\blast\s+night\b", 1, EXACT, "the day before publication"),
        (r"\btoday\b|\bthis\s+(?:morning|afternoon|evening)\b|\btonight\b|\bearlier\s+today\b",
         0, EXACT, "the publication date"),
        (r"\blast\s+week\b|\ba\s+week\s+ago\b", 7, APPROXIMATE, "a week before publication"),
        (r"\bthis\s+week\b|\bdays\s+ago\b|\brecent\s+days\b|\bovernight\b|\brecently\b",
         0, APPROXIMATE, "around the publication date"),
        (r"\blast\s+month\b|\ba\s+month\s+ago\b", 30, MONTH, "a month before publication"),
        (r"\bthis\s+month\b|\bweeks\s+ago\b", 0, MONTH, "the publication month"),
    )
)


# words that turn what follows into another, earlier attack ("came after an attack on
# Saturday", "in response to strikes on Monday"): a cue after them does not date this event
_OTHER_ATTACK = re.compile(
    r"\b(?:came|comes?|coming|days?|weeks?|hours?|shortly|just)\s+after\b"
    r"|\bin\s+(?:response|retaliation|reprisal)\s+(?:to|for)\b|\bretaliation\s+for\b"
    r"|\bsince\b",
    re.IGNORECASE,
)

Resolver = Callable[[re.Match[str], dt.date], EventDate | None]


def published_of(brief: Brief, fallback: dt.date | None = None) -> dt.date | None:
    """The brief's publication date, else ``fallback`` (``export --published``)."""
    return brief.published or fallback


def event_date(event: Event, published: dt.date | None) -> EventDate:
    """The date an export gives ``event`` of an article published on ``published``: the
    first evidence sentence with a time cue decides, by its first cue that is not about
    another, earlier attack; without any cue, the publication date (precision 2)."""
    if event.date is not None:
        return EventDate(event.date, EXACT)
    if published is None:
        return NO_DATE
    for span in event.evidence:
        found = _first_cue(" ".join(span.quote.split()), published)
        if found is not None:
            return found
    return EventDate(published, APPROXIMATE, "the article's publication date")


def _first_cue(sentence: str, published: dt.date) -> EventDate | None:
    cues = sorted(
        (m.start(), order, resolver, m)
        for order, (pattern, resolver) in enumerate(_CUES)
        for m in pattern.finditer(sentence)
        if not _OTHER_ATTACK.search(sentence, 0, m.start())
    )
    for _, _, resolver, m in cues:
        found = resolver(m, published)
        if found is not None:
            return found
    return None


def _earlier_year(m: re.Match[str], published: dt.date) -> EventDate | None:
    year = m.group("y1") or m.group("y2") or m.group("y3")
    if m.group("last") or int(year) < published.year:
        return EventDate(None, None, "an earlier event (another year): not dated")
    return None


def _day_month(m: re.Match[str], published: dt.date) -> EventDate | None:
    """"On October 17" without a year: the latest such day on or before publication."""
    month = _MONTHS.index((m.group("m1") or m.group("m2"))[:3].lower()) + 1
    day = int(m.group("d1") or m.group("d2"))
    for year in (published.year, published.year - 1):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        if date <= published:
            return EventDate(date, EXACT, "day and month in the text, year by publication")
    return None


def _month_only(m: re.Match[str], published: dt.date) -> EventDate:
    """"In January": the middle of the latest such month up to publication (precision 3)."""
    month = _MONTHS.index(m.group("month")[:3].lower()) + 1
    year = published.year if month <= published.month else published.year - 1
    date = min(dt.date(year, month, 15), published)
    return EventDate(date, MONTH, "month in the text, mid-month")


def _weekday(m: re.Match[str], published: dt.date) -> EventDate:
    """"On Tuesday": the latest Tuesday on or before publication ("last Tuesday": before)."""
    weekday = [w[:3] for w in _WEEKDAYS].index(m.group("day")[:3].lower())
    back = (published.weekday() - weekday) % 7
    if m.group("last") and back == 0:
        back = 7
    return EventDate(published - dt.timedelta(days=back), EXACT,
                     f"{m.group().strip()} before publication")


def _relative(days: int, precision: int, how: str) -> Resolver:
    return lambda _m, published: EventDate(published - dt.timedelta(days=days), precision, how)


_CUES: Final[tuple[tuple[re.Pattern[str], Resolver], ...]] = (
    (_PAST_RE, _earlier_year),
    (_DAY_MONTH_RE, _day_month),
    (_MONTH_ONLY_RE, _month_only),
    (_WEEKDAY_RE, _weekday),
    *((pattern, _relative(days, precision, how)) for pattern, days, precision, how in _RELATIVE),
)
