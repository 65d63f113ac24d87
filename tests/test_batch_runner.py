"""summarize_many / run_items against the fake server on loopback, with a toy engine."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from fake_batch_server import ToyEngine
from fakeserver import FakeOpenAIServer, Fault

from summarizer.batch import BriefCache, Failure, asummarize_many
from summarizer.batch.inputs import from_values
from summarizer.batch.runner import run_items
from summarizer.models import Brief

TEXT = "A drone struck a depot near the river town of Norvale on Tuesday, officials said."


def texts(n: int) -> list[tuple[str, str]]:
    return [(f"a{i}", f"{TEXT} Report number {i}.") for i in range(n)]


async def collect(engine: ToyEngine, articles: list, **kw: object) -> dict[str, object]:
    results: dict[str, object] = {}
    async with engine:
        async for article_id, result in asummarize_many(articles, summarizer=engine, **kw):
            assert article_id not in results
            results[article_id] = result
    return results


async def test_bad_articles_do_not_stop_the_rest() -> None:
    with FakeOpenAIServer() as server:
        engine = ToyEngine(server.base_url)
        articles = [("good1", TEXT), ("empty", "   "), {"id": "bad", "text": 3},
                    {"text": "no id"}, ("good2", TEXT + " More.")]
        results = await collect(engine, articles, concurrency=2)
    assert isinstance(results["good1"], Brief) and isinstance(results["good2"], Brief)
    empty = results["empty"]
    assert isinstance(empty, Failure)
    assert (empty.id, empty.kind) == ("empty", "EmptyArticle")
    assert "empty" in empty.message
    assert isinstance(results["bad"], Failure) and results["bad"].kind == "InputError"
    assert isinstance(results["3"], Failure)  # missing id: its position is the id
    assert len(results) == 5


async def test_backend_failure_is_an_error_record() -> None:
    faults = [Fault(status=400)]  # first request rejected, not retried
    with FakeOpenAIServer(faults=faults) as server:
        engine = ToyEngine(server.base_url)
        results = await collect(engine, texts(3), concurrency=1)
    failed = [r for r in results.values() if isinstance(r, Failure)]
    assert len(failed) == 1 and failed[0].kind == "BackendFailed" and failed[0].id == "a0"
    assert sum(isinstance(r, Brief) for r in results.values()) == 2


async def test_plain_strings_are_keyed_by_position() -> None:
    with FakeOpenAIServer() as server:
        results = await collect(ToyEngine(server.base_url), [TEXT, TEXT + " Two."])
    assert sorted(results) == ["0", "1"]


async def test_concurrency_overlaps_requests_and_is_bounded() -> None:
    with FakeOpenAIServer(latency=0.3) as server:
        started = time.monotonic()
        results = await collect(ToyEngine(server.base_url), texts(8), concurrency=4)
        elapsed = time.monotonic() - started
        times = sorted(r.time for r in server.chat_requests)
    assert len(results) == 8
    # 8 articles x 0.3 s at concurrency 4: two waves (~0.6 s), far below serial 2.4 s
    assert elapsed < 1.5
    assert times[3] - times[0] < 0.2  # the first four went out together
    assert times[4] - times[0] > 0.25  # the fifth waited for a free slot


async def test_429_retry_after_makes_every_worker_wait() -> None:
    faults = [Fault(status=429, headers={"Retry-After": "1"})]
    with FakeOpenAIServer(latency=0.05, faults=faults) as server:
        results = await collect(ToyEngine(server.base_url), texts(6), concurrency=2)
        reqs = server.chat_requests
    assert all(isinstance(r, Brief) for r in results.values())
    assert len(reqs) == 7  # six articles, one retried
    first = reqs[0].time
    # the 429 came at ~0.05 s with Retry-After 1: the other worker's next articles, and
    # the retry, all waited for the shared gate instead of going out at ~0.05 s
    after = [r.time - first for r in reqs[2:]]
    assert min(after) >= 0.95


async def test_cache_hit_sends_no_second_request(tmp_path: Path) -> None:
    with FakeOpenAIServer() as server, BriefCache(tmp_path) as cache:
        first = await collect(ToyEngine(server.base_url), texts(3), cache=cache)
        assert len(server.chat_requests) == 3
        second = await collect(ToyEngine(server.base_url),
                               [("other-id", f"{TEXT} Report number 1.")], cache=cache)
        assert len(server.chat_requests) == 3  # unchanged article: served from the cache
    assert cache.hits == 1
    hit = second["other-id"]
    assert isinstance(hit, Brief) and hit == first["a1"]


async def test_duplicate_ids_and_skip() -> None:
    with FakeOpenAIServer() as server:
        engine = ToyEngine(server.base_url)
        items = from_values([("x", TEXT), ("x", TEXT + " Again."), ("y", TEXT), ("z", TEXT)])
        outcomes = [o async for o in run_items(items, engine, skip=frozenset({"y"}))]
        await engine.backend.aclose()
    kinds = sorted((o.id, type(o.result).__name__) for o in outcomes)
    assert kinds == [("x", "Brief"), ("x", "Failure"), ("z", "Brief")]
    assert len(server.chat_requests) == 2


async def test_breaking_out_cancels_in_flight_requests() -> None:
    with FakeOpenAIServer(latency=0.5) as server:
        engine = ToyEngine(server.base_url)
        async with engine:
            agen = asummarize_many(texts(20), summarizer=engine, concurrency=4)
            started = time.monotonic()
            async for _ in agen:
                break
            await agen.aclose()
        assert time.monotonic() - started < 1.5
        await asyncio.sleep(0)
        assert len(server.chat_requests) <= 8


def test_concurrency_must_be_positive() -> None:
    async def run() -> None:
        async for _ in run_items([], ToyEngine("http://127.0.0.1:9/v1"), concurrency=0):
            pass

    with pytest.raises(ValueError, match="concurrency"):
        asyncio.run(run())


def test_summarize_many_blocking_form_and_rpm_limit() -> None:
    from summarizer.batch import summarize_many

    with FakeOpenAIServer() as server:
        engine = ToyEngine(server.base_url)
        started = time.monotonic()
        # rpm 120 = 2 per second; aiolimiter lets the first minute's burst of 2 through,
        # then paces the rest: 4 articles take about 1 s
        results = dict(summarize_many(texts(4), summarizer=engine, rpm=120))
        elapsed = time.monotonic() - started
    assert sorted(results) == ["a0", "a1", "a2", "a3"]
    assert all(isinstance(r, Brief) for r in results.values())
    assert 0.7 < elapsed < 3.0


def test_one_summarizer_serves_two_blocking_batches() -> None:
    # each summarize_many call runs its own event loop; an aiohttp session belongs to the
    # loop it first ran on, so the engine must not carry its client over (it used to fail
    # every request of the second batch with "the connection broke off")
    from summarizer import Summarizer, summarize_many

    with FakeOpenAIServer() as server:
        engine = Summarizer(model="m", base_url=server.base_url, api_key="k",
                            max_retry_seconds=0)
        for _ in range(2):
            results = dict(summarize_many([TEXT, TEXT + " More."], summarizer=engine))
            assert all(isinstance(r, Brief) for r in results.values()), results
        asyncio.run(engine.aclose())


def test_call_cost_follows_the_plan_and_the_one_token_estimate() -> None:
    from summarizer import pipeline
    from summarizer.api import estimate_tokens
    from summarizer.batch.runner import call_cost
    from summarizer.reader import article_from_text

    text = ("Jets struck a fuel depot near Olm on Monday, killing two guards, officials said. "
            "The defence ministry condemned the attack. ") * 3
    article = article_from_text(text)
    calls, tokens = call_cost(article)
    planned = pipeline.plan(article)
    assert calls == len(planned) > 0
    budget = sum(c.max_tokens for c in planned)
    assert tokens == calls * (estimate_tokens(text) + 600) + budget


async def test_explained_briefs_keep_their_trace_and_bypass_the_cache(tmp_path: Path) -> None:
    """``explain=True``: every brief carries its trace and is made afresh (the cache keeps
    none), and what the cache stores has no trace; a plain run then reads the cache."""
    cache = BriefCache(tmp_path / "cache")
    try:
        with FakeOpenAIServer() as server:
            first = await collect(ToyEngine(server.base_url), texts(3), cache=cache)
            sent = len(server.chat_requests)
            explained = await collect(ToyEngine(server.base_url), texts(3), cache=cache,
                                      explain=True)
            assert len(server.chat_requests) == 2 * sent  # not one from the cache
            again = await collect(ToyEngine(server.base_url), texts(3), cache=cache)
            assert len(server.chat_requests) == 2 * sent  # all three from the cache
    finally:
        cache.close()
    assert all(isinstance(b, Brief) and b.meta.trace is None for b in first.values())
    assert all(isinstance(b, Brief) and b.meta.trace == [] for b in explained.values())
    assert all(isinstance(b, Brief) and b.meta.trace is None for b in again.values())


def test_a_real_summarizer_explains_a_batch() -> None:
    """The real engine (pipeline and client) against the fake server: ``explain=True``
    reaches it, and every brief carries its trace."""
    from summarizer import Summarizer, summarize_many

    def strike(request: dict[str, object]) -> dict[str, object]:
        return {"strikes": [{"attacker": "", "target": "depot", "place": "Norvale"}]}

    with FakeOpenAIServer(answer=strike) as server:
        engine = Summarizer(model="m", base_url=server.base_url, api_key="k",
                            max_retry_seconds=0)
        results = dict(summarize_many([TEXT], summarizer=engine, explain=True))
        plain = dict(summarize_many([TEXT], summarizer=engine))
        asyncio.run(engine.aclose())
    [brief], [bare] = results.values(), plain.values()
    assert isinstance(brief, Brief) and isinstance(bare, Brief)
    assert brief.meta.trace and bare.meta.trace is None
    assert len(brief.events) == 1 and brief.events[0].target[0].name == "depot"
    assert brief.confidences() == [None]  # a one-line text is too short to score
