"""``summarizer batch``: brief many articles into a JSONL file, resumably.

``register(app)`` adds the command to the main typer app; nothing runs at import time.
"""

from __future__ import annotations

import asyncio
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from summarizer.batch import openai_batch as ob
from summarizer.batch.cache import CACHE_ENV, BriefCache
from summarizer.batch.errors import BatchError, PartialFailure, StateError
from summarizer.batch.session import (
    BatchApiOptions,
    DirectOptions,
    Outputs,
    run_batch_api,
    run_direct,
)
from summarizer.errors import SummarizerError
from summarizer.settings import Settings

if TYPE_CHECKING:
    from summarizer.outputs.pages import ReviewPages


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
        typer.Option("--errors", help="JSONL file of failures [default: OUT.errors.jsonl]."),
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
                     "[default: OUT.batch.json]."),
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
        typer.Option("--progress/--no-progress", help="Progress bar [default: on a terminal]."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(help="Model name ('local' = the embedded model).", envvar="SUMMARIZER_MODEL"),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(help="OpenAI-compatible endpoint.", envvar="SUMMARIZER_BASE_URL"),
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(help="API key.", envvar="OPENAI_API_KEY", show_envvar=True,
                     show_default=False),
    ] = None,
) -> None:
    """Brief many articles into a JSONL file; rerun the same command to resume."""
    show = sys.stderr.isatty() if progress is None else progress
    try:
        code = _run(
            inputs or [], out, errors, DirectOptions(concurrency, rpm, tpm), via, resume,
            state, BatchApiOptions(poll_interval, retry_direct, detach), retry_failed,
            cache, cache_dir, fsync, show, model, base_url, api_key, html,
        )
    except KeyboardInterrupt:
        typer.echo("interrupted: finished briefs are saved; rerun the same command to continue",
                   err=True)
        raise typer.Exit(130) from None
    except SummarizerError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(err.exit_code) from None
    except OSError as err:
        typer.echo(f"error: {err.strerror or err}: {err.filename or ''}".rstrip(": "), err=True)
        raise typer.Exit(1) from None
    raise typer.Exit(code)


def _run(
    inputs: list[str], out: Path | None, errors: Path | None, direct: DirectOptions, via: Via,
    resume: Path | None, state_path: Path | None, api: BatchApiOptions, retry_failed: bool,
    use_cache: bool, cache_dir: Path | None, fsync: bool, show: bool,
    model: str | None, base_url: str | None, api_key: str | None, html: Path | None = None,
) -> int:
    state: ob.State | None = None
    if resume is not None:
        state = ob.State.load(resume)
        out, errors = Path(state.out), Path(state.errors)
        model, base_url = state.model, state.base_url
    elif out is None:
        raise BatchError("--out is required (or --resume STATE)")
    elif not inputs:
        raise BatchError("no inputs given")
    errors = errors or out.with_name(out.stem + ".errors.jsonl")
    settings = Settings.resolve(model=model, base_url=base_url, api_key=api_key)
    pages = _review_pages(html)
    cache = BriefCache(cache_dir) if use_cache else None
    try:
        with Outputs(out, errors, fsync=fsync, retry_failed=retry_failed,
                     resume=state is not None, pages=pages) as outputs:
            before = len(outputs.done_before)
            if via is Via.openai_batch or state is not None:
                if settings.is_local:
                    raise BatchError("--via openai-batch needs a remote model: "
                                     "give --model and/or --base-url")
                pipeline = _pipeline()
                if state is None:
                    state = ob.new_state(
                        state_path or out.with_name(out.name + ".batch.json"), settings,
                        pipeline, out, errors, retry_direct=api.retry_direct,
                    )
                    state.save()
                finished = run_batch_api(
                    inputs, outputs, settings, state, api, cache=cache, show_progress=show,
                    direct=direct, pipeline=pipeline,
                )
                if not finished:
                    typer.echo(f"submitted; continue with: summarizer batch --resume {state.path}",
                               err=True)
                    return 0
            else:
                asyncio.run(run_direct(inputs, outputs, settings, direct, cache=cache,
                                       show_progress=show))
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
            pages.finish(out, inputs)
    return 0


def _review_pages(directory: Path | None) -> ReviewPages | None:
    if directory is None:
        return None
    from summarizer.outputs.pages import ReviewPages

    try:
        return ReviewPages(directory)
    except OSError as exc:
        raise BatchError(f"cannot use --html {directory}: {exc.strerror or exc}") from None


def _pipeline() -> ob.Pipeline:
    try:
        return ob.default_pipeline()
    except ImportError as exc:
        raise StateError("-", f"the Batch API needs summarizer.pipeline ({exc})") from None
