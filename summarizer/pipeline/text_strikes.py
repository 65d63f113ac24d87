"""Strikes that a sentence's own words report beside the model's answer: the attack another
strike answers, a side's claim of a strike, "X's attacks on Y"."""

from __future__ import annotations

import re

from summarizer.models import Span
from summarizer.normalize.geo import country_code
from summarizer.pipeline.attackers import attacker_ok
from summarizer.pipeline.draft import Draft, draft_of
from summarizer.pipeline.merging import similar
from summarizer.pipeline.names import ANSWERS
from summarizer.pipeline.places import TIME_RE
from summarizer.pipeline.planning import StrikeOut

# "ordered in response to a drone attack carried out by X, ..., which injured three U.S.
# service members": the attack that provoked the strike is an event of its own, which a small
# model folds into the sentence's main strike
_PROVOKING_RE = re.compile(
    rf"\b(?:{ANSWERS}|after|following)\s+"
    r"(?P<attack>an?|the)\s+(?:deadly\s+|recent\s+|earlier\s+)?(?:drone|rocket|missile|suicide|bomb)\s+"
    r"(?:attack|strike)s?\s+(?:carried\s+out\s+|launched\s+)?by\s+(?:the\s+)?"
    r"(?P<who>[A-Z][^,;.]{1,60}?)(?:,[^,;]{1,80})?,?\s+(?:which|that)\s+"
    r"(?:killed|injured|wounded)\s+(?P<victims>(?:\b[A-Z]\.|[^,;.]){3,80})")


def provoking_strike(sentence: str, answered: list[StrikeOut]) -> tuple[StrikeOut, str] | None:
    """The provoking attack a sentence names, unless the model already listed its attacker,
    and the words that describe it ("a drone attack carried out by X")."""
    m = _PROVOKING_RE.search(sentence)
    if m is None or any(similar(m.group("who"), s.attacker) for s in answered):
        return None
    return (StrikeOut(attacker=m.group("who"), target=m.group("victims"), place=""),
            sentence[m.start("attack"):m.end("who")])


# "while its ally the Crimson Brigade said it had targeted an airbase": a side's own claim of a
# strike, which a small model misses inside a longer sentence
_CLAIMED_RE = re.compile(
    r"(?P<who>[A-Z][\w'’ -]{1,60}?)\s+(?:said|says|claimed)\s+(?:that\s+)?(?:it|they)\s+"
    r"(?:had\s+|has\s+|have\s+)?(?:targeted|struck|attacked|hit|shelled|bombed)\s+"
    r"(?P<target>[^,;:.“”\"]{3,80})")


def claimed_strike(sentence: str, answered: list[StrikeOut]) -> StrikeOut | None:
    """A side's claim of a strike in the sentence, when the model listed no strike by it."""
    m = _CLAIMED_RE.search(sentence)
    if m is None:
        return None
    who = re.findall(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*", m.group("who"))[-1]
    who = re.sub(r"^(?:The|A|An)\s+", "", who)
    target = m.group("target").strip()
    if (" " not in who and not country_code(who, fuzzy=False) and who.lower().rstrip("s") in
            {"official", "spokesman", "spokesperson", "source", "witness", "resident", "the"}):
        return None  # "Officials said they had hit...": a speaker, not a side
    if any(similar(who, s.attacker) for s in answered) or not attacker_ok(who, sentence, "",
                                                                             target):
        return None
    return StrikeOut(attacker=who, target=target, place="")


# "after Iran's weekend attacks on Israel": a strike named as a possessive noun phrase, which a
# small model passes over when the sentence is about something else
_POSSESSIVE_STRIKE_RE = re.compile(
    r"(?<![\w-])(?P<who>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})['’]s\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:air ?strikes?|strikes?|attacks?|raids?|bombing|shelling|missile attacks?|"
    r"drone attacks?)\s+(?:on|against)\s+(?P<target>(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})")


def possessive_strike(sentence: str, answered: list[StrikeOut]) -> StrikeOut | None:
    """"X's attacks on Y" when the model listed no strike in the sentence."""
    if answered or not (m := _POSSESSIVE_STRIKE_RE.search(sentence)):
        return None
    if TIME_RE.search(m.group("who")):
        return None  # "Monday's attack on Kessa": when, not who
    return StrikeOut(attacker=m.group("who"), target=m.group("target"), place="")


def text_drafts(answered: list[StrikeOut], sentences: list[Span], i: int) -> list[Draft]:
    """The strikes that sentence ``i``'s own words report beside the model's ``answered``
    ones: the attack a strike answers, a side's claim, "X's attacks on Y"."""
    sentence = sentences[i].quote
    out: list[Draft] = []
    if (provoking := provoking_strike(sentence, answered)) and (
            draft := draft_of(provoking[0], sentences, i, [provoking[0].target],
                              "event.provoking_attack")):
        draft.restates = False  # the sentence's subject is the other strike
        draft.phrase = provoking[1]
        draft.provoking = True
        out.append(draft)
    claimed, rule = claimed_strike(sentence, answered), "event.claimed_by_side"
    if claimed is None:
        claimed, rule = possessive_strike(sentence, answered), "event.possessive_strike"
    if claimed and (draft := draft_of(claimed, sentences, i, [claimed.target], rule)):
        out.append(draft)
    return out
