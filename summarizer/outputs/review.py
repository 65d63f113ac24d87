"""The review page: one self-contained HTML file to check a brief against its article.

The article is shown with every evidence span highlighted (one colour per event, another for
reactions) beside a panel per event and reaction; clicking either side selects the other.
Inside the evidence, the attacker, target, place and casualty phrases are marked too, each
saying what it is on hover. A brief saved with its decision trace (``meta.trace``) shows, on a
click on a field of a panel, the rules that decided it. ``@media print`` lays it all out in
full, so the page prints (or saves as PDF) with every panel and the whole article.
Everything from the article or the model is escaped, and a Content-Security-Policy allows
only this page's own script and style (by hash), so a ``<script>`` in an article stays text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from summarizer.models import CONFIDENCE_RULE, Actor, Brief, Count, Decision, Event, Reaction, Span
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
.f{border-bottom:2px solid;cursor:help}
.f-attacker{font-weight:600;border-color:#b3261e}.f-target{border-color:#1750a0}
.f-place{border-bottom-style:dotted;border-color:#2e7d32}
.f-killed{font-weight:700;color:#8b0000;border-color:#8b0000}
.f-injured{font-weight:700;color:#8a4500;border-color:#8a4500}
.f-actor{font-weight:600;border-color:#6a3fb5}
[data-why]{cursor:pointer;text-decoration:underline dotted #888}
[hidden]{display:none!important}
.why{margin:6px 0 2px;padding:6px 8px;background:#f3f1ea;border-radius:4px;font-size:12px}
.why b{display:block}.why ol{margin:2px 0 0}.why code{font-size:12px;color:#5b2a86}
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
function why(c,ev){
  var w=ev.target.closest('[data-why]');if(!w){return false;}
  var id='why-'+c.getAttribute('data-item')+'-'+w.getAttribute('data-why');
  var box=document.getElementById(id);
  if(!box){return false;}
  var open=box.hidden;
  c.querySelectorAll('.why').forEach(function(b){b.hidden=true;});
  box.hidden=!open;return true;
}
cards.forEach(function(c){
  c.addEventListener('click',function(ev){
    why(c,ev);
    var link=ev.target.closest('a[data-span]');
    if(link){ev.preventDefault();}
    selectItem(c.getAttribute('data-item'),link?link.getAttribute('data-span'):null,false);
  });
  c.addEventListener('keydown',function(ev){
    if(ev.key==='Enter'||ev.key===' '){
      ev.preventDefault();why(c,ev);selectItem(c.getAttribute('data-item'),null,false);
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


_PRINT = """
@media print{
body{background:#fff;font-size:12px}
header{border:0;padding:0 0 8px}
main{display:block;padding:0}
.article,aside{max-height:none;height:auto;overflow:visible}
.article{border:0;padding:0 0 12px;font-size:12pt}
.card{break-inside:avoid;cursor:auto}
mark,.card,.f{-webkit-print-color-adjust:exact;print-color-adjust:exact}
mark.sel,.card.sel{outline:0}
}
"""

STYLE = _STYLE + _colour_rules() + _PRINT
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


@dataclass(frozen=True)
class _Field:
    """A value of the brief where it stands verbatim inside its item's own evidence."""

    field: str  # attacker, target, place, killed, injured (events); actor (reactions)
    start: int
    end: int
    label: str  # "attacker of event 1: Norland"


def _values(obj: Event | Reaction) -> list[tuple[str, str, list[str]]]:
    """``(field, value, words to look for)`` of an event or a reaction."""
    if isinstance(obj, Reaction):
        return [("actor", obj.actor.name, [obj.actor.name, *obj.actor.aliases])]
    out = [(what, a.name, [a.name, *a.aliases])
           for what, actors in (("attacker", obj.attacker), ("target", obj.target))
           for a in actors]
    if obj.location.place:
        out.append(("place", obj.location.place, [obj.location.place]))
    out += [(what, c.text, [c.text]) for what, c in (("killed", obj.killed),
                                                    ("injured", obj.injured)) if c.text]
    return out


def field_spans(brief: Brief, text: str, spans: list[_Span]) -> list[_Field]:
    """Each attacker, target, place and casualty phrase of an event (and each reaction's
    actor) where it occurs verbatim, as whole words, inside that item's located evidence."""
    out: list[_Field] = []
    for item, label, obj in _items(brief):
        mine = [s for s in spans if s.item == item]
        for what, value, words in _values(obj):
            tag = f"{what} of {label}: {' '.join(value.split())}"
            for s in mine:
                out += [_Field(what, a, b, tag) for a, b in _occurrences(text, s, words)]
    return list(dict.fromkeys(out))


def _occurrences(text: str, span: _Span, words: list[str]) -> list[tuple[int, int]]:
    """Where any of ``words`` (longest first) stands as whole words in ``span``, not
    overlapping."""
    found: list[tuple[int, int]] = []
    for word in sorted({w for w in words if w.strip()}, key=len, reverse=True):
        at = text.find(word, span.start, span.end)
        while at >= 0:
            end = at + len(word)
            whole = not (at > 0 and text[at - 1].isalnum() and word[0].isalnum()) and not (
                end < len(text) and text[end].isalnum() and word[-1].isalnum())
            if whole and end <= span.end and all(end <= a or b <= at for a, b in found):
                found.append((at, end))
            at = text.find(word, at + 1, span.end)
    return found


def _describe(items: list[str]) -> str:
    """``evidence of event 1, reaction 2`` for a mark's tooltip."""
    return "evidence of " + ", ".join(
        f"{'event' if i[0] == 'e' else 'reaction'} {int(i[1:]) + 1}" for i in items)


def _field_chunk(chunk: str, inside: list[_Field]) -> str:
    """``chunk`` in a ``<span>`` naming the fields whose value it is part of, if any."""
    if not inside:
        return chunk
    kinds = " ".join(dict.fromkeys(f"f-{f.field}" for f in inside))
    tip = "; ".join(dict.fromkeys(f.label for f in inside))
    return f'<span class="f {kinds}" title="{esc(tip)}">{chunk}</span>'


def _highlighted(text: str, spans: list[_Span], event_colour: dict[str, int],
                 fields: list[_Field] | None = None) -> str:
    """The article with a <mark> per segment between span boundaries; each mark names the
    items and spans covering it, so a span is the run of marks carrying its key. Inside,
    a ``<span class="f f-FIELD">`` wraps each segment of a field's value."""
    fields = fields or []
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans),
                   *(f.start for f in fields), *(f.end for f in fields)})
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        covering = [s for s in spans if s.start <= a and b <= s.end]
        chunk = esc(text[a:b])
        if not covering:
            out.append(chunk)
            continue
        chunk = _field_chunk(chunk, [f for f in fields if f.start <= a and b <= f.end])
        out.append(_mark(chunk, covering, a, b, event_colour))
    return "".join(out)


