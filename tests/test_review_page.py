"""The review page, read back with an HTML parser: one highlight per evidence span at the
brief's offsets, a panel per event and reaction, the header, the not-located list, and
untrusted text that stays text."""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from seed_briefs import SEEDS, seed_brief, seed_text

from summarizer.models import Actor, Brief, Count, Event, Location, Meta, Reaction, Span, Usage
from summarizer.outputs.review import CSP, EVENT_COLOURS, IndexEntry, render_index, render_page

INJECTED = (
    "Strike report <script>document.title='pwned'</script> from the field.\n"
    "A caption said \"><img src=x onerror=\"document.title='pwned'\"> and more.\n"
    "Jets struck the <b>depot</b> & killed 4 people.\n"
)


class Page(HTMLParser):
    """Every element with its attributes, the text inside each <mark>, and the text of the
    article box."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.marks: list[dict[str, Any]] = []
        self.scripts: list[str] = []
        self.title = ""
        self._stack: list[str] = []
        self._article_depth: int | None = None
        self.article_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        self._stack.append(tag)
        if tag == "mark":
            self.marks.append({**attributes, "text": ""})
        if tag == "div" and attributes.get("id") == "text":
            self._article_depth = len(self._stack)

    def handle_endtag(self, tag: str) -> None:
        if self._article_depth is not None and len(self._stack) == self._article_depth:
            self._article_depth = None
        if self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        current = self._stack[-1] if self._stack else ""
        if "mark" in self._stack:  # a field's <span> may sit inside the mark
            self.marks[-1]["text"] += data
        if current == "script":
            self.scripts.append(data)
        if current == "title":
            self.title += data
        if self._article_depth is not None:
            self.article_text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def spans_of(brief: Brief) -> dict[str, Span]:
    out = {f"e{i}s{n}": s for i, e in enumerate(brief.events) for n, s in enumerate(e.evidence)}
    out.update({f"r{i}s{n}": s for i, r in enumerate(brief.reactions)
                for n, s in enumerate(r.evidence)})
    return out


def check_highlights(page: Page, brief: Brief, text: str) -> None:
    """Each evidence span is exactly one run of adjacent marks, at its offsets."""
    assert "".join(page.article_text) == text  # the article, whole and unaltered
    expected = spans_of(brief)
    keys = {k for m in page.marks for k in m["data-spans"].split()}
    assert keys == set(expected)
    for key, span in expected.items():
        run = [m for m in page.marks if key in m["data-spans"].split()]
        assert int(run[0]["data-start"]) == span.start
        assert int(run[-1]["data-end"]) == span.end
        for a, b in itertools.pairwise(run):
            assert a["data-end"] == b["data-start"]  # contiguous
        assert "".join(m["text"] for m in run) == span.quote
        for m in run:
            assert text[int(m["data-start"]):int(m["data-end"])] == m["text"]


@pytest.mark.parametrize("seed", SEEDS, ids=["000", "001"])
def test_seed_page_highlights_every_span_at_its_offsets(seed: Path) -> None:
    b, text = seed_brief(seed), seed_text(seed)
    page = parse(render_page(b, text, seed.name))
    check_highlights(page, b, text)
    # one colour per event, another for reactions
    for mark in page.marks:
        items = mark["data-items"].split()
        classes = mark["class"].split()
        events = [i for i in items if i.startswith("e")]
        if events:
            assert f"c{int(events[0][1:]) % len(EVENT_COLOURS)}" in classes
        if any(i.startswith("r") for i in items):
            assert "rx" in classes


@pytest.mark.parametrize("seed", SEEDS, ids=["000", "001"])
def test_seed_page_panels_and_header(seed: Path) -> None:
    b = seed_brief(seed)
    html = render_page(b, seed_text(seed), seed.name)
    page = parse(html)
    cards = [a for tag, a in page.tags if "card" in a.get("class", "").split()]
    assert [c["data-item"] for c in cards] == (
        [f"e{i}" for i in range(len(b.events))] + [f"r{i}" for i in range(len(b.reactions))])
    header = html[html.index("<header>"):html.index("</header>")]
    for value in (b.meta.model, b.meta.prompt_version, f"{b.meta.seconds:.1f}",
                  f"{b.meta.usage.prompt_tokens:,}", f"{b.meta.usage.completion_tokens:,}"):
        assert value in header
    for name in ("model", "prompt_version", "seconds", "tokens"):
        assert f"<b>{name}</b>" in header
    # evidence links in the panels name spans that exist in the text
    links = {a["data-span"] for tag, a in page.tags if tag == "a" and "data-span" in a}
    assert links == set(spans_of(b))


def test_event_panel_shows_the_facts() -> None:
    b = seed_brief(SEEDS[1])
    html = render_page(b, seed_text(SEEDS[1]))
    card = html[html.index('id="card-e0"'):html.index('id="card-r0"')]
    for fact in ("United States", "airstrike", "mixed", "Iraq [IRQ]; also Syria", "confirmed",
                 "18+", "deaths of at least 18 pro-Iran fighters"):
        assert fact in card, fact
    reaction = html[html.index('id="card-r0"'):]
    assert "deny" in reaction and "Iran" in reaction


def _meta() -> Meta:
    return Meta(model="m<1>", prompt_version="p\"1", article_sha256="ab" * 32,
                usage=Usage(prompt_tokens=10, completion_tokens=2), seconds=1.5)


def test_untrusted_text_stays_text() -> None:
    text = INJECTED
    quote = "Jets struck the <b>depot</b> & killed 4 people."
    start = text.index(quote)
    bad = "<script>document.title='pwned'</script>\"><img src=x onerror=alert(1)>"
    b = Brief(
        headline=f"Headline {bad}", summary=f"Summary {bad}",
        events=[Event(attacker=[Actor(name=f"Jets {bad}")], target=[Actor(name="depot")],
                      location=Location(place=bad), killed=Count(min=4, max=4, text=bad),
                      retaliation_for=bad,
                      evidence=[Span(quote=quote, start=start, end=start + len(quote))])],
        reactions=[Reaction(actor=Actor(name=bad), summary=bad, quote=bad)],
        meta=_meta(),
    )
    html = render_page(b, text, source=f"file {bad}.txt")
    page = parse(html)
    tags = [tag for tag, _ in page.tags]
    assert tags.count("script") == 1  # ours only
    assert "img" not in tags
    assert not any(any(k.startswith("on") for k in a) for _, a in page.tags)
    assert page.title == f"Headline {bad} — review"  # shown as text
    # the article's markup is shown as text, at its place
    shown = "".join(page.article_text)
    assert shown == text
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=" in html
    check_highlights(page, b, text)
    # the only <b> elements are the page's own labels in the header, never article text
    assert all(not a for t, a in page.tags if t == "b")
    assert "<b>depot</b>" not in html


def test_page_is_self_contained_and_its_own_script_is_allowed() -> None:
    html = render_page(seed_brief(SEEDS[0]), seed_text(SEEDS[0]))
    page = parse(html)
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        if tag == "link":
            pytest.fail("external stylesheet")
        assert not attrs.get("href", "#").startswith(("http:", "https:", "//"))
    assert "style" not in {k for _, a in page.tags for k in a}  # inline styles would be blocked
    (script,) = page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in CSP
    style = html[html.index("<style>") + 7:html.index("</style>")]
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in CSP
    assert re.search(r"default-src 'none'", CSP)


def test_what_is_not_located_is_listed() -> None:
    text = "Rockets hit Kessel on Monday. The mayor said nothing."
    good = Span(quote="Rockets hit Kessel on Monday.", start=0, end=29)
    shifted = Span(quote="The mayor said nothing.", start=0, end=23)  # wrong offsets
    b = Brief(
        headline="h", summary="s",
        events=[
            Event(attacker=[Actor(name="Northern Brigade")], target=[Actor(name="Kessel")],
                  location=Location(place="Kessel"), killed=Count(text="dozens"),
                  evidence=[good, Span(quote="A phantom sentence.", start=5, end=24)]),
            Event(target=[Actor(name="Kessel")]),
        ],
        reactions=[Reaction(actor=Actor(name="mayor"), summary="The mayor spoke.",
                            quote="We will rebuild.", evidence=[shifted])],
        meta=_meta(),
    )
    html = render_page(b, text)
    listed = html[html.index('class="unlocated"'):]
    assert "Not located in the text (6)" in listed
    for expected in ("A phantom sentence.", "dozens", "Northern Brigade",
                     "no evidence in the brief", "We will rebuild.", "the quote is at 30–53"):
        assert expected in listed, expected
    page = parse(html)
    assert {k for m in page.marks for k in m["data-spans"].split()} == {"e0s0"}


def test_index_page_links_each_article() -> None:
    html = render_index([IndexEntry("a-1.html", "a/1", "src <x>", "Head <i>", 2, 1)])
    page = parse(html)
    links = [a["href"] for t, a in page.tags if t == "a"]
    assert links == ["a-1.html"]
    assert "&lt;i&gt;" in html and "<i>" not in html
