"""Score briefs against gold briefs: slot P/R/F1, event P/R/F1, field accuracy, grounding.

This is the scoring of ``shared/eval/README.md``, written for this package; its figures equal
those of the reference ``score.py`` for any prediction (a test compares the two on the dev set).

- Events are paired greedily by key = 0.4·target + 0.3·attacker + 0.3·country (each 1 when it
  matches; the country counts only when the gold names one); a pair needs key ≥ 0.4. Among
  equal keys, pairs with a non-optional gold event and more matching slots go first.
- A pair with an optional gold event (``[background]``/``[aggregate]``) is neither rewarded nor
  penalised; unpaired predicted events are false positives.
- Each event has seven slots, each reaction two (actor, stance); reactions pair by actor name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from summarizer.eval.gold import OPTIONAL_MARKERS, GoldFile
from summarizer.eval.matching import (
    actor_names,
    actors_match,
    countries_match,
    country_set,
    names_match,
    normalize,
    weapon_set,
)
from summarizer.models import Brief

EVENT_SLOTS = ("attacker", "target", "country", "weapon", "attribution", "killed", "injured")
REACTION_SLOTS = ("actor", "stance")
FIELDS = EVENT_SLOTS + REACTION_SLOTS
PAIR_THRESHOLD = 0.4

Range = tuple[Any, Any]
Json = Mapping[str, Any]


@dataclass(frozen=True)
class EventView:
    """One event reduced to what the scorer compares."""

    attacker: list[list[str]]
    target: list[list[str]]
    countries: frozenset[str]
    weapons: frozenset[str]
    attribution: str
    killed: Range
    injured: Range
    optional: bool = False


def _range(value: Any) -> Range:
    if isinstance(value, int):
        return (value, value)
    if isinstance(value, dict):
        return (value.get("min"), value.get("max"))
    return (None, None)


def _attribution(value: Any) -> str:
    return str(value or "unknown").lower()


def gold_event_view(event: Json) -> EventView:
    """A gold event; its ``attacker_aliases`` join the first attacker's spellings."""
    attackers = actor_names(event.get("attacker"))
    if attackers and event.get("attacker_aliases"):
        attackers[0] = attackers[0] + list(event["attacker_aliases"])
    location = event.get("location") or {}
    return EventView(
        attacker=attackers,
        target=actor_names(event.get("target")),
        countries=country_set(location.get("country")),
        weapons=weapon_set(event.get("weapon")),
        attribution=_attribution(event.get("attribution")),
        killed=_range(event.get("killed")),
        injured=_range(event.get("injured")),
        optional=str(event.get("casualty_notes") or "").startswith(OPTIONAL_MARKERS),
    )


def pred_event_view(event: Json) -> EventView:
    """A predicted event in the contract's shape (plain-string actors accepted)."""
    location = event.get("location") or {}
    countries = country_set(location.get("countries")) or (
        country_set(location.get("country")) | country_set(location.get("country_code"))
    )
    return EventView(
        attacker=actor_names(event.get("attacker") or event.get("attackers")),
        target=actor_names(event.get("target") or event.get("targets")),
        countries=countries,
        weapons=weapon_set(event.get("weapon")),
        attribution=_attribution(event.get("attribution")),
        killed=_range(event.get("killed")),
        injured=_range(event.get("injured")),
    )


def slot_hits(gold: EventView, pred: EventView) -> dict[str, bool]:
    """Which of the seven slots of a predicted event match the gold event."""
    return {
        "attacker": actors_match(gold.attacker, pred.attacker),
        "target": actors_match(gold.target, pred.target),
        "country": countries_match(gold.countries, pred.countries),
        "weapon": bool(gold.weapons & pred.weapons),
        "attribution": gold.attribution == pred.attribution,
        "killed": gold.killed == pred.killed,
        "injured": gold.injured == pred.injured,
    }


def pair_score(gold: EventView, pred: EventView) -> float:
    """The pairing key, plus small tie-breakers once it reaches the threshold."""
    hits = slot_hits(gold, pred)
    country = hits["country"] and bool(gold.countries)
    # written exactly as the reference computes it, so that equal keys stay equal floats
    key = 0.4 * hits["target"] + 0.3 * hits["attacker"] + 0.3 * country
    if key < PAIR_THRESHOLD:
        return key
    others = sum(hits[s] for s in ("weapon", "attribution", "killed", "injured"))
    return key + 0.01 * others + 0.05 * (not gold.optional)


