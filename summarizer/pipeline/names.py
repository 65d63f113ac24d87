"""What counts as a name in the model's answers: empty answers, pronouns, weapon words.

Shared by the strike and reaction rules: the model's strings are checked against the text
(an invented name is dropped) and cleaned ("Turkish drone strike" -> "Turkey").
"""

from __future__ import annotations

import re

from summarizer.lexicon import ANSWERS_ANOTHER_ATTACK, NON_COMBATANT_WORDS, alternation
from summarizer.normalize.country_names import is_demonym
from summarizer.normalize.geo import countries_in, country_code, country_name

# the words that say a strike answers another attack ("in retaliation for", "to avenge")
ANSWERS = alternation(ANSWERS_ANOTHER_ATTACK)
EMPTY = {"", "unknown", "none", "n/a", "null", "unnamed", "unidentified"}

WEAPON_WORDS = re.compile(  # "anti-aircraft" keeps its "aircraft"; "drone-strike" goes
    r"(?<!anti-)(?<!counter-)\b(air[- ]?strikes?|air raids?|drones?|drone[- ]strikes?|missiles?|"
    r"missile[- ]strikes?|rockets?|katyushas?|shaheds?|aggression|"
    r"strikes?|attacks?|shelling|bombing|bombs?|raids?|fighter-bombers?|warplanes?|"
    r"(?:fighter\s+)?jets?|aircraft|"
    r"(?:army\s+)?helicopters?|gunships?|air\s?power|artillery|himars|atacms|launchers?|"
    r"howitzers?|warships?|frigates?|submarines?)\b",
    re.I,
)
# an institution named without its country: "the military", "the government"
_INSTITUTION_RE = re.compile(r"^(?:the\s+)?(military|army|air\s+force|armed\s+forces|"
                             r"security\s+forces|government\s+forces|navy|government|"
                             r"foreign\s+ministry|ministry|administration|presidency|cabinet)"
                             r"(?:['’]s\s+.*)?$", re.I)
