"""Asides: a strike an article mentions after its main one, with no toll, that is context.

News leads with its strike and sources it; a later strike with no figure of dead or wounded
is as a rule context (an earlier strike, a tally, a justification, a threat, one side's
earlier attack) when it is told in one sentence that nobody claims or denies, or when it is
told as plain fact with no source (the background a story narrates), and the small model
drafts it as a new event. First measured on 109 articles for one-sentence strikes in the
article's second half only (false 11 times, true 5, an optional background strike 5); round
20 dropped the position and added the plain fact, on 186 texts (docs/accuracy.md item 23):
the rule report counts 55 of 57 such drops right; a one-sentence strike its side claims or
another denies stays (those were true)."""

from __future__ import annotations

from summarizer import trace
from summarizer.models import Event
from summarizer.pipeline.draft import Draft

# the article's first sentences hold no aside (a short text's second sentence is its news)
AFTER_SENTENCES = 3


def is_aside(event: Event) -> bool:
    """No figure of dead or wounded, and either told as plain fact, with no source
    (``confirmed``: news sources its strikes and narrates its background), or told in one
    sentence and neither claimed by its side nor denied by the side accused."""
    if any(c.min is not None or c.max is not None for c in (event.killed, event.injured)):
        return False
    return event.attribution == "confirmed" or (
        len(event.evidence) == 1 and event.attribution not in ("claimed", "denied"))


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
