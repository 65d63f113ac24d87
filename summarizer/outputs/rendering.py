"""``summarizer render``: saved briefs in any output format, with no model and no server.

Several briefs go to one file (Markdown one after another, JSON as batch JSONL records, an
export as one table or collection) unless ``--out`` is a folder: an existing one, or a path
ending in ``/``; then each brief gets its own file (and ``--to html`` an ``index.html``).
Several review pages always need a folder. The review page needs the article text: see
:func:`article_text`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from summarizer.cliutil import Published, user_errors, write_output
from summarizer.errors import ArticleTextMissing, InputError, OutputUnwritable, SummarizerError
from summarizer.outputs.formats import ExportFormat
from summarizer.outputs.review import page_stem
from summarizer.outputs.saved import SavedBrief, read_inputs

if TYPE_CHECKING:
    from summarizer.reader import Article

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SUFFIX = {"markdown": ".md", "html": ".html", "json": ".json"}


class RenderFormat(StrEnum):
    """What ``render --to`` writes."""

    markdown = "markdown"
    html = "html"
    json = "json"
    acled_csv = "acled-csv"
    plover_jsonl = "plover-jsonl"
    geojson = "geojson"


def render_command(
    briefs: Annotated[list[str], typer.Argument(
        help="Brief JSON files, `summarizer batch` JSONL files, folders of them (*.json, "
        "*.jsonl), or - for stdin.", show_default=False)],
    to: Annotated[RenderFormat, typer.Option(
        "--to", help="markdown, html (review page), json, acled-csv, plover-jsonl or geojson.",
        envvar="SUMMARIZER_RENDER_FORMAT")] = RenderFormat.markdown,
    out: Annotated[str | None, typer.Option(
        "--out", "-o", metavar="PATH", show_default=False, envvar="SUMMARIZER_RENDER_OUT",
        help="A file, or a folder (existing, or ending in /) for one file per brief; "
        "several html pages need a folder \\[default: stdout].")] = None,
    article: Annotated[Path | None, typer.Option(
        "--article", metavar="PATH", show_default=False, envvar="SUMMARIZER_ARTICLE",
        help="html: the article a brief was made from (a file), or a folder holding the "
        "articles by their source file names \\[default: each brief's source, if unchanged].",
    )] = None,
    published: Published = None,
) -> None:
    """Render saved briefs (JSON, batch JSONL) as Markdown, review pages, JSON or exports."""
    from summarizer.published import optional_published

    with user_errors():
        date = optional_published(published)
        saved = read_inputs(briefs)
        if to.value in set(ExportFormat):
            _export(to.value, saved, out, date)
            return
        if article is not None and len(saved) > 1 and not article.is_dir():
            raise InputError(f"--article FILE is for one brief, and {len(saved)} were given: "
                             "pass --article DIR, a folder holding their articles")
        folder = _folder(out, to.value, len(saved))
        if folder is None:
            write_output(_one_text(to.value, saved, article), Path(out) if out else None)
        else:
            _write_folder(folder, to.value, saved, article)


def _export(fmt: str, saved: list[SavedBrief], out: str | None,
            date: dt.date | None) -> None:
    from summarizer.outputs.formats import export
    from summarizer.outputs.unplaced import unplaced_note

    if out and _is_folder(out):
        raise InputError(f"--to {fmt} writes one file for all briefs, not a folder: {out}")
    pairs = [(s.source or s.id, s.brief) for s in saved]
    write_output(export(fmt, pairs, published=date),
                 Path(out) if out else None)
    if note := unplaced_note(pairs):
        typer.echo(note, err=True)


def _is_folder(out: str) -> bool:
    return out.endswith(("/", os.sep)) or Path(out).is_dir()


def _folder(out: str | None, fmt: str, count: int) -> Path | None:
    """Where one file per brief goes, or None for a single output (a file or stdout)."""
    if out is not None and (_is_folder(out) or (fmt == "html" and count > 1)):
        return Path(out)
    if fmt == "html" and count > 1:
        raise InputError(f"{count} briefs make {count} review pages: give --out a folder")
    return None


def _one_text(fmt: str, saved: list[SavedBrief], article: Path | None) -> str:
    """All briefs as one text: a brief as is, several Markdown briefs one after another,
    several JSON briefs as batch JSONL records (``{id, source, brief}``)."""
    if len(saved) == 1:
        return _render(fmt, saved[0], article)
    if fmt == "json":
        return "".join(json.dumps({"id": s.id or s.where, "source": s.source,
                                   "brief": s.brief.model_dump(mode="json")},
                                  ensure_ascii=False) + "\n" for s in saved)
    return "\n".join(_render(fmt, s, article) for s in saved)


def _render(fmt: str, s: SavedBrief, article: Path | None) -> str:
    from summarizer.outputs.formats import render

    text = article_text(s, article) if fmt == "html" else ""
    return render(fmt, s.brief, text, s.source)


def _write_folder(folder: Path, fmt: str, saved: list[SavedBrief],
                  article: Path | None) -> None:
    from summarizer.outputs.review import IndexEntry, render_index

    pages = [(s, _render(fmt, s, article)) for s in saved]  # every text found before writing
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputUnwritable(folder, exc.strerror or str(exc)) from None
    used: set[str] = set()
    entries = []
    for s, text in pages:
        name = file_name(s, _SUFFIX[fmt], used)
        write_output(text, folder / name)
        entries.append(IndexEntry(href=name, article_id=s.name, source=s.source,
                                  headline=s.brief.headline, events=len(s.brief.events),
                                  reactions=len(s.brief.reactions)))
    if fmt == "html":
        write_output(render_index(entries), folder / "index.html")
    typer.echo(f"wrote {len(pages)} {fmt} file{'s' if len(pages) != 1 else ''} to {folder}",
               err=True)


def file_name(s: SavedBrief, suffix: str, used: set[str]) -> str:
    """A safe, unique file name for a brief: its batch id (as ``batch --html`` names its
    pages: readable part and a hash), else its file's stem; ``-2``... when taken."""
    if s.id:
        stem = page_stem(s.id)
    else:
        stem = _UNSAFE.sub("_", s.file.stem if s.file else "brief").strip("._") or "brief"
    name, n = stem + suffix, 1
    while name in used or name == "index.html":
        n += 1
        name = f"{stem}-{n}{suffix}"
    used.add(name)
    return name


