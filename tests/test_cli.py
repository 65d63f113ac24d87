"""``summarizer`` on the command line: one-line errors with their exit codes, never a
traceback, and the happy path against the fake OpenAI-compatible server."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from click.testing import Result
from fakeserver import FakeOpenAIServer, Fault
from guards import no_embedded_server  # noqa: F401  (an autouse fixture)
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.errors import BackendError, InputError
from summarizer.pipeline import plan
from summarizer.reader import read_article
from summarizer.settings import ENV_VARS

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1e5fa254d0587ba6.txt"
SCHEMA_FILE = ROOT / "schemas" / "brief.schema.json"
SECRET = "sk-test-cli-SECRET-0123456789abcdef"
SMALL_ARTICLE = (
    "Warplanes struck an ammunition depot near the town of Kessel on Monday, killing two "
    "soldiers.\nThe defence ministry condemned the attack in a statement.\n"
)
HTML_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Jets strike depot near Kessel</title>
<script>var tracking = "<b>not article text</b>";</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Jets strike depot near Kessel</h1>
<p>Warplanes from Northland struck an ammunition depot near the town of Kessel on
Monday, killing two soldiers and wounding five others, officials said.</p>
<p>The <b>defence ministry</b> of Southland condemned the <i>attack</i> in a statement and
called it a grave violation of its sovereignty.</p>
<p>Residents said the explosions could be heard for several kilometres across the valley
and that fires burned at the site until late in the evening.</p>
</article>
<footer>Copyright 2024 Example News</footer>
</body></html>
"""


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No setting may leak in from the developer's shell."""
    for var in [*ENV_VARS.values(), "SUMMARIZER_FORMAT"]:
        monkeypatch.delenv(var, raising=False)
    # fail fast on transport errors: no retry waits in these tests
    monkeypatch.setenv("SUMMARIZER_MAX_RETRY_SECONDS", "0")
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "10")



def strike_answer(request: dict[str, Any]) -> dict[str, Any]:
    """A schema-valid StrikesOut tool call with content (every call of a plan is a strike
    call)."""
    sentence = request["messages"][-1]["content"]
    if "Northland" in sentence:  # the HTML page's story
        return {"strikes": [{"attacker": "Northland", "target": "ammunition depot",
                             "place": "Kessel"}]}
    return {"strikes": [{"attacker": "United States", "target": "Kataib Hezbollah",
                         "place": "Iraq"}]}


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(answer=strike_answer) as srv:
        yield srv


def invoke(args: list[str], **kwargs: Any) -> Result:
    return CliRunner().invoke(app, args, **kwargs)


def remote(srv: FakeOpenAIServer, key: str = "k") -> list[str]:
    return ["--base-url", srv.base_url, "--model", "m", "--api-key", key]


