"""What was struck: the model's target after the target rules."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from summarizer import trace
from summarizer.lexicon import MUNITIONS
from summarizer.models import Span
from summarizer.normalize.numbers import NUMBER
from summarizer.normalize.places import country_of_place_with_rule
from summarizer.normalize.triggers import TRIGGER_RE
from summarizer.pipeline.names import in_text, is_empty, strike_phrase
from summarizer.pipeline.names import without_weapon_words as _bare

# words too common to tell two targets apart ("12 people", "Syrian forces")
GENERIC = {"people", "forces", "troops", "civilians", "members", "targets", "sites", "area",
           "areas", "positions", "three", "several", "other", "with", "from", "that"}


# "two PKK members and wounded three others", "several killed and dozens wounded": a toll,
# which the casualty fields read, not what was hit
_TOLL_TAIL_RE = re.compile(
    r",?\s+and\s+(?:killed|killing|wounded|wounding|injured|injuring)\b.*$", re.I)
# a toll opens with how many ("several killed", "no resulting deaths"); "a convoy carrying
# wounded soldiers" is a target
_QUANTITY_RE = re.compile(rf"^(?:(?:at\s+least|more\s+than|over|up\s+to)\s+)?"
                          rf"(?:{NUMBER}|several|dozens|scores|hundreds|many|some|no)\b", re.I)


def _the_attack(subject: object, target: str, at: Span) -> str:
    """What a phrase naming the strike itself says it hit ('' if nothing)."""
    read = strike_phrase(target)
    if read is None:
        return target
    rest = read[0]
    trace.note(subject, "target", "target.the_attack_itself", target, "set" if rest else "drop",
               at, rest or target)
    return rest


def _toll(subject: object, target: str, at: Span) -> str:
    """A target without the toll it was given with ('' if it is only a toll)."""
    cut = _TOLL_TAIL_RE.sub("", target)
    if _QUANTITY_RE.match(cut) and TRIGGER_RE.search(cut):  # how many, and killed or hurt
        trace.note(subject, "target", "target.a_toll", target, "drop", at, target)
        return ""
    if cut != target:
        trace.note(subject, "target", "target.a_toll", target, "set", at, cut)
    return cut


def target_of(subject: object, answer: str, text: str, at: Span) -> str:
    """The model's target, unless it is empty, absent from the text, the strike itself or a
    toll (checks of its type, from outside the model)."""
    target = answer.strip()
    if is_empty(target):
        return ""
    if not in_text(target, text):
        trace.note(subject, "target", "target.not_in_text", target, "drop", at)
        return ""
    target = _the_attack(subject, target, at)
    target = _toll(subject, target, at) if target else ""
    if not target:
        return ""
    if not _bare(target).replace("air", "").strip():
        # "deadly overnight air strike" is the strike, not its target
        trace.note(subject, "target", "target.only_the_strike", target, "drop", at, target)
        return ""
    trace.note(subject, "target", "target.model", target, "keep", at, target)
    return target


# what a bare count may name that says how many were hurt, not what was hit ("13 people",
# "an 82-year-old woman", "two others"), or what was fired ("three drones"); not "two
# journalists", "two military advisers", "two power plants"
_HURT_OR_FIRED = frozenset({"people", "persons", "person", "civilians", "civilian",
                            "residents", "children", "child", "women", "woman", "men", "man",
                            "others", "individuals", "villagers", "boy", "girl", "boys",
                            "girls", *MUNITIONS})


def counts_last(names: list[str]) -> list[str]:
    """The targets that are a bare count of people hurt or of weapons fired ("13 people", "an
    82-year-old woman", "three Ukraine-launched drones", "eight") after the others, unless
    the others are only places ("Kessa", "eastern Estavia"): an event's first two targets
    name what was hit ("two buildings in which militants had been hiding") before how many
    it hurt."""
    counted = [n for n in names if _QUANTITY_RE.match(n) and len(n.split()) <= 5
               and (len(n.split()) == 1 or n.split()[-1].lower() in _HURT_OR_FIRED)]
    rest = [n for n in names if n not in counted]
    if not any(country_of_place_with_rule(n)[2] is None for n in rest):
        return names  # what was hit is told only as a place
    return rest + counted


def distinct(names: list[str]) -> list[str]:
    """Drop a name that a longer one restates ('commander X' within 'X, a commander X')."""
    kept: list[str] = []
    for name in sorted((n for n in names if n), key=len, reverse=True):
        if not any(fuzz.partial_ratio(name.lower(), k.lower()) >= 90 for k in kept):
            kept.append(name)
    return [n for n in names if n in kept]
