"""Behaviour of the extraction method without a model: ``plan`` and ``assemble``.

Each test builds the model's answers by hand for calls that ``plan`` really makes, so the
rules in code (who the attacker is, merging, counts, places, reactions) are tested on
their own. Every article here is invented for the test; Norland, Estavia, Kessa and Varn
are fictional.
"""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from summarizer.models import Brief, Event, Usage
from summarizer.normalize.actors import same_actor
from summarizer.pipeline import Call, StrikesOut, assemble, plan
from summarizer.reader import Article, article_from_text

# --- helpers ------------------------------------------------------------------------------


def _article(*sentences: str) -> Article:
    return article_from_text(" ".join(sentences) + "\n")


def _sentence_of(call: Call) -> str:
    m = re.search(r"<sentence>(.*)</sentence>", call.messages[-1]["content"], re.S)
    assert m, call.messages
    return m.group(1)


def _call(article: Article, kind: str, fragment: str) -> Call:
    """The planned ``kind`` call ("strike") whose sentence contains ``fragment``."""
    found = [c for c in plan(article)
             if c.name.startswith(f"{kind}-") and fragment in _sentence_of(c)]
    assert len(found) == 1, (kind, fragment, [c.name for c in plan(article)])
    return found[0]


def _strikes(*strikes: tuple[str, str, str]) -> StrikesOut:
    return StrikesOut.model_validate(
        {"strikes": [{"attacker": a, "target": t, "place": p} for a, t, p in strikes]}
    )


def _answers(article: Article, *pairs: tuple[str, str, BaseModel]) -> dict[str, BaseModel]:
    """Answers keyed by the names of planned calls: (kind, sentence fragment, answer)."""
    out: dict[str, BaseModel] = {}
    for kind, fragment, answer in pairs:
        call = _call(article, kind, fragment)
        assert isinstance(answer, call.response_model)
        out[call.name] = answer
    return out


def _check_contract(brief: Brief, article: Article) -> None:
    """Every span is verbatim at its offsets and the brief survives a JSON round trip."""
    spans = [s for e in brief.events for s in e.evidence]
    spans += [s for r in brief.reactions for s in r.evidence]
    for span in spans:
        assert article.text[span.start:span.end] == span.quote, span
    for r in brief.reactions:
        assert r.quote is None or r.quote in article.text
    assert Brief.model_validate(brief.model_dump()) == brief
    assert Brief.model_validate_json(brief.model_dump_json()) == brief
    assert brief.meta.article_sha256 == article.sha256


def _brief(article: Article, *pairs: tuple[str, str, BaseModel]) -> Brief:
    brief = assemble(article, _answers(article, *pairs), Usage(prompt_tokens=1,
                     completion_tokens=1), 0.25, "test-model")
    _check_contract(brief, article)
    return brief


def _attackers(event: Event) -> list[str]:
    return [a.name for a in event.attacker]


def _event_with(brief: Brief, fragment: str) -> Event:
    """The one event whose evidence contains ``fragment``."""
    found = [e for e in brief.events if any(fragment in s.quote for s in e.evidence)]
    assert len(found) == 1, [(_attackers(e), [s.quote for s in e.evidence]) for e in
                             brief.events]
    return found[0]


# --- 1. plan ------------------------------------------------------------------------------


def test_plan_asks_only_about_sentences_with_strike_words() -> None:
    article = _article(
        "Norland and Estavia held talks in Varn on Monday.",
        "Norlandian drones struck a fuel depot in Kessa on Tuesday.",
        "The talks are due to resume next week.",
    )
    calls = plan(article)
    assert [c.name for c in calls] == ["strike-1"]
    (call,) = calls
    assert call.sentence == 1 and call.response_model is StrikesOut
    assert _sentence_of(call) == "Norlandian drones struck a fuel depot in Kessa on Tuesday."
    # the sentence before it goes along as context
    assert "<context>Norland and Estavia held talks in Varn on Monday.</context>" in (
        call.messages[-1]["content"])


def test_plan_without_strike_sentences_is_empty_and_the_brief_has_no_events() -> None:
    # stance cues but no strike: nothing to react to, so no reaction calls either
    article = _article(
        "Norland condemned Estavia's new tariffs on Monday.",
        "The Estavian government urged calm and said talks would continue.",
    )
    assert plan(article) == []
    brief = _brief(article)
    assert brief.events == [] and brief.reactions == []
    assert brief.headline == "The article reports no military strike."


