"""Casualty figures read from sentences by rule, not by the model's arithmetic.

The small model names the sentences that report a strike; this module finds the figure
phrases tied to death and injury words in them and turns each into a
:class:`~summarizer.models.Count` following the brief contract:

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

An "at least" or running-count wording covers a figure joined to it by "and" ("at the moment
13 dead and 52 wounded" -> 52/None), and an elliptical second figure ("26 killed in A and 10
in B") takes the kind, and the openness, of the first. A single person named as killed, with no
figure ("Omar Haddad, a commander, was killed"), gives 1/None.

"Casualties" with a number ("20 casualties") is ambiguous between killed and wounded, so
such figures get ``kind="casualties"`` and are not returned as killed or injured; an explicit
"no casualties" is the one exception and gives 0/0 for both. A zero that is qualified
("no civilian casualties", "no casualties among our troops") is never read as a zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from summarizer.models import Count
from summarizer.normalize.numbers import DIGIT_NUMBER, NUMBER, WORD_NUMBER, to_int

Kind = Literal["killed", "injured", "casualties"]
_Qual = Literal["exact", "atleast", "morethan", "upto", "under"]

# --- vocabulary -------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
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

_QUALIFIERS: list[tuple[str, _Qual]] = [
    (r"at\s+least|at\s+a\s+minimum|a\s+minimum\s+of|no\s+(?:fewer|less)\s+than"
     r"|not\s+(?:fewer|less)\s+than", "atleast"),
    (r"at\s+the\s+moment|so\s+far|as\s+of\s+now|thus\s+far|until\s+now|currently", "atleast"),
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
_NON_PERSON = frozenset(
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

_KILL_FWD = (
    r"killed|dead|died|dies|deaths|lost\s+their\s+lives|lost\s+(?:his|her)\s+li(?:fe|ves)"
    r"|fatalities|slain|martyred|perished|shot\s+dead|massacred|were\s+executed"
)
_KILL_BACK = (
    r"killed|killing|kills|kill|claimed\s+the\s+lives\s+of|took\s+the\s+lives\s+of"
    r"|death\s+toll|toll|deaths|massacred|shot\s+dead|slaying"
)
_INJ_FWD = r"injured|injuries|wounded|hurt|maimed|wounds"
_INJ_BACK = r"injured|injuring|injures|wounded|wounding|wounds|hurt|hurting|maiming"
_BOTH = (
    r"(?:killed|dead)\s+(?:or|and)\s+(?:injured|wounded|hurt)"
    r"|(?:injured|wounded)\s+(?:or|and)\s+killed|casualties|casualty\s+toll"
)
_TRIGGER_RE = re.compile(
    rf"\b(?:(?P<both>{_BOTH})|(?P<kill>{_KILL_FWD}|{_KILL_BACK})|(?P<inj>{_INJ_FWD}|{_INJ_BACK}))\b",
    re.IGNORECASE,
)
_KILL_FWD_RE = re.compile(rf"(?:{_KILL_FWD})", re.IGNORECASE)
_KILL_BACK_RE = re.compile(rf"(?:{_KILL_BACK})", re.IGNORECASE)
_INJ_FWD_RE = re.compile(rf"(?:{_INJ_FWD})", re.IGNORECASE)
_INJ_BACK_RE = re.compile(rf"(?:{_INJ_BACK})", re.IGNORECASE)
_TOLL_NOUN_RE = re.compile(r"(?:death\s+|casualty\s+)?toll", re.IGNORECASE)

_WORD_RE = re.compile(r"[A-Za-z][\w'’.-]*|\d[\d,.:]*")
_FWD_DENY = frozenset(
    _words(
        """said says say told after before when while because but although though which where whose
    since until if than could may might would will should must can cannot expected
    launched fired hit struck targeted attacked destroyed damaged dropped carried not no never
    against from by"""
    )
)
_BACK_OK = frozenset(
    _words(
        """a an the total of another additional further all both only just reportedly also now
    more"""
    )
)
_TOLL_VERB_RE = re.compile(
    r"(?:^|\s)(?:(?:has|have|had|now|officially|reportedly|already|further|also)\s+)*"
    r"(?:rose|risen|rising|climbed|jumped|increased|reached|hit|stands\s+at|stood\s+at|is|was"
    r"|of|at|to|exceeded|surpassed|passed|topped|crossed)(?:\s+to)?\s*$",
    re.IGNORECASE,
)
_NUMBER_OF_RE = re.compile(r"\b(?:number|toll|tally|count)\s+of\b[^.;:!?]{0,60}$", re.IGNORECASE)

_PROJECTION_RE = re.compile(
    r"\b(?:could|may|might|would|will|is\s+expected\s+to|are\s+expected\s+to|expected\s+to"
    r"|likely\s+to|feared\s+to|set\s+to|threatens\s+to)\s+(?:\w+\s+)?"
    r"(?:reach|rise|climb|exceed|increase|top|go\s+up|surpass|hit|be\s+higher)\b",
    re.IGNORECASE,
)
_ZERO_PATTERNS: list[tuple[str, tuple[Kind, ...]]] = [
    (r"\bno\s+(?:(?:immediate|reported|known|further|other)\s+)?casualties\b(?!\s+(?:among|on|in"
     r"|from|to|of)\b)", ("killed", "injured")),
    (r"\bwithout\s+(?:any\s+|causing\s+(?:any\s+)?)?casualties\b(?!\s+(?:among|on|in|from|to|of)\b)",
     ("killed", "injured")),
    (r"\b(?:no\s+one|no-one|nobody|none)\s+(?:was|were|had\s+been|has\s+been|is|got)\s+"
     r"(?:\w+ly\s+)?(?:hurt|injured|wounded|harmed)\b", ("killed", "injured")),
    (r"\b(?:no\s+one|no-one|nobody|none)\s+(?:was|were|had\s+been|has\s+been|is)\s+"
     r"(?:\w+ly\s+)?(?:killed|hurt\s+or\s+killed|killed\s+or\s+(?:hurt|injured|wounded))\b",
     ("killed",)),
    (r"\b(?:no\s+one|no-one|nobody)\s+died\b|\bno\s+(?:deaths|fatalities|loss\s+of\s+li(?:fe|ves))"
     r"\b|\bwithout\s+(?:any\s+)?loss\s+of\s+li(?:fe|ves)\b", ("killed",)),
    (r"\bno\s+(?:(?:immediate|reported)\s+)?injuries\b", ("injured",)),
]  # fmt: skip
_ZERO_RES = [(re.compile(p, re.IGNORECASE), kinds) for p, kinds in _ZERO_PATTERNS]
_SUBSET_BEFORE_RE = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|mostly|mainly|incl\.)\s+$",
    re.IGNORECASE,
)
_DETERMINERS = frozenset(
    _words(
        """the a an this that these those he she it they his her its their one we our there here
    no none each every another"""
    )
)
_SINGLE_RE = re.compile(
    r"(?P<who>(?<![\w'’-])(?:[A-Z][\w'’.-]+(?:\s+(?:al-|bin\s+|ibn\s+|de\s+|van\s+|von\s+)?"
    r"[A-Z][\w'’.-]+)*|\b(?:[Aa]n?)\s+[\w'’-]+(?:\s+[\w'’-]+){0,3}))"
    r"(?:,[^,.;]{1,120},)?\s+(?:(?:was|has\s+been|had\s+been|is)\s+(?:\w+ly\s+)?"
    r"(?P<trig>(?P<k>killed|assassinated|slain|shot\s+dead|martyred)|(?P<i>wounded|injured|hurt))"
    r"|(?P<died>died))\b"
)
# "Many died", "Dozens died": a crowd, not one person
_CROWD = frozenset(_words("""many several some most all few both others dozens hundreds
    thousands scores tens people civilians everyone everybody"""))


@dataclass(frozen=True)
class Figure:
    """One figure phrase in a sentence: ``sentence[start:end] == phrase``."""

    kind: Kind
    phrase: str
    start: int
    end: int
    count: Count


@dataclass
class _Mention:
    start: int  # including a qualifier before the number
    end: int
    core_start: int
    lo: int | None
    hi: int | None
    vague: bool
    qual: _Qual
    excluded: bool = False
    subset: bool = False


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
        if word in _NON_PERSON:
            return True
        if _TRIGGER_RE.fullmatch(word):
            return False
    return False


def _mentions(text: str) -> list[_Mention]:
    found: list[_Mention] = []
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
        mention = _Mention(qstart, m.end(), m.start(), lo, hi, vague, qual)
        mention.excluded = _is_excluded(text, m.start(), m.end(), m.group())
        mention.subset = bool(_SUBSET_BEFORE_RE.search(text[max(0, qstart - 20) : qstart]))
        if m.group("num") and re.match(r"one\b", m.group(), re.IGNORECASE):
            mention.excluded |= bool(re.match(r"\s+(?:another|of\s+the\s+most)\b", text[m.end() :]))
        found.append(mention)
    return _merge_parts(text, found)


_PART_GAP_RE = re.compile(r"((?:\s+[A-Za-z][\w'’.-]*){1,4}?)\s*,?\s+and\s+$")


def _merge_parts(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Join "three women and three children" into one mention whose parts add up."""
    merged: list[_Mention] = []
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
                w.lower() in _FWD_DENY or _TRIGGER_RE.fullmatch(w) for w in g.group(1).split()
            ):
                prev.end = m.end
                prev.lo = None if prev.lo is None or m.lo is None else prev.lo + m.lo
                prev.hi = None if prev.hi is None or m.hi is None else prev.hi + m.hi
                continue
        merged.append(m)
    return merged


