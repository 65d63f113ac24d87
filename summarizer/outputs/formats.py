"""One brief (or many) in the analyst formats, by name: the dispatch the CLI uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from summarizer.errors import InputError
from summarizer.models import Brief


class ExportFormat(StrEnum):
    """The analyst exports (``summarizer export --to``, also ``summarize --format``)."""

    acled_csv = "acled-csv"
    plover_jsonl = "plover-jsonl"
    geojson = "geojson"


BOM = "\ufeff"


def render(fmt: str, brief: Brief, text: str, source: str = "") -> str:
    """One brief in ``fmt``: json, markdown, html (the review page over ``text``, the
    article it was made from) or an export format."""
    if fmt == "json":
        from summarizer.render import to_json

        return to_json(brief)
    if fmt == "markdown":
        from summarizer.render import to_markdown

        return to_markdown(brief)
    if fmt == "html":
        from summarizer.outputs.review import render_page

        return render_page(brief, text, source)
    return export(fmt, [(source, brief)])


def export(fmt: str, briefs: Iterable[tuple[str, Brief]], *,
           published: dt.date | None = None, excel: bool = False) -> str:
    """``(source, brief)`` pairs as ``acled-csv``, ``plover-jsonl`` or ``geojson`` text.

    ``published`` dates the briefs that have no publication date; ``excel`` starts the CSV
    with a UTF-8 byte-order mark, so that Excel reads the file as UTF-8 (JSON formats must
    not have one: InputError).
    """
    if excel and fmt != ExportFormat.acled_csv:
        raise InputError(f"--excel is for --to acled-csv only, not {fmt}")
    text = _export(fmt, briefs, published)
    return BOM + text if excel else text


def _export(fmt: str, briefs: Iterable[tuple[str, Brief]], published: dt.date | None) -> str:
    if fmt == "acled-csv":
        from summarizer.outputs.acled import to_acled_csv

        return to_acled_csv(briefs, published)
    if fmt == "plover-jsonl":
        from summarizer.outputs.plover import to_plover_jsonl

        return to_plover_jsonl(briefs, published)
    if fmt == "geojson":
        from summarizer.outputs.geojson import to_geojson

        return to_geojson(briefs, published)
    raise ValueError(f"unknown export format {fmt!r}")
