"""Figure phrases read by rule, not by the model's arithmetic: numbers and their qualifiers.

This module finds the numbers of a sentence (with the qualifier before them and what they
may count) and turns a figure phrase into a :class:`~summarizer.models.Count` following the
brief contract; :mod:`.counts` ties each one to its death or injury word:

=================================  ==========  ===========================================
phrase                             min / max   note
=================================  ==========  ===========================================
"five killed", "about 40", "some   N / N       an approximation is read as the figure
40", "the toll rose to 44"
"at least 18", "no fewer than 18"  N / None
"at the moment 13", "13 so far",   N / None    a running count is open-ended
"18 or more", "18 and counting"
"more than 30", "over 30",         N+1 / None
"has exceeded 30"
"up to 20", "as many as 20",       None / N    an upper bound only; the lower is unknown
"at most 20", "close to 20"
"fewer than 20", "under 20",       None / N-1
"nearly 20", "almost 20"
"between 10 and 15", "10-15",      10 / 15
"two or three"
"three women and three children"   6 / 6       parts joined by "and" are added up
"several", "dozens", "many",       None/None   the word is kept in ``text``
"scores", "hundreds", "tens of"
"no casualties", "without          0 / 0
casualties", "no one was hurt"
"could reach 60", "may rise to"    (none)      a projection is not a figure: ignored
=================================  ==========  ===========================================

"Casualties" with a number ("20 casualties") is ambiguous between killed and wounded, so
such figures get ``kind="casualties"`` and are not returned as killed or injured; an explicit
"no casualties" is the one exception and gives 0/0 for both. A zero that is qualified
("no civilian casualties", "no casualties among our troops") is never read as a zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from summarizer.lexicon import MONTH_ABBREVIATIONS, MONTHS, alternation
from summarizer.models import Count
from summarizer.normalize.numbers import DIGIT_NUMBER, NUMBER, to_int
from summarizer.normalize.triggers import FWD_DENY, TRIGGER_RE, zero_phrases

_Qual = Literal["exact", "atleast", "morethan", "upto", "under"]

# --- vocabulary -------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


_MONTHS = alternation(MONTHS, MONTH_ABBREVIATIONS) + r"\.?"
_VAGUE = (
    r"(?:several|dozens|numerous|scores|hundreds|thousands|tens\s+of\s+thousands|tens"
    r"|a\s+number\s+of|a\s+handful\s+of|a\s+few|multiple|countless|(?<!as\s)many(?!\s+as\b))"
)
_RANGE = (
    rf"(?:between\s+(?P<b1>{NUMBER})\s+and\s+(?P<b2>{NUMBER})"
    rf"|(?P<r1>{NUMBER})\s+(?:to|or)\s+(?P<r2>{NUMBER})"
    rf"|(?<![\w.,-])(?P<d1>{DIGIT_NUMBER})\s*[-–]\s*(?P<d2>{DIGIT_NUMBER})(?![\w])"
    rf")"
)
_CORE_RE = re.compile(
    rf"{_RANGE}|(?P<num>{NUMBER})|(?P<vague>\b{_VAGUE}\b)(?![-\w])", re.IGNORECASE
)

# the wordings of a running count ("at the moment 13 dead"): a floor, which a figure joined to
# it by "and" shares (counts.py)
RUNNING_COUNT = ("at the moment", "so far", "as of now", "thus far", "until now", "currently")
_QUALIFIERS: list[tuple[str, _Qual]] = [
    (r"at\s+least|at\s+a\s+minimum|a\s+minimum\s+of|no\s+(?:fewer|less)\s+than"
     r"|not\s+(?:fewer|less)\s+than", "atleast"),
    ("|".join(w.replace(" ", r"\s+") for w in RUNNING_COUNT), "atleast"),
    (r"more\s+than|(?:well\s+|just\s+)?over|upwards\s+of|in\s+excess\s+of|above|greater\s+than"
     r"|(?:has\s+|have\s+|had\s+)?(?:exceeded|surpassed|passed|topped|crossed)", "morethan"),
    (r"up\s+to|as\s+many\s+as|at\s+most|a\s+maximum\s+of|no\s+more\s+than|not\s+more\s+than"
     r"|close\s+to", "upto"),
    (r"fewer\s+than|less\s+than|(?:just\s+)?under|below|nearly|almost", "under"),
    (r"about|around|approximately|roughly|some|an\s+estimated|estimated|a\s+total\s+of"
     r"|totall?ing|approx\.?|circa", "exact"),
]  # fmt: skip
_QUAL_BEFORE_RE = [
    (re.compile(rf"\b(?:{pattern})\s+$", re.IGNORECASE), kind) for pattern, kind in _QUALIFIERS
]
_OPEN_SUFFIX_RE = re.compile(
    r"\b(?:or\s+more|and\s+counting|so\s+far|thus\s+far|to\s+date|plus)\b|\+", re.IGNORECASE
)

# nouns after a number that show it does not count people
NON_PERSON = frozenset(
    _words(
        """target targets site sites facility facilities location locations position positions
    building buildings house houses home homes structure structures village villages town towns
    city cities province provinces district districts country countries camp camps base bases
    depot depots missile missiles rocket rockets drone drones shell shells bomb bombs mortar
    mortars projectile projectiles aircraft plane planes jet jets warplane warplanes helicopter
    helicopters vehicle vehicles tank tanks truck trucks boat boats ship ships vessel vessels
    time times hour hours day days week weeks month months year years minute minutes second
    seconds decade decades km kilometres kilometers kilometre kilometer mile miles metre metres
    meter meters m feet ft percent per cent tonnes tons kg dollars euros pounds billion round
    rounds strike strikes airstrike airstrikes attack attacks raid raids sortie sorties incident
    incidents occasion occasions point points hectares acres storey storeys floor floors gmt utc
    am pm a.m. p.m. hrs mph fans spectators seats votes cases sides parties nations states
    governments teams"""
    )
)
_PERSON = frozenset(
    _words(
        """people persons person civilians civilian soldiers soldier troops troop fighters fighter
    militants militant members member children child women woman men man residents migrants
    refugees policemen officers personnel others insurgents rebels workers staff students
    journalists pilgrims worshippers guards servicemen sailors marines officials family"""
    )
)

_WORD_RE = re.compile(r"[A-Za-z][\w'’.-]*|\d[\d,.:]*")

_PROJECTION_RE = re.compile(
    r"\b(?:could|may|might|would|will|is\s+expected\s+to|are\s+expected\s+to|expected\s+to"
    r"|likely\s+to|feared\s+to|set\s+to|threatens\s+to)\s+(?:\w+\s+)?"
    r"(?:reach|rise|climb|exceed|increase|top|go\s+up|surpass|hit|be\s+higher)\b",
    re.IGNORECASE,
)
_SUBSET_BEFORE_RE = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|mostly|mainly|incl\.)\s+$",
    re.IGNORECASE,
)

# "Twenty children were among the dead", "one of those killed", "five of the dead": a part of
# a toll told before, not a count of its own ("two of them were killed" is a count)
_SUBSET_AFTER_RE = re.compile(
    r"\s+(?:of\s+(?:those|the)\s+(?:dead|killed|victims|wounded|injured)\b|"
    r"(?:[\w-]+\s+){0,2}?(?:were|was|are)\s+among\s+(?:the\s+|those\s+)?"
    r"(?:dead|killed|victims|wounded|injured|casualties)\b)",
    re.IGNORECASE,
)


@dataclass
class Mention:
    """A number (or vague quantity) in a sentence, with its qualifier and what it may count."""

    start: int  # including a qualifier before the number
    end: int
    core_start: int
    lo: int | None
    hi: int | None
    vague: bool
    qual: _Qual
    excluded: bool = False
    subset: bool = False
    parts: bool = False  # "three women and three children": parts added up


# --- finding numbers --------------------------------------------------------------------


def _qualifier(text: str, pos: int) -> tuple[_Qual, int]:
    window_start = max(0, pos - 40)
    before = text[window_start:pos]
    for regex, kind in _QUAL_BEFORE_RE:
        m = regex.search(before)
        if m:
            return kind, window_start + m.start()
    return "exact", pos


def _next_words(text: str, pos: int, n: int) -> list[str]:
    return [w.lower().rstrip(".,") for w in _WORD_RE.findall(text[pos : pos + 80])[:n]]


def _is_excluded(text: str, start: int, end: int, core: str) -> bool:
    before = text[max(0, start - 25) : start].lower()
    after = text[end : end + 40].lower()
    if re.search(rf"\b{_MONTHS}\s+$", before) or re.match(rf"\s+(?:of\s+)?{_MONTHS}\b", after):
        return True  # a date: "October 11", "11 October"
    if re.search(
        r"(?:[$£€#]|\bno\.|\bnumber|\bresolution|\bflight|\broute|\barticle|\baged?|\bno)"
        r"\s*$",
        before,
    ):
        return True
    if re.match(
        r"\s*(?:-|\s)?(?:years?|yr)s?[-\s]old\b|\s*(?:%|percent\b|per\s+cent\b)"
        r"|\s*(?:a\.?m\.?|p\.?m\.?|gmt|utc|hrs|h)\b|(?:st|nd|rd|th)\b|\s+another\b",
        after,
    ):
        return True
    if re.fullmatch(r"1[89]\d\d|2[01]\d\d", core):
        nxt = _next_words(text, end, 2)
        if not (nxt and nxt[0] in _PERSON):
            return True  # a year
    for word in _next_words(text, end, 3):
        if word in _PERSON:
            return False
        if word in NON_PERSON:
            return True
        if TRIGGER_RE.fullmatch(word):
            return False
    return False


def mentions_in(text: str) -> list[Mention]:
    """Every number mention of a text, in order, parts joined by "and" added up."""
    found: list[Mention] = []
    for m in _CORE_RE.finditer(text):
        vague = m.group("vague") is not None
        lo: int | None
        hi: int | None
        if vague:
            lo = hi = None
        elif m.group("num") is not None:
            lo = hi = to_int(m.group("num"))
            if lo is None:
                continue
        else:
            a = m.group("b1") or m.group("r1") or m.group("d1")
            b = m.group("b2") or m.group("r2") or m.group("d2")
            lo, hi = to_int(a), to_int(b)
            if lo is None or hi is None:
                continue
            if re.search(r"\bfrom\s+$", text[max(0, m.start() - 6) : m.start()], re.IGNORECASE):
                lo = hi  # "rose from 10 to 15": the figure is now 15
            elif lo > hi:
                continue
        qual: _Qual = "exact"
        qstart = m.start()
        if not vague:
            qual, qstart = _qualifier(text, m.start())
        mention = Mention(qstart, m.end(), m.start(), lo, hi, vague, qual)
        mention.excluded = _is_excluded(text, m.start(), m.end(), m.group())
        mention.subset = bool(_SUBSET_BEFORE_RE.search(text[max(0, qstart - 20) : qstart])
                              or _SUBSET_AFTER_RE.match(text, m.end()))
        if m.group("num") and re.match(r"one\b", m.group(), re.IGNORECASE):
            mention.excluded |= bool(re.match(r"\s+(?:another|of\s+the\s+most)\b", text[m.end() :]))
        found.append(mention)
    return [_one_more(text, m) for m in _merge_parts(text, found)]


# "nine children and a woman", "two soldiers and a civilian": one more person, a part added
_ONE_PERSON = frozenset([
    "woman", "man", "child", "boy", "girl", "baby", "soldier", "civilian", "policeman",
    "officer", "fighter", "militant", "teenager", "guard", "driver", "journalist", "worker",
    "commander", "resident", "member", "farmer", "student", "doctor", "nurse",
])
# after the added person, a word that makes it a clause of its own: "killed 3 people and a
# teenager was injured", "... and a worker at the plant said" add nobody to the dead (a
# plural verb is the whole subject's: "nine children and a woman were killed")
_CLAUSE_VERBS = frozenset(["was", "is", "has", "who", "said", "says", "told", "died",
                           "later"])


def _words_at(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each whitespace-separated word of ``text``."""
    spans, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isspace():
            if start is not None:
                spans.append((start, i))
            start = None
        elif start is None:
            start = i
    return spans


