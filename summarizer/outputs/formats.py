"""One brief (or many) in the analyst formats, by name: the dispatch the CLI uses."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from summarizer.models import Brief


class ExportFormat(StrEnum):
    """The analyst exports (``summarizer export --to``, also ``summarize --format``)."""

    acled_csv = "acled-csv"
    plover_jsonl = "plover-jsonl"
    geojson = "geojson"


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


def export(fmt: str, briefs: Iterable[tuple[str, Brief]]) -> str:
    """``(source, brief)`` pairs as ``acled-csv``, ``plover-jsonl`` or ``geojson`` text."""
    if fmt == "acled-csv":
        from summarizer.outputs.acled import to_acled_csv

        return to_acled_csv(briefs)
    if fmt == "plover-jsonl":
        from summarizer.outputs.plover import to_plover_jsonl

        return to_plover_jsonl(briefs)
    if fmt == "geojson":
        from summarizer.outputs.geojson import to_geojson

        return to_geojson(briefs)
    raise ValueError(f"unknown export format {fmt!r}")
