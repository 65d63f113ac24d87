"""``summarizer batch``: brief many articles into a JSONL file, resumably.

``register(app)`` adds the command to the main typer app; nothing runs at import time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarizer.batch.cache import BriefCache
from summarizer.cliutil import (
    ApiKey,
    BaseUrl,
    Gguf,
    MinConfidence,
    Model,
    Published,
    user_errors,
)
from summarizer.errors import BatchError, PartialFailure
from summarizer.published import optional_published
from summarizer.settings import CACHE_ENV, Settings

INTERRUPTED = "interrupted: finished briefs are saved; rerun the same command to continue"

if TYPE_CHECKING:
    from summarizer.batch import openai_batch as ob
    from summarizer.batch.pages import ReviewPages
    from summarizer.batch.session import BatchApiOptions, DirectOptions, Outputs


class Via(StrEnum):
    direct = "direct"
    openai_batch = "openai-batch"


def register(app: typer.Typer) -> None:
    """Add ``batch`` to ``app``."""
    app.command("batch", no_args_is_help=True)(batch_command)


def batch_command(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, directories, globs, or JSONL files of {id, text} records.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="JSONL file the briefs are appended to (resumable)."),
    ] = None,
    errors: Annotated[
        Path | None,
        typer.Option("--errors", help="JSONL file of failures \\[default: OUT.errors.jsonl]."),
    ] = None,
    concurrency: Annotated[
        int,
        typer.Option(help="Articles in flight at once.", envvar="SUMMARIZER_CONCURRENCY", min=1),
    ] = 8,
    rpm: Annotated[
        float | None,
        typer.Option("--rpm", help="Requests-per-minute limit.", envvar="SUMMARIZER_RPM", min=0),
    ] = None,
    tpm: Annotated[
        float | None,
        typer.Option("--tpm", help="Tokens-per-minute limit.", envvar="SUMMARIZER_TPM", min=0),
    ] = None,
    via: Annotated[
        Via,
        typer.Option(help="direct: concurrent requests; openai-batch: the Batch API."),
    ] = Via.direct,
    resume: Annotated[
        Path | None,
        typer.Option("--resume", help="Continue the Batch API run saved in this STATE file.",
                     metavar="STATE"),
    ] = None,
    state: Annotated[
        Path | None,
        typer.Option("--state", help="Where a Batch API run keeps its state "
                     "\\[default: OUT.batch.json]."),
    ] = None,
    retry_direct: Annotated[
        bool,
        typer.Option("--retry-direct", help="Batch API: retry failed or invalid answers "
                     "with direct requests."),
    ] = False,
    detach: Annotated[
        bool,
        typer.Option("--detach", help="Batch API: exit once submitted; continue with --resume."),
    ] = False,
    poll_interval: Annotated[
        float,
        typer.Option(help="Batch API: seconds between status polls.",
                     envvar="SUMMARIZER_POLL_INTERVAL", min=0),
    ] = 30.0,
    retry_failed: Annotated[
        bool,
        typer.Option("--retry-failed/--skip-failed",
                     help="On a rerun, try earlier failures again, or leave them be."),
    ] = True,
    cache: Annotated[
        bool,
        typer.Option("--cache/--no-cache", help="Reuse briefs of unchanged articles."),
    ] = True,
    cache_dir: Annotated[
        Path | None,
        typer.Option(help="Brief cache directory.", envvar=CACHE_ENV),
    ] = None,
    fsync: Annotated[
        bool, typer.Option("--fsync", help="fsync after every record (slower, power-safe).")
    ] = False,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write a review page per article and index.html "
                     "into this directory.", envvar="SUMMARIZER_HTML_DIR", show_default=False),
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="Progress bar \\[default: on a terminal]."),
    ] = None,
    published: Published = None,
    model: Model = None,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
    gguf: Gguf = None,
    min_confidence: MinConfidence = None,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Keep each brief's decision trace (meta.trace: the "
                     "rule behind every value, each event's confidence; on click in the "
                     "--html pages); such briefs are made afresh, not read from the cache. "
                     "Direct runs only: not with --via openai-batch or --resume.",
                     envvar="SUMMARIZER_BATCH_EXPLAIN"),
    ] = False,
) -> None:
    """Brief many articles into a JSONL file; rerun the same command to resume."""
    # the batch machinery (and the model client it imports) loads only when batch runs
    from summarizer.batch.session import BatchApiOptions, DirectOptions

    run = BatchRun(
        inputs=inputs or [], out=out, errors=errors, via=via, resume=resume, state=state,
        direct=DirectOptions(concurrency, rpm, tpm, explain),
        api=BatchApiOptions(poll_interval, retry_direct, detach),
        retry_failed=retry_failed, cache=cache, cache_dir=cache_dir, fsync=fsync, html=html,
        progress=sys.stderr.isatty() if progress is None else progress,
        backend={"model": model, "base_url": base_url, "api_key": api_key, "gguf": gguf,
                 "min_confidence": min_confidence},
        published=published,
    )
    with user_errors(interrupted=INTERRUPTED):
        code = _run(run)
    raise typer.Exit(code)


@dataclass(frozen=True)
class BatchRun:
    """One ``summarizer batch`` invocation as parsed from the command line."""

    inputs: list[str]
    out: Path | None
    errors: Path | None
    via: Via
    resume: Path | None
    state: Path | None
    direct: DirectOptions
    api: BatchApiOptions
    retry_failed: bool
    cache: bool
    cache_dir: Path | None
    fsync: bool
    html: Path | None  # review pages' directory
    progress: bool
    backend: dict[str, Any]  # model, base_url, api_key, gguf, min_confidence (None: env/default)
    published: str | None = None  # --published: date of inputs without a dateline


def _resolve(run: BatchRun) -> tuple[Path, Path, Settings, ob.State | None]:
    """``--out``, ``--errors``, the settings, and the saved state when resuming (whose
    outputs, model and endpoint win over the flags)."""
    from summarizer.batch import openai_batch as ob

    flags = dict(run.backend)
    state: ob.State | None = None
    out = run.out
    errors = run.errors
    if run.resume is not None:
        state = ob.State.load(run.resume)
        out, errors = Path(state.out), Path(state.errors)
        flags.update(model=state.model, base_url=state.base_url)
    elif out is None:
        raise BatchError("--out is required (or --resume STATE)")
    elif not run.inputs:
        raise BatchError("no inputs given")
    errors = errors or out.with_name(out.stem + ".errors.jsonl")
    settings = Settings.resolve(**flags)
    if state is not None:
        settings = _kept_threshold(settings, state)
    return out, errors, settings, state


def _kept_threshold(settings: Settings, state: ob.State) -> Settings:
    """A resumed Batch API run keeps the event-confidence threshold it was started with
    (its briefs so far were cut at it); another one, by flag or environment, is refused."""
    from summarizer.pipeline.confidence import packaged_weights

    asked, kept = settings.min_confidence, state.min_confidence
    if asked is not None and asked != (packaged_weights().threshold if kept is None else kept):
        started = "the packaged threshold" if kept is None else f"the threshold {kept:g}"
        raise BatchError(f"this run was started with {started} and a resumed run keeps it: "
                         f"--min-confidence (or SUMMARIZER_MIN_CONFIDENCE) {asked:g} is refused")
    return settings.model_copy(update={"min_confidence": kept})


def _run(run: BatchRun) -> int:
    from summarizer.batch.session import Outputs, run_direct

    if run.direct.explain and (run.via is Via.openai_batch or run.resume is not None):
        raise BatchError("--explain (or SUMMARIZER_BATCH_EXPLAIN) is for direct runs: a "
                         "Batch API run (--via openai-batch, --resume) keeps no decision "
                         "trace")
    published = optional_published(run.published)
    out, errors, settings, state = _resolve(run)
    pages = _review_pages(run.html)
    cache = BriefCache(run.cache_dir) if run.cache else None
    try:
        with Outputs(out, errors, fsync=run.fsync, retry_failed=run.retry_failed,
                     resume=state is not None, pages=pages) as outputs:
            before = len(outputs.done_before)
            if run.via is Via.openai_batch or state is not None:
                state = _batch_api(run, outputs, settings, state, cache, out, errors, published)
                if state is not None:
                    typer.echo(f"submitted; continue with: summarizer batch --resume {state.path}",
                               err=True)
                    return 0
            else:
                asyncio.run(run_direct(run.inputs, outputs, settings, run.direct, cache=cache,
                                       show_progress=run.progress, published=published))
            typer.echo(
                f"{outputs.done} briefed ({outputs.cached} from cache), {outputs.failed} failed, "
                f"{before} already done -> {out}", err=True,
            )
            if outputs.failed:
                raise PartialFailure(outputs.done, outputs.failed, errors)
    finally:
        if cache is not None:
            cache.close()
        if pages is not None:
            pages.finish(out, run.inputs)
    return 0


def _review_pages(directory: Path | None) -> ReviewPages | None:
    if directory is None:
        return None
    from summarizer.batch.pages import ReviewPages

    try:
        return ReviewPages(directory)
    except OSError as exc:
        raise BatchError(f"cannot use --html {directory}: {exc.strerror or exc}") from None


def _batch_api(
    run: BatchRun, outputs: Outputs, settings: Settings, state: ob.State | None,
    cache: BriefCache | None, out: Path, errors: Path, published: dt.date | None = None,
) -> ob.State | None:
    """Run or continue a Batch API job; returns its state when detached before the end."""
    from summarizer.batch import openai_batch as ob
    from summarizer.batch.session import run_batch_api

    if settings.is_local:
        raise BatchError("--via openai-batch needs a remote model: give --model and/or --base-url")
    pipeline = ob.default_pipeline()
    if state is None:
        state = ob.new_state(
            run.state or out.with_name(out.name + ".batch.json"), settings, pipeline, out,
            errors, retry_direct=run.api.retry_direct,
        )
        state.save()
    finished = run_batch_api(
        run.inputs, outputs, settings, state, run.api, cache=cache, show_progress=run.progress,
        direct=run.direct, pipeline=pipeline, published=published,
    )
    return None if finished else state
