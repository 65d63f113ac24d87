"""``summarizer batch`` (direct mode) end to end on the fake server, with a toy engine."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from fake_batch_server import ToyEngine
from fakeserver import FakeOpenAIServer
from typer.testing import CliRunner

from summarizer.batch import command, session
from summarizer.settings import Settings

TEXT = "Artillery hit a bridge outside the village of Kessel early on Monday, residents said."


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> typer.Typer:
    @contextlib.asynccontextmanager
    async def toy_engine(engine: Any, settings: Settings, flags: Any) -> AsyncIterator[Any]:
        assert settings.base_url is not None
        async with ToyEngine(settings.base_url) as eng:
            yield eng

    monkeypatch.setattr(session, "open_engine", toy_engine)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    app = typer.Typer()
    app.callback()(lambda: None)
    command.register(app)
    return app


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as srv:
        yield srv


def make_inputs(root: Path) -> list[str]:
    docs = root / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "one.txt").write_text(TEXT + " One.")
    (docs / "sub" / "two.txt").write_text(TEXT + " Two.")
    (docs / ".hidden").write_text("skip me")
    (docs / "empty.txt").write_text("  \n")
    jsonl = root / "more.jsonl"
    jsonl.write_text(
        json.dumps({"id": "j1", "text": TEXT + " Three."}) + "\n"
        + "{broken\n"
        + json.dumps({"id": "j2", "text": TEXT + " Four."}) + "\n"
    )
    return [str(docs), str(jsonl), str(root / "missing.txt")]


def run(app: typer.Typer, args: list[str], base_url: str) -> Any:
    return CliRunner().invoke(app, ["batch", *args, "--base-url", base_url, "--no-progress"])


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_batch_writes_briefs_and_errors_then_resumes(
    app: typer.Typer, server: FakeOpenAIServer, tmp_path: Path
) -> None:
    specs = make_inputs(tmp_path)
    out, errors = tmp_path / "briefs.jsonl", tmp_path / "errors.jsonl"
    result = run(app, [*specs, "--out", str(out), "--errors", str(errors)], server.base_url)
    assert result.exit_code == 1, result.output  # some failed
    assert "3 of 7 articles failed" in result.output
    assert "Traceback" not in result.output
    done = {r["id"] for r in lines(out)}
    assert done == {str(tmp_path / "docs" / "one.txt"), str(tmp_path / "docs" / "sub" / "two.txt"),
                    "j1", "j2"}
    assert all(r["brief"]["meta"]["prompt_version"] == "toy-1" for r in lines(out))
    failed = {r["id"]: r["kind"] for r in lines(errors)}
    assert failed == {str(tmp_path / "docs" / "empty.txt"): "EmptyArticle",
                      f"{tmp_path / 'more.jsonl'}:2": "BadInputLine",
                      str(tmp_path / "missing.txt"): "ArticleNotFound"}
    assert len(server.chat_requests) == 4

    again = run(app, [*specs, "--out", str(out), "--errors", str(errors), "--no-cache"],
                server.base_url)
    assert again.exit_code == 1
    assert len(server.chat_requests) == 4  # nothing done is sent again
    assert len(lines(out)) == 4 and len(lines(errors)) == 3  # failures retried, not doubled

    skipped = run(app, [*specs, "--out", str(out), "--errors", str(errors), "--skip-failed"],
                  server.base_url)
    assert skipped.exit_code == 0, skipped.output
    assert len(lines(errors)) == 3


def test_torn_last_line_is_redone_without_duplicates(
    app: typer.Typer, server: FakeOpenAIServer, tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"n{i}", "text": f"{TEXT} {i}."}) + "\n"
                           for i in range(5)))
    out = tmp_path / "briefs.jsonl"
    assert run(app, [str(src), "--out", str(out)], server.base_url).exit_code == 0
    data = out.read_bytes().splitlines(keepends=True)
    # simulate kill -9 in the middle of writing the last record
    out.write_bytes(b"".join(data[:-1]) + data[-1][: len(data[-1]) // 2])
    torn_id = json.loads(data[-1])["id"]
    result = run(app, [str(src), "--out", str(out), "--no-cache"], server.base_url)
    assert result.exit_code == 0, result.output
    ids = [r["id"] for r in lines(out)]
    assert sorted(ids) == [f"n{i}" for i in range(5)]
    assert ids[-1] == torn_id
    assert len(server.chat_requests) == 6


def test_cache_is_shared_across_outputs(
    app: typer.Typer, server: FakeOpenAIServer, tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n")
    assert run(app, [str(src), "--out", str(tmp_path / "1.jsonl")], server.base_url).exit_code == 0
    result = run(app, [str(src), "--out", str(tmp_path / "2.jsonl")], server.base_url)
    assert result.exit_code == 0
    assert "1 from cache" in result.output
    assert len(server.chat_requests) == 1
    assert lines(tmp_path / "1.jsonl") == lines(tmp_path / "2.jsonl")


def test_usage_errors_are_one_line(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["batch", "x.txt"])
    assert result.exit_code == 6
    assert result.output.strip() == "error: --out is required (or --resume STATE)"
    result = CliRunner().invoke(app, ["batch", "--resume", str(tmp_path / "nope.json")])
    assert result.exit_code == 6
    assert "not found" in result.output and "Traceback" not in result.output


def test_backend_options_are_the_shared_ones_gguf_included(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[Settings] = []

    @contextlib.asynccontextmanager
    async def capture(engine: Any, settings: Settings, flags: Any) -> AsyncIterator[Any]:
        seen.append(settings)
        raise KeyboardInterrupt  # stop before any model is needed
        yield

    monkeypatch.setattr(session, "open_engine", capture)
    app = typer.Typer()
    app.callback()(lambda: None)
    command.register(app)
    src = tmp_path / "a.txt"
    src.write_text(TEXT)
    gguf = tmp_path / "other.gguf"
    result = CliRunner().invoke(app, ["batch", str(src), "--out", str(tmp_path / "o.jsonl"),
                                      "--gguf", str(gguf), "--no-progress"])
    assert seen[0].gguf == gguf and seen[0].is_local
    assert result.exit_code == 130
    assert result.output.strip().endswith(command.INTERRUPTED)


def test_a_file_the_os_refuses_is_one_line(app: typer.Typer, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT)
    result = CliRunner().invoke(app, ["batch", str(src), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and len(result.output.strip().splitlines()) == 1


def test_explain_keeps_the_trace_and_is_for_direct_runs(
    app: typer.Typer, server: FakeOpenAIServer, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    out = tmp_path / "briefs.jsonl"
    result = run(app, [str(tmp_path / "a.txt"), "--out", str(out), "--explain"],
                 server.base_url)
    assert result.exit_code == 0, result.output
    assert [r["brief"]["meta"]["trace"] for r in lines(out)] == [[]]  # the toy traces nothing
    refused = run(app, [str(tmp_path / "a.txt"), "--out", str(tmp_path / "b.jsonl"),
                        "--explain", "--via", "openai-batch", "--model", "m"], server.base_url)
    message = ["error: --explain (or SUMMARIZER_BATCH_EXPLAIN) is for direct runs: a Batch "
               "API run (--via openai-batch, --resume) keeps no decision trace"]
    assert refused.exit_code == 6 and refused.output.strip().splitlines() == message
    assert not (tmp_path / "b.jsonl").exists()
    state = tmp_path / "run.batch.json"
    state.write_text("{}")
    resumed = CliRunner().invoke(app, ["batch", "--resume", str(state), "--no-progress"],
                                 env={"SUMMARIZER_BATCH_EXPLAIN": "1"})
    assert resumed.exit_code == 6 and resumed.output.strip().splitlines() == message
    # summarize's variable is not batch's: a plain batch run is not made to explain
    plain = CliRunner().invoke(app, ["batch", str(tmp_path / "a.txt"), "--out",
                                     str(tmp_path / "c.jsonl"), "--base-url", server.base_url,
                                     "--no-progress"], env={"SUMMARIZER_EXPLAIN": "1"})
    assert plain.exit_code == 0, plain.output
    assert "trace" not in lines(tmp_path / "c.jsonl")[0]["brief"]["meta"]


def test_explain_on_the_real_pipeline_shows_each_events_confidence(
    server: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No toy engine: the real Summarizer against the fake server. Each event of the
    JSONL carries its confidence in the trace, and the review page shows it."""
    from fakeserver import FakeOpenAIServer as Server

    def strike(request: dict[str, Any]) -> dict[str, Any]:
        return {"strikes": [{"attacker": "Norland", "target": "ammunition depot",
                             "place": "Kessel"}]}

    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    real = typer.Typer()
    real.callback()(lambda: None)
    command.register(real)
    article = tmp_path / "long.txt"
    article.write_text(
        "Norland jets struck an ammunition depot outside the village of Kessel early on "
        "Monday, killing four soldiers and wounding nine, regional officials said. "
        + "The depot had been used by the army for years, residents said. " * 12)
    out, pages = tmp_path / "briefs.jsonl", tmp_path / "pages"
    with Server(answer=strike) as srv:
        result = CliRunner().invoke(real, [
            "batch", str(article), "--out", str(out), "--explain", "--html", str(pages),
            "--base-url", srv.base_url, "--model", "m", "--api-key", "k", "--no-progress"])
    assert result.exit_code == 0, result.output
    [record] = lines(out)
    brief = record["brief"]
    assert brief["events"]
    scores = [d["value"] for d in brief["meta"]["trace"] if d["rule"] == "event.confidence"]
    assert len(scores) == len(brief["events"]) and all(0 <= float(v) <= 1 for v in scores)
    page = next(p for p in pages.glob("*.html") if p.name != "index.html")
    assert f"<dt>confidence</dt><dd>{scores[0]}</dd>" in page.read_text(encoding="utf-8")
