"""How often the events of each confidence band are right on a gold set, and what each
``--min-confidence`` threshold would score there (``summarizer eval GOLD --calibration``).

The packaged threshold was chosen on the project's probes; a user's own articles may want
another. The table is made from the model's saved answers, replayed (no model call): the
brief at threshold 0, traced, gives each event's confidence (:meth:`Brief.confidences`) and
its pairing with the gold; the briefs remade at each threshold give the figures a cut there
scores. They are remade, not filtered, because what runs after the cut (the toll and country
of a brief's one event) depends on what the cut keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from summarizer.errors import ReadingUnusable
from summarizer.eval.gold import GoldFile
from summarizer.eval.scoring import event_verdicts, score_all
from summarizer.pipeline.reading import Reading

# the saved reading of one gold article (ReadingUnusable when there is none)
Loader = Callable[[GoldFile], Reading]

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
    """The bands, the cuts, the thresholds they are compared with, and what was left out."""

    bands: list[Band]
    cuts: list[Cut]
    packaged: float
    this_run: float
    articles: int = 0
    unscored: int = 0  # events of texts too short for the confidence (kept at any cut)
    left_out: list[str] = field(default_factory=list)  # articles with no usable answers

    def to_json(self) -> dict[str, Any]:
        return {"packaged_threshold": self.packaged, "this_run_threshold": self.this_run,
                "articles": self.articles, "left_out": self.left_out,
                "unscored_events": self.unscored,
                "bands": [b.to_json() for b in self.bands],
                "cuts": [c.to_json() for c in self.cuts]}


def _band(p: float, n: int) -> int:
    """The band of score ``p``: the largest i with i / 10 <= p, as a cut at i / 10 keeps it
    (0.3 is in the band from 0.3, though 0.3 * 10 is 2.9999...)."""
    i = int(p * 10)
    while i + 1 < n and (i + 1) / 10 <= p:
        i += 1
    while i > 0 and i / 10 > p:
        i -= 1
    return min(i, n - 1)


def calibrate(golds: Sequence[GoldFile], load: Loader, *, packaged: float, this_run: float,
              thresholds: Sequence[float] = THRESHOLDS) -> Calibration:
    """The calibration of ``golds``' briefs remade from their saved readings; an article
    whose reading cannot be loaded is left out and named."""
    bands = [Band(round(0.1 * i, 1)) for i in range(10)]
    cal = Calibration(bands, [], packaged, this_run)
    usable: list[tuple[GoldFile, Reading]] = []
    for gold in golds:
        try:
            usable.append((gold, load(gold)))
        except ReadingUnusable:
            cal.left_out.append(gold.stem)
    cal.articles = len(usable)
    if not usable:
        return cal  # nothing to calibrate: no band, no cut
    for gold, reading in usable:
        brief = reading.brief(explain=True, min_confidence=0.0)
        verdicts = event_verdicts([e.model_dump(mode="json") for e in gold.gold.events],
                                  brief.model_dump(mode="json")["events"])
        for p, true in zip(brief.confidences(), verdicts, strict=True):
            if p is None:
                cal.unscored += 1
                continue
            band = bands[_band(p, len(bands))]
            if true is None:
                band.background += 1
            elif true:
                band.true += 1
            else:
                band.false += 1
    for t in sorted({*thresholds, packaged, this_run}):
        briefs = [reading.brief(min_confidence=t) for _, reading in usable]
        report = score_all((g.stem, g, b) for (g, _), b in zip(usable, briefs, strict=True))
        cal.cuts.append(Cut(t, sum(len(b.events) for b in briefs), report.events.precision,
                            report.events.recall, report.events.f1, report.slots.f1))
    return cal
