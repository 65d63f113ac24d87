"""``summarizer eval GOLD_DIR``: brief every gold article, score, print a table, write a report.

With ``--predictions DIR`` the saved briefs ``DIR/STEM.json`` are scored and no model runs
(like the reference ``score.py``). Otherwise briefs come from ``Summarizer`` (imported only
then) and are saved next to the report as ``briefs/STEM.json``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from summarizer.cliutil import ApiKey, BaseUrl, Gguf, Model, user_errors
from summarizer.errors import BadSetting, OptionsConflict, ReadingUnusable
from summarizer.eval.calibration import Calibration, Loader, calibrate
from summarizer.eval.gold import load_gold_dir
from summarizer.eval.replay import replay_from, saved_reading
from summarizer.eval.rules import RuleStats, default_group, rule_report
from summarizer.eval.run import ArticleRow, EvalReport, run_eval, write_report
from summarizer.models import Brief
from summarizer.pipeline.confidence import packaged_weights
from summarizer.reader import article_from_text

DEFAULT_REPORT = Path("eval-report.json")


async def _evaluate(
    gold_dir: Path, flags: dict[str, Any], predictions: Path | None, out: Path, progress: bool,
    answers: Path | None = None,
    explain: bool = False,
    min_confidence: float | None = None,
) -> EvalReport:
    if predictions is not None:
        return await run_eval(gold_dir, predictions=predictions, out=out, progress=progress,
                              model=flags.get("model"))
    if answers is not None:
        return await run_eval(gold_dir, make_brief=replay_from(answers, explain=explain,
                                                         min_confidence=min_confidence),
                              out=out, progress=False, model=flags.get("model"))
    from summarizer.api import Summarizer  # lazily: only a model run needs it

    saved = out.parent / "answers"
    async with Summarizer(**flags) as summarizer:

        async def make_brief(text: str, stem: str) -> Brief:
            reading = await summarizer.aread(article_from_text(text, stem))
            reading.save(saved / f"{stem}.json")
            return reading.brief(explain=explain, min_confidence=min_confidence)

        return await run_eval(gold_dir, make_brief=make_brief, out=out, progress=progress,
                              model=flags.get("model"))


def _pct(ok: int, total: int) -> str:
    return f"{ok}/{total} ({100 * ok / total:.0f}%)" if total else "0/0"


def print_report(report: EvalReport, console: Console) -> None:
    """One table row per article, then the totals line."""
    table = Table(title=f"eval of {report.gold_dir}", title_justify="left")
    table.add_column("article", overflow="fold")
    table.add_column("events\ntp/fp/fn", justify="right")
    table.add_column("slot\nF1", justify="right")
    table.add_column("s", justify="right")
    if report.errors:
        table.add_column("error", overflow="fold")
    for row in report.rows:
        score = row.score
        cells = [
            row.stem,
            f"{score.ev_tp}/{score.ev_fp}/{score.ev_fn}",
            f"{score.slot_f1:.2f}",
            "-" if row.seconds is None else f"{row.seconds:.1f}",
        ]
        table.add_row(*cells, *([row.error or ""] if report.errors else []))
    console.print(table)
    slots, events = report.scores.slots, report.scores.events
    mean = report.mean_seconds
    console.print(
        f"slot F1 {slots.f1:.3f} (P {slots.precision:.3f} R {slots.recall:.3f})  "
        f"events P/R/F1 {events.precision:.2f}/{events.recall:.2f}/{events.f1:.2f}  "
        f"grounded {_pct(*report.scores.grounded)}  "
        + ("-" if mean is None else f"{mean:.1f}") + " s/article",
        highlight=False,
        soft_wrap=True,
    )
    if report.errors:
        console.print(f"{len(report.errors)} article(s) scored as empty briefs after errors",
                      highlight=False)


def print_groups(report: EvalReport, console: Console) -> None:
    """The totals line per group of articles (``rules.default_group``)."""
    stems = sorted(row.stem for row in report.rows)
    groups: dict[str, list[ArticleRow]] = {}
    for row in report.rows:
        groups.setdefault(default_group(row.stem, stems), []).append(row)
    for name in sorted(groups):
        rows = groups[name]
        part = EvalReport(report.gold_dir, rows)
        slots, events = part.scores.slots, part.scores.events
        mean = part.mean_seconds
        console.print(f"{name:>9} ({len(rows):2d}): slot F1 {slots.f1:.3f} "
                      f"(P {slots.precision:.3f} R {slots.recall:.3f})  events P/R/F1 "
                      f"{events.precision:.2f}/{events.recall:.2f}/{events.f1:.2f}  "
                      + ("-" if mean is None else f"{mean:.1f}") + " s/article",
                      highlight=False, soft_wrap=True)


def _loader(answers: Path) -> Loader:
    """The saved reading of a gold article in ``answers``."""
    return lambda gold: saved_reading(answers, gold.text, gold.stem)


def _calibration(report: EvalReport, saved: Path) -> Calibration:
    """The calibration of the articles this run briefed, from the answers in ``saved``: not
    one that failed (a stale answers file of an earlier run may stand in its place)."""
    done = [row.gold for row in report.rows if row.error is None]
    cal = calibrate(done, _loader(saved), packaged=packaged_weights().threshold,
                    this_run=report.extra["min_confidence"])
    cal.left_out = [row.stem for row in report.rows if row.error is not None] + cal.left_out
    if not cal.articles:
        raise ReadingUnusable(saved, f"none of the {len(report.rows)} articles has answers "
                              "saved by this run: nothing to calibrate")
    return cal


def print_calibration(cal: Calibration, console: Console, every_article: bool) -> None:
    """The bands' precision, then what each threshold scores (``every_article``: the cuts
    cover every article the run scored, so its own threshold's row is its totals)."""
    bands = Table(title="confidence calibration", title_justify="left")
    for name in ("confidence", "true", "background", "false", "precision"):
        bands.add_column(name, justify="right")
    for b in reversed(cal.bands):
        p = b.precision
        bands.add_row(f"{b.low:.1f}-{b.low + 0.1:.1f}", str(b.true), str(b.background),
                      str(b.false), "-" if p is None else f"{p:.2f}")
    console.print(bands)
    cuts = Table(title="what each --min-confidence gives on this gold set",
                 title_justify="left")
    for name in ("threshold", "events", "event P/R/F1", "slot F1", ""):
        cuts.add_column(name, justify="right")
    this_run = "this run" if every_article else "this run's cut"
    for c in cal.cuts:
        marks = [m for m, t in (("packaged", cal.packaged), (this_run, cal.this_run))
                 if abs(c.threshold - t) < 1e-9]
        cuts.add_row(f"{c.threshold:g}", str(c.events),
                     f"{c.event_p:.2f}/{c.event_r:.2f}/{c.event_f1:.2f}", f"{c.slot_f1:.3f}",
                     ", ".join(marks))
    console.print(cuts)
    notes = [f"{cal.articles} articles"]
    if cal.unscored:
        notes.append(f"{cal.unscored} events of texts too short to score (kept at any cut)")
    if cal.left_out:
        notes.append(f"{len(cal.left_out)} left out (an error, or no saved answers)")
    console.print("; ".join(notes), highlight=False, soft_wrap=True)


