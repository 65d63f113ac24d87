"""Country codes, names and places. Every sentence here is invented."""

from __future__ import annotations

import pytest

from summarizer.normalize.geo import (
    countries_in,
    country_code,
    country_name,
    country_of_place,
    country_of_place_with_rule,
    is_demonym,
)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Iran", "IRN"),
        ("Iran, Islamic Republic of", "IRN"),
        ("Syria", "SYR"),
        ("Russia", "RUS"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Palestine", "PSE"),
        ("Gaza", "PSE"),
        ("the Gaza Strip", "PSE"),
        ("West Bank", "PSE"),
        ("Kosovo", "XKX"),
        ("U.S.", "USA"),
        ("United States", "USA"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("Iraqi", "IRQ"),
        ("Syrian", "SYR"),
        ("Afghan", "AFG"),
        ("Pakistani", "PAK"),
        ("Israeli", "ISR"),
        ("Lebanese", "LBN"),
        ("Yemeni", "YEM"),
        ("Saudi", "SAU"),
        ("IRQ", "IRQ"),
        ("IQ", "IRQ"),
        ("Côte d’Ivoire", "CIV"),
        ("Phillipines", "PHL"),
        ("  the Netherlands ", "NLD"),
    ],
)
def test_country_code(name: str, code: str) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize("name", ["Hezbollah", "Kurdistan", "Middle East", "", "   ", "Iraan"])
def test_country_code_none(name: str) -> None:
    assert country_code(name) is None


def test_short_names_never_fuzzy() -> None:
    assert country_code("Irak", fuzzy=True) is None  # too short to guess between Iraq/Iran
    assert country_code("Phillipines", fuzzy=False) is None


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("IRN", "Iran"),
        ("Iran, Islamic Republic of", "Iran"),
        ("SYR", "Syria"),
        ("RUS", "Russia"),
        ("TUR", "Turkey"),
        ("KOR", "South Korea"),
        ("PSE", "Palestine"),
        ("Gaza", "Palestine"),
        ("XKX", "Kosovo"),
        ("USA", "United States"),
        ("GBR", "United Kingdom"),
        ("Iraqi", "Iraq"),
        ("Libya", "Libya"),
        ("VNM", "Vietnam"),
        ("Narnia", None),
    ],
)
def test_country_name(value: str, name: str | None) -> None:
    assert country_name(value) == name


def test_is_demonym() -> None:
    assert is_demonym("Iraqi")
    assert is_demonym("Turkish")
    assert not is_demonym("Iraq")
    assert not is_demonym("Saudi")  # also a country's short name
    assert not is_demonym("Kurdish")


@pytest.mark.parametrize(
    ("place", "country"),
    [
        ("Iraq", "Iraq"),
        ("Tripoli", "Libya"),  # the most populous Tripoli
        ("Mosul", "Iraq"),
        ("near Mosul", "Iraq"),
        ("northern Iraq", "Iraq"),
        ("Smalltown, Iraq", "Iraq"),
        ("Kyiv", "Ukraine"),
        ("Kiev", "Ukraine"),
        ("Khost province", "Afghanistan"),
        ("Isfahan", "Iran"),
        ("Baghdad airport", "Iraq"),
        ("outskirts of Tripoli", "Libya"),
        ("a farm near Erbil, some 40 km from the border", "Iraq"),
        ("Gaza", "Palestine"),
        ("Gaza City", "Palestine"),
        ("Nagorno-Karabakh", "Azerbaijan"),
        ("Indian-administered Kashmir", "India"),
        ("Sanaa", "Yemen"),
        # a four-word name is read whole ("Republic of Congo" inside it is another country)
        ("restive east of the Democratic Republic of Congo", "Democratic Republic of the Congo"),
        ("Kashmir", None),
        ("Golan Heights", None),
        ("Afghanistan-Pakistan border", None),
        ("Nowhereville", None),
        ("", None),
    ],
)
def test_country_of_place(place: str, country: str | None) -> None:
    assert country_of_place(place) == country


def test_countries_in_order_of_first_mention() -> None:
    text = (
        "Jets from the U.S. hit sites in Iraq and Syria near the Jordan border. Iraq protested; "
        "South Sudan and Sudan, Türkiye and Guinea-Bissau stayed silent. Gaza was calm."
    )
    assert countries_in(text) == [
        "United States", "Iraq", "Syria", "Jordan", "South Sudan", "Sudan", "Turkey",
        "Guinea-Bissau", "Palestine",
    ]  # fmt: skip


def test_countries_in_ignores_lowercase_words_and_demonyms_by_default() -> None:
    text = "Iraqi and Syrian forces told us they would turkey-trot in Nigeria, not Niger."
    assert countries_in(text) == ["Nigeria", "Niger"]
    assert countries_in(text, demonyms=True) == ["Iraq", "Syria", "Nigeria", "Niger"]
    assert countries_in("The US said so. The US.") == ["United States"]


@pytest.mark.parametrize(
    ("place", "country", "rule", "words"),
    [
        ("Makhmour, Iraq", "Iraq", "place.trailing_country", "Iraq"),
        ("near Mosul", "Iraq", "place.city", "Mosul"),
        ("Kashmir", None, "place.region", "Kashmir"),
        ("Haska Mina district of Nangarhar province", "Afghanistan",
         "place.named_region_decides", "Nangarhar"),
        ("xqzt lorv", None, "place.unknown", None),
    ],
)
def test_country_of_place_names_its_rule(
    place: str, country: str | None, rule: str, words: str | None
) -> None:
    found, rule_id, span = country_of_place_with_rule(place)
    assert (found, rule_id) == (country, rule)
    assert (place[span[0] : span[1]] if span else None) == words
    assert country_of_place(place) == found
