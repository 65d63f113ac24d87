"""One ``summarizer batch`` run: the output files, the skip set, and the two ways through
(direct concurrency or the Batch API). The CLI (``command.py``) only parses options."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from summarizer.batch import openai_batch as ob
from summarizer.batch import store
from summarizer.batch.cache import BriefCache
from summarizer.batch.gctune import batch_gc
from summarizer.batch.inputs import Item, count_specs, from_specs, text_loader
from summarizer.batch.limits import Limits
from summarizer.batch.progress import BatchProgress
from summarizer.batch.runner import Engine, Failure, Result, open_engine, run_items
from summarizer.settings import Settings

if TYPE_CHECKING:
    from summarizer.batch.pages import ReviewPages


class Outputs:
    """``--out`` and ``--errors`` of a run, recovered after a crash, plus what to skip.

    ``retry_failed``: failures of earlier runs are tried again (their old records are
    dropped); otherwise they count as done. ``resume``: keep every record (a Batch API run
    continuing its own earlier work)."""

    def __init__(
        self, out: Path, errors: Path, *, fsync: bool = False, retry_failed: bool = True,
        resume: bool = False, pages: ReviewPages | None = None,
    ) -> None:
        self.pages = pages  # --html DIR: a review page per brief, as it is written
        store.recover(out)
        store.recover(errors)
        self.done_before = store.ids(out)
        failed_before = store.ids(errors) - self.done_before
        if resume or not retry_failed:
            self.skip = self.done_before | failed_before
        else:
            self.skip = set(self.done_before)
        if not resume:
            store.reset(errors, keep=None if retry_failed else failed_before)
        self.out = store.JsonlWriter(out, fsync=fsync)
        self.errors = store.JsonlWriter(errors, fsync=fsync)
        self.out_path, self.errors_path = out, errors
        self.progress: BatchProgress | None = None
        self.done = 0
        self.failed = 0
        self.cached = 0

    def write(self, article_id: str, source: str, result: Result, cached: bool = False) -> None:
        """Append one finished article (one line, one write) and count it."""
        if isinstance(result, Failure):
            self.errors.append(store.error_record(article_id, source, result.kind, result.message))
            self.failed += 1
            if self.pages is not None:
                self.pages.forget(article_id)
        else:
            self.out.append(store.brief_record(article_id, source, result))
            if self.pages is not None:
                self.pages.write(article_id, source, result)
            self.skip.add(article_id)
            self.done += 1
            self.cached += int(cached)
        if self.progress is not None:
            self.progress.advance(not isinstance(result, Failure), cached)

    def track(self, items: Iterator[Item]) -> Iterator[Item]:
        """The items to run, their texts kept for the review pages when there are any."""
        return self.pages.track(items) if self.pages is not None else items

    def close(self) -> None:
        self.out.close()
        self.errors.close()

    def __enter__(self) -> Outputs:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


@dataclass
class DirectOptions:
    concurrency: int = 8
    rpm: float | None = None
    tpm: float | None = None
    explain: bool = False  # keep each brief's decision trace (made afresh, not cached)


async def run_direct(
    specs: Sequence[str],
    outputs: Outputs,
    settings: Settings,
    options: DirectOptions,
    *,
    cache: BriefCache | None = None,
    show_progress: bool = True,
    engine: Engine | None = None,
    published: dt.date | None = None,
) -> None:
    """Brief every input not yet done, with bounded concurrency, one shared Summarizer
    (``published``: the publication date of inputs that give none)."""
    total = max(0, count_specs(specs) - len(outputs.skip))
    with BatchProgress(total, show=show_progress) as progress:
        outputs.progress = progress
        async with open_engine(engine, settings, {}) as eng:
            with batch_gc():  # after start-up: the engine's long-lived objects get frozen
                async for o in run_items(
                    outputs.track(from_specs(specs, published)), eng,
                    concurrency=options.concurrency, limits=Limits(options.rpm, options.tpm),
                    cache=cache, skip=frozenset(outputs.skip), explain=options.explain,
                ):
                    outputs.write(o.id, o.source, o.result, o.cached)


@dataclass
class BatchApiOptions:
    poll_interval: float = 30.0
    retry_direct: bool = False
    detach: bool = False
    max_lines: int = ob.MAX_LINES
    max_bytes: int = ob.MAX_BYTES


def run_batch_api(
    specs: Sequence[str],
    outputs: Outputs,
    settings: Settings,
    state: ob.State,
    options: BatchApiOptions,
    *,
    cache: BriefCache | None = None,
    show_progress: bool = True,
    direct: DirectOptions | None = None,
    pipeline: ob.Pipeline | None = None,
    published: dt.date | None = None,
) -> bool:
    """Run (or continue) a Batch API job; returns False when detached before the end
    (``published``: the publication date of inputs that give none)."""
    pipeline = pipeline or ob.default_pipeline()
    ob.check_state(state, pipeline)
    with BatchProgress(None, show=show_progress, what="preparing") as progress:
        outputs.progress = progress
        if not state.prepared:
            state.parts = []
            ob.prepare(
                state, from_specs(specs, published), pipeline, outputs.write, skip=outputs.skip,
                cache=cache, max_lines=options.max_lines, max_bytes=options.max_bytes,
            )
        client = ob.make_client(settings)
        try:
            progress.describe("uploading")
            ob.submit(state, client)
            if options.detach:
                return False
            ob.poll(state, client, interval=options.poll_interval, progress=progress.set)
            progress.describe("downloading")
            ob.download(state, client)
        finally:
            client.close()
        progress.restart(sum(p.n_articles for p in state.parts), "joining")
        retry_path = state.workdir / "retry-direct.jsonl"
        retry_out = store.JsonlWriter(retry_path) if state.retry_direct else None
        try:
            ob.join(
                state, pipeline, outputs.write, skip=outputs.skip, cache=cache,
                retry=_retry_writer(retry_out) if retry_out is not None else None,
            )
        finally:
            if retry_out is not None:
                retry_out.close()
    if state.retry_direct and not state.retried:
        items = [
            Item(r["id"], r["source"], text_loader(r["text"], r["source"]),
                 ob.published_of(r))
            for r in store.records(retry_path)
        ]
        if items:
            asyncio.run(_retry(items, outputs, settings, direct or DirectOptions(), show_progress))
        state.retried = True
        state.save()
    return True


def _retry_writer(writer: store.JsonlWriter) -> Callable[[Item], None]:
    def retry(item: Item) -> None:
        article = item.load()
        writer.append({"id": item.id, "source": item.source, "text": article.text,
                       **ob.published_field(item.published)})

    return retry


async def _retry(
    items: list[Item], outputs: Outputs, settings: Settings, options: DirectOptions,
    show_progress: bool,
) -> None:
    with BatchProgress(len(items), show=show_progress, what="retrying directly") as progress:
        outputs.progress = progress
        async with open_engine(None, settings, {}) as engine:
            async for o in run_items(
                items, engine, concurrency=options.concurrency,
                limits=Limits(options.rpm, options.tpm), skip=frozenset(outputs.skip),
            ):
                outputs.write(o.id, o.source, o.result, o.cached)

