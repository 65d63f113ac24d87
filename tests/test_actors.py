"""Canonical actor names across a brief. Every sentence here is invented."""

from __future__ import annotations

import pytest

from summarizer.models import Actor, Brief, Event, Meta, Reaction
from summarizer.normalize.actors import (
    ALIASES,
    actor_kind_guess,
    canonicalize,
    same_actor,
    side_of,
)
from summarizer.pipeline.names import is_epithet

META = Meta(model="test", prompt_version="0", article_sha256="0" * 64)


def brief(events: list[Event], reactions: list[Reaction] | None = None) -> Brief:
    return Brief(headline="h", summary="s", events=events, reactions=reactions or [], meta=META)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kataib Hezbollah", "Qatayb Hezbollah"),
        ("U.S. Central Command", "United States"),
        ("the Pentagon", "US"),
        ("U.S.", "USA"),
        ("Israel Defense Forces", "IDF"),
        ("Al Houthis", "Houthis"),
        ("Ansar Allah", "Houthi rebels"),
        ("Yemeni Armed Forces", "Houthis"),  # the name of the Houthis' military statements
        ("IRGC", "Islamic Revolutionary Guard Corps"),
        ("Türkiye", "Turkish army"),
        ("Iran's", "Iran"),
        ("The Taliban", "Afghan Taliban"),
        ("Hezbollah", "Hizbollah"),
        ("Mohammed bin Salman", "Mohammad bin Salman"),
        ("Zabiullah Mujahid", "Mr Mujahid"),
        ("President Biden", "Joe Biden"),
        ("Popular Mobilisation Forces", "Popular Mobilization Forces"),
        ("Kataib Hezbollah", "Kata’ib Hezbollah"),
    ],
)
def test_same_actor(a: str, b: str) -> None:
    assert same_actor(a, b)
    assert same_actor(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Israel", "Iran"),
        ("Iraq", "Iran"),
        ("Iraqi army", "Iranian army"),
        ("Indian army", "Iranian army"),
        ("Pakistan", "Pakistani Taliban"),
        ("Taliban", "Pakistani Taliban"),
        ("India", "Indian-administered Kashmir"),
        ("Hezbollah", "Kataib Hezbollah"),
        ("Hamas", "Hama"),
        ("Islamic State", "Islamic Jihad"),
        ("Brigade 5", "Brigade 6"),
        ("United States", "United Kingdom"),
        ("", "Iran"),
        ("Defence Minister", "Foreign Minister"),
        ("Leyla Mammadova", "Aysel Mammadova"),
    ],
)
def test_different_actors(a: str, b: str) -> None:
    assert not same_actor(a, b)
    assert not same_actor(b, a)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("United States", "state"),
        ("Iran", "state"),
        ("Pakistani troops", "state"),
        ("Armenian Defense Ministry", "state"),
        ("Kataib Hezbollah", "armed_group"),
        ("Iranian-backed militias", "armed_group"),
        ("Taliban", "armed_group"),
        ("PKK", "armed_group"),
        ("civilians", "civilians"),
        ("migrants in a detention centre", "civilians"),
        ("United Nations", "organisation"),
        ("Amnesty International", "organisation"),
        ("Joe Biden", "person"),
        ("Defence Minister Ana Kovač", "person"),
        ("UN Secretary-General", "person"),
        ("the warehouse", "unknown"),
    ],
)
def test_actor_kind_guess(name: str, kind: str) -> None:
    assert actor_kind_guess(name) == kind


def test_aliases_table_has_no_conflicting_spellings() -> None:
    seen: dict[str, str] = {}
    for canon, alts in ALIASES.items():
        for name in (canon, *alts):
            assert seen.setdefault(name.lower(), canon) == canon, name


