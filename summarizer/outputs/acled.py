"""ACLED-shaped CSV: one row per event, ACLED's 31 columns in ACLED's order and its own
values (event types, actor type codes, precision codes), so the rows load next to ACLED data.

What a brief cannot know stays empty (README lists those columns); ``fatalities`` is the
conservative figure: ``killed.min``, or 0 where the text gives none, the phrase in ``notes``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Final, NamedTuple

from summarizer.models import Actor, Brief, Event, Location
from summarizer.normalize.geo import country_name
from summarizer.outputs.countries import actor_country, event_country, iso_numeric
from summarizer.outputs.geocode import resolve
from summarizer.outputs.ids import event_id
from summarizer.outputs.regions import acled_region

ACLED_COLUMNS: Final = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

# ACLED's actor type codes (inter1/inter2)
STATE_FORCES, POLITICAL_MILITIA, CIVILIANS, EXTERNAL_OTHER = 1, 3, 7, 8

_TARGET_KIND_TYPE = {"military": STATE_FORCES, "militant": POLITICAL_MILITIA,
                     "civilian": CIVILIANS}
_REMOTE = "Explosions/Remote violence"
_SUB_EVENT = {
    "airstrike": "Air/drone strike",
    "drone": "Air/drone strike",
    "missile": "Shelling/artillery/missile attack",
    "artillery": "Shelling/artillery/missile attack",
}
_EXPLOSIVE = re.compile(
    r"\b(?:IEDs?|improvised explosive|roadside bomb|landmines?|land mines?|car bomb|"
    r"explosive device|booby[- ]trap)", re.IGNORECASE,
)


def event_types(event: Event) -> tuple[str, str]:
    """ACLED (event_type, sub_event_type) of an event; a raid is a battle, an armed clash."""
    if event.weapon == "ground_raid":
        return "Battles", "Armed clash"
    sub = _SUB_EVENT.get(event.weapon)
    if sub is None:
        evidence = " ".join(s.quote for s in event.evidence)
        sub = "Remote explosive/landmine/IED" if _EXPLOSIVE.search(evidence) else ""
    return _REMOTE, sub


def actor_type(actor: Actor, event_country: str | None) -> int | None:
    """ACLED's actor type code: a state's forces inside their own country are State forces
    (1), outside it External/Other forces (8); an armed group counts as a Political militia
    (3), civilians as Civilians (7), an organisation as External/Other (8)."""
    if actor.kind == "state":
        home = actor_country(actor)
        if home and event_country and home != event_country:
            return EXTERNAL_OTHER
        return STATE_FORCES
    return {"armed_group": POLITICAL_MILITIA, "civilians": CIVILIANS,
            "organisation": EXTERNAL_OTHER}.get(actor.kind)


def acled_rows(brief: Brief, source: str = "") -> list[dict[str, str]]:
    """One ACLED row per event of ``brief`` (``source``: where the article came from)."""
    return [_row(brief, index, event, source) for index, event in enumerate(brief.events)]


def to_acled_csv(briefs: Iterable[tuple[str, Brief]]) -> str:
    """The CSV (header + one row per event) of ``(source, brief)`` pairs."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for source, brief in briefs:
        writer.writerows(acled_rows(brief, source))
    return buffer.getvalue()


class _Side(NamedTuple):
    """One side of an event in ACLED's terms: the main actor, the associated ones, the code."""

    actor: str
    assoc: str
    inter: int | None


def _row(brief: Brief, index: int, event: Event, source: str) -> dict[str, str]:
    code = event_country(event.location)
    country = event.location.country or (country_name(code) if code else None) or ""
    event_type, sub_event = event_types(event)
    civilian = _civilian_targeting(event)
    side1 = _attacker_side(event, code, country)
    side2 = _target_side(event, code, country, civilian)
    columns = {
        "event_id_cnty": f"{code or 'XXX'}-{event_id(brief, index)}",
        **_date_columns(brief, event),
        "disorder_type": "Political violence",
        "event_type": event_type,
        "sub_event_type": sub_event,
        "actor1": side1.actor,
        "assoc_actor_1": side1.assoc,
        "inter1": str(side1.inter or ""),
        "actor2": side2.actor,
        "assoc_actor_2": side2.assoc,
        "inter2": str(side2.inter or ""),
        "interaction": _interaction(side1, side2),
        "civilian_targeting": "Civilian targeting" if civilian else "",
        **_place_columns(event.location, code, country),
        "source": source,
        "notes": _notes(brief, event),
        "fatalities": str(event.killed.min or 0),
    }
    return {column: columns.get(column, "") for column in ACLED_COLUMNS}


