"""Asides: a strike an article mentions once, after its main one, with no toll and no side
that claims or denies it.

News leads with its strike; a later strike told in one sentence, with no figure of dead or
wounded and nobody owning or disowning it, is as a rule context (an earlier strike, a
tally, a justification, a threat, one side's earlier attack), and the small model drafts it
as a new event. First measured on 109 articles looked at for the article's second half
only (false 11 times, true 5, an optional background strike 5); round 20 dropped the
position on 186 texts (docs/accuracy.md item 23): the rule report counts 44 of 46 such
drops right, and a strike its side claims or another denies stays (those were true)."""

from __future__ import annotations

from summarizer import trace
from summarizer.models import Event
from summarizer.pipeline.draft import Draft

# the article's first sentences hold no aside (a short text's second sentence is its news)
AFTER_SENTENCES = 3


def is_aside(event: Event) -> bool:
    """One evidence sentence, no figure of dead or wounded, and neither claimed by its side
    nor denied by the side accused."""
    return (len(event.evidence) == 1
            and all(c.min is None and c.max is None for c in (event.killed, event.injured))
            and event.attribution not in ("claimed", "denied"))


def without_asides(drafts: list[Draft],
                   events: list[Event]) -> tuple[list[Draft], list[Event]]:
    """The drafts and events less the asides after the first event and the article's first
    sentences, each dropped with a note (``event.late_aside``)."""
    kept: list[tuple[Draft, Event]] = []
    for n, (d, e) in enumerate(zip(drafts, events, strict=True)):
        if n and min(d.sentences, default=0) >= AFTER_SENTENCES and is_aside(e):
            trace.note(d, "event", "event.late_aside", e.evidence[0].quote[:80], "drop")
        else:
            kept.append((d, e))
    return [d for d, _ in kept], [e for _, e in kept]
