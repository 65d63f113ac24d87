"""Weapon, attribution and target-kind cues. Every sentence here is invented for the test.

"Aland" and "Bland" are fictional states so that no real-world name list decides a result.
"""

from __future__ import annotations

import pytest

from summarizer.normalize.cues import (
    attribution_of,
    attribution_with_reason,
    sentences_of,
    target_kind_of,
    target_kind_with_rule,
    weapon_of,
    weapon_with_rule,
    weapons_of,
)

# --- weapon -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "weapon"),
    [
        ("A drone strike hit the camp.", "drone"),
        ("An explosive dropped from a quadcopter hit the tent.", "drone"),
        ("A UAV attacked the convoy.", "drone"),
        ("Jets carried out air strikes on the town.", "airstrike"),
        ("An airstrike flattened the house.", "airstrike"),
        ("The air raid hit a market.", "airstrike"),
        ("Aerial bombardment continued overnight.", "airstrike"),
        ("Fighter jets bombed the depot.", "airstrike"),  # weak cue only
        ("A ballistic missile struck the port.", "missile"),
        ("Rockets rained down on the suburb.", "missile"),
        ("The army shelled the village.", "artillery"),
        ("Mortar fire hit the market.", "artillery"),
        ("Artillery pounded the ridge.", "artillery"),
        ("Commandos raided the compound at dawn.", "ground_raid"),
        ("Special forces stormed the hideout.", "ground_raid"),
        ("A car bomb exploded near the checkpoint.", "other"),
        ("The group attacked the post.", "unknown"),
        ("Bland struck the capital again.", "unknown"),
        ("", "unknown"),
        # precedence: drone > airstrike > missile > artillery > ground_raid > other
        ("Rocket fire and drones hit the town.", "drone"),
        ("Air strikes and missiles hit the base.", "airstrike"),
        ("Shelling and a missile strike hit the city.", "missile"),
        ("Special forces raided the camp under artillery cover.", "artillery"),
        # weapon words that are not the strike's weapon
        ("Aland struck three facilities used for drone operations.", "unknown"),
        ("Jets hit missile launch sites near the coast.", "airstrike"),
        ("The strikes came in response to a drone attack on a base.", "unknown"),
        ("Air strikes followed a drone attack that killed two guards.", "airstrike"),
        ("Bland denied a role in the drone attack that prompted the raids.", "ground_raid"),
        ("The rebels said they had shot down two warplanes.", "unknown"),
        ("The missiles aimed at the city were intercepted by air defence.", "missile"),
    ],
)
def test_weapon_of(text: str, weapon: str) -> None:
    assert weapon_of(text) == weapon


def test_weapons_of_lists_in_order_of_mention() -> None:
    assert weapons_of("Missiles and then drones hit the port; shelling followed.") == [
        "missile",
        "drone",
        "artillery",
    ]
    assert weapons_of("Helicopters and warplanes attacked.") == ["airstrike"]
    assert weapons_of("Aland attacked the post.") == []


def test_weak_aircraft_cue_only_without_strong_cue() -> None:
    assert weapons_of("Warplanes fired rockets at the bridge.") == ["missile"]


