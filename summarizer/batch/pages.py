"""The review pages of a ``summarizer batch`` run (``--html DIR``): one page per article,
written as each brief is appended, plus ``index.html``. Batch's own feature, kept in batch/
so that outputs/ never imports batch/.

Resumable like the JSONL: each page is written to a temporary file and renamed, so a crash
leaves whole pages only; at the end (or after Ctrl-C) every brief in ``--out`` whose page is
missing gets one (its article is read again), and the index is rewritten from ``--out``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from summarizer.batch import store
from summarizer.batch.inputs import Item, from_specs
from summarizer.models import Brief
from summarizer.outputs.review import IndexEntry, page_stem, render_index, render_page
from summarizer.reader import Article

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def page_name(article_id: str) -> str:
    """A file name for an article id: readable, safe on every OS, and unique (a hash)."""
    return page_stem(article_id) + ".html"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class ReviewPages:
    """Writes the review page of each finished brief into ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self._texts: dict[str, Article] = {}
        self.written = 0

    def path(self, article_id: str) -> Path:
        return self.directory / page_name(article_id)

    def track(self, items: Iterable[Item]) -> Iterator[Item]:
        """``items`` unchanged, except that each article's text is kept once a worker reads
        it, until its brief is written (so memory holds only the articles in flight)."""
        for item in items:
            yield Item(item.id, item.source, self._keeping(item))

    def _keeping(self, item: Item) -> Callable[[], Article]:
        def load() -> Article:
            article = item.load()
            self._texts[item.id] = article
            return article

        return load

    def write(self, article_id: str, source: str, brief: Brief) -> None:
        """The page of one brief whose article this run has read; otherwise left for
        :meth:`finish`."""
        article = self._texts.pop(article_id, None)
        if article is not None:
            self._write(article_id, source, brief, article.text)

    def forget(self, article_id: str) -> None:
        """Drop the text of an article that failed."""
        self._texts.pop(article_id, None)

    def _write(self, article_id: str, source: str, brief: Brief, text: str) -> None:
        write_atomic(self.path(article_id), render_page(brief, text, source))
        self.written += 1

    def finish(self, out: Path, specs: Sequence[str]) -> None:
        """Pages for the briefs in ``out`` that have none yet, then ``index.html``."""
        records = list(store.records(out))
        missing = {r["id"]: r for r in records if not self.path(r["id"]).exists()}
        if missing and specs:
            for item in from_specs(specs):
                record = missing.pop(item.id, None)
                if record is None:
                    continue
                try:
                    article = item.load()
                    brief = Brief.model_validate(record["brief"])
                except Exception:  # an input gone or changed: no page, the brief stays
                    continue
                self._write(item.id, record.get("source", ""), brief, article.text)
                if not missing:
                    break
        entries = []
        for record in records:
            if not self.path(record["id"]).exists():
                continue
            data = record.get("brief") or {}
            entries.append(IndexEntry(
                href=page_name(record["id"]), article_id=record["id"],
                source=str(record.get("source", "")), headline=str(data.get("headline", "")),
                events=len(data.get("events") or []),
                reactions=len(data.get("reactions") or []),
            ))
        write_atomic(self.directory / "index.html", render_index(entries))
