"""The review page: one self-contained HTML file to check a brief against its article.

The article is shown with every evidence span highlighted (one colour per event, another for
reactions) beside a panel per event and reaction; clicking either side selects the other.
Everything from the article or the model is escaped, and a Content-Security-Policy allows
only this page's own script and style (by hash), so a ``<script>`` in an article stays text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from summarizer.models import Actor, Brief, Count, Event, Reaction, Span
from summarizer.render import count_figure, format_location

EVENT_COLOURS = ("#ffd84d", "#8fd9a8", "#8ec5ff", "#ffae7a", "#f7a3c8", "#6fd6cc",
                 "#c9e265", "#d9b98c")
"""Highlight colour of event i is ``EVENT_COLOURS[i % 8]``."""
REACTION_COLOUR = "#c9b3f0"

_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;
background:#f6f6f4}
header{padding:14px 22px;background:#fff;border-bottom:1px solid #ddd}
header h1{font-size:20px;margin:0 0 4px}
header p{margin:4px 0;max-width:70em;color:#333}
.meta{display:flex;flex-wrap:wrap;gap:4px 18px;margin:6px 0 0;padding:0;font-size:13px;
color:#555;list-style:none}
.meta b{font-weight:600;color:#222}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(300px,2fr);gap:18px;padding:18px 22px}
.article{background:#fff;border:1px solid #ddd;border-radius:6px;padding:16px 20px;
white-space:pre-wrap;overflow-wrap:anywhere;font:16px/1.7 Georgia,"Times New Roman",serif;
max-height:calc(100vh - 150px);overflow:auto}
aside{max-height:calc(100vh - 150px);overflow:auto}
h2{font-size:15px;text-transform:uppercase;letter-spacing:.04em;color:#555;margin:4px 0 8px}
mark{color:inherit;border-radius:2px;cursor:pointer;padding:1px 0}
mark.rx{background:#c9b3f0}
mark.ev.rx{border-bottom:3px solid #8a63d2}
mark.sel{outline:3px solid #d12f2f;outline-offset:1px}
.card{background:#fff;border:1px solid #ddd;border-left:8px solid #999;border-radius:6px;
padding:8px 12px;margin:0 0 10px;cursor:pointer}
.card:focus,.card.sel{outline:3px solid #d12f2f}
.card h3{font-size:15px;margin:0 0 4px}
.card dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 10px;margin:4px 0;
font-size:13px}
.card dt{color:#666}.card dd{margin:0}
.card ol{margin:4px 0 0;padding-left:20px;font-size:13px}
.card a{color:#1750a0}
.card blockquote{margin:4px 0;padding-left:8px;border-left:3px solid #ccc;font-style:italic}
.card.rx{border-left-color:#c9b3f0}
.unlocated li{margin-bottom:4px;font-size:13px}
.none{color:#777;font-style:italic}
.index{padding:18px 22px}.index table{border-collapse:collapse;background:#fff}
.index td,.index th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
"""

_SCRIPT = """
(function(){
var marks=Array.prototype.slice.call(document.querySelectorAll('mark[data-items]'));
var cards=Array.prototype.slice.call(document.querySelectorAll('.card[data-item]'));
function has(el,attr,tok){return (' '+(el.getAttribute(attr)||'')+' ').indexOf(' '+tok+' ')>=0;}
function clear(){
  document.querySelectorAll('.sel').forEach(function(e){e.classList.remove('sel');});
}
function selectItem(item,span,scrollCard){
  clear();var first=null;
  marks.forEach(function(m){
    if(has(m,'data-items',item)){m.classList.add('sel');}
    if(!first&&(span?has(m,'data-spans',span):has(m,'data-items',item))){first=m;}
  });
  var card=document.getElementById('card-'+item);
  if(card){card.classList.add('sel');if(scrollCard){card.scrollIntoView({block:'nearest'});}}
  if(first&&!scrollCard){first.scrollIntoView({block:'center'});}
}
cards.forEach(function(c){
  c.addEventListener('click',function(ev){
    var link=ev.target.closest('a[data-span]');
    if(link){ev.preventDefault();}
    selectItem(c.getAttribute('data-item'),link?link.getAttribute('data-span'):null,false);
  });
  c.addEventListener('keydown',function(ev){
    if(ev.key==='Enter'||ev.key===' '){
      ev.preventDefault();selectItem(c.getAttribute('data-item'),null,false);
    }
  });
});
marks.forEach(function(m){
  m.addEventListener('click',function(){
    var items=(m.getAttribute('data-items')||'').split(' ');
    var pick=items.filter(function(i){return i.charAt(0)==='e';})[0]||items[0];
    if(pick){selectItem(pick,null,true);}
  });
});
document.body.setAttribute('data-ready','1');
})();
"""


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _colour_rules() -> str:
    return "".join(
        f".ev.c{i}{{background:{c}}}.card.c{i}{{border-left-color:{c}}}"
        for i, c in enumerate(EVENT_COLOURS)
    )


