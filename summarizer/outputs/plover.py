"""PLOVER JSONL: one ASSAULT record per event, with the field names of the PLOVER manual's
"Data Fields" chapter (id, date, actor, recipient, event, mode, event_loc, event_text,
text_info, size, cite_info, ...).

Entity objects carry ``code`` (alpha-3 of a state), ``sector`` (PLOVER sector codes),
``entity_text`` (the name as the text writes it) and ``identifier_text`` (the brief's
canonical name). ``text_info`` holds the character offsets of the first evidence sentence,
and ``spans`` (an extension the manual allows) the offsets of every ``event_text`` entry.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from summarizer.models import Actor, Brief, Event
from summarizer.outputs.actors import state_of
from summarizer.outputs.dating import event_date
from summarizer.outputs.geocode import resolve
from summarizer.outputs.ids import event_id

# ASSAULT modes of the manual's table "ASSAULT modes"
_MODES = {"airstrike": "aerial", "drone": "drone", "missile": "heavy-weapons",
          "artillery": "heavy-weapons", "ground_raid": "firearms"}
_SECTOR = {"civilians": "CVL", "armed_group": "REB"}
_MATERIAL_CONFLICT = 4
# the manual's resolution codes: 4 city, 2 a region or province, 1 country (a sea: none)
_RESOLUTION = {"city": 4, "region": 2, "country": 1}


def plover_records(brief: Brief, source: str = "", published: dt.date | None = None
                   ) -> list[dict[str, Any]]:
    """One PLOVER record per event of ``brief`` (``published``: the publication date of a
    brief that has none)."""
    when = brief.published or published
    return [_record(brief, i, event, source, when) for i, event in enumerate(brief.events)]


def to_plover_jsonl(briefs: Iterable[tuple[str, Brief]], published: dt.date | None = None
                    ) -> str:
    """PLOVER JSONL (one event per line) of ``(source, brief)`` pairs."""
    lines = [json.dumps(record, ensure_ascii=False)
             for source, brief in briefs for record in plover_records(brief, source, published)]
    return "".join(line + "\n" for line in lines)


def mode(event: Event) -> list[str]:
    """The ASSAULT modes of an event's weapon; ``destroy`` for an unknown weapon that hit
    infrastructure (the manual's residual mode)."""
    if event.weapon in _MODES:
        return [_MODES[event.weapon]]
    if event.target_kind == "infrastructure":
        return ["destroy"]
    return []


def _record(brief: Brief, index: int, event: Event, source: str, published: dt.date | None
            ) -> dict[str, Any]:
    when = event_date(event, published)
    date = when.date
    point = resolve(event.location)
    loc: dict[str, Any] = {
        "extracted_place": event.location.place,
        "country": event.location.country,
        "country_code": event.location.country_code,
    }
    if point is not None:
        loc.update({
            "resolved_place": point.country if point.precision == "country" else point.name,
            "geonameid": point.geonameid if point.precision == "city" else None,
            "lat": point.lat, "lon": point.lon,
            "resolution": _RESOLUTION.get(point.precision),
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
    if when.how:
        record["comment"] += f"; date: {when.how}"
    return record


def _entity(actor: Actor) -> dict[str, Any]:
    state = state_of(actor)
    entity: dict[str, Any] = {
        "code": state[0] if state else None,
        "sector": "MIL" if state else _SECTOR.get(actor.kind),
        "entity_text": actor.aliases[0] if actor.aliases else actor.name,
        "identifier_text": actor.name,
    }
    return {k: v for k, v in entity.items() if v is not None}
