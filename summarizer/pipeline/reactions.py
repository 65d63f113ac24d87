"""Reactions: from the model's per-sentence answer to the contract's Reaction.

The model says whether a sentence reacts to a strike, who speaks and with what stance; code
checks the speaker against the text, lets a stance cue in the words fix the stance, resolves "the
government" to its country and aligns a quoted passage to the text.
"""

from __future__ import annotations

import re

from summarizer import trace
from summarizer.models import Actor, Event, Reaction, Span, Stance
from summarizer.normalize.actors import actor_kind_guess, same_actor
from summarizer.normalize.align import align
from summarizer.pipeline.names import EMPTY, NOT_ACTOR_RE, in_text, with_country
from summarizer.pipeline.planning import ReactionOut
from summarizer.pipeline.statements import STRIKE_WORD_RE, Statement, stance_with_rule
from summarizer.reader import Article

_QUOTED_RE = re.compile(r"[“\"‘']([^“”\"]{12,}?)[”\"’']")
def _speaker(answer: str, sentence: str, context: str) -> tuple[str, str]:
    """The model's speaker, if it is one (not empty, not a strike, not an invented name), and
    the rule that decided."""
    actor = answer.strip().strip("\"'“”‘’ ")
    if actor.lower() in EMPTY or NOT_ACTOR_RE.match(actor):
        return "", "actor.not_a_name"
    if STRIKE_WORD_RE.search(actor):
        return "", "actor.is_a_strike"  # "Turkish drone strike" is no speaker
    if not in_text(actor, context + " " + sentence):
        return "", "actor.not_in_text"  # an unseen name is invented
    named = with_country(actor, sentence, context)
    return named, "actor.model" if named == actor else "actor.institution_with_country"


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
    stance cue in the words wins over the model's stance (``statements.stance_with_rule``)."""
    if not out.is_reaction:
        return None
    actor, rule = _speaker(out.actor, sentence.quote, context)
    if not actor:
        trace.note(out, "reaction", rule, out.actor, "drop", sentence)
        return None
    stance, cue = stance_with_rule(sentence.quote)
    reaction = _reaction(actor, stance if cue else out.stance, sentence, article)
    trace.note(reaction, "reaction", "reaction.model", actor, "make", sentence)
    trace.note(reaction, "actor", rule, actor, at=sentence, words=out.actor)
    trace.note(reaction, "stance", cue or "stance.model", reaction.stance, at=sentence)
    return reaction


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