def _one_more(text: str, m: Mention) -> Mention:
    """The mention with one more person when "and a <person>" ends its noun phrase."""
    if m.excluded or m.vague or m.lo is None or m.hi is None:
        return m
    tail = text[m.end : m.end + 80]
    spans = _words_at(tail)
    words = [tail[a:b].lower().strip(".,;:!?") for a, b in spans]
    for k in range(1, 4):  # the mention's noun: one to three words
        if any(TRIGGER_RE.fullmatch(w) or w in FWD_DENY or w in _CLAUSE_VERBS or w == "were"
               for w in words[:k]):
            return m
        if words[k : k + 2] not in (["and", "a"], ["and", "an"]):
            continue
        for n in (k + 2, k + 3):  # "and a woman", "and a young woman"
            if n < len(words) and words[n] in _ONE_PERSON:
                after = words[n + 1 : n + 5]
                if any(w in _CLAUSE_VERBS for w in after) or (
                        after and TRIGGER_RE.fullmatch(after[0])):
                    return m
                m.end += spans[n][0] + len(words[n])  # the noun, not its full stop
                m.lo, m.hi, m.parts = m.lo + 1, m.hi + 1, True
                return m
    return m


_PART_GAP_RE = re.compile(r"((?:\s+[A-Za-z][\w'’.-]*){1,4}?)\s*,?\s+and\s+$")