def _to_count(m: _Mention, phrase: str, tail: str = "") -> Count:
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


def _zero_kinds(text: str) -> list[tuple[re.Match[str], tuple[Kind, ...]]]:
    return [(m, kinds) for regex, kinds in _ZERO_RES for m in regex.finditer(text)]


def parse_figure(phrase: str) -> Count | None:
    """One figure phrase -> Count, ``text`` being the phrase as given (see the module table).

    Only the first figure in the phrase counts ("13 dead and 52 wounded" -> 13/13); parts
    joined by "and" are added. Returns None for a projection or a phrase with no figure.
    """
    text = phrase.strip()
    if not text or is_projection(text):
        return None
    if _zero_kinds(text):
        return Count(min=0, max=0, text=text)
    for m in _mentions(text):
        if m.excluded:
            continue
        return _to_count(m, text, text[m.end :])
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


_ASIDE_RE = re.compile(
    r",\s*(?:including|among\s+them|mostly|mainly|many\s+of\s+them|most\s+of\s+them)[^,]*,",
    re.IGNORECASE,
)


def _gap_words(gap: str) -> list[str]:
    gap = re.sub(r"[\"“”‘’']", " ", gap)
    gap = _ASIDE_RE.sub(" ", gap)
    gap = re.sub(r"\b(?:may|might|could)\s+have\s+been\b", "been", gap, flags=re.IGNORECASE)
    return gap.split()


