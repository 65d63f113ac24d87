"""ACLED-shaped CSV: one row per event, ACLED's 31 columns in ACLED's order and its own
values (event types, actor type codes, precision codes), so the rows load next to ACLED data.

What a brief cannot know stays empty (README lists those columns); ``fatalities`` is the
conservative figure: ``killed.min``, or 0 where the text gives none, the phrase in ``notes``.
States are named as ACLED names state forces (:mod:`actors`); a target that is not an actor
("six warplanes") stays in ``notes``, not in ``actor2``. Dates follow :mod:`dating` (the
publication date and the evidence's "yesterday" or "on Tuesday"), points :mod:`geocode`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Final, NamedTuple

from summarizer.models import Actor, Brief, Event, Location
from summarizer.normalize.geo import country_name
from summarizer.outputs.actors import acled_name, is_actor, state_of
from summarizer.outputs.countries import iso_numeric
from summarizer.outputs.dating import EventDate, event_date
from summarizer.outputs.geocode import Point, filed_country, resolve
from summarizer.outputs.ids import event_id
from summarizer.outputs.regions import acled_region

ACLED_COLUMNS: Final = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

# ACLED's actor type codes (inter1/inter2; 0: no second actor)
NO_ACTOR, STATE_FORCES, POLITICAL_MILITIA, CIVILIANS, EXTERNAL_OTHER = 0, 1, 3, 7, 8

_TARGET_KIND_TYPE = {"military": STATE_FORCES, "militant": POLITICAL_MILITIA,
                     "civilian": CIVILIANS}
_REMOTE = "Explosions/Remote violence"
_SUB_EVENT = {
    "airstrike": "Air/drone strike",
    "drone": "Air/drone strike",
    "missile": "Shelling/artillery/missile attack",
    "artillery": "Shelling/artillery/missile attack",
}
_BATTLE = ("Battles", "Armed clash")
# an unknown or other weapon: the evidence's words, first match wins
_CUES: Final = tuple((re.compile(pattern, re.IGNORECASE), types) for pattern, types in (
    (r"\b(?:drones?|UAVs?|air ?strikes?|airstrikes?|warplanes?|fighter jets?|helicopters?"
     r"|aircraft|air raids?)\b", (_REMOTE, "Air/drone strike")),
    (r"\bsuicide (?:bomb|bomber|bombing|attack|attacker|car bomb|vest)s?\b",
     (_REMOTE, "Suicide bomb")),
    (r"\b(?:IEDs?|improvised explosive|roadside bomb|landmines?|land mines?|car bomb"
     r"|explosive device|booby[- ]trap)", (_REMOTE, "Remote explosive/landmine/IED")),
    (r"\bgrenades?\b", (_REMOTE, "Grenade")),
    (r"\b(?:missiles?|rockets?|shell(?:s|ed|ing)?|mortars?|artillery)\b",
     (_REMOTE, "Shelling/artillery/missile attack")),
    (r"\b(?:gunmen|gunfire|clash(?:es|ed)?|ambush(?:es|ed)?|firefights?|gunbattles?"
     r"|stormed|raid(?:s|ed)?)\b", _BATTLE),
))


def event_types(event: Event) -> tuple[str, str]:
    """ACLED (event_type, sub_event_type) of an event; a raid is a battle, an armed clash.
    An unknown or other weapon takes the type its evidence names ("a roadside bomb", "a
    grenade", "gunmen"); sub_event_type is empty only when nothing names one."""
    if event.weapon == "ground_raid":
        return _BATTLE
    sub = _SUB_EVENT.get(event.weapon)
    if sub is not None:
        return _REMOTE, sub
    evidence = " ".join(s.quote for s in event.evidence)
    return next((types for cue, types in _CUES if cue.search(evidence)), (_REMOTE, ""))


def actor_type(actor: Actor, event_country: str | None) -> int | None:
    """ACLED's actor type code: a state's forces inside their own country are State forces
    (1), outside it External/Other forces (8); an armed group counts as a Political militia
    (3), civilians as Civilians (7), an organisation as External/Other (8)."""
    state = state_of(actor)
    if state is not None:
        home = state[0]
        if event_country and home != event_country:
            return EXTERNAL_OTHER
        return STATE_FORCES
    return {"armed_group": POLITICAL_MILITIA, "civilians": CIVILIANS,
            "organisation": EXTERNAL_OTHER}.get(actor.kind)


def acled_rows(brief: Brief, source: str = "", published: dt.date | None = None
               ) -> list[dict[str, str]]:
    """One ACLED row per event of ``brief`` (``source``: where the article came from;
    ``published``: the publication date of a brief that has none)."""
    when = brief.published or published
    return [_row(brief, index, event, source, when) for index, event in enumerate(brief.events)]


def to_acled_csv(briefs: Iterable[tuple[str, Brief]], published: dt.date | None = None) -> str:
    """The CSV (header + one row per event) of ``(source, brief)`` pairs; ``published``
    dates the briefs that have no publication date."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for source, brief in briefs:
        writer.writerows(acled_rows(brief, source, published))
    return buffer.getvalue()


class _Side(NamedTuple):
    """One side of an event in ACLED's terms: the main actor, the associated ones, the code."""

    actor: str
    assoc: str
    inter: int | None


def _row(brief: Brief, index: int, event: Event, source: str, published: dt.date | None
         ) -> dict[str, str]:
    point = resolve(event.location)
    code = filed_country(event.location, point)
    country = _country(event.location, code)
    event_type, sub_event = event_types(event)
    civilian = _civilian_targeting(event)
    side1 = _attacker_side(event, code, country)
    side2 = _target_side(event, code, country, civilian)
    when = event_date(event, published)
    columns = {
        "event_id_cnty": f"{code or 'XXX'}-{event_id(brief, index)}",
        **_date_columns(when),
        "disorder_type": "Political violence",
        "event_type": event_type,
        "sub_event_type": sub_event,
        "actor1": side1.actor,
        "assoc_actor_1": side1.assoc,
        "inter1": _code(side1.inter),
        "actor2": side2.actor,
        "assoc_actor_2": side2.assoc,
        "inter2": _code(side2.inter),
        "interaction": _interaction(side1, side2),
        "civilian_targeting": "Civilian targeting" if civilian else "",
        **_place_columns(event.location, point, code, country),
        "source": source,
        "notes": _notes(event, when),
        "fatalities": str(event.killed.min or 0),
    }
    return {column: columns.get(column, "") for column in ACLED_COLUMNS}


def _country(location: Location, code: str | None) -> str:
    """The country's name: the brief's when it is the filed country, else the code's."""
    if code is None:
        return ""
    if location.country and code == location.country_code:
        return location.country
    return country_name(code) or location.country or ""


def _code(inter: int | None) -> str:
    return "" if inter is None else str(inter)


def _date_columns(when: EventDate) -> dict[str, str]:
    """event_date, year and ACLED's time_precision (1 day, 2 week, 3 month)."""
    date = when.date
    return {"event_date": date.isoformat() if date else "",
            "year": str(date.year) if date else "", "time_precision": _code(when.precision)}


def _civilian_targeting(event: Event) -> bool:
    """Civilians were hit: the brief's target kind, or a target of kind civilians."""
    return event.target_kind == "civilian" or any(a.kind == "civilians" for a in event.target)


def _attacker_side(event: Event, code: str | None, country: str) -> _Side:
    """actor1: the first attacker, or ACLED's own name for an attacker nobody names."""
    attackers = event.attacker
    if attackers:
        return _Side(acled_name(attackers[0]), _names(attackers[1:]),
                     actor_type(attackers[0], code))
    actor = f"Unidentified Armed Group ({country})" if country else "Unidentified Armed Group"
    return _Side(actor, "", POLITICAL_MILITIA)


def _target_side(event: Event, code: str | None, country: str, civilian: bool) -> _Side:
    """actor2: the first target that is an actor (ACLED's "Civilians (country)" for
    civilians), else nobody (code 0); targets that are not actors stay in the notes."""
    actors = [a for a in event.target if is_actor(a)]
    first = actors[0] if actors else None
    if civilian and (first is None or first.kind == "civilians"):
        actor = f"Civilians ({country})" if country else "Civilians"
        return _Side(actor, _names(actors), CIVILIANS)
    if first is None:
        return _Side("", "", NO_ACTOR)
    inter = actor_type(first, code)
    if inter is None:  # an organisation or group of no known type: what was hit says it
        inter = _TARGET_KIND_TYPE.get(event.target_kind)
    return _Side(acled_name(first), _names(actors[1:]), inter)


def _names(actors: list[Actor]) -> str:
    return "; ".join(dict.fromkeys(acled_name(a) for a in actors))


def _interaction(side1: _Side, side2: _Side) -> str:
    """ACLED: the two codes, lower first; a one-sided event is the code and 0; empty when a
    side's code is unknown."""
    if side1.inter is None or side2.inter is None:
        return ""
    if side2.inter == NO_ACTOR:
        return f"{side1.inter}0"
    return "".join(map(str, sorted((side1.inter, side2.inter))))


# ACLED's geo_precision: 1 the town itself; 3 only a larger area (a province named after its
# capital, a sea, a named region, the country) is known
_GEO_PRECISION: Final = {"city": "1", "region": "3", "sea": "3", "country": "3"}


def _place_columns(location: Location, point: Point | None, code: str | None,
                   country: str) -> dict[str, str]:
    """Country, region and the point of the place (see :func:`geocode.resolve`)."""
    return {
        "iso": iso_numeric(code),
        "region": acled_region(code) or "",
        "country": country,
        "location": location.place or country,
        "latitude": f"{point.lat:.4f}" if point else "",
        "longitude": f"{point.lon:.4f}" if point else "",
        "geo_precision": _GEO_PRECISION[point.precision] if point else "",
    }


def _notes(event: Event, when: EventDate) -> str:
    """A short description in ACLED's style, with the figure phrases and attribution, the
    attackers and targets as the text names them, and how the date was found."""
    who = ", ".join(a.name for a in event.attacker) or "Unidentified attackers"
    whom = ", ".join(a.name for a in event.target) or "unknown targets"
    where = ", ".join(dict.fromkeys(p for p in (event.location.place, event.location.country)
                                    if p)) or "an unknown location"
    date = f"On {event.date.isoformat()}, " if event.date else ""
    weapon = event.weapon.replace("_", " ")
    parts = [f"{date}{who} ({event.attribution}) struck {whom} in {where} ({weapon})."]
    if event.killed.text:
        parts.append(f"Killed: \"{event.killed.text}\".")
    else:
        parts.append("Fatalities not reported.")
    if event.injured.text:
        parts.append(f"Injured: \"{event.injured.text}\".")
    if when.how:
        parts.append(f"Date: {when.how}.")
    return " ".join(" ".join(p.split()) for p in parts)