def _mark(chunk: str, covering: list[_Span], a: int, b: int,
          event_colour: dict[str, int]) -> str:
    """One highlighted segment ``[a, b)``: coloured by its first event (``rx`` when a
    reaction covers it too), naming the items and spans that cover it."""
    items = list(dict.fromkeys(s.item for s in covering))
    events = [i for i in items if i.startswith("e")]
    classes = ["ev", f"c{event_colour[events[0]]}"] if events else []
    if any(i.startswith("r") for i in items):
        classes.append("rx")
    return (
        f'<mark class="{" ".join(classes)}" data-items="{esc(" ".join(items))}" '
        f'data-spans="{esc(" ".join(s.key for s in covering))}" data-start="{a}" '
        f'data-end="{b}" title="{esc(_describe(items))}">{chunk}</mark>'
    )


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


_Why = dict[str, list[Decision]]
"""The decisions of one event or reaction, by field (``attacker``, ``place``...)."""
_Row = tuple[str, str | None, tuple[str, ...]]
"""A panel row: label, value (HTML) and the traced fields it shows."""
_VERBS = {"keep": "kept", "drop": "dropped", "merge": "merged", "make": "made", "set": "set"}


def traced(brief: Brief) -> dict[str, _Why]:
    """The brief's trace by item (``e0``, ``r1``, ``dropped``), then by field."""
    out: dict[str, _Why] = {}
    for d in brief.meta.trace or []:
        base, _, name = d.path.rpartition(".")
        kind, _, rest = base.partition("[")
        item = f"{kind[0]}{rest.rstrip(']')}" if kind in ("events", "reactions") else base
        out.setdefault(item, {}).setdefault(name, []).append(d)
    return out


