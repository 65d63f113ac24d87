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
])
def test_reaction_quote_is_the_quoted_passage(sentence: str, quote: str) -> None:
    article = article_from_text(LEAD + sentence, "invented")
    found = statements(article_sentences(article))
    assert found, "the sentence frames a statement"
    reaction = from_statement(found[0], article)
    assert reaction.quote == quote
    assert reaction.quote in article.text
