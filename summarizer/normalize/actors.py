"""One canonical name per actor across a brief, with the text's other spellings as aliases.

The model names the same side in several ways ("U.S.", "the Pentagon", "US forces") and
sometimes spells one group two ways ("Kataib Hezbollah", "Qatayb Hezbollah"). ``canonicalize``
clusters every actor name of a brief with ``same_actor`` (a small alias table, normalised
equality, then guarded fuzzy similarity) and rewrites each actor to its cluster's name, with
the cluster's other spellings that occur verbatim in the text as aliases.

The fuzzy step is guarded against the false merges that matter in this domain: names that
differ by their country ("Iraqi army" / "Iranian army"), by a number, or by a whole word
("Hezbollah" / "Kataib Hezbollah", "Pakistan" / "Pakistani Taliban") never merge by similarity.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from rapidfuzz import fuzz

from summarizer.models import Actor, ActorKind, Brief, Event
from summarizer.normalize.actor_kinds import actor_kind_guess
from summarizer.normalize.actor_names import (
    ALIASES,
    ARMED_GROUPS,
    countries_named,
    name_key,
    table_canon,
)
from summarizer.normalize.geo import country_code, country_name, is_demonym

__all__ = ["ALIASES", "ARMED_GROUPS", "FUZZY_MIN_CHARS", "FUZZY_RATIO", "actor_kind_guess",
           "canonicalize", "is_state_side", "same_actor", "side_of"]


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_DIGITS_RE = re.compile(r"\d+")
FUZZY_RATIO = 85.0
FUZZY_MIN_CHARS = 6

_TITLES = _words(
    "mr mrs ms dr president prime minister gen general lt col colonel maj major capt captain "
    "sgt spokesman spokeswoman spokesperson secretary sheikh sheik ayatollah king prince emir "
    "commander chief senator sen rep governor foreign defence defense energy interior state "
    "deputy vice"
)

def _close(a: str, b: str) -> bool:
    """Guarded fuzzy equality of two names (spelling variants only)."""
    ka, kb = name_key(a), name_key(b)
    if min(len(ka), len(kb)) < FUZZY_MIN_CHARS:
        return False
    if fuzz.ratio(ka, kb) < FUZZY_RATIO:
        return False
    if countries_named(a) != countries_named(b):
        return False
    if _DIGITS_RE.findall(ka) != _DIGITS_RE.findall(kb):
        return False
    wa, wb = ka.split(), kb.split()
    return len(wa) == len(wb) or abs(len(ka) - len(kb)) <= 2


def _person_core(name: str) -> list[str]:
    words = name_key(name).split()
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    return words


def _same_person(a: str, b: str) -> bool:
    """Names of one person: "Mujahid" / "Mr Zabiullah Mujahid", "President Biden" / "Biden"."""
    wa, wb = _person_core(a), _person_core(b)
    if not wa or not wb or any(w in _TITLES for w in wa + wb):
        return False  # "Defence Minister" / "Foreign Minister": titles alone name nobody
    if wa == wb:
        return True
    short, long_ = sorted((wa, wb), key=len)
    if len(short) != 1 or len(long_) > 4 or short[0] != long_[-1] or len(short[0]) < 3:
        return False
    full = a if len(_person_core(a)) == len(long_) else b
    return actor_kind_guess(full) == "person" and actor_kind_guess(short[0]) != "state"


def same_actor(a: str, b: str) -> bool:
    """True when two names denote the same actor (table, normalised equality, fuzzy)."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    ca, cb = table_canon(a), table_canon(b)
    if ca and cb:
        return ca == cb
    if ca or cb:
        canon, other = (ca, b) if ca else (cb, a)
        assert canon is not None
        return any(_close(s, other) for s in (canon, *ALIASES[canon]))
    return _close(a, b) or _same_person(a, b)


# words that name a state's forces or one of their parts, not another side: "Indian Army
# troops", "Israel's Northern Command", "US Navy ships", "the Israeli enemy" are the state
_FORCE_WORDS = _words(
    "army military forces force armed air navy naval troops soldiers government ministry "
    "defence defense regime police jets warplanes aircraft planes ships warships drones "
    "artillery command special unit units enemy occupation marines administration"
)
# a compass word names a command ("Northern Command"), or a rival side ("eastern Libyan
# forces" are not "Libyan government forces")
_COMPASS = _words("northern southern eastern western central")
# a group's name with its members' word: "Taliban gunmen", "Hezbollah fighter"
_MEMBER_WORDS = _words("gunmen fighters fighter militants militant members member rebels")


def side_of(name: str) -> str | None:
    """The side a name stands for when it names one: an alias-table actor, a state by one
    country and its forces' words, or an armed group by its name and its members' word."""
    canon = table_canon(name)
    words = name_key(name).split()
    if not canon and words and words[-1] in _MEMBER_WORDS:
        canon = table_canon(" ".join(words[:-1]))
        canon = canon if canon in ARMED_GROUPS else None
    if canon:
        return country_code(canon, fuzzy=False) or canon
    if len(words) == 1 and words[0].endswith("s") and is_demonym(words[0][:-1]):
        return next(iter(countries_named(words[0][:-1])), None)  # "the Americans", "Israelis"
    named = countries_named(name)
    if len(named) == 1 and all(
            w in _FORCE_WORDS or country_code(w, fuzzy=False)
            or (w in _COMPASS and words[i + 1:i + 2] == ["command"])
            for i, w in enumerate(words)):
        return next(iter(named))
    return None


