"""PLOVER JSONL: one ASSAULT record per event, with the field names of the PLOVER manual's
"Data Fields" chapter (id, date, actor, recipient, event, mode, event_loc, event_text,
text_info, size, cite_info, ...).

Entity objects carry ``code`` (alpha-3 of a state), ``sector`` (PLOVER sector codes),
``entity_text`` (the name as the text writes it) and ``identifier_text`` (the brief's
canonical name). ``text_info`` holds the character offsets of the first evidence sentence,
and ``spans`` (an extension the manual allows) the offsets of every ``event_text`` entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from summarizer.models import Actor, Brief, Event
from summarizer.outputs.countries import actor_country
from summarizer.outputs.geocode import resolve
from summarizer.outputs.ids import event_id

# ASSAULT modes of the manual's table "ASSAULT modes"
_MODES = {"airstrike": "aerial", "drone": "drone", "missile": "heavy-weapons",
          "artillery": "heavy-weapons", "ground_raid": "firearms"}
_SECTOR = {"civilians": "CVL", "armed_group": "REB"}
_MATERIAL_CONFLICT = 4


def plover_records(brief: Brief, source: str = "") -> list[dict[str, Any]]:
    """One PLOVER record per event of ``brief``."""
    return [_record(brief, i, event, source) for i, event in enumerate(brief.events)]


def to_plover_jsonl(briefs: Iterable[tuple[str, Brief]]) -> str:
    """PLOVER JSONL (one event per line) of ``(source, brief)`` pairs."""
    lines = [json.dumps(record, ensure_ascii=False)
             for source, brief in briefs for record in plover_records(brief, source)]
    return "".join(line + "\n" for line in lines)


def mode(event: Event) -> list[str]:
    """The ASSAULT modes of an event's weapon; ``destroy`` for an unknown weapon that hit
    infrastructure (the manual's residual mode)."""
    if event.weapon in _MODES:
        return [_MODES[event.weapon]]
    if event.target_kind == "infrastructure":
        return ["destroy"]
    return []


def _record(brief: Brief, index: int, event: Event, source: str) -> dict[str, Any]:
    date = event.date or brief.published
    point = resolve(event.location)
    loc: dict[str, Any] = {
        "extracted_place": event.location.place,
        "country": event.location.country,
        "country_code": event.location.country_code,
    }
    if point is not None:
        loc.update({
            "resolved_place": point.name if point.precision == "city" else point.country,
            "geonameid": point.geonameid if point.precision == "city" else None,
            "lat": point.lat, "lon": point.lon,
            # the manual's resolution codes: 4 city, 1 country
            "resolution": 4 if point.precision == "city" else 1,
        })
    spans = [{"start": s.start, "end": s.end} for s in event.evidence]
    record: dict[str, Any] = {
        "id": event_id(brief, index),
        "date": date.isoformat() if date else None,
        "actor": [_entity(a) for a in event.attacker] or [{"sector": "UAF"}],
        "recipient": [_entity(a) for a in event.target],
        "event": ["ASSAULT"],
        "quad_code": _MATERIAL_CONFLICT,
        "mode": mode(event),
        "event_loc": loc,
        "event_text": [s.quote for s in event.evidence],
        "text_info": {**spans[0], "spans": spans} if spans else {},
        "size": {"dead": event.killed.min, "injured": event.injured.min},
        "cite_info": {
            "corpus": source or None,
            "citation": brief.meta.article_sha256,
            "coder": f"summarizer ({brief.meta.model})",
            "codebook": "plover-base",
            "version": brief.meta.prompt_version,
        },
        "comment": f"attribution: {event.attribution}",
    }
    if not event.date and brief.published:
        record["comment"] += "; date: the article's publication date"
    return record


def _entity(actor: Actor) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "code": actor_country(actor) if actor.kind == "state" else None,
        "sector": "MIL" if actor.kind == "state" else _SECTOR.get(actor.kind),
        "entity_text": actor.aliases[0] if actor.aliases else actor.name,
        "identifier_text": actor.name,
    }
    return {k: v for k, v in entity.items() if v is not None}
