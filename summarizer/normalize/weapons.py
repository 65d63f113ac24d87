"""Weapon of a strike read from wording cues, by explainable rules.

The small model's weapon label is unreliable; these keyword rules are applied to an event's
evidence sentences instead.

Precedence when one event names several (``weapon_of``):
``drone > airstrike > missile > artillery > ground_raid > other``. A drone is the most
specific aerial platform; a missile named beside an air strike is usually the aircraft's
munition. Aircraft words without "strike"/"raid" ("warplanes", "F-16") are weak cues, used
only when no explicit weapon word is present. Weapon words that name a target ("drone
facilities", "missile sites"), something shot down, or an earlier attack being answered
("in response to a drone attack", "the drone attack that prompted the strikes") are ignored.

Rule ids (:func:`weapon_with_rule`): ``weapon.strong_cue``, ``weapon.weak_cue``,
``weapon.no_cue``.
"""

from __future__ import annotations

import re

from summarizer.lexicon import ANSWERS_ANOTHER_ATTACK, FOLLOWS_ANOTHER_EVENT, alternation
from summarizer.models import Weapon
from summarizer.normalize import Evidence
from summarizer.normalize.triggers import TRIGGER_RE

_WEAPON_ORDER: tuple[Weapon, ...] = (
    "drone", "airstrike", "missile", "artillery", "ground_raid", "other",
)  # fmt: skip
_STRONG: list[tuple[Weapon, str]] = [
    ("drone", r"drones?|UAVs?|unmanned\s+(?:aerial\s+vehicles?|aircraft)|quadcopters?"
              r"|loitering\s+munitions?|Shahed(?:-\d+)?s?"),
    ("airstrike", r"air[\s-]?strikes?|air[\s-]raids?|air\s+attacks?|aerial\s+(?:bombardments?"
                  r"|bombings?|attacks?|strikes?)|bombing\s+raids?|air\s+campaign|carpet[\s-]bomb\w*"),
    ("missile", r"(?:ballistic|cruise|anti-tank|guided|hypersonic)\s+missiles?|missiles?"
                r"|rockets?|rocket\s+fire|ballistic|Katyushas?|Grad\s+rockets?|ATACMS|Iskanders?"),
    ("artillery", r"shelling|shelled|shells|artillery(?:\s+(?:fire|bombardments?|barrages?))?"
                  r"|mortars?(?:\s+(?:fire|rounds?|shells?))?|howitzers?|bombardments?|barrages?"),
    ("ground_raid", r"ground\s+(?:raids?|operations?|assaults?|offensives?|incursions?|attacks?)"
                    r"|commandos?|special\s+forces|stormed|incursions?"),
    ("other", r"suicide\s+(?:bomb\w*|attacks?)|car\s+bombs?|roadside\s+bombs?|IEDs?"
              r"|improvised\s+explosive\s+devices?|gunmen|opened\s+fire|shootings?|grenades?"
              r"|landmines?|ambush(?:ed)?|snipers?"),
]  # fmt: skip
_WEAK: list[tuple[Weapon, str]] = [
    (
        "airstrike",
        r"war[\s-]?planes?|fighter[\s-]jets?|fighter-bombers?|jets|bombers|aircrafts?"
        # ("fighting planes struck"; guided, aerial or glide bombs, but a missile named
        # beside them is the strike's: "a city pounded by glide bombs for weeks")
        r"|fighting\s+planes|(?:guided\s+aerial|aerial|guided|glide|gliding)\s+bombs?"
        r"|helicopter\s+gunships?|helicopters?|F-\d{1,3}s?|Su-\d{2}s?|air\s+force",
    ),
    # a bare "raid" is as often an air raid as a ground one: only when nothing else is said
    ("ground_raid", r"raids?|raided"),
]
_TARGET_USE_RE = re.compile(
    r"\s+(?:launch\s+)?(?:sites?|launchers?|pads?|depots?|facilit(?:y|ies)|factor(?:y|ies)"
    r"|production|storage|stockpiles?|warehouses?|workshops?|operations|programm?e?s?|units?"
    r"|bases?|capabilit(?:y|ies)|defen[cs]es?|systems?|infrastructure|plants?|makers?)\b",
    re.IGNORECASE,
)
_SHOT_DOWN_RE = re.compile(
    r"\b(?:shot\s+down|shooting\s+down|downed|intercepted|intercepting)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
# "in response to a drone attack": the weapon of the attack being answered, not this one's
_EARLIER_RE = re.compile(
    rf"\b{alternation(ANSWERS_ANOTHER_ATTACK, FOLLOWS_ANOTHER_EVENT)}\s+(?:[\w'’-]+\s+){{0,4}}$",
    re.IGNORECASE,
)
_PROMPTED_RE = re.compile(
    r"^[^.;]{0,40}?\b(?:that|which)\s+(?:had\s+)?(?:prompted|triggered|sparked|provoked)\b",
    re.IGNORECASE,
)


# a toll told before its cause ("seven were killed after a Russian missile struck": a word
# of harm, TRIGGER_RE): the weapon after "after" is this strike's own, not an earlier one's
_EARLIER_WORDS = frozenset({"after", "since", "following", "before", "ago"})
_STRIKING = frozenset({"struck", "strike", "strikes", "hit", "bombed", "shelled", "attacked",
                       "fired", "launched", "targeted", "raided", "pounded"})


def _toll_then_its_cause(before: str) -> bool:
    """The text before a weapon ends "... were killed after a (Russian)": a toll, then
    "after" or "following", with no strike told before it in the clause, and the toll itself
    no earlier event's ("a week after 11 soldiers were killed following a drone strike")."""
    marker = _EARLIER_RE.search(before)
    if marker is None or marker.group().split()[0].lower() not in ("after", "following"):
        return False
    clause = before[:marker.start()]
    for sep in (". ", "? ", "! ", ";", ":", ", and ", ", but ", ", while "):
        clause = clause.split(sep)[-1]
    words = {w.strip(".,\"“”'’()").lower() for w in clause.split()}
    # (not "killed in the shelling of Kessa, which came after a drone attack")
    return bool(TRIGGER_RE.search(clause)) and not words & (_STRIKING | _EARLIER_WORDS) and not any(
        r.search(clause) for _, r in _STRONG_RES + _WEAK_RES)


def _compile(table: list[tuple[Weapon, str]]) -> list[tuple[Weapon, re.Pattern[str]]]:
    return [(w, re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.IGNORECASE)) for w, p in table]


