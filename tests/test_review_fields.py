"""The review page's field marks inside the evidence, their tooltips, the decision trace
opened from a panel's field, and the print layout, on a fictional brief."""

from __future__ import annotations

import re

from review_fixtures import FIRST, TEXT, brief
from test_review_page import check_highlights, parse

from summarizer.outputs.review import STYLE, render_page


def _fields(html: str) -> list[tuple[str, str, str]]:
    """``(class, title, text)`` of every field span in the article."""
    return [(m[1], m[2], m[3]) for m in re.finditer(
        r'<span class="f ([^"]+)" title="([^"]*)">([^<]*)</span>', html)]


def test_fields_are_marked_where_they_stand_in_the_sentence() -> None:
    b = brief()
    html = render_page(b, TEXT)
    fields = _fields(html)
    assert ("f-attacker", "attacker of event 1: Norland", "Norland") in fields
    assert ("f-target", "target of event 1: an ammunition depot", "an ammunition depot") in fields
    assert ("f-place", "place of event 1: Kessa", "Kessa") in fields
    assert ("f-killed", "killed of event 1: killing five soldiers",
            "killing five soldiers") in fields
    assert ("f-injured", "injured of event 1: wounding 12 people", "wounding 12 people") in fields
    assert ("f-target", "target of event 2: a fuel convoy", "a fuel convoy") in fields
    assert ("f-actor", "actor of reaction 1: Estavia", "Estavia") in fields
    # "Kessa" and "Estavia" in the dateline are outside any evidence: not marked
    assert len([f for f in fields if f[2] == "Kessa"]) == 1
    assert len([f for f in fields if f[2] == "Estavia"]) == 1
    # the evidence marks are unchanged: each span one run of marks at its offsets
    check_highlights(parse(html), b, TEXT)


def test_evidence_marks_say_what_they_are() -> None:
    page = parse(render_page(brief(), TEXT))
    titles = {m["title"] for m in page.marks}
    assert titles == {"evidence of event 1", "evidence of event 2", "evidence of reaction 1"}


def test_whole_words_only() -> None:
    b = brief()
    b.events[0].attacker[0].name = "Norl"  # inside "Norland": not a match
    assert not [f for f in _fields(render_page(b, TEXT)) if "f-attacker" in f[0]]


def test_without_a_trace_nothing_is_clickable() -> None:
    html = render_page(brief(), TEXT)
    body = html[html.index("<body>"):html.index("<script>")]
    assert "data-why" not in body and 'class="why"' not in body
    assert "Dropped by the rules" not in html


def test_trace_opens_from_the_fields_it_decided() -> None:
    html = render_page(brief(trace=True), TEXT)
    card = html[html.index('id="card-e0"'):html.index('id="card-e1"')]
    assert '<span data-why="attacker" tabindex="0" role="button">Norland</span>' in card
    assert '<span data-why="where" tabindex="0" role="button">where</span>' in card
    assert 'data-why="event"' in card  # a traced field no row shows: "other rules"
    assert "<dt>confidence</dt><dd>0.83</dd>" in card  # the event's score, from the trace
    assert "<dt>confidence</dt>" not in html[html.index('id="card-e1"'):]  # e1 not scored
    block = re.search(r'<div class="why" id="why-e0-attacker" hidden>(.*?)</div>', card)
    assert block is not None
    assert "<code>attacker.subject</code> kept “Norland” <small>18–25</small>" in block[1]
    where = re.search(r'<div class="why" id="why-e0-where" hidden>(.*?)</div>', card)
    assert where is not None and "place.gazetteer" in where[1]
    assert 'data-why="weapon"' not in card  # not traced: plain
    reaction = html[html.index('id="card-r0"'):]
    assert '<span data-why="stance" tabindex="0" role="button">condemn</span>' in reaction
    assert 'id="why-r0-stance"' in reaction
    dropped = html[html.index('class="dropped"'):]
    assert "event.not_an_attack_planned" in dropped and "the border" in dropped
    assert FIRST in html


def test_print_layout_has_no_scroll_boxes() -> None:
    printed = STYLE[STYLE.index("@media print"):]
    assert re.search(r"\.article,aside\{max-height:none;height:auto;overflow:visible\}",
                     printed)
    assert "main{display:block" in printed
    assert "break-inside:avoid" in printed
