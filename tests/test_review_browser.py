"""The review page in a real browser: headless Chromium renders each seed's page to a PNG
(non-blank, with the highlight colours) and loads a page built from a hostile article, whose
injected script must not run while the page's own script does.

Skipped when Chromium is absent (``apt-get install chromium``; CI installs it).
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_briefs import SEEDS, seed_brief, seed_text

from summarizer.models import Actor, Brief, Event, Meta, Span
from summarizer.outputs.review import EVENT_COLOURS, REACTION_COLOUR, render_page

CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser",
                                                        "google-chrome")) if p), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install "
                                "chromium)")

HOSTILE = (
    "Jets struck the depot at dawn, killing four guards.\n"
    "<script>document.title='pwned';document.body.setAttribute('data-pwned','1')</script>\n"
    "Caption: \"><img src=x onerror=\"document.title='pwned'\"> end.\n"
)


def chromium(tmp: Path, *args: str, timeout: float = 90) -> str:
    """Run headless Chromium with no network, sync or first-run work; returns stdout."""
    assert CHROMIUM is not None
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", f"--user-data-dir={tmp / 'profile'}"]
    done = subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def png_pixels(data: bytes) -> Iterator[tuple[int, int, int]]:
    """The RGB pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        for x in range(0, stride, channels):
            yield line[x], line[x + 1], line[x + 2]
        previous = line


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def near(pixel: tuple[int, int, int], colour: tuple[int, int, int], tolerance: int = 3) -> bool:
    return all(abs(p - c) <= tolerance for p, c in zip(pixel, colour, strict=True))


@pytest.mark.parametrize("seed", SEEDS, ids=["000", "001"])
def test_seed_page_renders_with_highlights(seed: Path, tmp_path: Path) -> None:
    brief = seed_brief(seed)
    page = tmp_path / "page.html"
    page.write_text(render_page(brief, seed_text(seed), seed.name), encoding="utf-8")
    shot = tmp_path / "page.png"
    chromium(tmp_path, "--window-size=1280,900", f"--screenshot={shot}", page.as_uri())
    pixels = list(png_pixels(shot.read_bytes()))
    assert len(pixels) == 1280 * 900
    distinct = set(pixels)
    assert len(distinct) > 50, "blank screenshot"
    assert sum(1 for p in pixels if p != (255, 255, 255)) > len(pixels) // 10
    # the first event's highlight colour, and the reactions' when the page has some in view
    first = rgb(EVENT_COLOURS[0])
    assert sum(1 for p in pixels if near(p, first)) > 2000, "no highlight of event 1"


def test_a_reaction_no_event_highlights_shows(tmp_path: Path) -> None:
    """A reaction's sentence that no event's evidence covers gets the reaction colour."""
    import review_fixtures

    brief = review_fixtures.brief()
    events_at = {s.start for e in brief.events for s in e.evidence}
    assert any(r.evidence[0].start not in events_at for r in brief.reactions)
    page = tmp_path / "page.html"
    page.write_text(render_page(brief, review_fixtures.TEXT, "fixture"), encoding="utf-8")
    tall = tmp_path / "tall.png"
    chromium(tmp_path, "--window-size=1280,1600", f"--screenshot={tall}", page.as_uri())
    reaction = rgb(REACTION_COLOUR)
    assert sum(1 for p in png_pixels(tall.read_bytes()) if near(p, reaction)) > 500, (
        "no reaction highlight")


