"""Actor names: the alias table, and the normalised key and table lookups every actor rule uses.

``ALIASES`` is small and general, a fallback: canonical name -> other names of the same actor.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from summarizer.normalize.geo import country_code

# Canonical name -> other names of the same actor. Small and general: a fallback.
ALIASES: dict[str, tuple[str, ...]] = {
    "United States": (
        "U.S.", "US", "USA", "U.S.A.", "United States of America", "America", "American",
        "Washington", "Pentagon", "U.S. military", "U.S. forces", "American forces",
        "U.S. Army", "U.S. Air Force", "U.S. Navy", "U.S. Central Command", "CENTCOM",
        "U.S. government", "Biden administration", "Trump administration", "White House",
    ),
    "Israel": (
        "Israeli", "Israeli military", "Israeli army", "Israeli forces", "IDF",
        "Israel Defense Forces", "Israel Defence Forces", "Israeli Defense Forces",
        "Israeli Air Force", "Israeli government", "Zionist regime",
    ),
    "Iran": (
        "Iranian", "Tehran", "Islamic Republic", "Islamic Republic of Iran",
        "Iranian government", "Iranian military", "Iranian forces",
    ),
    "Islamic Revolutionary Guard Corps": (
        "IRGC", "Revolutionary Guards", "Revolutionary Guard", "Revolutionary Guard Corps",
        "Islamic Revolutionary Guards Corps", "Iran's Revolutionary Guards",
    ),
    "Russia": (
        "Russian", "Moscow", "Kremlin", "Russian Federation", "Russian forces",
        "Russian military", "Russian army",
    ),
    "Ukraine": (
        "Ukrainian", "Kyiv", "Kiev", "Ukrainian forces", "Ukrainian military",
        "Ukrainian army", "Armed Forces of Ukraine",
    ),
    "United Kingdom": (
        "UK", "U.K.", "Britain", "Great Britain", "British", "British forces",
        "British military", "Royal Air Force", "RAF",
    ),
    "Houthis": (
        "Houthi", "Houthi rebels", "Houthi movement", "Houthi militants", "Houthi militia",
        "Ansar Allah", "Ansarallah", "Al Houthis", "Al-Houthis", "Al Houthi",
        "Al Houthi militants", "Yemen's Houthis",
        # the name the Houthis' military statements give themselves (spokesman Yahya Saree)
        "Yemeni Armed Forces", "Yemeni naval forces",
    ),
    "Pakistan": (
        "Pakistani", "Islamabad", "Pakistani military", "Pakistani army", "Pakistan army",
        "Pakistan military", "Pakistani forces", "Pakistan Armed Forces",
        "Pakistani government", "Pakistan Air Force",
    ),
    "Taliban": (
        "Afghan Taliban", "Afghanistan Taliban", "Afghanistan's Taliban", "Islamic Emirate",
        "Islamic Emirate of Afghanistan", "Taliban government", "Taliban administration",
        "Taliban regime",
    ),
    "Tehrik-i-Taliban Pakistan": (
        "TTP", "Pakistani Taliban", "Tehreek-e-Taliban Pakistan", "Tehrik-e-Taliban Pakistan",
    ),
    "Afghanistan": ("Afghan", "Kabul"),
    "India": (
        "Indian", "New Delhi", "Indian army", "Indian military", "Indian forces",
        "Indian Air Force", "Indian government", "Indian Armed Forces",
    ),
    "Turkey": (
        "Türkiye", "Turkiye", "Turkish", "Ankara", "Turkish army", "Turkish military",
        "Turkish forces", "Turkish Armed Forces", "Turkish government",
    ),
    "Saudi Arabia": (
        "Saudi", "Riyadh", "Saudi-led coalition", "Kingdom of Saudi Arabia", "KSA",
        "Saudi government", "Saudi forces",
    ),
    "Syria": (
        "Syrian", "Damascus", "Syrian government", "Syrian army", "Syrian Arab Army",
        "Syrian regime", "Syrian forces",
    ),
    "Iraq": (
        "Iraqi", "Baghdad", "Iraqi government", "Iraqi military", "Iraqi army", "Iraqi forces",
    ),
    "Azerbaijan": ("Azerbaijani", "Baku", "Azerbaijani army", "Azerbaijani forces"),
    "Armenia": ("Armenian", "Yerevan", "Armenian army", "Armenian forces"),
    "China": ("Chinese", "Beijing"),
    "France": ("French",),
    "Lebanon": ("Lebanese", "Beirut", "Lebanese army"),
    "Hezbollah": ("Hizbollah", "Hizballah", "Hezbollah movement"),
    "Kataib Hezbollah": ("Kata'ib Hezbollah", "Kataeb Hezbollah", "Qatayb Hezbollah",
                         "Kata'ib Hizballah", "Hezbollah Brigades"),
    "Hamas": ("Islamic Resistance Movement",),
    "Islamic State": ("ISIS", "ISIL", "IS", "Daesh", "Islamic State group"),
    "Kurdistan Workers' Party": ("PKK", "Kurdistan Workers Party"),
    "United Nations": ("UN", "U.N."),
}  # fmt: skip

ARMED_GROUPS = frozenset(
    {"Houthis", "Taliban", "Tehrik-i-Taliban Pakistan", "Hezbollah", "Kataib Hezbollah",
     "Hamas", "Islamic State", "Kurdistan Workers' Party"}
)  # fmt: skip


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """Lower-case, accents, punctuation, possessive 's and a leading "the"/"al" dropped."""
    s = _fold(name).replace("’", "'").replace("‘", "'").lower()
    s = re.sub(r"'s\b", "", s)
    s = s.replace(".", "")  # "U.S." -> "us"
    s = re.sub(r"[^\w\s]", " ", s)
    s = " ".join(s.split())
    for prefix in ("the ", "al "):
        s = s.removeprefix(prefix)
    return s