def _merge_parts(text: str, mentions: list[Mention]) -> list[Mention]:
    """Join "three women and three children" into one mention whose parts add up."""
    merged: list[Mention] = []
    for m in mentions:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and not prev.excluded
            and not m.excluded
            and not m.vague
            and not prev.vague
            and m.qual == "exact"
            and m.start == m.core_start
        ):
            gap = text[prev.end : m.start]
            g = _PART_GAP_RE.fullmatch(gap)
            if g and not any(
                w.lower() in FWD_DENY or TRIGGER_RE.fullmatch(w) for w in g.group(1).split()
            ):
                prev.end = m.end
                prev.lo = None if prev.lo is None or m.lo is None else prev.lo + m.lo
                prev.hi = None if prev.hi is None or m.hi is None else prev.hi + m.hi
                prev.parts = True
                continue
        merged.append(m)
    return merged


def to_count(m: Mention, phrase: str, tail: str = "") -> Count:
    """The brief contract's Count of a mention ("or more" in ``tail`` opens it)."""
    if m.vague or m.lo is None or m.hi is None:
        return Count(min=None, max=None, text=phrase)
    qual = m.qual
    lo, hi = m.lo, m.hi
    if qual == "exact" and _OPEN_SUFFIX_RE.match(tail.lstrip()):
        qual = "atleast"
    if qual == "atleast":
        return Count(min=lo, max=None, text=phrase)
    if qual == "morethan":
        return Count(min=lo + 1, max=None, text=phrase)
    if qual == "upto":
        return Count(min=None, max=hi, text=phrase)
    if qual == "under":
        return Count(min=None, max=max(hi - 1, 0), text=phrase)
    return Count(min=lo, max=hi, text=phrase)


