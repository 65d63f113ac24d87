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
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache

from rapidfuzz import fuzz

from summarizer.models import Actor, ActorKind, Brief, Event
from summarizer.normalize.geo import country_code, is_demonym


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


FUZZY_RATIO = 85.0
FUZZY_MIN_CHARS = 6

# Canonical name -> other names of the same actor. Small and general: a fallback.
ALIASES: dict[str, tuple[str, ...]] = {
    "United States": (
        "U.S.", "US", "USA", "U.S.A.", "United States of America", "America", "American",
        "Washington", "Pentagon", "U.S. military", "U.S. forces", "American forces",
        "U.S. Army", "U.S. Air Force", "U.S. Navy", "U.S. Central Command", "CENTCOM",
        "U.S. government", "Biden administration", "Trump administration", "White House",
    ),
    "Israel": (
        "Israeli", "Israeli military", "Israeli army", "Israeli forces", "IDF",
        "Israel Defense Forces", "Israel Defence Forces", "Israeli Defense Forces",
        "Israeli Air Force", "Israeli government", "Zionist regime",
    ),
    "Iran": (
        "Iranian", "Tehran", "Islamic Republic", "Islamic Republic of Iran",
        "Iranian government", "Iranian military", "Iranian forces",
    ),
    "Islamic Revolutionary Guard Corps": (
        "IRGC", "Revolutionary Guards", "Revolutionary Guard", "Revolutionary Guard Corps",
        "Islamic Revolutionary Guards Corps", "Iran's Revolutionary Guards",
    ),
    "Russia": (
        "Russian", "Moscow", "Kremlin", "Russian Federation", "Russian forces",
        "Russian military", "Russian army",
    ),
    "Ukraine": (
        "Ukrainian", "Kyiv", "Kiev", "Ukrainian forces", "Ukrainian military",
        "Ukrainian army", "Armed Forces of Ukraine",
    ),
    "United Kingdom": (
        "UK", "U.K.", "Britain", "Great Britain", "British", "British forces",
        "British military", "Royal Air Force", "RAF",
    ),
    "Houthis": (
        "Houthi", "Houthi rebels", "Houthi movement", "Houthi militants", "Houthi militia",
        "Ansar Allah", "Ansarallah", "Al Houthis", "Al-Houthis", "Al Houthi",
        "Al Houthi militants", "Yemen's Houthis",
    ),
    "Pakistan": (
        "Pakistani", "Islamabad", "Pakistani military", "Pakistani army", "Pakistan army",
        "Pakistan military", "Pakistani forces", "Pakistan Armed Forces",
        "Pakistani government", "Pakistan Air Force",
    ),
    "Taliban": (
        "Afghan Taliban", "Afghanistan Taliban", "Afghanistan's Taliban", "Islamic Emirate",
        "Islamic Emirate of Afghanistan", "Taliban government", "Taliban administration",
        "Taliban regime",
    ),
    "Tehrik-i-Taliban Pakistan": (
        "TTP", "Pakistani Taliban", "Tehreek-e-Taliban Pakistan", "Tehrik-e-Taliban Pakistan",
    ),
    "Afghanistan": ("Afghan", "Kabul"),
    "India": (
        "Indian", "New Delhi", "Indian army", "Indian military", "Indian forces",
        "Indian Air Force", "Indian government", "Indian Armed Forces",
    ),
    "Turkey": (
        "Türkiye", "Turkiye", "Turkish", "Ankara", "Turkish army", "Turkish military",
        "Turkish forces", "Turkish Armed Forces", "Turkish government",
    ),
    "Saudi Arabia": (
        "Saudi", "Riyadh", "Saudi-led coalition", "Kingdom of Saudi Arabia", "KSA",
        "Saudi government", "Saudi forces",
    ),
    "Syria": (
        "Syrian", "Damascus", "Syrian government", "Syrian army", "Syrian Arab Army",
        "Syrian regime", "Syrian forces",
    ),
    "Iraq": (
        "Iraqi", "Baghdad", "Iraqi government", "Iraqi military", "Iraqi army", "Iraqi forces",
    ),
    "Azerbaijan": ("Azerbaijani", "Baku", "Azerbaijani army", "Azerbaijani forces"),
    "Armenia": ("Armenian", "Yerevan", "Armenian army", "Armenian forces"),
    "China": ("Chinese", "Beijing"),
    "France": ("French",),
    "Lebanon": ("Lebanese", "Beirut", "Lebanese army"),
    "Hezbollah": ("Hizbollah", "Hizballah", "Hezbollah movement"),
    "Kataib Hezbollah": ("Kata'ib Hezbollah", "Kataeb Hezbollah", "Qatayb Hezbollah",
                         "Kata'ib Hizballah", "Hezbollah Brigades"),
    "Hamas": ("Islamic Resistance Movement",),
    "Islamic State": ("ISIS", "ISIL", "IS", "Daesh", "Islamic State group"),
    "Kurdistan Workers' Party": ("PKK", "Kurdistan Workers Party"),
    "United Nations": ("UN", "U.N."),
}  # fmt: skip

