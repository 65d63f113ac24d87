"""``summarize`` as a person at a terminal meets it (issue 21): progress on stderr only when
it is a terminal, Markdown drawn on a terminal and plain when piped, early one-line refusals
of wrong URLs, servers and ``--out`` files, the brief cache, and help text that reads."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakeserver import FakeOpenAIServer, Fault
from guards import no_embedded_server  # noqa: F401  (an autouse fixture)
from ptyrun import run_with_tty
from typer.testing import CliRunner, Result

from summarizer import api
from summarizer.cli import app
from summarizer.models import Brief
from summarizer.pipeline import plan
from summarizer.progress import Progress
from summarizer.reader import article_from_text, read_article
from summarizer.render import to_markdown
from summarizer.settings import ENV_VARS

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1e5fa254d0587ba6.txt"
HTML = "<!doctype html><html><head><title>Welcome</title></head><body>It works!</body></html>"
BRACKETED = (
    "Warplanes struck a depot held by the Islamic State [ISIS] near the town of Kessel on "
    "Monday, killing two fighters.\nThe defence ministry condemned the attack.\n"
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No setting leaks in from the shell; the retry budget stays at its default, so a
    test that ends fast proves that nothing was retried."""
    for var in [*ENV_VARS.values(), "SUMMARIZER_FORMAT", "SUMMARIZER_NO_CACHE"]:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "10")



@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as srv:
        yield srv


def remote(srv: FakeOpenAIServer | str) -> list[str]:
    url = srv if isinstance(srv, str) else srv.base_url
    return ["--base-url", url, "--model", "m", "--api-key", "sk-test"]


def invoke(args: list[str], **kwargs: Any) -> tuple[Result, float]:
    started = time.monotonic()
    result = CliRunner().invoke(app, args, **kwargs)
    return result, time.monotonic() - started