def _forward_ok(text: str, gap: str, mentions_in_gap: bool) -> bool:
    if mentions_in_gap or re.search(r"[.,;:!?()\[\]]", _strip_abbrev(_ASIDE_RE.sub(" ", gap))):
        return False
    words = _gap_words(gap)
    if len(words) > 8:
        return False
    lowered = [w.lower() for w in words]
    if lowered and lowered[-1] in ("and", "or", "as", "of"):
        return False
    return not any(w in _FWD_DENY for w in lowered)


def _strip_abbrev(gap: str) -> str:
    return re.sub(r"\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Maj)\.", "", gap)


def _backward_ok(text: str, trig: re.Match[str], gap: str, qual_text: str) -> bool:
    if re.search(r"[.;:!?,()]", _strip_abbrev(gap)):
        return False
    words = [w.lower() for w in _gap_words(gap)]
    if all(w in _BACK_OK for w in words):
        return True
    toll_like = bool(_TOLL_NOUN_RE.fullmatch(trig.group())) or bool(
        _NUMBER_OF_RE.search(text[max(0, trig.start() - 60) : trig.start()])
    )
    return (
        toll_like
        and len(words) <= 8
        and bool(_TOLL_VERB_RE.search(" " + gap) or _TOLL_VERB_RE.search(" " + gap + qual_text))
    )


