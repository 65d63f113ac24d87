"""An event's killed and injured: the figures of its sentences that are its own.

Figures come from ``normalize.counts``; the rules here leave out the attacker's own losses,
the dead placed in another country than the event's, and the dead of the attack it answers.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from summarizer import trace
from summarizer.models import Count, Span
from summarizer.normalize.counts import casualties, combine
from summarizer.normalize.geo import countries_in, country_code
from summarizer.pipeline.draft import Draft
from summarizer.pipeline.names import ANSWERS, tokens
from summarizer.pipeline.places import place_countries


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


def _victims_are(attackers: list[str], phrase: str) -> bool:
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


# after a figure, these words begin the means or the agent, not more of the victims:
# "was killed near Baghdad airport in a United States drone strike"
_MEANS_RE = re.compile(r"\b(?:in|by|during|after|when|as)\b")
# "26 killed in Pakistan and 10 in Indian-administered Kashmir": where the figure's dead were
_FIGURE_PLACE_RE = re.compile(r"^(?:\s+[a-z][\w-]*){0,4}?\s+in\s+"
                              r"((?:[A-Z][\w'’]*(?:-[\w'’]+)*)(?:\s+[A-Z][\w'’-]*){0,3})\b"
                              # "killed in Russian strikes": the means, not the place
                              r"(?!\s+(?:[\w-]+\s+)?(?:air ?strikes?|strikes?|attacks?|raids?|"
                              r"shelling|bombing|fire)\b)")


def _around(text: str, figure: Any) -> str:
    """The figure's phrase and the words after it that may still describe its victims."""
    tail = text[figure.end:figure.end + 40]
    cut = _MEANS_RE.search(tail)
    return text[figure.start:figure.end] + (tail[:cut.start()] if cut else tail)


def _placed_elsewhere(text: str, figure: Any, starts: list[int], countries: list[str]) -> bool:
    """The figure's dead are placed "in" a country that is not the event's (looking no
    further than the next figure, which ``starts`` give)."""
    if not countries:
        return False
    stop = min((e for e in starts if e > figure.end), default=len(text))
    m = _FIGURE_PLACE_RE.match(text[figure.end:stop])
    if not m:
        return False
    where = countries_in(m.group(1), demonyms=True) or place_countries(m.group(1))
    return bool(where) and not set(where) & set(countries)


# "attacked troops in response to Pakistan's two air strikes that killed eight women": what
# follows is the provoking attack, and so are its dead
_IN_RESPONSE_RE = re.compile(rf"\b(?:{ANSWERS})\b", re.I)


def _provoking_toll(text: str, figure: Any) -> bool:
    """The figure belongs to the attack this one answers ("in response to X that killed 8"),
    not to a main clause after the phrase ("In retaliation for X, jets struck Y, killing 12")."""
    m = _IN_RESPONSE_RE.search(text)
    if m is None or m.end() > figure.start or ";" in text[m.end():figure.start]:
        return False
    between = text[m.end():figure.start]
    last = between.rfind(",")
    return last < 0 or bool(re.match(r",\s*(?:which|that|who)\b", between[last:]))


def _left_out(t: str, f: Any, attackers: list[str], starts: list[int], countries: list[str],
              provoking: bool) -> str:
    """The rule that leaves figure ``f`` of sentence ``t`` out of the event ('' keeps it)."""
    if _victims_are(attackers, _around(t, f)):
        return "attackers_own_losses"
    if _placed_elsewhere(t, f, starts, countries):
        return "placed_in_another_country"
    if not provoking and _provoking_toll(t, f):
        return "toll_of_the_answered_attack"
    return ""


def count_of(texts: list[str], kind: Literal["killed", "injured"], attackers: list[str],
             countries: list[str] | None = None, provoking: bool = False,
             subject: object = None, spans: list[Span] | None = None) -> Count:
    """The event's ``kind`` figures from its evidence, leaving out its attacker's own losses,
    the dead placed in another country than the event's and (unless the event is itself the
    provoking attack) the dead of the attack it answers (each figure's fate noted on
    ``subject``; ``spans`` are the texts' places in the article)."""
    figures: list[Count] = []
    where = {s.quote: s for s in spans or []}
    for t in dict.fromkeys(texts):
        killed, injured = casualties(t)
        starts = [f.start for f in killed + injured]
        for f in killed if kind == "killed" else injured:
            rule = _left_out(t, f, attackers, starts, countries or [], provoking)
            if trace.on():
                at = where.get(t)
                span = at and Span(quote=t[f.start:f.end], start=at.start + f.start,
                                   end=at.start + f.end)
                found = f.rule.split(".")[-1]
                trace.note(subject, kind, f"{kind}.{rule or found}", f.count.text,
                           "drop" if rule else "set", span)
            if not rule:
                figures.append(f.count)
    count = combine(figures)
    if count.text is None and count.min is None:
        trace.note(subject, kind, f"{kind}.no_figure", None)
    return count
