"""The brief: runs the strike and reaction steps over a plan's answers, then writes the
headline and summary and canonicalises actor names across the whole brief."""

from __future__ import annotations

from pydantic import BaseModel

from summarizer import trace
from summarizer.models import Brief, Meta, Reaction, Span, Usage
from summarizer.normalize.actors import canonicalize
from summarizer.normalize.dates import published_from_dateline
from summarizer.normalize.geo import article_countries, countries_in, country_code
from summarizer.pipeline import gist
from summarizer.pipeline.attackers import blamed_on
from summarizer.pipeline.confidence import confident
from summarizer.pipeline.draft import Draft, draft_of
from summarizer.pipeline.events import event_of
from summarizer.pipeline.explain import decisions
from summarizer.pipeline.merging import merge, name_the_group
from summarizer.pipeline.nonstrikes import strikes_only
from summarizer.pipeline.places import in_the_articles_country
from summarizer.pipeline.planning import (
    PROMPT_VERSION,
    Call,
    StrikesOut,
    article_sentences,
    plan,
)
from summarizer.pipeline.reactions import (
    add_reaction,
    from_statement,
)
from summarizer.pipeline.statements import statements
from summarizer.pipeline.tolls import add_tolls, toll_in_article
from summarizer.reader import Article


def _drafts(answers: dict[str, BaseModel], calls: list[Call],
            sentences: list[Span]) -> list[Draft]:
    """The strikes of the model's answers, sentence by sentence, each folded into the one it
    restates."""
    drafts: list[Draft] = []
    for call in calls:
        answer = answers.get(call.name)
        if not isinstance(answer, StrikesOut):
            continue
        targets_here = [x.target for x in answer.strikes if x.target.strip()]
        for n, s in enumerate(answer.strikes):
            if draft := draft_of(s, sentences, call.sentence, targets_here):
                # "The airstrikes were ordered in response to a drone attack by X": the
                # sentence's subject restates a strike; a second strike in it is news
                draft.restates = draft.restates and n == 0
                name_the_group(draft, drafts)
                merge(drafts, draft)
    return drafts


def assemble(
    article: Article,
    answers: dict[str, BaseModel],
    usage: Usage,
    seconds: float,
    model: str,
    calls: list[Call] | None = None,
    *,
    explain: bool = False,
    prompt_version: str = PROMPT_VERSION,
    min_confidence: float | None = None,
) -> Brief:
    """Turn the model's answers to ``plan(article)`` into a validated, grounded brief
    (``calls``: that plan, when the caller has it already; ``prompt_version``: the prompts
    the answers were made with). ``explain`` adds the decision trace (``meta.trace``): which
    named rule decided each value. ``min_confidence``: the event confidence below which an
    event is dropped (None: the packaged threshold; 0: keep every event)."""
    # a city name several countries share is the one in a country the article names
    named = {c for n in countries_in(article.text, demonyms=True)
             if (c := country_code(n, fuzzy=False))}
    with article_countries(named):
        if not explain:
            return _assemble(article, answers, usage, seconds, model, calls, prompt_version,
                             min_confidence)
        with trace.tracing() as records:
            brief = _assemble(article, answers, usage, seconds, model, calls, prompt_version,
                              min_confidence)
    meta = brief.meta.model_copy(update={"trace": decisions(records, article.text)})
    return brief.model_copy(update={"meta": meta})


def _assemble(article: Article, answers: dict[str, BaseModel], usage: Usage, seconds: float,
              model: str, calls: list[Call] | None, prompt_version: str,
              min_confidence: float | None = None) -> Brief:
    sentences = article_sentences(article)
    calls = plan(article) if calls is None else calls
    # the steps, in order: the model's strikes sentence by sentence, the text's statement
    # frames, the toll sentences, the attacker blamed, the events (less the non-strikes and
    # the events of low confidence), and the reactions to them
    drafts = _drafts(answers, calls, sentences)
    reactions = _reactions(article, sentences)
    add_tolls(drafts, sentences, {c.sentence for c in calls})
    _blame(drafts, sentences)
    events = [event_of(d, sentences, article) for d in drafts]
    made = list(drafts)
    drafts, events = strikes_only(drafts, events, sentences)
    drafts, events = confident(drafts, events, len(article.text), min_confidence)
    events = [in_the_articles_country(d, e, article.text)
              for d, e in zip(drafts, events, strict=True)]
    if len(events) == 1:
        kept = {id(d) for d in drafts}
        told_elsewhere = {i for d in made if id(d) not in kept for i in d.sentences}
        events = [toll_in_article(drafts[0], events[0], sentences, told_elsewhere)]
    trace.bind_all(drafts, "events")
    # reactions respond to strikes: an article that reports none has none
    if not events:
        for r in reactions:
            trace.note(r, "reaction", "reaction.no_strike_reported", r.actor.name, "drop")
        reactions = []
    trace.bind_all(reactions, "reactions")
    brief = Brief(
        headline=gist.headline(events),
        summary=gist.summary(events, reactions, sentences),
        published=published_from_dateline(article.text),
        events=events,
        reactions=reactions,
        meta=Meta(model=model, prompt_version=prompt_version, article_sha256=article.sha256,
                  usage=usage, seconds=round(seconds, 3)),
    )
    return canonicalize(brief, article.text)


def _reactions(article: Article, sentences: list[Span]) -> list[Reaction]:
    """The reactions the text's own statement frames make, one per actor and stance."""
    reactions: list[Reaction] = []
    found = statements(sentences)
    for st in found:
        others = [o.speaker for o in found
                  if o.sentence.start == st.sentence.start and o.speaker != st.speaker]
        add_reaction(reactions, from_statement(st, article, others))
    return reactions


def _blame(drafts: list[Draft], sentences: list[Span]) -> None:
    """"Hajiyev blamed Armenia for the attacks": the article's blamed side is the attacker of
    every strike that names none (a side only described, "militants", names none)."""
    blamed = blamed_on(" ".join(s.quote for s in sentences))
    for d in drafts:
        if blamed and not any(c.isupper() for a in d.attackers for c in a):
            trace.note(d, "attacker", "attacker.blamed_in_article", blamed, "set")
            d.attackers = [blamed]
