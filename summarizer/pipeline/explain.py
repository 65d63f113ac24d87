"""The trace of one brief as the contract's decisions (``meta.trace``)."""

from __future__ import annotations

from summarizer.models import Decision, Span
from summarizer.trace import Trace


def decisions(current: Trace, text: str) -> list[Decision]:
    """Every recorded decision, with the path of the value it decided (``events[0].attacker``)
    or ``dropped.FIELD`` for a candidate that did not reach the brief."""
    out: list[Decision] = []
    for r in current.records:
        base = current.path_of(r.subject)
        evidence = None
        if r.start is not None and r.end is not None and 0 <= r.start <= r.end <= len(text):
            evidence = Span(quote=text[r.start:r.end], start=r.start, end=r.end)
        out.append(Decision(path=f"{base}.{r.field}" if base else f"dropped.{r.field}",
                            rule=r.rule, action=r.action, value=r.value, evidence=evidence))
    return out
