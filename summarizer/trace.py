"""The decision trace: which named rule set, changed or dropped which value, on what words.

Rules call :func:`note`; it records only inside :func:`tracing` (a context variable holds the
list), so with the trace off a call costs one lookup and nothing is kept. Each record names
its *subject* (the draft, reaction or statement object the decision is about); the brief's
assembly maps subjects to the events and reactions they became (:func:`resolve`).
Rule ids are stable dotted names, ``field.rule`` (``attacker.is_reporter``), as spaCy's
``SpanRuler`` gives every match its pattern's id: a report or a test can name a rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

Action = Literal["set", "keep", "drop", "merge", "make"]

_RECORDS: ContextVar[list[Record] | None] = ContextVar("summarizer_trace", default=None)


@dataclass
class Record:
    """One decision: ``rule`` did ``action`` to ``field`` of ``subject`` with ``value``."""

    subject: object
    field: str
    rule: str
    value: str
    action: Action = "set"
    start: int | None = None  # the evidence: article offsets of the words relied on
    end: int | None = None
    extra: dict[str, str] = dataclasses.field(default_factory=dict)


def on() -> bool:
    """Whether a trace is being recorded (for rules whose evidence is costly to compute)."""
    return _RECORDS.get() is not None


def note(subject: object, field_: str, rule: str, value: object, action: Action = "set",
         span: tuple[int, int] | None = None) -> None:
    """Record a decision when tracing; otherwise do nothing."""
    records = _RECORDS.get()
    if records is None:
        return
    start, end = span if span is not None else (None, None)
    records.append(Record(subject, field_, rule, "" if value is None else str(value), action,
                          start, end))


def rebind(old: object, new: object) -> None:
    """``old`` was folded into ``new`` (a draft merged into an earlier one): its decisions
    now speak of ``new``."""
    records = _RECORDS.get()
    if records is None:
        return
    for r in records:
        if r.subject is old:
            r.subject = new


@contextmanager
def tracing() -> Iterator[list[Record]]:
    """Record every :func:`note` made inside the block into the list it yields."""
    records: list[Record] = []
    token = _RECORDS.set(records)
    try:
        yield records
    finally:
        _RECORDS.reset(token)