def print_rules(stats: list[RuleStats], console: Console) -> None:
    """One row per rule id: articles, decisions, agreement with the gold, per group."""
    groups = sorted({g for s in stats for g in s.groups})
    table = Table(title="rule report (agree/judged where the gold decides the field)",
                  title_justify="left")
    table.add_column("rule", overflow="fold")
    table.add_column("articles", justify="right")
    table.add_column("decisions", justify="right")
    table.add_column("agree", justify="right")
    for g in groups:
        table.add_column(g, justify="right")
    table.add_column("flags")
    for s in stats:
        cells = [f"{v.agree}/{v.judged} ({len(v.articles)}a)" if (v := s.groups.get(g)) else "-"
                 for g in groups]
        acc = f"{s.total.agree}/{s.total.judged}" if s.total.judged else "-"
        table.add_row(s.rule, str(len(s.total.articles)), str(s.total.decisions), acc, *cells,
                      ", ".join(s.flags))
    # piped or saved, the table keeps its columns whole instead of folding them to 80
    wide = console if console.is_terminal else Console(width=160)
    wide.print(table)
    wide.print(f"{len(stats)} rule ids fired", highlight=False)


def eval_command(
    gold_dir: Annotated[
        Path, typer.Argument(help="Folder of gold files (*.json, shared/eval/README.md format).")
    ],
    model: Model = None,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
    gguf: Gguf = None,
    predictions: Annotated[
        Path | None,
        typer.Option(help="Score saved briefs DIR/STEM.json instead of running a model."),
    ] = None,
    out: Annotated[
        Path, typer.Option(help="Report JSON to write; made briefs go to its folder's briefs/.")
    ] = DEFAULT_REPORT,
    answers: Annotated[
        Path | None,
        typer.Option(help="Replay the model answers a model run saved (its answers/ folder) "
                          "instead of running a model: offline, in seconds."),
    ] = None,
    progress: Annotated[
        bool, typer.Option(help="Print each article as it is briefed (stderr).")
    ] = True,
    by_group: Annotated[
        bool,
        typer.Option("--by-group", help="Also print the figures per group of the dev set: "
                     "tune/check halves of the first 30 articles, new-look (d*, e*) and "
                     "new-held (f*, g*)."),
    ] = False,
    rules: Annotated[
        bool,
        typer.Option("--rules", help="Also print the rule report: for every rule id, the "
                     "articles it fired in, its decisions and how many agree with the gold, "
                     "per group of the dev set (fast with --answers)."),
    ] = False,
    min_confidence: Annotated[
        float | None,
        typer.Option("--min-confidence", envvar="SUMMARIZER_MIN_CONFIDENCE",
                     help="Drop events whose confidence is below this, from 0 to 1 (0 keeps "
                     "every event the rules make; default: the packaged threshold, 0.4). "
                     "Saved briefs (--predictions) are scored as they are."),
    ] = None,
    calibration: Annotated[
        bool,
        typer.Option("--calibration",
                     help="Also print how often the events of each confidence band are true "
                     "on this gold set, and what each --min-confidence from 0 to 0.9 would "
                     "score: to choose the threshold for your own articles (replays the "
                     "run's saved answers: no more model calls; not with --predictions)."),
    ] = False,
) -> None:
    """Score briefs against a gold set: slot and event P/R/F1, field accuracy, grounding."""
    flags = {k: v for k, v in {"model": model, "base_url": base_url, "api_key": api_key,
                               "gguf": gguf}.items() if v is not None}
    with user_errors():
        if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:  # nan too
            raise BadSetting("min_confidence", min_confidence, "it must be from 0 to 1",
                             "SUMMARIZER_MIN_CONFIDENCE")
        if predictions is not None and calibration:
            raise OptionsConflict("--calibration", "--predictions",
                                  "saved briefs carry no confidence; replay the run's "
                                  "answers (--answers DIR) instead")
        if predictions is not None:
            min_confidence = None  # saved briefs are scored as they are
        load_gold_dir(gold_dir)  # a bad gold set fails before any model starts
        report = asyncio.run(_evaluate(gold_dir, flags, predictions, out, progress, answers,
                                       explain=rules, min_confidence=min_confidence))
    if predictions is None:  # which cut made the briefs
        report.extra["min_confidence"] = (packaged_weights().threshold
                                          if min_confidence is None else min_confidence)
        write_report(report, out)
    console = Console()
    print_report(report, console)
    if by_group:
        print_groups(report, console)
    if rules:
        stats = rule_report((row.gold, Brief.model_validate(row.prediction))
                            for row in report.rows if row.prediction)
        print_rules(stats, console)
        report.extra["rules"] = [{"rule": s.rule, **s.total.to_json(), "flags": s.flags,
                                  "groups": {k: v.to_json() for k, v in s.groups.items()}}
                                 for s in stats]
        write_report(report, out)
    if calibration:
        saved = answers if answers is not None else out.parent / "answers"
        with user_errors():
            cal = _calibration(report, saved)
        print_calibration(cal, console, every_article=not cal.left_out)
        report.extra["calibration"] = cal.to_json()
        write_report(report, out)
    console.print(f"report: {out}", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add ``eval`` to the main typer app."""
    app.command("eval")(eval_command)
