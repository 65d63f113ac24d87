"""The countries an export names: an event's country and a state actor's own, as ISO alpha-3
codes resolved through :mod:`summarizer.normalize.geo` (exact names only, no guessing)."""

from __future__ import annotations

from summarizer.models import Actor, Location
from summarizer.normalize.geo import country_code


def code_of(name: str | None) -> str | None:
    """Alpha-3 of a country name, common name, demonym or ISO code; None when it names none."""
    return country_code(name, fuzzy=False) if name else None


def event_country(location: Location) -> str | None:
    """Alpha-3 of an event's country: the brief's code, else its country's name."""
    return location.country_code or code_of(location.country)


def actor_country(actor: Actor) -> str | None:
    """Alpha-3 of the country an actor's name (or else an alias) names: a state's home."""
    return next((code for name in (actor.name, *actor.aliases) if (code := code_of(name))),
                None)


def iso_numeric(code: str | None) -> str:
    """ISO 3166-1 numeric code of an alpha-3 code ("368" for IRQ); empty when unknown."""
    if not code:
        return ""
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    return str(int(country.numeric)) if country is not None else ""
