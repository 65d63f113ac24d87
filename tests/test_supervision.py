"""Supervision of the embedded server: it dies (SIGKILL) in the middle of a batch.

``LocalServer`` launches the fake OpenAI-compatible server (``tests/fakeserver.py``) as its
child instead of llama.cpp; the fake kills itself with SIGKILL on a chosen request, like the
OOM killer would. The real Summarizer, batch runner and CLI do the rest.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from summarizer.api import Summarizer
from summarizer.batch import Failure, asummarize_many, command
from summarizer.errors import EngineFailed
from summarizer.local import server as server_module
from summarizer.local.supervisor import RestartBudget
from summarizer.models import Brief

ROOT = Path(__file__).resolve().parent.parent
FAKE = ROOT / "tests" / "fakeserver.py"
TEXT = (
    "Drones struck a fuel depot near the town of Velm on Tuesday, the army said. "
    "Artillery also hit a bridge outside Kessel, residents said."
)

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")


def fake_local_server(
    monkeypatch: pytest.MonkeyPatch, *extra: str
) -> Callable[..., server_module.LocalServer]:
    """Make the Summarizer's embedded server the fake, started with ``extra`` options."""
    cmd = [sys.executable, str(FAKE), "--port", "{port}", "--latency", "0.05", *extra]
    factory = functools.partial(server_module.LocalServer, command=cmd)
    monkeypatch.setattr(server_module, "LocalServer", factory)
    monkeypatch.setattr(server_module, "require_engine", lambda: None)
    return factory


@pytest.fixture
def gguf(tmp_path: Path) -> Path:
    path = tmp_path / "m.gguf"
    path.write_bytes(b"GGUF")
    return path


def articles(n: int) -> list[tuple[str, str]]:
    return [(f"a{i}", f"{TEXT} Report {i}.") for i in range(n)]


def test_restart_budget_is_bounded_per_window() -> None:
    now = [0.0]
    budget = RestartBudget(limit=3, window=300.0, clock=lambda: now[0])
    for t in (0.0, 100.0, 200.0):
        now[0] = t
        assert budget.take()
    now[0] = 299.0
    assert not budget.take()
    now[0] = 300.5  # the first restart left the window: one more is allowed
    assert budget.take()
    assert not budget.take()


async def test_server_killed_mid_batch_is_restarted_and_every_article_briefed(
    monkeypatch: pytest.MonkeyPatch, gguf: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    flag = tmp_path / "died-once"
    fake_local_server(monkeypatch, "--die-after", "7", "--die-once-flag", str(flag))
    results: dict[str, object] = {}
    async with Summarizer(gguf=gguf, n_parallel=2) as engine:
        first_pid = engine._server.pid
        async for article_id, result in asummarize_many(
            articles(6), summarizer=engine, concurrency=3
        ):
            results[article_id] = result
        assert flag.exists(), "the fake never died: the test proves nothing"
        assert engine._supervisor.restarts == 1
        assert engine._server.pid != first_pid and engine._server.running
    failed = {k: v for k, v in results.items() if isinstance(v, Failure)}
    assert not failed, failed
    assert len(results) == 6 and all(isinstance(r, Brief) for r in results.values())
    assert "died (killed by signal 9); restarting it (1 of 3 within 5 min)" in caplog.text


async def test_a_server_that_keeps_dying_stops_the_batch_with_engine_failed(
    monkeypatch: pytest.MonkeyPatch, gguf: Path
) -> None:
    fake_local_server(monkeypatch, "--die-after", "5")  # every incarnation dies
    results: dict[str, object] = {}
    async with Summarizer(gguf=gguf) as engine:
        with pytest.raises(EngineFailed, match="after 3 restarts within 5 min"):
            async for article_id, result in asummarize_many(
                articles(40), summarizer=engine, concurrency=2
            ):
                results[article_id] = result
        assert engine._supervisor.restarts == 3
    failed = [r for r in results.values() if isinstance(r, Failure)]
    assert failed and all(f.kind == "EngineFailed" for f in failed)
    assert len(results) < 40, "articles kept being started after the engine was gone"


def _app() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)
    command.register(app)
    return app


def test_cli_batch_stops_with_one_line_and_a_rerun_resumes(
    monkeypatch: pytest.MonkeyPatch, gguf: Path, tmp_path: Path
) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    docs = tmp_path / "docs"
    docs.mkdir()
    for article_id, text in articles(12):
        (docs / f"{article_id}.txt").write_text(text)
    out, errors = tmp_path / "briefs.jsonl", tmp_path / "errors.jsonl"
    monkeypatch.setenv("SUMMARIZER_GGUF", str(gguf))  # the embedded engine, a fake here
    argv = ["batch", str(docs), "--out", str(out), "--errors", str(errors), "--concurrency", "1"]
    fake_local_server(monkeypatch, "--die-after", "3")
    first = CliRunner().invoke(_app(), argv)
    assert first.exit_code == EngineFailed.exit_code, first.output
    lines = [line for line in first.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "could not be restarted" in lines[0], first.stderr
    assert "Traceback" not in first.output
    done = len(out.read_text().splitlines()) if out.exists() else 0
    failed = [json.loads(line) for line in errors.read_text().splitlines()]
    assert len(failed) == 1 and done + len(failed) < 12  # the rest were never started

    fake_local_server(monkeypatch)  # a healthy engine: the rerun briefs what is missing
    second = CliRunner().invoke(_app(), argv)
    assert second.exit_code == 0, second.output
    briefed = {json.loads(line)["id"] for line in out.read_text().splitlines()}
    assert briefed == {str(docs / f"a{i}.txt") for i in range(12)}
    assert errors.read_text().strip() == ""


def test_dead_server_without_restart_left_is_reported_not_hidden(
    monkeypatch: pytest.MonkeyPatch, gguf: Path
) -> None:
    """The guard against a silently retried dead engine: os.kill by hand, budget 0."""
    import asyncio
    import signal

    from summarizer.local import supervisor

    fake_local_server(monkeypatch)

    async def run() -> None:
        async with Summarizer(gguf=gguf) as engine:
            engine._supervisor.budget = supervisor.RestartBudget(limit=0)
            pid = engine._server.pid
            os.kill(pid, signal.SIGKILL)
            engine._server.wait(timeout=5)
            with pytest.raises(EngineFailed, match="killed by signal 9"):
                await engine.asummarize(TEXT)

    asyncio.run(run())
