"""Aligning model quotes to the article. Every sentence here is invented."""

from __future__ import annotations

import json

import pytest
from conftest import DEV_DIR, needs_dev

from summarizer.models import Span
from summarizer.normalize.align import align, align_all, sentence_of
from summarizer.normalize.sentences import split_sentences

TEXT = (
    "The army’s spokesman said the raid on the depot was “a measured response” to the\n"
    "attack on the base.  Residents of Qaryat al‑Nahr said two houses burned — one of them "
    "belonged to Hélène Dubois.\n\n"
    "“We will not stay silent,” the Ministry of Defence said… The raid on the depot was the "
    "second this month. Он сказал, что удар был ошибкой. قال المتحدث إن الهجوم فشل 🚀 tonight."
)


def check(span: Span | None, text: str = TEXT) -> Span:
    assert span is not None
    assert text[span.start : span.end] == span.quote
    return span


def test_exact_match() -> None:
    span = check(align("the raid on the depot", TEXT))
    assert span.start == TEXT.index("the raid on the depot")


def test_exact_prefers_occurrence_after_hint() -> None:
    later = TEXT.index("The raid on the depot")
    span = check(align("raid on the depot", TEXT, hint=later))
    assert span.start == later + 4
    first = check(align("raid on the depot", TEXT, hint=0))
    assert first.start < later
    # a hint past the only occurrence still finds it
    assert check(align("Residents of", TEXT, hint=len(TEXT) - 1)).start == TEXT.index("Residents")


def test_wrapping_quote_marks_are_stripped() -> None:
    span = check(align("“We will not stay silent,”", TEXT))
    assert span.quote == "We will not stay silent,"
    assert check(align('"a measured response"', TEXT)).quote == "a measured response"


def test_straight_quotes_whitespace_and_line_breaks() -> None:
    quote = (
        'The army\'s spokesman said the raid on the depot was "a measured response" to the attack'
    )
    span = check(align(quote, TEXT))
    assert span.quote.startswith("The army’s spokesman")
    assert span.quote.endswith("to the\nattack")


def test_dashes_case_and_double_spaces() -> None:
    span = check(align("the base. residents of qaryat al-nahr said two houses burned - one", TEXT))
    assert span.quote == ("the base.  Residents of Qaryat al‑Nahr said two houses burned — one")


def test_accents_are_kept_in_the_returned_quote() -> None:
    span = check(align("belonged to Helene Dubois", TEXT))
    assert span.quote == "belonged to Hélène Dubois"


def test_decomposed_accents_in_text() -> None:
    text = "Aid reached Mosul. Cafe\u0301 owners in Re\u0301ne\u0301 protested."
    span = check(align("Café owners in Réné", text), text)
    assert span.quote == "Cafe\u0301 owners in Re\u0301ne\u0301"


def test_ellipsis_in_text_and_in_quote() -> None:
    span = check(align("the Ministry of Defence said...", TEXT))
    assert span.quote.endswith("said…")
    elided = check(align("We will not stay silent … the second this month", TEXT))
    assert elided.quote.startswith("We will not stay silent")
    assert elided.quote.endswith("the second this month")


def test_cyrillic_arabic_and_emoji_offsets() -> None:
    span = check(align("удар был ошибкой", TEXT))
    assert span.quote == "удар был ошибкой"
    span = check(align("إن الهجوم فشل  🚀 TONIGHT", TEXT))
    assert span.quote == "إن الهجوم فشل 🚀 tonight"


def test_fuzzy_small_edit_snaps_to_words() -> None:
    span = check(align("The raid at the depot was the second this month", TEXT))
    assert span.quote == "The raid on the depot was the second this month"
    span = check(align("Residents of Qaryat al-Nahr say two homes burned", TEXT))
    assert span.quote.startswith("Residents of Qaryat")
    assert span.quote.split()[-1].startswith("burn")


def test_fuzzy_never_starts_inside_a_word_or_on_punctuation() -> None:
    quote = "the spokesman said the raid on the depot was a measured response to the attack"
    span = check(align(quote, TEXT))
    assert span.quote.startswith("spokesman said")


def test_invented_text_is_not_aligned() -> None:
    assert align("The president ordered a full naval blockade of the port", TEXT) is None
    assert align("depot raid", TEXT) is None  # short and not verbatim: no fuzzy guess
    assert align("The raid on the depot was huge", TEXT) is None  # a changed word, short
    assert align("Two houses burned in Qaryat al-Nahr", TEXT) is None  # reordered
    assert align("", TEXT) is None
    assert align("“ ”", TEXT) is None
    assert align("anything", "") is None


def test_align_all_drops_unaligned_and_duplicates() -> None:
    spans = align_all(
        [
            "a measured response",
            "“a measured response”",
            "invented quote never said by anyone",
            "the second this month",
        ],
        TEXT,
    )
    assert [s.quote for s in spans] == ["a measured response", "the second this month"]


def test_sentence_of_offset_and_span() -> None:
    text = "First one here. Second one here. Third one."
    sents = split_sentences(text)
    assert sentence_of(text.index("Second"), sents).quote == "Second one here."
    assert sentence_of(text.index(" Second"), sents).quote == "Second one here."
    span = check(align("here. Second", text), text)
    merged = sentence_of(span, sents, text)
    assert merged.quote == "First one here. Second one here."
    assert text[merged.start : merged.end] == merged.quote
    assert sentence_of(span, sents).quote == "First one here."
    assert sentence_of(10_000, sents).quote == "Third one."
    with pytest.raises(ValueError):
        sentence_of(0, [])


@needs_dev
def test_dev_quotes_align_after_perturbation() -> None:
    """Gold quotes, re-typed with straight quotes and single spaces, align to the text."""
    count = 0
    for path in sorted(DEV_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        text = data["text"]
        for reaction in data["gold"]["reactions"]:
            quote = reaction["quote"]
            if not quote:
                continue
            typed = " ".join(quote.replace("’", "'").replace("“", '"').replace("”", '"').split())
            span = align(typed, text)
            assert span is not None, (path.name, quote)
            assert text[span.start : span.end] == span.quote
            assert span.start == text.index(quote)
            count += 1
    assert count > 0
