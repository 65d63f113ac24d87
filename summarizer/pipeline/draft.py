"""One strike as read so far (a draft), and how one answer of one sentence becomes one.

``draft_of`` applies the target and place rules (``places``), the attacker rules
(``attackers``), and marks how the sentence speaks of its strike: as a separate one
("Elsewhere", "In March"), as a restatement ("The attack was carried out by..."), or as a
fresh one ("a Turkish strike hit one of its ambulances"), which ``merging`` reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer import trace
from summarizer.lexicon import MONTHS, alternation
from summarizer.models import Span
from summarizer.pipeline.attackers import attacker_of, echoes_a_strike
from summarizer.pipeline.places import own_place, target_and_place
from summarizer.pipeline.planning import StrikeOut, context_of

_MONTH = alternation(MONTHS)
_SEPARATE_RE = re.compile(
    r"^\W*(in an?(other| separate) (development|incident|attack)|separately|elsewhere|"
    rf"last time|previously|in a previous|earlier this (?:month|year)|in {_MONTH}\b|"
    rf"[^.;]*\b(?:in (?:early |late |mid-)?{_MONTH}|last (?:month|year)|in (?:19|20)\d\d|"
    r"(?:strikes?|attacks?|raids?|bombings?|one)\b[^.;]{0,60}?\b(?:days|weeks|months|years)"
    r" ago)\b|"
    r"in another|another\s+(?:[\w-]+\s+){0,2}?(?:air ?strikes?|strikes?|attacks?|raids?|"
    r"bombings?|shelling)(?!\s+(?:victims?|survivors?))|[^.;]*\b(?:on|against|at) another)\b",
    re.I,
)
_INITIALS_RE = re.compile(r"\b([A-Z])\.")  # "U.S." would end the clause at its dots
# "a Turkish strike hit one of its ambulances": a strike not reported before
_FRESH_RE = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:air ?strike|strike|raid|attack)\s+"
                       r"(?:hit|struck|killed|destroyed)\b", re.I)
# a sentence whose subject is a definite reference to a strike ("The attack was carried out
# by...", "Officials said the strike hit...", "Sunday's raid killed...", "The UN condemned the
# deadly air strike", "The operation targeted a site ..."; not "the second strike") restates
# one already
# reported: it adds a detail (a toll, a weapon, a source, a place) to it, not a new event
_RESTATES_RE = re.compile(
    r"^\W*(?:[^.;]{0,80}?\b(?:said|says|added|noted|reported|confirmed|told \S+|condemned|"
    r"denounced|slammed|critici[sz]ed|deplored)\s+(?:that\s+)?)?"
    r"(?:the|this|that|these|those|"
    r"(?:last night|(?:mon|tues|wednes|thurs|fri|satur|sun)day)['’]s)\s+"
    r"(?:(?!(?:second|third|new|fresh|further|other|next)\b)[\w-]+\s+){0,2}?"
    r"(?:attacks?|strikes?|air ?strikes?|raids?|bombings?|assaults?|"
    r"shelling|blasts?|explosions?|operation|incidents?)\b",
    re.I,
)

# who did it, of a strike already told: "TTP claimed responsibility for the attack", "our
# fighters carried out the attack", "was behind Saturday's strike" (not a denial right before
# the verb, "denied it carried out the attack", "has not claimed the attack"; nor a new one,
# "carried out the first air strikes on")
_OWNED_RE = re.compile(
    r"(?<!\bnot )(?<!\bnever )(?<!\bdenied it )(?<!\bdenies it )(?<!\bdenied having )"
    r"\b(?:carried out|claimed(?: responsibility for)?|(?:was|were) behind|responsible for)\s+"
    r"(?:the|this|these|those|(?:mon|tues|wednes|thurs|fri|satur|sun)day['’]s)\s+"
    r"(?:(?!first|second|new|fresh|further|more|additional|renewed|another|latest)"
    r"[\w-]+\s+){0,2}?"
    r"(?:attacks?|strikes?|air ?strikes?|raids?|bombings?|assaults?|blasts?)\b", re.I)


@dataclass
class Draft:
    """One strike as read so far: the names the model gave, and the sentences that say it."""

    attackers: list[str]
    targets: list[str]
    places: list[str]
    sentences: list[int] = field(default_factory=list)
    separate: bool = False  # its sentence opens "In a separate development", "Elsewhere", ...
    restates: bool = False  # its subject is "the attack", "Sunday's strike", ...
    fresh: bool = False  # "a Turkish strike hit one of its ambulances": a strike not met before
    owns: bool = False  # "TTP claimed responsibility for the attack": who did one told before
    echo: bool = False  # "Iran condemned the strikes": a reaction to one told before


# "since Russia's invasion began in February": the start of a period, no date of a strike
# (but "since a strike on a market in May killed 12" names another strike)
_SINCE_RE = re.compile(r"\bsince\b(?![^,;.]*\b(?:strike|struck|attack|raid|bomb|shell|hit|kill))"
                       r"[^,;.]*", re.I)


def _separate(sentence: str) -> bool:
    """The sentence marks its strike as another one ("Elsewhere", "In March", "an attack
    on another ship"); a period's start ("since the war began in February") marks none."""
    return bool(_SEPARATE_RE.match(_SINCE_RE.sub("", _INITIALS_RE.sub(r"\1", sentence))))


def draft_of(strike: StrikeOut, sentences: list[Span], i: int, targets_here: list[str],
             rule: str = "event.model") -> Draft | None:
    """Sentence ``i``'s strike as the model (or ``rule``, for a strike the words report)
    read it, after the target, place and attacker rules."""
    at = sentences[i]
    sentence, context = at.quote, context_of(sentences, i)
    target, place = target_and_place(strike, sentence, context, at)
    attacker = attacker_of(strike, sentence, context, target, targets_here, at)
    if place and attacker and own_place(place, attacker, sentence):
        trace.note(strike, "place", "place.attacker_own_country", place, "drop", at, place)
        place = ""
    if not target and not attacker:
        trace.note(strike, "event", "event.nothing_named", strike.target, "drop", at)
        return None
    draft = Draft([attacker] if attacker else [], [target] if target else [],
                  [place] if place else [], [i], _separate(sentence),
                  bool(_RESTATES_RE.match(sentence)), fresh=bool(_FRESH_RE.search(sentence)),
                  owns=bool(_OWNED_RE.search(sentence)), echo=echoes_a_strike(sentence))
    trace.note(strike, "event", rule, target or attacker, "make", at)
    trace.rebind(strike, draft)
    return draft
