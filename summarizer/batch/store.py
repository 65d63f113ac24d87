"""Append-only JSONL files that survive ``kill -9``: the briefs (``--out``) and the
failures (``--errors``).

Every record is one line written with a single ``os.write`` on an ``O_APPEND`` descriptor
(optionally followed by ``fsync``), so a crash leaves at most one torn last line. Opening
a file for a run first cuts such a torn tail off (:func:`recover`), then the ids already
there tell the run what to skip.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from summarizer.models import Brief


def recover(path: Path) -> int:
    """Truncate a torn last line (one without its newline) off ``path``; returns bytes cut."""
    if not path.exists():
        return 0
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("rb+") as f:
        f.seek(size - 1)
        if f.read(1) == b"\n":
            return 0
        # walk back in chunks to the last newline
        pos, chunk = size, 1 << 16
        keep = 0
        while pos > 0:
            start = max(0, pos - chunk)
            f.seek(start)
            block = f.read(pos - start)
            i = block.rfind(b"\n")
            if i >= 0:
                keep = start + i + 1
                break
            pos = start
        f.truncate(keep)
        return size - keep


def records(path: Path) -> Iterator[dict[str, Any]]:
    """The complete, parseable records of a JSONL file (torn or garbled lines skipped)."""
    if not path.exists():
        return
    with path.open("rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                return
            try:
                value = json.loads(raw)
            except ValueError:
                continue
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                yield value


def ids(path: Path) -> set[str]:
    """The ids recorded in ``path``."""
    return {r["id"] for r in records(path)}


class JsonlWriter:
    """Appends one JSON record per line, each with one write and a flush to the OS."""

    def __init__(self, path: Path, *, fsync: bool = False) -> None:
        self.path = path
        self.fsync = fsync
        path.parent.mkdir(parents=True, exist_ok=True)
        recover(path)
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        data = line.encode("utf-8")
        written = os.write(self._fd, data)
        while written < len(data):  # a short write only happens on a full disk or signal
            written += os.write(self._fd, data[written:])
        if self.fsync:
            os.fsync(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def brief_record(article_id: str, source: str, brief: Brief) -> dict[str, Any]:
    """One line of ``--out``: ``{"id", "source", "brief"}``."""
    return {"id": article_id, "source": source, "brief": brief.model_dump(mode="json")}


def error_record(article_id: str, source: str, kind: str, message: str) -> dict[str, Any]:
    """One line of ``--errors``: ``{"id", "source", "kind", "message"}``."""
    return {"id": article_id, "source": source, "kind": kind, "message": message}


def reset(path: Path, keep: set[str] | None = None) -> None:
    """Rewrite ``path`` atomically with only the records whose id is in ``keep``
    (``None``: drop all). Used to clear old failures that this run retries."""
    if not path.exists():
        return
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as out:
        if keep:
            for record in records(path):
                if record["id"] in keep:
                    out.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
