"""Strikes that are no strike: checks from outside the model on an event's type.

The 1.5B model reads a sentence about a drill's fire, an interception or a shot into the sea
as a strike, and says so with near certainty (its token probabilities, docs/accuracy.md):
it cannot be asked. What it answered can be checked instead:
- what was "hit" is what was fired (missiles, drones) or the airspace it crossed: an
  interception or an incursion, not a strike; so is an event whose every sentence only
  tells of fire met ("air defences downed 18 drones") with nothing hit, landed or burned
  and nobody hurt;
- what was "hit" is water: a firing, not a strike;
- every sentence of the event stands in a passage about an exercise or a drill, and nobody
  was killed or hurt: the drill's fire;
- no sentence of the event has a word of striking other than a weapon's name, and nobody
  was killed or hurt ("a plane carrying missiles landed", "will buy 300 Patriot missiles",
  "HIMARS rocket systems have been delivered"): a delivery, a sale or a capability, not a
  strike (``event.nothing_done``; it replaced a narrower check of deliveries in round 20).
"""

from __future__ import annotations

import re

from summarizer import trace
from summarizer.lexicon import (
    DRILL_WORDS,
    INTERCEPT_WORDS,
    LANDED_WORDS,
    MUNITIONS,
    TEST_WORDS,
    WATERS,
    alternation,
)
from summarizer.models import Event, Span
from summarizer.normalize.geo import countries_in, country_code
from summarizer.pipeline.draft import Draft
from summarizer.pipeline.names import tokens
from summarizer.pipeline.planning import says_hit, tells_a_strike

# "a live-fire exercise", "the drill", "war games"; not "exercise restraint"
_DRILL_RE = re.compile(rf"\b{alternation(DRILL_WORDS)}\b|"
                       r"\bexercises?\b(?!\s+(?:of\s+)?(?:maximum\s+|utmost\s+)?"
                       r"(?:restraint|caution|its|their|the right|self))", re.I)
# the head of a target phrase ends before its first modifier: "tanker carrying oil in the
# Black Sea" -> "tanker", "15 drones heading towards Moscow" -> "drones"
_MODIFIER_RE = re.compile(r"\s*(?:\(|,|\b(?:in|of|at|near|off|on|from|over|toward|towards|with|"
                          r"carrying|that|which|belonging|fired|launched|shot|heading|"
                          r"headed)\b)", re.I)
# what is fired, but kept: a strike on a depot of drones is no interception
_STORED_RE = re.compile(r"\b(?:stored|storage|stockpiles?|depots?|warehouses?|factory|"
                        r"factories|plant|production)\b", re.I)
_TEST_RE = re.compile(rf"\b{alternation(TEST_WORDS)}\b", re.I)
DRILL_WINDOW = 3  # sentences before an event's sentence that can set the drill's scene
# a dropped event's targets are noted joined by this (the rule report splits them again)
TARGETS_JOIN = ", "


# "one of two ballistic missiles", "the second of the missiles", "most of those drones": the
# head is what the part is taken of
_PARTITIVE_RE = re.compile(r"^\s*(?:the\s+)?(?:[\d,]+|one|two|three|four|five|six|seven|eight|"
                           r"nine|ten|some|most|both|each|either|none|half|"
                           r"first|second|third|fourth|fifth|last|rest)"
                           r"\s+of\s+(?=\S)", re.I)


def head(target: str) -> str:
    """The head noun of a target phrase, lower case ('' when none); an unmanned aerial
    vehicle or an unmanned aircraft is a 'uav', a missile's interceptor a 'missile' (a MiG-31
    interceptor is a jet)."""
    words = _MODIFIER_RE.split(_PARTITIVE_RE.sub("", target, count=1), maxsplit=1)[0].split()
    words = [w.strip(".,;:!?'\"“”‘’").lower() for w in words]
    if len(words) >= 2 and ((words[-2] == "aerial" and words[-1] in ("vehicle", "vehicles"))
                            or (words[-2] == "unmanned" and words[-1] == "aircraft")):
        return "uav"
    if words and words[-1] in ("interceptor", "interceptors") and any(
            w.startswith("missile") for w in words):
        return "missile"
    return words[-1] if words else ""


def _in_a_drill(draft: Draft, sentences: list[Span], at_home: bool) -> bool:
    """Every sentence of ``draft`` follows a mention of an exercise within a few sentences, or
    of a weapons test when the strike is ``at_home`` (a test fires at a range of its own)."""
    return bool(draft.sentences) and all(
        any(_DRILL_RE.search(sentences[j].quote)
            or (at_home and _TEST_RE.search(sentences[j].quote))
            for j in range(max(0, i - DRILL_WINDOW), i + 1))
        for i in draft.sentences)


def _at_home(event: Event) -> bool:
    """No side named, or one that strikes in its own country (or nowhere named): what a
    weapons test looks like ("Iran test-fired a missile ... Israeli jets struck Isfahan" is
    another side's strike abroad; so is the Houthis' missile at an airport in Israel)."""
    if not event.attacker:
        return True
    where = event.location.country_code
    homes = {country_code(c, fuzzy=False) for a in event.attacker
             for c in countries_in(a.name, demonyms=True)}
    return where is None or where in homes


def _hurt(event: Event) -> bool:
    return any((c.min or 0) > 0 for c in (event.killed, event.injured))


# the words of meeting fire as single tokens ("shot down" -> "shot_down"), and of a landing
_MET_TOKENS = frozenset(w.replace(" ", "_") for w in INTERCEPT_WORDS)
_LANDED = frozenset(LANDED_WORDS)


