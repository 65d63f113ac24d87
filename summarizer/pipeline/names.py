"""What counts as a name in the model's answers: empty answers, pronouns, weapon words.

Shared by the strike and reaction rules: the model's strings are checked against the text
(an invented name is dropped) and cleaned ("Turkish drone strike" -> "Turkey").
"""

from __future__ import annotations

import re

from summarizer.normalize.geo import countries_in, country_code, country_name

EMPTY = {"", "unknown", "none", "n/a", "null", "unnamed", "unidentified"}

WEAPON_WORDS = re.compile(
    r"\b(air[- ]?strikes?|air raids?|drones?|drone strikes?|missiles?|missile strikes?|rockets?|"
    r"strikes?|attacks?|shelling|bombing|raids?|fighter-bombers|warplanes|jets|aircraft)\b",
    re.I,
)
ADJECTIVES = re.compile(
    r"\b(retaliatory|deadly|recent|overnight|latest|new|alleged|suspected|fresh|reported)\b",
    re.I,
)
NOT_ACTOR_RE = re.compile(
    r"^(?:[A-Z]{1,3}-?\d+\w*|falling|fire|it|they|he|she|we|i|you|unknown attackers?|"
    r"retaliatory|israeli|american)$",
    re.I,
)
_STOP_WORDS = {"the", "of", "and", "for", "in", "on", "at", "its", "his", "her", "mr", "mrs", "ms"}


def is_empty(answer: str) -> bool:
    """The model's way of saying "nobody" or "nowhere"."""
    return answer.strip().lower() in EMPTY


def without_weapon_words(name: str) -> str:
    """'deadly overnight air strike' -> '': what is left once the strike words are gone."""
    return ADJECTIVES.sub("", WEAPON_WORDS.sub("", name)).strip(" ,.-")


def clean_attacker(name: str) -> str:
    """'Turkish drone strike' -> 'Turkey'; 'missiles' -> ''."""
    name = name.strip().strip("\"'“”‘’ ")
    if name.lower() in EMPTY:
        return ""
    bare = without_weapon_words(name)
    if not bare:
        return ""
    name = bare
    named = country_code(name, fuzzy=False)
    if named and " " not in name:
        return country_name(named) or name
    return name


def tokens(name: str) -> list[str]:
    """The content words of a name (or its two-letter acronyms: "US", "UN")."""
    long = [w for w in re.findall(r"[\w'’-]{3,}", name.lower()) if w not in _STOP_WORDS]
    return long or [w.lower() for w in re.findall(r"\b[A-Z]{2}\b", name)]


def in_text(name: str, text: str) -> bool:
    """Some word of ``name`` occurs in ``text`` (demonyms count for their country)."""
    low = text.lower()
    if any(re.search(rf"\b{re.escape(t)}", low) for t in tokens(name)):
        return True
    code = country_code(name, fuzzy=False)
    return bool(code and any(country_code(c, fuzzy=False) == code
                             for c in countries_in(text, demonyms=True)))
