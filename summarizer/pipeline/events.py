"""A merged draft -> the contract's Event: attacker, target, location, weapon, attribution,
counts, date, retaliation and evidence, each value noted in the decision trace."""

from __future__ import annotations

import datetime as dt
import re

from summarizer import trace
from summarizer.models import Actor, Attribution, Event, Span, TargetKind, Weapon
from summarizer.normalize.actors import actor_kind_guess
from summarizer.normalize.attribution import attribution_with_reason
from summarizer.normalize.dates import full_date_in
from summarizer.normalize.target_kinds import target_kind_with_rule
from summarizer.normalize.weapons import weapon_with_rule
from summarizer.pipeline.draft import Draft
from summarizer.pipeline.names import ANSWERS
from summarizer.pipeline.places import location_of
from summarizer.pipeline.targets import counts_last, distinct
from summarizer.pipeline.tolls import count_of
from summarizer.reader import Article

_RETALIATION_RE = re.compile(
    rf"\b(?:{ANSWERS}|after)\s+((?:an?|the)\s+[^,.;]*?(?:attack|strike|killing|bombing)[^,.;]*)",
    re.I,
)


def event_of(draft: Draft, sentences: list[Span], article: Article) -> Event:
    """The contract's Event for one merged draft; every value noted in the trace."""
    spans = [sentences[i] for i in sorted(draft.sentences)]
    texts = [s.quote for s in spans]
    joined = " ".join(texts)
    first = spans[0] if spans else None
    if not any(draft.attackers):
        trace.note(draft, "attacker", "attacker.none_named", None)
    attackers = [Actor(name=a, kind=actor_kind_guess(a)) for a in draft.attackers if a][:1]
    targets = [Actor(name=t, kind=actor_kind_guess(t))
               for t in counts_last(distinct(draft.targets))][:2]
    names = [a.name for a in attackers]
    retaliation = _RETALIATION_RE.search(joined)
    location = location_of(draft.places, draft, first, article.text, draft.targets,
                           draft.attackers)
    return Event(
        attacker=attackers,
        target=targets,
        target_kind=_target_kind(draft, joined, spans),
        weapon=_weapon(draft, joined, spans),
        location=location,
        date=_date(draft, spans),
        attribution=_attribution(draft, joined, names, article.text, spans),
        killed=count_of(texts, "killed", names, draft, spans),
        injured=count_of(texts, "injured", names, draft, spans),
        retaliation_for=retaliation.group(1).strip() if retaliation else None,
        evidence=spans,
    )


def _words_at(spans: list[Span], text: str, found: tuple[int, int] | None) -> tuple[Span | None,
                                                                                   str | None]:
    """The evidence sentence that holds ``text[found]`` (the words a rule relied on), and
    those words; the first sentence when they are not found."""
    if found is None:
        return (spans[0] if spans else None), None
    words = text[found[0]:found[1]]
    at = next((s for s in spans if words.lower() in s.quote.lower()), spans[0] if spans else None)
    return at, words


def _target_kind(draft: Draft, joined: str, spans: list[Span]) -> TargetKind:
    text = " ".join(draft.targets) or joined
    kind, rule, found = target_kind_with_rule(text)
    at, words = _words_at(spans, text, found)
    trace.note(draft, "target_kind", rule, kind or "unknown", at=at, words=words)
    return kind or "unknown"


def _weapon(draft: Draft, scope: str, spans: list[Span]) -> Weapon:
    weapon, rule, found = weapon_with_rule(scope)
    at, words = _words_at(spans, scope, found)
    trace.note(draft, "weapon", rule, weapon, at=at, words=words)
    return weapon


def _date(draft: Draft, spans: list[Span]) -> dt.date | None:
    for span in spans:
        if date := full_date_in(span.quote):
            trace.note(draft, "date", "date.full_date_in_text", date, at=span)
            return date
    trace.note(draft, "date", "date.no_full_date", None)
    return None


def _attribution(draft: Draft, joined: str, names: list[str], article: str,
                 spans: list[Span]) -> Attribution:
    if not names:
        trace.note(draft, "attribution", "attribution.no_attacker", "unknown")
        return "unknown"
    label, rule, found = attribution_with_reason(joined, names, context=article)
    if rule.endswith("_in_article") and found is not None:
        at: Span | None = Span(quote=article[found[0]:found[1]], start=found[0], end=found[1])
        words = None
    else:
        at, words = _words_at(spans, joined, found)
    trace.note(draft, "attribution", rule, label, at=at, words=words)
    return label
