"""Asides: a strike an article mentions once, late, after its main one, with no toll.

News leads with its strike; a strike told in one sentence in the article's second half,
with no figure of dead or wounded, is as a rule context (an earlier strike, a tally, a
justification, one side's earlier attack), and the small model drafts it as a new event.
Measured on 109 articles looked at (the dev set's 38 and 71 texts of five fresh probes):
such events were false 11 times and true 5 times (and an optional background strike 5
times)."""

from __future__ import annotations

from summarizer import trace
from summarizer.models import Event
from summarizer.pipeline.draft import Draft

# where the article's second half begins, as a share of its length; and the sentences
# before an aside (a short text's second sentence is no aside)
LATE = 0.5
AFTER_SENTENCES = 3


def is_aside(event: Event, text_length: int) -> bool:
    """One evidence sentence, in the second half of the text, and no figure of dead or
    wounded."""
    return (len(event.evidence) == 1
            and all(c.min is None and c.max is None for c in (event.killed, event.injured))
            and event.evidence[0].start >= LATE * text_length)


def without_asides(drafts: list[Draft], events: list[Event],
                   text_length: int) -> tuple[list[Draft], list[Event]]:
    """The drafts and events less the asides after the first event and the article's first
    sentences, each dropped with a note (``event.late_aside``)."""
    kept: list[tuple[Draft, Event]] = []
    for n, (d, e) in enumerate(zip(drafts, events, strict=True)):
        if n and min(d.sentences, default=0) >= AFTER_SENTENCES and is_aside(e, text_length):
            trace.note(d, "event", "event.late_aside", e.evidence[0].quote[:80], "drop")
        else:
            kept.append((d, e))
    return [d for d, _ in kept], [e for _, e in kept]
