"""Transport retries seen through the public API, against the fake server on loopback:
429 + Retry-After is honoured, 5xx is retried, auth and quota errors are not."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakeserver import FakeOpenAIServer, Fault, RecordedRequest, error_body

from summarizer.api import Summarizer
from summarizer.errors import AuthFailed, QuotaExceeded
from summarizer.models import Brief
from summarizer.pipeline import plan
from summarizer.reader import article_from_text
from summarizer.settings import ENV_VARS

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = (ROOT / "seeds" / "000_1e5fa254d0587ba6.txt").read_text(encoding="utf-8")
# exactly one LLM call: one strike sentence, no reaction sentence
ONE_CALL = "Warplanes struck an ammunition depot near the town of Kessel on Monday."


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ENV_VARS.values():
        monkeypatch.delenv(var, raising=False)


def test_one_call_article_plans_one_call() -> None:
    assert len(plan(article_from_text(ONE_CALL))) == 1


def retry_of(requests: list[RecordedRequest], first: RecordedRequest) -> RecordedRequest:
    """The next request with the same body as ``first`` (its transport retry)."""
    later = [r for r in requests if r.index is not None and first.index is not None
             and r.index > first.index and r.json == first.json]
    assert later, f"request {first.index} was never retried"
    return later[0]


async def test_429_with_retry_after_then_500_then_success() -> None:
    faults = [Fault(status=429, headers={"Retry-After": "1"}), Fault(status=500)]
    calls = plan(article_from_text(SEED_TEXT))
    with FakeOpenAIServer(faults=faults) as srv:
        async with Summarizer(model="m", base_url=srv.base_url, api_key="k") as engine:
            brief = await engine.asummarize(SEED_TEXT, source="seed")
            backend = engine.backend
            assert backend is not None
            retries = backend.retries
    assert isinstance(brief, Brief)
    assert brief.meta.model == "m"
    requests = srv.chat_requests
    # every planned call answered once, plus exactly the two retries
    assert len(requests) == len(calls) + 2
    assert retries == 2
    assert len(srv.completions) == len(calls)
    rate_limited, failed = requests[0], requests[1]
    again_429 = retry_of(requests, rate_limited)
    again_500 = retry_of(requests, failed)
    assert again_429.time - rate_limited.time >= 1.0, "Retry-After: 1 was not honoured"
    # the 429 closed the shared gate, so the 500's retry also waited for it
    assert again_500.time - rate_limited.time >= 1.0
    # nobody waited much longer than asked
    assert max(r.time for r in requests) - rate_limited.time < 5.0


async def test_plain_429_is_retried() -> None:
    """Control for the two tests below: the one-call article does show a retry."""
    with FakeOpenAIServer(faults=[Fault(status=429, headers={"Retry-After": "0"})]) as srv:
        async with Summarizer(model="m", base_url=srv.base_url, api_key="k") as engine:
            await engine.asummarize(ONE_CALL)
    assert len(srv.chat_requests) == 2


async def test_401_is_not_retried() -> None:
    with FakeOpenAIServer(faults=lambda i: Fault(status=401)) as srv:
        async with Summarizer(model="m", base_url=srv.base_url, api_key="k") as engine:
            with pytest.raises(AuthFailed) as info:
                await engine.asummarize(ONE_CALL)
    assert len(srv.chat_requests) == 1
    assert info.value.status == 401
    assert info.value.url == srv.base_url


async def test_insufficient_quota_is_not_retried() -> None:
    quota = Fault(
        status=429,
        headers={"Retry-After": "0"},
        body=error_body(429, "You exceeded your current quota.", code="insufficient_quota"),
    )
    with FakeOpenAIServer(faults=lambda i: quota) as srv:
        async with Summarizer(model="m", base_url=srv.base_url, api_key="k") as engine:
            with pytest.raises(QuotaExceeded) as info:
                await engine.asummarize(ONE_CALL)
    assert len(srv.chat_requests) == 1
    assert "quota" in str(info.value)
    assert info.value.url == srv.base_url
