"""Batch inputs, streamed: Python values (strings, ``(id, text)`` pairs, dicts) or CLI specs
(files, directories, globs, JSONL files of ``{id, text}``). A dict or JSONL record may carry
``published`` (``YYYY-MM-DD``): the publication date of an article without a dateline.

Each input becomes an :class:`Item` whose text is read only when a worker takes it, so a
batch of any size holds no more articles in memory than it has requests in flight.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from summarizer.errors import ArticleNotFound, BadInputLine, InputError, SummarizerError
from summarizer.published import parse_published
from summarizer.reader import Article, article_from_text, read_article

ArticleInput: TypeAlias = str | tuple[str, str] | Mapping[str, Any]
"""What ``summarize_many`` accepts per article: text, ``(id, text)``, or ``{"id", "text"}``
(optionally with ``"published"``, a ``YYYY-MM-DD`` date)."""

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Item:
    """One article of a batch: its id, where it came from, and how to get its text."""

    id: str
    source: str
    load: Callable[[], Article]
    published: dt.date | None = None
    """The publication date the input gives, for a brief whose text has no dateline."""


def text_loader(text: str, source: str) -> Callable[[], Article]:
    """An :attr:`Item.load` for text already in memory."""
    return lambda: article_from_text(text, source)


def _failing(error: SummarizerError) -> Callable[[], Article]:
    def load() -> Article:
        raise error

    return load


def from_values(articles: Iterable[ArticleInput], *, start: int = 0) -> Iterator[Item]:
    """Python inputs: a string gets its position as id ("0", "1", ...); pairs and dicts
    bring their own id. A malformed value becomes an item that fails, not an exception."""
    for index, value in enumerate(articles, start=start):
        if isinstance(value, str):
            yield Item(str(index), f"<text {index}>", text_loader(value, f"<text {index}>"))
        elif isinstance(value, tuple) and len(value) == 2:
            yield _record(value[0], value[1], None, fallback=str(index), where=f"item {index}")
        elif isinstance(value, Mapping):
            yield _record(
                value.get("id"), value.get("text"), value.get("source"),
                fallback=str(index), where=f"item {index}", published=value.get("published"),
            )
        else:
            error = InputError(f"item {index}: expected text, (id, text) or {{id, text}}")
            yield Item(str(index), f"<item {index}>", _failing(error))


def _record(
    raw_id: Any, text: Any, source: Any, *, fallback: str, where: str, published: Any = None
) -> Item:
    """An item from an id/text pair; a missing id, non-string text or a published value
    that is not a date fails that item only."""
    article_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id) else None
    src = str(source) if isinstance(source, str) and source else (article_id or where)
    if article_id is None:
        return Item(fallback, src, _failing(InputError(f"{where}: missing or empty id")))
    if not isinstance(text, str):
        return Item(article_id, src, _failing(InputError(f"{where}: text must be a string")))
    try:
        date = parse_published(published, f"{where}: published") if published else None
    except InputError as exc:
        return Item(article_id, src, _failing(exc))
    return Item(article_id, src, text_loader(text, src), date)


def from_specs(specs: Sequence[str], published: dt.date | None = None) -> Iterator[Item]:
    """CLI inputs, in order: a ``.jsonl`` file yields its records, a directory its files
    (recursively, hidden ones skipped, sorted), a glob its matches, a file itself.
    A file's id is its path as written; a missing path becomes a failing item.
    ``published`` (``--published``) dates the items that do not give their own."""
    items = _from_specs(specs)
    if published is None:
        yield from items
        return
    for item in items:
        yield item if item.published else dataclasses.replace(item, published=published)


def _from_specs(specs: Sequence[str]) -> Iterator[Item]:
    for spec in specs:
        path = Path(spec)
        if path.is_file() and path.suffix.lower() == ".jsonl":
            yield from _jsonl(path)
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(p.startswith(".") for p in rel.parts):
                    yield _file(str(child))
        elif _GLOB_CHARS & set(spec) and not path.exists():
            for match in sorted(glob.iglob(spec, recursive=True)):
                if Path(match).is_file():
                    yield _file(match)
        else:
            yield _file(spec)


def count_specs(specs: Sequence[str]) -> int:
    """How many items :func:`from_specs` will yield (reads no article text)."""
    total = 0
    for spec in specs:
        path = Path(spec)
        if path.is_file() and path.suffix.lower() == ".jsonl":
            with path.open("rb") as f:
                total += sum(1 for line in f if line.strip())
        else:
            total += sum(1 for _ in from_specs([spec]))
    return total


def _file(spec: str) -> Item:
    if not Path(spec).exists():
        return Item(spec, spec, _failing(ArticleNotFound(spec)))
    return Item(spec, spec, lambda: read_article(spec))


def _jsonl(path: Path) -> Iterator[Item]:
    with path.open("rb") as f:
        for lineno, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                value = json.loads(raw)
            except ValueError as exc:
                error = BadInputLine(str(path), lineno, f"invalid JSON: {exc}")
                yield Item(where, where, _failing(error))
                continue
            if not isinstance(value, dict):
                error = BadInputLine(str(path), lineno, "not an object")
                yield Item(where, where, _failing(error))
                continue
            yield _record(
                value.get("id"), value.get("text"), value.get("source"),
                fallback=where, where=where, published=value.get("published"),
            )
