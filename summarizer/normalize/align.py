"""Aligning a model's quote to the article: every returned Span is an exact article substring.

Models rarely copy a passage byte for byte: they straighten curly quotes, change dashes,
collapse whitespace or line breaks, drop quote marks, shorten with an ellipsis or make a small
edit. ``align`` tries, in order, an exact match, a match on a normalised form of both strings
(mapped back to the original offsets through an index map, so non-ASCII text keeps exact
``str`` offsets) and a fuzzy match snapped to word boundaries. What cannot be aligned is
``None``: an invented quote is never returned as evidence.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from summarizer.models import Span

FUZZY_MIN_CHARS = 20  # shorter quotes must match exactly or after normalisation
FUZZY_THRESHOLD = 90.0  # partial ratio for quotes of FUZZY_LONG_CHARS or more
FUZZY_SHORT_THRESHOLD = 95.0  # stricter for shorter quotes: one changed word is too much
FUZZY_LONG_CHARS = 40
MAX_ELLIPSIS_GAP = 400  # characters of article an ellipsis may stand for

_SINGLE_QUOTES = "‘’‚‛′`´ʼ"
_DOUBLE_QUOTES = '“”„‟″«»"'
_DASHES = "‐‑‒–—―−-"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_WRAPPERS = "\"'“”‘’«»„‚`"
_ELLIPSIS = re.compile(r"\s*(?:…|\.\s?\.\s?\.)\s*")


@dataclass(frozen=True)
class _Folded:
    """A normalised string and, for each of its characters, the original index."""

    text: str
    index: tuple[int, ...]


def _fold_char(ch: str) -> str:
    if ch in _DOUBLE_QUOTES or ch in _INVISIBLE:
        return ""
    if ch in _SINGLE_QUOTES:
        return "'"
    if ch in _DASHES:
        return "-"
    if ch == "…":
        return "..."
    if ch.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.lower()


@lru_cache(maxsize=64)
def _fold(text: str) -> _Folded:
    """Lower-case, accents and quote marks dropped, dashes and whitespace unified."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            if c == " " and (not out or out[-1] == " "):
                continue
            out.append(c)
            index.append(i)
    return _Folded("".join(out), tuple(index))


def _strip_wrappers(quote: str) -> str:
    q = quote.strip()
    while len(q) >= 2 and q[0] in _WRAPPERS and q[-1] in _WRAPPERS:
        q = q[1:-1].strip()
    q = q.lstrip('"“”«„').rstrip('"“”»')  # an unbalanced double quote mark
    return q.strip()