def _date_columns(brief: Brief, event: Event) -> dict[str, str]:
    """The event's date, else the article's publication date (ACLED's precision 1 and 2)."""
    date = event.date or brief.published
    precision = "1" if event.date else ("2" if brief.published else "")
    return {"event_date": date.isoformat() if date else "",
            "year": str(date.year) if date else "", "time_precision": precision}


def _civilian_targeting(event: Event) -> bool:
    """Civilians were hit: the brief's target kind, or a target of kind civilians."""
    return event.target_kind == "civilian" or any(a.kind == "civilians" for a in event.target)


def _attacker_side(event: Event, code: str | None, country: str) -> _Side:
    """actor1: the first attacker, or ACLED's own name for an attacker nobody names."""
    attackers = event.attacker
    if attackers:
        return _Side(attackers[0].name, _names(attackers[1:]), actor_type(attackers[0], code))
    actor = f"Unidentified Armed Group ({country})" if country else "Unidentified Armed Group"
    return _Side(actor, "", POLITICAL_MILITIA)


def _target_side(event: Event, code: str | None, country: str, civilian: bool) -> _Side:
    """actor2: ACLED's "Civilians (country)" for unnamed civilians, else the first target."""
    targets = event.target
    if civilian and (not targets or targets[0].kind in ("civilians", "unknown")):
        actor = f"Civilians ({country})" if country else "Civilians"
        return _Side(actor, _names(targets), CIVILIANS)
    if not targets:
        return _Side("", "", None)
    inter = actor_type(targets[0], code)
    if inter is None:  # a person or an unnamed kind of target: what was hit says it
        inter = _TARGET_KIND_TYPE.get(event.target_kind)
    return _Side(targets[0].name, _names(targets[1:]), inter)


def _names(actors: list[Actor]) -> str:
    return "; ".join(a.name for a in actors)


def _interaction(side1: _Side, side2: _Side) -> str:
    """ACLED: the two codes, lower first; a one-sided event is the code and 0; empty when a
    side's code is unknown."""
    if side1.inter is None or (side2.inter is None and side2.actor):
        return ""
    pair = sorted(x for x in (side1.inter, side2.inter) if x is not None)
    return "".join(map(str, pair)) if len(pair) == 2 else f"{side1.inter}0"


def _place_columns(location: Location, code: str | None, country: str) -> dict[str, str]:
    """Country, region and the point of the place (a city, else the country's capital)."""
    point = resolve(location)
    return {
        "iso": iso_numeric(code),
        "region": acled_region(code) or "",
        "country": country,
        "location": location.place or country,
        "latitude": f"{point.lat:.4f}" if point else "",
        "longitude": f"{point.lon:.4f}" if point else "",
        # ACLED: 1 the town itself, 3 only the larger region (here: the country) is known
        "geo_precision": ("1" if point.precision == "city" else "3") if point else "",
    }


def _notes(brief: Brief, event: Event) -> str:
    """A short description in ACLED's style, with the figure phrases and attribution."""
    who = ", ".join(a.name for a in event.attacker) or "Unidentified attackers"
    whom = ", ".join(a.name for a in event.target) or "unknown targets"
    where = ", ".join(dict.fromkeys(p for p in (event.location.place, event.location.country)
                                    if p)) or "an unknown location"
    when = f"On {event.date.isoformat()}, " if event.date else ""
    weapon = event.weapon.replace("_", " ")
    parts = [f"{when}{who} ({event.attribution}) struck {whom} in {where} ({weapon})."]
    if event.killed.text:
        parts.append(f"Killed: \"{event.killed.text}\".")
    else:
        parts.append("Fatalities not reported.")
    if event.injured.text:
        parts.append(f"Injured: \"{event.injured.text}\".")
    if not event.date and brief.published:
        parts.append("Date: the article's publication date.")
    return " ".join(" ".join(p.split()) for p in parts)
