"""Render a Brief for people (Markdown) and programs (the contract's JSON).

In Markdown each event's evidence quotes are numbered and every fact ends with the numbers
of the quotes it comes from (``- killed: 18+ (“at least 18”) [2]``), plain enough for a
terminal.

The Markdown reads well printed as-is and through ``rich.markdown.Markdown``: plain
labels instead of bold, text from the article escaped so that it cannot turn into markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from summarizer.models import (
    CONFIDENCE_RULE,
    Actor,
    Brief,
    Count,
    Decision,
    Event,
    Location,
    Reaction,
    Span,
)

_INLINE_SPECIAL = re.compile(r"([\\`*\[\]<~])|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_BLOCK_START = re.compile(r"^([#>+=-])|^(\d+)([.)])(?=\s|$)")
_OPEN_QUOTES = "\"“„«'‘"
_CLOSE_QUOTES = "\"”»'’"


def to_json(brief: Brief) -> str:
    """The brief exactly as the contract's JSON, pretty-printed, ending in a newline."""
    return json.dumps(brief.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def to_markdown(brief: Brief) -> str:
    """A readable Markdown brief: headline, summary, events, reactions and a usage footer."""
    why = _decisions(brief)
    parts: list[str] = [f"# {_inline(brief.headline)}"]
    if brief.published is not None:
        parts.append(f"Published: {brief.published.isoformat()}")
    parts.append(_paragraph(brief.summary))
    parts.append("## Events")
    if brief.events:
        parts.extend(_event(number, event, why.get(f"events[{number - 1}]", {}))
                     for number, event in enumerate(brief.events, 1))
    else:
        parts.append("No strike reported.")
    parts.append("## Reactions")
    if brief.reactions:
        parts.extend(_reaction(reaction, why.get(f"reactions[{n}]", {}))
                     for n, reaction in enumerate(brief.reactions))
    else:
        parts.append("No reactions reported.")
    if brief.meta.trace is not None:
        parts.append(_dropped(why.get("dropped", {})))
    parts.append("---")
    parts.append(_footer(brief))
    return "\n\n".join(parts) + "\n"


def format_count(count: Count) -> str | None:
    """``18+``, ``13–15``, ``5``, ``up to 7`` or ``unknown``, with the figure phrase quoted.

    None when the article does not mention the figure at all.
    """
    figure = count_figure(count) or ("unknown" if count.text else None)
    if figure is None:
        return None
    return f"{figure} ({_quoted(count.text)})" if count.text else figure


def count_figure(count: Count) -> str | None:
    """The figure alone: ``18+``, ``13–15``, ``5`` or ``up to 7``; None without a number."""
    low, high = count.min, count.max
    if low is None and high is None:
        return None
    if low is None:
        return f"up to {high}"
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}–{high}"


def format_location(location: Location, escape: Callable[[str], str] | None = None) -> str:
    """``place, country [ISO3]``, plus the other countries when there are several; names
    go through ``escape`` (the Markdown escape unless given, e.g. an HTML one)."""
    escape = escape or _inline
    pieces = list(dict.fromkeys(p for p in (location.place, location.country) if p))
    text = ", ".join(escape(p) for p in pieces) or "unknown"
    if location.country_code:
        text += f" [{location.country_code}]"
    others = [c for c in location.countries if c != location.country]
    if others:
        text += "; also " + ", ".join(escape(c) for c in others)
    return text


# the Markdown bullet each traced field is explained under
_EVENT_FIELDS = {"where": ("place", "country"), "weapon": ("weapon",),
                 "target kind": ("target_kind",), "when": ("date",), "killed": ("killed",),
                 "injured": ("injured",), "attribution": ("attribution",)}


def _event(number: int, event: Event, why: dict[str, list[Decision]] | None = None) -> str:
    attacker = _names(event.attacker) or "unknown attacker"
    target = _names(event.target) or "unknown target"
    who = [n for a in (*event.attacker, *event.target) for n in (a.name, *a.aliases)]
    lines = [f"### {number}. {attacker} → {target}{_refs(event.evidence, *who)}", ""]
    if why:
        lines += _event_why(why)
    where = (event.location.place, event.location.country)
    bullets: list[tuple[str, str | None, tuple[str | None, ...]]] = [
        ("where", format_location(event.location), where),
        ("weapon", _enum(event.weapon), ()),
        ("target kind", _enum(event.target_kind), ()),
        ("when", event.date.isoformat() if event.date else None, ()),
        ("killed", format_count(event.killed), (event.killed.text,)),
        ("injured", format_count(event.injured), (event.injured.text,)),
        ("attribution", _enum(event.attribution), ()),
        ("retaliation for", _inline(event.retaliation_for) if event.retaliation_for else None,
         (event.retaliation_for,)),
    ]
    for label, value, facts in bullets:
        if value:
            lines.append(f"- {label}: {value}{_refs(event.evidence, *facts)}")
        elif why and label in _EVENT_FIELDS:
            lines.append(f"- {label}: not reported")
        if why:
            for name in _EVENT_FIELDS.get(label, ()):
                lines += _why(name, why.get(name, []), indent="  ")
    blocks = ["\n".join(lines)]
    blocks.extend(_evidence(span, n) for n, span in enumerate(event.evidence, 1))
    return "\n\n".join(blocks)