def _span(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Span(quote=text[start:end], start=start, end=end)


def _to_original(text: str, folded: _Folded, fstart: int, fend: int) -> tuple[int, int]:
    start = folded.index[fstart]
    end = folded.index[fend - 1] + 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1  # keep combining marks that folding dropped
    return start, end


def _find_folded(q: str, text: str, hint: int) -> tuple[int, int] | None:
    folded = _fold(text)
    fq = _fold(q).text.strip()
    if not fq:
        return None
    fhint = bisect.bisect_left(folded.index, hint)
    pos = folded.text.find(fq, fhint)
    if pos < 0:
        pos = folded.text.find(fq)
    if pos < 0:
        return None
    return _to_original(text, folded, pos, pos + len(fq))


def _is_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.combining(ch) != 0


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen to whole words at both ends; never start on punctuation or after an apostrophe."""
    while start < end and not _is_word(text[start]) and text[start] not in _WRAPPERS[:4]:
        start += 1
    if 0 < start < end and text[start - 1] in "'’" and start > 1 and _is_word(text[start - 2]):
        while start < end and _is_word(text[start]):  # "army’s": skip the "s"
            start += 1
        while start < end and not _is_word(text[start]):
            start += 1
    while start > 0 and _is_word(text[start - 1]) and _is_word(text[start]):
        start -= 1
    while end < len(text) and _is_word(text[end - 1]) and _is_word(text[end]):
        end += 1
    return start, end


def _find_fuzzy(q: str, text: str) -> tuple[int, int] | None:
    folded = _fold(text)
    fq = _fold(q).text.strip()
    if len(fq) < FUZZY_MIN_CHARS or len(fq) > len(folded.text):
        return None
    cutoff = FUZZY_THRESHOLD if len(fq) >= FUZZY_LONG_CHARS else FUZZY_SHORT_THRESHOLD
    hit = fuzz.partial_ratio_alignment(fq, folded.text, score_cutoff=cutoff)
    if hit is None or hit.dest_end <= hit.dest_start:
        return None
    start, end = _to_original(text, folded, hit.dest_start, hit.dest_end)
    start, end = _snap(text, start, end)
    # The snapped passage must still resemble the quote as a whole.
    if fuzz.ratio(fq, _fold(text[start:end]).text.strip()) < cutoff - 5:
        return None
    return start, end


def _align_one(q: str, text: str, hint: int) -> tuple[int, int] | None:
    pos = text.find(q, hint)
    if pos < 0:
        pos = text.find(q)
    if pos >= 0:
        return pos, pos + len(q)
    return _find_folded(q, text, hint) or _find_fuzzy(q, text)


def _align_elided(parts: list[str], text: str, hint: int) -> tuple[int, int] | None:
    """Each part of an elided quote in order, within ``MAX_ELLIPSIS_GAP`` of the previous."""
    first = _align_one(parts[0], text, hint)
    if first is None:
        return None
    start, end = first
    for part in parts[1:]:
        nxt = _align_one(part, text, end)
        if nxt is None or nxt[0] < end or nxt[0] - end > MAX_ELLIPSIS_GAP:
            return None
        end = nxt[1]
    return start, end


def align(quote: str, text: str, *, hint: int = 0) -> Span | None:
    """The article passage that ``quote`` stands for, or None when there is none.

    Prefers an occurrence at or after ``hint``. ``Span.quote`` is always ``text[start:end]``.
    """
    q = _strip_wrappers(quote)
    if not q or not text:
        return None
    found = _align_one(q, text, hint)
    if found is None:
        parts = [p for p in (_strip_wrappers(x) for x in _ELLIPSIS.split(q)) if p]
        if len(parts) > 1:
            found = _align_elided(parts, text, hint)
    if found is None:
        return None
    return _span(text, *found)


def align_all(quotes: Iterable[str], text: str) -> list[Span]:
    """Aligned spans of ``quotes`` in their order; unalignable ones and duplicates dropped."""
    out: list[Span] = []
    seen: set[tuple[int, int]] = set()
    hint = 0
    for quote in quotes:
        span = align(quote, text, hint=hint)
        if span is None or (span.start, span.end) in seen:
            continue
        seen.add((span.start, span.end))
        out.append(span)
        hint = span.end
    return out


def sentence_of(
    span_or_offset: Span | int, sentences: Sequence[Span], text: str | None = None
) -> Span:
    """The sentence holding an offset, or the sentence(s) a span overlaps.

    A span across several sentences yields one span from the first to the last; that needs
    ``text`` (without it, the first overlapping sentence is returned). An offset between
    sentences belongs to the next one. Raises ValueError when ``sentences`` is empty.
    """
    if not sentences:
        raise ValueError("no sentences")
    if isinstance(span_or_offset, int):
        start = end = span_or_offset
    else:
        start, end = span_or_offset.start, span_or_offset.end
    hits = [s for s in sentences if s.start < max(end, start + 1) and s.end > start]
    if not hits:
        after = [s for s in sentences if s.start >= start]
        return after[0] if after else sentences[-1]
    first, last = hits[0], hits[-1]
    if first is last or text is None:
        return first
    return Span(quote=text[first.start : last.end], start=first.start, end=last.end)