def assert_one_line_error(result: Result, code: int, *needles: str) -> str:
    """Exit ``code``, nothing on stdout, one ``error:`` line on stderr naming ``needles``."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------- bad input (2)


def test_exit_codes_are_the_documented_ones() -> None:
    assert InputError.exit_code == 2
    assert BackendError.exit_code == 3


def test_file_not_found(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert_one_line_error(invoke(["summarize", str(missing)]), 2, "not found", str(missing))


def test_directory(tmp_path: Path) -> None:
    assert_one_line_error(invoke(["summarize", str(tmp_path)]), 2, "directory", str(tmp_path))


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert_one_line_error(invoke(["summarize", str(empty)]), 2, "empty", str(empty))


def test_whitespace_only_file(tmp_path: Path) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\t\r\n   \n", encoding="utf-8")
    assert_one_line_error(invoke(["summarize", str(blank)]), 2, "whitespace", str(blank))


def test_binary_png(tmp_path: Path) -> None:
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)))
    assert_one_line_error(invoke(["summarize", str(png)]), 2, "binary", "NUL", str(png))


def test_non_utf8_latin1(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    data = "Frappe aérienne près de la frontière.".encode("latin-1")
    latin.write_bytes(data)
    line = assert_one_line_error(invoke(["summarize", str(latin)]), 2, "UTF-8", str(latin))
    first = data.index("é".encode("latin-1"))
    assert f"invalid UTF-8 at byte {first}" in line  # the first non-ASCII byte


def test_python_dash_m_summarizer_reports_without_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "summarizer", "summarize", str(missing)],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [f"error: article not found: {missing}"]


def test_a_long_article_is_briefed_not_refused(
    tmp_path: Path, server: FakeOpenAIServer
) -> None:
    """40,000 characters (about 11,000 tokens, far over one call's context) are read
    sentence by sentence; nothing is refused below the reader's byte limit."""
    sentence = "Jets struck a depot near the border town on Monday, officials said. "
    big = tmp_path / "big.txt"
    big.write_text((sentence * (40_000 // len(sentence) + 1))[:40_000], encoding="utf-8")
    result = invoke(["summarize", str(big), "--format", "json", *remote(server)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["schema_version"] == "1"


# --------------------------------------------------------------------------- backend (3)


def test_unreachable_endpoint_names_the_url(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(SMALL_ARTICLE, encoding="utf-8")
    url = f"http://127.0.0.1:{free_port()}/v1"
    result = invoke(["summarize", str(article), "--base-url", url, "--model", "some-model",
                     "--api-key", SECRET])
    assert_one_line_error(result, 3, "cannot reach", url)
    assert SECRET not in result.output


def test_auth_failure_never_shows_the_key(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(SMALL_ARTICLE, encoding="utf-8")
    with FakeOpenAIServer(faults=lambda i: Fault(status=401)) as srv:
        result = invoke(["summarize", str(article), *remote(srv, key=SECRET)])
    line = assert_one_line_error(result, 3, "authentication failed", srv.base_url, "401")
    assert "api-key" in line
    assert SECRET not in result.output
    assert srv.chat_requests, "the request never reached the server"
    # the key was sent (so the server could refuse it), only never printed
    assert srv.chat_requests[0].headers["authorization"] == f"Bearer {SECRET}"


@pytest.mark.parametrize(
    "bad_answer",
    [
        pytest.param(lambda request: "{not json at all", id="invalid-json"),
        pytest.param(lambda request: {"unexpected": 1}, id="wrong-shape"),
    ],
)
def test_validation_fails_after_retries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad_answer: Any
) -> None:
    monkeypatch.setenv("SUMMARIZER_VALIDATION_RETRIES", "2")
    article = tmp_path / "a.txt"
    article.write_text(SMALL_ARTICLE, encoding="utf-8")
    calls = plan(read_article(article))
    assert len(calls) >= 2  # every call of the article fails, so the brief must fail
    with FakeOpenAIServer(answer=bad_answer) as srv:
        result = invoke(["summarize", str(article), *remote(srv)])
    line = assert_one_line_error(result, 3, "failed validation after")
    attempts = int(re.search(r"after (\d+) attempts", line).group(1))  # type: ignore[union-attr]
    assert attempts == 2 + 1  # the first ask plus SUMMARIZER_VALIDATION_RETRIES re-asks
    assert len(srv.chat_requests) == len(calls) * attempts


# --------------------------------------------------------------------------- happy path


def test_json_brief_validates_against_the_schema(server: FakeOpenAIServer) -> None:
    result = invoke(["summarize", str(SEED), *remote(server), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    brief = json.loads(result.stdout)
    jsonschema.validate(brief, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    text = SEED.read_text(encoding="utf-8")
    assert brief["meta"]["article_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert brief["meta"]["model"] == "m"
    assert brief["events"], "the fake server's strike answers did not reach the brief"
    for span in brief["events"][0]["evidence"]:
        assert text[span["start"]:span["end"]] == span["quote"]


def test_markdown_prints_the_headline(server: FakeOpenAIServer) -> None:
    as_json = invoke(["summarize", str(SEED), *remote(server), "--format", "json"])
    as_md = invoke(["summarize", str(SEED), *remote(server), "--format", "markdown"])
    assert as_json.exit_code == 0 and as_md.exit_code == 0, as_md.output
    headline = json.loads(as_json.stdout)["headline"]
    assert as_md.stdout.splitlines()[0] == f"# {headline}"
    assert "## Events" in as_md.stdout
    assert not as_md.stdout.lstrip().startswith("{")


def test_out_writes_the_file_and_prints_nothing(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    out = tmp_path / "brief.json"
    result = invoke(["summarize", str(SEED), *remote(server), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    written = out.read_text(encoding="utf-8")
    assert written.endswith("\n")
    brief = json.loads(written)  # without --format, a file gets the JSON contract
    jsonschema.validate(brief, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def test_stdin_dash(server: FakeOpenAIServer) -> None:
    data = SEED.read_bytes()
    result = invoke(["summarize", "-", *remote(server), "--format", "json"], input=data)
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    assert brief["meta"]["article_sha256"] == hashlib.sha256(data).hexdigest()
    assert brief["events"]


def test_html_input_is_reduced_to_text(server: FakeOpenAIServer, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    seen = len(server.chat_requests)
    result = invoke(["summarize", str(page), *remote(server), "--format", "json"])
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    quotes = [s["quote"] for e in brief["events"] for s in e["evidence"]]
    quotes += [s["quote"] for r in brief["reactions"] for s in r["evidence"]]
    assert quotes, "no evidence to check"
    assert any("struck an ammunition depot" in q for q in quotes)
    for quote in quotes:
        assert not re.search(r"</?[a-zA-Z][^>]*>", quote), quote
    sent = " ".join(
        m["content"] for r in server.chat_requests[seen:] for m in r.json["messages"]
        if m["role"] == "user"
    )
    assert "defence ministry" in sent
    for markup in ("<b>", "<p>", "<nav", "<script", "tracking", "Copyright"):
        assert markup not in sent, markup


# --------------------------------------------------------------------------- schema


def test_schema_prints_the_schema_file_exactly() -> None:
    result = invoke(["schema"])
    assert result.exit_code == 0
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8")