# --- attribution ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("evidence", "names", "context", "expected"),
    [
        # unknown: no attacker
        ("Missiles hit the city.", [], None, "unknown"),
        ("Missiles hit the city.", ["", "  "], None, "unknown"),
        # claimed
        ("The Aland army said it had struck the camp overnight.", ["Aland"], None, "claimed"),
        ("Aland said on Monday it had attacked Bland's troops.", ["Aland"], None, "claimed"),
        ("The Aland Front claimed responsibility for the bombing.", ["Aland Front"], None,
         "claimed"),
        ("Aland announced strikes on three camps.", ["Aland"], None, "claimed"),
        ("Alandian officials said they had targeted the refinery with drones.", ["Aland"], None,
         "claimed"),
        ("'Our forces hit the enemy hard,' an Aland commander said.", ["Aland"], None,
         "claimed"),
        ("Aland has launched 'Operation Thunder', striking several sites.", ["Aland"], None,
         "claimed"),
        ("Redport claimed it struck army positions.", ["Aland", "Redport"], None, "claimed"),
        # denied (evidence or whole article)
        ("Missiles hit the city. Officials blamed Aland.", ["Aland"],
         "The Alandian Defence Ministry said it had nothing to do with the attack.", "denied"),
        ("Aland denied carrying out the strike on the market.", ["Aland"], None, "denied"),
        ("Aland rejected the accusations, calling them lies.", ["Aland"], None, "denied"),
        ("Aland did not deny carrying out the strike.", ["Aland"], None, "confirmed"),
        ("Bland denied the strike happened; Aland hit the port.", ["Aland"], None, "confirmed"),
        # alleged
        ("An Aland drone strike killed two fighters, the Bland security service said.",
         ["Aland"], None, "alleged"),
        ("The blast was blamed on Aland.", ["Aland"], None, "alleged"),
        ("An alleged Alandian strike hit the port.", ["Aland"], None, "alleged"),
        ("Bland accused Aland of striking the convoy.", ["Aland"], None, "alleged"),
        ("Aland jets reportedly bombed the bridge.", ["Aland"], None, "alleged"),
        ("According to Bland's army, Aland jets hit the base.", ["Aland"], None, "alleged"),
        ("Missiles hit the city, killing five.", ["Aland"], None, "alleged"),  # only implied
        # confirmed
        ("Aland launched air strikes on 40 sites in Bland.", ["Aland"], None, "confirmed"),
        ("The strike was carried out by the Aland Front.", ["Aland Front"], None, "confirmed"),
        # the attacker's own voice announcing its strike claims it; owning up to one confirms
        ("According to the Aland military, the strikes hit three depots.", ["Aland"], None,
         "claimed"),
        ("Alandian forces hit the depot, the Aland defence ministry said.", ["Aland"], None,
         "claimed"),
        ("The Aland military confirmed the strikes on three depots.", ["Aland"], None,
         "confirmed"),
    ],
)  # fmt: skip
def test_attribution_of(
    evidence: str, names: list[str], context: str | None, expected: str
) -> None:
    assert attribution_of(evidence, names, context) == expected


def test_attribution_reason_quotes_the_sentence() -> None:
    evidence = "The blast was blamed on Aland."
    label, rule, span = attribution_with_reason(evidence, ["Aland"])
    assert label == "alleged"
    assert rule == "attribution.hedged"
    assert span is not None and "blamed on Aland" in evidence[span[0] : span[1]]


def test_short_uppercase_alias_is_case_sensitive() -> None:
    # "us" the pronoun is not "US" the state
    assert attribution_of("The attack on us was terrible, Bland said.", ["US"]) == "alleged"
    assert attribution_of("US jets struck the depot.", ["US"]) == "confirmed"


def test_builtin_aliases_for_common_states() -> None:
    assert attribution_of("American jets struck the depot.", ["United States"]) == "confirmed"
    assert (
        attribution_of("Jets struck the depot, the Pentagon said it had attacked.",
                       ["United States"])
        == "claimed"
    )  # fmt: skip


def test_sentences_of() -> None:
    assert sentences_of("One. Two!\nThree") == ["One.", "Two!", "Three"]
    assert sentences_of("  ") == []


def test_sentences_of_keeps_abbreviations_whole() -> None:
    text = "The U.S. Navy struck. Mr. Lane said so. On Feb. 3 it hit. Then 3 died."
    assert sentences_of(text) == [
        "The U.S. Navy struck.",
        "Mr. Lane said so.",
        "On Feb. 3 it hit.",
        "Then 3 died.",
    ]


def test_speaker_with_aside_is_found() -> None:
    # the speaker is the Bland ministry, not the attacker named after the verb
    evidence = "The Bland ministry, in turn, reported strikes by Alandian drones on two posts."
    assert attribution_of(evidence, ["Aland"]) == "alleged"


