"""Direct batch runs: many articles through one shared :class:`~summarizer.api.Summarizer`.

At most ``concurrency`` articles are in flight; inputs are pulled lazily and results are
handed out as they complete, so memory stays flat however long the batch. Every worker
shares one Summarizer (one backend, one embedded server, one 429 back-off gate).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from summarizer import pipeline
from summarizer.api import Summarizer, estimate_tokens
from summarizer.batch.cache import BriefCache, cache_version
from summarizer.batch.inputs import ArticleInput, Item, from_values
from summarizer.batch.limits import Limits
from summarizer.errors import DuplicateId, EngineFailed, SummarizerError
from summarizer.models import Brief
from summarizer.published import with_published
from summarizer.reader import Article
from summarizer.settings import Settings

DEFAULT_CONCURRENCY = 8
PROMPT_OVERHEAD_TOKENS = 600  # instructions + tool schema of one call, roughly


@dataclass(frozen=True, slots=True)
class Failure:
    """The error record of one article: its id, the error kind and a one-line message."""

    id: str
    kind: str
    message: str
    source: str = ""


Result = Brief | Failure


@dataclass(frozen=True, slots=True)
class Outcome:
    """One finished article as the CLI needs it (``cached``: served from the cache)."""

    id: str
    source: str
    result: Result
    cached: bool = False


class Engine(Protocol):
    """What the runner needs of :class:`summarizer.api.Summarizer`."""

    settings: Settings
    prompt_version: str

    async def asummarize(self, text: str, *, source: str = "<text>",
                         explain: bool = False) -> Brief: ...


def failure_of(item_id: str, source: str, exc: BaseException) -> Failure:
    """An error record for ``exc``: the class name as kind, one line of message."""
    message = " ".join(str(exc).split()) or type(exc).__name__
    if not isinstance(exc, SummarizerError):
        message = f"unexpected error: {message}"
    return Failure(item_id, type(exc).__name__, message[:500], source)


def call_cost(article: Article) -> tuple[int, int]:
    """(calls, tokens) one article will use, from the pipeline's plan: its text and
    instructions in every call plus the completion budget of all calls (an upper bound, so
    a tokens-per-minute limit is never overrun)."""
    planned = pipeline.plan(article)
    prompt = estimate_tokens(article.text) + PROMPT_OVERHEAD_TOKENS
    return len(planned), len(planned) * prompt + sum(c.max_tokens for c in planned)


async def run_items(
    items: Iterable[Item] | AsyncIterable[Item],
    engine: Engine,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    limits: Limits | None = None,
    cache: BriefCache | None = None,
    skip: set[str] | frozenset[str] = frozenset(),
    explain: bool = False,
) -> AsyncIterator[Outcome]:
    """Run ``items`` through ``engine``, yielding each :class:`Outcome` as it completes.

    Ids in ``skip`` are passed over silently (already done); a repeated id yields a
    ``DuplicateId`` failure. Breaking out of the loop cancels the requests in flight.
    ``explain``: each brief keeps its decision trace, so it is made afresh (the cache keeps
    no trace) and stored without it.
    ``EngineFailed`` (the embedded server is gone for good) fails the articles it hit, starts
    no further article, and is raised once those are yielded: a rerun resumes.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    limits = limits or Limits()
    model = engine.settings.model
    version = cache_version(engine.prompt_version, engine.settings.min_confidence)
    seen: set[str] = set()
    engine_failed: list[EngineFailed] = []

    async def one(item: Item) -> Outcome:
        try:
            article = item.load()
            if cache is not None and not explain:
                hit = cache.get(article.sha256, model, version)
                if hit is not None:
                    return Outcome(item.id, item.source, with_published(hit, item.published),
                                   cached=True)
            if limits.active:
                await limits.acquire(*call_cost(article))
            # (a caller's own engine may predate ``explain``: it is passed only when asked)
            brief = await (engine.asummarize(article.text, source=item.source, explain=True)
                           if explain else engine.asummarize(article.text, source=item.source))
            if cache is not None:
                cache.put(article.sha256, model, version, brief.without_trace())
            return Outcome(item.id, item.source, with_published(brief, item.published))
        except EngineFailed as exc:  # the engine, not the article: stop taking new ones
            engine_failed.append(exc)
            return Outcome(item.id, item.source, failure_of(item.id, item.source, exc))
        except Exception as exc:  # one bad article never stops the rest
            return Outcome(item.id, item.source, failure_of(item.id, item.source, exc))

    # a fixed pool of workers, each taking the next article as soon as it finishes one: an
    # article never waits for the consumer or for the rest of its "round" to be written
    source = _aiter(items)
    pull = asyncio.Lock()
    results: asyncio.Queue[Outcome | None] = asyncio.Queue(maxsize=concurrency)

    async def next_item() -> Item | None:
        async with pull:
            while not engine_failed:
                try:
                    item = await anext(source)
                except StopAsyncIteration:
                    return None
                if item.id in skip:
                    continue
                if item.id in seen:
                    await results.put(Outcome(item.id, item.source, failure_of(
                        item.id, item.source, DuplicateId(item.id))))
                    continue
                seen.add(item.id)
                return item
            return None

    async def worker() -> None:
        while (item := await next_item()) is not None:
            await results.put(await one(item))

    workers: list[asyncio.Task[None]] = []
    failures: list[BaseException] = []

    async def run_all() -> None:
        workers.extend(asyncio.create_task(worker()) for _ in range(concurrency))
        try:
            await asyncio.gather(*workers)
        except Exception as exc:  # e.g. a broken input source: stop, then re-raise below
            failures.append(exc)
        await results.put(None)

    runner = asyncio.create_task(run_all())
    try:
        while (outcome := await results.get()) is not None:
            yield outcome
        if failures:
            raise failures[0]
        if engine_failed:
            raise engine_failed[0]
    finally:
        tasks = [t for t in (runner, *workers) if not t.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _aiter(items: Iterable[Item] | AsyncIterable[Item]) -> AsyncIterator[Item]:
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item


@contextlib.asynccontextmanager
async def open_engine(
    summarizer: Engine | None, settings: Settings | None, flags: dict[str, Any]
) -> AsyncIterator[Engine]:
    """The caller's engine as is, or one new Summarizer for the whole batch (started once)."""
    if summarizer is not None:
        yield summarizer
        return
    async with Summarizer(settings, **flags) as engine:
        yield engine


async def asummarize_many(
    articles: Iterable[ArticleInput] | AsyncIterable[ArticleInput],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    rpm: float | None = None,
    tpm: float | None = None,
    cache: BriefCache | bool = False,
    summarizer: Engine | None = None,
    settings: Settings | None = None,
    explain: bool = False,
    **flags: Any,
) -> AsyncGenerator[tuple[str, Result], None]:
    """Brief many articles concurrently; yields ``(id, Brief | Failure)`` as each completes.

    ``articles``: strings (id = position, "0", "1", ...), ``(id, text)`` pairs or
    ``{"id", "text"}`` dicts. ``rpm``/``tpm``: per-minute request/token budgets.
    ``cache=True`` uses the default brief cache (``$SUMMARIZER_CACHE_DIR``), or pass a
    :class:`BriefCache`. ``summarizer``: an open Summarizer to share; otherwise one is
    started for the batch from ``settings``/``flags`` (as ``Summarizer(settings, **flags)``).
    ``explain=True``: each brief keeps its decision trace, with each event's confidence
    (``brief.confidences()``); such briefs are not read from the cache.

    Example::

        async for article_id, result in asummarize_many(texts, concurrency=16):
            if isinstance(result, Brief):
                print(article_id, result.headline)
            else:
                print(article_id, "failed:", result.kind, result.message)
    """
    items: Iterable[Item] | AsyncIterable[Item]
    if isinstance(articles, AsyncIterable):
        items = _async_values(articles)
    else:
        items = from_values(articles)
    own_cache = BriefCache() if cache is True else None
    use_cache = own_cache if own_cache is not None else (
        cache if isinstance(cache, BriefCache) else None
    )
    try:
        async with open_engine(summarizer, settings, flags) as engine:
            async for outcome in run_items(
                items, engine, concurrency=concurrency, limits=Limits(rpm, tpm),
                cache=use_cache, explain=explain,
            ):
                yield outcome.id, outcome.result
    finally:
        if own_cache is not None:
            own_cache.close()


async def _async_values(articles: AsyncIterable[ArticleInput]) -> AsyncIterator[Item]:
    index = 0
    async for value in articles:
        for item in from_values([value], start=index):
            yield item
        index += 1


def summarize_many(
    articles: Iterable[ArticleInput],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    rpm: float | None = None,
    tpm: float | None = None,
    cache: BriefCache | bool = False,
    summarizer: Engine | None = None,
    settings: Settings | None = None,
    explain: bool = False,
    **flags: Any,
) -> Iterator[tuple[str, Result]]:
    """Blocking form of :func:`asummarize_many` (call it outside a running event loop).

    Example::

        for article_id, result in summarize_many([("a1", text1), ("a2", text2)]):
            ...
    """
    loop = asyncio.new_event_loop()
    agen = asummarize_many(
        articles, concurrency=concurrency, rpm=rpm, tpm=tpm, cache=cache,
        summarizer=summarizer, settings=settings, explain=explain, **flags,
    )
    try:
        while True:
            try:
                yield loop.run_until_complete(anext(agen))
            except StopAsyncIteration:
                return
    finally:
        loop.run_until_complete(agen.aclose())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