def test_plan_makes_only_strike_calls_and_code_reads_the_statements() -> None:
    article = _article(
        "Norlandian drones struck a fuel depot in Kessa on Monday.",  # 0
        "The Estavian foreign minister said the talks would resume.",  # 1: uncued comment
        "Estavia condemned the raid.",  # 2: framed, code reads it
        "Outrage over the raid was condemned as unacceptable.",  # 3: a cue, no frame
        "The Marwen League urged restraint.",  # 4: framed
        "Residents said they heard loud explosions overnight.",  # 5: plain "said"
    )
    calls = plan(article)
    # no reaction calls: reactions come from the text's statement frames
    assert [c.name for c in calls] == ["strike-0", "strike-2", "strike-3"]
    assert all(c.response_model is StrikesOut for c in calls)
    brief = _brief(article, ("strike", "depot", _strikes(("Norland", "fuel depot", "Kessa"))))
    # not the minister's uncued comment, not the unframed cue, not the residents (witnesses)
    assert [(r.actor.name, r.stance) for r in brief.reactions] == [
        ("Estavia", "condemn"), ("Marwen League", "call_for_restraint")]


# --- 2. a reporter is not an attacker -------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The UN mission said the strike on the camp killed 12 people.",
        "A strike on the camp killed 12 people, according to the UN mission.",
    ],
)
def test_reporter_is_not_the_attacker(sentence: str) -> None:
    article = _article(sentence)
    brief = _brief(article, ("strike", "camp", _strikes(("UN mission", "the camp", ""))))
    (event,) = brief.events
    assert event.attacker == []
    assert [t.name for t in event.target] == ["the camp"]


def test_reporter_claiming_the_strike_is_the_attacker() -> None:
    article = _article("The Houthis said they had targeted an oil field near Abqaiq.")
    brief = _brief(article, ("strike", "Houthis", _strikes(("Houthis", "oil field", "Abqaiq"))))
    (event,) = brief.events
    assert _attackers(event) == ["Houthis"]


# --- 3. the struck person is not the attacker ------------------------------------------------

_BRANDT = ("Two people were killed on Sunday in an alleged Norlandian strike in Estavia, "
           "targeting a senior commander of the Red Guard, Ivo Brandt.")


@pytest.mark.parametrize(
    "sentence",
    [
        _BRANDT,
        # no "targeting ... Ivo Brandt" here: only the model's own first strike names him
        # as the one struck
        "An alleged Norlandian strike in Estavia killed Ivo Brandt, a senior commander of "
        "the Red Guard, on Sunday.",
    ],
)
def test_struck_person_is_not_an_attacker(sentence: str) -> None:
    article = _article(sentence)
    answer = _strikes(("Norland", "Ivo Brandt", "Estavia"),
                      ("Ivo Brandt", "senior commander", ""))
    brief = _brief(article, ("strike", "Ivo Brandt", answer))
    assert brief.events
    assert not any(same_actor(a.name, "Ivo Brandt") for e in brief.events for a in e.attacker)
    (event,) = brief.events
    assert _attackers(event) == ["Norland"]
    assert "Ivo Brandt" in [t.name for t in event.target]


def test_struck_person_is_not_an_attacker_even_as_the_only_strike() -> None:
    # no other strike names him as target: "targeting ... Ivo Brandt" alone rules him out
    article = _article(_BRANDT)
    brief = _brief(article, ("strike", "Ivo Brandt",
                             _strikes(("Ivo Brandt", "senior commander", "Estavia"))))
    assert not any(e.attacker for e in brief.events)


# --- 4. an attacker from the context sentence ---------------------------------------------


def test_context_attacker_dropped_without_a_back_reference() -> None:
    article = _article(
        "Norlandian jets bombed a fuel depot in Aleppo on Monday.",
        "In a separate development, a power station near Mosul was destroyed by a missile.",
    )
    brief = _brief(
        article,
        ("strike", "fuel depot", _strikes(("Norland", "fuel depot", "Aleppo"))),
        ("strike", "separate", _strikes(("Norland", "power station", "Mosul"))),
    )
    assert len(brief.events) == 2
    assert _attackers(_event_with(brief, "fuel depot")) == ["Norland"]
    separate = _event_with(brief, "separate development")
    assert separate.attacker == []
    assert [t.name for t in separate.target] == ["power station"]


