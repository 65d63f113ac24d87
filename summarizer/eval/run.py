"""Run an evaluation: brief every gold article (or read saved briefs), score, write a report.

Briefs come from ``--predictions DIR/STEM.json`` when that file exists, else from a
``make_brief(text, stem)`` coroutine (the CLI passes one backed by ``Summarizer``). A brief
that fails with a ``SummarizerError`` is scored as an empty brief and its error recorded;
errors that would recur for every article (bad key, no quota, no endpoint) stop the run.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from rich.console import Console

from summarizer.errors import (
    AuthFailed,
    EndpointUnreachable,
    EvalOutputError,
    LocalModelError,
    PredictionsNotFound,
    QuotaExceeded,
    SummarizerError,
)
from summarizer.eval.gold import GoldFile, load_gold_dir
from summarizer.eval.scoring import ArticleScore, Report, score_article
from summarizer.models import Brief

__all__ = ["ArticleRow", "BriefMaker", "EvalOutputError", "EvalReport", "PredictionsNotFound",
           "load_gold_dir", "run_eval"]

BriefMaker = Callable[[str, str], Awaitable[Brief]]
Origin = Literal["predictions", "model", "missing"]

# Failures that would repeat for every remaining article: stop instead of scoring zeros.
FATAL_ERRORS: tuple[type[SummarizerError], ...] = (
    AuthFailed,
    QuotaExceeded,
    EndpointUnreachable,
    LocalModelError,
)


@dataclass
class ArticleRow:
    """One gold article: where its brief came from, its scores, time and error."""

    gold: GoldFile
    prediction: dict[str, Any]
    score: ArticleScore
    origin: Origin
    seconds: float | None = None
    error: str | None = None

    @property
    def stem(self) -> str:
        return self.gold.stem

    @property
    def spans_at_offsets(self) -> tuple[int, int]:
        """(evidence spans with ``text[start:end] == quote``, all evidence spans)."""
        spans = [span for item in _items(self.prediction) for span in item.get("evidence") or []]
        ok = sum(1 for span in spans if _at_offsets(span, self.gold.text))
        return ok, len(spans)

    def to_json(self) -> dict[str, Any]:
        slots = self.score.slots
        return {
            "stem": self.stem,
            "origin": self.origin,
            "slot_f1": round(slots.f1, 4),
            "slot_p": round(slots.precision, 4),
            "slot_r": round(slots.recall, 4),
            "ev_tp": self.score.ev_tp,
            "ev_fp": self.score.ev_fp,
            "ev_fn": self.score.ev_fn,
            "gold_events": len(self.gold.gold.events),
            "pred_events": len(_events(self.prediction)),
            "grounded": [self.score.grounded_ok, self.score.grounded_all],
            "quotes_verbatim_at_offsets": list(self.spans_at_offsets),
            "seconds": None if self.seconds is None else round(self.seconds, 3),
            "error": self.error,
        }


def _events(pred: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [e for e in pred.get("events") or [] if isinstance(e, Mapping)]


def _items(pred: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    reactions = [r for r in pred.get("reactions") or [] if isinstance(r, Mapping)]
    return _events(pred) + reactions


def _at_offsets(span: Any, text: str) -> bool:
    if not isinstance(span, Mapping):
        return False
    quote, start, end = span.get("quote"), span.get("start"), span.get("end")
    if not (isinstance(quote, str) and isinstance(start, int) and isinstance(end, int)):
        return False
    return 0 <= start <= end and text[start:end] == quote


def _rate(ok: int, total: int) -> float | None:
    return round(ok / total, 4) if total else None


@dataclass
class EvalReport:
    """All rows of one evaluation run plus what it ran with."""

    gold_dir: Path
    rows: list[ArticleRow]
    predictions: Path | None = None
    model: str | None = None
    prompt_version: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def scores(self) -> Report:
        return Report([row.score for row in self.rows])

    @property
    def errors(self) -> list[ArticleRow]:
        return [row for row in self.rows if row.error]

    @property
    def no_strike_articles_with_events(self) -> list[str]:
        """Articles whose gold has no event but whose brief reports some."""
        return [r.stem for r in self.rows if not r.gold.gold.events and _events(r.prediction)]

    @property
    def spans_at_offsets(self) -> tuple[int, int]:
        pairs = [row.spans_at_offsets for row in self.rows]
        return sum(ok for ok, _ in pairs), sum(n for _, n in pairs)

    @property
    def mean_seconds(self) -> float | None:
        """Mean seconds per article over the articles that were timed."""
        timed = [row.seconds for row in self.rows if row.seconds is not None]
        return sum(timed) / len(timed) if timed else None

    def to_json(self) -> dict[str, Any]:
        scores = self.scores
        ok, total = scores.grounded
        at_ok, at_all = self.spans_at_offsets
        mean = self.mean_seconds
        return {
            "model": self.model,
            "prompt_version": self.prompt_version,
            "gold_dir": str(self.gold_dir),
            "predictions": None if self.predictions is None else str(self.predictions),
            **self.extra,
            "articles": [row.to_json() for row in self.rows],
            "totals": scores.totals(),
            "fields": {
                name: {"hits": hits, "n": n, "accuracy": _rate(hits, n)}
                for name, (hits, n) in scores.fields.items()
            },
            "grounding": {"ok": ok, "all": total, "rate": _rate(ok, total)},
            "quotes_verbatim_at_offsets": {"ok": at_ok, "all": at_all,
                                           "rate": _rate(at_ok, at_all)},
            "no_strike_articles_with_events": self.no_strike_articles_with_events,
            "errors": len(self.errors),
            "mean_seconds_per_article": None if mean is None else round(mean, 3),
        }


def _read_prediction(path: Path) -> tuple[dict[str, Any], str | None]:
    """A saved brief as JSON, or an empty one and why it could not be used."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        return {}, f"unreadable prediction {path.name}: {err.__class__.__name__}"
    if not isinstance(data, dict):
        return {}, f"prediction {path.name} is not a JSON object"
    return data, None


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise EvalOutputError(path, err.strerror or err.__class__.__name__) from None


