"""The head noun that the event type checks read (pipeline/nonstrikes.py)."""

from __future__ import annotations

import pytest

from summarizer.pipeline.nonstrikes import MUNITIONS, WATERS, head


@pytest.mark.parametrize(("target", "expected"), [
    ("two anti-ship cruise missiles", "missiles"),
    ("tanker carrying sunflower oil in the Black Sea", "tanker"),
    ("drone factory near Kessa", "factory"),
    ("the sea", "sea"),
    ("“target ship”", "ship"),
    ("US bases (Ain al-Asad)", "bases"),
    ("", ""),
])
def test_the_head_is_the_last_word_before_the_first_modifier(target: str, expected: str) -> None:
    assert head(target) == expected


def test_a_drone_factory_is_no_munition_and_a_ship_at_sea_no_water() -> None:
    assert head("drone factory near Kessa") not in MUNITIONS
    assert head("container ship in the Gulf of Aden") not in WATERS
