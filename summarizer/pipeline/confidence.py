"""Event confidence: a logistic score over plain features of a finished event.

The rules decide event by event; none of them sees the whole event at once. A strike told in
the lead, in several sentences, by a named source, with a figure and a known place is most
often a true event; an event made of one later sentence, with nothing counted and no weapon
named, is most often context the model read as news. No single feature decides that, and the
rule that tried before (round 20's asides) had to pick one cut. This module weighs them all:
a logistic model whose weights are fitted on gold (``scripts/fit_confidence.py``, over the
recorded answers of the dev set and the fresh probes; docs/accuracy.md item 26) and kept as
data (``confidence.json``, beside this file). An event scoring below the threshold is
dropped with a note (``event.low_confidence``, its targets as the value), so ``--explain``
and the rule report show every drop.

The features read only the event the contract defines (counts, evidence, fields), never the
article's words, so a weight cannot fit a sentence.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from summarizer import trace
from summarizer.models import CONFIDENCE_RULE, Attribution, Event, TargetKind
from summarizer.normalize.attribution import sourced
from summarizer.pipeline.draft import Draft
from summarizer.pipeline.nonstrikes import TARGETS_JOIN

WEIGHTS_FILE = Path(__file__).with_name("confidence.json")
RULE = "event.low_confidence"

_ATTRIBUTIONS: tuple[Attribution, ...] = ("claimed", "confirmed", "alleged", "denied",
                                          "unknown")
_TARGET_KINDS: tuple[TargetKind, ...] = ("military", "militant", "civilian", "infrastructure",
                                         "mixed", "unknown")
# the first evidence sentence starts within this many characters: the lead
LEAD_CHARS = 400
# the shortest text the cut applies to: the articles it was fitted on have 793 characters
# and more
MIN_TEXT_CHARS = 700
# the count of events in the article is read up to this many (a day report's tenth is as one)
MAX_EVENTS = 6


class Weights(BaseModel):
    """The fitted model: a weight per feature, a bias, and the threshold below which an
    event is dropped; ``fitted_on`` says what it was fitted on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weights: dict[str, float]
    bias: float
    threshold: float
    fitted_on: str = ""


def features(event: Event, index: int, count: int, text_length: int) -> dict[str, float]:
    """The event's plain features (0/1 flags, or a fraction): how much evidence, where it
    starts, what was counted and named, its attribution and target kind. ``index``: its
    place among the article's ``count`` events."""
    evidence = event.evidence
    start = evidence[0].start if evidence else text_length
    killed, injured = event.killed, event.injured
    found: dict[str, float] = {
        "one_sentence": len(evidence) <= 1,
        "two_sentences": len(evidence) == 2,
        "three_sentences": len(evidence) >= 3,
        "position": start / max(text_length, 1),
        "in_lead": start < LEAD_CHARS,
        "first_event": index == 0,
        "events": min(count, MAX_EVENTS) / MAX_EVENTS,
        "killed_figure": killed.min is not None or killed.max is not None,
        "killed_zero": killed.min == 0,
        "killed_words": bool(killed.text),
        "injured_figure": injured.min is not None or injured.max is not None,
        "place": bool(event.location.place),
        "country": bool(event.location.country),
        "weapon_unknown": event.weapon == "unknown",
        "date": event.date is not None,
        "retaliation": bool(event.retaliation_for),
        "attackers": min(len(event.attacker), 3) / 3,
        "targets": min(len(event.target), 3) / 3,
        "sourced": any(sourced(s.quote) for s in evidence),
    }
    for value in _ATTRIBUTIONS:
        found[f"attribution_{value}"] = event.attribution == value
    for kind in _TARGET_KINDS:
        found[f"target_{kind}"] = event.target_kind == kind
    return {name: float(v) for name, v in found.items()}


FEATURES: tuple[str, ...] = tuple(features(Event(), 0, 1, 1))


@cache
def packaged_weights() -> Weights:
    """The weights shipped with the package (``confidence.json``)."""
    return Weights.model_validate_json(WEIGHTS_FILE.read_text(encoding="utf-8"))


def score(found: dict[str, float], weights: Weights) -> float:
    """The probability the logistic model gives the event of being a strike the gold codes."""
    z = weights.bias + sum(weights.weights.get(name, 0.0) * v for name, v in found.items())
    return sigmoid(z)


def sigmoid(z: float) -> float:
    """The logistic function, clamped so that no weight can overflow it."""
    return 1.0 / (1.0 + math.exp(-max(min(z, 60.0), -60.0)))


def confident(drafts: list[Draft], events: list[Event], text_length: int,
              threshold: float | None = None,
              weights: Weights | None = None) -> tuple[list[Draft], list[Event]]:
    """The drafts and events whose confidence reaches ``threshold`` (default: the packaged
    one; 0 keeps every event). A text shorter than the articles the weights were fitted on
    (``MIN_TEXT_CHARS``: a line, a paragraph) keeps every event: its one sentence would
    score as an article's passing mention. Each event dropped is noted with its targets, as
    the other event checks note theirs, for the rule report to judge."""
    if text_length < MIN_TEXT_CHARS:
        return drafts, events
    if threshold is not None and threshold <= 0 and not trace.on():
        return drafts, events
    weights = weights or packaged_weights()
    cut = weights.threshold if threshold is None else max(threshold, 0.0)
    kept: list[tuple[Draft, Event]] = []
    for n, (d, e) in enumerate(zip(drafts, events, strict=True)):
        p = score(features(e, n, len(events), text_length), weights)
        at = e.evidence[0] if e.evidence else None
        if p < cut:
            trace.note(d, "event", RULE, TARGETS_JOIN.join(d.targets) or None, "drop", at=at)
        else:
            # its score, for --explain: a reader checks the least confident events first
            trace.note(d, "event", CONFIDENCE_RULE, shown_score(p), "keep", at=at)
            kept.append((d, e))
    return [d for d, _ in kept], [e for _, e in kept]


def shown_score(p: float) -> str:
    """``p`` to two places, rounded down, so that a shown score passes ``--min-confidence``
    at that value exactly when the score does (0.8999 -> "0.89"; 0.57 -> "0.57", though
    0.57 * 100 is 56.99999...)."""
    k = math.floor(p * 100)
    if (k + 1) / 100 <= p:  # the float product fell short of a whole hundredth
        k += 1
    return f"{k / 100:.2f}"


def as_json(weights: Weights) -> str:
    """The weights file's text: features in a stable order, one per line."""
    return json.dumps(weights.model_dump(), indent=2, sort_keys=False) + "\n"
