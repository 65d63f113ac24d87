"""Strikes: from the model's per-sentence answers to events.

Three steps, in this order:
1. ``draft_of`` reads one answer of one sentence into a draft (attacker, target, place),
   applying each target rule and the attacker rules (``attackers.attacker_ok``).
2. ``merge`` folds a draft into an earlier one when it restates the same strike.
3. ``event_of`` builds the contract's Event from a draft: counts from figure phrases,
   weapon, attribution, location, date, retaliation and evidence spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from rapidfuzz import fuzz

from summarizer.models import Actor, Count, Event, Location, Span
from summarizer.normalize.actors import actor_kind_guess, same_actor
from summarizer.normalize.counts import casualties, combine
from summarizer.normalize.cues import attribution_of, target_kind_of, weapon_of
from summarizer.normalize.dates import full_date_in
from summarizer.normalize.geo import countries_in, country_code, country_name, country_of_place
from summarizer.pipeline.attackers import attacker_ok, blamed_on, is_the_target, named_as_struck
from summarizer.pipeline.names import (
    adjective_attacker,
    clean_attacker,
    in_text,
    is_empty,
    tokens,
    with_country,
)
from summarizer.pipeline.names import without_weapon_words as _bare
from summarizer.pipeline.planning import StrikeOut, context_of
from summarizer.reader import Article

# the words that say a strike answers another attack ("in retaliation for", "to avenge")
_ANSWERS = (r"in response to|in retaliation (?:for|against)|retaliat\w+ (?:for|against)|"
            r"in the wake of|to avenge")
_RETALIATION_RE = re.compile(
    rf"\b(?:{_ANSWERS}|after)\s+((?:an?|the)\s+[^,.;]*?(?:attack|strike|killing|bombing)[^,.;]*)",
    re.I,
)
_SEPARATE_RE = re.compile(
    r"^\W*(in an?(other| separate) (development|incident|attack)|separately|elsewhere|"
    r"last time|previously|in a previous|earlier this (?:month|year)|in (?:January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\b|"
    r"[^.;]*\b(?:in (?:early |late |mid-)?(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December)|last (?:month|year)|in (?:19|20)\d\d)\b|"
    r"meanwhile|in another|[^.;]*\b(?:on|against|at) another)\b",
    re.I,
)
_INITIALS_RE = re.compile(r"\b([A-Z])\.")  # "U.S." would end the clause at its dots
# "a Turkish strike hit one of its ambulances": a strike not reported before
_FRESH_RE = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:air ?strike|strike|raid|attack)\s+"
                       r"(?:hit|struck|killed|destroyed)\b", re.I)
# a sentence whose subject is a definite reference to a strike ("The attack was carried out
# by...", "Officials said the strike hit...", "Sunday's raid killed...", "The UN condemned the
# deadly air strike") restates one already
# reported: it adds a detail (a toll, a weapon, a source, a place) to it, not a new event
_RESTATES_RE = re.compile(
    r"^\W*(?:[^.;]{0,80}?\b(?:said|says|added|noted|reported|confirmed|told \S+|condemned|"
    r"denounced|slammed|critici[sz]ed|deplored)\s+(?:that\s+)?)?"
    r"(?:the|this|that|these|those|"
    r"(?:last night|(?:mon|tues|wednes|thurs|fri|satur|sun)day)['’]s)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|air ?strikes?|raids?|bombings?|assaults?|"
    r"shelling|blasts?|explosions?)\b",
    re.I,
)
_LOCATIVE_RE = re.compile(r"\b(?:in|at|near|outside|base|camp|barracks|airport|headquarters|"
                          r"province|region|district|city|town|village)\b", re.I)
_GENERIC = {"people", "forces", "troops", "civilians", "members", "targets", "sites", "area",
            "areas", "positions", "three", "several", "other", "with", "from", "that"}
_ORG_WORDS_RE = re.compile(
    r"\b(corps|guards?|army|forces|brigades?|party|ministry|council|command|militia|group)\b", re.I
)


@dataclass
class Draft:
    """One strike as read so far: the names the model gave, and the sentences that say it."""

    attackers: list[str]
    targets: list[str]
    places: list[str]
    sentences: list[int] = field(default_factory=list)
    separate: bool = False  # its sentence opens "In a separate development", "Elsewhere", ...
    restates: bool = False  # its subject is "the attack", "Sunday's strike", ...
    phrase: str = ""  # the words that describe it, when its sentence reports another strike
    fresh: bool = False  # "a Turkish strike hit one of its ambulances": a strike not met before
    provoking: bool = False  # the attack another strike answers: the toll after it is its own


# --- 1. one answer -> a draft --------------------------------------------------------------


def _separate(sentence: str) -> bool:
    """The sentence marks its strike as another one ("Elsewhere", "In March", "an attack
    on another ship")."""
    return bool(_SEPARATE_RE.match(_INITIALS_RE.sub(r"\1", sentence)))


def _is_country(target: str, sentence: str) -> bool:
    """'a strike in Syria': Syria is where, not whom. A city ("Ganja") is a target, and so is
    a country the sentence says was hit ("attacks on Israel")."""
    name = target.strip()
    if " " in name or not name[:1].isupper() or not country_code(name, fuzzy=False):
        return False
    return not re.search(rf"\b(?:on|against|at|toward|towards|hit|struck|attacked|targeted)\s+"
                         rf"(?:the\s+)?{re.escape(name)}\b", sentence)


_TIME_RE = re.compile(
    r"\b(?:early|late|mid|last|next|this|morning|evening|night|overnight|yesterday|today|week|"
    r"month|year|January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I)


def _place(answer: str) -> str:
    """The model's place, if it names one: a proper name (not "the area", "south of the
    country"), not a time ("early March"), not a whole clause."""
    place = answer.strip()
    if is_empty(place) or len(place.split()) > 8 or not re.search(r"\b[A-Z]", place):
        return ""
    if _TIME_RE.search(place) and not (place_countries(place) and not _TIME_RE.fullmatch(
            place.split()[0])):
        return ""
    return place if _is_place(place) else ""


_DATELINE_AT_START_RE = re.compile(r"^\W*([A-Z][\w .'’-]{1,40}(?:,\s*[A-Z][\w .'’-]{1,40})?)"
                                   r"\s*(?:—|–|-{1,2}|:)\s")


def _in_dateline(place: str, sentence: str) -> bool:
    """'Dubai, United Arab Emirates — A ship ...': where the report was filed, not the strike."""
    m = _DATELINE_AT_START_RE.match(sentence)
    if m is None:
        return False
    return place.lower() in m.group(1).lower() and place.lower() not in sentence[m.end():].lower()


def _own_place(place: str, attacker: str, sentence: str) -> bool:
    """The attacker's own country, while the sentence names another ("in Kyiv's first air
    strike on Russian soil" is not in Kyiv)."""
    mine = place_countries(place)
    others = [c for c in countries_in(sentence, demonyms=True) if not _own(c, [attacker])]
    return bool(mine) and all(_own(c, [attacker]) for c in mine) and bool(others)


def _target(answer: str, text: str) -> str:
    """The model's target, unless it is empty, absent from the text or only the strike."""
    target = answer.strip()
    if is_empty(target) or not in_text(target, text):
        return ""
    if not _bare(target).replace("air", "").strip():
        return ""  # "deadly overnight air strike" is the strike, not its target
    return target


def _attacker(strike: StrikeOut, sentence: str, context: str, target: str,
              targets_here: list[str]) -> str:
    """The model's attacker after the attacker rules, else the one a weapon's adjective
    names ("a Turkish drone")."""
    attacker = with_country(clean_attacker(strike.attacker), sentence + " " + context,
                            demonyms=True)
    if attacker and not country_code(attacker, fuzzy=False) and named_as_struck(
            attacker, strike.target, targets_here):
        attacker = ""
    if attacker and not attacker_ok(attacker, sentence, context, target):
        attacker = ""
    if not attacker and (named := adjective_attacker(sentence)) and not is_the_target(
            named, target):
        attacker = named
    return attacker


def _target_and_place(strike: StrikeOut, sentence: str, context: str) -> tuple[str, str]:
    """The model's target and place after the target and place rules."""
    target, place = strike.target.strip(), _place(strike.place)
    if target and not is_empty(target) and _is_country(target, sentence):
        place, target = place or target, ""
    elif target[:1].isupper() and not place and " " not in target and country_of_place(target):
        place = target  # "struck Ganja": the city is both what was hit and where
    target = _target(target, sentence + " " + context) if target else ""
    if place and (_in_dateline(place, sentence) or _only_possessor(place, sentence)
                  or (_in_dateline(place, context) and place.lower() not in sentence.lower())):
        place = ""
    return target, place


def _only_possessor(place: str, sentence: str) -> bool:
    """'targeted Iran's Revolutionary Guard', 'Iran-backed militias': Iran owns what was hit;
    the sentence does not say the strike was in Iran."""
    hits = list(re.finditer(rf"(?<!\w){re.escape(place)}(?!\w)", sentence))
    return bool(hits) and all(sentence[m.end():m.end() + 2] in ("'s", "’s")
                              or sentence[m.end():m.end() + 1] == "-" for m in hits)


def draft_of(strike: StrikeOut, sentences: list[Span], i: int,
             targets_here: list[str]) -> Draft | None:
    """Sentence ``i``'s strike as the model read it, after the target and attacker rules."""
    sentence, context = sentences[i].quote, context_of(sentences, i)
    target, place = _target_and_place(strike, sentence, context)
    attacker = _attacker(strike, sentence, context, target, targets_here)
    if place and attacker and _own_place(place, attacker, sentence):
        place = ""
    if not target and not attacker:
        return None
    return Draft([attacker] if attacker else [], [target] if target else [],
                 [place] if place else [], [i], _separate(sentence),
                 bool(_RESTATES_RE.match(sentence)), fresh=bool(_FRESH_RE.search(sentence)))


# "ordered in response to a drone attack carried out by X, ..., which injured three U.S.
# service members": the attack that provoked the strike is an event of its own, which a small
# model folds into the sentence's main strike
_PROVOKING_RE = re.compile(
    rf"\b(?:{_ANSWERS}|after|following)\s+"
    r"(?P<attack>an?|the)\s+(?:deadly\s+|recent\s+|earlier\s+)?(?:drone|rocket|missile|suicide|bomb)\s+"
    r"(?:attack|strike)s?\s+(?:carried\s+out\s+|launched\s+)?by\s+(?:the\s+)?"
    r"(?P<who>[A-Z][^,;.]{1,60}?)(?:,[^,;]{1,80})?,?\s+(?:which|that)\s+"
    r"(?:killed|injured|wounded)\s+(?P<victims>(?:\b[A-Z]\.|[^,;.]){3,80})")


def provoking_strike(sentence: str, answered: list[StrikeOut]) -> tuple[StrikeOut, str] | None:
    """The provoking attack a sentence names, unless the model already listed its attacker,
    and the words that describe it ("a drone attack carried out by X")."""
    m = _PROVOKING_RE.search(sentence)
    if m is None or any(_similar(m.group("who"), s.attacker) for s in answered):
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
    if any(_similar(who, s.attacker) for s in answered) or not attacker_ok(who, sentence, "",
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
    if _TIME_RE.search(m.group("who")):
        return None  # "Monday's attack on Kessa": when, not who
    return StrikeOut(attacker=m.group("who"), target=m.group("target"), place="")


def text_drafts(answered: list[StrikeOut], sentences: list[Span], i: int) -> list[Draft]:
    """The strikes that sentence ``i``'s own words report beside the model's ``answered``
    ones: the attack a strike answers, a side's claim, "X's attacks on Y"."""
    sentence = sentences[i].quote
    out: list[Draft] = []
    if (provoking := provoking_strike(sentence, answered)) and (
            draft := draft_of(provoking[0], sentences, i, [provoking[0].target])):
        draft.restates = False  # the sentence's subject is the other strike
        draft.phrase = provoking[1]
        draft.provoking = True
        out.append(draft)
    claimed = claimed_strike(sentence, answered) or possessive_strike(sentence, answered)
    if claimed and (draft := draft_of(claimed, sentences, i, [claimed.target])):
        out.append(draft)
    return out


# --- 2. merging restatements ----------------------------------------------------------------


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return False
    return same_actor(a, b) or fuzz.token_set_ratio(a.lower(), b.lower()) >= 80


def _place_country(place: str) -> str | None:
    if not place:
        return None
    code = country_code(place, fuzzy=False) or (
        country_code(c) if (c := country_of_place(place)) else None
    )
    return country_name(code) if code else None


def place_countries(place: str) -> list[str]:
    """'Iraq and Syria' -> both; 'Aleppo' -> Syria."""
    named = countries_in(place)
    if len(named) > 1:
        return [n for n in (country_name(c) for c in named) if n]
    one = _place_country(place)
    return [one] if one else []


def _country_target(target: str) -> str | None:
    """'United Arab Emirates (UAE)' as what was hit: a country, hit as a whole."""
    code = country_code(re.sub(r"\s*\([^)]*\)", "", target).strip(), fuzzy=False)
    return country_name(code) if code else None


def _countries(draft: Draft) -> set[str]:
    """Where the draft's strike was: its places' countries, or a country it hit."""
    found = {c for p in draft.places for c in place_countries(p)}
    return found or {c for t in draft.targets if (c := _country_target(t))}


def _shared_head(target: str, others: list[str]) -> bool:
    """'migrant centre' ~ 'Tajoura centre' ~ 'detention centre': a shared content word."""
    words = {w for w in tokens(target) if len(w) >= 4 and w not in _GENERIC}
    return any(words & {w for w in tokens(o) if len(w) >= 4} for o in others)


def _adjacent(old: Draft, new: Draft) -> bool:
    """The same or the next sentence, unless it opens "In a separate development"."""
    return any(i == j or (abs(i - j) == 1 and not new.separate)
               for i in new.sentences for j in old.sentences)


def _first(names: list[str]) -> str:
    return names[0] if names else ""


def _named(attackers: list[str]) -> str:
    """The attacker, if named: "men on small boats" describes someone but names nobody."""
    first = _first(attackers)
    return first if re.search(r"[A-Z]", first) else ""


def _apart(old: Draft, new: Draft) -> bool:
    """Different attackers, or located in different countries: different strikes."""
    a_new, a_old = _named(new.attackers), _named(old.attackers)
    if a_new and a_old and not _similar(a_new, a_old):
        return True
    c_new, c_old = _countries(new), _countries(old)
    return bool(c_new and c_old and not c_new & c_old)


def _specific(targets: list[str]) -> bool:
    """Some target names a thing, not only "12 people" or "civilians"."""
    return any(w not in _GENERIC for t in targets for w in tokens(t) if len(w) >= 4)


def _same_strike(old: Draft, new: Draft) -> bool:
    """Compatible attackers and a similar target, a shared country, or a country left open;
    never a sentence that marks itself separate ("Elsewhere", "Last time", "In May")."""
    if (new.separate and not set(new.sentences) & set(old.sentences)) or _apart(old, new):
        return False
    a_new, a_old = _named(new.attackers), _named(old.attackers)
    if a_new and a_old:
        # the same attacker, in the same country or one left open; "a strike hit" something
        # not hit before is another strike
        return not (new.fresh and new.targets and _specific(old.targets) and not any(
            _similar(t, u) for t in new.targets for u in old.targets))
    t_new = _first(new.targets)
    if any(_similar(t_new, t) for t in old.targets):
        return True
    c_new, c_old = _countries(new), _countries(old)
    if _adjacent(old, new) and not (c_new and c_old):
        return True
    if a_new or a_old:  # one side unnamed: a shared country
        return bool(c_new & c_old)
    return _shared_head(t_new, old.targets)  # nobody named: the target's head word


def add_tolls(drafts: list[Draft], sentences: list[Span], read: set[int]) -> None:
    """A sentence the plan did not read that gives a toll right after an event's sentence
    ("At the moment 13 dead and 52 wounded have been removed from the rubble") is that
    event's evidence."""
    for i, span in enumerate(sentences):
        if i in read or not i or not any(casualties(span.quote)):
            continue
        for d in drafts:
            if i - 1 in d.sentences and i not in d.sentences:
                d.sentences.append(i)
                break


def _latest_before(drafts: list[Draft], new: Draft) -> Draft | None:
    """The strike reported last before ``new``'s sentence."""
    first = min(new.sentences)
    before = [d for d in drafts if min(d.sentences) < first]
    return max(before, key=lambda d: max(x for x in d.sentences if x < first)) if before else None


def _restated(drafts: list[Draft], new: Draft) -> Draft | None:
    """The latest earlier strike that ``new`` ("The attack was carried out by...") refers
    back to, when it is in the same country or a country is left open."""
    if not new.restates or new.separate or (last := _latest_before(drafts, new)) is None:
        return None
    c_new, c_old = _countries(new), _countries(last)
    return last if not (c_new and c_old and not c_new & c_old) else None


def _orphan_of(drafts: list[Draft], new: Draft) -> Draft | None:
    """A strike with nobody named and no country ("drone strikes hit its positions eight
    times") adds a detail to the latest strike before it; it cannot stand as an event."""
    if new.separate or _named(new.attackers) or _countries(new):
        return None
    return _latest_before(drafts, new)


def merge(drafts: list[Draft], new: Draft) -> None:
    """Fold a sentence's strike into an earlier one when it is evidently the same strike.
    Small models restate one strike sentence after sentence; precision needs this."""
    restated = _restated(drafts, new) or _orphan_of(drafts, new)
    for d in ([restated] if restated else drafts):
        if d is restated or _same_strike(d, new):
            attackers = new.attackers
            if d is restated and _named(d.attackers):  # "carried out by F-16s": not a new side
                attackers = [a for a in attackers if any(_similar(a, b) for b in d.attackers)]
            for src, dst in ((attackers, d.attackers), (new.targets, d.targets),
                             (new.places, d.places)):
                dst.extend(x for x in src if x and x not in dst)
            if set(new.sentences) - set(d.sentences):
                d.phrase = ""  # more sentences say it: its weapon and place come from all
            d.sentences.extend(x for x in new.sentences if x not in d.sentences)
            return
    drafts.append(new)


# --- 3. a draft -> an event -------------------------------------------------------------------


def _distinct(names: list[str]) -> list[str]:
    """Drop a name that a longer one restates ('commander X' within 'X, a commander X')."""
    kept: list[str] = []
    for name in sorted((n for n in names if n), key=len, reverse=True):
        if not any(fuzz.partial_ratio(name.lower(), k.lower()) >= 90 for k in kept):
            kept.append(name)
    return [n for n in names if n in kept]


def _is_place(place: str) -> bool:
    """A place names somewhere: not an organisation the model put in the wrong slot ("U.S.
    Central Command" is who said it, not where), unless it says where ("army base near X")."""
    return not _ORG_WORDS_RE.search(place) or bool(_LOCATIVE_RE.search(place))


def _own(country: str, attackers: list[str]) -> bool:
    """The attacker's own country ("Kyiv's first air strike on Russian soil" is not in Kyiv;
    "Yemen's Houthi group" strikes from Yemen)."""
    code = country_code(country, fuzzy=False)
    return bool(code) and any(
        country_code(a, fuzzy=False) == code
        or any(country_code(c, fuzzy=False) == code for c in countries_in(a, demonyms=True))
        for a in attackers)


def _located(draft: Draft, evidence: str) -> tuple[list[str], list[str]]:
    """The draft's places that are not the attacker's own country (when the evidence names
    another), and the evidence's countries, the attacker's own last."""
    named = [n for n in (country_name(c) for c in countries_in(evidence)) if n]
    elsewhere = [n for n in named if not _own(n, draft.attackers)]
    places = [p for p in draft.places
              if not (elsewhere and place_countries(p)
                      and all(_own(c, draft.attackers) for c in place_countries(p)))]
    return places, elsewhere or named


def _location(draft: Draft, evidence: str) -> Location:
    if m := _DATELINE_AT_START_RE.match(evidence):  # where the report was filed
        evidence = evidence[m.end():]
    places, named = _located(draft, evidence)
    place = next((p for p in places if p and _is_place(p)), None)
    names: list[str] = []
    for p in places:
        names.extend(c for c in place_countries(p) if c not in names)
    names = names or named[:2]
    codes = [country_code(n, fuzzy=False) for n in names]
    return Location(
        place=place,
        country=names[0] if names else None,
        country_code=codes[0] if codes else None,
        countries=names,
    )


def _victims_are(attackers: list[str], phrase: str) -> bool:
    """'three American soldiers' are not the casualties of an American strike."""
    for a in attackers:
        code = country_code(a, fuzzy=False)
        if code and any(country_code(c, fuzzy=False) == code
                        for c in countries_in(phrase, demonyms=True)):
            return True
        if re.search(r"\b(u\.?s\.?|us|american)\b", phrase, re.I) and code == "USA":
            return True
        toks = tokens(a)
        if toks and all(t in phrase.lower() for t in toks):
            return True
    return False


# after a figure, these words begin the means or the agent, not more of the victims:
# "was killed near Baghdad airport in a United States drone strike"
_MEANS_RE = re.compile(r"\b(?:in|by|during|after|when|as)\b")
# "26 killed in Pakistan and 10 in Indian-administered Kashmir": where the figure's dead were
_FIGURE_PLACE_RE = re.compile(r"^(?:\s+[a-z][\w-]*){0,4}?\s+in\s+"
                              r"((?:[A-Z][\w'’]*(?:-[\w'’]+)*)(?:\s+[A-Z][\w'’-]*){0,3})\b"
                              # "killed in Russian strikes": the means, not the place
                              r"(?!\s+(?:[\w-]+\s+)?(?:air ?strikes?|strikes?|attacks?|raids?|"
                              r"shelling|bombing|fire)\b)")


def _around(text: str, figure: Any) -> str:
    """The figure's phrase and the words after it that may still describe its victims."""
    tail = text[figure.end:figure.end + 40]
    cut = _MEANS_RE.search(tail)
    return text[figure.start:figure.end] + (tail[:cut.start()] if cut else tail)


def _placed_elsewhere(text: str, figure: Any, starts: list[int], countries: list[str]) -> bool:
    """The figure's dead are placed "in" a country that is not the event's (looking no
    further than the next figure, which ``starts`` give)."""
    if not countries:
        return False
    stop = min((e for e in starts if e > figure.end), default=len(text))
    m = _FIGURE_PLACE_RE.match(text[figure.end:stop])
    if not m:
        return False
    where = countries_in(m.group(1), demonyms=True) or place_countries(m.group(1))
    return bool(where) and not set(where) & set(countries)


# "attacked troops in response to Pakistan's two air strikes that killed eight women": what
# follows is the provoking attack, and so are its dead
_IN_RESPONSE_RE = re.compile(rf"\b(?:{_ANSWERS})\b", re.I)


def _provoking_toll(text: str, figure: Any) -> bool:
    """The figure belongs to the attack this one answers ("in response to X that killed 8"),
    not to a main clause after the phrase ("In retaliation for X, jets struck Y, killing 12")."""
    m = _IN_RESPONSE_RE.search(text)
    if m is None or m.end() > figure.start or ";" in text[m.end():figure.start]:
        return False
    between = text[m.end():figure.start]
    last = between.rfind(",")
    return last < 0 or bool(re.match(r",\s*(?:which|that|who)\b", between[last:]))


def count_of(texts: list[str], kind: Literal["killed", "injured"], attackers: list[str],
             countries: list[str] | None = None, provoking: bool = False) -> Count:
    """The event's ``kind`` figures from its evidence, leaving out its attacker's own losses,
    the dead placed in another country than the event's and (unless the event is itself the
    provoking attack) the dead of the attack it answers."""
    figures: list[Count] = []
    for t in dict.fromkeys(texts):
        killed, injured = casualties(t)
        starts = [f.start for f in killed + injured]
        figures.extend(f.count for f in (killed if kind == "killed" else injured)
                       if not _victims_are(attackers, _around(t, f))
                       and not _placed_elsewhere(t, f, starts, countries or [])
                       and (provoking or not _provoking_toll(t, f)))
    return combine(figures)


def event_of(draft: Draft, sentences: list[Span], article: Article) -> Event:
    """The contract's Event for one merged draft."""
    spans = [sentences[i] for i in sorted(draft.sentences)]
    texts = [s.quote for s in spans]
    joined = " ".join(texts)
    if not any(draft.attackers) and (blamed := blamed_on(joined)):
        draft.attackers = [blamed]
    attackers = [Actor(name=a, kind=actor_kind_guess(a)) for a in draft.attackers if a][:1]
    targets = [Actor(name=t, kind=actor_kind_guess(t)) for t in _distinct(draft.targets)][:2]
    names = [a.name for a in attackers]
    retaliation = _RETALIATION_RE.search(joined)
    scope = draft.phrase or joined  # its weapon and place: its own words
    location = _location(draft, scope)
    return Event(
        attacker=attackers,
        target=targets,
        target_kind=target_kind_of(" ".join(draft.targets) or joined) or "unknown",
        weapon=weapon_of(scope),
        location=location,
        date=next((d for d in map(full_date_in, texts) if d), None),
        attribution=attribution_of(joined, names, context=article.text) if names else "unknown",
        killed=count_of(texts, "killed", names, location.countries, draft.provoking),
        injured=count_of(texts, "injured", names, location.countries, draft.provoking),
        retaliation_for=retaliation.group(1).strip() if retaliation else None,
        evidence=spans,
    )