class _Clusters:
    """Union-find over spellings that never joins two different table canonicals."""

    def __init__(self, names: Iterable[str]) -> None:
        self.parent: dict[str, str] = {}
        self.canons: dict[str, set[str]] = {}
        for n in names:
            self.parent.setdefault(n, n)
            canon = table_canon(n)
            self.canons.setdefault(n, {canon} if canon else set())

    def find(self, n: str) -> str:
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or len(self.canons[ra] | self.canons[rb]) > 1:
            return
        self.parent[rb] = ra
        self.canons[ra] |= self.canons.pop(rb)


@cache
def _whole(name: str) -> re.Pattern[str]:
    """``name`` as a whole word or phrase, exactly as spelt."""
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def _occurs(name: str, text: str) -> bool:
    return _whole(name).search(text) is not None


def _count(name: str, text: str) -> int:
    return len(_whole(name).findall(text))


def _all_actors(brief: Brief) -> list[Actor]:
    out: list[Actor] = []
    for e in brief.events:
        out += e.attacker + e.target
    out += [r.actor for r in brief.reactions]
    return out


def _first_position(name: str, text: str) -> int:
    m = _whole(name).search(text)
    return m.start() if m else len(text)


def is_state_side(side: str | None) -> bool:
    """A state's side (:func:`side_of`) is its alpha-3 code; an armed group's is its name."""
    return side is not None and len(side) == 3 and side.isupper()


def _state_forces(spellings: list[str]) -> str | None:
    """The country whose forces every spelling names ("Congolese army", "Malian military",
    "Nigerian Air Force"), by its name; None otherwise."""
    sides = {side_of(s) for s in spellings}
    side = sides.pop() if len(sides) == 1 else None
    return country_name(side) if is_state_side(side) else None


def _build_actor(spellings: list[str], members: list[Actor], text: str,
                 striker: bool = False) -> Actor:
    """One actor of a cluster of spellings: the alias table's name, a state's name for its
    forces when the cluster strikes ("Malian army" -> Mali, as the table does for Israel),
    else the spelling the text uses most; the others that occur in the text as aliases."""
    canons = {c for s in spellings if (c := table_canon(s))}
    if canons:
        name = canons.pop()
        extra = [a for a in ALIASES[name] if not is_demonym(a) and _occurs(a, text)]
    elif striker and (state := _state_forces(spellings)):
        name, extra = state, []
    else:
        order = {s: i for i, s in enumerate(spellings)}
        name = max(
            spellings,
            key=lambda s: (_occurs(s, text), len(s.split()), _count(s, text), -order[s]),
        )
        extra = []
    aliases: list[str] = []
    for s in [*spellings, *extra]:
        if s != name and s not in aliases and _occurs(s, text):
            aliases.append(s)
    aliases.sort(key=lambda s: _first_position(s, text))
    kinds = Counter(a.kind for a in members if a.kind != "unknown")
    kind: ActorKind = kinds.most_common(1)[0][0] if kinds else actor_kind_guess(name)
    return Actor(name=name, aliases=aliases, kind=kind)


def _strikers(brief: Brief, clusters: _Clusters) -> set[str]:
    return {clusters.find(a.name.strip()) for e in brief.events for a in e.attacker
            if a.name.strip()}


def _join_state_forces(brief: Brief, spellings: list[str], clusters: _Clusters) -> None:
    """One state's striking forces named two ways ("Nigeria's armed forces", "Nigeria
    military") are one actor; compass words name no state ("eastern Libyan forces"), so
    rival forces of one country stay apart."""
    by_state: dict[str, list[str]] = {}
    for root in _strikers(brief, clusters):
        names = [s for s in spellings if clusters.find(s) == root]
        if state := _state_forces(names):
            by_state.setdefault(state, []).append(root)
    for roots in by_state.values():
        for other in roots[1:]:
            clusters.union(roots[0], other)


def canonicalize(brief: Brief, text: str) -> Brief:
    """The brief with one canonical name per actor and verbatim aliases; duplicates merged."""
    actors = _all_actors(brief)
    if not actors:
        return brief
    spellings: list[str] = []
    for a in actors:
        for s in (a.name, *a.aliases):
            s = s.strip()
            if s and s not in spellings:
                spellings.append(s)
    clusters = _Clusters(spellings)
    for a in actors:  # the model's own aliases are the same actor, unless the table objects
        for alias in a.aliases:
            if alias.strip() and a.name.strip():
                clusters.union(a.name.strip(), alias.strip())
    for i, x in enumerate(spellings):
        for y in spellings[i + 1 :]:
            if clusters.find(x) != clusters.find(y) and same_actor(x, y):
                clusters.union(x, y)
    _join_state_forces(brief, spellings, clusters)
    by_root: dict[str, list[str]] = {}
    for s in spellings:
        by_root.setdefault(clusters.find(s), []).append(s)
    members: dict[str, list[Actor]] = {}
    for a in actors:
        if a.name.strip():
            members.setdefault(clusters.find(a.name.strip()), []).append(a)
    strikers = _strikers(brief, clusters)
    built = {
        root: _build_actor(names, members.get(root, []), text, striker=root in strikers)
        for root, names in by_root.items()
    }

    def convert(a: Actor) -> Actor:
        if not a.name.strip():
            return a
        return built[clusters.find(a.name.strip())].model_copy(deep=True)

    def convert_list(items: list[Actor]) -> list[Actor]:
        out: list[Actor] = []
        for a in items:
            c = convert(a)
            if all(c.name != o.name for o in out):
                out.append(c)
        return out

    events: list[Event] = [
        e.model_copy(
            update={"attacker": convert_list(e.attacker), "target": convert_list(e.target)}
        )
        for e in brief.events
    ]
    reactions = [r.model_copy(update={"actor": convert(r.actor)}) for r in brief.reactions]
    return brief.model_copy(update={"events": events, "reactions": reactions})
