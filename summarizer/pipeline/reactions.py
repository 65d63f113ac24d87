"""Reactions: a statement frame (``statements``) to the contract's Reaction, one per actor
and stance, its quoted passage aligned to the text; an attacker's own words count only as an
answer to the strike."""

from __future__ import annotations

import re

from summarizer import trace
from summarizer.models import Actor, Event, Reaction, Span, Stance
from summarizer.normalize.actors import actor_kind_guess, same_actor
from summarizer.normalize.align import align
from summarizer.pipeline.statements import Statement
from summarizer.reader import Article

# a quoted passage, each opening mark closed by its own: inside “…” an apostrophe ("the
# victims’ families") is text; a single mark opens and closes only outside a word ("the
# boy's family" is no quote)
_QUOTED_RE = re.compile(r"“([^“”]{12,}?)”|(?<!\w)\"([^\"]{12,}?)\"|"
                        r"(?<!\w)‘([^‘]{12,}?)’(?!\w)|(?<!\w)'([^']{12,}?)'(?!\w)")


def _reaction(actor: str, stance: Stance, sentence: Span, article: Article) -> Reaction:
    if m := _QUOTED_RE.search(sentence.quote):
        inner = next(g for g in m.groups() if g is not None)
        span = align(inner, article.text, hint=sentence.start)
        quote = span.quote if span else None
    else:
        quote = None
    return Reaction(
        actor=Actor(name=actor, kind=actor_kind_guess(actor)),
        stance=stance,
        summary=sentence.quote if len(sentence.quote) <= 400 else sentence.quote[:397] + "...",
        quote=quote,
        evidence=[sentence],
    )


def from_statement(statement: Statement, article: Article) -> Reaction:
    """The reaction a framed statement makes (``statements.statements``)."""
    reaction = _reaction(statement.speaker, statement.stance, statement.sentence, article)
    at = statement.sentence
    trace.note(reaction, "reaction", "reaction.statement_frame", statement.speaker, "make", at)
    trace.note(reaction, "actor", statement.actor_rule, statement.speaker, at=at,
               words=statement.speaker)
    trace.note(reaction, "stance", statement.stance_rule, statement.stance, at=at)
    return reaction


def add_reaction(reactions: list[Reaction], new: Reaction | None) -> None:
    """Keep one reaction per actor and stance."""
    if new is None:
        return
    if any(same_actor(new.actor.name, x.actor.name) and new.stance == x.stance
           for x in reactions):
        trace.note(new, "reaction", "reaction.same_actor_and_stance", new.actor.name, "drop")
        return
    reactions.append(new)


def not_the_attackers(reactions: list[Reaction], events: list[Event]) -> list[Reaction]:
    """A sentence that reports a strike by X is not X's reaction to it; and an attacker's
    own words count only as an answer (a denial, a justification), not as a vow or a
    condemnation of what it did itself."""
    kept = []
    for r in reactions:
        if any(same_actor(r.actor.name, a.name)
               and ((r.stance not in ("deny", "other") and not _struck(r.actor.name, events))
                    or any(sp.start == r.evidence[0].start for sp in e.evidence))
               for e in events for a in e.attacker):
            trace.note(r, "reaction", "reaction.attackers_own_words", r.actor.name, "drop")
        else:
            kept.append(r)
    return kept


def _struck(name: str, events: list[Event]) -> bool:
    """``name`` is also the side hit by one of the events (a target, or the country where it
    struck): Pakistan condemns India's strike on it, then strikes back."""
    return any(
        any(same_actor(name, t.name) for t in e.target)
        or bool(e.location.country and same_actor(name, e.location.country))
        for e in events
    )
