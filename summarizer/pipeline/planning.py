"""The plan: which sentences the model reads, what it is asked, and what it answers.

``plan(article)`` returns independent LLM calls: one per candidate strike sentence (chosen by
cue words). Each call shows the model a single sentence plus its predecessor, which a 1.5B
model reads far more reliably than a whole article, and asks only for short strings. Because
the calls are independent, the same plan runs directly, concurrently or through the OpenAI
Batch API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from summarizer.lexicon import HIT_VERBS, MONTHS, NON_KINETIC_FRAMES, WEEKDAYS, alternation
from summarizer.models import Span
from summarizer.normalize.sentences import split_sentences
from summarizer.prompts import prompt_version, render
from summarizer.reader import Article

PROMPT_VERSION = prompt_version()
# A longer "sentence" (a list, a live blog's run-on line) is read in verbatim pieces of at most
# this many characters, so every call fits the embedded server's context whatever the
# article's length: no article is refused and no candidate sentence is skipped.
MAX_PIECE_CHARS = 1200

# --- what the model answers ----------------------------------------------------------------


class StrikeOut(BaseModel):
    attacker: str = Field(description="who carried it out, as the text names it; '' if unknown")
    target: str = Field(description="who or what was hit, as the text names it")
    place: str = Field(description="where it happened, as the text names it; '' if unknown")


class StrikesOut(BaseModel):
    """The strikes one sentence reports."""

    strikes: list[StrikeOut] = Field(max_length=4)


@dataclass(frozen=True)
class Call:
    """One independent LLM request of a plan."""

    name: str
    response_model: type[BaseModel]
    messages: list[dict[str, str]]
    max_tokens: int
    sentence: int = -1


# --- choosing sentences --------------------------------------------------------------------

_STRIKE_RE = re.compile(
    r"\b(strik\w*|struck|air[- ]?strikes?|air raids?|raid(s|ed)?|attack(s|ed)?|bomb\w*|"
    r"shell(ed|ing|s)?|drones?|missiles?|rockets?|shot down|fired|hit|targeted|targeting|"
    # ("Directors General of Military Operations" is an office's name, not an operation)
    r"killed|(?<!of\s)military operations?)\b|(?-i:\bOperation\s+[A-Z‘'\"“])",
    re.I,
)
_DATELINE_RE = re.compile(r"^date \d{4}-\d{2}-\d{2}$")
# sanctions, talks, a sale, a test, an exercise "target" nothing: without a word of
# something hit, such a sentence is no strike sentence (a word of a compound, "nuclear-capable",
# "US-supplied", frames nothing)
_NON_KINETIC_RE = re.compile(rf"(?<![\w-]){alternation(NON_KINETIC_FRAMES)}\b", re.I)
# something was hit: the words that make a tally or a non-kinetic frame a strike
_HIT_WORDS = alternation(HIT_VERBS)
_HIT_RE = re.compile(rf"\b(?:{_HIT_WORDS})\b", re.I)
# something was done to something: a hit word or a verb of doing harm ("test-fired" is not)
_DONE_WORDS = rf"{_HIT_WORDS}|bombed|shelled|exploded"
_DID = rf"{_DONE_WORDS}|(?<![\w-])(?<!test )(?:fired|launched|attacked)"
_DID_RE = re.compile(rf"\b(?:{_DID})\b", re.I)
# (a frame's sentence is read again only on these: "fired" or "strikes on" beside a drill or
# sanctions added two calls on the held dev texts, one a false event: docs/accuracy.md)
_KINETIC_RE = re.compile(rf"\b(?:{_DONE_WORDS}|air ?strikes?|air raids?|"
                         r"drone (?:attack|strike)s?|missile (?:attack|strike)s?)\b", re.I)


# "the army reported 17 drone attacks over six weeks": a tally over a period, no one strike
_TALLY_RE = re.compile(r"\b(?:\d[\d,]*|dozens|hundreds|scores)\s+(?:of\s+)?(?:[\w-]+\s+)?"
                       r"(?:attacks|strikes|air ?strikes|raids)\s+(?:over|during|since|so far|"
                       r"this (?:year|month)|last (?:year|month)|in the (?:past|last))\b", re.I)
# "frequently carry out airstrikes", "naval strikes ... during the war": what a side does
# over time, no one strike, unless the sentence also dates one ("on Monday", "overnight") or
# says what was done ("bombed", "fired"): "rebels, who have regularly targeted shipping,
# fired a missile at a tanker on Tuesday"
_HABITUAL_RE = re.compile(r"\b(?:repeatedly|frequently|regularly|routinely|often|periodically|"
                          # "continue to mount attacks", "has previously tried to launch"
                          # (not "a school that had previously served as a shelter")
                          r"previously\s+(?:tried|sought|attempted)\s+to|"
                          r"continu\w*\s+to\s+(?:mount|carry\s+out|launch|conduct|stage|wage)|"
                          r"(?:during|throughout) the (?:war|conflict|fighting)|"
                          # a trend of strikes: "increasingly dependent on air strikes",
                          # "ramped up its aerial offensives", "attacks have become increasingly"
                          r"(?:increasingly|(?:ramp|step)(?:s|ed|ped|ing|ping)?\s+up)\s+"
                          r"(?:[\w-]+\s+){0,3}?(?:air\s*)?(?:attacks|strikes|raids|bombings?|"
                          r"shelling|offensives?)|"
                          r"(?:attacks|strikes|raids)\s+have\s+(?:become|been)\s+increasingly)\b",
                          re.I)
# a strike of its own day: "on Monday", "overnight"
_DATED = (rf"{alternation(WEEKDAYS)}|overnight|yesterday|today|tonight|last night|"
          r"this morning")
_DATED_RE = re.compile(rf"\b(?:{_DATED})\b", re.I)
_ONE_TIME_RE = re.compile(rf"\b(?:{_DATED}|(?:{alternation(MONTHS)})\s+\d|fired|"
                          rf"launched|{_DONE_WORDS})\b", re.I)
# a total over a period or a whole conflict, no one strike's toll: "141 Palestinians have been
# killed by Israeli fire since mid-September", "the fighting has killed more than 200",
# "killed in recent months" (not "the deadliest since the start of the war", nor "war-torn")
_PERIOD_TOTAL_RE = re.compile(
    rf"\bsince\s+(?:the\s+)?"
    rf"(?:start|beginning|outbreak|early|late|mid|(?:19|20)\d\d|{alternation(MONTHS)})|"
    r"\bsince\s+the\s+(?:war|conflict|fighting)\s+(?:began|started|erupted|broke\s+out)\b|"
    r"\bso\s+far\s+this\s+(?:year|month)\b|"
    r"\b(?:over|in)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:days|weeks|months|years)\b|"
    r"\bin\s+recent\s+(?:days|weeks|months|years)\b|"
    r"\bthe\s+(?:cross-border\s+)?(?:fighting|violence|war|conflict|clashes|hostilities)\b"
    r"(?!-)[^.;]{0,40}?\b(?:has|have)\s+(?:now\s+)?killed\b", re.I)
# "the heaviest attack since March", "its largest drone attack ... in the past two years"
# compare one strike with a period; they total nothing
_SUPERLATIVE_RE = re.compile(r"\b(?:deadliest|heaviest|largest|worst|biggest|first|most)\b"
                             r"[^,.;]*$", re.I)


def period_total(text: str) -> bool:
    """The sentence counts over a period or a whole conflict, and dates no strike of its own:
    its figures total no strike ("the fighting has killed more than 200")."""
    return not _DATED_RE.search(text) and any(
        not _SUPERLATIVE_RE.search(text[max(0, m.start() - 80):m.start()])
        for m in _PERIOD_TOTAL_RE.finditer(text))


# "warned that any such attack would pull the US into a war": a strike that may come; "the
# missile can strike targets 5,000 kilometres away", "able to strike Lebanon": what a weapon
# or a side can do
_HYPOTHETICAL_RE = re.compile(r"\b(?:any|possible|potential|future|would-be)\s+(?:such\s+)?"
                              r"(?:[\w-]+\s+)?(?:attacks?|strikes?|air ?strikes?|raids?)\b"
                              r"|\bwarn\w*\b[^.;,]{0,60}?\b(?:would|will)\b"
                              # (not "was able to strike": that was done)
                              r"|(?P<can>\b(?:can|could|(?<!was\s)(?<!were\s)(?<!been\s)"
                              r"able\s+to)\s+(?:\w+\s+)?(?:strike|striking|target|targeting|"
                              r"destroy)\b)", re.I)
# verbs of a strike done that the hit and done words leave out ("targeted a launcher that
# could strike Varn", "missiles that can strike anywhere slammed into the city")
_DONE_TOO = frozenset({"targeted", "pounded", "bombarded", "slammed", "crashed", "rained", "aimed",
                       "killing", "wounding", "injuring", "destroying", "hitting"})


def _heading(text: str) -> bool:
    """"Strikes and Repercussions": a short title-case line without a full stop."""
    words = text.split()
    return (len(words) <= 8 and not re.search(r"[.!?:\"”]\s*$", text)
            and all(w[:1].isupper() or w.lower() in {"and", "of", "in", "on", "the", "a", "to",
                                                     "for", "as", "at", "by", "with"}
                    for w in words))


def says_hit(text: str) -> bool:
    """The sentence says something was hit: "killed", "struck", "damaged", ..."""
    return bool(_HIT_RE.search(text))


def says_done(text: str) -> bool:
    """The sentence says something was done: a hit word ("killed", "struck", "hit",
    "destroyed", "damaged", ...), "bombed", "shelled", "exploded", "fired", "launched",
    "attacked" (not "test-fired"), or an air, drone or missile strike or attack."""
    return bool(_DID_RE.search(text) or _KINETIC_RE.search(text))


# weapons' names: a word of striking for the plan, but no strike told ("a plane carrying
# missiles landed", "buy 300 Patriot missiles")
_WEAPON_NOUNS = frozenset({"drone", "drones", "missile", "missiles", "rocket", "rockets"})
# what else tells a strike done, or its harm, with no hit word ("drones slammed into",
# "rained down on", "blew up a fuel truck", "set a depot ablaze", "leaving several dead")
# ("aimed" of _DONE_TOO is left out: "a launch aimed at testing readiness")
_STRIKE_TOO = frozenset({*(_DONE_TOO - {"aimed"}), "firing", "smashed", "unleashed", "blew",
                         "ablaze", "demolished", "levelled", "leveled", "razed", "swarmed",
                         "assaulted", "rocked", "tore", "explosion", "explosions", "blast",
                         "blasts", "dead", "casualties", "wounded"})


def tells_a_strike(text: str) -> bool:
    """The sentence says something was done (:func:`says_done`), has another word of
    striking than a weapon's name ("targeted", "strikes of drones"), or a word of a strike
    done or its harm ("firing rockets", "slammed into", "leaving several dead"); not only
    "missiles" or "drones"."""
    if says_done(text) or any(m.group(0).lower() not in _WEAPON_NOUNS
                              for m in _STRIKE_RE.finditer(text)):
        return True
    return bool({w.strip(".,;:!?\"“”'’()").lower() for w in text.split()} & _STRIKE_TOO)


def is_strike_sentence(text: str) -> bool:
    """A sentence that may report a strike: a strike word, and not only in a non-kinetic
    frame ("targeted Iran's drone industry with sanctions"), a tally over a period, a habit
    ("frequently carry out airstrikes") or a heading."""
    if not _STRIKE_RE.search(text) or _heading(text):
        return False
    if _TALLY_RE.search(text) and not _HIT_RE.search(text):
        return False
    if (may := _HYPOTHETICAL_RE.search(text)) and not _DID_RE.search(text) and not (
            may.group("can") and (_KINETIC_RE.search(text) or _DONE_TOO & {
                w.strip(".,;:!?\"“”‘’'()").lower() for w in text.split()})):
        return False  # "warned that more will follow" after "launched airstrikes" is a strike
    if _HABITUAL_RE.search(text) and not _ONE_TIME_RE.search(text):
        return False
    if period_total(text):
        return False  # a total over a period ("the fighting has killed more than 200")
    return not _NON_KINETIC_RE.search(text) or bool(_KINETIC_RE.search(text))


def _pieces(span: Span, limit: int = MAX_PIECE_CHARS) -> list[Span]:
    """``span`` cut at clause breaks (else at a space, else hard) into verbatim pieces."""
    out: list[Span] = []
    start, text = span.start, span.quote
    while len(text) > limit:
        cut = 0
        for pattern in (r"[;:]\s+", r",\s+", r"\s+(?:and|but|while|as)\s+", r"\s+"):
            breaks = [m.end() for m in re.finditer(pattern, text[:limit])
                      if m.end() >= limit // 3]
            if breaks:
                cut = breaks[-1]
                break
        cut = cut or limit
        piece = text[:cut].rstrip()
        out.append(Span(quote=piece, start=start, end=start + len(piece)))
        start, text = start + cut, text[cut:]
    if text.strip():
        out.append(Span(quote=text, start=start, end=start + len(text)))
    return out


def article_sentences(article: Article) -> list[Span]:
    """The article's sentences as the plan numbers them (a bare dateline is not one; an
    overlong sentence is several pieces)."""
    return [p for s in split_sentences(article.text) if not _DATELINE_RE.match(s.quote)
            for p in _pieces(s)]


def context_of(sentences: list[Span], i: int) -> str:
    """The sentence before ``i`` (it resolves "the strikes", "they", "the government")."""
    return sentences[i - 1].quote if i > 0 else ""


def _messages(kind: str, sentences: list[Span], i: int) -> list[dict[str, str]]:
    # measured: sending the context only for back-references saves ~15% time but costs
    # ~0.08 slot F1
    return [
        {"role": "system", "content": render(f"{kind}.system")},
        {"role": "user", "content": render(f"{kind}.user", context=context_of(sentences, i),
                                           sentence=sentences[i].quote)},
    ]


def plan(article: Article) -> list[Call]:
    """The LLM calls for one article: one per candidate strike sentence. Reactions are read
    by code from the text's statement frames (``statements``): asked sentence by sentence,
    the model's reactions were wrong more often than right (rule report, docs/accuracy.md)."""
    sentences = article_sentences(article)
    return [Call(f"strike-{i}", StrikesOut, _messages("strike", sentences, i), 160, i)
            for i, s in enumerate(sentences) if is_strike_sentence(s.quote)]
