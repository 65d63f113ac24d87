"""GeoJSON: a FeatureCollection with one Point per event whose place resolves (a sea or named
region, a city, or the country's capital when the brief names only the country).

Feature properties are flat scalars (strings, numbers, booleans, null) so that QGIS,
geopandas or any GIS can filter and style by them: ``attacker`` and ``target`` are the names
joined with "; ", the counts are ``killed_min``, ``killed_max``, ``injured_min``, ...; the
event as the brief holds it stays available as one JSON string, ``event_json``.

An event that does not resolve is not dropped silently: the collection's ``metadata`` counts
it and lists its id and place.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from summarizer.models import Actor, Brief, Count, Event
from summarizer.outputs.dating import event_date
from summarizer.outputs.geocode import Point, resolve
from summarizer.outputs.ids import event_id


def feature_collection(briefs: Iterable[tuple[str, Brief]],
                       published: dt.date | None = None) -> dict[str, Any]:
    """The FeatureCollection of ``(source, brief)`` pairs (``published``: the publication
    date of briefs that have none)."""
    features: list[dict[str, Any]] = []
    unresolved: list[dict[str, Any]] = []
    total = 0
    for source, brief in briefs:
        for index, event in enumerate(brief.events):
            total += 1
            eid = event_id(brief, index)
            point = resolve(event.location)
            if point is None:
                unresolved.append({"id": eid, "source": source, "place": event.location.place,
                                   "country": event.location.country})
                continue
            features.append({
                "type": "Feature",
                "id": eid,
                "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
                "properties": properties(brief, event, eid, source, point,
                                         brief.published or published),
            })
    return {
        "type": "FeatureCollection",
        "features": features,
        "metadata": {"events": total, "located": len(features),
                     "unresolved": len(unresolved),
                     "unresolved_ids": [u["id"] for u in unresolved],
                     "unresolved_places": unresolved},
    }


def properties(brief: Brief, event: Event, eid: str, source: str, point: Point,
               published: dt.date | None) -> dict[str, Any]:
    """The flat (scalar) properties of one event's feature."""
    when = event_date(event, published)
    return {
        "id": eid, "source": source, "headline": brief.headline,
        "published": published.isoformat() if published else None,
        "date": event.date.isoformat() if event.date else None,
        "event_date": when.date.isoformat() if when.date else None,
        "time_precision": when.precision,
        "attacker": _names(event.attacker), "attacker_kind": _kinds(event.attacker),
        "target": _names(event.target), "target_kind": event.target_kind,
        "weapon": event.weapon, "attribution": event.attribution,
        **_count("killed", event.killed), **_count("injured", event.injured),
        "place": event.location.place, "country": event.location.country,
        "country_code": event.location.country_code,
        "countries": "; ".join(event.location.countries) or None,
        "retaliation_for": event.retaliation_for,
        "evidence": event.evidence[0].quote if event.evidence else None,
        "precision": point.precision, "resolved_place": point.name,
        "geonameid": point.geonameid, "resolved_country": point.country or None,
        "model": brief.meta.model, "prompt_version": brief.meta.prompt_version,
        "event_json": json.dumps(event.model_dump(mode="json"), ensure_ascii=False),
    }


def _names(actors: list[Actor]) -> str | None:
    return "; ".join(a.name for a in actors) or None


def _kinds(actors: list[Actor]) -> str | None:
    return "; ".join(a.kind for a in actors) or None


def _count(name: str, count: Count) -> dict[str, Any]:
    return {f"{name}_min": count.min, f"{name}_max": count.max, f"{name}_text": count.text}


def to_geojson(briefs: Iterable[tuple[str, Brief]], published: dt.date | None = None) -> str:
    """The FeatureCollection as indented JSON text."""
    return json.dumps(feature_collection(briefs, published), ensure_ascii=False, indent=2) + "\n"
