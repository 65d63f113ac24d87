"""A reaction's quote is the quoted passage of its sentence: an apostrophe inside a word
("the guard's family", "people’s") neither opens nor closes it. Invented sentences."""

from __future__ import annotations

import pytest

from summarizer.pipeline.planning import article_sentences
from summarizer.pipeline.reactions import from_statement
from summarizer.pipeline.statements import statements
from summarizer.reader import article_from_text

LEAD = "Norland jets struck a depot in Kessa on Monday. "


@pytest.mark.parametrize(("sentence", "quote"), [
    ("Defence Minister Ana Ruiz expressed solidarity with the guard's family, saying he was "
     "killed \"during a cowardly terrorist attack by Norland.\"",
     "during a cowardly terrorist attack by Norland."),
    ("Estavia's foreign ministry condemned “an attack on our people’s homes and lives,” "
     "its spokesman said.",
     "an attack on our people’s homes and lives,"),
    ("“This [Monday’s] strike is a crime,” Estavia’s president said.",
     "This [Monday’s] strike is a crime,"),
    ("“We condemn this attack and stand with the victims’ families,” Estavia’s president "
     "said.",
     "We condemn this attack and stand with the victims’ families,"),
    ("The strike was condemned as 'a grave threat to the stability of the region,' "
     "according to Estavia's prime minister.",
     "a grave threat to the stability of the region,"),
])
def test_reaction_quote_is_the_quoted_passage(sentence: str, quote: str) -> None:
    article = article_from_text(LEAD + sentence, "invented")
    found = statements(article_sentences(article))
    assert found, "the sentence frames a statement"
    reaction = from_statement(found[0], article)
    assert reaction.quote == quote
    assert reaction.quote in article.text


def _quotes(text: str) -> dict[str, str | None]:
    """Each reaction's actor and quote, as a brief makes them."""
    from summarizer.pipeline.brief import _reactions

    article = article_from_text(LEAD + text, "invented")
    return {r.actor.name: r.quote for r in _reactions(article, article_sentences(article))}


def test_a_quote_is_its_own_speakers_not_the_other_speakers_of_the_sentence() -> None:
    quotes = _quotes("Norland warned Estavia would \"pay a heavy price\" if it responded, and "
                     "the United States demanded restraint from both sides.")
    assert quotes.get("Norland") == "pay a heavy price"
    assert "United States" in quotes and quotes["United States"] is None


def test_a_quoted_toll_before_the_speaker_is_not_the_speakers_words() -> None:
    quotes = _quotes("The UN said at least 40 people died and 130 were “severely injured” in "
                     "the attack, which the government in Kessa has blamed on Norland.")
    assert quotes and all(q != "severely injured" for name, q in quotes.items()
                          if "government" in name.lower())
    assert any("government" in name.lower() for name in quotes)
