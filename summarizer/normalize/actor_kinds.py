"""The kind of an actor (state, armed group, person, organisation, civilians) guessed from
its name alone, by telling words; "unknown" when nothing suggests one."""

from __future__ import annotations

import re

from summarizer.lexicon import ORGANISATION_WORDS, alternation
from summarizer.models import ActorKind
from summarizer.normalize.actor_names import ARMED_GROUPS, countries_named, name_key, table_canon
from summarizer.normalize.geo import country_code


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


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
_ORGANISATION = re.compile(rf"\b{alternation(ORGANISATION_WORDS)}\b")
_STATE_WORDS = _words(
    "army military forces government ministry administration navy troops police "
    "regime cabinet parliament office coalition soldiers airforce personnel servicemen "
    "sailors marines service"
)


def _kind_by_words(name: str, words: set[str]) -> ActorKind | None:
    """Kinds that one telling word decides: a title, civilians, an armed group."""
    if words & _PERSON_WORDS and not words & {"ministry", "office", "council", "mission"}:
        return "person"
    if words & _CIVILIAN_WORDS:
        return "civilians"
    canon = table_canon(name)
    if canon == "United Nations":
        return "organisation"
    if words & _ARMED_GROUP_WORDS or canon in ARMED_GROUPS:
        return "armed_group"
    return None


def _kind_by_state(name: str, key: str, words: set[str]) -> ActorKind | None:
    """An organisation's word, or a state: a table name, a country, a state word."""
    if _ORGANISATION.search(key):
        return "organisation"
    if table_canon(name) or country_code(name, fuzzy=False) or (
            words & _STATE_WORDS and countries_named(name)):
        return "state"
    if words & _STATE_WORDS:
        return "state" if not re.search(r"'s\b|’s\b", name) else "armed_group"
    return None


def actor_kind_guess(name: str) -> ActorKind:
    """A rough kind from the name alone; "unknown" when nothing suggests one."""
    key = name_key(name)
    if not key:
        return "unknown"
    words = set(key.split())
    kind = _kind_by_words(name, words) or _kind_by_state(name, key, words)
    if kind:
        return kind
    raw_words = name.split()
    caps = [w for w in raw_words if w[:1].isupper()]
    if 2 <= len(raw_words) <= 4 and len(caps) == len(raw_words) and not countries_named(name):
        return "person"
    return "unknown"
