"""``summarizer export``: the briefs of a ``summarizer batch`` JSONL file (or one brief's
JSON) as ACLED CSV, PLOVER JSONL or GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from summarizer.cliutil import OutFile, Published, user_errors, write_output
from summarizer.errors import InputError
from summarizer.models import Brief
from summarizer.outputs.formats import ExportFormat


def register(app: typer.Typer) -> None:
    """Add ``export`` to ``app``."""
    app.command("export", no_args_is_help=True)(export_command)


def read_briefs(path: Path) -> list[tuple[str, Brief]]:
    """``(source, brief)`` of every line of a batch JSONL file (``{id, source, brief}``)
    or of a single brief's JSON file; raises InputError naming the bad line."""
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
    stripped = raw.strip()
    if not stripped:
        raise InputError(f"briefs file is empty: {path}")
    if "\n" in stripped and _one_document(stripped):  # e.g. `summarize --format json`
        return [_brief(stripped, path, None)]
    out = []
    for number, line in enumerate(raw.splitlines(), 1):
        if line.strip():
            out.append(_brief(line, path, number))
    return out


def _one_document(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _brief(text: str, path: Path, line: int | None) -> tuple[str, Brief]:
    where = f"{path}:{line}" if line else str(path)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a JSON object")
    data = value.get("brief", value)
    source = value.get("source") or value.get("id") or ""
    try:
        return str(source), Brief.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "brief"
        raise InputError(f"{where}: not a brief ({field}: {first['msg']})") from None


def export_command(
    briefs: Annotated[Path, typer.Argument(
        help="JSONL written by `summarizer batch` (or one brief's JSON).", show_default=False)],
    to: Annotated[ExportFormat, typer.Option(
        "--to", help="acled-csv, plover-jsonl or geojson.", envvar="SUMMARIZER_EXPORT_FORMAT")],
    out: OutFile = None,
    published: Published = None,
    excel: Annotated[bool, typer.Option(
        "--excel", help="acled-csv: start the file with a UTF-8 byte-order mark, so Excel "
        "reads it as UTF-8.", envvar="SUMMARIZER_EXCEL")] = False,
) -> None:
    """Export briefs as ACLED CSV, PLOVER JSONL or GeoJSON."""
    from summarizer.outputs.formats import export
    from summarizer.outputs.unplaced import unplaced_note
    from summarizer.published import optional_published

    with user_errors():
        date = optional_published(published)
        pairs = read_briefs(briefs)
        text = export(to.value, pairs, published=date, excel=excel)
        write_output(text, out)
        if note := unplaced_note(pairs):
            typer.echo(note, err=True)

