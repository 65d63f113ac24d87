"""Casualty figures of a sentence: each figure phrase tied to the death or injury word that
governs it, the rule that tied it named (``Figure.rule``).

The figure phrases themselves (numbers, qualifiers, the brief contract's min/max) are read by
:mod:`.figures`; this module decides which kill, injury or casualty word each one counts.
A single person named as killed, with no figure ("Omar Haddad, a commander, was killed"),
gives 1/None.

Rule ids, ``<kind>.<path>`` with kind killed / injured / casualties: ``forward_trigger``
("26 people were killed"), ``backward_trigger`` ("killing 26 people", "the toll rose to
44"), ``parts_added_up`` ("three women and three children were killed"), ``running_count``
("at the moment 13 dead and 52 wounded": the 52 is open too), ``zero_phrase`` ("no
casualties"), ``single_named_victim``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from summarizer.models import Count
from summarizer.normalize.figures import (
    NON_PERSON,
    RUNNING_COUNT,
    Mention,
    combine,
    is_projection,
    mentions_in,
    parse_figure,
    to_count,
)
from summarizer.normalize.numbers import WORD_NUMBER
from summarizer.normalize.triggers import (
    BACK_OK,
    FWD_DENY,
    NUMBER_OF_RE,
    TOLL_NOUN_RE,
    TOLL_VERB_RE,
    TRIGGER_RE,
    Kind,
    can_go,
    trigger_kind,
    zero_phrases,
)

__all__ = ["Figure", "Kind", "casualties", "casualty_figures", "combine", "is_projection",
           "parse_figure"]


def _words(text: str) -> list[str]:
    return text.split()


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
# "an entire family", "a group of fishermen", "a number of civilians": no one person
_NOT_ONE = frozenset(_words("""of family families group number convoy busload crowd household
    crew unit team couple"""))
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
    rule: str  # which path tied it: ``<kind>.<path>``, see the module docstring


def _rule(kind: Kind, m: Mention, path: str) -> str:
    """The rule id of a figure made from ``m`` by ``path`` (parts added up say so instead)."""
    return f"{kind}.parts_added_up" if m.parts else f"{kind}.{path}"


# a toll that has "exceeded 30" is above it
_PASSED = ("exceeded", "surpassed", "passed", "topped", "crossed")


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
    return not any(w in FWD_DENY for w in lowered)


def _strip_abbrev(gap: str) -> str:
    return re.sub(r"\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Maj)\.", "", gap)


def _backward_ok(text: str, trig: re.Match[str], gap: str, qual_text: str) -> bool:
    if re.search(r"[.;:!?,()]", _strip_abbrev(gap)):
        return False
    words = [w.lower() for w in _gap_words(gap)]
    if all(w in BACK_OK for w in words):
        return True
    toll_like = bool(TOLL_NOUN_RE.fullmatch(trig.group())) or bool(
        NUMBER_OF_RE.search(text[max(0, trig.start() - 60) : trig.start()])
    )
    return (
        toll_like
        and len(words) <= 8
        and bool(TOLL_VERB_RE.search(" " + gap) or TOLL_VERB_RE.search(" " + gap + qual_text))
    )


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
        if word in FWD_DENY or word in _TAIL_STOP:
            break
        if TRIGGER_RE.fullmatch(word) or w.end() > 60:
            break
        end = pos + w.end()
    return end


def casualty_figures(sentence: str) -> list[Figure]:
    """Every figure in one sentence tied to a death, injury or casualty word, in text order."""
    mentions = [m for m in mentions_in(sentence) if not m.excluded]
    triggers = list(TRIGGER_RE.finditer(sentence))
    figures: list[Figure] = []
    for m in mentions:
        if m.subset:
            continue
        fig = _associate(sentence, m, mentions, triggers)
        if fig is not None and figures and m.qual == "exact":
            fig = _running_count(sentence, fig, figures[-1])
        if fig is not None:
            figures.append(fig)
    figures.extend(_zeros(sentence, figures))
    figures.extend(_single_victims(sentence, figures))
    figures.sort(key=lambda f: f.start)
    return figures


def _backward_applies(text: str, m: Mention, trig: re.Match[str]) -> bool:
    """ "killed 26 people": the trigger before the number governs it."""
    gap = text[trig.end() : m.start]
    after_number_of = bool(NUMBER_OF_RE.search(text[max(0, trig.start() - 60) : trig.start()]))
    return (can_go(trig, backward=True) or after_number_of) and _backward_ok(
        text, trig, gap, text[m.start : m.core_start]
    )


def _backward_figure(text: str, m: Mention, trig: re.Match[str]) -> Figure:
    gap = text[trig.end() : m.start]
    end = _tail_end(text, m.end)
    phrase = text[trig.start() : end]
    verb = TOLL_VERB_RE.search(" " + gap + text[m.start : m.core_start])
    if verb and any(word in verb.group() for word in _PASSED):
        m = replace(m, qual="morethan" if m.qual == "exact" else m.qual)
    count = to_count(m, phrase, text[m.end : m.end + 20])
    kind = trigger_kind(trig)
    return Figure(kind, phrase, trig.start(), end, count, _rule(kind, m, "backward_trigger"))


def _forward_figure(
    text: str, m: Mention, mentions: list[Mention], trig: re.Match[str]
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
    if not (can_go(trig, backward=False) and _forward_ok(text, gap, inside)):
        return None
    phrase = text[m.start : trig.end()]
    count = to_count(m, phrase, gap + text[trig.end() : trig.end() + 20])
    kind = trigger_kind(trig)
    return Figure(kind, phrase, m.start, trig.end(), count, _rule(kind, m, "forward_trigger"))


def _associate(
    text: str, m: Mention, mentions: list[Mention], triggers: list[re.Match[str]]
) -> Figure | None:
    """The figure a number mention makes with its trigger word, before or after it."""
    before = [t for t in triggers if t.end() <= m.start]
    if before and _backward_applies(text, m, before[-1]):
        if is_projection(text[before[-1].start() : m.end]):
            return None
        return _backward_figure(text, m, before[-1])
    after = [t for t in triggers if t.start() >= m.end]
    return _forward_figure(text, m, mentions, after[0]) if after else None


def _running_count(text: str, fig: Figure, prev: Figure) -> Figure:
    """ "at the moment 13 dead and 52 wounded": the running count covers the 52 as well;
    "at least" does not carry over ("at least 5 killed and 9 wounded" is read both ways by
    annotators, and sharing it was wrong 4 times in 5 on fresh text)."""
    if fig.count.min is None or fig.count.max is None or text[prev.end:fig.start].strip() != "and":
        return fig
    if not " ".join(prev.phrase.lower().split()).startswith(RUNNING_COUNT):
        return fig
    floor = Count(min=fig.count.min, text=fig.phrase)
    return Figure(fig.kind, fig.phrase, fig.start, fig.end, floor, f"{fig.kind}.running_count")


def _zeros(text: str, figures: list[Figure]) -> list[Figure]:
    nonzero = {f.kind for f in figures if f.count.min != 0 or f.count.max != 0}
    out: list[Figure] = []
    for z, kinds in zero_phrases(text):
        for kind in kinds:
            if kind in nonzero or any(f.kind == kind and f.start == z.start() for f in out):
                continue
            zero = Count(min=0, max=0, text=z.group())
            out.append(Figure(kind, z.group(), z.start(), z.end(), zero, f"{kind}.zero_phrase"))
    return out


def _single_victims(text: str, figures: list[Figure]) -> list[Figure]:
    """ "Ahmed Saleh, a local commander, was killed" -> 1/None (at least the one named); "a
    soldier was killed" -> 1/1 (a figure, one)."""
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
            len(who) > 1 and who[1].lower().rstrip(".,") in NON_PERSON
        ):
            continue
        phrase = text[s.start() : s.end()]
        # "a soldier was killed" is a figure, one; a name is at least the one named, and so
        # is "an entire family", "a group of fishermen" or "a commander, with his guards,"
        exact = (who[0].lower() in ("a", "an") and "," not in phrase
                 and not {w.lower() for w in who} & _NOT_ONE)
        one = Count(min=1, max=1 if exact else None, text=phrase)
        out.append(Figure(kind, phrase, s.start(), s.end(), one, f"{kind}.single_named_victim"))
        have.add(kind)
    return out


def casualties(sentence: str) -> tuple[list[Figure], list[Figure]]:
    """(killed, injured) figures in one sentence; ambiguous "N casualties" is in neither."""
    figures = casualty_figures(sentence)
    return (
        [f for f in figures if f.kind == "killed"],
        [f for f in figures if f.kind == "injured"],
    )
