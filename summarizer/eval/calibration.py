"""How often the events of each confidence band are true on a gold set, and what each
``--min-confidence`` threshold would score there (``summarizer eval GOLD --calibration``).

The packaged threshold was chosen on the project's probes; a user's own articles may want
another. The table is made from the model's saved answers, replayed (no model call): the
briefs at threshold 0, traced, give each event's confidence (:meth:`Brief.confidences`) and its
pairing with the gold; the briefs remade at each threshold give the figures a cut there
scores. They are remade, not filtered, because what runs after the cut (the toll and country
of a brief's one event) depends on what the cut keeps.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from summarizer.errors import ReadingUnusable
from summarizer.eval.gold import GoldFile
from summarizer.eval.scoring import gold_event_view, pair_events, pred_event_view, score_all
from summarizer.models import Brief

# a brief maker for one threshold: (text, stem, threshold, traced) -> brief
Remake = Callable[[str, str, float, bool], Awaitable[Brief]]

THRESHOLDS: tuple[float, ...] = tuple(round(0.1 * i, 1) for i in range(10))


@dataclass
class Band:
    """The events whose confidence is from ``low`` to ``low`` + 0.1: how many pair with a
    gold strike (``true``), with a background or aggregate one (neither right nor wrong, as
    the scorer counts them), or with none (``false``)."""

    low: float
    true: int = 0
    background: int = 0
    false: int = 0

    @property
    def precision(self) -> float | None:
        judged = self.true + self.false
        return self.true / judged if judged else None

    def to_json(self) -> dict[str, Any]:
        p = self.precision
        return {"from": self.low, "to": round(self.low + 0.1, 1), "true": self.true,
                "background": self.background, "false": self.false,
                "precision": None if p is None else round(p, 4)}


@dataclass(frozen=True)
class Cut:
    """What the briefs remade at one threshold score."""

    threshold: float
    events: int
    event_p: float
    event_r: float
    event_f1: float
    slot_f1: float

    def to_json(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "events": self.events,
                "event_p": round(self.event_p, 4), "event_r": round(self.event_r, 4),
                "event_f1": round(self.event_f1, 4), "slot_f1": round(self.slot_f1, 4)}


@dataclass
class Calibration:
    """The bands, the cuts, the packaged threshold, and what could not be replayed."""

    bands: list[Band]
    cuts: list[Cut]
    packaged: float
    unscored: int = 0  # events of texts too short for the confidence (kept at any cut)
    articles: int = 0
    missing: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"packaged_threshold": self.packaged, "articles": self.articles,
                "missing_answers": self.missing, "unscored_events": self.unscored,
                "bands": [b.to_json() for b in self.bands],
                "cuts": [c.to_json() for c in self.cuts]}


def _band(bands: list[Band], p: float) -> Band:
    return bands[min(int(p * 10 + 1e-9), len(bands) - 1)]


async def calibrate(golds: Sequence[GoldFile], remake: Remake, packaged: float,
                    thresholds: Sequence[float] = THRESHOLDS) -> Calibration:
    """The calibration of ``golds``' briefs as ``remake`` makes them from saved answers; an
    article whose answers cannot be replayed is left out and named."""
    bands = [Band(round(0.1 * i, 1)) for i in range(10)]
    cal = Calibration(bands, [], packaged)
    usable: list[GoldFile] = []
    for gold in golds:
        try:
            brief = await remake(gold.text, gold.stem, 0.0, True)
        except ReadingUnusable:
            cal.missing.append(gold.stem)
            continue
        usable.append(gold)
        golds_v = [gold_event_view(e.model_dump()) for e in gold.gold.events]
        preds_v = [pred_event_view(e.model_dump(mode="json")) for e in brief.events]
        paired = {j: i for i, j in pair_events(golds_v, preds_v)}
        for j, p in enumerate(brief.confidences()):
            if p is None:
                cal.unscored += 1
                continue
            band, gi = _band(bands, p), paired.get(j)
            if gi is None:
                band.false += 1
            elif golds_v[gi].optional:
                band.background += 1
            else:
                band.true += 1
    cal.articles = len(usable)
    for t in sorted({*thresholds, packaged}):
        briefs = [await remake(g.text, g.stem, t, False) for g in usable]
        report = score_all((g.stem, g, b) for g, b in zip(usable, briefs, strict=True))
        events = report.events
        cal.cuts.append(Cut(t, sum(len(b.events) for b in briefs), events.precision,
                            events.recall, events.f1, report.slots.f1))
    return cal