def _decision(d: Decision) -> str:
    """``attacker.model kept “Norland” 12–19 “Norland struck…”``."""
    value = f" “{esc(d.value)}”" if d.value else ""
    where = ""
    if d.evidence:
        quote = " ".join(d.evidence.quote.split())
        quote = quote if len(quote) <= 90 else quote[:87] + "…"
        where = f" <small>{d.evidence.start}–{d.evidence.end}</small> “{esc(quote)}”"
    return f"<code>{esc(d.rule)}</code> {_VERBS.get(d.action, d.action)}{value}{where}"


def _clickable(html_: str, key: str, fields: tuple[str, ...], why: _Why) -> str:
    """``html_`` that opens the decisions on ``fields`` when any is traced."""
    if not any(f in why for f in fields):
        return html_
    return f'<span data-why="{key}" tabindex="0" role="button">{html_}</span>'


def _why_blocks(item: str, why: _Why, shown: list[tuple[str, tuple[str, ...]]]) -> str:
    """The hidden decision lists of a panel: one per shown key, then one per other field."""
    covered = {f for _, fields in shown for f in fields}
    keys = shown + [(name, (name,)) for name in why if name not in covered]
    out = []
    for key, fields in keys:
        decisions = [d for f in fields for d in why.get(f, [])]
        if decisions:
            rows = "".join(f"<li>{_decision(d)}</li>" for d in decisions)
            out.append(f'<div class="why" id="why-{item}-{_slug(key)}" hidden>'
                       f"<b>why {esc(key.replace('_', ' '))}</b><ol>{rows}</ol></div>")
    return "".join(out)


def _slug(key: str) -> str:
    return key.replace(" ", "-").replace("_", "-")


def _dl(rows: list[_Row], why: _Why | None = None) -> str:
    """The facts of a panel; with a trace, a traced label opens its decisions (a traced
    field with no value reads "not reported")."""
    out = []
    for label, value, fields in rows:
        traced_ = bool(why) and any(f in (why or {}) for f in fields)
        if value or traced_:
            dt = _clickable(label, _slug(label), fields, why or {})
            out.append(f"<dt>{dt}</dt><dd>{value or 'not reported'}</dd>")
    return "<dl>" + "".join(out) + "</dl>"


def _others(why: _Why, shown: list[tuple[str, tuple[str, ...]]]) -> str:
    """A row naming the traced fields no label shows (``event``, ...), each clickable."""
    covered = {f for _, fields in shown for f in fields}
    extra = [name for name in why if name not in covered]
    if not extra:
        return ""
    links = " ".join(_clickable(esc(n.replace("_", " ")), _slug(n), (n,), why) for n in extra)
    return f"<dl><dt>other rules</dt><dd>{links}</dd></dl>"


_EVENT_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("attacker", ("attacker",)), ("target", ("target",)), ("target kind", ("target_kind",)),
    ("weapon", ("weapon",)), ("where", ("place", "country")), ("date", ("date",)),
    ("attribution", ("attribution",)), ("killed", ("killed",)), ("injured", ("injured",)),
    ("retaliation for", ("retaliation_for",)), ("confidence", ()),
]
_REACTION_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("actor", ("actor",)), ("stance", ("stance",)), ("reaction", ("reaction",))]