STYLE = _STYLE + _colour_rules() + "\n"
CSP = (f"default-src 'none'; style-src {_csp_hash(STYLE)}; script-src {_csp_hash(_SCRIPT)}; "
       "img-src 'none'; base-uri 'none'; form-action 'none'")


def esc(text: object) -> str:
    """Text (from the article or the model) as inert HTML, quotes included."""
    return html.escape(str(text), quote=True)


@dataclass
class _Span:
    item: str  # "e0" (event 0) or "r1" (reaction 1)
    key: str  # "e0s2": span 2 of event 0
    start: int
    end: int


@dataclass
class Unlocated:
    """Something in the brief that could not be found in the article text."""

    where: str
    what: str
    text: str


@dataclass
class _Located:
    spans: list[_Span] = field(default_factory=list)
    unlocated: list[Unlocated] = field(default_factory=list)
    located_keys: set[str] = field(default_factory=set)


def locate(brief: Brief, text: str) -> _Located:
    """The evidence spans that match the text at their offsets, and everything else that
    could not be located (a span off its offsets, a missing quote, figure phrase or name)."""
    found = _Located()
    lowered = text.lower()
    for item, label, obj in _items(brief):
        _locate_evidence(found, item, label, obj.evidence, text)
        actors = [obj.actor] if isinstance(obj, Reaction) else [*obj.attacker, *obj.target]
        found.unlocated += _missing_names(label, actors, lowered)
        if isinstance(obj, Reaction):
            if obj.quote and obj.quote not in text:
                found.unlocated.append(Unlocated(label, "quote not in the text", obj.quote))
        else:
            found.unlocated += _missing_event_phrases(label, obj, text, lowered)
    return found


def _items(brief: Brief) -> list[tuple[str, str, Event | Reaction]]:
    """``(item, label, event or reaction)``: ``("e0", "event 1", event)``, then reactions."""
    return [
        *((f"e{i}", f"event {i + 1}", e) for i, e in enumerate(brief.events)),
        *((f"r{i}", f"reaction {i + 1}", r) for i, r in enumerate(brief.reactions)),
    ]


def _locate_evidence(found: _Located, item: str, label: str, evidence: list[Span],
                     text: str) -> None:
    """Each evidence span of ``item`` into ``found``: located when the text holds its quote
    at its offsets, else unlocated with the reason."""
    for n, span in enumerate(evidence):
        key = f"{item}s{n}"
        if text[span.start:span.end] == span.quote and span.end > span.start:
            found.spans.append(_Span(item, key, span.start, span.end))
            found.located_keys.add(key)
        else:
            found.unlocated.append(Unlocated(label, _span_problem(span, text), span.quote))
    if not evidence:
        found.unlocated.append(Unlocated(label, "no evidence in the brief", ""))


def _missing_names(label: str, actors: list[Actor], lowered: str) -> list[Unlocated]:
    """The actors none of whose names (or aliases) occurs in the text, case ignored."""
    return [Unlocated(label, "name not verbatim in the text", actor.name) for actor in actors
            if not any(n.lower() in lowered for n in (actor.name, *actor.aliases) if n)]


