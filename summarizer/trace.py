"""The decision trace: which named rule set, changed or dropped which value, on what words.

Rules call :func:`note`; it records only inside :func:`tracing` (a context variable holds the
trace), so with the trace off a call costs one lookup and nothing is kept. Each record names
its *subject*: the model's answer, draft, statement or reaction the decision is about. When
an answer becomes a draft, or a draft is folded into an earlier one, :func:`rebind` moves its
records along; :func:`bind_all` names the final subjects ``events[i]`` / ``reactions[j]``.
Rule ids are stable dotted names, ``field.rule`` (``attacker.is_a_reporter``), as spaCy's
``SpanRuler`` gives every match its pattern's id: a report or a test can name a rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

from summarizer.models import Span

Action = Literal["set", "keep", "drop", "merge", "make"]


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


@dataclass
class Trace:
    """The records of one brief, and the final place (``events[0]``) of each subject."""

    records: list[Record] = dataclasses.field(default_factory=list)
    paths: dict[int, str] = dataclasses.field(default_factory=dict)
    _alive: list[object] = dataclasses.field(default_factory=list)  # keeps ids unique

    def path_of(self, subject: object) -> str | None:
        return self.paths.get(id(subject))


_CURRENT: ContextVar[Trace | None] = ContextVar("summarizer_trace", default=None)


def on() -> bool:
    """Whether a trace is being recorded (for rules whose evidence is costly to compute)."""
    return _CURRENT.get() is not None


def note(subject: object, field_: str, rule: str, value: object, action: Action = "set",
         at: Span | None = None, words: str | None = None) -> None:
    """Record a decision when tracing; otherwise do nothing. ``at`` is the sentence the rule
    read; ``words``, when found in it, narrows the evidence to them (computed only when
    tracing)."""
    current = _CURRENT.get()
    if current is None:
        return
    start = end = None
    if at is not None:
        start, end = at.start, at.end
        if words and (i := at.quote.lower().find(words.strip().lower())) >= 0:
            start, end = at.start + i, at.start + i + len(words.strip())
    current.records.append(Record(subject, field_, rule, "" if value is None else str(value),
                                  action, start, end))


def rebind(old: object, new: object) -> None:
    """``old`` became ``new`` (an answer a draft, a draft folded into an earlier one): its
    decisions now speak of ``new``."""
    current = _CURRENT.get()
    if current is None:
        return
    for r in current.records:
        if r.subject is old:
            r.subject = new


def supersede(subject: object, field_: str, rule: str) -> None:
    """A later rule sets ``field_`` of ``subject`` where ``rule`` had left it empty (a
    fallback): ``rule``'s record goes, so that the trace and the rule report name only the
    rule that gave the value."""
    current = _CURRENT.get()
    if current is None:
        return
    current.records = [r for r in current.records
                       if not (r.subject is subject and r.field == field_ and r.rule == rule)]


def bind_all(subjects: Sequence[object], kind: str) -> None:
    """Name the final subjects ``kind[i]`` in order (``events[0]``, ``reactions[2]``)."""
    current = _CURRENT.get()
    if current is None:
        return
    for i, subject in enumerate(subjects):
        current.paths[id(subject)] = f"{kind}[{i}]"
        current._alive.append(subject)


@contextmanager
def tracing() -> Iterator[Trace]:
    """Record every :func:`note` made inside the block into the trace it yields."""
    current = Trace()
    token = _CURRENT.set(current)
    try:
        yield current
    finally:
        _CURRENT.reset(token)
