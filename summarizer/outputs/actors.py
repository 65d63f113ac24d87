"""Actors in ACLED's naming: a state's forces as "Military Forces of X" (ACLED writes
"Military Forces of X (YEAR-)" with the year the government came in; a brief knows no such
year, so the name has none), police as "Police Forces of X", and which target phrases are
actors at all ("six warplanes", "missiles aimed at it" are what was hit, not who).
"""

from __future__ import annotations

import re
from typing import Final

from summarizer.models import Actor
from summarizer.normalize.geo import country_name
from summarizer.outputs.countries import actor_country, code_of

# ACLED's country names where they differ from the short English name
ACLED_COUNTRY: Final[dict[str, str]] = {
    "USA": "the United States", "GBR": "the United Kingdom", "ARE": "the United Arab Emirates",
    "PHL": "the Philippines", "NLD": "the Netherlands", "COD": "Democratic Republic of Congo",
    "COG": "Republic of Congo", "CAF": "Central African Republic", "PSE": "Palestine",
    "MMR": "Myanmar", "CIV": "Ivory Coast", "SWZ": "eSwatini", "CZE": "Czech Republic",
}  # fmt: skip

_MILITARY = re.compile(
    r"\b(?:army|military|militar(?:y|ies)|air\s*force|navy|naval|forces?|troops|soldiers"
    r"|service\s*(?:members|men|women)|personnel|marines?|coast\s*guard|command|fleet"
    r"|security\s+service|defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e|government"
    r"|jets|warplanes|aircraft|drones?|bases?|outposts?|garrisons?|barracks|positions"
    r"|guards?|corps)\b",
    re.IGNORECASE,
)
_POLICE = re.compile(r"\b(?:police|gendarmerie|border\s+guards?)\b", re.IGNORECASE)
# names of non-state armed groups that start with a country's name ("Syrian Democratic Forces")
_NON_STATE = re.compile(
    r"\b(?:democratic|liberation|popular|resistance|rebels?|mobili[sz]ation|militias?"
    r"|national\s+army|front|movement|brigades?|islamic\s+state|opposition|insurgents?)\b",
    re.IGNORECASE,
)
# a name whose last word is a facility is what was hit, not who ("Tajoura centre")
_FACILITY = re.compile(
    r"\b(?:centre|center|camp|base|airport|airfield|airbase|hospital|school|depot|field"
    r"|port|facility|building|compound|plant|station|bridge|market|refinery|village|town"
    r"|city|headquarters|ship|vessel|tanker|convoy|checkpoint|embassy|consulate|ambulance"
    r"|vehicle|car|truck|bus|boat)s?\W*$",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ACTOR_KINDS: Final = frozenset({"state", "armed_group", "organisation", "civilians"})


def forces_name(code: str, police: bool = False) -> str:
    """ACLED's name of a state's forces: "Military Forces of Turkey"."""
    country = ACLED_COUNTRY.get(code) or country_name(code) or code
    return f"{'Police' if police else 'Military'} Forces of {country}"


def state_of(actor: Actor) -> tuple[str, bool] | None:
    """(alpha-3, is police) when ``actor`` is a state or its forces: a state named as its
    country ("Turkey"), or a name that starts with a country ("Turkish air force", "Iraq's
    security forces", "U.S. service members"); None for anything else."""
    if actor.kind in ("armed_group", "civilians") or _NON_STATE.search(actor.name):
        return None
    police = _POLICE.search(actor.name) is not None
    if actor.kind == "state" and (code := actor_country(actor)):
        return code, police
    code = _leading_country(actor.name)
    if code is None:
        return None
    if actor.kind == "state" or police or _MILITARY.search(actor.name):
        return code, police
    return None


_FORCES_OF = re.compile(r"^(?:the\s+)?(?:\w+\s+){0,2}?(?:troops|forces|army|military|soldiers"
                        r"|navy|air\s+force|police)\s+of\s+(?:the\s+)?(?P<country>.+)$",
                        re.IGNORECASE)


def _leading_country(name: str) -> str | None:
    """The country a name starts with ("Turkish air force") or whose forces it names
    ("troops of Pakistan")."""
    if (m := _FORCES_OF.match(name.strip())) and (code := code_of(m.group("country"))):
        return code
    words = name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    for n in (3, 2, 1):
        if len(words) >= n:
            head = _POSSESSIVE.sub("", " ".join(words[:n]))
            if code := code_of(head):
                return code
    return None


def is_actor(actor: Actor) -> bool:
    """An actor ACLED would name: a state or its forces, civilians, or an armed group or
    organisation by a (capitalised) name; not a description or a facility that was hit."""
    if state_of(actor) is not None or actor.kind == "civilians":
        return True
    name = actor.name.strip()
    return actor.kind in _ACTOR_KINDS and name[:1].isupper() and not _FACILITY.search(name)


def acled_name(actor: Actor) -> str:
    """The actor's name in ACLED's form: a state's forces by ACLED's naming, else its name."""
    state = state_of(actor)
    return forces_name(*state) if state else actor.name
