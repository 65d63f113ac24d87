"""The rule report: for every rule id of the decision trace, where it fired, what it decided
and how often that agrees with the gold (``summarizer eval GOLD --answers DIR --rules``).

As Snorkel's ``LFAnalysis`` gives each labeling function its coverage and, with gold labels,
its empirical accuracy, this gives each named rule the articles it fired in and, where the
gold decides the field, its agreement:
- an event that a rule *makes* agrees when the event pairs with a gold event, and is wrong
  when it is a false event (all of an article's events are, when its gold has none);
- an attacker a rule *keeps or sets* agrees when it matches the gold attacker, one it *drops*
  when it does not; ``attacker.none_named`` agrees when the gold names none;
- a decision on another event field (place and country, weapon, attribution, killed,
  injured, target) agrees when the paired event's field is right in the end;
- a reaction a rule *makes*, and its actor, agree when it pairs with a gold reaction, its
  stance when the stance is the gold one too; a reaction it *drops* agrees when no gold
  reaction has that actor (one the brief keeps another reaction of is not judged).
Everything else (merges, dates, events whose gold is optional) is counted, not judged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from summarizer.eval.gold import GoldFile
from summarizer.eval.matching import actors_match, names_match
from summarizer.eval.scoring import gold_event_view, pair_events, pred_event_view, slot_hits
from summarizer.models import Brief, Decision
from summarizer.pipeline.nonstrikes import TARGETS_JOIN

_PATH_RE = re.compile(r"^(?P<kind>events|reactions)\[(?P<i>\d+)\]\.(?P<field>\w+)$")
# the scored slot a traced field ends up in
_SLOT = {"place": "country", "country": "country", "weapon": "weapon",
         "attribution": "attribution", "killed": "killed", "injured": "injured",
         "target": "target"}


@dataclass
class Tally:
    """One rule's counts in one group of articles."""

    articles: set[str] = field(default_factory=set)
    decisions: int = 0
    judged: int = 0
    agree: int = 0

    def add(self, stem: str, verdict: bool | None) -> None:
        self.articles.add(stem)
        self.decisions += 1
        if verdict is not None:
            self.judged += 1
            self.agree += verdict

    def to_json(self) -> dict[str, Any]:
        return {"articles": sorted(self.articles), "decisions": self.decisions,
                "judged": self.judged, "agree": self.agree}


@dataclass
class RuleStats:
    """One rule id over the whole gold set, and per group."""

    rule: str
    total: Tally = field(default_factory=Tally)
    groups: dict[str, Tally] = field(default_factory=dict)

    @property
    def accuracy(self) -> float | None:
        return self.total.agree / self.total.judged if self.total.judged else None

    @property
    def flags(self) -> list[str]:
        """Why the rule may not earn its place: one article only, wrong as often as right."""
        out = []
        if len(self.total.articles) == 1:
            out.append("one article")
        if self.total.judged and self.total.agree * 2 <= self.total.judged:
            out.append("wrong ≥ right")
        return out


def default_group(stem: str, stems: list[str]) -> str:
    """The dev set's groups: the first 30 articles in halves by sorted name (even positions
    *tune*, odd *check*), the 16 of the third round as *new-look* (d*, e*) and *new-held*
    (f*, g*): the part kept unseen while tuning."""
    if stem[:1] in "de" and stem[1:2].isdigit():
        return "new-look"
    if stem[:1] in "fg" and stem[1:2].isdigit():
        return "new-held"
    old = [s for s in stems if not (s[:1] in "defg" and s[1:2].isdigit())]
    return "tune" if old.index(stem) % 2 == 0 else "check"


def _reaction_partners(gold: GoldFile, brief: Brief) -> dict[int, int]:
    """Predicted reaction index -> gold reaction index, as the scorer pairs them."""
    partners: dict[int, int] = {}
    for gi, g in enumerate(gold.gold.reactions):
        for j, r in enumerate(brief.reactions):
            if j not in partners and names_match([g.actor], [r.actor.name, *r.actor.aliases]):
                partners[j] = gi
                break
    return partners


class _Judge:
    """The verdicts of one article's decisions against its gold."""

    def __init__(self, gold: GoldFile, brief: Brief) -> None:
        self.gold = gold
        self.brief = brief
        gold_events = [e.model_dump() for e in gold.gold.events]
        self.golds = [gold_event_view(e) for e in gold_events]
        self.preds = [pred_event_view(e.model_dump(mode="json")) for e in brief.events]
        self.event_pair = {j: i for i, j in pair_events(self.golds, self.preds)}
        self.reaction_pair = _reaction_partners(gold, brief)

    def verdict(self, d: Decision) -> bool | None:
        m = _PATH_RE.match(d.path)
        if m is None:
            return self._dropped(d)
        i, name = int(m["i"]), m["field"]
        if m["kind"] == "reactions":
            return self._reaction(i, name)
        return self._event(i, name, d)

    def _event(self, j: int, name: str, d: Decision) -> bool | None:
        gi = self.event_pair.get(j)
        if name == "event":
            # made, or kept by the confidence: right when it pairs with a gold strike
            return (gi is not None) if d.action in ("make", "keep") else None
        if gi is None or self.golds[gi].optional:
            return None
        gold = self.golds[gi]
        if name == "attacker":
            if d.rule == "attacker.none_named":
                return not gold.attacker
            hit = any(names_match(names, [d.value]) for names in gold.attacker)
            return (not hit) if d.action == "drop" else hit
        slot = _SLOT.get(name)
        return slot_hits(gold, self.preds[j])[slot] if slot else None

    def _reaction(self, j: int, name: str) -> bool | None:
        gi = self.reaction_pair.get(j)
        if name in ("reaction", "actor"):
            return gi is not None
        if name == "stance":
            return gi is not None and (
                self.brief.reactions[j].stance == self.gold.gold.reactions[gi].stance)
        return None

    def _dropped(self, d: Decision) -> bool | None:
        if d.path == "dropped.reaction" and d.value:
            if any(names_match([d.value], [r.actor.name, *r.actor.aliases])
                   for r in self.brief.reactions):
                return None  # the brief keeps that actor's reaction: a duplicate, not judged
            return not any(names_match([g.actor], [d.value]) for g in self.gold.gold.reactions)
        if d.path == "dropped.attacker" and d.value:
            return not any(names_match(n, [d.value]) for g in self.golds for n in g.attacker)
        if d.path == "dropped.event" and d.action == "drop" and d.value:
            # wrong when what it hit is a gold strike's target that no kept event reports
            paired = set(self.event_pair.values())
            targets = d.value.split(TARGETS_JOIN)
            return not any(actors_match(g.target, [[t] for t in targets])
                           for i, g in enumerate(self.golds)
                           if not g.optional and i not in paired)
        return None


def rule_report(pairs: Iterable[tuple[GoldFile, Brief]],
                group: Callable[[str, list[str]], str] = default_group) -> list[RuleStats]:
    """Every rule id that fired in the traced briefs, with its tallies, most decisions first."""
    pairs = list(pairs)
    stems = sorted(g.stem for g, _ in pairs)
    stats: dict[str, RuleStats] = {}
    for gold, brief in pairs:
        judge = _Judge(gold, brief)
        name = group(gold.stem, stems)
        for d in brief.meta.trace or []:
            verdict = judge.verdict(d)
            s = stats.setdefault(d.rule, RuleStats(d.rule))
            s.total.add(gold.stem, verdict)
            s.groups.setdefault(name, Tally()).add(gold.stem, verdict)
    return sorted(stats.values(), key=lambda s: (-s.total.decisions, s.rule))
