"""Dates from the text only. Sentences are invented; the dev set is read, never copied."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import DEV_DIR, needs_dev

from summarizer.normalize.dates import (
    dates_in,
    full_date_in,
    published_from_dateline,
    published_with_rule,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2024-02-03 The ministry said on Friday", D(2024, 2, 3)),
        ("date 2023-10-08\nA strike hit", D(2023, 10, 8)),
        (" date 2024-02-30 Impossible day", None),
        ("Feb 3, 2024 — The army said", D(2024, 2, 3)),
        ("3 February 2024: The army said", D(2024, 2, 3)),
        ("WASHINGTON, Feb. 3, 2024 (Reuters) - Jets struck", D(2024, 2, 3)),
        ("NEW YORK Feb 3, 2024 - Jets struck", D(2024, 2, 3)),
        ("Saturday, March 9, 2024 - Jets struck", D(2024, 3, 9)),
        ("Updated: 3rd March 2023 | 10:02", D(2023, 3, 3)),
        ("Posted 2022-11-05 08:00\nJets struck", D(2022, 11, 5)),
        ("March 9, 2024\nJets struck the port.", D(2024, 3, 9)),
        # not datelines
        ("Redport, Jets struck the port on Saturday.", None),
        ("On Saturday, March 9, 2024 the army said it had struck.", None),
        ("Jets struck the port, the army said.\n2024-03-09", None),
        ("The army said it struck on October 17.", None),
        ("", None),
    ],
)
def test_published_from_dateline(text: str, expected: dt.date | None) -> None:
    assert published_from_dateline(text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The strike happened on 3 February 2024.", D(2024, 2, 3)),
        ("It was launched on February 3, 2024 at dawn.", D(2024, 2, 3)),
        ("It was launched on Feb. 3 2024.", D(2024, 2, 3)),
        ("It hit on the 3rd of February, 2024.", D(2024, 2, 3)),
        ("The log shows 2024-02-03 as the day.", D(2024, 2, 3)),
        ("On Saturday, 9 March 2024, the jets returned.", D(2024, 3, 9)),
        # no full date: never guessed
        ("On October 17, jets struck the city.", None),
        ("He was killed in January 2020.", None),
        ("The attack came on Monday.", None),
        ("The attack came on 03/02/2024.", None),
        ("It happened on 31 February 2024.", None),
        ("The 2024 campaign killed 30.", None),
        ("", None),
    ],
)
def test_full_date_in(sentence: str, expected: dt.date | None) -> None:
    assert full_date_in(sentence) == expected


def test_dates_in_lists_all() -> None:
    text = "Between 1 May 2023 and June 2, 2023, and again on 2023-07-04."
    assert dates_in(text) == [D(2023, 5, 1), D(2023, 6, 2), D(2023, 7, 4)]


@needs_dev
def test_dev_set_date_prefix_matches_gold() -> None:
    """Where a dev text starts with the ' date ' prefix, the gold `published` is that date."""
    checked = 0
    for path in sorted(DEV_DIR.glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        text = item["text"]
        if text.lstrip().startswith("date "):
            assert published_from_dateline(text) == dt.date.fromisoformat(item["published"])
            checked += 1
        else:
            assert published_from_dateline(text) is None  # any other date is from the address
    assert checked > 0


@pytest.mark.parametrize(
    ("text", "rule", "words"),
    [
        (" date 2024-02-03\nAvor, Feb. 4, 2024 - x", "published.date_prefix", "2024-02-03"),
        ("  \n3 February 2024: the council met.", "published.dateline", "3 February 2024"),
        ("Updated 2024-02-03 10:00 by the desk", "published.iso_first_line", "2024-02-03"),
        ("The council met on Tuesday.", "published.none", None),
    ],
)
def test_published_names_its_rule(text: str, rule: str, words: str | None) -> None:
    day, rule_id, span = published_with_rule(text)
    assert rule_id == rule
    assert (text[span[0] : span[1]] if span else None) == words
    assert day == published_from_dateline(text)
