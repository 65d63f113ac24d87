"""Supervision of the embedded server: notice that it died, restart it (bounded), say so.

A :class:`Supervisor` is asked by a call that failed at the transport level
(:meth:`Supervisor.revive`). If the server process is alive, the failure was not the engine's
and the caller handles it as usual. If it died (``kill -9``, the OOM killer, a crash), the
supervisor restarts it on the same port, once for all the calls that saw it die, and those
calls are retried. At most ``limit`` restarts within ``window`` seconds: past that, or when
the restart itself fails, :class:`summarizer.errors.EngineFailed`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable

from summarizer.errors import EngineFailed, ServerStartFailed
from summarizer.local.server import LocalServer

log = logging.getLogger("summarizer.local")

RESTART_LIMIT = 3
RESTART_WINDOW_SECONDS = 300.0
EXIT_GRACE_SECONDS = 1.0


class RestartBudget:
    """At most ``limit`` restarts in any ``window`` seconds."""

    def __init__(
        self,
        limit: int = RESTART_LIMIT,
        window: float = RESTART_WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._times: deque[float] = deque()

    def take(self) -> bool:
        """Use one restart if the budget allows it now."""
        now = self._clock()
        while self._times and now - self._times[0] >= self.window:
            self._times.popleft()
        if len(self._times) >= self.limit:
            return False
        self._times.append(now)
        return True

    @property
    def used(self) -> int:
        return len(self._times)


def _exit_text(code: int | None) -> str:
    if code is None:
        return "no longer answering"
    if code < 0:
        return f"killed by signal {-code}"
    return f"exit code {code}"


class Supervisor:
    """Restarts ``server`` when it died; ``generation`` counts its (re)starts."""

    def __init__(self, server: LocalServer, budget: RestartBudget | None = None) -> None:
        self.server = server
        self.budget = budget or RestartBudget()
        self.generation = 0
        self.restarts = 0
        self._lock = asyncio.Lock()

    async def revive(self, seen_generation: int) -> bool:
        """After a failed call that began at ``seen_generation``: True when the server runs
        again (restarted now or by another call), so the call should be retried; False when
        it never died (the failure is someone else's). Raises ``EngineFailed``."""
        async with self._lock:
            if self.generation != seen_generation:
                return True  # another call already restarted it
            # a killed process may still be exiting when its clients see the sockets close
            code = await asyncio.to_thread(self.server.wait, EXIT_GRACE_SECONDS)
            if code is None and self.server.running:
                return False
            why = _exit_text(code)
            if not self.budget.take():
                raise EngineFailed(
                    f"{why}, after {self.budget.used} restarts within "
                    f"{self.budget.window / 60:g} min"
                )
            log.warning(
                "the embedded model server died (%s); restarting it (%d of %d within %g min)",
                why, self.budget.used, self.budget.limit, self.budget.window / 60,
            )
            self.server.stop()  # reap it and anything left of its process group
            try:
                await self.server.astart()
            except ServerStartFailed as exc:
                raise EngineFailed(f"{why}; the restart failed: {exc}") from exc
            self.generation += 1
            self.restarts += 1
            log.warning("the embedded model server is back after %.1fs",
                        self.server.startup_seconds or 0.0)
            return True