def _event_card(i: int, event: Event, located: set[str], why: _Why | None = None) -> str:
    item = f"e{i}"
    why = why or {}
    attacker = _clickable(_actors(event.attacker) or "unknown attacker", "attacker",
                          ("attacker",), why)
    target = _clickable(_actors(event.target) or "unknown target", "target", ("target",), why)
    values = {
        "target kind": esc(event.target_kind),
        "weapon": esc(event.weapon.replace("_", " ")),
        "where": format_location(event.location, esc),
        "date": esc(event.date.isoformat()) if event.date else "not given",
        "attribution": esc(event.attribution),
        "killed": _count(event.killed),
        "injured": _count(event.injured),
        "retaliation for": esc(event.retaliation_for) if event.retaliation_for else None,
        # with a trace: the event's confidence (its record opens under "other rules: event")
        "confidence": next((esc(d.value) for d in why.get("event", [])
                            if d.rule == CONFIDENCE_RULE), None),
    }
    rows: list[_Row] = [(label, values[label], fields) for label, fields in _EVENT_ROWS
                        if label in values]
    return (
        f'<div class="card c{i % len(EVENT_COLOURS)}" id="card-{item}" data-item="{item}" '
        f'tabindex="0"><h3>{i + 1}. {attacker} → {target}</h3>{_dl(rows, why)}'
        f"{_others(why, _EVENT_ROWS)}{_why_blocks(item, why, _EVENT_ROWS)}"
        f"{_evidence_links(item, event.evidence, located)}</div>"
    )


def _reaction_card(i: int, reaction: Reaction, located: set[str],
                   why: _Why | None = None) -> str:
    item = f"r{i}"
    why = why or {}
    quote = f"<blockquote>{esc(reaction.quote)}</blockquote>" if reaction.quote else ""
    actor = _clickable(esc(reaction.actor.name), "actor", ("actor",), why)
    stance = _clickable(esc(reaction.stance.replace("_", " ")), "stance", ("stance",), why)
    summary = _clickable(esc(reaction.summary), "reaction", ("reaction",), why)
    return (
        f'<div class="card rx" id="card-{item}" data-item="{item}" tabindex="0">'
        f"<h3>{actor} — {stance}</h3><p>{summary}</p>{quote}"
        f"{_others(why, _REACTION_ROWS)}{_why_blocks(item, why, _REACTION_ROWS)}"
        f"{_evidence_links(item, reaction.evidence, located)}</div>"
    )


def _dropped(why: _Why) -> str:
    """What the rules kept out of the brief (a brief with a trace only)."""
    rows = "".join(f"<li><b>{esc(name.replace('_', ' '))}</b>: {_decision(d)}</li>"
                   for name, ds in why.items() for d in ds)
    body = f"<ul>{rows}</ul>" if rows else '<p class="none">Nothing.</p>'
    return f'<section class="dropped"><h2>Dropped by the rules</h2>{body}</section>'


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
    why = traced(brief)
    events = "".join(_event_card(i, e, found.located_keys, why.get(f"e{i}"))
                     for i, e in enumerate(brief.events))
    reactions = "".join(_reaction_card(i, r, found.located_keys, why.get(f"r{i}"))
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
        f"{unlocated}</section>"
        + (_dropped(why.get("dropped", {})) if brief.meta.trace is not None else "")
        + "</aside>"
    )
    marked = _highlighted(text, found.spans, colour, field_spans(brief, text, found.spans))
    article = f'<div class="article" id="text">{marked}</div>'
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


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def page_stem(article_id: str) -> str:
    """A file name (no suffix) for an article id's page: readable, safe on every OS, and
    unique (a hash)."""
    readable = _UNSAFE_NAME.sub("_", article_id).strip("._")[:60] or "article"
    return f"{readable}-{hashlib.sha256(article_id.encode('utf-8')).hexdigest()[:8]}"