def test_context_attacker_kept_with_a_back_reference() -> None:
    article = _article(
        "Norlandian jets bombed a fuel depot in Aleppo on Monday.",
        "The strikes also hit a power station near Mosul.",
    )
    brief = _brief(
        article,
        ("strike", "fuel depot", _strikes(("Norland", "fuel depot", "Aleppo"))),
        ("strike", "The strikes", _strikes(("Norland", "power station", "Mosul"))),
    )
    assert _attackers(_event_with(brief, "The strikes also hit")) == ["Norland"]


def test_separate_development_is_not_folded_into_the_previous_strike() -> None:
    article = _article(
        "Norlandian jets bombed a fuel depot in Kessa on Monday.",
        "In a separate development, a power station near Varn was destroyed by a missile.",
    )
    brief = _brief(
        article,
        ("strike", "fuel depot", _strikes(("Norland", "fuel depot", "Kessa"))),
        ("strike", "separate", _strikes(("Norland", "power station", "Varn"))),
    )
    assert _event_with(brief, "separate development").attacker == []


# --- 5. invented attackers ----------------------------------------------------------------


@pytest.mark.parametrize("invented", ["General Aldo Ruiz", "Crimson Brigade"])
@pytest.mark.parametrize(
    "sentence",
    [
        "A drone struck a convoy near Kessa on Friday, killing four fighters.",
        # "The strikes" refers back, so only the name check can drop the invention
        "The strikes hit a convoy near Kessa on Friday, killing four fighters.",
    ],
)
def test_attacker_not_in_the_text_is_dropped(invented: str, sentence: str) -> None:
    article = _article(sentence)
    brief = _brief(article, ("strike", "convoy", _strikes((invented, "convoy", "Kessa"))))
    (event,) = brief.events
    assert event.attacker == []
    assert [t.name for t in event.target] == ["convoy"]


# --- 6. merging ---------------------------------------------------------------------------


def test_restatements_of_one_strike_make_one_event() -> None:
    sentences = (
        "Norland launched an air strike on an ammunition depot in Homs on Monday.",
        "The Norlandian strike on the depot destroyed several buildings.",
        "Norland said the raid on the Homs ammunition depot was a success.",
    )
    article = _article(*sentences)
    brief = _brief(
        article,
        ("strike", "launched", _strikes(("Norland", "ammunition depot", "Homs"))),
        ("strike", "destroyed", _strikes(("Norland", "the depot", ""))),
        ("strike", "success", _strikes(("Norland", "Homs ammunition depot", "Homs"))),
    )
    (event,) = brief.events
    assert _attackers(event) == ["Norland"]
    assert [s.quote for s in event.evidence] == list(sentences)
    assert event.location.country == "Syria"


def test_same_attacker_in_two_countries_makes_two_events() -> None:
    article = _article(
        "Norland struck a radar site in Homs on Monday.",
        "On Tuesday, Norland struck an army barracks near Mosul.",
    )
    brief = _brief(
        article,
        ("strike", "radar", _strikes(("Norland", "radar site", "Homs"))),
        ("strike", "barracks", _strikes(("Norland", "army barracks", "Mosul"))),
    )
    assert len(brief.events) == 2
    assert all(_attackers(e) == ["Norland"] for e in brief.events)
    assert [e.location.country for e in brief.events] == ["Syria", "Iraq"]
    assert [len(e.evidence) for e in brief.events] == [1, 1]


def test_same_attacker_same_kind_of_target_in_two_countries_makes_two_events() -> None:
    article = _article(
        "Norland struck a radar site in Homs on Monday.",
        "On Tuesday, Norland struck a radar site near Mosul.",
    )
    brief = _brief(
        article,
        ("strike", "Homs", _strikes(("Norland", "radar site", "Homs"))),
        ("strike", "Mosul", _strikes(("Norland", "radar site", "Mosul"))),
    )
    assert len(brief.events) == 2


# --- 7. counts ----------------------------------------------------------------------------


def test_killed_figure_is_read_from_the_evidence() -> None:
    article = _article("A drone strike on a crowded market in Kessa killed 12 people on Monday.")
    brief = _brief(article, ("strike", "market", _strikes(("", "crowded market", "Kessa"))))
    (event,) = brief.events
    assert (event.killed.min, event.killed.max) == (12, 12)
    assert event.killed.text == "killed 12 people"
    assert event.killed.text in event.evidence[0].quote
    assert (event.injured.min, event.injured.max, event.injured.text) == (None, None, None)


def test_the_attack_answered_is_retaliation_for() -> None:
    sentence = ("The United States struck militia sites in Syria on Friday in response to a "
                "drone attack that killed three American soldiers.")
    article = _article(sentence)
    brief = _brief(article, ("strike", "militia",
                             _strikes(("United States", "militia sites", "Syria"))))
    (event,) = brief.events
    assert _attackers(event) == ["United States"]
    assert event.retaliation_for == "a drone attack that killed three American soldiers"


