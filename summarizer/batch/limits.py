"""Requests-per-minute and tokens-per-minute budgets shared by every worker of a batch.

Both are leaky buckets (aiolimiter) checked before an article starts: it takes as many
request units as the calls it will make and an estimate of the tokens they will use.
Concurrency is bounded separately (by the runner); 429 back-off is the backend's shared gate.
"""

from __future__ import annotations

from aiolimiter import AsyncLimiter


class Limits:
    """``rpm``/``tpm`` of ``None`` (or 0) mean unlimited."""

    def __init__(self, rpm: float | None = None, tpm: float | None = None) -> None:
        self.rpm = rpm or None
        self.tpm = tpm or None
        # requests: at most one second's share at once (no minute-long burst at the start);
        # tokens: a minute's budget, since one article alone may need more than a second's
        self._request_burst = max(1.0, self.rpm / 60.0) if self.rpm else 1.0
        self._requests = (
            AsyncLimiter(self._request_burst, self._request_burst * 60.0 / self.rpm)
            if self.rpm else None
        )
        self._tokens = AsyncLimiter(self.tpm, 60.0) if self.tpm else None

    @property
    def active(self) -> bool:
        return self._requests is not None or self._tokens is not None

    async def acquire(self, requests: int, tokens: int) -> None:
        """Wait until ``requests`` calls and ``tokens`` tokens fit in the per-minute budgets.

        A single article needing more tokens than a whole minute's budget takes the whole
        budget (it could never fit otherwise)."""
        if self._requests is not None:
            for _ in range(requests):  # one by one: an article's calls may exceed the burst
                await self._requests.acquire(1.0)
        if self._tokens is not None and self.tpm is not None:
            await self._tokens.acquire(min(float(tokens), self.tpm))