@cache
def _table() -> dict[str, str]:
    """Normalised spelling -> canonical name of ``ALIASES``."""
    out: dict[str, str] = {}
    for canon, alts in ALIASES.items():
        for name in (canon, *alts):
            out[name_key(name)] = canon
    return out


# who backs an armed group, and where its fighters are, describe it: "Iranian-backed Houthis",
# "Houthi militants in Yemen" are the Houthis ("US-backed Syrian forces" are not Syria, nor
# "Taliban in Pakistan" the Afghan Taliban: only a group's name with its fighters' word)
_BACKED_RE = re.compile(r"^\w+ (?:backed|aligned|allied|supported|sponsored) ")
_WHERE_RE = re.compile(r" (?:militants|rebels|fighters|movement) (?:in|from|based in) "
                       r"\w+(?: \w+)?$")


def table_canon(name: str) -> str | None:
    """The canonical name of ``ALIASES`` that ``name`` is a spelling of, if any (a backer
    before an armed group's name, or where its fighters are, left out)."""
    key = name_key(name)
    table = _table()
    if key in table:
        return table[key]
    bare = _WHERE_RE.sub(lambda m: " " + m.group(0).split()[0], _BACKED_RE.sub("", key))
    canon = table.get(bare)
    return canon if canon in ARMED_GROUPS else None


def countries_named(name: str) -> frozenset[str]:
    """Countries named in a name by a word or two ("Iraqi", "Saudi Arabia", "U.S.")."""
    words = [w for w in re.split(r"[\s\-–—/]+", name.replace("’", "'")) if w]
    words = [w.removesuffix("'s").strip("'\".,()") for w in words]
    grams = words + [" ".join(words[i : i + 2]) for i in range(len(words) - 1)]
    codes = set()
    for g in grams:
        short = len(g.replace(".", "")) <= 2
        if g and (not short or g.isupper()):
            codes.add(country_code(g, fuzzy=False))
    return frozenset(c for c in codes if c)