# --- 8. "blamed on X" -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "attacker"),
    [
        ("A car bomb struck a checkpoint in Varn on Monday, which the government blamed on "
         "rebel commander Kaan Vor's forces.", "Kaan Vor's forces"),
        ("A car bomb struck a checkpoint in Varn on Monday; officials blamed the attack on "
         "the Crimson Brigade.", "Crimson Brigade"),
        ("A car bomb struck a checkpoint in Varn on Monday, which officials blamed on rebels.",
         None),
    ],
)
def test_blamed_on_names_the_attacker_when_the_model_does_not(
        sentence: str, attacker: str | None) -> None:
    article = _article(sentence)
    brief = _brief(article, ("strike", "checkpoint", _strikes(("", "checkpoint", "Varn"))))
    (event,) = brief.events
    assert _attackers(event) == ([attacker] if attacker else [])


def test_blamed_on_does_not_override_the_models_attacker() -> None:
    article = _article("Estavian artillery shelled a checkpoint in Varn on Monday, which the "
                       "government blamed on rebel commander Kaan Vor's forces.")
    brief = _brief(article, ("strike", "checkpoint",
                             _strikes(("Estavian artillery", "checkpoint", "Varn"))))
    (event,) = brief.events
    assert _attackers(event) == ["Estavian"]  # the weapon word is not the attacker's name


# --- 9. a country as target is the place, unless the text says it was hit ------------------


@pytest.mark.parametrize(
    ("sentence", "target", "targets", "place"),
    [
        ("Norlandian warplanes struck targets in Syria overnight.", "Syria", [], "Syria"),
    ],
)
def test_country_target_is_the_place(
        sentence: str, target: str, targets: list[str], place: str) -> None:
    article = _article(sentence)
    brief = _brief(article, ("strike", "warplanes", _strikes(("Norland", target, ""))))
    (event,) = brief.events
    assert [t.name for t in event.target] == targets
    assert event.location.place == place
    assert (event.location.country, event.location.country_code) == ("Syria", "SYR")


def test_model_place_wins_over_a_country_target() -> None:
    article = _article("Norlandian warplanes struck positions in Syria overnight, hitting Aleppo.")
    brief = _brief(article, ("strike", "warplanes", _strikes(("Norland", "Syria", "Aleppo"))))
    (event,) = brief.events
    assert event.target == []
    assert (event.location.place, event.location.country) == ("Aleppo", "Syria")


@pytest.mark.parametrize("target", ["market", "airport", "bridge"])
def test_common_noun_target_is_not_a_place(target: str) -> None:
    # regression: these nouns are alternate names of cities in the gazetteer ("market" ->
    # a US city), which used to turn the target into a place in the United States
    article = _article(f"Norlandian drones struck the {target} in Kessa on Monday.")
    brief = _brief(article, ("strike", "drones", _strikes(("Norland", target, ""))))
    (event,) = brief.events
    assert [t.name for t in event.target] == [target]
    assert event.location.country is None and event.location.countries == []


def test_unattributed_strike_on_a_common_noun_target_is_kept() -> None:
    # regression: with no attacker, moving "market" to place dropped the whole strike
    article = _article("A drone strike on a market in Kessa killed 12 people on Monday.")
    brief = _brief(article, ("strike", "market", _strikes(("", "market", "Kessa"))))
    (event,) = brief.events
    assert [t.name for t in event.target] == ["market"]
    assert (event.killed.min, event.killed.max) == (12, 12)


# --- 10. reactions ------------------------------------------------------------------------

_STRIKE = "Norlandian drones struck a fuel depot in Kessa on Monday."
_STRIKE_ANSWER = ("strike", "fuel depot", _strikes(("Norland", "fuel depot", "Kessa")))


def test_an_unambiguous_stance_cue_makes_the_reaction() -> None:
    article = _article(_STRIKE, "Estavia condemned the attack on Tuesday.")
    brief = _brief(article, _STRIKE_ANSWER)
    (reaction,) = brief.reactions
    assert reaction.actor.name == "Estavia"
    assert reaction.stance == "condemn"
    assert [s.quote for s in reaction.evidence] == ["Estavia condemned the attack on Tuesday."]


def test_the_first_stance_cue_of_a_statement_wins() -> None:
    article = _article(_STRIKE, "Estavia condemned the attack and urged restraint.")
    brief = _brief(article, _STRIKE_ANSWER)
    (reaction,) = brief.reactions
    assert reaction.stance == "condemn"


