"""Transport retries: which HTTP failures to retry, how long to wait, when to give up.

This layer sits *inside* instructor, around each raw ``chat.completions.create`` call (the
openai client itself runs with ``max_retries=0``). instructor's own ``max_retries`` then only
re-asks after validation errors, and every re-ask again gets transport retries.

Waits grow exponentially with jitter, but never fall below what the server asked for
(``retry-after-ms`` / ``Retry-After``). A :class:`BackoffGate` shared by every request of one
backend makes all of them pause when any one is told to wait, so a batch backs off together.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception

from summarizer.apierrors import is_connect_error, is_retryable, retry_after, status_of
from summarizer.errors import GateClosed
from summarizer.settings import Settings

T = TypeVar("T")
log = logging.getLogger("summarizer.retry")


@dataclass(frozen=True)
class RetryPolicy:
    """How patient transport retries are.

    ``max_seconds`` caps the whole retry loop of one call: no retry is started when its wait
    would end past that. ``connect_seconds`` is a shorter cap for "nothing listens there"
    (connection refused, DNS), so a wrong URL fails fast while a blip is still retried.
    """

    max_seconds: float = 120.0
    initial_backoff: float = 0.5
    max_backoff: float = 30.0
    connect_seconds: float = 2.0

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(
            max_seconds=settings.max_retry_seconds,
            connect_seconds=min(cls.connect_seconds, settings.max_retry_seconds),
        )

    def backoff(self, attempt: int) -> float:
        """Jittered exponential wait after failed attempt number ``attempt`` (1-based)."""
        ceiling = min(self.max_backoff, self.initial_backoff * 2.0 ** (attempt - 1))
        return random.uniform(0.5, 1.0) * ceiling


class BackoffGate:
    """A pause shared by all concurrent requests of one backend.

    Any request told to wait (a 429/503 with ``Retry-After``) closes the gate until then;
    every request awaits :meth:`wait` before each attempt.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._until = 0.0

    def pause_for(self, seconds: float) -> None:
        """Close the gate for ``seconds`` from now (never shortens an existing pause)."""
        self._until = max(self._until, self._clock() + seconds)

    @property
    def remaining(self) -> float:
        return max(0.0, self._until - self._clock())

    async def wait(self, deadline: float | None = None) -> float:
        """Sleep until the gate opens; returns the seconds slept.

        Raises :class:`GateClosed` at once when the gate would open after ``deadline``
        (a ``clock()`` value), so nobody sleeps past its own retry budget.
        """
        slept = 0.0
        while (left := self.remaining) > 0:
            if deadline is not None and self._until > deadline:
                raise GateClosed(left)
            await asyncio.sleep(left)
            slept += left
        return slept


def _stopper(policy: RetryPolicy) -> Callable[[RetryCallState], bool]:
    """Stop when the next wait would end past the budget (connect errors: shorter budget)."""

    def stop(retry_state: RetryCallState) -> bool:
        elapsed = retry_state.seconds_since_start or 0.0
        ends = elapsed + retry_state.upcoming_sleep
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None else None
        if exc is not None and is_connect_error(exc) and ends > policy.connect_seconds:
            return True
        return ends > policy.max_seconds

    return stop


def _waiter(policy: RetryPolicy) -> Callable[[RetryCallState], float]:
    def wait(retry_state: RetryCallState) -> float:
        backoff = policy.backoff(retry_state.attempt_number)
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None else None
        asked = retry_after(exc) if exc is not None else None
        # at least what the server asked for, plus a little jitter so workers do not stampede
        return backoff if asked is None else asked + random.uniform(0.0, 0.1 * asked + 0.05)

    return wait


def _before_sleep(
    on_retry: Callable[[BaseException], None] | None,
) -> Callable[[RetryCallState], None]:
    def before_sleep(retry_state: RetryCallState) -> None:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None else None
        if exc is None:
            return
        status = status_of(exc)
        log.info(
            "attempt %d failed (%s); retrying in %.1fs",
            retry_state.attempt_number,
            f"HTTP {status}" if status else type(exc).__name__,
            retry_state.upcoming_sleep,
        )
        if on_retry is not None:
            on_retry(exc)

    return before_sleep


async def call_with_retries(
    fn: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy,
    gate: BackoffGate,
    on_retry: Callable[[BaseException], None] | None = None,
) -> T:
    """Run ``fn`` with transport retries; re-raises the last error when giving up.

    Non-retryable errors (auth, quota, other 4xx, context overflow) propagate at once;
    ``on_retry`` is called with each error that is about to be retried.
    """
    deadline = time.monotonic() + policy.max_seconds

    async def attempt() -> T:
        await gate.wait(deadline)
        try:
            return await fn()
        except BaseException as exc:
            asked = retry_after(exc) if is_retryable(exc) else None
            if asked is not None and status_of(exc) in (429, 503):
                gate.pause_for(asked)
            raise

    retrying = AsyncRetrying(
        retry=retry_if_exception(is_retryable),
        stop=_stopper(policy),
        wait=_waiter(policy),
        before_sleep=_before_sleep(on_retry),
        reraise=True,
    )
    return await retrying(attempt)