def _check_writable(out: Path) -> None:
    """Fail before an hour of briefs, not after, when the report cannot be written."""
    if out.is_dir():
        raise EvalOutputError(out, "it is a folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise EvalOutputError(out, err.strerror or err.__class__.__name__) from None


def _meta_value(rows: list[ArticleRow], key: str, fallback: str | None) -> str | None:
    """The briefs' ``meta[key]`` (several distinct values joined), else the fallback."""
    values: list[str] = []
    for row in rows:
        meta = row.prediction.get("meta")
        value = meta.get(key) if isinstance(meta, Mapping) else None
        if isinstance(value, str) and value not in values:
            values.append(value)
    return ", ".join(values) if values else fallback


async def _brief_one(
    gold: GoldFile, make_brief: BriefMaker, briefs_dir: Path | None
) -> tuple[dict[str, Any], float, str | None]:
    started = time.perf_counter()
    try:
        brief = await make_brief(gold.text, gold.stem)
    except FATAL_ERRORS:
        raise
    except SummarizerError as err:
        return {}, time.perf_counter() - started, f"{err.__class__.__name__}: {err}"
    seconds = time.perf_counter() - started
    if briefs_dir is not None:
        _write(briefs_dir / f"{gold.stem}.json", brief.model_dump_json(indent=2) + "\n")
    return brief.model_dump(mode="json"), seconds, None


async def run_eval(
    gold_dir: Path,
    *,
    make_brief: BriefMaker | None = None,
    predictions: Path | None = None,
    out: Path | None = None,
    progress: bool = False,
    model: str | None = None,
    prompt_version: str | None = None,
    console: Console | None = None,
) -> EvalReport:
    """Score a brief for every gold file of ``gold_dir`` and write the report to ``out``.

    Briefs made by ``make_brief`` are saved as ``<out's folder>/briefs/STEM.json``.
    ``model`` and ``prompt_version`` are used when the briefs' ``meta`` does not name them.
    """
    golds = load_gold_dir(gold_dir)
    if predictions is not None and not predictions.is_dir():
        raise PredictionsNotFound(predictions)
    briefs_dir = out.parent / "briefs" if out is not None else None
    if out is not None:
        _check_writable(out)
    console = console or Console(stderr=True)
    rows: list[ArticleRow] = []
    for n, gold in enumerate(golds, 1):
        saved = predictions / f"{gold.stem}.json" if predictions is not None else None
        seconds: float | None = None
        if saved is not None and saved.is_file():
            origin: Origin = "predictions"
            pred, error = _read_prediction(saved)
            meta = pred.get("meta")
            if isinstance(meta, Mapping) and isinstance(meta.get("seconds"), int | float):
                seconds = float(meta["seconds"])
        elif make_brief is not None:
            if progress:
                console.print(f"[{n}/{len(golds)}] {gold.stem} ...", highlight=False)
            origin = "model"
            pred, seconds, error = await _brief_one(gold, make_brief, briefs_dir)
        else:
            origin, pred, error = "missing", {}, "no prediction"
        score = score_article(gold, pred, name=gold.stem)
        rows.append(ArticleRow(gold, pred, score, origin, seconds, error))
        if progress and origin == "model":
            took = f"{seconds:.1f}s" if seconds is not None else "-"
            console.print(f"    slot F1 {score.slot_f1:.2f} in {took}"
                          + (f"  ({error})" if error else ""), highlight=False)
    report = EvalReport(
        gold_dir=gold_dir,
        rows=rows,
        predictions=predictions,
        model=_meta_value(rows, "model", model),
        prompt_version=_meta_value(rows, "prompt_version", prompt_version),
    )
    if out is not None:
        write_report(report, out)
    return report


def write_report(report: EvalReport, out: Path) -> None:
    """The report as JSON at ``out``."""
    _write(out, json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n")