def _fired(words: list[str]) -> bool:
    """A munition or an attack among ``words``, not "two other drones"."""
    return any(x in MUNITIONS or x in ("attack", "attacks") for x in words) and "other" not in words


_PASSIVE = (["was"], ["were"], ["been"], ["being"])


# what may follow the head of a phrase of munitions ("20 drones over the region", "19 drones
# launched at Crimea", "three drones, the ministry said")
_AFTER_HEAD = frozenset({"", "over", "in", "on", "near", "at", "from", "toward", "towards",
                         "launched", "fired", "flying", "heading", "headed", "aimed",
                         "targeting", "including", "and", "that", "which", "as", "during",
                         "overnight", "early", "late", "before", "after", "the"})


def _fired_head(words: list[str]) -> bool:
    """A munition heads ``words`` (after a figure or a modifier): "121 Ukrainian drones",
    not "two rocket launchers" or "three drones parked at a base"."""
    for k, w in enumerate(words):
        if w in MUNITIONS or w in ("attack", "attacks"):
            return (words[k + 1] if k + 1 < len(words) else "") in _AFTER_HEAD
    return False


def _met(text: str) -> bool:
    """The sentence tells of fire met ("an Israeli navy boat intercepted a drone launched
    from Yemen", "air defences downed 18 drones", "thwarted the drone attacks"): a munition
    or an attack within a few words after the verb (not "two other drones"), and nothing
    hit, landed or set on fire."""
    words = text.lower().replace("shot down", "shot_down").replace("shooting down",
                                                                   "shooting_down").split()
    words = [w.strip(".,;:!?'\"“”‘’()") for w in words]
    # what was met follows the verb, or (a passive: "they ... were intercepted") precedes it
    met = any(w in _MET_TOKENS and (_fired(words[i + 1:i + 6]) or (
        i and words[i - 1:i] in _PASSIVE and _fired(words[:i])))
        for i, w in enumerate(words))
    # "air defences destroyed 20 drones": a hit word whose object is what was fired meets it
    # (active only: "a power station was destroyed by a missile" was hit; the munition the
    # head of the object: "destroyed two rocket launchers", "drones parked at a base" were hit)
    shot = [i for i, w in enumerate(words) if w == "destroyed" and words[i + 1:i + 2] != ["by"]
            and words[i - 1:i] not in _PASSIVE and _fired_head(words[i + 1:i + 5])]
    said = " ".join(w for i, w in enumerate(words) if i not in shot) if shot else text
    return (met or bool(shot)) and not says_hit(said) and not _LANDED.intersection(words)


def _met_only(said: list[str]) -> bool:
    """Every sentence tells of fire met and none says anything was hit."""
    return bool(said) and all(_met(t) for t in said)


# what an airspace crossed may still have done: "bombed a bridge", "crashed into a house"
_HIT_OR_LANDED = _LANDED | {"bombed", "shelled"}


def _incursion(heads: list[str], event: Event, said: list[str]) -> bool:
    """What was "hit" is a munition and the airspace it crossed, and nothing was hit, landed
    or hurt: "a drone violated Estavian airspace" (not "... and bombed a bridge")."""
    return (bool(heads) and all(h in MUNITIONS or h == "airspace" for h in heads)
            and not _hurt(event)
            and not any(says_hit(t) or _HIT_OR_LANDED & set(tokens(t.lower())) for t in said))


def _fire_met(heads: list[str], stored: bool, event: Event, said: list[str]) -> str:
    """The id of the check that reads the event as fire met, not a strike ('' if none): what
    was "hit" is what was fired, or the airspace it crossed, or its sentences only meet fire."""
    if heads and all(h in MUNITIONS for h in heads) and not stored:
        return "event.interception"
    if not stored and _incursion(heads, event, said):
        return "event.interception"
    if not _hurt(event) and _met_only(said):
        return "event.interception_only"
    return ""


def _nobody_hurt_rule(draft: Draft, event: Event, said: list[str],
                      sentences: list[Span]) -> str:
    """For an event that hurt nobody: the drill's fire, or nothing done at all."""
    if _in_a_drill(draft, sentences, _at_home(event)):
        return "event.in_a_drill"
    if not any(tells_a_strike(s) for s in said):
        return "event.nothing_done"
    return ""


def no_strike_rule(draft: Draft, event: Event, sentences: list[Span]) -> str:
    """The id of the check that reads ``event`` as no strike ('' when it is one)."""
    heads = [head(t.replace("air space", "airspace")) for t in draft.targets if t]
    stored = any(_STORED_RE.search(t) for t in draft.targets)  # "drones stored at a depot"
    said = [sentences[i].quote for i in draft.sentences]
    if rule := _fire_met(heads, stored, event, said):
        return rule
    if heads and all(h in WATERS for h in heads):
        return "event.fired_into_water"
    return "" if _hurt(event) else _nobody_hurt_rule(draft, event, said, sentences)


def strikes_only(drafts: list[Draft], events: list[Event],
                 sentences: list[Span]) -> tuple[list[Draft], list[Event]]:
    """The drafts and events that are strikes; each one dropped is noted with its check."""
    kept: list[tuple[Draft, Event]] = []
    for d, e in zip(drafts, events, strict=True):
        if rule := no_strike_rule(d, e, sentences):
            trace.note(d, "event", rule, TARGETS_JOIN.join(d.targets) or None, "drop")
        else:
            kept.append((d, e))
    return [d for d, _ in kept], [e for _, e in kept]

