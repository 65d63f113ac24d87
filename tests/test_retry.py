"""Retry policy and error classification, on real openai exception objects."""

from __future__ import annotations

import asyncio
import time
from email.utils import formatdate
from typing import Any

import httpx2
import openai
import pytest

from summarizer.apierrors import context_overflow, is_quota_error, is_retryable, retry_after
from summarizer.errors import GateClosed
from summarizer.retry import BackoffGate, RetryPolicy, call_with_retries

REQUEST = httpx2.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
CLASSES: dict[int, type[openai.APIStatusError]] = {
    400: openai.BadRequestError,
    401: openai.AuthenticationError,
    403: openai.PermissionDeniedError,
    404: openai.NotFoundError,
    429: openai.RateLimitError,
}


def status_error(
    status: int,
    message: str = "failed",
    *,
    code: str | None = None,
    etype: str | None = None,
    headers: dict[str, str] | None = None,
) -> openai.APIStatusError:
    """The exception the openai client raises for such a response."""
    error = {"message": message, "type": etype, "param": None, "code": code}
    response = httpx2.Response(
        status, headers=headers or {}, json={"error": error}, request=REQUEST
    )
    cls = CLASSES.get(
        status, openai.InternalServerError if status >= 500 else openai.APIStatusError
    )
    return cls(f"Error code: {status}", response=response, body=error)


def connect_error() -> openai.APIConnectionError:
    exc = openai.APIConnectionError(request=REQUEST)
    exc.__cause__ = httpx2.ConnectError("All connection attempts failed")
    return exc


# --------------------------------------------------------------------------- classification


@pytest.mark.parametrize(
    ("exc", "retryable"),
    [
        (status_error(429), True),
        (status_error(429, code="insufficient_quota"), False),
        (status_error(429, etype="insufficient_quota"), False),
        (status_error(500), True),
        (status_error(502), True),
        (status_error(503), True),
        (status_error(408), True),
        (status_error(500, "Requested tokens (9) exceed context window of 8"), False),
        (status_error(400), False),
        (status_error(401), False),
        (status_error(403), False),
        (status_error(404), False),
        (status_error(422), False),
        (openai.APITimeoutError(request=REQUEST), True),
        (connect_error(), True),
        (ValueError("not an API error"), False),
    ],
)
def test_is_retryable(exc: BaseException, retryable: bool) -> None:
    assert is_retryable(exc) is retryable


def test_quota_is_recognised_by_code_or_type() -> None:
    assert is_quota_error(status_error(429, code="insufficient_quota"))
    assert is_quota_error(status_error(429, etype="insufficient_quota"))
    assert not is_quota_error(status_error(429, code="rate_limit_exceeded"))


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "2"}, 2.0),
        ({"Retry-After": "0.5"}, 0.5),
        ({"retry-after-ms": "1500", "Retry-After": "9"}, 1.5),
        ({"Retry-After": "-3"}, 0.0),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_seconds(headers: dict[str, str], expected: float | None) -> None:
    assert retry_after(status_error(429, headers=headers)) == expected


def test_retry_after_http_date() -> None:
    now = 1_800_000_000.0
    exc = status_error(503, headers={"Retry-After": formatdate(now + 30, usegmt=True)})
    assert retry_after(exc, now=now) == pytest.approx(30.0)
    assert retry_after(status_error(503, headers={"Retry-After": formatdate(now - 5)}), now) == 0


@pytest.mark.parametrize(
    ("message", "code", "expected"),
    [
        (
            "This model's maximum context length is 8192 tokens. However, your messages "
            "resulted in 9120 tokens. Please reduce the length of the messages.",
            "context_length_exceeded",
            (9120, 8192),
        ),
        (
            "This model's maximum context length is 2048 tokens. However, you requested 3000 "
            "tokens (2800 in the messages, 200 in the completion).",
            None,
            (3000, 2048),
        ),
        ("Requested tokens (5000) exceed context window of 4096", None, (5000, 4096)),
        ("the request exceeds the available context size, try increasing it", None, (None, None)),
        ("something else", "context_length_exceeded", (None, None)),
        ("Invalid value for temperature", None, None),
    ],
)
def test_context_overflow(
    message: str, code: str | None, expected: tuple[int | None, int | None] | None
) -> None:
    assert context_overflow(status_error(400, message, code=code)) == expected


def test_llama_cpp_server_context_fields() -> None:
    error: dict[str, Any] = {
        "code": 400,
        "message": "the request exceeds the available context size, try increasing it",
        "type": "exceed_context_size_error",
        "n_prompt_tokens": 5123,
        "n_ctx": 4096,
    }
    response = httpx2.Response(400, json={"error": error}, request=REQUEST)
    exc = openai.BadRequestError("Error code: 400", response=response, body=error)
    assert context_overflow(exc) == (5123, 4096)


