"""Where a strike was: the model's place after the place rules, and the event's location.

A 1.5B model puts the speaker ("U.S. Central Command"), a time ("early March"), the
dateline ("Dubai, United Arab Emirates —"), the owner of the target ("Iran's Revolutionary
Guard"), the attacker's own country or a country that only acts ("Iran vowed to respond")
in the place slot; each rule below drops one of these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from summarizer import trace
from summarizer.lexicon import MONTHS, VESSELS, WATERS, WEEKDAYS, alternation
from summarizer.models import Event, Location, Span
from summarizer.normalize.actor_names import table_canon
from summarizer.normalize.actors import side_of
from summarizer.normalize.geo import (
    capitalised_runs,
    countries_in,
    country_code,
    country_name,
    country_of_place,
    country_of_place_with_rule,
    most_named_country,
    town_of_another_country,
)
from summarizer.normalize.sentences import split_sentences
from summarizer.pipeline.names import DATELINE_RE, is_empty, origin_only, strike_phrase, tokens
from summarizer.pipeline.planning import StrikeOut, is_strike_sentence
from summarizer.pipeline.targets import target_of

_LOCATIVE_RE = re.compile(r"\b(?:in|at|near|outside|base|camp|barracks|airport|headquarters|"
                          r"province|region|district|city|town|village)\b", re.I)
_ORG_WORDS_RE = re.compile(
    r"\b(corps|guards?|army|forces|brigades?|party|ministry|council|command|militia|group)\b", re.I
)


def _is_country(target: str, sentence: str) -> bool:
    """'a strike in Syria': Syria is where, not whom. A city ("Ganja") is a target, and so is
    a country the sentence says was hit ("attacks on Israel")."""
    name = target.strip()
    if " " in name or not name[:1].isupper() or not country_code(name, fuzzy=False):
        return False
    return not re.search(rf"\b(?:on|against|at|toward|towards|hit|struck|attacked|targeted)\s+"
                         rf"(?:the\s+)?{re.escape(name)}\b", sentence)


TIME_RE = re.compile(
    r"\b(?:early|late|mid|last|next|this|morning|evening|night|overnight|yesterday|today|week|"
    rf"month|year|{alternation(MONTHS, WEEKDAYS)[3:-1]})\b", re.I)


# words of a clause, not of a place's name ("what the group has said is a response to ...")
_CLAUSE_WORDS = frozenset({"is", "was", "are", "were", "has", "have", "had", "said", "says",
                           "died", "killed", "according", "what", "which", "who", "launched",
                           "fired", "struck", "hit", "attacked", "targeted", "after", "as",
                           "when", "while", "where", "from"})


def _long_place(place: str) -> bool:
    """A long answer that still names a place: a place the gazetteer knows, in a phrase
    with no clause ("Khost and Paktika provinces near the border separating the two
    countries"; not "what the group has said is a response to the war in the Gaza Strip")."""
    return bool(country_of_place(place)) and not set(
        place.lower().replace(",", " ").split()) & _CLAUSE_WORDS


def _place(answer: str) -> str:
    """The model's place, if it names one: a proper name (not "the area", "south of the
    country"), not a time ("early March"), not a whole clause; of a strike phrase, where it
    says the strike was ("drone attack near Sumy": Sumy)."""
    place = answer.strip()
    if (read := strike_phrase(place)) is not None:
        place = read[1]  # "drone attack near Sumy": where it says the strike was, if anywhere
    if is_empty(place) or (len(place.split()) > 8 and not _long_place(place)) or not re.search(
            r"\b[A-Z]", place):
        return ""
    if TIME_RE.search(place) and not (place_countries(place) and not TIME_RE.fullmatch(
            place.split()[0])):
        return ""
    return place if is_place(place) else ""


def own_place(place: str, attacker: str, sentence: str) -> bool:
    """The attacker's own country, while the sentence names another ("in Kyiv's first air
    strike on Russian soil" is not in Kyiv)."""
    mine = place_countries(place)
    others = [c for c in countries_in(sentence, demonyms=True) if not own_country(c, [attacker])]
    return bool(mine) and all(own_country(c, [attacker]) for c in mine) and bool(others)


# where something is or was hit: "in Iraq", "struck Iran", "hitting Syria", "in northern
# Syria, Iraq, and Iran", "in Saudi Arabia and Iraq", "near the Iran-Iraq border"
_WHERE_WORDS = (r"in|into|inside|across|on|over|at|near|to|from|against|of|throughout|within|"
                r"struck|strik\w+|hit\w*|attack\w*|target\w*|bomb\w*|shell\w*|pound\w*|"
                r"raid\w*|invad\w*")
_LISTED = r"(?:[a-z-]+\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*"
_AS_PLACE = (rf"\b(?i:{_WHERE_WORDS})\s+(?:the\s+)?(?:[a-z-]+\s+)?"
             rf"(?:{_LISTED}(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)){{0,5}}(?:[a-z-]+\s+)?"
             r"(?:[A-Z]\w*-)?")
# "Iran's airfield", "Iran was hit", "Iraq has come under attack", "Ukraine, hit by drones",
# "Iraq condemned the strikes on its soil"
_AS_STRUCK = (r"(?:['’]s\b|\s*,?\s+(?:was|were|is|are|has\s+been|had\s+been|has\s+come\s+under|"
              r"came\s+under|comes\s+under|hit\s+by|struck\s+by)\b|"
              r"\b[^.;]*\b(?:its|their)\s+(?:soil|territory|land)\b)")


# (the strike word the head of its phrase: "Norland's attack helicopters", "Kessa's strike
# aircraft" and "Kessa's offensive positions" are things of that country's)
_NOT_STRIKER = (r"(?!['’]s\s+(?:[\w-]+\s+)?(?:air\s*)?(?:strikes?|attacks?|raids?|bombing|"
                r"shelling|bombardment|offensive|assault)\b(?=\s+(?:on|against|in|at|near|"
                r"targeting|that|which|was|were|killed|hit|struck|and|from)\b|\s*[,.;:)”\"]|"
                r"\s*$))")


def _named_as_place(country: str, text: str) -> bool:
    """The text names ``country`` where something is or was hit ("in Iran", "struck Iran",
    "Iran's airfield", "Iran was hit"), not only as one who speaks or acts ("Iran, along
    with its allies, vowed")."""
    name = rf"(?<!\w){re.escape(country)}(?!\w)"
    if not re.search(name, text):
        return True  # a demonym or an alias: nothing to check here
    # (not "in Israel's strikes on the port": the one who struck)
    name += _NOT_STRIKER
    return bool(re.search(rf"{_AS_PLACE}{name}|{name}{_AS_STRUCK}", text))


def _only_in_dateline(place: str, sentence: str) -> bool:
    """'BANGKOK: A Myanmar military airstrike on a village ...': the dateline says where the
    story was filed, not where the strike hit; a place the sentence names only there is none
    when the sentence names another country ("KYIV (AP) — A Russian missile attack on the
    capital" keeps Kyiv)."""
    m = DATELINE_RE.match(sentence)
    if not m:
        return False
    head = place.split(",")[0].strip().lower()
    rest = sentence[m.end():]
    if head not in m.group(0).lower() or head in rest.lower():
        return False
    filed = {country_code(c, fuzzy=False) for c in place_countries(place)}
    return bool({country_code(c, fuzzy=False) for c in countries_in(rest)} - filed)


def _no_place(place: str, sentence: str) -> str:
    """The rule that reads the model's ``place`` as no place of the strike ('' to keep it):
    a country that only acts, the dateline, or where fire came from (one drop, one note)."""
    if not place:
        return ""
    if country_code(place, fuzzy=False) and not _named_as_place(place, sentence):
        return "place.country_as_actor"
    if _only_in_dateline(place, sentence):
        return "place.dateline"
    return "place.origin" if origin_only(place, sentence) else ""


def target_and_place(strike: StrikeOut, sentence: str, context: str,
                     at: Span) -> tuple[str, str]:
    """The model's target and place after the target and place rules."""
    target, place = strike.target.strip(), _place(strike.place)
    if rule := _no_place(place, sentence):
        trace.note(strike, "place", rule, place, "drop", at, place)
        place = ""
    if place:
        trace.note(strike, "place", "place.model", place, "keep", at, place)
    elif strike.place.strip() and not is_empty(strike.place) and not rule:
        trace.note(strike, "place", "place.not_a_place", strike.place, "drop", at)
    if target and not is_empty(target) and _is_country(target, sentence):
        if not place:
            trace.note(strike, "place", "place.country_named_as_target", target, "set", at, target)
        trace.note(strike, "target", "target.country_is_where", target, "drop", at, target)
        place, target = place or target, ""
    if not place and " in " in target:
        # "port in Hodeida in western Yemen": the target says where it stands
        where = _place(target.split(" in ", 1)[1])
        if where and not _no_place(where, sentence) and where in sentence:
            trace.note(strike, "place", "place.in_target", where, "set", at, where)
            place = where
    target = target_of(strike, target, sentence + " " + context, at) if target else ""
    return target, place


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


def country_target(target: str) -> str | None:
    """'United Arab Emirates (UAE)' as what was hit: a country, hit as a whole."""
    code = country_code(re.sub(r"\s*\([^)]*\)", "", target).strip(), fuzzy=False)
    return country_name(code) if code else None


def is_place(place: str) -> bool:
    """A place names somewhere: not an organisation the model put in the wrong slot ("U.S.
    Central Command" is who said it, not where), unless it says where ("army base near X")."""
    return not _ORG_WORDS_RE.search(place) or bool(_LOCATIVE_RE.search(place))


def own_country(country: str, attackers: list[str]) -> bool:
    """The attacker's own country ("Kyiv's first air strike on Russian soil" is not in Kyiv;
    "Yemen's Houthi group" strikes from Yemen)."""
    code = country_code(country, fuzzy=False)
    return bool(code) and any(
        country_code(a, fuzzy=False) == code
        or any(country_code(c, fuzzy=False) == code for c in countries_in(a, demonyms=True))
        for a in attackers)


# where the contract leaves the country open: at sea, or on a border the text places in none
_NO_COUNTRY_WORDS = frozenset(WATERS) | {"border", "frontier", "boundary"}


def _in_no_country(place: str) -> bool:
    return any(w in _NO_COUNTRY_WORDS for w in tokens(place))


# where a strike is, said outright: "in Somalia", "across Iraq", "struck Syria", "Kessa,
# Chad", "Pakistan's restive northwest" (not a country followed by a name, "the Jordan
# Valley"; not "from", "to", "of": where fire came from, an envoy's posting)
_WHERE_SAID = (r"\b(?i:in|inside|across|throughout|within|struck|strik\w+|hit\w*|attack\w*|"
               r"target\w*|bomb\w*|shell\w*|pound\w*|raid\w*|invad\w*)\s+(?:the\s+)?"
               r"(?:[a-z-]+\s+){0,3}{name}(?![\w-]|\s+[A-Z])|"
               r"\b[A-Z][\w'’-]*,\s+{name}(?![\w-]|\s+[A-Z])|"
               r"{name}['’]s\s+(?:[a-z-]+\s+)?(?i:north|south|east|west|central|province|region|"
               r"border|capital|city|town|village|territory|soil)")


@lru_cache(maxsize=64)
def _countries_said_outright(text: str) -> frozenset[str]:
    """The countries the article names outright as where something is hit, each in a
    sentence that tells a strike (once per article)."""
    named = {n for c in countries_in(text) if (n := country_name(country_code(c, fuzzy=False)
                                                                  or ""))}
    return frozenset(
        n for span in split_sentences(text) if is_strike_sentence(span.quote) for n in named
        if re.search(_WHERE_SAID.replace("{name}", re.escape(n)), span.quote))


@lru_cache(maxsize=64)
def _only_country(text: str) -> str | None:
    """The one country an article names at all, by name or demonym ("an Ethiopian army drone
    strike ... in the Amhara region") or by a whole name of the actors' table ("the
    Kremlin", "Moscow"; not "Washington" of "the Washington Post"); None when it names none
    or several."""
    codes = {c for n in countries_in(text, demonyms=True) if (c := country_code(n, fuzzy=False))}
    for name in set(capitalised_runs(text)):
        canon = table_canon(name)
        code = country_code(canon, fuzzy=False) if canon else None
        codes |= {code} if code else set()
    return country_name(codes.pop()) if len(codes) == 1 else None


# a town of another country named beside the strike's first place: one this big vetoes
# the home country ("Kessa, Sumy"); a smaller one is as often a word read as a town ("a
# militant group called Fano")
_TOWN_ELSEWHERE_PEOPLE = 100_000


def _at_home(places: list[str], text: str, attackers: Sequence[str]) -> str | None:
    """A state's forces striking at home: the one country the article names is the
    attacker's own ("Ethiopian army", "Myanmar military"), and the strike has a place that
    is no town of another country (not "a Russian strike on Sumy")."""
    named = [p for p in places if p]
    one = _only_country(text) if named else None
    code = country_code(one, fuzzy=False) if one else None
    if not code or not any(side_of(a) == code for a in attackers):
        return None
    elsewhere = town_of_another_country(named[0], code) or any(
        town_of_another_country(p, code, _TOWN_ELSEWHERE_PEOPLE) for p in named[1:])
    return None if elsewhere else one


def article_country(places: list[str], text: str, targets: Sequence[str] = (),
                    attackers: Sequence[str] = ()) -> str | None:
    """The country of a strike whose places give none ("the village of Kessa", or no place
    at all): the one country the article names outright as where something is hit, in a
    sentence that tells a strike ("in Somalia", "Kessa, Chad", "Pakistan's northwest"; not
    "talks in Qatar"); none for a strike at sea or on a border, for one on ships that names
    no place, or when its own target or place names another country ("the northern Israeli
    town of Kessa"). Else, for a state's forces striking at home (:func:`_at_home`), their
    country. The cost: a state's strike abroad, in a story that names no other country in
    any way, at a place the gazetteer does not know, is placed at home."""
    if any(_in_no_country(p) for p in places if p) or (
            not any(places) and any(w in VESSELS for t in targets for w in tokens(t))):
        return None
    where = _countries_said_outright(text)
    if not where and (home := _at_home(places, text, attackers)):
        where = frozenset({home})  # "an Ethiopian army drone strike ... in the Amhara region"
    if len(where) != 1:
        return None
    one = next(iter(where))
    own = {country_name(country_code(c, fuzzy=False) or "")
           for c in countries_in(" ".join([*places, *targets]), demonyms=True)}
    return one if own <= {one} else None


def location_of(places: list[str], subject: object = None, at: Span | None = None,
                text: str = "", targets: Sequence[str] = (),
                attackers: Sequence[str] = ()) -> Location:
    """The event's location: its first place the gazetteer or the text knows as one, and the
    countries of its places; each choice is noted on ``subject``."""
    place = next((p for p in places if p and is_place(p)), None)
    trace.note(subject, "place", "place.first_named" if place else "place.none_named", place,
               at=at, words=place)
    names: list[str] = []
    giver = ""  # the place that gave the country (the first with one), for the rule id
    for p in places:
        found = place_countries(p)
        giver = giver or (p if found else "")
        names.extend(c for c in found if c not in names)
    # a place gives the country; a country merely named near the strike (its owner, the
    # speaker's) is not where it was, unless the article says outright it is (below)
    prior = country_of_place_with_rule(giver)[1] == "place.city_in_named_country"
    rule = "country.city_in_named_country" if prior else "country.of_place"
    if not names and (one := article_country(places, text, targets, attackers)):
        names, rule = [one], "country.only_one_in_article"
    trace.note(subject, "country", rule if names else "country.none_named",
               ", ".join(names),
               at=at, words=names[0] if names else None)
    codes = [country_code(n, fuzzy=False) for n in names]
    return Location(
        place=place,
        country=names[0] if names else None,
        country_code=codes[0] if codes else None,
        countries=names,
    )


def in_the_articles_country(subject: object, event: Event, text: str) -> Event:
    """An event at a place that gives no country ("the village of Kessa", a district the
    gazetteer does not know) is put in the country the article names most, when one leads;
    the attackers' own country counts only when the article names no other (a state striking
    at home), since "Russian drones struck Kessa" names the side, not where. Right 31 times
    of 40 on 732 annotated texts; for a strike with no place at all it was wrong as
    often as right, so such a strike keeps none. Applied after the event confidence, which
    was fitted on countries read from the events' own places."""
    loc = event.location
    if loc.country or not loc.place or _in_no_country(loc.place):
        return event
    attackers = [a.name for a in event.attacker]
    own = frozenset(code for c in countries_in(text, demonyms=True)
                    if own_country(c, attackers) and (code := country_code(c, fuzzy=False)))
    one = most_named_country(text, own)
    if one is None:
        return event
    trace.supersede(subject, "country", "country.none_named")
    trace.note(subject, "country", "country.most_named_in_article", one,
               at=event.evidence[0] if event.evidence else None, words=loc.place)
    return event.model_copy(update={"location": loc.model_copy(update={
        "country": one, "country_code": country_code(one, fuzzy=False), "countries": [one]})})

