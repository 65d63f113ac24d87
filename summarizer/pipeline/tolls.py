"""An event's killed and injured: the figures of its sentences (``normalize.counts`` reads
them as the contract's Count table says), and the toll sentence right after it; the one
event of an article with no figure of its own takes the article's first (``toll_in_article``).

One rule leaves a figure out: the attacker's own losses ("three American soldiers" are no
toll of an American strike; 3 dev articles, 2 of 3 right). Two others (the dead placed in
another country, the dead of the attack answered) fired in one dev article each and were
removed (docs/accuracy.md).
"""

from __future__ import annotations

import re
from typing import Literal

from summarizer import trace
from summarizer.models import Count, Event, Span
from summarizer.normalize.attribution import sourced
from summarizer.normalize.counts import Figure, casualties, combine
from summarizer.normalize.geo import countries_in, country_code
from summarizer.pipeline.draft import Draft
from summarizer.pipeline.names import tokens
from summarizer.pipeline.planning import period_total


def add_tolls(drafts: list[Draft], sentences: list[Span], read: set[int]) -> None:
    """A sentence the plan did not read that gives a toll right after an event's sentence
    ("At the moment 13 dead and 52 wounded have been removed from the rubble") is that
    event's evidence."""
    for i, span in enumerate(sentences):
        if i in read or not i or not any(casualties(span.quote)):
            continue
        for d in drafts:
            if i - 1 in d.sentences and i not in d.sentences:
                d.sentences.append(i)
                trace.note(d, "event", "event.toll_in_next_sentence", i, "merge", span)
                break


# after a figure, these words begin the means or the agent, not more of the victims:
# "was killed near Baghdad airport in a United States drone strike"
_MEANS_RE = re.compile(r"\b(?:in|by|during|after|when|as)\b")


def _around(text: str, figure: Figure) -> str:
    """The figure's phrase and the words after it that may still describe its victims."""
    tail = text[figure.end:figure.end + 40]
    cut = _MEANS_RE.search(tail)
    return text[figure.start:figure.end] + (tail[:cut.start()] if cut else tail)


def own_losses(attackers: list[str], phrase: str) -> bool:
    """'three American soldiers' are not the casualties of an American strike."""
    for a in attackers:
        code = country_code(a, fuzzy=False)
        if code and any(country_code(c, fuzzy=False) == code
                        for c in countries_in(phrase, demonyms=True)):
            return True
        if re.search(r"\b(u\.?s\.?|us|american)\b", phrase, re.I) and code == "USA":
            return True
        toks = tokens(a)
        if toks and all(t in phrase.lower() for t in toks):
            return True
    return False


def _a_toll(count: Count) -> bool:
    """"the death toll to 26", "the toll rose to 44": the whole toll again, updated."""
    return "toll" in (count.text or "").lower()


def _near(count: Count, lead: list[Count]) -> bool:
    """``count`` is at least four fifths of a lead figure (its lowest against that figure's
    highest): another source's toll of the same dead ("12 civilians" after 13), not a part
    of them ("eight people" of 16, "two others" of 11)."""
    value = count.min if count.min is not None else count.max
    tops = [t for c in lead if (t := c.max if c.max is not None else c.min) is not None]
    return value is not None and any(t and value >= 0.8 * t for t in tops)


def _zero_gives_way(lead: list[Count], figures: list[Count]) -> list[Count]:
    """The lead without its zero when a figure contradicts it ("no immediate reports of
    casualties", then "A guard later died of his wounds")."""
    if any(c.max == 0 for c in lead) and any(c.min for c in figures):
        return [c for c in lead if c.max != 0] or [c for c in figures if c.min]
    return lead


def _sentence_figures(text: str, kind: str, attackers: list[str],
                      lead: list[Count]) -> list[tuple[Figure, str]]:
    """Each ``kind`` figure of one sentence and what becomes of it: dropped (a total over a
    period, the attackers' own losses), ``kept_after_the_lead`` (after the ``lead``'s
    sentence, a figure that is no update of the toll and no other source's toll near it:
    only its text counts; a much lower figure is most often a part, "eight people" of 16,
    whoever gives it, and a higher one that no other source gives most often another
    strike's dead), or kept."""
    after_lead = bool(lead)
    killed, injured = casualties(text)
    total = period_total(text)  # "since mid-September": no strike's toll
    out = []
    for f in killed if kind == "killed" else injured:
        if total:
            out.append((f, "period_total"))
        elif own_losses(attackers, _around(text, f)):
            out.append((f, "attackers_own_losses"))
        elif after_lead and not (_a_toll(f.count) or (sourced(text) and _near(f.count, lead))):
            out.append((f, "kept_after_the_lead"))
        else:
            out.append((f, "kept"))
    return out