def test_injected_script_stays_inert(tmp_path: Path) -> None:
    quote = "Jets struck the depot at dawn, killing four guards."
    brief = Brief(
        headline="Depot struck <script>document.title='pwned'</script>",
        summary="s", events=[Event(attacker=[Actor(name="Jets")], target=[Actor(name="depot")],
                                   evidence=[Span(quote=quote, start=0, end=len(quote))])],
        meta=Meta(model="m", prompt_version="p", article_sha256="ab" * 32),
    )
    page = tmp_path / "hostile.html"
    page.write_text(render_page(brief, HOSTILE, "hostile.txt"), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert 'data-ready="1"' in dom  # the page's own script ran
    assert 'data-pwned="1"' not in dom  # the article's did not
    assert dom.count("<script") == 1
    assert "<title>Depot struck &lt;script&gt;" in dom  # title untouched by any script
    assert "<img" not in dom
    assert "&lt;script&gt;document.title='pwned'" in dom  # shown as text


async def _devtools(tmp: Path, page: Path, expressions: list[str]) -> list[object]:
    """Load ``page`` in headless Chromium and evaluate ``expressions`` in it, in order, over
    the DevTools protocol (loopback); returns their values."""
    import aiohttp

    assert CHROMIUM is not None
    profile = tmp / "devtools-profile"
    proc = await asyncio.create_subprocess_exec(
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1280,900", "--remote-debugging-port=0",
        f"--user-data-dir={profile}", page.as_uri(),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        for _ in range(300):
            if port_file.is_file() and port_file.read_text().strip():
                break
            await asyncio.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                    targets = [t for t in await response.json() if t["type"] == "page"]
                if targets:
                    break
                await asyncio.sleep(0.1)
            values: list[object] = []
            async with http.ws_connect(targets[0]["webSocketDebuggerUrl"]) as ws:
                ids = iter(range(1, 10_000))

                async def evaluate(expression: str) -> dict[str, object]:
                    number = next(ids)
                    await ws.send_str(json.dumps({
                        "id": number, "method": "Runtime.evaluate",
                        "params": {"expression": expression, "returnByValue": True,
                                   "awaitPromise": True},
                    }))
                    while True:
                        message = json.loads((await ws.receive()).data)
                        if message.get("id") == number:
                            return dict(message)

                for index, expression in enumerate(expressions):
                    for _ in range(100):
                        message = await evaluate(expression)
                        # the first call may meet the page still loading (about:blank)
                        if index > 0 or "result" in message:
                            break
                        await asyncio.sleep(0.1)
                    assert "result" in message, message
                    result = message["result"]
                    assert isinstance(result, dict) and "exceptionDetails" not in result, result
                    values.append(result["result"].get("value"))
            return values
    finally:
        proc.terminate()
        await proc.wait()


def test_clicks_select_both_ways(tmp_path: Path) -> None:
    seed = SEEDS[0]
    brief = seed_brief(seed)
    page = tmp_path / "page.html"
    page.write_text(render_page(brief, seed_text(seed), seed.name), encoding="utf-8")
    wait = ("new Promise(function(ok){(function poll(){"
            "if(location.protocol==='file:'&&document.body"
            "&&document.body.getAttribute('data-ready')==='1'){ok(true);}"
            "else{setTimeout(poll,50);}})();})")
    selected = ("Array.prototype.map.call(document.querySelectorAll('mark.sel'),"
                "function(m){return m.getAttribute('data-items');})")
    last = len(brief.events) - 1
    values = asyncio.run(asyncio.wait_for(_devtools(tmp_path, page, [
        wait,
        "document.getElementById('text').scrollTop",
        # click the last event's panel: its evidence is marked and scrolled into view
        f"document.getElementById('card-e{last}').click(); true",
        selected,
        "document.getElementById('text').scrollTop",
        f"document.getElementById('card-e{last}').classList.contains('sel')",
        # click a highlight of the first event: its panel is selected
        "document.querySelector('mark[data-items~=\"e0\"]').click(); true",
        f"[document.getElementById('card-e0').classList.contains('sel'),"
        f" document.getElementById('card-e{last}').classList.contains('sel')]",
        # click one quote in the first event's panel: that span is marked
        "document.querySelector('#card-e0 a[data-span=\"e0s2\"]').click(); true",
        selected,
        "document.title",
    ]), timeout=120))
    assert values[0] is True
    before, after = values[1], values[4]
    assert isinstance(before, int | float) and isinstance(after, int | float)
    assert after > before  # scrolled down to the last event's evidence
    marked = values[3]
    assert isinstance(marked, list) and marked
    assert all(f"e{last}" in items.split() for items in marked)
    n_spans = len(brief.events[last].evidence)
    assert len(marked) >= n_spans
    assert values[5] is True
    assert values[7] == [True, False]
    assert values[9] and all("e0" in items.split() for items in values[9])  # type: ignore[union-attr]
    assert values[10] == f"{brief.headline} — review"


def _ready_and(expressions: list[str]) -> list[str]:
    wait = ("new Promise(function(ok){(function poll(){"
            "if(location.protocol==='file:'&&document.body"
            "&&document.body.getAttribute('data-ready')==='1'){ok(true);}"
            "else{setTimeout(poll,50);}})();})")
    return [wait, *expressions]


def test_a_click_on_a_traced_field_shows_its_decisions(tmp_path: Path) -> None:
    from review_fixtures import TEXT, brief

    page = tmp_path / "traced.html"
    page.write_text(render_page(brief(trace=True), TEXT, "kessa.txt"), encoding="utf-8")
    hidden = "document.getElementById('why-e0-attacker').hidden"
    shown_text = "document.getElementById('why-e0-attacker').innerText"
    values = asyncio.run(asyncio.wait_for(_devtools(tmp_path, page, _ready_and([
        hidden,
        "document.querySelector('#card-e0 [data-why=\"attacker\"]').click(); true",
        hidden,
        shown_text,
        "document.getElementById('card-e0').classList.contains('sel')",
        # another field of the same panel replaces it
        "document.querySelector('#card-e0 [data-why=\"where\"]').click(); true",
        f"[{hidden}, document.getElementById('why-e0-where').hidden]",
        # a second click closes it
        "document.querySelector('#card-e0 [data-why=\"where\"]').click(); true",
        "document.getElementById('why-e0-where').hidden",
        # a reaction's stance
        "document.querySelector('#card-r0 [data-why=\"stance\"]').click(); true",
        "document.getElementById('why-r0-stance').innerText",
        # hovering a field in the text says what it is
        "document.querySelector('#text span.f-attacker').title",
    ])), timeout=120))
    assert values[0] is True
    assert values[1] is True  # closed at first
    assert values[3] is False  # open after the click
    text = values[4]
    assert isinstance(text, str) and "attacker.subject" in text and "Norland" in text
    assert "18–25" in text
    assert values[5] is True  # the click still selects the event
    assert values[7] == [True, False]
    assert values[9] is True
    assert isinstance(values[11], str) and "stance.condemned" in values[11]
    assert values[12] == "attacker of event 1: Norland"


def test_the_page_prints_in_full(tmp_path: Path) -> None:
    from review_fixtures import TEXT, brief

    long_text = TEXT + "".join(f"\nParagraph {n} of the report goes on about the war.\n"
                               for n in range(200))
    b = brief(text=long_text)
    page = tmp_path / "long.html"
    page.write_text(render_page(b, long_text, "long.txt"), encoding="utf-8")
    pdf = tmp_path / "long.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    # 200 paragraphs do not fit a page or two: the article box is not cut at its scroll box
    assert pages >= 5, pages
