"""How many CPU threads llama.cpp gets: the usable cores that other work leaves idle.

llama.cpp's threads meet at a barrier after every layer, so when another CPU-bound process
holds one of two cores, two threads keep waiting for each other: a seed brief took 572 s
with two threads beside ``python -c 'while True: pass'`` and 42 s with one (25 s unloaded).
The machine is sampled once, when the server starts.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

PROC_STAT = Path("/proc/stat")
SAMPLE_SECONDS = 0.2


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _cpu_times(stat: Path = PROC_STAT) -> tuple[int, int] | None:
    """(busy, total) jiffies of all CPUs from ``/proc/stat``; None where there is none."""
    try:
        first = stat.read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    if not first or first[0] != "cpu":
        return None
    ticks = [int(t) for t in first[1:9]]  # user nice system idle iowait irq softirq steal
    idle = ticks[3] + ticks[4]
    return sum(ticks) - idle, sum(ticks)


def busy_cores(
    seconds: float = SAMPLE_SECONDS, read: Callable[[], tuple[int, int] | None] = _cpu_times
) -> float:
    """Cores kept busy machine-wide over the next ``seconds`` (0.0 if it cannot be read)."""
    before = read()
    time.sleep(seconds)
    after = read()
    if before is None or after is None or after[1] <= before[1]:
        return 0.0
    share = (after[0] - before[0]) / (after[1] - before[1])
    return share * (os.cpu_count() or 1)


def idle_threads(usable: int, busy: float, machine: int) -> int:
    """Threads for the cores left idle: ``usable`` less what the busy work takes, at least
    one. ``machine`` is every core, as ``busy`` counts them all."""
    free = machine - busy
    return max(1, min(usable, round(free)))


def default_threads() -> int:
    """CPU threads for llama.cpp: the usable cores that are idle right now."""
    usable = usable_cores()
    if usable == 1:
        return 1
    return idle_threads(usable, busy_cores(), os.cpu_count() or usable)
