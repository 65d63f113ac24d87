"""A merged draft -> the contract's Event: attacker, target, location, weapon, attribution,
counts, date, retaliation and evidence, each value noted in the decision trace."""

from __future__ import annotations

import datetime as dt
import re

from summarizer import trace
from summarizer.models import Actor, Attribution, Event, Span, TargetKind, Weapon
from summarizer.normalize.actors import actor_kind_guess
from summarizer.normalize.cues import attribution_with_reason, target_kind_of, weapon_of
from summarizer.normalize.dates import full_date_in
from summarizer.pipeline.attackers import blamed_with_rule
from summarizer.pipeline.draft import Draft
from summarizer.pipeline.names import ANSWERS
from summarizer.pipeline.places import location_of
from summarizer.pipeline.targets import distinct
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
        blamed, rule = blamed_with_rule(joined)
        if blamed:
            trace.note(draft, "attacker", rule, blamed, "set", first)
            draft.attackers = [blamed]
        else:
            trace.note(draft, "attacker", "attacker.none_named", None)
    attackers = [Actor(name=a, kind=actor_kind_guess(a)) for a in draft.attackers if a][:1]
    targets = [Actor(name=t, kind=actor_kind_guess(t)) for t in distinct(draft.targets)][:2]
    names = [a.name for a in attackers]
    retaliation = _RETALIATION_RE.search(joined)
    scope = draft.phrase or joined  # its weapon and place: its own words
    location = location_of(draft.places, draft.attackers, scope, draft, first)
    return Event(
        attacker=attackers,
        target=targets,
        target_kind=_target_kind(draft, joined, first),
        weapon=_weapon(draft, scope, first),
        location=location,
        date=_date(draft, spans),
        attribution=_attribution(draft, joined, names, article.text, first),
        killed=count_of(texts, "killed", names, location.countries, draft.provoking, draft,
                        spans),
        injured=count_of(texts, "injured", names, location.countries, draft.provoking, draft,
                         spans),
        retaliation_for=retaliation.group(1).strip() if retaliation else None,
        evidence=spans,
    )


def _target_kind(draft: Draft, joined: str, at: Span | None) -> TargetKind:
    kind = target_kind_of(" ".join(draft.targets) or joined) or "unknown"
    trace.note(draft, "target_kind", "target_kind.cues", kind, at=at)
    return kind


def _weapon(draft: Draft, scope: str, at: Span | None) -> Weapon:
    weapon = weapon_of(scope)
    trace.note(draft, "weapon", "weapon.cues", weapon, at=at)
    return weapon


def _date(draft: Draft, spans: list[Span]) -> dt.date | None:
    for span in spans:
        if date := full_date_in(span.quote):
            trace.note(draft, "date", "date.full_date_in_text", date, at=span)
            return date
    trace.note(draft, "date", "date.no_full_date", None)
    return None


def _attribution(draft: Draft, joined: str, names: list[str], article: str,
                 at: Span | None) -> Attribution:
    if not names:
        trace.note(draft, "attribution", "attribution.no_attacker", "unknown")
        return "unknown"
    label, reason = attribution_with_reason(joined, names, context=article)
    rule = reason if reason.startswith("attribution.") else "attribution.cues"
    trace.note(draft, "attribution", rule, label, at=at)
    return label