def _trigger_kind(m: re.Match[str]) -> Kind:
    if m.group("both"):
        return "casualties"
    return "killed" if m.group("kill") else "injured"


def _can_go(m: re.Match[str], backward: bool) -> bool:
    word = m.group()
    if m.group("both"):
        return not backward or word.lower().startswith("casualty toll")
    if m.group("kill"):
        return bool((_KILL_BACK_RE if backward else _KILL_FWD_RE).fullmatch(word))
    return bool((_INJ_BACK_RE if backward else _INJ_FWD_RE).fullmatch(word))


_TAIL_STOP = frozenset(
    _words("in on at near and or with as to of were was have had has are is over during for")
)


def _tail_end(text: str, pos: int) -> int:
    """End of the noun words after a number ("killing nine *people*"), at most four words."""
    end = pos
    for w in re.finditer(r"\s+((?:[A-Z]\.){2,}|[A-Za-z][\w'’-]*)", text[pos : pos + 80]):
        if w.start() != end - pos:
            break
        word = w.group(1).lower().rstrip(".")
        if word in _FWD_DENY or word in _TAIL_STOP:
            break
        if _TRIGGER_RE.fullmatch(word) or w.end() > 60:
            break
        end = pos + w.end()
    return end


def casualty_figures(sentence: str) -> list[Figure]:
    """Every figure in one sentence tied to a death, injury or casualty word, in text order."""
    mentions = [m for m in _mentions(sentence) if not m.excluded]
    triggers = list(_TRIGGER_RE.finditer(sentence))
    figures: list[Figure] = []
    for m in mentions:
        if m.subset:
            continue
        fig = _associate(sentence, m, mentions, triggers)
        if fig is None:
            fig = _ellipsis(sentence, m, figures)
        elif figures and m.qual == "exact":
            fig = _shared_floor(sentence, fig, figures[-1])
        if fig is not None:
            figures.append(fig)
    figures.extend(_zeros(sentence, figures))
    figures.extend(_single_victims(sentence, figures))
    figures.sort(key=lambda f: f.start)
    return figures


def _backward_applies(text: str, m: _Mention, trig: re.Match[str]) -> bool:
    """ "killed 26 people": the trigger before the number governs it."""
    gap = text[trig.end() : m.start]
    after_number_of = bool(_NUMBER_OF_RE.search(text[max(0, trig.start() - 60) : trig.start()]))
    return (_can_go(trig, backward=True) or after_number_of) and _backward_ok(
        text, trig, gap, text[m.start : m.core_start]
    )


def _backward_figure(text: str, m: _Mention, trig: re.Match[str]) -> Figure:
    gap = text[trig.end() : m.start]
    end = _tail_end(text, m.end)
    phrase = text[trig.start() : end]
    verb = _TOLL_VERB_RE.search(" " + gap + text[m.start : m.core_start])
    if verb and re.search(r"exceeded|surpassed|passed|topped|crossed", verb.group()):
        m = replace(m, qual="morethan" if m.qual == "exact" else m.qual)
    count = _to_count(m, phrase, text[m.end : m.end + 20])
    return Figure(_trigger_kind(trig), phrase, trig.start(), end, count)


def _forward_figure(
    text: str, m: _Mention, mentions: list[_Mention], trig: re.Match[str]
) -> Figure | None:
    """ "26 people were killed": the trigger after the number, unless another number
    stands between them (outside an aside)."""
    gap = text[m.end : trig.start()]
    asides = [(m.end + a.start(), m.end + a.end()) for a in _ASIDE_RE.finditer(gap)]
    inside = any(
        o is not m
        and m.end <= o.start < trig.start()
        and not any(a <= o.start < b for a, b in asides)
        for o in mentions
    )
    if not (_can_go(trig, backward=False) and _forward_ok(text, gap, inside)):
        return None
    phrase = text[m.start : trig.end()]
    count = _to_count(m, phrase, gap + text[trig.end() : trig.end() + 20])
    return Figure(_trigger_kind(trig), phrase, m.start, trig.end(), count)