def _event_why(why: dict[str, list[Decision]]) -> list[str]:
    """The rules that made the event and named its sides, then its confidence."""
    made = [d for d in why.get("event", []) if d.rule != CONFIDENCE_RULE]
    lines = [line for name in ("event", "attacker", "target")
             for line in _why(name, made if name == "event" else why.get(name, []))]
    return lines + [f"- confidence: {d.value}" for d in why.get("event", [])
                    if d.rule == CONFIDENCE_RULE]


def _decisions(brief: Brief) -> dict[str, dict[str, list[Decision]]]:
    """The trace by item (``events[0]``, ``reactions[1]``, ``dropped``), then by field."""
    grouped: dict[str, dict[str, list[Decision]]] = {}
    for d in brief.meta.trace or []:
        item, _, name = d.path.rpartition(".")
        grouped.setdefault(item, {}).setdefault(name, []).append(d)
    return grouped


def _why(name: str, decisions: list[Decision], indent: str = "") -> list[str]:
    """``- why attacker: attacker.model kept “Turkish” [120–127]; …``, one line a field."""
    if not decisions:
        return []
    return [f"{indent}- why {name.replace('_', ' ')}: " + "; ".join(map(_one, decisions))]


def _one(d: Decision) -> str:
    verb = {"keep": "kept", "drop": "dropped", "merge": "merged", "make": "made"}.get(d.action,
                                                                                     "set")
    value = f" {_quoted(d.value)}" if d.value else ""
    where = f" [{d.evidence.start}–{d.evidence.end}]" if d.evidence else ""
    return f"`{d.rule}` {verb}{value}{where}"


def _dropped(why: dict[str, list[Decision]]) -> str:
    """What the rules kept out of the brief, and which rule did."""
    lines = ["## Dropped by the rules"]
    lines += [f"- {name.replace('_', ' ')}: " + "; ".join(map(_one, ds))
              for name, ds in why.items()] or ["Nothing."]
    return "\n".join(lines)


def _refs(evidence: list[Span], *facts: str | None) -> str:
    """`` [1, 3]``: the numbers of the evidence quotes that contain one of ``facts``."""
    needles = [f.lower() for f in facts if f and f.strip()]
    hits = [str(n) for n, span in enumerate(evidence, 1)
            if any(needle in span.quote.lower() for needle in needles)]
    return f" [{', '.join(hits)}]" if hits else ""


def _reaction(reaction: Reaction, why: dict[str, list[Decision]] | None = None) -> str:
    head = _paragraph(
        f"{_actor(reaction.actor)} — {_enum(reaction.stance)}: {_inline(reaction.summary)}",
        escape=False,
    )
    if why:
        head += "\n\n" + "\n".join(line for name in ("reaction", "actor", "stance")
                                     for line in _why(name, why.get(name, [])))
    if reaction.quote:
        return f"{head}\n\n> {_quoted(reaction.quote)}"
    if reaction.evidence:
        return "\n\n".join(
            [head, *(_evidence(span, n) for n, span in enumerate(reaction.evidence, 1))])
    return head


def _evidence(span: Span, number: int) -> str:
    """A numbered quote (facts above point at it by number) with its offsets."""
    return f"> [{number}] {_quoted(span.quote)} [{span.start}–{span.end}]"


def _footer(brief: Brief) -> str:
    meta = brief.meta
    return (
        f"Model {_inline(meta.model)} · prompt {_inline(meta.prompt_version)} · "
        f"{meta.usage.prompt_tokens:,} prompt + {meta.usage.completion_tokens:,} completion tokens"
        f" · {meta.seconds:.1f} s"
    )


def _names(actors: list[Actor]) -> str:
    return ", ".join(_actor(a) for a in actors)


def _actor(actor: Actor) -> str:
    return _inline(actor.name)


def _enum(value: str) -> str:
    return value.replace("_", " ")


def _quoted(text: str | None) -> str:
    """Article text in curly quotes (unless already quoted), whitespace collapsed, escaped."""
    flat = " ".join((text or "").split())
    if len(flat) >= 2 and flat[0] in _OPEN_QUOTES and flat[-1] in _CLOSE_QUOTES:
        return _inline(flat)
    return f"“{_inline(flat)}”"


def _inline(text: str) -> str:
    """One line of literal text: whitespace collapsed, Markdown specials escaped."""
    flat = " ".join(text.split())
    return _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), flat)


def _paragraph(text: str, *, escape: bool = True) -> str:
    """A paragraph that cannot start a heading, list or quote by accident."""
    flat = _inline(text) if escape else text
    return _BLOCK_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), flat
    )
