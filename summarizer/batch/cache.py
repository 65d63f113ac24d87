"""A cache of finished briefs keyed by article hash + model + prompt version + the code's
digest, so an unchanged article is never sent to the model twice, and a brief made by other
rules (an upgrade, a local change) is never served as today's.

One SQLite file (WAL mode, safe for several processes) under the user cache directory;
``$SUMMARIZER_CACHE_DIR`` overrides the directory.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from pathlib import Path
from types import TracebackType

from pydantic import ValidationError

from summarizer.models import Brief
from summarizer.settings import cache_root

FILENAME = "briefs.sqlite3"


def source_digest(root: Path) -> str:
    """sha256 (12 hex) of the Python source under ``root`` (its ``.pyc`` files outside
    ``__pycache__`` for an install that ships only those) and of its JSON data (the fitted
    event-confidence weights decide a brief as the rules do)."""
    files = sorted(root.rglob("*.py")) or sorted(
        p for p in root.rglob("*.pyc") if "__pycache__" not in p.parts)
    files += sorted(root.rglob("*.json"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def code_digest() -> str:
    """The digest of this package's source: the rules that turn answers into a brief live
    there, and the prompt version does not change with them."""
    return source_digest(Path(__file__).resolve().parent.parent)


def cache_version(prompt_version: str, min_confidence: float | None) -> str:
    """The version part of a brief's key: the prompt version, and an event-confidence
    threshold other than the packaged one (a brief cut elsewhere is another brief)."""
    if min_confidence is None:
        return prompt_version
    return f"{prompt_version}+confidence={min_confidence:g}"


class BriefCache:
    """``get``/``put`` briefs by ``(article_sha256, model, prompt_version)``, under the code
    that made them (``code``, by default :func:`code_digest`)."""

    def __init__(self, directory: Path | None = None, *, code: str | None = None) -> None:
        self.code = code if code is not None else code_digest()
        directory = directory if directory is not None else cache_root()
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / FILENAME
        self._db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS briefs (sha256 TEXT, model TEXT, prompt_version TEXT,"
            " brief TEXT NOT NULL, PRIMARY KEY (sha256, model, prompt_version))"
        )
        self.hits = 0

    def get(self, sha256: str, model: str, prompt_version: str) -> Brief | None:
        row = self._db.execute(
            "SELECT brief FROM briefs WHERE sha256=? AND model=? AND prompt_version=?",
            (sha256, model, self._version(prompt_version)),
        ).fetchone()
        if row is None:
            return None
        try:
            brief = Brief.model_validate_json(row[0])
        except ValidationError:  # written by another schema version: treat as a miss
            return None
        self.hits += 1
        return brief

    def put(self, sha256: str, model: str, prompt_version: str, brief: Brief) -> None:
        """Store ``brief``, replacing what other code (or this cache before it held the code)
        made of the same article with the same model and prompt, in one transaction."""
        older = f"{prompt_version}+code."
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute(
                "DELETE FROM briefs WHERE sha256=? AND model=? AND (prompt_version=? OR "
                "substr(prompt_version, 1, ?)=?)",
                (sha256, model, prompt_version, len(older), older),
            )
            self._db.execute(
                "INSERT INTO briefs VALUES (?, ?, ?, ?)",
                (sha256, model, self._version(prompt_version), brief.model_dump_json()),
            )
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _version(self, prompt_version: str) -> str:
        return f"{prompt_version}+code.{self.code}"

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> BriefCache:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
