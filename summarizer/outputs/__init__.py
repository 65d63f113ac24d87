"""Outputs for analysts: the HTML review page and the ACLED, PLOVER and GeoJSON exports.

Each module turns finished briefs into one format; nothing here calls a model.
"""

from summarizer.outputs.acled import ACLED_COLUMNS, acled_rows, to_acled_csv
from summarizer.outputs.geojson import to_geojson
from summarizer.outputs.ids import event_id
from summarizer.outputs.plover import plover_records, to_plover_jsonl
from summarizer.outputs.review import render_index, render_page

__all__ = [
    "ACLED_COLUMNS",
    "acled_rows",
    "event_id",
    "plover_records",
    "render_index",
    "render_page",
    "to_acled_csv",
    "to_geojson",
    "to_plover_jsonl",
]
