"""Lenient comparison of actor names, countries and weapons, as the evaluation defines it.

The rules are those of ``shared/eval/README.md`` (and its reference ``score.py``): names are
compared after normalisation and a synonyms table, then by fuzzy ratios; countries as sets of
names with ISO codes resolved by pycountry; weapons as sets of normalised parts. They are kept
bug-for-bug compatible with the reference so that our figures equal its figures.

These tables are the evaluation's, not the product's: they never share an entry with
:mod:`summarizer.normalize` (its actor aliases, country names, fuzzy thresholds), so tuning
the pipeline's rules can never move the ruler it is measured with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import pycountry
from rapidfuzz import fuzz

SYNONYMS: dict[str, tuple[str, ...]] = {
    "united states": (
        "us", "u s", "usa", "u s a", "america", "american", "us military", "us forces",
        "united states of america", "washington", "us central command", "centcom",
        "pentagon", "us army", "us air force", "us navy", "biden administration",
    ),
    "united kingdom": (
        "uk", "u k", "britain", "great britain", "british", "british forces",
        "royal air force", "raf",
    ),
    "israel": (
        "israeli", "israel defense forces", "idf", "israeli military", "israeli army",
        "israeli forces", "zionist regime",
    ),
    "russia": (
        "russian", "russian federation", "russian forces", "russian military", "moscow",
        "kremlin",
    ),
    "ukraine": (
        "ukrainian", "ukrainian forces", "ukrainian military", "kyiv", "kiev",
        "armed forces of ukraine",
    ),
    "iran": ("iranian", "islamic republic of iran", "tehran"),
    "islamic revolutionary guard corps": (
        "irgc", "revolutionary guards", "revolutionary guard", "iran s revolutionary guards",
        "islamic revolutionary guards corps", "guards",
    ),
}
_CANONICAL = {alt: canon for canon, alts in SYNONYMS.items() for alt in (canon, *alts)}

# Country spellings -> one name, compared after normalisation (so pycountry's "Palestine,
# State of" for PSE and the text's "Palestine" agree, as do COD and "DR Congo").
_COUNTRY_SPELLINGS: dict[str, str] = {
    "us": "united states", "usa": "united states", "u s": "united states",
    "united states of america": "united states", "uk": "united kingdom",
    "britain": "united kingdom", "gaza": "palestine", "gaza strip": "palestine",
    "west bank": "palestine", "palestinian territories": "palestine",
    "state of palestine": "palestine", "palestine, state of": "palestine",
    "syrian arab republic": "syria", "russian federation": "russia",
    "iran, islamic republic of": "iran", "islamic republic of iran": "iran", "burma": "myanmar",
    "korea, democratic people s republic of": "north korea", "dprk": "north korea",
    "korea, republic of": "south korea", "viet nam": "vietnam", "türkiye": "turkey",
    "turkiye": "turkey",
    "congo, the democratic republic of the": "democratic republic of the congo",
    "congo, democratic republic of the": "democratic republic of the congo",
    "dr congo": "democratic republic of the congo", "drc": "democratic republic of the congo",
    "tanzania, united republic of": "tanzania", "venezuela, bolivarian republic of": "venezuela",
    "moldova, republic of": "moldova",
}

_WEAPON_SPELLINGS: dict[str, str] = {
    "air_strike": "airstrike", "airstrikes": "airstrike", "air_drone_strike": "drone",
    "uav": "drone", "drones": "drone", "missiles": "missile", "rocket": "missile",
    "rockets": "missile", "shelling": "artillery", "raid": "ground_raid",
}

_PUNCT = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_COUNTRY_SEPARATORS = re.compile(r",|;|/| and ")
_WEAPON_SEPARATORS = re.compile(r"\+|,|/")


def normalize(text: str | None) -> str:
    """Lower-case, punctuation to spaces, single spaces, no leading "the"."""
    if not text:
        return ""
    text = _PUNCT.sub(" ", text.lower().replace("’", "'"))
    text = _SPACES.sub(" ", text).strip()
    return text.removeprefix("the ")


# keyed by the normalised spelling, as every lookup is
COUNTRY_ALIASES: dict[str, str] = {normalize(k): v for k, v in _COUNTRY_SPELLINGS.items()}


def canonical(name: str) -> str:
    """The normalised name, mapped through the synonyms table."""
    key = normalize(name)
    return _CANONICAL.get(key, key)


def _close(x: str, y: str) -> bool:
    if fuzz.token_set_ratio(x, y) >= 88 and min(len(x), len(y)) >= 3:
        return True
    if fuzz.ratio(x, y) >= 85:
        return True
    short, long_ = sorted((x, y), key=len)
    return len(short) >= 5 and fuzz.partial_ratio(short, long_) >= 90


def names_match(a: Iterable[str], b: Iterable[str]) -> bool:
    """True when some name of ``a`` equals or closely resembles some name of ``b``.

    Each side lists one actor's spellings (its name and aliases).
    """
    ca = {canonical(x) for x in a if x}
    cb = {canonical(y) for y in b if y}
    if ca & cb:
        return True
    return any(x and y and _close(x, y) for x in ca for y in cb)


def actors_match(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> bool:
    """Lists of actors match when at least half of each side finds a partner on the other."""
    if not gold and not pred:
        return True
    if not gold or not pred:
        return False
    hit_gold = sum(1 for g in gold if any(names_match(g, p) for p in pred))
    hit_pred = sum(1 for p in pred if any(names_match(g, p) for g in gold))
    return hit_gold / len(gold) >= 0.5 and hit_pred / len(pred) >= 0.5


def actor_names(items: Any) -> list[list[str]]:
    """Each actor (a string, or an object with ``name`` and ``aliases``) as its spellings."""
    out: list[list[str]] = []
    for item in items or []:
        if isinstance(item, str):
            names = [item]
        elif isinstance(item, dict):
            names = [item.get("name") or "", *(item.get("aliases") or [])]
        else:
            continue
        names = [n for n in names if n]
        if names:
            out.append(names)
    return out


@lru_cache(maxsize=1024)
def country_name(code_or_name: str) -> str:
    """A normalised country name for a name or an ISO 3166 code; "" for nothing."""
    key = normalize(code_or_name)
    if not key:
        return ""
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    try:
        country = pycountry.countries.lookup(code_or_name.strip())
    except LookupError:
        return key
    name = normalize(getattr(country, "common_name", None) or country.name)
    return COUNTRY_ALIASES.get(name, name)


def country_set(value: Any) -> frozenset[str]:
    """Countries of a list, or of a string joined by ``,`` ``;`` ``/`` or `` and ``."""
    if not value:
        return frozenset()
    parts = value if isinstance(value, list) else _COUNTRY_SEPARATORS.split(str(value))
    return frozenset(name for part in parts if (name := country_name(part)))


def countries_match(gold: frozenset[str], pred: frozenset[str]) -> bool:
    """Both empty, or an overlap of at least half of the union."""
    if not gold and not pred:
        return True
    common = gold & pred
    return bool(common) and len(common) / len(gold | pred) >= 0.5


def weapon_set(value: Any) -> frozenset[str]:
    """Weapons of a list or a ``+``-joined string, normalised; ``{"unknown"}`` for none."""
    if not value:
        return frozenset({"unknown"})
    parts = value if isinstance(value, list) else _WEAPON_SEPARATORS.split(str(value))
    out = set()
    for part in parts:
        key = normalize(part).replace(" ", "_")
        key = _WEAPON_SPELLINGS.get(key, key)
        if key:
            out.add(key)
    return frozenset(out or {"unknown"})
