"""Sentence spans of a news text, with exact offsets into the text as given.

Evidence is quoted by sentence, so the splitter must keep offsets exact (``text[start:end] ==
quote``) and must cope with what captured news pages contain: abbreviations (U.S., Dr., Jan.),
initials, decimals, closing quote marks after the full stop, one paragraph per line, headings
without a full stop, sentences run together without a space ("sovereignty.The") and a leading
`` date 2024-02-03`` dateline prefix, which becomes a span of its own.
"""

from __future__ import annotations

import re

from summarizer.lexicon import MONTH_ABBREVIATIONS, WEEKDAY_ABBREVIATIONS
from summarizer.models import Span


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_DATE_PREFIX = re.compile(r"[ \t]*(date[ \t]+\d{4}-\d{2}-\d{2})\b")
# Sentence-final punctuation, then any closing quote marks or brackets.
_END = re.compile(r"(?:\.{2,}|[.!?…]+)[’”\"'»)\]]*")
_OPENERS = "“‘\"'«(["
_CLOSERS = "’”\"'»)]"
# Never the end of a sentence: titles and month names (case-sensitive, without the dot).
_TITLES = _words(
    "Mr Mrs Ms Dr Prof Gen Lt Col Maj Capt Cpt Sgt Cpl Pvt Adm Cmdr Brig Gov Sen Rep Pres Rev "
    "Fr Hon Amb Sec Supt Insp St Mt Ft Jr Sr Messrs vs cf approx Co Corp Inc Ltd Bros "
    "Dept Univ Est"
) | {w.capitalize() for w in (*MONTH_ABBREVIATIONS, *WEEKDAY_ABBREVIATIONS)}
# Abbreviations that end a sentence only before a clear sentence opener.
_NUMBERED = frozenset({"No", "Nos", "no", "Art", "Vol", "Fig", "p", "pp"})
_STARTERS = _words(
    "The A An It He She They We I In On At But And Also However This That These Those His Her "
    "Its Their Our There Officials Meanwhile Earlier Later According After Before When While "
    "Some Many Most No Yet So Still Since As If"
)


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentence spans, whitespace-trimmed, with exact offsets.

    Every line is a boundary (one paragraph per line; a heading line is its own span).
    """
    spans: list[Span] = []
    pos = 0
    prefix = _DATE_PREFIX.match(text)
    if prefix:
        spans.append(Span(quote=prefix.group(1), start=prefix.start(1), end=prefix.end(1)))
        pos = prefix.end(1)
    for line in re.finditer(r"[^\n\r\u2028\u2029]+", text[pos:]):
        start = pos + line.start()
        for a, b in _line_pieces(line.group()):
            _add(spans, text, start + a, start + b)
    return spans


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Span(quote=text[start:end], start=start, end=end))


def _line_pieces(line: str) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(line):
        if _is_boundary(line, m):
            pieces.append((start, m.end()))
            start = m.end()
    pieces.append((start, len(line)))
    return pieces


def _is_boundary(line: str, m: re.Match[str]) -> bool:
    after = line[m.end() :]
    stripped = after.lstrip()
    if not stripped:
        return False  # end of line: a boundary anyway
    gap = len(after) - len(stripped)
    nxt = stripped[0]
    if nxt in _OPENERS:
        if len(stripped) < 2 or not (_opens(stripped[1]) or stripped[1].isdigit()):
            return False
        word = _first_word(stripped[1:])
    elif _opens(nxt) or (gap and nxt.isdigit()):
        word = _first_word(stripped)
    else:
        return False
    punct = m.group().rstrip(_CLOSERS)
    if gap == 0 and not _run_together_ok(line, m, stripped):
        return False
    if punct != ".":
        return _ends(punct, _token_before(line, m.start()))
    token = _token_before(line, m.start())
    if not token:
        return True
    if token in _TITLES:
        return False
    if token in _NUMBERED:
        return not nxt.isdigit() and word in _STARTERS
    if len(token) == 1 and token.isupper():
        return False  # an initial: "John F. Kennedy"
    if "." in token:  # "U.S.", "a.m.", "e.g." end a sentence only before a clear opener
        return word in _STARTERS and token.lower() not in {"e.g", "i.e"}
    return True


# words no sentence ends with
_UNFINISHED = frozenset({"of", "in", "the", "a", "an", "to", "and", "or", "on", "at", "for",
                         "with", "from", "by", "into", "near", "its", "their", "his", "her"})


def _ends(punct: str, before: str) -> bool:
    """"!", "?", "…" and "..." end a sentence, except an ellipsis after "of" or "the" ("in
    the Gulf of... Aden"), which cuts one short."""
    return not (punct[0] in ".…" and before.lower() in _UNFINISHED)


def _opens(ch: str) -> bool:
    """Can start a sentence: a capital, or a letter of a script without case (Arabic, CJK)."""
    return ch.isupper() or (ch.isalpha() and not ch.islower())


def _run_together_ok(line: str, m: re.Match[str], stripped: str) -> bool:
    """Run-together text: "sovereignty.The" splits; "U.S.A", "3.5", "example.Com" do not."""
    letters = re.search(r"[^\W\d_]{2,}$", line[: m.start()])
    if letters is None or not letters.group()[-1].islower():
        return False
    body = stripped.lstrip(_OPENERS)
    return len(body) >= 2 and body[0].isupper() and body[1].islower()


def _token_before(line: str, end: int) -> str:
    start = end
    while start > 0 and not line[start - 1].isspace() and line[start - 1] not in _OPENERS:
        start -= 1
    return line[start:end]


def _first_word(s: str) -> str:
    m = re.match(r"[^\W\d_]+", s)
    return m.group() if m else ""