def one_line(result: Result, code: int, *needles: str) -> str:
    """Exit ``code``, nothing on stdout, exactly one ``error:`` line naming ``needles``."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert result.stdout == "" and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a CLI subprocess: no settings of the shell, a known terminal."""
    env = {k: v for k, v in os.environ.items()
           if k not in ENV_VARS.values() and k not in ("SUMMARIZER_FORMAT", "NO_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="100", LINES="40", **extra)
    return env


def summarize_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", "summarize", *args]


# --------------------------------------------------------------------------- 1. progress


def test_the_api_reports_each_call_of_the_plan(server: FakeOpenAIServer) -> None:
    events: list[Progress] = []
    article = article_from_text(SEED.read_text(encoding="utf-8"), "seed.txt")

    async def run() -> None:
        async with api.Summarizer(model="m", base_url=server.base_url, api_key="k",
                                  progress=events.append) as engine:
            await engine.abrief(article)

    asyncio.run(run())
    total = len(plan(article))
    assert total > 1
    assert [e.stage for e in events] == ["calls"] * (total + 1)
    assert [e.done for e in events] == list(range(total + 1))
    assert {e.total for e in events} == {total} and {e.source for e in events} == {"seed.txt"}
    assert all(a.elapsed <= b.elapsed for a, b in itertools.pairwise(events))


def test_the_embedded_model_start_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[Progress] = []

    async def fake_start(self: Any) -> str:
        events.append(Progress("calls"))  # marks when the server would have started
        return "http://127.0.0.1:9/v1"

    monkeypatch.setattr(api.Summarizer, "_start_server", fake_start)

    async def run() -> None:
        engine = api.Summarizer(model="local", progress=events.append)
        await engine.start()
        await engine.aclose()

    asyncio.run(run())
    assert [e.stage for e in events] == ["starting", "calls"]  # announced before it starts


def test_progress_shows_on_a_terminal_stderr_and_stdout_is_the_brief(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    server.latency = 0.2  # long enough for the line to be drawn between calls
    # a strike the seed names, so the brief has an event (the minimal answer lists none)
    server.answer = lambda request: {"strikes": [{
        "attacker": "United States", "target": "an Iranian-backed militant group",
        "place": "Iraq"}]}
    env = cli_env(SUMMARIZER_CACHE_DIR=str(tmp_path / "cache"))
    argv = summarize_argv(str(SEED), *remote(server), "--no-cache")
    at_terminal = run_with_tty(argv, tty="stderr", env=env)
    assert at_terminal.returncode == 0, at_terminal.tty
    drawn = at_terminal.tty.decode("utf-8", "replace")
    total = len(plan(read_article(SEED)))
    assert f"calls 0/{total}" in drawn and f"calls {total}/{total}" in drawn
    assert re.search(r"calls \d+/\d+\S* \S*\d+ s", drawn), drawn[:300]  # elapsed seconds
    assert drawn.rstrip("\x1b[?25h").endswith("\x1b[2K")  # the line is cleared at the end
    assert "Traceback" not in drawn
    # stdout, piped, is the brief and nothing else: the JSON contract
    assert Brief.model_validate_json(at_terminal.piped).events
    # ... byte for byte what a run without any terminal prints (here from the brief cache)
    cached = subprocess.run(argv[:-1], capture_output=True, env=env, timeout=60, check=False)
    assert cached.returncode == 0 and cached.stdout == at_terminal.piped
    # and a real run with stderr piped writes nothing there at all
    plain = subprocess.run(argv, capture_output=True, env=env, timeout=60, check=False)
    assert plain.returncode == 0 and plain.stderr == b""
    assert json.loads(plain.stdout)["events"] == json.loads(at_terminal.piped)["events"]


# --------------------------------------------------------------------------- 2. early refusal


def test_a_base_url_without_scheme_is_refused_at_once(server: FakeOpenAIServer) -> None:
    result, seconds = invoke(["summarize", str(SEED), "--base-url", "localhost:11434",
                              "--model", "m"])
    one_line(result, 2, "'localhost:11434'", "http://", "did you mean http://localhost:11434/v1?")
    assert seconds < 2


def test_a_url_as_the_article_is_refused_not_fetched(server: FakeOpenAIServer) -> None:
    url = f"{server.base_url.removesuffix('/v1')}/news/strike.html"
    result, seconds = invoke(["summarize", url, *remote(server)])
    one_line(result, 2, url, "URLs are not fetched", ".html file")
    assert seconds < 2
    assert server.requests == []  # nothing downloaded, nothing asked


@pytest.mark.parametrize(
    ("fault", "what"),
    [
        pytest.param(Fault(text=HTML), "HTTP 200, an HTML page", id="html-page"),
        pytest.param(Fault(status=501, text="<html><body>Error 501: Unsupported method "
                           "('POST')</body></html>"), "HTTP 501, an HTML page", id="501"),
        pytest.param(Fault(status=404, text="404: Not Found", content_type="text/plain"),
                     "HTTP 404", id="404"),
        pytest.param(Fault(status=405, text="405: Method Not Allowed",
                           content_type="text/plain"), "HTTP 405", id="405"),
    ],
)
def test_a_server_that_is_not_the_openai_api_ends_at_once(fault: Fault, what: str) -> None:
    calls = len(plan(read_article(SEED)))
    with FakeOpenAIServer(faults=lambda i: fault) as srv:
        result, seconds = invoke(["summarize", str(SEED), *remote(srv)])
    one_line(result, 3, f"the server at {srv.base_url} does not speak the OpenAI API ({what})",
             "is the base URL right, with /v1?")
    assert seconds < 2
    assert 0 < len(srv.chat_requests) <= calls  # each call asked once at most: no retries


def test_a_base_url_without_v1_is_named_as_the_likely_mistake(server: FakeOpenAIServer) -> None:
    root = server.base_url.removesuffix("/v1")  # POST /chat/completions: aiohttp's bare 404
    result, seconds = invoke(["summarize", str(SEED), *remote(root)])
    one_line(result, 3, "does not speak the OpenAI API (HTTP 404)", "with /v1?")
    assert seconds < 2


def test_an_openai_404_and_a_proxy_503_page_are_still_what_they_were(
    server: FakeOpenAIServer,
) -> None:
    """A JSON 404 (an unknown model) is the API speaking; an HTML 503 from a proxy in front
    of a restarting server is retried as before."""
    with FakeOpenAIServer(faults=lambda i: Fault(status=404)) as srv:
        result, _ = invoke(["summarize", str(SEED), *remote(srv)])
    line = one_line(result, 3, "HTTP 404")
    assert "does not speak" not in line
    with FakeOpenAIServer(faults=[Fault(status=503, text=HTML)]) as srv:
        result, _ = invoke(["summarize", str(SEED), *remote(srv), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(srv.chat_requests) == len(plan(read_article(SEED))) + 1  # the 503 retried


# --------------------------------------------------------------------------- 3. brief cache


def failing_server() -> FakeOpenAIServer:
    return FakeOpenAIServer(faults=lambda i: Fault(status=400))


def test_an_unchanged_article_comes_from_the_cache_with_no_request(
    server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = invoke(["summarize", str(SEED), *remote(server), "--format", "json"])
    assert first.exit_code == 0, first.output
    with failing_server() as dead:
        again, _ = invoke(["summarize", str(SEED), *remote(dead), "--format", "json"])
        assert again.exit_code == 0, again.output
        assert again.stdout == first.stdout
        assert dead.requests == []
        # --no-cache (or SUMMARIZER_NO_CACHE) asks the model again: here, and it fails
        forced, _ = invoke(["summarize", str(SEED), *remote(dead), "--no-cache"])
        assert forced.exit_code == 3 and len(dead.chat_requests) > 0
        asked = len(dead.chat_requests)
        monkeypatch.setenv("SUMMARIZER_NO_CACHE", "1")
        by_env, _ = invoke(["summarize", str(SEED), *remote(dead)])
        assert by_env.exit_code == 3 and len(dead.chat_requests) > asked


def test_the_cache_is_keyed_by_text_and_model(server: FakeOpenAIServer, tmp_path: Path) -> None:
    invoke(["summarize", str(SEED), *remote(server)])
    changed = tmp_path / "changed.txt"
    changed.write_text(SEED.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    with failing_server() as dead:
        other_text, _ = invoke(["summarize", str(changed), *remote(dead)])
        assert other_text.exit_code == 3  # not the cached brief of the seed
        other_model, _ = invoke(["summarize", str(SEED), "--base-url", dead.base_url,
                                 "--model", "other", "--api-key", "k"])
        assert other_model.exit_code == 3


def test_an_unusable_cache_dir_does_not_stop_the_brief(
    server: FakeOpenAIServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(blocker / "cache"))
    result, _ = invoke(["summarize", str(SEED), *remote(server), "--format", "json"])
    assert result.exit_code == 0 and result.stderr == "", result.output


# --------------------------------------------------------------------------- 4. --out


@pytest.mark.parametrize("case", ["parent-is-a-file", "parent-missing", "out-is-a-directory",
                                  "no-permission"])
def test_an_unwritable_out_fails_before_any_model_call(
    server: FakeOpenAIServer, tmp_path: Path, case: str
) -> None:
    if case == "no-permission" and os.geteuid() == 0:
        pytest.skip("root may write anywhere")
    afile = tmp_path / "afile"
    afile.write_text("keep")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    out = {
        "parent-is-a-file": afile / "brief.json",
        "parent-missing": tmp_path / "missing" / "brief.json",
        "out-is-a-directory": tmp_path,
        "no-permission": locked / "brief.json",
    }[case]
    try:
        result, seconds = invoke(["summarize", str(SEED), *remote(server), "--out", str(out)])
    finally:
        locked.chmod(stat.S_IRWXU)
    one_line(result, 1, f"cannot write {out}")
    assert seconds < 1
    assert server.requests == []
    assert afile.read_text() == "keep"


def test_the_out_check_leaves_no_file_and_keeps_an_existing_one(tmp_path: Path) -> None:
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    old.write_text("before")
    with failing_server() as dead:
        for out in (new, old):
            result, _ = invoke(["summarize", str(SEED), *remote(dead), "--out", str(out)])
            assert result.exit_code == 3 and dead.chat_requests
    assert not new.exists()  # the check made and removed it; the failed run wrote nothing
    assert old.read_text() == "before"


# --------------------------------------------------------------------------- 5. help


@pytest.mark.parametrize(
    ("command", "defaults"),
    [
        ("summarize", ["[default: markdown on a terminal, json otherwise]",
                       "[default: local]"]),
        ("batch", ["[default: OUT.errors.jsonl]", "[default: OUT.batch.json]",
                   "[default: on a terminal]", "[default: local]"]),
        ("export", []),
    ],
)
def test_help_shows_the_defaults_and_no_type_tags(command: str, defaults: list[str]) -> None:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())  # the panel wraps long help; join it again
    for default in defaults:
        assert default in text, default
    assert "<bool>" not in text and "<str>" not in text and "<path>" not in text
    assert re.search(r"--out\s+-o\s+(FILE|PATH) ", text)  # a value name instead
    assert re.search(r"--help\s+Show this message", text)  # a flag takes no value


# --------------------------------------------------------------------------- 6. Markdown


def bracket_answer(request: dict[str, Any]) -> dict[str, Any]:
    """A strike by the Islamic State [ISIS] for every (strike) call."""
    return {"strikes": [{"attacker": "Warplanes", "target": "depot held by the Islamic "
                         "State [ISIS]", "place": "Kessel"}]}


def test_markdown_is_drawn_on_a_terminal_and_plain_when_piped(tmp_path: Path) -> None:
    article = tmp_path / "isis.txt"
    article.write_text(BRACKETED, encoding="utf-8")
    env = cli_env(SUMMARIZER_CACHE_DIR=str(tmp_path / "cache"))
    with FakeOpenAIServer(answer=bracket_answer) as srv:
        argv = summarize_argv(str(article), *remote(srv))
        as_json = subprocess.run([*argv, "--format", "json"], capture_output=True, env=env,
                                 timeout=60, check=False)
        piped = subprocess.run([*argv, "--format", "markdown"], capture_output=True, env=env,
                               timeout=60, check=False)
        drawn = run_with_tty(argv, tty="stdout", env=env)
    assert as_json.returncode == piped.returncode == drawn.returncode == 0, drawn.piped
    brief = Brief.model_validate_json(as_json.stdout)
    # piped: the plain Markdown, byte for byte what the renderer makes
    assert piped.stdout.decode("utf-8") == to_markdown(brief)
    assert "\\[ISIS\\]" in piped.stdout.decode("utf-8")
    # on a terminal: drawn by Rich, no Markdown syntax, escapes resolved
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn.tty.decode("utf-8"))
    assert brief.headline.rstrip(".") in screen
    assert "[ISIS]" in screen and "\\[" not in screen
    assert not re.search(r"^\s*#", screen, re.M)
    assert "\x1b[" in drawn.tty.decode("utf-8")  # styled
    assert drawn.piped == b""  # stderr is no terminal here: no progress line
