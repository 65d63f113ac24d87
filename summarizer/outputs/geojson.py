"""GeoJSON: a FeatureCollection with one Point per event whose place or country resolves
(a city first, then the country's capital), the brief's event fields in ``properties``.

An event that does not resolve is not dropped silently: the collection's ``metadata`` counts
it and lists its id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from summarizer.models import Brief
from summarizer.outputs.geocode import resolve
from summarizer.outputs.ids import event_id


def feature_collection(briefs: Iterable[tuple[str, Brief]]) -> dict[str, Any]:
    """The FeatureCollection of ``(source, brief)`` pairs."""
    features: list[dict[str, Any]] = []
    unresolved: list[str] = []
    total = 0
    for source, brief in briefs:
        for index, event in enumerate(brief.events):
            total += 1
            eid = event_id(brief, index)
            point = resolve(event.location)
            if point is None:
                unresolved.append(eid)
                continue
            props = event.model_dump(mode="json")
            props.update({
                "id": eid, "source": source, "headline": brief.headline,
                "published": brief.published.isoformat() if brief.published else None,
                "precision": point.precision, "resolved_place": point.name,
                "geonameid": point.geonameid, "resolved_country": point.country,
                "model": brief.meta.model, "prompt_version": brief.meta.prompt_version,
            })
            features.append({
                "type": "Feature",
                "id": eid,
                "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
                "properties": props,
            })
    return {
        "type": "FeatureCollection",
        "features": features,
        "metadata": {"events": total, "located": len(features),
                     "unresolved": len(unresolved), "unresolved_ids": unresolved},
    }


def to_geojson(briefs: Iterable[tuple[str, Brief]]) -> str:
    """The FeatureCollection as indented JSON text."""
    return json.dumps(feature_collection(briefs), ensure_ascii=False, indent=2) + "\n"