def _associate(
    text: str, m: _Mention, mentions: list[_Mention], triggers: list[re.Match[str]]
) -> Figure | None:
    """The figure a number mention makes with its trigger word, before or after it."""
    before = [t for t in triggers if t.end() <= m.start]
    if before and _backward_applies(text, m, before[-1]):
        if is_projection(text[before[-1].start() : m.end]):
            return None
        return _backward_figure(text, m, before[-1])
    after = [t for t in triggers if t.start() >= m.end]
    return _forward_figure(text, m, mentions, after[0]) if after else None


def _ellipsis(text: str, m: _Mention, figures: list[Figure]) -> Figure | None:
    """ "killed 26 in A and 10 in B": the 10 shares the kind (and openness) of the 26."""
    if not figures or m.vague or m.lo is None:
        return None
    prev = figures[-1]
    if not re.search(r"(?:\band|,)\s+$", text[prev.end : m.start]):
        return None
    if not re.match(r"\s+(?:people\s+)?(?:in|at|on|near|from|across|inside)\b", text[m.end :]):
        return None
    phrase = text[m.start : m.end]
    count = _to_count(m, phrase)
    if m.qual == "exact" and prev.count.min is not None and prev.count.max is None:
        count = Count(min=count.min, max=None, text=phrase)
    return Figure(prev.kind, phrase, m.start, m.end, count)


_FLOOR_START_RE = re.compile(rf"(?:{_QUALIFIERS[0][0]}|{_QUALIFIERS[1][0]})\s", re.IGNORECASE)


def _shared_floor(text: str, fig: Figure, prev: Figure) -> Figure:
    """ "at the moment 13 dead and 52 wounded": the running count covers the 52 as well."""
    if fig.count.min is None or fig.count.max is None:
        return fig
    if not re.fullmatch(r"\s+and\s+", text[prev.end : fig.start]):
        return fig
    if not _FLOOR_START_RE.match(prev.phrase):
        return fig
    return Figure(
        fig.kind, fig.phrase, fig.start, fig.end, Count(min=fig.count.min, text=fig.phrase)
    )


def _zeros(text: str, figures: list[Figure]) -> list[Figure]:
    nonzero = {f.kind for f in figures if f.count.min != 0 or f.count.max != 0}
    out: list[Figure] = []
    for z, kinds in _zero_kinds(text):
        for kind in kinds:
            if kind in nonzero or any(f.kind == kind and f.start == z.start() for f in out):
                continue
            zero = Count(min=0, max=0, text=z.group())
            out.append(Figure(kind, z.group(), z.start(), z.end(), zero))
    return out


def _single_victims(text: str, figures: list[Figure]) -> list[Figure]:
    """ "Ahmed Saleh, a local commander, was killed" -> 1/None (at least the one named)."""
    have = {f.kind for f in figures}
    out: list[Figure] = []
    for s in _SINGLE_RE.finditer(text):
        kind: Kind = "killed" if s.group("k") or s.group("died") else "injured"
        who = s.group("who").split()
        if s.group("died") and who[0].lower() in _CROWD:
            continue
        if kind in have or (who[0].lower() in _DETERMINERS and who[0].lower() not in ("a", "an")):
            continue
        if re.fullmatch(rf"{WORD_NUMBER}", who[0], re.IGNORECASE) or (
            len(who) > 1 and who[1].lower().rstrip(".,") in _NON_PERSON
        ):
            continue
        phrase = text[s.start() : s.end()]
        out.append(Figure(kind, phrase, s.start(), s.end(), Count(min=1, max=None, text=phrase)))
        have.add(kind)
    return out


def casualties(sentence: str) -> tuple[list[Figure], list[Figure]]:
    """(killed, injured) figures in one sentence; ambiguous "N casualties" is in neither."""
    figures = casualty_figures(sentence)
    return (
        [f for f in figures if f.kind == "killed"],
        [f for f in figures if f.kind == "injured"],
    )
