"""Countries: ISO 3166-1 alpha-3 codes and short English names of country names, demonyms and
codes, and the countries a text mentions.

Names come from pycountry plus a small table of the spellings news text uses (Iran, Syria,
Russia, Türkiye, Gaza, demonyms such as "Iraqi"). Every table is built lazily, once.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
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


_NON_WORD = re.compile(r"[^\w\s]")


def _key(name: str) -> str:  # the gazetteer (places) shares it
    """Case, accents, punctuation and a leading "the" ignored."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
        name = "".join(c for c in decomposed if not unicodedata.combining(c))
    base = _NON_WORD.sub("", name.lower().replace("-", " "))
    base = " ".join(base.split())
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


@lru_cache(maxsize=64)
def most_named_country(text: str, leave_out: frozenset[str] = frozenset()) -> str | None:
    """The country ``text`` names most often, by name or demonym ("Iraqi" counts for Iraq);
    None when it names none or two lead with the same count. Countries whose code is in
    ``leave_out`` count only when the text names no other."""
    counts = Counter(c for pattern in (_country_pattern(), _demonym_pattern())
                     for m in pattern.finditer(text) if (c := country_name(m.group())))
    others = Counter({c: n for c, n in counts.items() if country_code(c) not in leave_out})
    top = (others or counts).most_common(2)
    return top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
