"""A cache of finished briefs keyed by article hash + model + prompt version, so an
unchanged article is never sent to the model twice.

One SQLite file (WAL mode, safe for several processes) under the user cache directory;
``$SUMMARIZER_CACHE_DIR`` overrides the directory.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType

from pydantic import ValidationError

from summarizer.models import Brief
from summarizer.settings import cache_root

FILENAME = "briefs.sqlite3"


class BriefCache:
    """``get``/``put`` briefs by ``(article_sha256, model, prompt_version)``."""

    def __init__(self, directory: Path | None = None) -> None:
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
            (sha256, model, prompt_version),
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
        self._db.execute(
            "INSERT OR REPLACE INTO briefs VALUES (?, ?, ?, ?)",
            (sha256, model, prompt_version, brief.model_dump_json()),
        )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> BriefCache:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
