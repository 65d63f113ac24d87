"""render: the contract's JSON byte-for-byte, and Markdown that reads well plain and in rich."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from rich.console import Console
from rich.markdown import Markdown

from summarizer.models import (
    Actor,
    Brief,
    Count,
    Event,
    Location,
    Meta,
    Reaction,
    Span,
    Usage,
)
from summarizer.render import format_count, format_location, to_json, to_markdown

# Invented article; spans below index into it.
ARTICLE = (
    "Drones of the Séverin Front struck the Ødegård barracks on 4 March 2031, killing at least"
    " 18 soldiers.\nThe ministry said: “This will not go unanswered.”"
)


def _span(quote: str) -> Span:
    start = ARTICLE.index(quote)
    return Span(quote=quote, start=start, end=start + len(quote))


def _meta() -> Meta:
    return Meta(
        model="qwen2.5_7b-instruct",
        prompt_version="p2031.1",
        article_sha256="ab" * 32,
        usage=Usage(prompt_tokens=1234, completion_tokens=567),
        seconds=4.25,
    )


def _brief() -> Brief:
    strike = Event(
        attacker=[Actor(name="Séverin Front", aliases=["Front Séverin"], kind="armed_group")],
        target=[Actor(name="Ødegård barracks", kind="unknown"), Actor(name="Arkadian army")],
        target_kind="military",
        weapon="drone",
        location=Location(place="Ødegård", country="Arkadia", country_code="ARK",
                          countries=["Arkadia"]),
        date=dt.date(2031, 3, 4),
        attribution="claimed",
        killed=Count(min=18, max=None, text="at least 18 soldiers"),
        injured=Count(min=13, max=15, text="13 or 15 wounded"),
        retaliation_for="the shelling of Mirna",
        evidence=[_span("Drones of the Séverin Front struck the Ødegård barracks on 4 March 2031,"
                        " killing at least 18 soldiers.")],
    )
    raid = Event(
        target=[Actor(name="Kasr al-Nūr village", kind="civilians")],
        target_kind="civilian",
        weapon="ground_raid",
        location=Location(place=None, country="Borvia", country_code="BRV",
                          countries=["Borvia", "Arkadia"]),
        attribution="unknown",
        killed=Count(min=None, max=None, text="several"),
    )
    reaction = Reaction(
        actor=Actor(name="Arkadian Ministry of Defence", kind="organisation"),
        stance="threaten",
        summary="The ministry vowed to answer the attack.",
        quote="This will not go unanswered.",
        evidence=[_span("“This will not go unanswered.”")],
    )
    return Brief(
        headline="Séverin Front drones strike Ødegård barracks in Arkadia",
        summary="Drones struck a barracks in Ødegård, killing at least 18 soldiers. "
        "Arkadia’s ministry threatened a response.",
        published=dt.date(2031, 3, 5),
        events=[strike, raid],
        reactions=[reaction],
        meta=_meta(),
    )


def _empty_brief(**changes: object) -> Brief:
    base: dict[str, object] = {
        "headline": "Truce talks resume in Velmora",
        "summary": "Negotiators met again. No fighting was reported.",
        "meta": _meta(),
    }
    base.update(changes)
    return Brief.model_validate(base)


def _rich(markdown: str) -> str:
    console = Console(width=120, color_system=None)
    with console.capture() as captured:
        console.print(Markdown(markdown))
    return captured.get()


# --- JSON -------------------------------------------------------------------------------


def test_json_is_the_model_dump() -> None:
    brief = _brief()
    out = to_json(brief)
    assert out.endswith("}\n")
    assert json.loads(out) == brief.model_dump(mode="json")
    assert Brief.model_validate_json(out) == brief


def test_json_exact_formatting() -> None:
    brief = _brief()
    expected = json.dumps(brief.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    out = to_json(brief)
    assert out == expected
    assert "Ødegård" in out and "\\u" not in out  # non-ASCII kept literally
    assert '\n  "schema_version": "1",' in out  # two-space indent
    assert '"published": "2031-03-05"' in out
    assert '"max": null' in out


def test_json_field_order_follows_contract() -> None:
    keys = list(json.loads(to_json(_brief())))
    assert keys == ["schema_version", "headline", "summary", "published", "events",
                    "reactions", "meta"]


# --- counts and places ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (Count(min=5, max=5, text="five"), "5 (“five”)"),
        (Count(min=18, text="at least 18 fighters"), "18+ (“at least 18 fighters”)"),
        (Count(min=13, max=15, text="13 or 15"), "13–15 (“13 or 15”)"),
        (Count(max=7, text="up to seven"), "up to 7 (“up to seven”)"),
        (Count(text="several"), "unknown (“several”)"),
        (Count(min=0, max=0, text="no one was hurt"), "0 (“no one was hurt”)"),
        (Count(min=3, max=3), "3"),
        (Count(), None),
    ],
)
def test_format_count(count: Count, expected: str | None) -> None:
    assert format_count(count) == expected


def test_format_count_keeps_curly_quotes_of_phrase() -> None:
    assert format_count(Count(text="“dozens”")) == "unknown (“dozens”)"


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (Location(place="Ødegård", country="Arkadia", country_code="ARK"),
         "Ødegård, Arkadia [ARK]"),
        (Location(country="Borvia", country_code="BRV", countries=["Borvia", "Arkadia"]),
         "Borvia [BRV]; also Arkadia"),
        (Location(place="Hill 402"), "Hill 402"),
        (Location(), "unknown"),
    ],
)
def test_format_location(location: Location, expected: str) -> None:
    assert format_location(location) == expected


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_layout() -> None:
    md = to_markdown(_brief())
    lines = md.splitlines()
    assert lines[0] == "# Séverin Front drones strike Ødegård barracks in Arkadia"
    assert "Published: 2031-03-05" in lines
    assert md.index("Drones struck a barracks") < md.index("## Events") < md.index("## Reactions")
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_markdown_event_block() -> None:
    md = to_markdown(_brief())
    assert "### 1. Séverin Front → Ødegård barracks, Arkadian army [1]" in md
    for line in [
        "- where: Ødegård, Arkadia [ARK] [1]",
        "- weapon: drone",
        "- target kind: military",
        "- when: 2031-03-04",
        "- killed: 18+ (“at least 18 soldiers”) [1]",
        "- injured: 13–15 (“13 or 15 wounded”)",  # the phrase is in no evidence quote
        "- attribution: claimed",
        "- retaliation for: the shelling of Mirna",
    ]:
        assert line in md.splitlines()
    quote = "Drones of the Séverin Front struck the Ødegård barracks on 4 March 2031, killing"
    assert f"> [1] “{quote} at least 18 soldiers.” [0–102]" in md


def test_markdown_links_each_fact_to_the_quotes_it_comes_from() -> None:
    first = _span("Drones of the Séverin Front struck the Ødegård barracks on 4 March 2031,"
                  " killing at least 18 soldiers.")
    second = _span("The ministry said")
    event = Event(
        attacker=[Actor(name="Séverin Front")], target=[Actor(name="ministry")],
        location=Location(place="Ødegård"), killed=Count(min=18, text="at least 18 soldiers"),
        evidence=[first, second],
    )
    md = to_markdown(_empty_brief(events=[event]))
    assert "### 1. Séverin Front → ministry [1, 2]" in md
    assert "- where: Ødegård [1]" in md.splitlines()
    assert "- killed: 18+ (“at least 18 soldiers”) [1]" in md.splitlines()
    assert f"> [2] “The ministry said” [{second.start}–{second.end}]" in md
    shown = _rich(md)
    assert "killed: 18+ (“at least 18 soldiers”) [1]" in shown
    assert "[2] “The ministry said”" in shown


def test_markdown_unknown_attacker_and_missing_fields() -> None:
    md = to_markdown(_brief())
    second = md[md.index("### 2."):md.index("## Reactions")]
    assert second.startswith("### 2. unknown attacker → Kasr al-Nūr village")
    assert "- weapon: ground raid" in second
    assert "- where: Borvia [BRV]; also Arkadia" in second
    assert "- killed: unknown (“several”)" in second
    assert "when:" not in second  # no date, no line
    assert "injured:" not in second  # not mentioned, no line
    assert "retaliation for:" not in second
    assert ">" not in second  # no evidence


def test_markdown_reaction() -> None:
    md = to_markdown(_brief())
    reactions = md[md.index("## Reactions"):]
    assert (
        "Arkadian Ministry of Defence — threaten: The ministry vowed to answer the attack."
        in reactions
    )
    assert "\n\n> “This will not go unanswered.”\n" in reactions


def test_reaction_without_quote_shows_evidence() -> None:
    reaction = Reaction(
        actor=Actor(name="UN envoy Ana Ferraz", kind="person"),
        stance="call_for_restraint",
        summary="The envoy urged both sides to stop.",
        evidence=[_span("The ministry said")],
    )
    md = to_markdown(_empty_brief(reactions=[reaction]))
    start = ARTICLE.index("The ministry said")
    assert "UN envoy Ana Ferraz — call for restraint: The envoy urged" in md
    assert f"> [1] “The ministry said” [{start}–{start + 17}]" in md


def test_footer() -> None:
    md = to_markdown(_brief())
    tail = md.rstrip("\n").split("\n\n")
    assert tail[-2] == "---"
    assert tail[-1] == (
        "Model qwen2.5_7b-instruct · prompt p2031.1 · 1,234 prompt + 567 completion tokens · 4.2 s"
    )


def test_no_events_no_reactions_no_date() -> None:
    md = to_markdown(_empty_brief())
    assert "## Events\n\nNo strike reported.\n" in md
    assert "## Reactions\n\nNo reactions reported.\n" in md
    assert "Published" not in md
    assert "###" not in md


def test_multiline_quote_stays_one_blockquote() -> None:
    event = Event(evidence=[Span(quote="18 soldiers.\nThe ministry", start=88, end=113)])
    md = to_markdown(_empty_brief(events=[event]))
    assert "> [1] “18 soldiers. The ministry” [88–113]" in md


def test_already_quoted_quote_is_not_double_quoted() -> None:
    md = to_markdown(_brief())
    assert "““" not in md and "””" not in md


def test_markdown_specials_in_article_text_are_escaped() -> None:
    brief = _empty_brief(
        headline="Strike on *Camp_One* [photos]",
        summary="1. A raid hit <b>Tal</b> village.",
        events=[Event(attacker=[Actor(name="+972 Unit")], target=[Actor(name="snake_case")])],
        reactions=[Reaction(actor=Actor(name="# Bureau"), summary="Said _nothing_.")],
    )
    md = to_markdown(brief)
    assert md.startswith("# Strike on \\*Camp_One\\* \\[photos\\]\n")
    assert "\n1\\. A raid hit \\<b>Tal\\</b> village.\n" in md
    assert "### 1. +972 Unit → snake_case" in md  # intraword underscore left alone
    assert "\n\\# Bureau — other: Said \\_nothing\\_.\n" in md
    shown = _rich(md)
    assert "Strike on *Camp_One* [photos]" in shown
    assert "1. A raid hit <b>Tal</b> village." in shown
    assert "# Bureau — other: Said _nothing_." in shown


def test_rich_rendering_reads_cleanly() -> None:
    shown = _rich(to_markdown(_brief()))
    assert "Séverin Front drones strike Ødegård barracks in Arkadia" in shown
    assert "1. Séverin Front → Ødegård barracks, Arkadian army" in shown
    assert "killed: 18+ (“at least 18 soldiers”)" in shown
    assert "“This will not go unanswered.”" in shown
    assert "1,234 prompt + 567 completion tokens" in shown
    for markup in ("##", "**", "\\", "- where"):
        assert markup not in shown


def test_rich_rendering_of_empty_brief() -> None:
    shown = _rich(to_markdown(_empty_brief()))
    assert "No strike reported." in shown
    assert "No reactions reported." in shown