ARMED_GROUPS = frozenset(
    {"Houthis", "Taliban", "Tehrik-i-Taliban Pakistan", "Hezbollah", "Kataib Hezbollah",
     "Hamas", "Islamic State", "Kurdistan Workers' Party"}
)  # fmt: skip


_TITLES = _words(
    "mr mrs ms dr president prime minister gen general lt col colonel maj major capt captain "
    "sgt spokesman spokeswoman spokesperson secretary sheikh sheik ayatollah king prince emir "
    "commander chief senator sen rep governor foreign defence defense energy interior state "
    "deputy vice"
)
_PERSON_WORDS = _words(
    "president minister spokesman spokeswoman spokesperson secretary secretarygeneral "
    "ambassador envoy king prince emir sheikh ayatollah commander chief aide adviser advisor "
    "senator governor mayor mr mrs ms dr gen general colonel analyst professor cleric "
    "pope premier chancellor"
)
_CIVILIAN_WORDS = _words(
    "civilians civilian residents villagers migrants refugees children women families "
    "worshippers people protesters students fishermen farmers journalists passengers "
    "patients pilgrims shoppers homes houses"
)
_ARMED_GROUP_WORDS = _words(
    "militia militias militants militant rebels rebel insurgents insurgent hezbollah hizbollah "
    "hamas taliban pkk isis isil daesh qaeda shabaab houthi houthis boko haram jihad jihadists "
    "jihadist guerrilla guerrillas eln farc kataib ypg sdf wagner fighters mujahideen "
    "paramilitary paramilitaries gunmen backed"
)
_ORGANISATION = re.compile(
    r"\b(?:un|united nations|unsmil|unicef|unhcr|unrwa|who|icrc|red cross|red crescent|msf"
    r"|amnesty|human rights watch|nato|eu|european union|african union|arab league|council"
    r"|agency|organisation|organization|committee|commission|mission|observatory|ngo|charity"
    r"|foundation|institute|center|centre|court|tribunal|association|federation)\b"
)
_STATE_WORDS = _words(
    "army military forces government ministry administration navy troops police "
    "regime cabinet parliament office coalition soldiers airforce personnel servicemen "
    "sailors marines service"
)


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _key(name: str) -> str:
    """Lower-case, accents, punctuation, possessive 's and a leading "the"/"al" dropped."""
    s = _fold(name).replace("’", "'").replace("‘", "'").lower()
    s = re.sub(r"'s\b", "", s)
    s = s.replace(".", "")  # "U.S." -> "us"
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    for prefix in ("the ", "al "):
        s = s.removeprefix(prefix)
    return s


@cache
def _table() -> dict[str, str]:
    """Normalised spelling -> canonical name of ``ALIASES``."""
    out: dict[str, str] = {}
    for canon, alts in ALIASES.items():
        for name in (canon, *alts):
            out[_key(name)] = canon
    return out


def _table_canon(name: str) -> str | None:
    return _table().get(_key(name))


def _countries(name: str) -> frozenset[str]:
    """Countries named in a name by a word or two ("Iraqi", "Saudi Arabia", "U.S.")."""
    words = [w for w in re.split(r"[\s\-–—/]+", name.replace("’", "'")) if w]
    words = [re.sub(r"'s$", "", w).strip("'\".,()") for w in words]
    grams = words + [" ".join(words[i : i + 2]) for i in range(len(words) - 1)]
    codes = set()
    for g in grams:
        short = len(g.replace(".", "")) <= 2
        if g and (not short or g.isupper()):
            codes.add(country_code(g, fuzzy=False))
    return frozenset(c for c in codes if c)


