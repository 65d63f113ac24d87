"""Sentence spans with exact offsets. Every sentence here is invented."""

from __future__ import annotations

import itertools
import json

import pytest
from conftest import DEV_DIR, needs_dev

from summarizer.normalize.sentences import split_sentences


def quotes(text: str) -> list[str]:
    spans = split_sentences(text)
    for s in spans:
        assert text[s.start : s.end] == s.quote
        assert s.quote == s.quote.strip()
    return [s.quote for s in spans]


def test_plain_sentences() -> None:
    text = "Jets struck a depot. Two guards died! Was it planned? Nobody knows."
    assert quotes(text) == [
        "Jets struck a depot.",
        "Two guards died!",
        "Was it planned?",
        "Nobody knows.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The U.S. Central Command said the raid ended.",
        "Dr. Amal Haddad and Gen. Petrov met Lt. Col. Ruiz.",
        "The talks begin on Jan. 5 and end on Feb. 9 in St. Louis.",
        "Brigade No. 4 moved at 7 p.m. local time.",
        "John F. Kennedy airport reopened.",
        "The damage cost 3.5 million dollars.",
        "Mr. Okafor told the U.N. envoy that talks would resume.",
    ],
)
def test_abbreviations_initials_decimals_do_not_split(sentence: str) -> None:
    assert quotes(sentence + " A second sentence follows.") == [
        sentence,
        "A second sentence follows.",
    ]


def test_an_ellipsis_after_of_or_the_cuts_a_sentence_short_it_does_not_end_it() -> None:
    text = ("The tanker was hit on Monday in the Gulf of... Kessa, with a missile launched by "
            "the Crimson Brigade. Nobody was hurt... Officials said so.")
    assert quotes(text) == [
        "The tanker was hit on Monday in the Gulf of... Kessa, with a missile launched by the "
        "Crimson Brigade.",
        "Nobody was hurt...",
        "Officials said so.",
    ]
    assert quotes("It struck the… Norland base. It burned.") == [
        "It struck the… Norland base.", "It burned."]


def test_acronym_ends_sentence_before_clear_opener() -> None:
    assert quotes("The drones came from the U.S. The army denied it.") == [
        "The drones came from the U.S.",
        "The army denied it.",
    ]


def test_closing_quotes_stay_with_their_sentence() -> None:
    text = "He called it “a massacre.” Officials said “we will respond.” ‘Calm,’ she said."
    assert quotes(text) == [
        "He called it “a massacre.”",
        "Officials said “we will respond.”",
        "‘Calm,’ she said.",
    ]


def test_question_inside_quote_before_lowercase_is_not_a_boundary() -> None:
    assert quotes("“Why now?” he asked. Nobody answered.") == [
        "“Why now?” he asked.",
        "Nobody answered.",
    ]


def test_run_together_sentences_are_split() -> None:
    text = "The ministry condemned the breach of sovereignty.The army said it would respond."
    assert quotes(text) == [
        "The ministry condemned the breach of sovereignty.",
        "The army said it would respond.",
    ]
    assert quotes("He said it was over.”The next day troops left.") == [
        "He said it was over.”",
        "The next day troops left.",
    ]


def test_lines_and_headings_are_boundaries() -> None:
    text = "First paragraph without a stop\n\nStrikes and Repercussions\n\nA sentence. Another one."
    assert quotes(text) == [
        "First paragraph without a stop",
        "Strikes and Repercussions",
        "A sentence.",
        "Another one.",
    ]


def test_dateline_prefix_is_its_own_span() -> None:
    text = " date 2024-02-03 In a short statement, the army confirmed the raid. It gave no toll."
    spans = split_sentences(text)
    assert [s.quote for s in spans] == [
        "date 2024-02-03",
        "In a short statement, the army confirmed the raid.",
        "It gave no toll.",
    ]
    assert spans[0].start == 1


def test_non_ascii_offsets_are_exact() -> None:
    text = "Çağrı Yılmaz 🚀 arrived in Ağrı. Он сказал «нет». قال المتحدث إن الهجوم فشل.\nDone."
    got = quotes(text)
    assert got[0] == "Çağrı Yılmaz 🚀 arrived in Ağrı."
    assert got[-1] == "Done."
    assert len(got) == 4


def test_empty_and_whitespace() -> None:
    assert split_sentences("") == []
    assert split_sentences("  \n\n \t ") == []


@needs_dev
def test_dev_texts_offsets_exact() -> None:
    for path in sorted(DEV_DIR.glob("*.json")):
        text = json.loads(path.read_text(encoding="utf-8"))["text"]
        spans = split_sentences(text)
        assert spans, path.name
        for s in spans:
            assert text[s.start : s.end] == s.quote
        starts = [s.start for s in spans]
        assert starts == sorted(starts)
        assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
        assert not any(s.quote.startswith("date 20") and len(s.quote) > 15 for s in spans)