def _note(subject: object, f: Figure, text: str, at: Span | None, rule: str) -> None:
    """Trace one figure of ``text`` (at ``at`` in the article) as :func:`_sentence_figures`
    decided it."""
    span = at and Span(quote=text[f.start:f.end], start=at.start + f.start,
                       end=at.start + f.end)
    name = f.rule.split(".")[-1] if rule == "kept" else rule.removeprefix("kept_")
    trace.note(subject, f.kind, f"{f.kind}.{name}", f.count.text,
               "set" if rule == "kept" else "drop", span)


def count_of(texts: list[str], kind: Literal["killed", "injured"], attackers: list[str],
             subject: object = None, spans: list[Span] | None = None) -> Count:
    """The event's ``kind`` count from its evidence, but its ``attackers``' own losses (each
    figure noted on ``subject``; ``spans`` are the texts' places in the article): the figures
    of the first sentence that gives one, and of a later one that updates the toll or that
    another source gives near it ("Local media said 11 people were killed" after 13),
    combined as the contract says; the other later ones ("Twenty children were among the
    dead", "three leaders" of a dozen dead, an earlier strike's 45) only join ``text``. A
    zero the later figures contradict ("no immediate reports of casualties", then a death)
    gives way to them."""
    figures: list[Count] = []
    # the figures up to and with the first sentence that gives a number (set once the next
    # sentence begins), then the later ones that join them
    lead: list[Count] = []
    where = {s.quote: s for s in spans or []}
    for t in dict.fromkeys(texts):
        if not lead and any(c.min is not None or c.max is not None for c in figures):
            lead = list(figures)
        for f, rule in _sentence_figures(t, kind, attackers, lead):
            if trace.on():
                _note(subject, f, t, where.get(t), rule)
            if rule.startswith("kept"):
                figures.append(f.count)
                if lead and rule != "kept_after_the_lead":
                    lead.append(f.count)  # another source's, or an update of the toll
    count = combine(_zero_gives_way(lead, figures) or figures)
    count = count.model_copy(update={"text": combine(figures).text})
    if count.text is None and count.min is None:
        trace.note(subject, kind, f"{kind}.no_figure", None)
    return count


_IN_ARTICLE = {"killed": "killed.toll_in_article", "injured": "injured.toll_in_article"}
_NO_FIGURE = {"killed": "killed.no_figure", "injured": "injured.no_figure"}


def _first_toll(which: int, sentences: list[Span], skip: set[int],
                attackers: list[str]) -> tuple[Span, list[Figure]] | None:
    """The first sentence (not in ``skip``) giving a figure of the kind ``which`` names (0
    killed, 1 injured, as :func:`casualties` returns them) that is no total over a period
    and no loss of the ``attackers``' own, with its figures."""
    for n, span in enumerate(sentences):
        if n in skip or period_total(span.quote):
            continue
        figures = [f for f in casualties(span.quote)[which]
                   if not own_losses(attackers, _around(span.quote, f))]
        if figures:
            return span, figures
    return None


def toll_in_article(subject: object, event: Event, sentences: list[Span],
                    skip: set[int]) -> Event:
    """The one event of a brief, with no figure of its own: the first sentence that gives a
    figure of its kind ("12 people were killed", "no casualties") gives its toll, and is its
    evidence too; not a sentence in ``skip`` (those of the strikes the checks dropped: a
    strike told as background lends it no toll), a total over a period ("since October"),
    the attackers' own losses, nor a zero the other kind's dead or wounded contradict. Right
    27 times of 34 on 732 annotated texts; with several events, whose figure it is
    cannot be told. Applied after the event confidence, like the article's country."""
    attackers = [a.name for a in event.attacker]
    counts = {"killed": event.killed, "injured": event.injured}
    found: dict[str, tuple[Span, list[Figure]]] = {}
    for k, kind in enumerate(("killed", "injured")):
        count = counts[kind]
        if count.min is None and count.max is None and not count.text and (
                toll := _first_toll(k, sentences, skip, attackers)):
            found[kind] = toll
            counts[kind] = combine([f.count for f in toll[1]])
    for kind, other in (("killed", "injured"), ("injured", "killed")):
        if kind in found and counts[kind].max == 0 and counts[other].min:
            del found[kind]  # "no casualties" beside five dead: no zero
            counts[kind] = getattr(event, kind)
    if not found:
        return event
    evidence = list(event.evidence)
    for kind, (span, figures) in found.items():
        trace.supersede(subject, kind, _NO_FIGURE[kind])
        for f in figures:
            trace.note(subject, kind, _IN_ARTICLE[kind], f.count.text, "set",
                       Span(quote=span.quote[f.start:f.end], start=span.start + f.start,
                            end=span.start + f.end))
        if all(e.start != span.start for e in evidence):
            evidence.append(span)
    return event.model_copy(update={"killed": counts["killed"], "injured": counts["injured"],
                                    "evidence": sorted(evidence, key=lambda e: e.start)})
