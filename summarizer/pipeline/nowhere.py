"""Strikes told nowhere: after the article's first event, a strike told in one sentence that
the text puts in no country, while it is neither at sea nor on a border, is dropped.

An analyst codes where a strike hit. The 1.5B model drafts such a strike from a restatement,
a fragment of background or a sentence it misread. Counted by plain features on 480 texts of
recorded answers (round 21, docs/accuracy.md item 24), these drops were false events 12
times, a true one once and an optional one once; the same check for a one-sentence strike
with no side named was right as often as wrong and was not kept. Strikes at sea or on a
border have no country by the contract and stay, and so does an article's first strike,
however thinly told.
"""

from __future__ import annotations

from summarizer import trace
from summarizer.lexicon import BORDERS, VESSELS, WATERS
from summarizer.models import Event
from summarizer.pipeline.draft import Draft
from summarizer.pipeline.names import tokens

_EDGE_WORDS = frozenset(w for w in (*WATERS, *VESSELS, *BORDERS) if " " not in w)
_EDGE_PHRASES = tuple(w for w in BORDERS if " " in w)


def _at_sea_or_border(text: str) -> bool:
    """The sentence tells of the sea, a ship or a border ("in the Gulf of Aden", "a British
    ship", "along the Line of Control"), where a strike has no country."""
    low = text.lower()
    return bool(_EDGE_WORDS & set(tokens(text))) or any(p in low for p in _EDGE_PHRASES)


def told_nowhere(event: Event) -> bool:
    """Told in one sentence, in no country, and not at sea or on a border."""
    return (len(event.evidence) == 1 and not event.location.country
            and not _at_sea_or_border(event.evidence[0].quote))


def without_nowhere(drafts: list[Draft],
                    events: list[Event]) -> tuple[list[Draft], list[Event]]:
    """The drafts and events less the strikes told nowhere after the first event (an
    article's first strike is its news), each dropped with a note (``event.told_nowhere``)."""
    kept: list[tuple[Draft, Event]] = []
    for n, (d, e) in enumerate(zip(drafts, events, strict=True)):
        if n and told_nowhere(e):
            trace.note(d, "event", "event.told_nowhere", e.evidence[0].quote[:80], "drop")
        else:
            kept.append((d, e))
    return [d for d, _ in kept], [e for _, e in kept]