ADJECTIVES = re.compile(
    # ("US-supplied HIMARS" names who supplied the weapon, not who fired it)
    r"\b(retaliatory|deadly|recent|overnight|latest|new|alleged|suspected|fresh|reported|"
    r"[\w.]+-(?:supplied|made|built|provided|donated))\b",
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


# what ties a weapon to its side ("US Navy ships and aircraft", "forces using HIMARS"); ""
# is a bracket left alone ("Ukraine (using HIMARS)" -> "Ukraine ( )")
_TIES = frozenset({"and", "or", "&", "using", "with", "by", "of", "from", "via", "a", "an",
                   "the", ""})


def without_weapon_words(name: str) -> str:
    """'deadly overnight air strike' -> '': what is left once the strike words, and the
    words that tied them to the side, are gone ("Russia's Iranian-made drones" -> "Russia")."""
    words = ADJECTIVES.sub("", WEAPON_WORDS.sub("", name)).strip(" ,.-").split()
    # "US Navy ships and aircraft", "Ukrainian forces using US-supplied HIMARS", "Ukraine
    # (using US-supplied HIMARS)": what tied the weapon to the side goes with it
    while words and words[-1].lower().strip("()") in _TIES:
        words.pop()
    if words and words[-1].endswith(("'s", "’s")):  # "Russia's Iranian-made drones"
        words[-1] = words[-1][:-2]
    if len(words) > 1 and words[0].lower() in ("a", "an"):  # "an Israeli warplane"
        words = words[1:]
    return " ".join(words).strip(" ,.-(")


def clean_attacker(name: str) -> str:
    """'Turkish drone strike' -> 'Turkey'; 'Ukrainian army helicopters' -> 'Ukraine';
    'U. S. airpower' -> 'United States'; 'missiles' -> ''."""
    name = re.sub(r"\bU\.\s+S\.", "U.S.", name.strip().strip("\"'“”‘’ "))
    if name.lower() in EMPTY:
        return ""
    name = without_weapon_words(name)
    if not name:
        return ""
    named = country_code(name, fuzzy=False)
    if named and " " not in name:
        return country_name(named) or name
    if re.fullmatch(r"U\.S\.?|US", name):
        return "United States"
    return name


def unnamed_institution(name: str) -> bool:
    """'the military', 'the government': an institution whose country the name leaves out."""
    return bool(_INSTITUTION_RE.match(name.strip()))


def with_country(name: str, sentence: str, context: str = "", *, demonyms: bool = False) -> str:
    """'the military' -> 'Sudan military', 'the government' -> 'Iraq government': an unnamed
    institution gets the country its sentence (else the one before) names; unchanged when the
    name says more or no country is named."""
    m = _INSTITUTION_RE.match(name.strip())
    if m is None:
        return name
    found = countries_in(sentence, demonyms=demonyms) or countries_in(context, demonyms=demonyms)
    return f"{found[0]} {m.group(1).lower()}" if found else name


def tokens(name: str) -> list[str]:
    """The content words of a name (or its two-letter acronyms: "US", "UN")."""
    long = [w for w in re.findall(r"[\w'’-]{3,}", name.lower()) if w not in _STOP_WORDS]
    return long or [w.lower() for w in re.findall(r"\b[A-Z]{2}\b", name)]


def _whole(phrase: str, text: str) -> bool:
    """``phrase`` stands in ``text`` as whole words ("syria" not in "assyrian")."""
    at = text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if not (at and text[at - 1].isalnum()) and not text[end:end + 1].isalnum():
            return True
        at = text.find(phrase, at + 1)
    return False


def in_text(name: str, text: str) -> bool:
    """Some word of ``name`` occurs in ``text`` (demonyms count for their country)."""
    low = text.lower()
    if len(name.strip()) >= 5 and _whole(name.strip().lower(), low):
        return True  # "U.S.-led": its one token, "-led", opens no word
    if any(re.search(rf"\b{re.escape(t)}", low) for t in tokens(name)):
        return True
    code = country_code(name, fuzzy=False)
    return bool(code and any(country_code(c, fuzzy=False) == code
                             for c in countries_in(text, demonyms=True)))


# "US air strikes in Iraq", "Ukraine's drone attack on two Russian vessels": a phrase whose
# head is the strike itself, then what it says (who by, where, what was hit)
_STRIKE_HEAD_RE = re.compile(
    r"^(?:(?!\b(?:in|on|at|of|by|near|against|hit|struck|from)\b)[^,;])*?"
    r"\b(?P<head>attacks?|strikes?|raids?|bombings?|assaults?|shelling|bombardment)"
    r"(?P<tail>\s+(?:on|against|targeting|in|at|near|of|by)\b.*)?$", re.I)
# in that tail: what was hit ("on", "against", "targeting"; "of" after a bombing or a
# shelling), and where ("in", "at", "near", "on")
_TAIL_RE = re.compile(r"\b(?:(?P<hit>on|against|targeting)|(?P<of>of)|(?P<where>in|at|near))\s+"
                      r"(?P<rest>[^,;]+?)(?=\s+(?:on|against|targeting|in|at|near|by|of)\s|$)",
                      re.I)


def strike_phrase(phrase: str) -> tuple[str, str] | None:
    """None when ``phrase`` is not headed by a strike; else (what it says was hit, where it
    says it was), each '' when it does not say: "Israeli air strikes in southern Lebanon on
    Hezbollah positions" -> ("Hezbollah positions", "southern Lebanon")."""
    m = _STRIKE_HEAD_RE.match(phrase.strip())
    if not m:
        return None
    hit = where = ""
    for part in _TAIL_RE.finditer(m.group("tail") or ""):
        rest = part.group("rest").strip()
        if part.group("of") and m.group("head").lower() in ("bombing", "bombings", "shelling",
                                                            "bombardment"):
            hit = hit or rest  # "the bombing of a hospital"
        elif part.group("hit"):
            hit = hit or rest
            if part.group("hit").lower() == "on" and all(w[:1].isupper() for w in rest.split()):
                where = where or rest  # "on Kharkiv" (not "on Russian soil": no place's name)
        elif part.group("where"):
            where = where or rest
    return hit, where



# where fire came from: "rockets fired from the direction of neighbouring Lebanon and the
# Golan Heights", "a Kh-22 launched from Russia's Kursk area", "launched a missile from
# Yemen" (not "jets from the coalition", "fired on people fleeing from Rafah", "10 km from
# Kessa")
_FROM_RE = re.compile(r"\b(?:(?:fired|launched|came|coming|originating)\s+(?:(?:[\w-]+\s+){0,2}?"
                      r"(?:missiles?|rockets?|drones?|shells?|mortars?|projectiles?|uavs?)\s+)?"
                      r"from\s+(?:the\s+)?"
                      r"(?:direction\s+of\s+)?|direction\s+of\s+)(?:[\w'’-]+\s+){0,3}?"
                      r"(?:and\s+)?(?:the\s+)?$", re.I)


def origin_only(name: str, sentence: str) -> bool:
    """The sentence names ``name`` only as where fire came from (not as the owner of that
    place: "launched from Russia's Kursk area" names Russia's area)."""
    hits = list(re.finditer(re.escape(name), sentence, re.I))
    # (not a range: "strikes on targets from Varn to the border")
    return bool(hits) and all(_FROM_RE.search(sentence[max(0, m.start() - 60):m.start()])
                              and not re.match(r"['’]s\b", sentence[m.end():])
                              and not sentence[m.end():].lstrip().lower().startswith("to ")
                              for m in hits)


# a dateline before the first sentence: a place in capitals, or with its region, date or
# agency ("ANKARA, Turkey (AP) — ", "ODESA, UKRAINE — ", "KYIV, March 3 (Reuters) - ",
# "BANGKOK: ")
DATELINE_RE = re.compile(
    r"^(?=[A-Z]{3,}\b|[^—–]*?,|[^—–]*?\([A-Za-z .]{1,20}\))"
    r"[A-Z][\w.'’/-]*(?:\s+[A-Z][\w.'’/-]*){0,2}(?:,\s+[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,2})?"
    r"(?:\s+\([A-Za-z .]{1,20}\))?(?:\s+[—–-]|(?<=[A-Z]):)\s+(?=[A-Z“\"])")


# the last word of a group's description, the words that make it another group (or a
# state's side), and the suffixes of an adjective of backing ("Iran-backed", "pro-Iran")
_GROUP_WORDS = frozenset(["group", "militia", "militias", "movement", "organisation",
                          "organization"])
_ANOTHER = frozenset(["separate", "another", "other", "rival", "second", "new", "same",
                      "splinter", "breakaway", "a", "an", "government", "pro-government",
                      "government-backed", "state", "state-backed"])
_BACKED = ("-backed", "-aligned", "-allied", "-linked", "-affiliated", "-supported")
# a group of another kind: "the human rights group", "an aid group"
_UNARMED = frozenset(["rights", "aid", "relief", "humanitarian", "advocacy", "monitoring",
                      "medical", "media", "lobby", "civic", "business", "environmental",
                      *NON_COMBATANT_WORDS])


def _describes(word: str) -> bool:
    """A word a description may hold: lower case, an adjective of origin ("Lebanese") or of
    backing ("Iran-backed", "pro-Iran"), or a possessive ("Nasrallah's")."""
    return (not word[:1].isupper() and "-" not in word) or is_demonym(word) or \
        word.endswith("'s") or word.lower().endswith(_BACKED) or word.startswith("pro-")


def is_epithet(name: str) -> bool:
    """"the Iran-backed group", "Nasrallah's group", "the insurgent group": an armed group
    described, not named ("the al-Shabaab group", "a rival group", "the human rights group"
    and "pro-government militias" are not)."""
    words = name.replace("’", "'").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    lowered = {w.lower() for w in words}
    if (len(words) < 2 or words[-1].lower() not in _GROUP_WORDS or lowered & _ANOTHER
            or lowered & _UNARMED):
        return False
    return all(_describes(w) for w in words[:-1])