def test_canonicalize_merges_two_spellings_of_one_group() -> None:
    text = (
        "Kataib Hezbollah launched a drone at the outpost. In reply, U.S. jets hit three "
        "depots used by Qatayb Hezbollah, the Pentagon said."
    )
    b = brief(
        [
            Event(attacker=[Actor(name="United States")], target=[Actor(name="Qatayb Hezbollah")]),
            Event(attacker=[Actor(name="Kataib Hezbollah")], target=[Actor(name="U.S. troops")]),
        ]
    )
    out = canonicalize(b, text)
    target = out.events[0].target[0]
    attacker = out.events[1].attacker[0]
    assert target.name == attacker.name
    assert target.name in {"Kataib Hezbollah", "Qatayb Hezbollah"}
    other = ({"Kataib Hezbollah", "Qatayb Hezbollah"} - {target.name}).pop()
    assert target.aliases == [other]
    assert attacker.kind == "armed_group"
    us = out.events[0].attacker[0]
    assert us.name == "United States"
    assert us.aliases == ["U.S.", "Pentagon"]  # in text order, verbatim, never the name
    assert us.kind == "state"


def test_canonicalize_dedupes_within_a_list_and_aligns_reactions() -> None:
    text = "Turkish forces struck the camp. Ankara said the PKK was the target. Türkiye agreed."
    b = brief(
        [
            Event(
                attacker=[Actor(name="Turkey"), Actor(name="Turkish forces", kind="state")],
                target=[Actor(name="Kurdistan Workers' Party", aliases=["PKK"])],
            )
        ],
        [Reaction(actor=Actor(name="Ankara"), summary="Turkey defended the strike.")],
    )
    out = canonicalize(b, text)
    attackers = out.events[0].attacker
    assert [a.name for a in attackers] == ["Turkey"]
    assert attackers[0].aliases == ["Turkish forces", "Ankara", "Türkiye"]
    assert out.reactions[0].actor.name == "Turkey"
    assert out.events[0].target[0].aliases == ["PKK"]
    assert out.events[0].target[0].kind == "armed_group"


def test_canonicalize_keeps_different_actors_apart() -> None:
    text = "Iraqi forces said Iranian drones hit Erbil. Hezbollah and Kataib Hezbollah denied it."
    b = brief(
        [
            Event(attacker=[Actor(name="Iran")], target=[Actor(name="Iraq")]),
            Event(attacker=[Actor(name="Hezbollah")], target=[Actor(name="Kataib Hezbollah")]),
        ]
    )
    out = canonicalize(b, text)
    names = [a.name for e in out.events for a in (*e.attacker, *e.target)]
    assert names == ["Iran", "Iraq", "Hezbollah", "Kataib Hezbollah"]
    assert out.events[0].target[0].aliases == ["Iraqi forces"]
    assert out.events[0].attacker[0].aliases == []  # "Iranian" is an adjective, not an alias


def test_canonicalize_prefers_fullest_spelling_of_a_person() -> None:
    text = "Presidential aide Leyla Mammadova said the city was hit. Mammadova blamed the rebels."
    b = brief(
        [],
        [
            Reaction(actor=Actor(name="Mammadova"), summary="Blamed the rebels."),
            Reaction(actor=Actor(name="Leyla Mammadova", kind="person"), summary="Said so."),
        ],
    )
    out = canonicalize(b, text)
    assert {r.actor.name for r in out.reactions} == {"Leyla Mammadova"}
    assert out.reactions[0].actor.aliases == ["Mammadova"]
    assert out.reactions[0].actor.kind == "person"


def test_aliases_only_verbatim_and_model_aliases_kept_when_in_text() -> None:
    text = "Al Houthis said they fired ten drones at the refinery."
    b = brief([Event(attacker=[Actor(name="Houthis", aliases=["Ansar Allah", "Al Houthis"])])])
    out = canonicalize(b, text)
    actor = out.events[0].attacker[0]
    assert actor.name == "Houthis"
    assert actor.aliases == ["Al Houthis"]


def test_canonicalize_without_actors_is_unchanged() -> None:
    b = brief([Event()])
    assert canonicalize(b, "Nothing here.") == b


