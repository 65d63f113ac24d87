"""An event's killed and injured: the figures of its sentences (``normalize.counts`` reads
them as the contract's Count table says), and the toll sentence right after it.

Rules that left some figures out (the attacker's own losses, the dead placed in another
country, the dead of the attack answered) were removed: each fired in one or two dev
articles and was wrong as often as right (docs/accuracy.md).
"""

from __future__ import annotations

from typing import Literal

from summarizer import trace
from summarizer.models import Count, Span
from summarizer.normalize.counts import casualties, combine
from summarizer.pipeline.draft import Draft


def add_tolls(drafts: list[Draft], sentences: list[Span], read: set[int]) -> None:
    """A sentence the plan did not read that gives a toll right after an event's sentence
    ("At the moment 13 dead and 52 wounded have been removed from the rubble") is that
    event's evidence."""
    for i, span in enumerate(sentences):
        if i in read or not i or not any(casualties(span.quote)):
            continue
        for d in drafts:
            if i - 1 in d.sentences and i not in d.sentences:
                d.sentences.append(i)
                trace.note(d, "event", "event.toll_in_next_sentence", i, "merge", span)
                break


def count_of(texts: list[str], kind: Literal["killed", "injured"], subject: object = None,
             spans: list[Span] | None = None) -> Count:
    """The event's ``kind`` figures from its evidence (each figure noted on ``subject``;
    ``spans`` are the texts' places in the article)."""
    figures: list[Count] = []
    where = {s.quote: s for s in spans or []}
    for t in dict.fromkeys(texts):
        killed, injured = casualties(t)
        for f in killed if kind == "killed" else injured:
            if trace.on():
                at = where.get(t)
                span = at and Span(quote=t[f.start:f.end], start=at.start + f.start,
                                   end=at.start + f.end)
                trace.note(subject, kind, f"{kind}.{f.rule.split('.')[-1]}", f.count.text,
                           "set", span)
            figures.append(f.count)
    count = combine(figures)
    if count.text is None and count.min is None:
        trace.note(subject, kind, f"{kind}.no_figure", None)
    return count
