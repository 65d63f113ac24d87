"""``summarizer batch --html DIR``: a review page per article as it is briefed, index.html,
and pages filled in on a rerun (direct mode, fake server, toy engine)."""

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
from summarizer.batch.pages import ReviewPages, page_name
from summarizer.settings import Settings

TEXT = "Artillery hit a bridge near <script>alert(1)</script> Kessel on Monday, residents said."


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


def run(app: typer.Typer, args: list[str], base_url: str) -> Any:
    return CliRunner().invoke(app, ["batch", *args, "--base-url", base_url, "--no-progress"])


def inputs(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"art/{i}", "text": f"{TEXT} {i}."}) + "\n"
                           for i in range(3))
                   + json.dumps({"id": "blank", "text": "   "}) + "\n")
    return src


def test_pages_and_index(app: typer.Typer, server: FakeOpenAIServer, tmp_path: Path,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []
    write = ReviewPages._write

    def spy(self: ReviewPages, article_id: str, *args: Any) -> None:
        written.append(article_id)
        write(self, article_id, *args)

    monkeypatch.setattr(ReviewPages, "_write", spy)
    out, pages = tmp_path / "briefs.jsonl", tmp_path / "pages"
    result = run(app, [str(inputs(tmp_path)), "--out", str(out), "--html", str(pages)],
                 server.base_url)
    assert result.exit_code == 1, result.output  # the blank article failed
    ids = [f"art/{i}" for i in range(3)]
    assert sorted(written) == ids  # each page written once, as its brief came in
    names = sorted(p.name for p in pages.iterdir())
    assert names == sorted([*(page_name(i) for i in ids), "index.html"])
    assert all("/" not in page_name(i) for i in ids)
    page = (pages / page_name("art/0")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    index = (pages / "index.html").read_text(encoding="utf-8")
    for i in ids:
        assert f'href="{page_name(i)}"' in index and i in index
    assert "blank" not in index


def test_rerun_fills_in_missing_pages_without_new_requests(
    app: typer.Typer, server: FakeOpenAIServer, tmp_path: Path
) -> None:
    src, out, pages = inputs(tmp_path), tmp_path / "briefs.jsonl", tmp_path / "pages"
    run(app, [str(src), "--out", str(out)], server.base_url)  # first run: no --html
    sent = len(server.chat_requests)
    assert not pages.exists()
    result = run(app, [str(src), "--out", str(out), "--html", str(pages), "--skip-failed"],
                 server.base_url)
    assert result.exit_code == 0, result.output
    assert len(server.chat_requests) == sent  # nothing briefed again
    assert {p.name for p in pages.iterdir()} == {
        *(page_name(f"art/{i}") for i in range(3)), "index.html"}
    (pages / page_name("art/1")).unlink()  # a lost page comes back on the next run
    run(app, [str(src), "--out", str(out), "--html", str(pages), "--skip-failed"],
        server.base_url)
    assert (pages / page_name("art/1")).is_file()
    assert not list(pages.glob(".*.tmp"))


def test_unusable_html_dir_is_one_line(app: typer.Typer, server: FakeOpenAIServer,
                                       tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(app, [str(inputs(tmp_path)), "--out", str(tmp_path / "o.jsonl"), "--html",
                       str(blocker / "pages")], server.base_url)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.output.strip().startswith("error: cannot use --html")