@pytest.mark.parametrize("sentence", [
    "Witnesses said the blast shattered windows across the street.",
    "Officials said 12 people were killed in the strike.",
    "Estavia's foreign minister met his counterpart on Tuesday.",
])
def test_not_a_reaction_is_dropped(sentence: str) -> None:
    article = _article(_STRIKE, sentence)
    assert _brief(article, _STRIKE_ANSWER).reactions == []


def test_with_no_strike_there_is_nothing_to_react_to() -> None:
    article = _article(
        "Norland vowed revenge and launched missiles at an Estavian air base on Monday.")
    assert _brief(article).reactions == []


@pytest.mark.xfail(strict=True, reason=(
    "round 24: the attacker's own words are no longer dropped (reaction.attackers_own_words "
    "was right 11 times of 21 on 732 texts; its half for the strike's own sentence 6 of 12)"))
def test_a_sentence_reporting_xs_strike_is_not_xs_reaction() -> None:
    article = _article(
        "Norland vowed revenge and launched missiles at an Estavian air base on Monday.")
    strike = ("strike", "vowed", _strikes(("Norland", "air base", "")))
    brief = _brief(article, strike)
    assert [_attackers(e) for e in brief.events] == [["Norland"]]
    assert brief.reactions == []


# --- 11. grounded spans and a valid brief ---------------------------------------------------


def test_every_span_is_verbatim_and_the_brief_validates() -> None:
    text = (
        "date 2024-03-05 Norlandian jets bombed a fuel depot in Aleppo on Monday, killing "
        "five guards.\n"
        "The strikes also hit a power station near Mosul, wounding at least 20 workers.\n"
        "Estavia’s foreign ministry condemned the raids: “This is a flagrant breach of "
        "international law,” it said.\n"
        "The government in Iraq urged restraint.\n"
    )
    article = article_from_text(text)
    brief = _brief(
        article,
        ("strike", "fuel depot", _strikes(("Norland", "fuel depot", "Aleppo"))),
        ("strike", "power station", _strikes(("Norland", "power station", "Mosul"))),
    )
    # "The government in Iraq" is an institution no frame resolves: no reaction
    assert len(brief.events) == 2 and len(brief.reactions) == 1
    spans = [s for e in brief.events for s in e.evidence]
    spans += [s for r in brief.reactions for s in r.evidence]
    assert len(spans) == 3
    for span in spans:
        assert text[span.start:span.end] == span.quote
        assert not span.quote.startswith("date ")  # the dateline is no evidence
    ministry = brief.reactions[0]
    assert ministry.stance == "condemn"
    assert ministry.quote == "This is a flagrant breach of international law,"
    assert ministry.quote in text
    killed = _event_with(brief, "fuel depot").killed
    assert (killed.min, killed.max) == (5, 5)
    injured = _event_with(brief, "power station").injured
    assert (injured.min, injured.max) == (20, None)
    assert str(brief.published) == "2024-03-05"
    assert brief.meta.model == "test-model" and brief.meta.seconds == 0.25
    assert Brief.model_validate(brief.model_dump()) == brief
    assert Brief.model_validate_json(brief.model_dump_json()) == brief


def test_a_target_restated_inside_a_longer_one_is_listed_once() -> None:
    article = _article(
        "Norland struck a convoy near Aleppo, killing Ivo Brandt, a senior commander of the "
        "Red Guard.",
        "The strike on the convoy was the third this month.",
    )
    brief = _brief(
        article,
        ("strike", "Norland struck", _strikes(
            ("Norland", "a senior commander of the Red Guard", "Aleppo"))),
        ("strike", "third this month", _strikes(
            ("Norland", "Ivo Brandt, a senior commander of the Red Guard", "Aleppo"))),
    )
    (event,) = brief.events
    assert [t.name for t in event.target] == ["Ivo Brandt, a senior commander of the Red Guard"]


def test_an_organisation_given_as_place_is_not_the_place() -> None:
    article = _article("Norland struck a depot of the Red Guard Corps in Syria on Monday.")
    brief = _brief(article, ("strike", "Norland struck", _strikes(
        ("Norland", "depot", "Red Guard Corps"))))
    (event,) = brief.events
    assert event.location.place != "Red Guard Corps"
    # no place of the strike is left; the one country the text names as where ("in Syria")
    # gives the country
    assert event.location.place is None
    assert event.location.country_code == "SYR"
