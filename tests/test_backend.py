"""Backend against a real loopback HTTP server: retries, shared backoff, error mapping, usage."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fakeserver import FakeOpenAIServer, Fault, error_body
from pydantic import BaseModel, Field

from summarizer.backend import (
    Backend,
    display_url,
    is_loopback,
    token_limit_kwargs,
)
from summarizer.errors import (
    ArticleTooLong,
    AuthFailed,
    BackendFailed,
    ContextExceeded,
    EndpointUnreachable,
    MissingApiKey,
    OutputTruncated,
    QuotaExceeded,
    RateLimited,
    ValidationFailed,
)
from summarizer.retry import RetryPolicy
from summarizer.settings import Settings

SECRET = "sk-test-SECRET123456789"
MESSAGES = [
    {"role": "system", "content": "Extract the strike."},
    {"role": "user", "content": "A drone hit a depot near the river town of Olm on Tuesday."},
]
FAST = RetryPolicy(max_seconds=10.0, initial_backoff=0.05, max_backoff=0.2, connect_seconds=0.3)


class Strike(BaseModel):
    place: str
    killed: int = Field(ge=0)
    weapon: str | None = None


def settings(**kw: Any) -> Settings:
    values: dict[str, Any] = {"model": "fake-model", "api_key": SECRET, "timeout": 5.0}
    values.update(kw)
    return Settings(**values)


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    srv = FakeOpenAIServer()
    with srv:
        yield srv


async def extract(srv: FakeOpenAIServer, policy: RetryPolicy | None = FAST, **kw: Any) -> Any:
    backend = Backend(settings(**kw), srv.base_url, policy=policy)
    try:
        return await backend.extract(Strike, MESSAGES, max_tokens=200)
    finally:
        await backend.aclose()


# --------------------------------------------------------------------------- success path


async def test_extract_returns_model_and_usage(server: FakeOpenAIServer) -> None:
    server.answer = lambda req: {"place": "Olm", "killed": 2, "weapon": "drone"}
    strike, usage = await extract(server)
    assert strike.model_dump() == {"place": "Olm", "killed": 2, "weapon": "drone"}
    sent = server.completions[0]["usage"]
    assert (usage.prompt_tokens, usage.completion_tokens) == (
        sent["prompt_tokens"],
        sent["completion_tokens"],
    )
    assert usage.prompt_tokens > 0
    body = server.chat_requests[0].json
    assert body["tool_choice"]["function"]["name"] == "Strike"  # Mode.TOOLS
    assert body["max_tokens"] == 200
    assert server.chat_requests[0].headers["authorization"] == f"Bearer {SECRET}"


async def test_loopback_without_key_sends_placeholder(server: FakeOpenAIServer) -> None:
    await extract(server, api_key=None)
    assert server.chat_requests[0].headers["authorization"] == "Bearer not-needed"


def test_openai_without_key_fails_fast() -> None:
    with pytest.raises(MissingApiKey) as info:
        Backend(settings(api_key=None), None)
    assert "https://api.openai.com/v1" in str(info.value)
    assert info.value.exit_code == 3


# --------------------------------------------------------------------------- transport retries


async def test_retry_after_is_honoured_then_500_then_success() -> None:
    faults = [Fault(status=429, headers={"Retry-After": "1"}), Fault(status=500)]
    with FakeOpenAIServer(faults=faults) as srv:
        backend = Backend(settings(), srv.base_url, policy=FAST)
        strike, usage = await backend.extract(Strike, MESSAGES, max_tokens=100)
        await backend.aclose()
    times = [r.time for r in srv.chat_requests]
    assert len(times) == 3
    assert times[1] - times[0] >= 1.0  # waited what the 429 asked for
    assert times[2] - times[1] < 0.9  # the 500 had no Retry-After: short backoff only
    assert isinstance(strike, Strike)
    assert backend.retries == 2
    assert usage.completion_tokens == srv.completions[0]["usage"]["completion_tokens"]


async def test_retry_after_ms_header_is_honoured() -> None:
    faults = [Fault(status=429, headers={"retry-after-ms": "600"})]
    with FakeOpenAIServer(faults=faults) as srv:
        await extract(srv)
    first, second = srv.chat_requests
    assert second.time - first.time >= 0.6


async def test_all_workers_back_off_together() -> None:
    # whichever request arrives first gets a 429 "wait 1 s" at once; the other gets a 500
    # only 0.3 s later, with a backoff far below 1 s -- it must still wait for the shared gate
    faults = [
        Fault(status=429, headers={"Retry-After": "1"}),
        Fault(status=500, delay=0.3),
    ]
    with FakeOpenAIServer(faults=faults) as srv:
        backend = Backend(settings(), srv.base_url, policy=FAST)
        results = await asyncio.gather(
            backend.extract(Strike, MESSAGES, max_tokens=50),
            backend.extract(Strike, MESSAGES, max_tokens=50),
        )
        await backend.aclose()
    assert len(results) == 2
    requests = srv.chat_requests
    assert len(requests) == 4
    paused_at = requests[0].time  # the 429 was answered on arrival
    for later in requests[2:]:
        assert later.time - paused_at >= 1.0


async def test_total_time_cap_gives_backend_failed_quickly() -> None:
    with FakeOpenAIServer(faults=lambda i: Fault(status=500)) as srv:
        started = time.monotonic()
        with pytest.raises(BackendFailed) as info:
            await extract(srv, policy=None, max_retry_seconds=1.0)
        elapsed = time.monotonic() - started
    assert elapsed < 2.0
    assert len(srv.chat_requests) >= 2  # it did retry
    assert "HTTP 500" in str(info.value)
    assert srv.base_url in str(info.value)


async def test_rate_limit_exhausted_gives_rate_limited() -> None:
    # Retry-After 5 s is beyond a 1 s budget: give up at once instead of sleeping
    faults = lambda i: Fault(status=429, headers={"Retry-After": "5"})  # noqa: E731
    with FakeOpenAIServer(faults=faults) as srv:
        started = time.monotonic()
        with pytest.raises(RateLimited) as info:
            await extract(srv, policy=None, max_retry_seconds=1.0)
    assert time.monotonic() - started < 1.0
    assert len(srv.chat_requests) == 1
    assert srv.base_url in str(info.value)


async def test_timeout_is_retried_then_backend_failed() -> None:
    with FakeOpenAIServer(faults=lambda i: Fault(delay=3.0)) as srv:
        policy = RetryPolicy(max_seconds=0.5, initial_backoff=0.05)
        with pytest.raises(BackendFailed) as info:
            await extract(srv, policy=policy, timeout=0.3)
    assert "no answer within 0.3s" in str(info.value)
    assert len(srv.chat_requests) >= 2


# --------------------------------------------------------------------------- not retried


@pytest.mark.parametrize("status", [401, 403])
async def test_auth_error_is_not_retried_and_hides_the_key(status: int) -> None:
    message = f"Incorrect API key provided: {SECRET}"
    faults = lambda i: Fault(status=status, body=error_body(status, message))  # noqa: E731
    with FakeOpenAIServer(faults=faults) as srv, pytest.raises(AuthFailed) as info:
        await extract(srv)
    assert len(srv.chat_requests) == 1
    err = info.value
    assert err.status == status
    assert SECRET not in str(err)
    assert SECRET not in repr(err)
    assert srv.base_url in str(err)


async def test_insufficient_quota_is_not_retried() -> None:
    body = error_body(429, "You exceeded your current quota.", code="insufficient_quota")
    body["error"]["type"] = "insufficient_quota"
    faults = lambda i: Fault(status=429, headers={"Retry-After": "1"}, body=body)  # noqa: E731
    with FakeOpenAIServer(faults=faults) as srv, pytest.raises(QuotaExceeded):
        await extract(srv)
    assert len(srv.chat_requests) == 1


async def test_other_4xx_is_not_retried(server: FakeOpenAIServer) -> None:
    server.faults = lambda i: Fault(status=404, body=error_body(404, "model `x` not found"))
    with pytest.raises(BackendFailed) as info:
        await extract(server)
    assert len(server.chat_requests) == 1
    assert "HTTP 404: model `x` not found" in str(info.value)


async def test_unreachable_endpoint_names_the_url() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    backend = Backend(settings(), url, policy=FAST)
    started = time.monotonic()
    with pytest.raises(EndpointUnreachable) as info:
        await backend.extract(Strike, MESSAGES, max_tokens=10)
    await backend.aclose()
    assert time.monotonic() - started < 2.0
    assert url in str(info.value)
    assert "connection refused" in str(info.value)


async def test_connection_closed_mid_answer_is_retried_then_reported_as_broken() -> None:
    # a server that reads the request and hangs up without answering: over aiohttp this
    # arrives dressed as a connect timeout; it must read as a broken connection
    hits = 0

    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal hits
        hits += 1
        await reader.readuntil(b"\r\n\r\n")
        writer.close()

    srv = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    backend = Backend(settings(), url, policy=RetryPolicy(max_seconds=0.5, initial_backoff=0.05))
    try:
        with pytest.raises(BackendFailed) as info:
            await backend.extract(Strike, MESSAGES, max_tokens=10)
    finally:
        await backend.aclose()
        srv.close()
    assert "the connection broke off" in str(info.value)
    assert not isinstance(info.value, EndpointUnreachable)
    assert hits >= 2  # retried


# --------------------------------------------------------------------------- context overflow


async def test_openai_style_context_error_gives_article_too_long() -> None:
    message = (
        "This model's maximum context length is 4096 tokens. However, you requested 5210 "
        "tokens (5010 in the messages, 200 in the completion). Please reduce the length."
    )
    body = error_body(400, message, code="context_length_exceeded")
    with (
        FakeOpenAIServer(faults=[Fault(status=400, body=body)]) as srv,
        pytest.raises(ArticleTooLong) as info,
    ):
        await extract(srv)
    assert (info.value.tokens, info.value.limit) == (5210, 4096)
    assert info.value.exit_code == 2
    assert len(srv.chat_requests) == 1


async def test_llama_cpp_context_error_as_500_is_not_retried() -> None:
    body = error_body(500, "Requested tokens (7000) exceed context window of 4096")
    with (
        FakeOpenAIServer(faults=lambda i: Fault(status=500, body=body)) as srv,
        pytest.raises(ArticleTooLong) as info,
    ):
        await extract(srv)
    assert (info.value.tokens, info.value.limit) == (7000, 4096)
    assert len(srv.chat_requests) == 1


async def test_context_error_without_numbers() -> None:
    body = error_body(400, "the request exceeds the available context size, try increasing it")
    with (
        FakeOpenAIServer(faults=[Fault(status=400, body=body)]) as srv,
        pytest.raises(ContextExceeded) as info,
    ):
        await extract(srv)
    assert str(info.value) == "article too long for the model's context"


# --------------------------------------------------------------------------- validation


async def test_validation_failure_after_all_reasks(server: FakeOpenAIServer) -> None:
    server.answer = lambda req: {"place": "Olm", "killed": -3}
    with pytest.raises(ValidationFailed) as info:
        await extract(server, validation_retries=2)
    assert len(server.chat_requests) == 3
    assert info.value.attempts == 3
    assert "killed" in str(info.value)


async def test_reask_recovers_and_usage_covers_every_attempt(server: FakeOpenAIServer) -> None:
    answers: Iterator[dict[str, Any]] = iter(
        [{"place": "Olm", "killed": "many"}, {"place": "Olm", "killed": 4}]
    )
    server.answer = lambda req: next(answers)
    strike, usage = await extract(server, validation_retries=1)
    assert strike.killed == 4
    assert len(server.chat_requests) == 2
    # the re-ask carries the validation error back to the model
    reask = json.dumps(server.chat_requests[1].json["messages"])
    assert "killed" in reask and len(server.chat_requests[1].json["messages"]) > len(MESSAGES)
    sent = [c["usage"] for c in server.completions]
    assert usage.prompt_tokens == sum(u["prompt_tokens"] for u in sent)
    assert usage.completion_tokens == sum(u["completion_tokens"] for u in sent)
    assert usage.prompt_tokens > sent[0]["prompt_tokens"]


async def test_lax_validation_coerces_instead_of_reasking(server: FakeOpenAIServer) -> None:
    server.answer = lambda req: {"place": "Olm", "killed": "3"}
    strike, _ = await extract(server, validation_retries=0)
    assert strike.killed == 3


async def test_truncated_answer_gives_output_truncated(server: FakeOpenAIServer) -> None:
    truncated = server.completion_for(
        {
            "model": "fake-model",
            "messages": [],
            "tools": [{"type": "function", "function": {"name": "Strike", "parameters": {}}}],
        }
    )
    truncated["choices"][0]["finish_reason"] = "length"
    server.faults = [Fault(body=truncated)]
    with pytest.raises(OutputTruncated) as info:
        await extract(server)
    assert "max_tokens=200" in str(info.value)


# --------------------------------------------------------------------------- pure helpers


def test_display_url_drops_credentials_and_query() -> None:
    assert display_url("http://user:pw@127.0.0.1:8080/v1/?key=abc") == "http://127.0.0.1:8080/v1"
    assert display_url(None) == "https://api.openai.com/v1"


def test_loopback_and_token_limit_parameter() -> None:
    assert is_loopback("http://localhost:1/v1") and is_loopback("http://[::1]:8/v1")
    assert not is_loopback("https://api.example.com/v1") and not is_loopback(None)
    assert token_limit_kwargs(None, 5) == {"max_completion_tokens": 5}
    assert token_limit_kwargs("http://127.0.0.1:8080/v1", 5) == {"max_tokens": 5}


def test_one_backend_across_event_loops(server: FakeOpenAIServer) -> None:
    backend = Backend(settings(max_retry_seconds=0), server.base_url)
    for _ in range(2):  # asyncio.run per call: a new loop each time
        result, _ = asyncio.run(backend.extract(Strike, MESSAGES, max_tokens=50))
        assert isinstance(result, Strike)
    asyncio.run(backend.aclose())
