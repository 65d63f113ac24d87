"""Saved briefs, read back for ``export`` and ``render``: one brief's JSON, a
``summarizer batch`` JSONL (``{id, source, brief, ...}`` a line), a folder of them, or stdin."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from summarizer.errors import InputError
from summarizer.models import Brief

STDIN = "-"


@dataclass(frozen=True)
class SavedBrief:
    """One brief as saved: where it was read (``file`` or ``file:line``), the ``id`` and
    ``source`` of its batch record (empty for a bare brief), the record's article ``text``
    when it carries one, and the file it came from (None for stdin)."""

    brief: Brief
    where: str
    id: str = ""
    source: str = ""
    text: str | None = None
    file: Path | None = None

    @property
    def name(self) -> str:
        """What a message calls it: its id, else its source, else where it was read."""
        return self.id or self.source or self.where


def read_briefs(path: Path) -> list[tuple[str, Brief]]:
    """``(source, brief)`` of every line of a batch JSONL file (``{id, source, brief}``)
    or of a single brief's JSON file; raises InputError naming the bad line."""
    return [(s.source or s.id, s.brief) for s in read_file(path)]


def read_file(path: Path) -> list[SavedBrief]:
    """The briefs of one file (a brief's JSON or a batch JSONL); InputError if unusable."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"briefs file not found: {path}") from None
    except IsADirectoryError:
        raise InputError(f"briefs path is a directory, not a file: {path}") from None
    except UnicodeDecodeError:
        raise InputError(f"briefs file is not UTF-8 text: {path}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse(raw, str(path), path)


def parse(raw: str, label: str, file: Path | None = None) -> list[SavedBrief]:
    """The briefs of ``raw`` text read from ``label``: one JSON document or JSONL lines."""
    stripped = raw.strip().lstrip("\ufeff")
    if not stripped:
        raise InputError(f"briefs file is empty: {label}")
    if "\n" in stripped and _one_document(stripped):  # e.g. `summarize --format json`
        return [_brief(stripped, label, None, file)]
    return [_brief(line, label, number, file)
            for number, line in enumerate(raw.splitlines(), 1) if line.strip()]


def read_inputs(specs: Sequence[str], stdin: IO[str] | None = None) -> list[SavedBrief]:
    """The briefs of every input in order: files, folders (their ``*.json`` and ``*.jsonl``,
    by name) and ``-`` (stdin, at most once)."""
    if list(specs).count(STDIN) > 1:
        raise InputError("stdin (-) can be given only once")
    out: list[SavedBrief] = []
    for spec in specs:
        if spec == STDIN:
            stream = stdin if stdin is not None else sys.stdin
            out += parse(stream.read(), "<stdin>")
            continue
        path = Path(spec)
        if path.is_dir():
            files = sorted(p for p in path.iterdir()
                           if p.suffix in (".json", ".jsonl") and p.is_file())
            if not files:
                raise InputError(f"briefs directory has no *.json or *.jsonl file: {path}")
            for file in files:
                out += read_file(file)
        else:
            out += read_file(path)
    return out


def _one_document(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _brief(text: str, label: str, line: int | None, file: Path | None) -> SavedBrief:
    where = f"{label}:{line}" if line else label
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a JSON object")
    data = value.get("brief", value)
    try:
        brief = Brief.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "brief"
        raise InputError(f"{where}: not a brief ({field}: {first['msg']})") from None
    text_value = value.get("text") if data is not value else None
    return SavedBrief(
        brief=brief, where=where, id=str(value.get("id") or "") if data is not value else "",
        source=str(value.get("source") or "") if data is not value else "",
        text=text_value if isinstance(text_value, str) else None, file=file,
    )
