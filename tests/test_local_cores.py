"""The embedded server's thread count: the usable cores that other work leaves idle."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.local.cores import busy_cores, default_threads, idle_threads, usable_cores
from summarizer.local.server import LocalServer
from summarizer.settings import Settings


@pytest.mark.parametrize(
    ("usable", "busy", "machine", "threads"),
    [
        (2, 0.0, 2, 2),  # an idle 2-core box: both cores
        (2, 0.1, 2, 2),  # background noise does not cost a thread
        (2, 1.0, 2, 1),  # a CPU-bound process beside it: one thread, not two that wait
        (2, 2.0, 2, 1),  # fully busy: still one
        (4, 1.0, 8, 4),  # affinity caps it below the idle cores
        (8, 3.0, 8, 5),
    ],
)
def test_threads_are_the_idle_usable_cores(
    usable: int, busy: float, machine: int, threads: int
) -> None:
    assert idle_threads(usable, busy, machine) == threads


def test_unreadable_cpu_times_count_as_idle() -> None:
    assert busy_cores(0.0, read=lambda: None) == 0.0


@pytest.fixture
def burner() -> Iterator[None]:
    """A CPU-bound process, as a user's compile or test run would be."""
    proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="needs Linux /proc/stat")
def test_a_busy_core_is_seen_and_left_to_its_process(burner: None) -> None:
    assert busy_cores(0.5) >= 0.7
    if usable_cores() > 1:
        assert default_threads() <= usable_cores() - 1


def test_server_threads_come_from_the_flag_or_the_setting_or_the_idle_cores(
    tmp_path: Path,
) -> None:
    def threads(srv: LocalServer) -> str:
        argv = srv.argv()
        return argv[argv.index("--threads") + 1]

    assert threads(LocalServer(tmp_path / "m.gguf", n_ctx=2048, port=1, n_threads=3)) == "3"
    auto = LocalServer(tmp_path / "m.gguf", n_ctx=2048, port=1)
    assert auto.n_threads is None  # decided when it starts, not when it is built
    assert 1 <= int(threads(auto)) <= usable_cores()
    assert Settings.resolve(env={"SUMMARIZER_THREADS": "2"}).threads == 2
    assert Settings.resolve(env={"SUMMARIZER_THREADS": "2"}, threads=1).threads == 1
    assert Settings.resolve(env={}).threads is None