def test_united_states_is_not_a_speech_verb() -> None:
    evidence = "Tensions rose after airstrikes by the United States against a militia."
    assert attribution_of(evidence, ["United States"]) == "confirmed"
    # (U.S. Central Command is the attacker's own voice: its account claims the strike)
    assert attribution_of("According to U.S. Central Command, jets hit two depots.", ["US"]) == (
        "claimed"
    )


# --- target kind ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("Blandian troops at the border", "military"),
        ("an army post", "military"),
        ("a military base", "military"),
        ("a warship", "military"),
        ("a senior commander", "military"),
        ("rebel fighters", "militant"),
        ("the militia's weapons depots", "militant"),
        ("terrorist training sites", "militant"),
        ("civilian homes", "civilian"),
        ("a refugee camp", "civilian"),
        ("a migrant detention centre", "civilian"),
        ("a village school", "civilian"),
        ("a commercial vessel", "civilian"),
        ("a hospital", "civilian"),
        ("an oil field and a refinery", "infrastructure"),
        ("a pumping station", "infrastructure"),
        ("the power plant", "infrastructure"),
        ("the airport", "infrastructure"),
        ("soldiers at the airport", "military"),
        ("government forces and allied militias", "mixed"),
        ("fighters hiding among civilians", "mixed"),
        ("a military camp next to a migrant centre", "mixed"),
        ("the city", "civilian"),  # weak cue, used alone
        ("three facilities", None),
        ("", None),
    ],
)
def test_target_kind_of(target: str, kind: str | None) -> None:
    assert target_kind_of(target) == kind


@pytest.mark.parametrize(
    ("text", "weapon", "rule", "words"),
    [
        ("A drone and a missile hit the depot.", "drone", "weapon.strong_cue", "drone"),
        ("Warplanes pounded the town.", "airstrike", "weapon.weak_cue", "Warplanes"),
        ("The town was quiet.", "unknown", "weapon.no_cue", None),
    ],
)
def test_weapon_names_its_rule(text: str, weapon: str, rule: str, words: str | None) -> None:
    found, rule_id, span = weapon_with_rule(text)
    assert (found, rule_id) == (weapon, rule)
    assert (text[span[0] : span[1]] if span else None) == words
    assert weapon_of(text) == found


@pytest.mark.parametrize(
    ("text", "kind", "rule", "words"),
    [
        ("a refugee camp", "civilian", "target_kind.civilian_phrase", "refugee camp"),
        ("soldiers at a checkpoint", "military", "target_kind.military_words", "soldiers"),
        ("fighters and civilians", "mixed", "target_kind.mixed_people", "fighters"),
        ("the city", "civilian", "target_kind.weak_civilian_words", "city"),
        ("the oil refinery", "infrastructure", "target_kind.infrastructure_phrase", "refinery"),
        ("a green field", None, "target_kind.no_cue", None),
    ],
)
def test_target_kind_names_its_rule(
    text: str, kind: str | None, rule: str, words: str | None
) -> None:
    found, rule_id, span = target_kind_with_rule(text)
    assert (found, rule_id) == (kind, rule)
    assert (text[span[0] : span[1]] if span else None) == words
    assert target_kind_of(text) == found


@pytest.mark.parametrize(
    ("evidence", "context", "rule"),
    [
        ("Aland struck the depot.", None, "attribution.stated_as_fact"),
        ("Aland said it had struck the depot.", None, "attribution.claimed_by_attacker"),
        ("Bland said Aland struck the depot.", None, "attribution.only_others_attribute"),
        ("Aland struck the depot.", "Aland denied any role. Aland is big.",
         "attribution.denied_in_article"),
        ("Jets struck the depot.", None, "attribution.attacker_not_in_evidence"),
    ],
)
def test_attribution_names_its_rule(evidence: str, context: str | None, rule: str) -> None:
    label, rule_id, span = attribution_with_reason(evidence, ["Aland"], context)
    assert rule_id == rule
    assert label == attribution_of(evidence, ["Aland"], context)
    if span is not None:
        source = context if rule_id.endswith("_in_article") else evidence
        assert source is not None and "Aland" in source[span[0] : span[1]]