def _missing_event_phrases(label: str, event: Event, text: str,
                           lowered: str) -> list[Unlocated]:
    """The event's figure phrases not verbatim in the text, and its place (case ignored)."""
    missing = [Unlocated(label, f"{what} phrase not in the text", count.text)
               for what, count in (("killed", event.killed), ("injured", event.injured))
               if count.text and count.text not in text]
    place = event.location.place
    if place and place.lower() not in lowered:
        missing.append(Unlocated(label, "place not verbatim in the text", place))
    return missing


def _span_problem(span: Span, text: str) -> str:
    where = text.find(span.quote) if span.quote else -1
    if where >= 0:
        return (f"evidence offsets {span.start}–{span.end} do not match the text "
                f"(the quote is at {where}–{where + len(span.quote)})")
    return f"evidence quote not in the text (offsets {span.start}–{span.end})"


def _highlighted(text: str, spans: list[_Span], event_colour: dict[str, int]) -> str:
    """The article with a <mark> per segment between span boundaries; each mark names the
    items and spans covering it, so a span is the run of marks carrying its key."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        covering = [s for s in spans if s.start <= a and b <= s.end]
        chunk = esc(text[a:b])
        if not covering:
            out.append(chunk)
            continue
        items = list(dict.fromkeys(s.item for s in covering))
        events = [i for i in items if i.startswith("e")]
        classes = []
        if events:
            classes += ["ev", f"c{event_colour[events[0]]}"]
        if any(i.startswith("r") for i in items):
            classes.append("rx")
        out.append(
            f'<mark class="{" ".join(classes)}" data-items="{esc(" ".join(items))}" '
            f'data-spans="{esc(" ".join(s.key for s in covering))}" data-start="{a}" '
            f'data-end="{b}">{chunk}</mark>'
        )
    return "".join(out)


def _actors(actors: list[Actor]) -> str:
    return ", ".join(esc(a.name) for a in actors)


def _count(count: Count) -> str | None:
    """``18+ — “at least 18 killed”``: the figure, then the phrase it came from."""
    figure = count_figure(count)
    if count.text:
        return f"{esc(figure or 'unknown')} — “{esc(' '.join(count.text.split()))}”"
    return esc(figure) if figure else None


def _evidence_links(item: str, evidence: list[Span], located: set[str]) -> str:
    rows = []
    for n, span in enumerate(evidence):
        key = f"{item}s{n}"
        quote = " ".join(span.quote.split())
        short = quote if len(quote) <= 90 else quote[:87] + "…"
        if key in located:
            rows.append(f'<li><a href="#" data-span="{key}">“{esc(short)}”</a> '
                        f'<small>{span.start}–{span.end}</small></li>')
        else:
            rows.append(f"<li>“{esc(short)}” <small>(not located)</small></li>")
    return f"<ol>{''.join(rows)}</ol>" if rows else ""


def _dl(rows: list[tuple[str, str | None]]) -> str:
    return "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows if v) + "</dl>"


def _event_card(i: int, event: Event, located: set[str]) -> str:
    item = f"e{i}"
    attacker = _actors(event.attacker) or "unknown attacker"
    target = _actors(event.target) or "unknown target"
    rows: list[tuple[str, str | None]] = [
        ("target kind", esc(event.target_kind)),
        ("weapon", esc(event.weapon.replace("_", " "))),
        ("where", format_location(event.location, esc)),
        ("date", esc(event.date.isoformat()) if event.date else "not given"),
        ("attribution", esc(event.attribution)),
        ("killed", _count(event.killed)),
        ("injured", _count(event.injured)),
        ("retaliation for", esc(event.retaliation_for) if event.retaliation_for else None),
    ]
    return (
        f'<div class="card c{i % len(EVENT_COLOURS)}" id="card-{item}" data-item="{item}" '
        f'tabindex="0"><h3>{i + 1}. {attacker} → {target}</h3>{_dl(rows)}'
        f"{_evidence_links(item, event.evidence, located)}</div>"
    )


def _reaction_card(i: int, reaction: Reaction, located: set[str]) -> str:
    item = f"r{i}"
    quote = f"<blockquote>{esc(reaction.quote)}</blockquote>" if reaction.quote else ""
    return (
        f'<div class="card rx" id="card-{item}" data-item="{item}" tabindex="0">'
        f"<h3>{esc(reaction.actor.name)} — {esc(reaction.stance.replace('_', ' '))}</h3>"
        f"<p>{esc(reaction.summary)}</p>{quote}"
        f"{_evidence_links(item, reaction.evidence, located)}</div>"
    )


def _document(title: str, body: str, script: bool) -> str:
    tail = f"<script>{_SCRIPT}</script>" if script else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}{tail}</body></html>\n"
    )


def render_page(brief: Brief, text: str, source: str = "") -> str:
    """The review page of ``brief`` over ``text`` (the exact article text it was made from)."""
    found = locate(brief, text)
    colour = {f"e{i}": i % len(EVENT_COLOURS) for i in range(len(brief.events))}
    meta = brief.meta
    facts = [
        ("model", esc(meta.model)),
        ("prompt_version", esc(meta.prompt_version)),
        ("seconds", f"{meta.seconds:.1f}"),
        ("tokens", f"{meta.usage.prompt_tokens:,} prompt + "
                   f"{meta.usage.completion_tokens:,} completion"),
        ("published", esc(brief.published.isoformat()) if brief.published else None),
        ("source", esc(source) if source else None),
    ]
    header = (
        f"<header><h1>{esc(brief.headline)}</h1><p>{esc(brief.summary)}</p>"
        '<ul class="meta">'
        + "".join(f"<li><b>{k}</b> {v}</li>" for k, v in facts if v)
        + "</ul></header>"
    )
    events = "".join(_event_card(i, e, found.located_keys) for i, e in enumerate(brief.events))
    reactions = "".join(_reaction_card(i, r, found.located_keys)
                        for i, r in enumerate(brief.reactions))
    if found.unlocated:
        rows = "".join(
            f"<li><b>{esc(u.where)}</b>: {esc(u.what)}"
            + (f": “{esc(u.text)}”" if u.text else "") + "</li>"
            for u in found.unlocated
        )
        unlocated = f"<ul>{rows}</ul>"
    else:
        unlocated = '<p class="none">Everything in the brief was located in the text.</p>'
    aside = (
        f'<aside><section class="events"><h2>Events ({len(brief.events)})</h2>'
        f'{events or "<p class=none>No strike reported.</p>"}</section>'
        f'<section class="reactions"><h2>Reactions ({len(brief.reactions)})</h2>'
        f'{reactions or "<p class=none>No reactions reported.</p>"}</section>'
        f'<section class="unlocated"><h2>Not located in the text ({len(found.unlocated)})</h2>'
        f"{unlocated}</section></aside>"
    )
    article = f'<div class="article" id="text">{_highlighted(text, found.spans, colour)}</div>'
    return _document(f"{brief.headline} — review", header + f"<main>{article}{aside}</main>",
                     script=True)


@dataclass(frozen=True)
class IndexEntry:
    """One line of a batch's index page."""

    href: str
    article_id: str
    source: str
    headline: str
    events: int
    reactions: int


def render_index(entries: Iterable[IndexEntry], title: str = "summarizer review pages") -> str:
    """The index page of a batch's review pages."""
    from urllib.parse import quote

    rows = "".join(
        f'<tr><td><a href="{esc(quote(e.href))}">{esc(e.article_id)}</a></td>'
        f"<td>{esc(e.headline)}</td><td>{e.events}</td><td>{e.reactions}</td>"
        f"<td>{esc(e.source)}</td></tr>"
        for e in entries
    )
    body = (
        f"<header><h1>{esc(title)}</h1></header>"
        '<div class="index"><table>'
        "<tr><th>article</th><th>headline</th><th>events</th><th>reactions</th>"
        f"<th>source</th></tr>{rows}</table></div>"
    )
    return _document(title, body, script=False)
