"""Reactions: a statement frame (``statements``) to the contract's Reaction, one per actor
and stance, its quoted passage aligned to the text."""

from __future__ import annotations

import re

from summarizer import trace
from summarizer.lexicon import OFFICIAL_TITLES
from summarizer.models import Actor, Reaction, Span, Stance
from summarizer.normalize.actors import actor_kind_guess, same_actor
from summarizer.normalize.align import align
from summarizer.pipeline.names import tokens
from summarizer.pipeline.statements import Statement
from summarizer.reader import Article

# a quoted passage, each opening mark closed by its own: inside “…” an apostrophe ("the
# victims’ families") is text; a single mark opens and closes only outside a word ("the
# boy's family" is no quote)
_QUOTED_RE = re.compile(r"“([^“”]{12,}?)”|(?<!\w)\"([^\"]{12,}?)\"|"
                        r"(?<!\w)‘([^‘]{12,}?)’(?!\w)|(?<!\w)'([^']{12,}?)'(?!\w)")


# between a quote and its speaker after it: "“...,” Erdogan said", "“...,” said the
# minister", "“...,” Estavia’s president said", "'...,' according to Iraq's prime minister"
_SAID_AFTER_RE = re.compile(r"[\s,.;:!?”\"’']*"
                            r"(?:(?i:said|says|told|added|wrote|according\s+to)\s+)?"
                            r"(?:(?i:the)\s+)?(?:[A-Z][\w’'.-]*\s+){0,3}")


def _mentions(name: str, text: str, every: bool = False) -> list[int]:
    """Where ``name`` stands in ``text``: its last word, or (``every``) any of its words."""
    words = tokens(name)
    return sorted(m.start() for w in (words if every else words[-1:])
                  for m in re.finditer(rf"\b{re.escape(w)}", text, re.I))


def _speaks(speaker: str, others: list[str], text: str, quote: re.Match[str]) -> bool:
    """The quoted passage is ``speaker``'s: it follows the speaker with no other speaker of
    the sentence between them ("The US urged restraint, while Israel warned Iran would “pay a
    heavy price”" is Israel's, not the US's), or it comes right before ("“...,” Erdogan
    said"). A speaker the sentence names otherwise ("Britain" for the United Kingdom) owns
    the quote when nobody else speaks there."""
    mine = _mentions(speaker, text)
    if not mine:
        return not others
    theirs = [p for o in others for p in _mentions(o, text)]
    if before := [p for p in mine if p < quote.start()]:
        return not any(max(before) < p < quote.start() for p in theirs)
    after = [p for p in _mentions(speaker, text, every=True) if p >= quote.end()]
    return bool(after) and bool(_SAID_AFTER_RE.fullmatch(text[quote.end():min(after)]))


# the words that end an office before a person's name ("Prime Minister Masrour Barzani")
_OFFICE_WORDS = frozenset({*OFFICIAL_TITLES, "commander", "head", "leader", "rapporteur",
                           "secretary-general", "director-general", "general"})
# words of an office's or a unit's name, never of a person's
_NOT_A_NAME = frozenset({"Of", "The", "And", "Forces", "Office", "Headquarters", "Staff",
                         "Ministry", "Army", "Command", "Agency", "Corporation", "Press",
                         "Province", "Region", "Council", "Committee", "Authority", "Service",
                         "Services", "News", "Broadcasting", "Company", "Oblast", "Mission"})
# lower-case words that stand before a name as adjectives, not as its office ("the official
# Saudi Press Agency", "the regional governor")
_NOT_AN_OFFICE = frozenset({"official", "officials", "regional", "general", "head"})


def person_named(speaker: str) -> str:
    """The person a titled speaker names ("Iraq's Kurdish Prime Minister Masrour Barzani" ->
    "Masrour Barzani"; '' when it names none): the capitalised words after the last office
    word, two to four of them."""
    words = speaker.split()
    last = max((i for i, w in enumerate(words) if w.lower().strip(",") in _OFFICE_WORDS),
               default=-1)
    rest = words[last + 1:]
    # (an office, capitalised or not, but no lower-case adjective such as "official"; and a
    # name of plain words: not "Commander Of Kessa Forces", "President Ivo Dren's Office")
    lower = last >= 0 and not words[last][:1].isupper()
    named = (last >= 0 and not (lower and (words[last] in _NOT_AN_OFFICE or actor_kind_guess(
                 " ".join(rest)) != "person"))
             and 2 <= len(rest) <= 4
             and all(w[:1].isupper() and w.isalpha() and w not in _NOT_A_NAME for w in rest))
    return " ".join(rest) if named else ""


def _reaction(actor: str, stance: Stance, sentence: Span, article: Article,
              others: list[str]) -> Reaction:
    quote = None
    m = next((q for q in _QUOTED_RE.finditer(sentence.quote)
              if _speaks(actor, others, sentence.quote, q)), None)
    if m:
        inner = next(g for g in m.groups() if g is not None)
        span = align(inner, article.text, hint=sentence.start)
        quote = span.quote if span else None
    person = person_named(actor)
    return Reaction(
        actor=Actor(name=actor, aliases=[person] if person else [], kind=actor_kind_guess(actor)),
        stance=stance,
        summary=sentence.quote if len(sentence.quote) <= 400 else sentence.quote[:397] + "...",
        quote=quote,
        evidence=[sentence],
    )


def from_statement(statement: Statement, article: Article,
                   others: list[str] | None = None) -> Reaction:
    """The reaction a framed statement makes (``statements.statements``); ``others`` are the
    other speakers of its sentence, whose quotes are not its own."""
    reaction = _reaction(statement.speaker, statement.stance, statement.sentence, article,
                         others or [])
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