def article_text(s: SavedBrief, article: Path | None) -> str:
    """The exact text ``s`` was made from, for its review page: ``article`` (a file, or a
    folder holding the article under its source's file name), else the record's own
    ``text``, else its ``source`` file (as given, then beside the briefs file); only a text
    whose sha256 is the brief's ``meta.article_sha256``. Raises ArticleTextMissing."""
    from summarizer.reader import read_article

    want = s.brief.meta.article_sha256
    if article is not None and not article.is_dir():
        doc = read_article(article)
        if doc.sha256 != want:
            raise ArticleTextMissing(s.name, f"{article} is not the text it was made from "
                                     "(its sha256 differs)", "pass the original article")
        return doc.text
    if s.text is not None and hashlib.sha256(s.text.encode("utf-8")).hexdigest() == want:
        return s.text
    changed = None
    for path in _candidates(s, article):
        found = _read(path)
        if found is not None and found.sha256 == want:
            return found.text
        changed = changed or (path if found else None)
    hint = ("pass --article DIR, a folder holding the original articles" if article
            else "pass --article with the original article (a file, or a folder of them)")
    if changed is not None:
        detail = f"{changed} has changed since (its sha256 differs)"
    elif s.source:
        detail = f"its source {s.source!r} is not a readable file"
        detail += f" in {article}" if article else ""
    else:
        detail = "it names no source file"
    raise ArticleTextMissing(s.name, detail, hint)


def _candidates(s: SavedBrief, folder: Path | None) -> list[Path]:
    if not s.source or s.source.startswith("<"):
        return []
    source = Path(s.source)
    if folder is not None:
        return list(dict.fromkeys([folder / source.name, folder / source]))
    paths = [source]
    if s.file is not None and not source.is_absolute():
        paths.append(s.file.parent / source)
    return list(dict.fromkeys(paths))


def _read(path: Path) -> Article | None:
    """The article read from ``path``; None when it cannot be read."""
    from summarizer.reader import read_article

    try:
        return read_article(path)
    except SummarizerError:
        return None
