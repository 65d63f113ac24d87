"""``summarizer export``: the briefs of ``summarizer batch`` JSONL files, briefs' JSON files,
folders of them or stdin, as ACLED CSV, PLOVER JSONL or GeoJSON; and ``summarizer render``."""

from __future__ import annotations

from typing import Annotated

import typer

from summarizer.cliutil import OutFile, Published, user_errors, write_output
from summarizer.outputs.formats import ExportFormat
from summarizer.outputs.saved import read_briefs, read_inputs

__all__ = ["export_command", "read_briefs", "register"]


def register(app: typer.Typer) -> None:
    """Add ``export`` and ``render`` to ``app``."""
    from summarizer.outputs.rendering import render_command

    app.command("export", no_args_is_help=True)(export_command)
    app.command("render", no_args_is_help=True)(render_command)


def export_command(
    briefs: Annotated[list[str], typer.Argument(
        help="JSONL written by `summarizer batch`, briefs' JSON files, folders of them "
        "(*.json, *.jsonl), or - for stdin.", show_default=False)],
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
        pairs = [(s.source or s.id, s.brief) for s in read_inputs(briefs)]
        text = export(to.value, pairs, published=date, excel=excel)
        write_output(text, out)
        if note := unplaced_note(pairs):
            typer.echo(note, err=True)

