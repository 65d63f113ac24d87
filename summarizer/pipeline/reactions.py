"""Reactions: from the model's per-sentence answer to the contract's Reaction.

The model says whether a sentence reacts to a strike, who speaks and with what stance; code
checks the speaker against the text, lets a stance cue in the words fix the stance, resolves "the
government" to its country and aligns a quoted passage to the text.
"""

from __future__ import annotations

import re

from summarizer.models import Actor, Event, Reaction, Span, Stance
from summarizer.normalize.actors import actor_kind_guess, same_actor
from summarizer.normalize.align import align
from summarizer.pipeline.names import EMPTY, NOT_ACTOR_RE, in_text, with_country
from summarizer.pipeline.planning import ReactionOut
from summarizer.pipeline.statements import STRIKE_WORD_RE, Statement, stance_of
from summarizer.reader import Article

_QUOTED_RE = re.compile(r"[“\"‘']([^“”\"]{12,}?)[”\"’']")
def _speaker(answer: str, sentence: str, context: str) -> str:
    """The model's speaker, if it is one: not empty, not a strike, not an invented name."""
    actor = answer.strip().strip("\"'“”‘’ ")
    if actor.lower() in EMPTY or NOT_ACTOR_RE.match(actor):
        return ""
    if STRIKE_WORD_RE.search(actor) or not in_text(actor, context + " " + sentence):
        return ""  # "Turkish drone strike" is no speaker; an unseen name is invented
    return with_country(actor, sentence, context)


def _reaction(actor: str, stance: Stance, sentence: Span, article: Article) -> Reaction:
    if m := _QUOTED_RE.search(sentence.quote):
        span = align(m.group(1), article.text, hint=sentence.start)
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


def reaction_of(out: ReactionOut, sentence: Span, article: Article, context: str = "",
                ) -> Reaction | None:
    """The sentence's reaction, or None when it is none (or its speaker is not credible); a
    stance cue in the words wins over the model's stance (``statements.stance_of``)."""
    actor = _speaker(out.actor, sentence.quote, context) if out.is_reaction else ""
    if not actor:
        return None
    stance, cued = stance_of(sentence.quote)
    return _reaction(actor, stance if cued else out.stance, sentence, article)


def from_statement(statement: Statement, article: Article) -> Reaction:
    """The reaction a framed statement makes (``statements.statements``)."""
    return _reaction(statement.speaker, statement.stance, statement.sentence, article)


def add_reaction(reactions: list[Reaction], new: Reaction | None) -> None:
    """Keep one reaction per actor and stance."""
    if new and not any(same_actor(new.actor.name, x.actor.name) and new.stance == x.stance
                       for x in reactions):
        reactions.append(new)


def not_the_attackers(reactions: list[Reaction], events: list[Event]) -> list[Reaction]:
    """A sentence that reports a strike by X is not X's reaction to it; and an attacker's
    own words count only as an answer (a denial, a justification), not as a vow or a
    condemnation of what it did itself."""
    return [
        r for r in reactions
        if not any(same_actor(r.actor.name, a.name)
                   and ((r.stance not in ("deny", "other") and not _struck(r.actor.name, events))
                        or any(sp.start == r.evidence[0].start for sp in e.evidence))
                   for e in events for a in e.attacker)
    ]


def _struck(name: str, events: list[Event]) -> bool:
    """``name`` is also the side hit by one of the events (a target, or the country where it
    struck): Pakistan condemns India's strike on it, then strikes back."""
    return any(
        any(same_actor(name, t.name) for t in e.target)
        or bool(e.location.country and same_actor(name, e.location.country))
        for e in events
    )
