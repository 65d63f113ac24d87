"""The extraction method: code picks sentences, a small model reads each, code builds the brief.

``plan(article)`` returns independent LLM calls: one per candidate strike sentence and one
per candidate reaction sentence (chosen by cue words). Each call shows the model a single
sentence plus its predecessor, which a 1.5B model reads far more reliably than a whole
article, and asks only for short strings. ``assemble`` then does everything else in code:
merging sentences into events, casualty counts from figure phrases, weapon, attribution,
countries, dates, quotes with offsets, canonical actor names, headline and summary.
Because the calls are independent, the same plan runs directly, concurrently or through
the OpenAI Batch API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from summarizer.models import (
    Actor,
    Brief,
    Count,
    Event,
    Location,
    Meta,
    Reaction,
    Span,
    Usage,
)
from summarizer.normalize.actors import actor_kind_guess, canonicalize, same_actor
from summarizer.normalize.align import align
from summarizer.normalize.counts import casualties, combine
from summarizer.normalize.cues import attribution_of, target_kind_of, weapon_of
from summarizer.normalize.dates import full_date_in, published_from_dateline
from summarizer.normalize.geo import countries_in, country_code, country_name, country_of_place
from summarizer.normalize.sentences import split_sentences
from summarizer.prompts import prompt_version, render
from summarizer.reader import Article

PROMPT_VERSION = prompt_version()
MAX_STRIKE_CALLS = 14
MAX_REACTION_CALLS = 8

# --- what the model answers ----------------------------------------------------------------


class StrikeOut(BaseModel):
    attacker: str = Field(description="who carried it out, as the text names it; '' if unknown")
    target: str = Field(description="who or what was hit, as the text names it")
    place: str = Field(description="where it happened, as the text names it; '' if unknown")


class StrikesOut(BaseModel):
    """The strikes one sentence reports."""

    strikes: list[StrikeOut] = Field(max_length=4)


class ReactionOut(BaseModel):
    """Whether one sentence is a reaction to a strike, and whose."""

    is_reaction: bool
    actor: str
    stance: Literal["condemn", "support", "threaten", "deny", "call_for_restraint", "other"]


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
    r"killed|operation)\b",
    re.I,
)
_REACTION_RE = re.compile(
    r"\b(condemn\w*|denounc\w*|slam\w*|vow\w*|warn\w*|threat\w*|den(y|ies|ied)|urg(e|es|ed|ing)|"
    r"restraint|de-?escalat\w*|calm|retaliat\w*|act of war|blam\w*|accus\w*|regret\w*|"
    r"concern\w*|characteri[sz]ed|labell?(ed|ing)|called (it|them|the|for|on)|"
    r"described (it|them|the)|reserves? the right|respond\w*|violation|breach|cowardly|"
    r"heinous|barbaric|outrageous|unacceptable)\b",
    re.I,
)
_DATELINE_RE = re.compile(r"^date \d{4}-\d{2}-\d{2}$")


def _sentences(article: Article) -> list[Span]:
    return [s for s in split_sentences(article.text) if not _DATELINE_RE.match(s.quote)]


def _messages(kind: str, sentences: list[Span], i: int) -> list[dict[str, str]]:
    # the previous sentence resolves "the strikes", "they", "the government"; measured:
    # sending it only for such back-references saves ~15% time but costs ~0.08 slot F1
    context = sentences[i - 1].quote if i > 0 else ""
    return [
        {"role": "system", "content": render(f"{kind}.system")},
        {"role": "user", "content": render(f"{kind}.user", context=context,
                                           sentence=sentences[i].quote)},
    ]


def plan(article: Article) -> list[Call]:
    """The LLM calls for one article: strike sentences first, then reaction sentences."""
    sentences = _sentences(article)
    strike_ids = [i for i, s in enumerate(sentences) if _STRIKE_RE.search(s.quote)]
    calls = [
        Call(f"strike-{i}", StrikesOut, _messages("strike", sentences, i), 160, i)
        for i in strike_ids[:MAX_STRIKE_CALLS]
    ]
    if strike_ids:
        reaction_ids = [i for i, s in enumerate(sentences) if _REACTION_RE.search(s.quote)]
        calls += [
            Call(f"reaction-{i}", ReactionOut, _messages("reaction", sentences, i), 60, i)
            for i in reaction_ids[:MAX_REACTION_CALLS]
        ]
    return calls


# --- building events in code --------------------------------------------------------------

_WEAPON_WORDS = re.compile(
    r"\b(air[- ]?strikes?|air raids?|drones?|drone strikes?|missiles?|missile strikes?|rockets?|"
    r"strikes?|attacks?|shelling|bombing|raids?|fighter-bombers|warplanes|jets|aircraft)\b",
    re.I,
)
_ADJECTIVES = re.compile(
    r"\b(retaliatory|deadly|recent|overnight|latest|new|alleged|suspected|fresh|reported)\b",
    re.I,
)
_EMPTY = {"", "unknown", "none", "n/a", "null", "unnamed", "unidentified"}
_RETALIATION_RE = re.compile(
    r"\b(?:in response to|in retaliation (?:for|against)|retaliat\w+ (?:for|against)|"
    r"in the wake of|after)\s+((?:an?|the)\s+[^,.;]*?(?:attack|strike|killing|bombing)[^,.;]*)",
    re.I,
)


def _clean_attacker(name: str) -> str:
    """'Turkish drone strike' -> 'Turkey'; 'missiles' -> ''."""
    name = name.strip().strip("\"'“”‘’ ")
    if name.lower() in _EMPTY:
        return ""
    bare = _ADJECTIVES.sub("", _WEAPON_WORDS.sub("", name)).strip(" ,.-")
    if not bare:
        return ""
    if bare != name:
        name = bare
    named = country_code(name, fuzzy=False)
    if named and " " not in name:
        return country_name(named) or name
    return name


_NOT_ACTOR_RE = re.compile(
    r"^(?:[A-Z]{1,3}-?\d+\w*|falling|fire|it|they|he|she|we|i|you|unknown attackers?|"
    r"retaliatory|israeli|american)$",
    re.I,
)
_SPEECH_RE = (
    r"(?:said|says|say|reported|reports|told|stated|condemned|condemns|denounced|"
    r"denied|denies|accused|blamed|added|announced|confirmed|according)"
)
_SELF_CLAIM_RE = re.compile(
    r"^\W*(?:that\s+)?(?:it|they|we|its|their)\b[^.]{0,40}?\b(?:attack|target|struck|strik|"
    r"launch|carr|fir|hit|bomb|shell)",
    re.I,
)
_STOP_WORDS = {"the", "of", "and", "for", "in", "on", "at", "its", "his", "her", "mr", "mrs", "ms"}


def _tokens(name: str) -> list[str]:
    long = [w for w in re.findall(r"[\w'’-]{3,}", name.lower()) if w not in _STOP_WORDS]
    return long or [w.lower() for w in re.findall(r"\b[A-Z]{2}\b", name)]


def _in_text(name: str, text: str) -> bool:
    """Some word of ``name`` occurs in ``text`` (demonyms count for their country)."""
    low = text.lower()
    if any(re.search(rf"\b{re.escape(t)}", low) for t in _tokens(name)):
        return True
    code = country_code(name, fuzzy=False)
    return bool(code and any(country_code(c, fuzzy=False) == code
                             for c in countries_in(text, demonyms=True)))


def _is_reporter(name: str, sentence: str) -> bool:
    """'UNSMIL said ...', 'according to the UN mission' -> a source of the report, not the
    attacker (unless it says it attacked: 'the Houthis said they had targeted ...')."""
    for token in _tokens(name)[:1]:
        for m in re.finditer(re.escape(token), sentence, re.I):
            after = sentence[m.end():]
            said = re.match(rf"[\w'’ -]{{0,40}}?\b{_SPEECH_RE}\b", after, re.I)
            if said and not _SELF_CLAIM_RE.match(after[said.end():]):
                return True
            before = sentence[max(0, m.start() - 40):m.start()].lower()
            if re.search(r"according to\W+(?:the\s+)?[\w'’ -]*$", before):
                return True
    return False


_BACK_REFERENCE_RE = re.compile(
    r"\b(it|its|they|them|their|he|she|his|her|this|these|those|the (air ?)?(strikes?|"
    r"attacks?|raids?|operation|bombing|shelling|assault|airstrikes?|military|army|"
    r"government|group|forces|militants))\b",
    re.I,
)


def _attacker_ok(name: str, sentence: str, context: str, target: str) -> bool:
    if not name or _NOT_ACTOR_RE.match(name) or _WEAPON_WORDS.fullmatch(name):
        return False
    if not _in_text(name, sentence + " " + context):
        return False  # an invented name (or a few-shot example leaking through)
    if not _in_text(name, sentence) and not _BACK_REFERENCE_RE.search(sentence):
        return False  # taken from the context, but nothing here refers back to it
    if target and (same_actor(name, target) or (
            len(name) >= 6 and fuzz.partial_ratio(name.lower(), target.lower()) >= 85)):
        return False
    if _is_victim(name, sentence):
        return False
    return not (_is_reporter(name, sentence) or _is_reporter(name, context))


def _is_victim(name: str, sentence: str) -> bool:
    """'a strike targeting commander X' names X as the one struck, not the striker."""
    toks = _tokens(name)
    if not toks:
        return False
    hits = [m for m in re.finditer(rf"\b{re.escape(toks[0])}", sentence, re.I)]
    return bool(hits) and all(
        re.search(r"\b(targeting|targeted|against|killing|assassinat\w+)\b[^.;:!?]{0,120}$",
                  sentence[:m.start()], re.I)
        for m in hits
    )


@dataclass
class _Draft:
    attackers: list[str]
    targets: list[str]
    places: list[str]
    sentences: list[int] = field(default_factory=list)
    separate: bool = False  # its sentence opens "In a separate development", "Elsewhere", ...


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return False
    return same_actor(a, b) or fuzz.token_set_ratio(a.lower(), b.lower()) >= 80


def _place_country(place: str) -> str | None:
    if not place:
        return None
    code = country_code(place, fuzzy=False) or (
        country_code(c) if (c := country_of_place(place)) else None
    )
    return country_name(code) if code else None


_SEPARATE_RE = re.compile(
    r"^\W*(in an?(other| separate) (development|incident|attack)|separately|elsewhere|"
    r"meanwhile|in another)\b",
    re.I,
)


def _place_countries(place: str) -> list[str]:
    """'Iraq and Syria' -> both; 'Aleppo' -> Syria."""
    named = countries_in(place)
    if len(named) > 1:
        return [n for n in (country_name(c) for c in named) if n]
    one = _place_country(place)
    return [one] if one else []


def _countries(draft: _Draft) -> set[str]:
    return {c for p in draft.places for c in _place_countries(p)}


_GENERIC = {"people", "forces", "troops", "civilians", "members", "targets", "sites", "area",
            "areas", "positions", "three", "several", "other", "with", "from", "that"}


def _shared_head(target: str, others: list[str]) -> bool:
    """'migrant centre' ~ 'Tajoura centre' ~ 'detention centre': a shared content word."""
    words = {w for w in _tokens(target) if len(w) >= 4 and w not in _GENERIC}
    return any(words & {w for w in _tokens(o) if len(w) >= 4} for o in others)


def _merge(drafts: list[_Draft], new: _Draft) -> None:
    """Fold a sentence's strike into an earlier one when it is evidently the same strike:
    compatible attackers and a similar target, a shared country, or a country left open.
    Small models restate one strike sentence after sentence; precision needs this."""
    a_new = new.attackers[0] if new.attackers else ""
    t_new = new.targets[0] if new.targets else ""
    c_new = _countries(new)
    for d in drafts:
        a_old = d.attackers[0] if d.attackers else ""
        if a_new and a_old and not _similar(a_new, a_old):
            continue
        c_old = _countries(d)
        if c_new and c_old and not c_new & c_old:
            continue  # located in different countries: a different strike
        same_target = any(_similar(t_new, t) for t in d.targets)
        # the next sentence, unless it opens "In a separate development"
        adjacent = any(i == j or (abs(i - j) == 1 and not new.separate)
                       for i in new.sentences for j in d.sentences)
        if not (a_new or a_old):  # nobody named: the same target (or its head word)
            ok = same_target or _shared_head(t_new, d.targets) or (
                adjacent and not (c_new and c_old))
        elif not (a_new and a_old):  # one side unnamed: same target, country, or next sentence
            ok = same_target or bool(c_new & c_old) or (adjacent and not (c_new and c_old))
        else:  # the same attacker, in the same country or one left open
            ok = True
        if ok:
            for src, dst in ((new.attackers, d.attackers), (new.targets, d.targets),
                             (new.places, d.places)):
                dst.extend(x for x in src if x and x not in dst)
            d.sentences.extend(x for x in new.sentences if x not in d.sentences)
            return
    drafts.append(new)


def _distinct(names: list[str]) -> list[str]:
    """Drop a name that a longer one restates ('commander X' within 'X, a commander X')."""
    kept: list[str] = []
    for name in sorted((n for n in names if n), key=len, reverse=True):
        if not any(fuzz.partial_ratio(name.lower(), k.lower()) >= 90 for k in kept):
            kept.append(name)
    return [n for n in names if n in kept]


_ORG_WORDS_RE = re.compile(
    r"\b(corps|guards?|army|forces|brigades?|party|ministry|council|command|militia|group)\b", re.I
)


def _is_place(place: str) -> bool:
    """A place names somewhere: not an organisation the model put in the wrong slot."""
    return bool(_place_countries(place)) or not _ORG_WORDS_RE.search(place)


def _location(draft: _Draft, evidence: str) -> Location:
    place = next((p for p in draft.places if p and _is_place(p)), None)
    names: list[str] = []
    for p in draft.places:
        names.extend(c for c in _place_countries(p) if c not in names)
    if not names:
        names = [n for n in (country_name(c) for c in countries_in(evidence)) if n][:2]
    codes = [country_code(n, fuzzy=False) for n in names]
    return Location(
        place=place,
        country=names[0] if names else None,
        country_code=codes[0] if codes else None,
        countries=names,
    )


def _victims_are(attackers: list[str], phrase: str) -> bool:
    """'three American soldiers' are not the casualties of an American strike."""
    for a in attackers:
        code = country_code(a, fuzzy=False)
        if code and any(country_code(c, fuzzy=False) == code
                        for c in countries_in(phrase, demonyms=True)):
            return True
        if re.search(r"\b(u\.?s\.?|us|american)\b", phrase, re.I) and code == "USA":
            return True
        toks = _tokens(a)
        if toks and all(t in phrase.lower() for t in toks):
            return True
    return False


def _count(texts: list[str], kind: Literal["killed", "injured"], attackers: list[str]) -> Count:
    """The event's ``kind`` figures from its evidence, leaving out its attacker's own losses."""
    figures: list[Count] = []
    for t in dict.fromkeys(texts):
        killed, injured = casualties(t)
        figures.extend(f.count for f in (killed if kind == "killed" else injured)
                       if not _victims_are(attackers, _around(t, f)))
    return combine(figures)


def _around(text: str, figure: Any) -> str:
    return text[figure.start:min(len(text), figure.end + 40)]


_BLAMED_RE = re.compile(
    r"\b(?:blamed|blames|blaming)\s+(?:it\s+|the\s+(?:attack|strike|raid)\s+)?on\s+(?:the\s+)?"
    r"(?:(?:eastern|western|northern|southern|rebel|renegade|rival)\s+)?"
    r"(?:(?:warlord|commander|general|leader|militia|group)\s+)?"
    r"((?:[A-Z][\w-]*(?:['’]s)?\s+){0,3}[A-Z][\w-]*(?:['’]s)?(?:\s+(?:forces|army|militia|"
    r"militants|fighters|troops))?)"
)


def _event(draft: _Draft, sentences: list[Span], article: Article) -> Event:
    spans = [sentences[i] for i in sorted(draft.sentences)]
    texts = [s.quote for s in spans]
    joined = " ".join(texts)
    if not any(draft.attackers) and (blamed := _BLAMED_RE.search(joined)):
        draft.attackers = [_clean_attacker(blamed.group(1))]
    attackers = [Actor(name=a, kind=actor_kind_guess(a)) for a in draft.attackers if a][:1]
    targets = [Actor(name=t, kind=actor_kind_guess(t)) for t in _distinct(draft.targets)][:2]
    names = [a.name for a in attackers]
    retaliation = _RETALIATION_RE.search(joined)
    return Event(
        attacker=attackers,
        target=targets,
        target_kind=target_kind_of(" ".join(draft.targets) or joined) or "unknown",
        weapon=weapon_of(joined),
        location=_location(draft, joined),
        date=next((d for d in map(full_date_in, texts) if d), None),
        attribution=attribution_of(joined, names, context=article.text) if names else "unknown",
        killed=_count(texts, "killed", names),
        injured=_count(texts, "injured", names),
        retaliation_for=retaliation.group(1).strip() if retaliation else None,
        evidence=spans,
    )


_QUOTED_RE = re.compile(r"[“\"‘']([^“”\"]{12,}?)[”\"’']")


_STRIKE_WORD_RE = re.compile(r"\b(strikes?|attacks?|drones?|missiles?|raids?|bombing|shelling)\b",
                             re.I)
_STANCE_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("deny", re.compile(r"\b(den(y|ies|ied)|rejected (the )?(claim|accusation)s?)\b", re.I)),
    ("call_for_restraint", re.compile(r"\b(restraint|de-?escalat\w*|calm|avoid (a |further )?"
                                      r"(escalation|military confrontation))\b", re.I)),
    ("condemn", re.compile(r"\b(condemn\w*|denounc\w*|slam\w*|act of war|violation|breach|"
                           r"cowardly|heinous|barbaric|outrageous|unacceptable)\b", re.I)),
    ("threaten", re.compile(r"\b(vow\w*|warn\w*|threaten\w*|retaliat\w*|reserves? the right|"
                            r"will respond|avenge)\b", re.I)),
]


def _stance_cue(sentence: str) -> str | None:
    """The stance a single clear cue word gives (None when there is none or several)."""
    found = [stance for stance, cue in _STANCE_CUES if cue.search(sentence)]
    return found[0] if len(found) == 1 else None


def _reaction(out: ReactionOut, sentence: Span, article: Article, context: str = "",
              ) -> Reaction | None:
    actor = out.actor.strip().strip("\"'“”‘’ ")
    if not out.is_reaction or actor.lower() in _EMPTY or _NOT_ACTOR_RE.match(actor):
        return None
    if _STRIKE_WORD_RE.search(actor) or not _in_text(actor, context + " " + sentence.quote):
        return None  # "Turkish drone strike" is no speaker; an unseen name is invented
    stance = _stance_cue(sentence.quote) or out.stance
    if re.fullmatch(r"(?:the\s+)?(government|ministry|army|military|administration)", actor, re.I):
        # "the government" -> "Iraq government": the country the sentence (or its lead) names
        found = countries_in(sentence.quote) or countries_in(context)
        if found:
            actor = f"{found[0]} {actor.split()[-1].lower()}"
    quote = None
    if m := _QUOTED_RE.search(sentence.quote):
        span = align(m.group(1), article.text, hint=sentence.start)
        quote = span.quote if span else None
    return Reaction(
        actor=Actor(name=actor, kind=actor_kind_guess(actor)),
        stance=stance,
        summary=sentence.quote if len(sentence.quote) <= 400 else sentence.quote[:397] + "...",
        quote=quote,
        evidence=[sentence],
    )


def _names(actors: list[Actor]) -> str:
    return " and ".join(a.name for a in actors) if actors else "An unnamed attacker"


def _headline(events: list[Event]) -> str:
    if not events:
        return "The article reports no military strike."
    e = events[0]
    where = e.location.place or e.location.country
    weapon = {"airstrike": "airstrikes", "drone": "a drone strike", "missile": "a missile strike",
              "artillery": "shelling", "ground_raid": "a raid"}.get(e.weapon, "a strike")
    target = _names(e.target) if e.target else "a target"
    return f"{_names(e.attacker)}: {weapon} on {target}" + (f" in {where}." if where else ".")


def _summary(events: list[Event], reactions: list[Reaction], sentences: list[Span]) -> str:
    n, m = len(events), len(reactions)
    lead = (f"The article reports {n} strike{'s' if n != 1 else ''} and "
            f"{m} reaction{'s' if m != 1 else ''}.") if n else "The article reports no strike."
    quoted: list[str] = []
    for e in events:
        first = e.evidence[0].quote if e.evidence else ""
        if first and first not in quoted:
            quoted.append(first)
        if len(quoted) == 3:
            break
    if not quoted and sentences:
        quoted.append(sentences[0].quote)
    return " ".join([lead, *quoted])


def assemble(
    article: Article,
    answers: dict[str, BaseModel],
    usage: Usage,
    seconds: float,
    model: str,
    calls: list[Call] | None = None,
) -> Brief:
    """Turn the model's answers to ``plan(article)`` into a validated, grounded brief
    (``calls``: that plan, when the caller has it already)."""
    sentences = _sentences(article)
    drafts: list[_Draft] = []
    reactions: list[Reaction] = []
    for call in plan(article) if calls is None else calls:
        answer = answers.get(call.name)
        if isinstance(answer, StrikesOut):
            targets_here = [x.target for x in answer.strikes if x.target.strip()]
            for s in answer.strikes:
                attacker, target = _clean_attacker(s.attacker), s.target.strip()
                if attacker and not country_code(attacker, fuzzy=False) and any(
                        t != s.target and len(attacker) >= 6
                        and fuzz.partial_ratio(attacker.lower(), t.lower()) >= 90
                        for t in targets_here):
                    attacker = ""  # the sentence names it as the one struck
                if target.lower() in _EMPTY:
                    target = ""
                place = "" if s.place.strip().lower() in _EMPTY else s.place.strip()
                sentence = sentences[call.sentence].quote
                context = sentences[call.sentence - 1].quote if call.sentence > 0 else ""
                if target and " " not in target.strip() and target[:1].isupper() and (
                        country_code(target, fuzzy=False) or country_of_place(target)):
                    # "Syria" is where, not whom; "market" is whom (a city's alternate name)
                    place, target = place or target, ""
                if target and not _in_text(target, sentence + " " + context):
                    target = ""
                if target and not _ADJECTIVES.sub("", _WEAPON_WORDS.sub("", target)).strip(
                        " ,.-").replace("air", "").strip():
                    target = ""  # "deadly overnight air strike" is the strike, not its target
                if attacker and not _attacker_ok(attacker, sentence, context, target):
                    attacker = ""
                if not target and not attacker:
                    continue
                _merge(drafts, _Draft([attacker] if attacker else [], [target] if target else [],
                                      [place] if place else [], [call.sentence],
                                      bool(_SEPARATE_RE.match(sentence))))
        elif isinstance(answer, ReactionOut):
            ctx = sentences[call.sentence - 1].quote if call.sentence > 0 else ""
            r = _reaction(answer, sentences[call.sentence], article, ctx)
            if r and not any(same_actor(r.actor.name, x.actor.name) and r.stance == x.stance
                             for x in reactions):
                reactions.append(r)
    events = [_event(d, sentences, article) for d in drafts]
    # a sentence that reports a strike by X is not X's reaction to it
    reactions = [
        r for r in reactions
        if not any(same_actor(r.actor.name, a.name) and any(sp.start == r.evidence[0].start
                                                            for sp in e.evidence)
                   for e in events for a in e.attacker)
    ]
    brief = Brief(
        headline=_headline(events),
        summary=_summary(events, reactions, sentences),
        published=published_from_dateline(article.text),
        events=events,
        reactions=reactions,
        meta=Meta(model=model, prompt_version=PROMPT_VERSION, article_sha256=article.sha256,
                  usage=usage, seconds=round(seconds, 3)),
    )
    return canonicalize(brief, article.text)


__all__ = ["PROMPT_VERSION", "Call", "ReactionOut", "StrikesOut", "assemble", "plan"]
