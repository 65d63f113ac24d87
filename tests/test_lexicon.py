"""The shared word lists and the one helper that turns them into a pattern."""

from __future__ import annotations

import re

from summarizer.lexicon import MONTH_ABBREVIATIONS, MONTHS, SPEECH, STRIKE, alternation
from summarizer.normalize.speech import REPORTING


def test_alternation_prefers_the_longer_phrase() -> None:
    pattern = alternation(("air", "air raid"), ("raid",))
    assert pattern == r"(?:air\s+raid|raid|air)"
    assert re.match(pattern, "air  raid").group() == "air  raid"


def test_alternation_escapes_and_drops_duplicates() -> None:
    assert alternation(("U.S.", "U.S."), ("a+b",)) == r"(?:U\.S\.|a\+b)"


def test_month_lists_name_each_month_once_in_full() -> None:
    assert len(MONTHS) == 12
    assert all(any(m.startswith(a[:3]) for m in MONTHS) for a in MONTH_ABBREVIATIONS)


def test_speech_verbs_are_the_lexicons() -> None:
    assert REPORTING is SPEECH.reporting
    assert set(STRIKE.core_nouns) <= set(STRIKE.nouns)