@pytest.mark.parametrize(
    ("name", "side"),
    [
        ("Indian Army troops", "IND"),
        ("Israel's Northern Command", "ISR"),  # a compass word naming a command
        ("US Navy ships", "USA"),
        ("Taliban gunmen", "Taliban"),  # an armed group of the table and its members' word
        ("Hezbollah fighter", "Hezbollah"),
        ("Pakistani Taliban fighters", "Tehrik-i-Taliban Pakistan"),
        ("Russia fighters", None),  # a state with a members' word: no armed group
        ("eastern Libyan forces", None),  # a compass word: a rival side, not the state
        ("Syrian Democratic Forces", None),
        ("Iranian-backed militia", None),
        ("US-led coalition", None),
        ("Americans", "USA"),  # a plural demonym: "The Americans should have informed us"
        ("Israelis", "ISR"),
    ],
)
def test_side_of(name: str, side: str | None) -> None:
    """The side a name stands for when deciding whether two drafts are one strike."""
    assert side_of(name) == side


def test_canonicalize_names_a_states_forces_by_the_state_when_they_strike() -> None:
    """A state the alias table does not hold: its forces that strike are named by the state,
    the text's words kept as aliases; the same words as a target stay as they are."""
    text = ("The Malian army and its allies bombed a market in Kessa. Malian troops later "
            "came under fire from the Crimson Brigade.")
    b = brief(
        [
            Event(attacker=[Actor(name="Malian army")], target=[Actor(name="market")]),
            Event(attacker=[Actor(name="Crimson Brigade")], target=[Actor(name="Malian troops")]),
        ]
    )
    out = canonicalize(b, text)
    striker = out.events[0].attacker[0]
    assert (striker.name, striker.aliases) == ("Mali", ["Malian army"])
    assert out.events[1].target[0].name == "Malian troops"  # struck, not striking


def test_canonicalize_keeps_a_states_forces_as_named_when_they_only_are_hit() -> None:
    text = "The Crimson Brigade attacked Congolese army positions near Kessa."
    b = brief([Event(attacker=[Actor(name="Crimson Brigade")],
                     target=[Actor(name="Congolese army")])])
    out = canonicalize(b, text)
    assert out.events[0].target[0].name == "Congolese army"


def test_canonicalize_joins_one_states_forces_named_two_ways() -> None:
    """Two spellings of one state's striking forces are one actor, named by the state, with
    both spellings as aliases; "eastern Libyan forces" names no state (a rival side)."""
    text = ("The Malian army shelled Kessa on Monday. The Malian air force bombed Vell on "
            "Tuesday. Eastern Libyan forces struck Dorin.")
    b = brief(
        [
            Event(attacker=[Actor(name="Malian army")], target=[Actor(name="Kessa")]),
            Event(attacker=[Actor(name="Malian air force")], target=[Actor(name="Vell")]),
            Event(attacker=[Actor(name="Eastern Libyan forces")], target=[Actor(name="Dorin")]),
        ]
    )
    out = canonicalize(b, text)
    first, second, third = (e.attacker[0] for e in out.events)
    assert first == second
    assert (first.name, first.aliases) == ("Mali", ["Malian army", "Malian air force"])
    assert third.name == "Eastern Libyan forces"


@pytest.mark.parametrize(("name", "described"), [
    ("Iran-backed group", True),
    ("Nasrallah's group", True),
    ("insurgent group", True),
    ("Estavian-backed militia", True),
    ("separate group", False),  # another group, not the one named before
    ("Crimson Brigade", False),
    ("Islamic State group", False),  # a name that ends in "group"
    ("Kessa Liberation Front", False),
    ("the rival group", False),
    ("pro-government militias", False),  # a state's side
    ("the al-Varn group", False),  # a name with a hyphen
    ("the human rights group", False),  # no armed group
])
def test_a_group_described_is_no_name(name: str, described: bool) -> None:
    """A group described by its backers, its leader or its kind is not named."""
    assert is_epithet(name) is described

