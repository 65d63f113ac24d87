"""Long articles (a monitor's report, a live blog) are read whole: no refusal below the
reader's byte limit, no cap on candidate sentences, and an overlong sentence is read in
verbatim pieces. Runs the real client against the fake OpenAI-compatible server."""

from __future__ import annotations

import re
from typing import Any

from fakeserver import FakeOpenAIServer

from summarizer.api import Summarizer
from summarizer.pipeline import plan
from summarizer.pipeline.planning import MAX_PIECE_CHARS, article_sentences
from summarizer.reader import article_from_text

TOWNS = [f"Town{i:02d}" for i in range(40)]


def long_article() -> str:
    """40 strike sentences with filler between them; the last strike is the 40th candidate."""
    parts = []
    for i, town in enumerate(TOWNS):
        parts.append(f"Drones from Westland struck a fuel depot in {town} on day {i + 1}, "
                     f"killing {i + 2} guards.")
        parts.append("Residents described long queues for bread and water in the evening. " * 10)
    text = " ".join(parts)
    assert len(text) > 30_000
    return text


def answer(request: dict[str, Any]) -> dict[str, Any]:
    sentence = request["messages"][-1]["content"]  # every call is a strike call
    town = re.findall(r"Town\d\d", sentence)
    if not town:
        return {"strikes": []}
    return {"strikes": [{"attacker": "Westland", "target": "fuel depot", "place": town[-1]}]}


def test_every_candidate_sentence_is_read() -> None:
    article = article_from_text(long_article())
    strikes = [c for c in plan(article) if c.name.startswith("strike-")]
    assert len(strikes) == len(TOWNS)  # no cap at 14 (or any number)
    assert "Town39" in strikes[-1].messages[-1]["content"]


async def test_last_strike_after_the_20th_candidate_is_in_the_brief() -> None:
    text = long_article()
    with FakeOpenAIServer(answer=answer) as srv:
        async with Summarizer(model="m", base_url=srv.base_url, api_key="k") as s:
            brief = await s.asummarize(text)
    evidence = [span.quote for e in brief.events for span in e.evidence]
    for town in ("Town21", "Town39"):  # after the 20th candidate sentence
        assert any(town in quote for quote in evidence), town
    for e in brief.events:
        for span in e.evidence:
            assert text[span.start:span.end] == span.quote


def test_an_overlong_sentence_is_read_in_verbatim_pieces() -> None:
    clause = "the shelling hit the market near the old bridge, residents said"
    text = "; ".join([clause] * 200) + "."
    spans = article_sentences(article_from_text(text))
    assert len(spans) > 1
    assert all(len(s.quote) <= MAX_PIECE_CHARS for s in spans)
    for s in spans:
        assert text[s.start:s.end] == s.quote
    assert "".join(text[s.start:s.end] for s in spans).replace(" ", "") == text.replace(
        "; ", ";").replace(" ", "")
