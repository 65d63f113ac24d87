"""One strike, one event: when a sentence's strike restates one already drafted.

Small models restate one strike sentence after sentence; precision needs this. ``merge``
folds a draft into an earlier one that it restates ("The attack was carried out by..."),
that it only adds a detail to (nobody named, no country), or that is evidently the same
strike (compatible attackers and a similar target, a shared country, or the next sentence).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from summarizer import trace
from summarizer.normalize.actors import actor_kind_guess, is_state_side, same_actor, side_of
from summarizer.normalize.geo import country_code
from summarizer.normalize.places import country_of_place_with_rule
from summarizer.pipeline.draft import Draft
from summarizer.pipeline.names import is_epithet, tokens
from summarizer.pipeline.places import country_target, place_countries
from summarizer.pipeline.targets import GENERIC


def similar(a: str, b: str) -> bool:
    """The same actor, or names alike enough (token-set ratio 80)."""
    if not a or not b:
        return False
    return same_actor(a, b) or fuzz.token_set_ratio(a.lower(), b.lower()) >= 80


def _allies(a: str, b: str) -> bool:
    """Attackers of one side: similar names, or one side named two ways ("Indian Army
    troops" / "India", "Taliban gunmen" / "Taliban fighters"); never two states' forces,
    however alike their names ("Iraqi forces" / "Iranian forces")."""
    side_a, side_b = side_of(a), side_of(b)
    if is_state_side(side_a) and is_state_side(side_b):
        return side_a == side_b
    return (side_a is not None and side_a == side_b) or similar(a, b)


def _countries(draft: Draft) -> set[str]:
    """Where the draft's strike was: its places' countries, or a country it hit."""
    found = {c for p in draft.places for c in place_countries(p)}
    return found or {c for t in draft.targets if (c := country_target(t))}


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


# the gazetteer's readings of a place that name a town or city, and a province, state or
# region
_TOWN_RULES = frozenset({"place.city", "place.city_in_named_country"})
_REGION_RULES = frozenset({"place.region", "place.subdivision", "place.named_region_decides"})


def _gazetteer_names(draft: Draft, rules: frozenset[str]) -> set[str]:
    """The names the draft's places give, as the gazetteer reads them with one of ``rules``
    ("the eastern Nangarhar province" -> "nangarhar")."""
    found = set()
    for p in draft.places:
        _, rule, at = country_of_place_with_rule(p)
        if at and rule in rules:
            found.add(p[at[0]:at[1]].lower())
    return found


def _towns(draft: Draft) -> set[str]:
    """The gazetteer towns and cities the draft's places name ("Khan Younis", "Jenin", the
    "Mykolaiv region": a day report's strikes region by region are one event each)."""
    return _gazetteer_names(draft, _TOWN_RULES)


def _regions_apart(old: Draft, new: Draft) -> bool:
    """Both drafts are placed in a province or region and the two share none, nor does
    either's place name the other's ("Kunduz province", then "Giro district of the eastern
    Ghazni province": a round-up's strikes, province by province; not "the Kurdistan
    region", then "Sinjar in the Iraqi Kurdistan region")."""
    mine, theirs = _gazetteer_names(old, _REGION_RULES), _gazetteer_names(new, _REGION_RULES)
    if not (mine and theirs) or mine & theirs:
        return False
    old_places = " ".join(old.places).lower()
    new_places = " ".join(new.places).lower()
    return not (any(r in new_places for r in mine) or any(r in old_places for r in theirs))


def _apart(old: Draft, new: Draft) -> bool:
    """Different attackers, or located in different countries or different towns ("Kyiv",
    then "the southern Mykolaiv region": one barrage's strikes, one event per place, as
    analysts code them), whoever struck: different strikes."""
    a_new, a_old = _named(new.attackers), _named(old.attackers)
    if a_new and a_old and not _allies(a_new, a_old):
        return True
    c_new, c_old = _countries(new), _countries(old)
    if c_new and c_old and not c_new & c_old:
        return True
    # (not the same target told again: "the bodies ... were taken to a hospital in X")
    if any(similar(t, u) for t in new.targets for u in old.targets):
        return False
    towns_new, towns_old = _towns(new), _towns(old)
    if _regions_apart(old, new):
        return True
    return bool(towns_new and towns_old and not towns_new & towns_old) or (
        not _adjacent(old, new) and _places_apart(old, new))


# words of a place that name none ("the capital", "a village in the north", "the refugee
# camp", "Kharkiv oblast")
_NO_PLACE_WORDS = frozenset({"capital", "city", "town", "village", "villages", "region",
                             "area", "areas", "province", "district", "country", "border",
                             "outskirts", "near", "north", "south", "east", "west", "northern",
                             "southern", "eastern", "western", "central", "northeast",
                             "northwest", "southeast", "southwest", "coast", "port", "camp",
                             "refugee", "oblast", "governorate", "neighbourhood",
                             "neighborhood", "suburbs"})


def _place_words(draft: Draft) -> set[str]:
    """The words of the draft's places that name a place below a country: no country or
    its adjective ("southern Lebanon", "the Ukrainian capital"), no generic word, a
    possessive and an Arabic article dropped ("Odesa's port", "al-Mawasi")."""
    found = set()
    for place in draft.places:
        if country_code(place, fuzzy=False):
            continue
        for w in tokens(place):
            w = w.removesuffix("'s").removesuffix("’s")
            w = w[3:] if w.startswith(("al-", "el-")) else w
            if w not in _NO_PLACE_WORDS and not country_code(w, fuzzy=False):
                found.add(w)
    return found


def _places_apart(old: Draft, new: Draft) -> bool:
    """Both drafts name a place below a country and their places share no word ("Izium",
    then "a village near Kupiansk"): a day report's strikes told place by place."""
    words_old, words_new = _place_words(old), _place_words(new)
    return bool(words_old and words_new and not words_old & words_new)


def _specific(targets: list[str]) -> bool:
    """Some target names a thing, not only "12 people" or "civilians"."""
    return any(w not in GENERIC for t in targets for w in tokens(t) if len(w) >= 4)


def _another_of_the_side(old: Draft, new: Draft) -> bool:
    """The same attacker's other strike: "a strike hit" something not hit before."""
    return bool(new.fresh and new.targets and _specific(old.targets)) and not any(
        similar(t, u) for t in new.targets for u in old.targets)


def _same_strike(old: Draft, new: Draft) -> str:
    """The rule that reads ``new`` as the strike ``old`` ('' when it is another): compatible
    attackers and a similar target, a shared country, or a country left open; never a
    sentence that marks itself separate ("Elsewhere", "Last time", "In May")."""
    if (new.separate and not set(new.sentences) & set(old.sentences)) or _apart(old, new):
        return ""
    a_new, a_old = _named(new.attackers), _named(old.attackers)
    if a_new and a_old:
        return "" if _another_of_the_side(old, new) else "event.same_attacker"
    t_new = _first(new.targets)
    if any(similar(t_new, t) for t in old.targets):
        return "event.similar_target"
    c_new, c_old = _countries(new), _countries(old)
    if _adjacent(old, new) and not (c_new and c_old):
        return "event.next_sentence"
    # one side unnamed, or nobody: a shared country
    return "event.shared_country" if c_new & c_old else ""


def _latest_before(drafts: list[Draft], new: Draft) -> Draft | None:
    """The strike reported last before ``new``'s sentence."""
    first = min(new.sentences)
    before = [d for d in drafts if min(d.sentences) < first]
    return max(before, key=lambda d: max(x for x in d.sentences if x < first)) if before else None


def _restated(drafts: list[Draft], new: Draft) -> Draft | None:
    """The latest earlier strike that ``new`` ("The attack was carried out by...") refers
    back to, when it is in the same country or a country is left open; a claim of it ("TTP
    claimed responsibility for the attack") only when no other side did that strike
    ("Pakistani aircraft carried out the attack" is not the Taliban's strike told before)."""
    if not (new.restates or new.owns) or new.separate or (
            last := _latest_before(drafts, new)) is None:
        return None
    a_new, a_old = _named(new.attackers), _named(last.attackers)
    if not new.restates and ((a_new and a_old and not _allies(a_new, a_old)) or (
            new.places and last.places
            and not {w for p in new.places for w in tokens(p)}
            & {w for p in last.places for w in tokens(p)})):
        return None  # another side's strike, or one somewhere else
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
    if new.echo and not new.separate and (last := _latest_before(drafts, new)):
        # only its sentences: its names are its speaker's side, home and words, not the strike's
        last.sentences.extend(x for x in new.sentences if x not in last.sentences)
        trace.note(new, "event", "event.reaction_to_earlier",
                   "sentence " + ", ".join(map(str, new.sentences)), "merge")
        trace.rebind(new, last)
        return
    restated = _restated(drafts, new)
    rule = "event.restates_earlier" if new.restates else "event.claims_earlier"
    if restated is None:
        restated, rule = _orphan_of(drafts, new), "event.detail_of_earlier"
    for d in ([restated] if restated else drafts):
        if d is not restated:
            rule = _same_strike(d, new)
        if rule:
            _fold(d, new, restated is d)
            said = "sentence " + ", ".join(map(str, new.sentences))
            trace.note(new, "event", rule, said, "merge")
            trace.rebind(new, d)
            return
    drafts.append(new)


def _fold(d: Draft, new: Draft, restated: bool) -> None:
    """Add ``new``'s names, places and sentences to ``d``."""
    attackers = new.attackers
    if restated and _named(d.attackers):  # "carried out by F-16s": not a new side
        attackers = [a for a in attackers if any(_allies(a, b) for b in d.attackers)]
    for src, dst in ((attackers, d.attackers), (new.targets, d.targets),
                     (new.places, d.places)):
        dst.extend(x for x in src if x and x not in dst)
    d.sentences.extend(x for x in new.sentences if x not in d.sentences)


def name_the_group(draft: Draft, earlier: list[Draft]) -> None:
    """A strike whose attacker is a group described ("The Iran-backed group said it launched
    rockets") is the armed group named as the attacker of a strike in the two sentences
    before it (Hezbollah), unless that group is what this strike hit."""
    if len(draft.attackers) != 1 or not is_epithet(draft.attackers[0]) or not draft.sentences:
        return
    here = min(draft.sentences)
    named = [a for d in earlier if any(0 < here - i <= 2 for i in d.sentences)
             for a in d.attackers if actor_kind_guess(a) == "armed_group" and not is_epithet(a)]
    hit = " ".join(draft.targets).lower()
    if named and not any(w in hit for w in tokens(named[-1])):
        trace.note(draft, "attacker", "attacker.a_group_described", named[-1], "set")
        draft.attackers = [named[-1]]
