"""``summarizer render`` and multi-input ``export`` on fictional saved briefs: no model, no
server, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from review_fixtures import TEXT, brief
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.models import Brief
from summarizer.render import to_json, to_markdown


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SUMMARIZER_RENDER_FORMAT", "SUMMARIZER_RENDER_OUT", "SUMMARIZER_ARTICLE",
                "SUMMARIZER_EXPORT_FORMAT", "SUMMARIZER_PUBLISHED"):
        monkeypatch.delenv(var, raising=False)


def invoke(args: list[str], stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, args, input=stdin)


def one_line_error(result: Result, *needles: str) -> str:
    assert result.exit_code == 2, (result.output, result.exception)
    assert "Traceback" not in result.output and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    for needle in needles:
        assert needle in line, (needle, line)
    return line


def record(article_id: str, source: str, b: Brief, **extra: str) -> str:
    return json.dumps({"id": article_id, "source": source,
                       "brief": b.model_dump(mode="json"), **extra}) + "\n"


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A batch folder: articles/kessa.txt and out.jsonl whose sources are relative to it."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "kessa.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "out.jsonl").write_text(
        record("kessa", "articles/kessa.txt", brief())
        + record("kessa-2", "articles/kessa.txt", brief(trace=True)), encoding="utf-8")
    (tmp_path / "one.json").write_text(to_json(brief(trace=True)), encoding="utf-8")
    return tmp_path


def test_markdown_of_one_brief_needs_no_article(saved: Path) -> None:
    result = invoke(["render", str(saved / "one.json")])
    assert result.exit_code == 0, result.output
    assert result.stdout == to_markdown(brief(trace=True))
    assert "why attacker: `attacker.subject` kept “Norland”" in result.stdout


def test_json_from_stdin_round_trips(saved: Path) -> None:
    result = invoke(["render", "-", "--to", "json"], stdin=to_json(brief()))
    assert result.exit_code == 0, result.output
    assert result.stdout == to_json(brief())


def test_html_finds_the_source_beside_the_batch_file(saved: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path.parent)  # the sources are relative to out.jsonl's folder
    first = saved / "first.jsonl"
    first.write_text(record("kessa", "articles/kessa.txt", brief()), encoding="utf-8")
    result = invoke(["render", str(first), "--to", "html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert '<span class="f f-attacker" title="attacker of event 1: Norland">' in result.stdout


def test_html_of_several_briefs_goes_to_a_folder(saved: Path, tmp_path: Path) -> None:
    one_line_error(invoke(["render", str(saved / "out.jsonl"), "--to", "html"]),
                   "2 briefs make 2 review pages", "--out")
    pages = tmp_path / "pages"
    result = invoke(["render", str(saved / "out.jsonl"), "--to", "html", "--out", str(pages)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in pages.iterdir())
    assert len(names) == 3 and "index.html" in names
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert all(name in index for name in names if name != "index.html")
    traced = [p for p in pages.iterdir() if p.name.startswith("kessa-2-")]
    assert 'data-why="attacker"' in traced[0].read_text(encoding="utf-8")
    assert "wrote 2 html files" in result.stderr


def test_markdown_of_several_briefs_one_file_or_a_folder(saved: Path, tmp_path: Path) -> None:
    both = invoke(["render", str(saved / "out.jsonl")])
    assert both.exit_code == 0, both.output
    assert both.stdout == to_markdown(brief()) + "\n" + to_markdown(brief(trace=True))
    folder = tmp_path / "md"
    result = invoke(["render", str(saved / "out.jsonl"), str(saved / "one.json"), "--out",
                     f"{folder}/"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 3 and "one.md" in names
    assert (folder / "one.md").read_text(encoding="utf-8") == to_markdown(brief(trace=True))


def test_json_of_several_briefs_is_batch_jsonl(saved: Path) -> None:
    result = invoke(["render", str(saved / "out.jsonl"), "--to", "json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["kessa", "kessa-2"]
    assert Brief.model_validate(lines[0]["brief"]) == brief()


def test_the_article_must_be_the_one_the_brief_was_made_from(saved: Path) -> None:
    bare = saved / "one.json"
    one_line_error(invoke(["render", str(bare), "--to", "html"]),
                   "brief", str(bare), "names no source", "--article")
    changed = saved / "changed.txt"
    changed.write_text(TEXT + "Updated.\n", encoding="utf-8")
    one_line_error(invoke(["render", str(bare), "--to", "html", "--article", str(changed)]),
                   str(changed), "sha256 differs")
    good = invoke(["render", str(bare), "--to", "html", "--article",
                   str(saved / "articles" / "kessa.txt")])
    assert good.exit_code == 0, good.output
    # a batch whose source has changed since
    (saved / "articles" / "kessa.txt").write_text(TEXT + "Updated.\n", encoding="utf-8")
    one_line_error(invoke(["render", str(saved / "out.jsonl"), "--to", "html", "-o",
                           str(saved / "pages")]),
                   "brief kessa", "has changed since", "--article")
    assert not (saved / "pages").exists()  # nothing written


def test_a_folder_of_articles_or_the_records_text(saved: Path) -> None:
    articles = saved / "elsewhere"
    articles.mkdir()
    (articles / "kessa.txt").write_text(TEXT, encoding="utf-8")
    gone = saved / "gone.jsonl"
    gone.write_text(record("a", "/nowhere/kessa.txt", brief()), encoding="utf-8")
    one_line_error(invoke(["render", str(gone), "--to", "html"]),
                   "brief a", "'/nowhere/kessa.txt' is not a readable file")
    result = invoke(["render", str(gone), "--to", "html", "--article", str(articles)])
    assert result.exit_code == 0, result.output
    with_text = saved / "text.jsonl"
    with_text.write_text(record("b", "<text 1>", brief(), text=TEXT), encoding="utf-8")
    assert invoke(["render", str(with_text), "--to", "html"]).exit_code == 0
    one_line_error(invoke(["render", str(saved / "out.jsonl"), "--to", "html", "--article",
                           str(articles / "kessa.txt"), "-o", str(saved / "p")]),
                   "--article FILE is for one brief")


def test_exports_take_files_folders_and_stdin(saved: Path, tmp_path: Path) -> None:
    single = invoke(["export", str(saved / "one.json"), "--to", "plover-jsonl"])
    assert single.exit_code == 0, single.output
    assert len(single.stdout.splitlines()) == 2
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "a.json").write_text(to_json(brief()), encoding="utf-8")
    (folder / "b.jsonl").write_text(record("x", "x.txt", brief()), encoding="utf-8")
    (folder / "notes.txt").write_text("not a brief", encoding="utf-8")
    many = invoke(["export", str(saved / "one.json"), str(folder), "-", "--to",
                   "plover-jsonl"], stdin=to_json(brief()))
    assert many.exit_code == 0, many.output
    assert len(many.stdout.splitlines()) == 8  # 2 events x (file, 2 in the folder, stdin)
    rendered = invoke(["render", str(saved / "one.json"), str(folder), "-", "--to",
                       "plover-jsonl"], stdin=to_json(brief()))
    assert rendered.stdout == many.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    one_line_error(invoke(["export", str(empty), "--to", "geojson"]), "directory", str(empty))
    one_line_error(invoke(["export", "-", "-", "--to", "geojson"], stdin="{}"), "only once")
    one_line_error(invoke(["render", str(saved / "one.json"), "--to", "geojson", "-o",
                           f"{tmp_path}/"]), "one file for all briefs")