# --------------------------------------------------------------------------- policy and gate


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    policy = RetryPolicy(initial_backoff=1.0, max_backoff=5.0)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 5.0), (9, 5.0)]:
        waits = [policy.backoff(attempt) for _ in range(50)]
        assert all(ceiling / 2 <= w <= ceiling for w in waits)
        assert len(set(waits)) > 1  # jittered


async def test_gate_pauses_and_never_shortens() -> None:
    gate = BackoffGate()
    gate.pause_for(0.3)
    gate.pause_for(0.1)  # must not shorten the longer pause
    assert gate.remaining > 0.2
    started = time.monotonic()
    await gate.wait()
    assert time.monotonic() - started >= 0.29
    assert gate.remaining == 0
    assert await gate.wait() == 0


async def test_gate_refuses_to_wait_past_deadline() -> None:
    gate = BackoffGate()
    gate.pause_for(5.0)
    with pytest.raises(GateClosed):
        await gate.wait(deadline=time.monotonic() + 1.0)


class Script:
    """An async callable that raises the given errors in turn, then returns "ok"."""

    def __init__(self, *errors: BaseException, forever: BaseException | None = None) -> None:
        self.errors = list(errors)
        self.forever = forever
        self.calls: list[float] = []

    async def __call__(self) -> str:
        self.calls.append(time.monotonic())
        if self.errors:
            raise self.errors.pop(0)
        if self.forever is not None:
            raise self.forever
        return "ok"


FAST = RetryPolicy(max_seconds=5.0, initial_backoff=0.02, max_backoff=0.05, connect_seconds=0.2)


async def test_retries_until_success_and_reports_each_retry() -> None:
    fn = Script(status_error(500), openai.APITimeoutError(request=REQUEST), status_error(429))
    seen: list[BaseException] = []
    result = await call_with_retries(fn, policy=FAST, gate=BackoffGate(), on_retry=seen.append)
    assert result == "ok"
    assert len(fn.calls) == 4
    assert len(seen) == 3


async def test_non_retryable_error_is_raised_at_once() -> None:
    fn = Script(forever=status_error(401))
    with pytest.raises(openai.AuthenticationError):
        await call_with_retries(fn, policy=FAST, gate=BackoffGate())
    assert len(fn.calls) == 1


async def test_retry_after_closes_the_shared_gate() -> None:
    gate = BackoffGate()
    fn = Script(status_error(429, headers={"Retry-After": "0.4"}))
    task = asyncio.ensure_future(call_with_retries(fn, policy=FAST, gate=gate))
    await asyncio.sleep(0.1)
    assert gate.remaining > 0.2  # every other request of this backend now waits too
    assert await task == "ok"
    assert fn.calls[1] - fn.calls[0] >= 0.4


async def test_total_time_cap_stops_retrying() -> None:
    fn = Script(forever=status_error(503))
    policy = RetryPolicy(max_seconds=0.3, initial_backoff=0.05, max_backoff=0.1)
    started = time.monotonic()
    with pytest.raises(openai.InternalServerError):
        await call_with_retries(fn, policy=policy, gate=BackoffGate())
    # without the cap this loop never ends (the server fails forever); the slack only
    # absorbs a busy machine's late wake-ups (CI flaked at 0.59 s against a 0.05 s margin)
    assert time.monotonic() - started <= 0.3 + 1.0
    assert len(fn.calls) >= 3


async def test_retry_after_beyond_budget_gives_up_without_sleeping() -> None:
    fn = Script(forever=status_error(429, headers={"Retry-After": "30"}))
    started = time.monotonic()
    with pytest.raises(openai.RateLimitError):
        await call_with_retries(fn, policy=FAST, gate=BackoffGate())
    assert time.monotonic() - started < 5.0  # far below the 30 s it would have slept
    assert len(fn.calls) == 1


async def test_connection_refused_has_a_shorter_budget() -> None:
    fn = Script(forever=connect_error())
    started = time.monotonic()
    with pytest.raises(openai.APIConnectionError):
        await call_with_retries(fn, policy=FAST, gate=BackoffGate())
    assert time.monotonic() - started <= 0.25  # connect_seconds, not max_seconds
    assert len(fn.calls) >= 2


async def test_closed_gate_beyond_budget_fails_before_calling() -> None:
    gate = BackoffGate()
    gate.pause_for(60.0)
    fn = Script()
    with pytest.raises(GateClosed):
        await call_with_retries(fn, policy=FAST, gate=gate)
    assert fn.calls == []


def test_policy_from_settings() -> None:
    from summarizer.settings import Settings

    policy = RetryPolicy.from_settings(Settings(max_retry_seconds=7))
    assert policy.max_seconds == 7
    assert policy.connect_seconds <= 7
    assert RetryPolicy.from_settings(Settings(max_retry_seconds=0)).connect_seconds == 0