def pair_events(golds: list[EventView], preds: list[EventView]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing, best score first, as (gold index, predicted index).

    Exact ties go to the later gold event, then the later prediction, as in the reference.
    """
    candidates = sorted(
        ((pair_score(g, p), i, j) for i, g in enumerate(golds) for j, p in enumerate(preds)),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for score, i, j in candidates:
        if score < PAIR_THRESHOLD or i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        pairs.append((i, j))
    return pairs


def event_verdicts(gold_events: list[Json], pred_events: list[Json]) -> list[bool | None]:
    """Each predicted event as the scorer pairs it: True when it pairs with a gold event
    that is not optional, None with an optional one (neither way), False with none."""
    golds = [gold_event_view(e) for e in gold_events]
    preds = [pred_event_view(e) for e in pred_events]
    paired = {j: i for i, j in pair_events(golds, preds)}
    return [None if j in paired and golds[paired[j]].optional else j in paired
            for j in range(len(preds))]


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 (1.0 each when nothing was expected and nothing predicted)."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, tp: int, n_pred: int, n_gold: int) -> PRF:
        p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
        r = tp / n_gold if n_gold else (1.0 if not n_pred else 0.0)
        return cls(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def _counter() -> dict[str, int]:
    return dict.fromkeys(FIELDS, 0)


@dataclass
class ArticleScore:
    """The counts of one article; figures are derived from them."""

    name: str = ""
    slot_tp: int = 0
    slot_pred: int = 0
    slot_gold: int = 0
    ev_tp: int = 0
    ev_fp: int = 0
    ev_fn: int = 0
    field_hits: dict[str, int] = field(default_factory=_counter)
    field_n: dict[str, int] = field(default_factory=_counter)
    grounded_ok: int = 0
    grounded_all: int = 0
    pairs: list[tuple[int, int]] = field(default_factory=list)

    @property
    def slots(self) -> PRF:
        return PRF.of(self.slot_tp, self.slot_pred, self.slot_gold)

    @property
    def events(self) -> PRF:
        return PRF.of(self.ev_tp, self.ev_tp + self.ev_fp, self.ev_tp + self.ev_fn)

    @property
    def slot_f1(self) -> float:
        return self.slots.f1


def _reaction_names(reaction: Json) -> list[str]:
    actor = reaction.get("actor")
    if isinstance(actor, dict):
        return [actor.get("name") or "", *(actor.get("aliases") or [])]
    return [actor or ""]


def _stance(value: Any) -> str:
    return normalize(value if isinstance(value, str) else None).replace(" ", "_")


def _score_events(score: ArticleScore, gold_events: list[Json], pred_events: list[Json]) -> None:
    golds = [gold_event_view(e) for e in gold_events]
    preds = [pred_event_view(e) for e in pred_events]
    score.pairs = pair_events(golds, preds)
    for i, j in score.pairs:
        if golds[i].optional:
            continue
        hits = slot_hits(golds[i], preds[j])
        score.ev_tp += 1
        for slot in EVENT_SLOTS:
            score.field_n[slot] += 1
            score.field_hits[slot] += hits[slot]
        score.slot_tp += sum(hits.values())
        score.slot_pred += len(EVENT_SLOTS)
        score.slot_gold += len(EVENT_SLOTS)
    paired_gold = {i for i, _ in score.pairs}
    missed = [g for i, g in enumerate(golds) if i not in paired_gold and not g.optional]
    score.ev_fn += len(missed)
    score.slot_gold += len(EVENT_SLOTS) * len(missed)
    score.ev_fp += len(preds) - len(score.pairs)
    score.slot_pred += len(EVENT_SLOTS) * (len(preds) - len(score.pairs))


def _score_reactions(
    score: ArticleScore, gold_reactions: list[Json], pred_reactions: list[Json]
) -> None:
    """Each gold reaction takes the first unused prediction whose actor matches."""
    used: set[int] = set()
    for gold in gold_reactions:
        score.slot_gold += len(REACTION_SLOTS)
        score.field_n["actor"] += 1
        names = [gold.get("actor") or ""]
        partner = next(
            (
                j
                for j, pred in enumerate(pred_reactions)
                if j not in used and names_match(names, _reaction_names(pred))
            ),
            None,
        )
        if partner is None:
            continue
        used.add(partner)
        stance_ok = _stance(pred_reactions[partner].get("stance")) == _stance(gold.get("stance"))
        score.slot_tp += 1 + stance_ok
        score.field_hits["actor"] += 1
        score.field_n["stance"] += 1
        score.field_hits["stance"] += stance_ok
    score.slot_pred += len(REACTION_SLOTS) * len(pred_reactions)


def quotes(pred: Json) -> list[str]:
    """Every evidence quote and reaction quote of a brief."""
    found: list[Any] = []
    for event in _mappings(pred.get("events")):
        found += [_span_quote(span) for span in event.get("evidence") or []]
    for reaction in _mappings(pred.get("reactions")):
        if reaction.get("quote"):
            found.append(reaction["quote"])
        found += [_span_quote(span) for span in reaction.get("evidence") or []]
    return [q for q in found if q]


def _span_quote(span: Any) -> Any:
    return span.get("quote") if isinstance(span, dict) else span


def grounding(pred: Json, text: str) -> tuple[int, int]:
    """(quotes that are verbatim substrings of the text, all quotes)."""
    found = quotes(pred)
    return sum(1 for q in found if isinstance(q, str) and q in text), len(found)


def _mappings(items: Any) -> list[Json]:
    """The objects of a JSON list; anything else in it is ignored (the reference would fail)."""
    return [item for item in items or [] if isinstance(item, Mapping)]


def _as_dict(value: GoldFile | Brief | Json | None) -> Json:
    if value is None:
        return {}
    if isinstance(value, GoldFile | Brief):
        return value.model_dump(mode="json")
    return value


def score_article(
    gold: GoldFile | Json, pred: Brief | Json | None, *, name: str = ""
) -> ArticleScore:
    """Score one brief (contract JSON or a ``Brief``; None = no prediction) against its gold."""
    gold_data = _as_dict(gold)
    pred_data = _as_dict(pred)
    if not name and isinstance(gold, GoldFile):
        name = gold.stem
    score = ArticleScore(name=name)
    _score_events(score, gold_data["gold"]["events"], _mappings(pred_data.get("events")))
    _score_reactions(score, gold_data["gold"]["reactions"], _mappings(pred_data.get("reactions")))
    score.grounded_ok, score.grounded_all = grounding(pred_data, gold_data["text"])
    return score


@dataclass
class Report:
    """Scores of many articles and their micro-averaged totals."""

    articles: list[ArticleScore]

    def _sum(self, attr: str) -> int:
        return sum(int(getattr(a, attr)) for a in self.articles)

    @property
    def slots(self) -> PRF:
        return PRF.of(self._sum("slot_tp"), self._sum("slot_pred"), self._sum("slot_gold"))

    @property
    def events(self) -> PRF:
        tp = self._sum("ev_tp")
        return PRF.of(tp, tp + self._sum("ev_fp"), tp + self._sum("ev_fn"))

    @property
    def fields(self) -> dict[str, tuple[int, int]]:
        """Per field: (hits, paired events or gold reactions it was compared on)."""
        return {
            s: (
                sum(a.field_hits[s] for a in self.articles),
                sum(a.field_n[s] for a in self.articles),
            )
            for s in FIELDS
        }

    @property
    def grounded(self) -> tuple[int, int]:
        return self._sum("grounded_ok"), self._sum("grounded_all")

    def totals(self) -> dict[str, Any]:
        """The figures, rounded to 4 places: the keys of the reference's ``--json`` plus more."""
        slots, events = self.slots, self.events
        return {
            "slot_f1": round(slots.f1, 4),
            "slot_p": round(slots.precision, 4),
            "slot_r": round(slots.recall, 4),
            "event_p": round(events.precision, 4),
            "event_r": round(events.recall, 4),
            "event_f1": round(events.f1, 4),
            "grounded": list(self.grounded),
            "fields": {s: list(v) for s, v in self.fields.items()},
        }


def score_all(
    items: Iterable[tuple[str, GoldFile | Json, Brief | Json | None]],
) -> Report:
    """Score (name, gold, prediction or None) triples; a missing prediction is an empty brief."""
    return Report([score_article(gold, pred, name=name) for name, gold, pred in items])
