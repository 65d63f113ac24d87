"""A titled speaker's reaction carries the person's name as a verbatim alias, so that
"Estavia's Kurdish Prime Minister Ana Ruiz" and "Ana Ruiz, prime minister" are one actor.
Invented sentences."""

from __future__ import annotations

import pytest

from summarizer.pipeline.planning import article_sentences
from summarizer.pipeline.reactions import from_statement, person_named
from summarizer.pipeline.statements import statements
from summarizer.reader import article_from_text


@pytest.mark.parametrize(("speaker", "person"), [
    ("Estavia’s Kurdish Prime Minister Ana Ruiz", "Ana Ruiz"),
    ("Norland Defence Minister Karl Ivo Sol", "Karl Ivo Sol"),
    ("UN Special Rapporteur Ivo Dren", "Ivo Dren"),
    ("Estavia's foreign minister Ana Ruiz", "Ana Ruiz"),  # an office in lower case too
    ("Norland's spokesman Ivo Dren", "Ivo Dren"),
    ("the Estavian defence ministry", ""),  # an office with no person
    ("Kessa's official Varn Broadcasting Corporation", ""),  # "official" is no office here
    ("Norland's envoy Kessa Mission", ""),  # a body, not a person, after a lower-case office
    ("Commander Of Kessa Forces", ""),  # no person's name
    ("Estavia's foreign ministry", ""),  # no person
    ("President Dren", ""),  # a surname alone is too little to stand for a person
    ("Ana Ruiz", ""),  # no office: the name is already the person's
])
def test_person_named(speaker: str, person: str) -> None:
    assert person_named(speaker) == person


def test_reaction_alias_is_verbatim() -> None:
    article = article_from_text(
        "Norland jets struck a depot in Kessa on Monday. Estavia’s Kurdish Prime Minister "
        "Ana Ruiz condemned the attack as a crime.", "invented")
    found = statements(article_sentences(article))
    reaction = from_statement(found[0], article)
    assert reaction.actor.aliases == ["Ana Ruiz"]
    assert all(a in article.text for a in reaction.actor.aliases)


def test_a_sentence_opener_is_no_speaker() -> None:
    article = article_from_text("Norland jets struck a depot in Kessa on Monday. Each side "
                                "blamed the other for the shelling.", "invented")
    assert [st.speaker for st in statements(article_sentences(article))] == []


@pytest.mark.parametrize(("said", "speaker"), [
    ("Peace Now condemned the attack.", "Peace Now"),  # a trailing word in a name's case
    ("Russia Today denied that Norland forces struck the depot.", "Russia Today"),
    ("The All Progressives Congress condemned the airstrike.", "All Progressives Congress"),
    ("RSF — Sudan's paramilitary force — denied the attack.",  # no place: no dateline
     "RSF — Sudan's paramilitary force —"),
    ("Estavia's Foreign Ministry meanwhile denied any role.", "Estavia's Foreign Ministry"),
])
def test_the_cleaning_keeps_a_name_whole(said: str, speaker: str) -> None:
    article = article_from_text(f"Norland jets struck a depot in Kessa on Monday. {said}",
                                "invented")
    assert [st.speaker for st in statements(article_sentences(article))] == [speaker]