# --- public API -------------------------------------------------------------------------


def is_projection(phrase: str) -> bool:
    """True for "the toll could reach 60", "deaths may rise to": a forecast, not a figure."""
    return bool(_PROJECTION_RE.search(phrase))


def parse_figure(phrase: str) -> Count | None:
    """One figure phrase -> Count, ``text`` being the phrase as given (see the module table).

    Only the first figure in the phrase counts ("13 dead and 52 wounded" -> 13/13); parts
    joined by "and" are added. Returns None for a projection or a phrase with no figure.
    """
    text = phrase.strip()
    if not text or is_projection(text):
        return None
    if zero_phrases(text):
        return Count(min=0, max=0, text=text)
    for m in mentions_in(text):
        if m.excluded:
            continue
        return to_count(m, text, text[m.end :])
    return None


def combine(counts: list[Count]) -> Count:
    """Counts from several sources -> one: min is the lowest figure, max the highest.

    When the highest figure is open-ended ("over 100", "at least 44") max is None; vague
    counts ("several") add only their text. ``text`` joins the distinct phrases with "; ".
    """
    texts = list(dict.fromkeys(c.text for c in counts if c.text))
    text = "; ".join(texts) if texts else None
    numeric = [c for c in counts if c.min is not None or c.max is not None]
    if not numeric:
        return Count(min=None, max=None, text=text)
    mins = [c.min for c in numeric if c.min is not None]

    def height(c: Count) -> tuple[int, int]:
        value = c.max if c.max is not None else c.min
        assert value is not None
        return value, 1 if c.max is None else 0  # at a tie the open-ended one wins

    top = max(numeric, key=height)
    return Count(min=min(mins) if mins else None, max=top.max, text=text)