_STRONG_RES = _compile(_STRONG)
_WEAK_RES = _compile(_WEAK)


def _weapon_hits(
    text: str, table: list[tuple[Weapon, re.Pattern[str]]]
) -> list[tuple[int, int, Weapon]]:
    hits = [(m.start(), m.end(), w) for w, regex in table for m in regex.finditer(text)]
    # a longer overlapping phrase wins ("air raid" is not a ground "raid")
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, Weapon]] = []
    for h in hits:
        if any(k[0] < h[1] and h[0] < k[1] for k in kept):
            continue
        before, after = text[max(0, h[0] - 60) : h[0]], text[h[1] : h[1] + 60]
        if _TARGET_USE_RE.match(after) or _SHOT_DOWN_RE.search(before):
            continue
        if (_EARLIER_RE.search(before) and not _toll_then_its_cause(text[:h[0]])) or (
                _PROMPTED_RE.search(after)):
            continue
        kept.append(h)
    kept.sort()
    return kept


def weapons_of(text: str) -> list[Weapon]:
    """Distinct weapons the text says were used, in order of first mention (may be empty)."""
    hits = _weapon_hits(text, _STRONG_RES) or _weapon_hits(text, _WEAK_RES)
    return list(dict.fromkeys(w for _, _, w in hits))


def weapon_with_rule(text: str) -> tuple[Weapon, str, Evidence]:
    """:func:`weapon_of` with the id of the rule that decided it and the offsets in ``text`` of
    the words it relied on (the first mention of the chosen weapon; None for "unknown")."""
    hits, rule = _weapon_hits(text, _STRONG_RES), "weapon.strong_cue"
    if not hits:
        hits, rule = _weapon_hits(text, _WEAK_RES), "weapon.weak_cue"
    for weapon in _WEAPON_ORDER:
        for start, end, found in hits:
            if found == weapon:
                return weapon, rule, (start, end)
    return "unknown", "weapon.no_cue", None


def weapon_of(text: str) -> Weapon:
    """The one weapon of an event: the most specific cue present, or "unknown"."""
    return weapon_with_rule(text)[0]
