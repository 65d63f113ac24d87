"""Target kind of a strike (military, militant, civilian, infrastructure, mixed) from keywords.

The small model's label is unreliable; these keyword rules read the target's description.
Two-word phrases are read first and blanked out ("civilian vessels" is not a "vessel" word
again), then single words; "people"/"town" count as civilian only when nothing else does.

Rule ids (:func:`target_kind_with_rule`): ``target_kind.<side>_phrase`` and
``target_kind.<side>_words`` for the side that decided, ``target_kind.mixed_people``,
``target_kind.weak_civilian_words``, ``target_kind.no_cue``.
"""

from __future__ import annotations

import re
from typing import Literal

from summarizer.models import TargetKind
from summarizer.normalize import Evidence

_Side = Literal["military", "militant", "civilian", "infrastructure"]
_PHRASES: list[tuple[_Side, str]] = [
    ("civilian", r"refugee\s+camps?|displacement\s+camps?|detention\s+(?:centre|center)s?"
                 r"|commercial\s+(?:vessels?|ships?)|merchant\s+(?:vessels?|ships?)|cargo\s+ships?"
                 r"|oil\s+tankers?|aid\s+(?:workers?|convoys?)|residential\s+\w+|civilian\s+\w+"),
    ("militant", r"training\s+(?:camps?|sites?|facilities)|terror(?:ist)?\s+\w+|militant\s+\w+"
                 r"|weapons\s+(?:depots?|caches?|storage)|command\s+and\s+control"),
    ("military", r"military\s+\w+|army\s+\w+|air\s*bases?|naval\s+\w+|war\s*ships?|frigates?"
                 r"|destroyers?|service\s+members?|security\s+forces|border\s+guards?"),
    ("infrastructure", r"oil\s+(?:fields?|facilit(?:y|ies)|installations?|terminals?|depots?)"
                       r"|gas\s+(?:fields?|facilit(?:y|ies)|plants?)|pumping\s+stations?"
                       r"|power\s+(?:plants?|stations?|grid|lines?)|refiner(?:y|ies)"
                       r"|pipelines?|airports?|ports?|harbou?rs?|dams?|bridges?|substations?"
                       r"|energy\s+(?:facilit(?:y|ies)|infrastructure)|railways?|rail\s+lines?"),
]  # fmt: skip
_WORDS: list[tuple[_Side, str]] = [
    ("military", r"soldiers?|troops?|army|military|bases?|barracks|posts?|checkpoints?"
                 r"|personnel|servicemen|officers?|generals?|commanders?|forces|positions"
                 r"|navy|guards?|IRGC|sailors?|marines?"),
    ("militant", r"militants?|fighters?|militias?|insurgents?|rebels?|guerrillas?|jihadists?"
                 r"|terrorists?|extremists?|gunmen|hideouts?|PKK|Hezbollah|Hamas|ISIS|ISIL"
                 r"|Islamic\s+State|al-Qaeda|al-Shabaab|Houthis?|Kataib|Boko\s+Haram|TTP"),
    ("civilian", r"civilians?|homes?|houses?|residents?|villages?|villagers|hospitals?|clinics?"
                 r"|schools?|markets?|mosques?|churches|church|migrants?|refugees?|women"
                 r"|children|families|family|neighbou?rhoods?|journalists?|wedding|shelters?"
                 r"|ships?|vessels?|tankers?|apartments?|buildings?|towns?|camps?"),
]  # fmt: skip


def _side_re(table: list[tuple[_Side, str]]) -> list[tuple[_Side, re.Pattern[str]]]:
    return [(s, re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.IGNORECASE)) for s, p in table]


_PHRASE_RES = _side_re(_PHRASES)
_WORD_RES = _side_re(_WORDS)
_WEAK_CIVILIAN_RE = re.compile(r"\b(?:people|persons|city|cities|town|population)\b", re.I)


def _side_cues(target_text: str) -> dict[_Side, tuple[str, tuple[int, int]]]:
    """Each side that keyword cues find, with how (phrase, words) and the first cue's offsets."""
    text = target_text
    cues: dict[_Side, tuple[str, tuple[int, int]]] = {}
    for side, regex in _PHRASE_RES:  # two-word phrases first, then blanked out (offsets kept)
        if m := regex.search(text):
            cues.setdefault(side, ("phrase", m.span()))
            text = regex.sub(lambda p: " " * len(p.group()), text)
    for side, regex in _WORD_RES:
        if (m := regex.search(text)) and side not in cues:
            cues[side] = ("words", m.span())
    if not cues and (m := _WEAK_CIVILIAN_RE.search(text)):
        cues["civilian"] = ("weak", m.span())
    return cues


def target_sides(target_text: str) -> set[_Side]:
    """The kinds of target that keyword cues find in a target description."""
    return set(_side_cues(target_text))


def target_kind_with_rule(target_text: str) -> tuple[TargetKind | None, str, Evidence]:
    """:func:`target_kind_of` with the id of the rule that decided it and the offsets in
    ``target_text`` of the first cue it relied on."""
    cues = _side_cues(target_text)
    people = {side: cue for side, cue in cues.items() if side != "infrastructure"}
    if len(people) >= 2:
        return "mixed", "target_kind.mixed_people", min(span for _, span in people.values())
    if people:
        ((side, (how, span)),) = people.items()
        rule = "target_kind.weak_civilian_words" if how == "weak" else f"target_kind.{side}_{how}"
        return side, rule, span
    if "infrastructure" in cues:
        return "infrastructure", "target_kind.infrastructure_phrase", cues["infrastructure"][1]
    return None, "target_kind.no_cue", None


def target_kind_of(target_text: str) -> TargetKind | None:
    """military / militant / civilian / infrastructure / mixed from keywords, else None.

    Two or more of military, militant and civilian -> "mixed"; infrastructure counts only
    when no people are named ("soldiers at the airport" -> military).
    """
    return target_kind_with_rule(target_text)[0]
