"""The Batch API flow (``--via openai-batch``), replayed from cassettes under cassettes/batch/.

Re-record against the fake batch server on loopback with::

    .venv/bin/pytest tests/test_batch_openai.py --record-mode=rewrite
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import vcr
from fake_batch_server import Call, FakeBatchServer, Gist, ToyEngine, ToyPipeline
from typer.testing import CliRunner

from summarizer.batch import command, session
from summarizer.batch import openai_batch as ob
from summarizer.batch.inputs import from_values
from summarizer.reader import article_from_text
from summarizer.settings import Settings

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes" / "batch"
REPLAY_URL = "http://127.0.0.1:9/v1"
SECRET_HEADERS = ["authorization", "api-key", "x-api-key", "cookie", "set-cookie",
                  "openai-organization", "openai-project"]
TEXT = "A missile hit a fuel depot in the port of Halvik overnight, the harbour office said."
ARTICLES = [{"id": "ok", "text": TEXT}, {"id": "fails", "text": TEXT + " Second."},
            {"id": "invalid", "text": TEXT + " Third."}]


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


def cassette(name: str, mode: str) -> Any:
    if mode == "rewrite":  # pytest-recording's mode: start the file afresh
        (CASSETTES / name).unlink(missing_ok=True)
        mode = "all"
    recorder = vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode=mode,
        match_on=["method", "path", "query"],
        filter_headers=SECRET_HEADERS,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )
    return recorder.use_cassette(name)


@pytest.fixture
def record_mode(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--record-mode") or "none")


@pytest.fixture
def base_url(record_mode: str) -> Iterator[str]:
    if record_mode == "none":
        yield REPLAY_URL
        return
    server = FakeBatchServer(polls=1, fail_ids={"fails::gist"}, invalid_ids={"invalid::gist"})
    with server:
        yield server.base_url


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> typer.Typer:
    @contextlib.asynccontextmanager
    async def toy_engine(engine: Any, settings: Settings, flags: Any) -> AsyncIterator[Any]:
        assert settings.base_url is not None
        async with ToyEngine(settings.base_url) as eng:
            yield eng

    monkeypatch.setattr(session, "open_engine", toy_engine)
    monkeypatch.setattr(ob, "default_pipeline", lambda: ToyPipeline(calls=2))
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    app = typer.Typer()
    app.callback()(lambda: None)
    command.register(app)
    return app


def invoke(app: typer.Typer, args: list[str]) -> Any:
    return CliRunner().invoke(app, ["batch", *args, "--no-progress"])


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_batch_api_submit_then_resume_from_state(
    app: typer.Typer, base_url: str, record_mode: str, tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    out, state_path = tmp_path / "briefs.jsonl", tmp_path / "run.json"
    with cassette("submit.yaml", record_mode):
        result = invoke(app, [str(src), "--out", str(out), "--via", "openai-batch",
                              "--state", str(state_path), "--detach", "--base-url", base_url,
                              "--model", "fake-model"])
    assert result.exit_code == 0, result.output
    assert f"--resume {state_path}" in result.output
    state = ob.State.load(state_path)
    assert len(state.parts) == 1 and state.parts[0].batch_id and not state.finished
    requests = lines(state.workdir / state.parts[0].requests)
    assert [r["custom_id"] for r in requests] == [
        f"{a['id']}::{name}" for a in ARTICLES for name in ("gist", "stance")]
    body = requests[0]["body"]
    assert body["tool_choice"] == {"type": "function", "function": {"name": "Gist"}}
    assert body["tools"][0]["function"]["parameters"]["required"] == ["headline", "summary"]
    assert requests[0]["url"] == "/v1/chat/completions" and body["model"] == "fake-model"

    # "restart": a new process continues from the state file alone
    with cassette("resume.yaml", record_mode):
        result = invoke(app, ["--resume", str(state_path), "--poll-interval", "0"])
    assert result.exit_code == 1, result.output  # two articles failed
    assert [r["id"] for r in lines(out)] == ["ok"]
    brief = lines(out)[0]["brief"]
    assert brief["meta"]["article_sha256"] == article_from_text(TEXT, "ok").sha256
    assert brief["meta"]["usage"]["prompt_tokens"] > 0
    errors = {r["id"]: r for r in lines(tmp_path / "briefs.errors.jsonl")}
    assert errors["fails"]["kind"] == "BatchJobFailed"
    assert "HTTP 500" in errors["fails"]["message"]
    assert errors["invalid"]["kind"] == "ValidationFailed"
    assert ob.State.load(state_path).finished

    # resuming a finished run changes nothing (no requests: the cassette has none left)
    with cassette("resume.yaml", "none"):
        again = invoke(app, ["--resume", str(state_path), "--poll-interval", "0"])
    assert again.exit_code == 0, again.output
    assert len(lines(out)) == 1 and len(lines(tmp_path / "briefs.errors.jsonl")) == 2


def test_batch_api_retry_direct(
    app: typer.Typer, base_url: str, record_mode: str, tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    out = tmp_path / "briefs.jsonl"
    with cassette("retry_direct.yaml", record_mode):
        result = invoke(app, [str(src), "--out", str(out), "--via", "openai-batch",
                              "--retry-direct", "--poll-interval", "0", "--base-url", base_url,
                              "--model", "fake-model"])
    assert result.exit_code == 0, result.output
    assert sorted(r["id"] for r in lines(out)) == ["fails", "invalid", "ok"]
    assert lines(tmp_path / "briefs.errors.jsonl") == []


def test_cassettes_hold_no_secrets() -> None:
    files = sorted(CASSETTES.glob("*.yaml"))
    assert len(files) == 3
    for path in files:
        text = path.read_text().lower()
        assert "sk-test-not-a-real-key" not in text
        for header in SECRET_HEADERS:
            assert f"{header}:" not in text, (path.name, header)


def test_large_jobs_are_split_keeping_an_article_in_one_file(tmp_path: Path) -> None:
    settings = Settings(model="m", base_url=REPLAY_URL)
    state = ob.new_state(tmp_path / "s.json", settings, ToyPipeline(calls=2),
                         tmp_path / "o.jsonl", tmp_path / "e.jsonl", retry_direct=False)
    sunk: list[Any] = []
    items = from_values([(f"a{i}", f"{TEXT} {i}") for i in range(5)])
    ob.prepare(state, items, ToyPipeline(calls=2), lambda *a: sunk.append(a), skip={"a4"},
               max_lines=5)
    assert sunk == []
    assert [p.lines for p in state.parts] == [4, 4]  # 2 articles x 2 calls each; a4 skipped
    assert [p.n_articles for p in state.parts] == [2, 2]
    by_bytes = ob.new_state(tmp_path / "t.json", settings, ToyPipeline(calls=1),
                            tmp_path / "o.jsonl", tmp_path / "e.jsonl", retry_direct=False)
    ob.prepare(by_bytes, from_values([TEXT, TEXT + "!"]), ToyPipeline(calls=1),
               lambda *a: None, skip=set(), max_bytes=100)
    assert len(by_bytes.parts) == 2


def test_parse_answer_uses_the_response_model() -> None:
    call = Call("gist", Gist, [{"role": "user", "content": "x"}], 10)
    body = {"id": "c", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
                "role": "assistant", "content": None, "tool_calls": [{
                    "id": "t", "type": "function", "function": {
                        "name": "Gist", "arguments": '{"headline": "h", "summary": "s"}'}}]}}]}
    parsed = ob.parse_answer(call, body)
    assert isinstance(parsed, Gist)  # instructor's subclass, as a direct call returns
    assert parsed.model_dump() == {"headline": "h", "summary": "s"}
    body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = '{"headline": 1}'
    with pytest.raises(ValueError):
        ob.parse_answer(call, body)


def test_batch_api_keeps_each_inputs_published_date(
    app: typer.Typer, base_url: str, record_mode: str, tmp_path: Path
) -> None:
    """A record's own ``published`` and ``--published`` for the others reach the briefs,
    through the joined answers and the direct retries alike."""
    src = tmp_path / "in.jsonl"
    dated = [{**ARTICLES[0], "published": "2031-01-02"}, *ARTICLES[1:]]
    src.write_text("".join(json.dumps(a) + "\n" for a in dated))
    out = tmp_path / "briefs.jsonl"
    with cassette("retry_direct.yaml", record_mode):
        result = invoke(app, [str(src), "--out", str(out), "--via", "openai-batch",
                              "--retry-direct", "--poll-interval", "0", "--base-url", base_url,
                              "--model", "fake-model", "--published", "2031-05-08"])
    assert result.exit_code == 0, result.output
    published = {r["id"]: r["brief"]["published"] for r in lines(out)}
    assert published == {"ok": "2031-01-02", "fails": "2031-05-08", "invalid": "2031-05-08"}