def _close(a: str, b: str) -> bool:
    """Guarded fuzzy equality of two names (spelling variants only)."""
    ka, kb = _key(a), _key(b)
    if min(len(ka), len(kb)) < FUZZY_MIN_CHARS:
        return False
    if fuzz.ratio(ka, kb) < FUZZY_RATIO:
        return False
    if _countries(a) != _countries(b):
        return False
    if re.findall(r"\d+", ka) != re.findall(r"\d+", kb):
        return False
    wa, wb = ka.split(), kb.split()
    return len(wa) == len(wb) or abs(len(ka) - len(kb)) <= 2


def _person_core(name: str) -> list[str]:
    words = _key(name).split()
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
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    ca, cb = _table_canon(a), _table_canon(b)
    if ca and cb:
        return ca == cb
    if ca or cb:
        canon, other = (ca, b) if ca else (cb, a)
        assert canon is not None
        return any(_close(s, other) for s in (canon, *ALIASES[canon]))
    return _close(a, b) or _same_person(a, b)


def _kind_by_words(name: str, words: set[str]) -> ActorKind | None:
    """Kinds that one telling word decides: a title, civilians, an armed group."""
    if words & _PERSON_WORDS and not words & {"ministry", "office", "council", "mission"}:
        return "person"
    if words & _CIVILIAN_WORDS:
        return "civilians"
    canon = _table_canon(name)
    if canon == "United Nations":
        return "organisation"
    if words & _ARMED_GROUP_WORDS or canon in ARMED_GROUPS:
        return "armed_group"
    return None


def _kind_by_state(name: str, key: str, words: set[str]) -> ActorKind | None:
    """An organisation's word, or a state: a table name, a country, a state word."""
    if _ORGANISATION.search(key):
        return "organisation"
    if _table_canon(name) or country_code(name, fuzzy=False) or (
            words & _STATE_WORDS and _countries(name)):
        return "state"
    if words & _STATE_WORDS:
        return "state" if not re.search(r"'s\b|’s\b", name) else "armed_group"
    return None


def actor_kind_guess(name: str) -> ActorKind:
    """A rough kind from the name alone; "unknown" when nothing suggests one."""
    key = _key(name)
    if not key:
        return "unknown"
    words = set(key.split())
    kind = _kind_by_words(name, words) or _kind_by_state(name, key, words)
    if kind:
        return kind
    raw_words = name.split()
    caps = [w for w in raw_words if w[:1].isupper()]
    if 2 <= len(raw_words) <= 4 and len(caps) == len(raw_words) and not _countries(name):
        return "person"
    return "unknown"


class _Clusters:
    """Union-find over spellings that never joins two different table canonicals."""

    def __init__(self, names: Iterable[str]) -> None:
        self.parent: dict[str, str] = {}
        self.canons: dict[str, set[str]] = {}
        for n in names:
            self.parent.setdefault(n, n)
            canon = _table_canon(n)
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


def _occurs(name: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _count(name: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", text))


def _all_actors(brief: Brief) -> list[Actor]:
    out: list[Actor] = []
    for e in brief.events:
        out += e.attacker + e.target
    out += [r.actor for r in brief.reactions]
    return out


def _first_position(name: str, text: str) -> int:
    m = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    return m.start() if m else len(text)


def _build_actor(spellings: list[str], members: list[Actor], text: str) -> Actor:
    canons = {c for s in spellings if (c := _table_canon(s))}
    if canons:
        name = canons.pop()
        extra = [a for a in ALIASES[name] if not is_demonym(a) and _occurs(a, text)]
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
    by_root: dict[str, list[str]] = {}
    for s in spellings:
        by_root.setdefault(clusters.find(s), []).append(s)
    members: dict[str, list[Actor]] = {}
    for a in actors:
        if a.name.strip():
            members.setdefault(clusters.find(a.name.strip()), []).append(a)
    built = {
        root: _build_actor(names, members.get(root, []), text) for root, names in by_root.items()
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
