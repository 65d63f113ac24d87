"""Attribution of a strike (claimed, confirmed, alleged, denied) read from wording cues.

The small model's label is unreliable; these rules read the event's evidence sentences (and
the article, for a denial or a claim). Precedence: denied > claimed > alleged (hedge words) >
confirmed (the attacker's own account, or plain fact) > alleged (only others name the
attacker). :func:`attribution_with_reason` names the rule that decided, as a stable id:

``attribution.no_attacker_named``, ``attribution.denied_by_accused``,
``attribution.denied_in_article``, ``attribution.claimed_in_article``,
``attribution.claimed_by_attacker``, ``attribution.hedged``, ``attribution.attacker_account``,
``attribution.stated_as_fact``, ``attribution.only_others_attribute``,
``attribution.attacker_not_in_evidence``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Literal

from summarizer.lexicon import (
    ATTRIBUTING_PHRASES,
    HEDGES,
    HIT_VERBS,
    MONTHS,
    STANCE,
    STATE_INSTITUTIONS,
    STATE_MEDIA,
    STRIKE,
    WEEKDAYS,
    alternation,
)
from summarizer.models import Attribution, Span
from summarizer.normalize import Evidence
from summarizer.normalize.actor_names import ALIASES, ARMED_GROUPS
from summarizer.normalize.geo import countries_in, country_code
from summarizer.normalize.sentences import split_sentences
from summarizer.normalize.speech import CLAIMING, REPORTING, verbs_pattern

# endings of a name that still name the attacker ("Iran's", "Iranian", "Sudanese")
_NAME_ENDINGS = r"(?:'s|’s|n|ns|i|is|ian|ians|ese)?"

# lower case only: "States" in "United States" is not a speech verb
_SPEECH_RE = re.compile(rf"\b{verbs_pattern(REPORTING, CLAIMING)}\b")
_CLAUSE_SPLIT_RE = re.compile(r"[,;:]|(?<![A-Z])\.(?!\w)")
_ACCORDING_RE = re.compile(rf"\b{alternation(ATTRIBUTING_PHRASES)}\s+", re.IGNORECASE)
_CLAIM_RE = re.compile(
    r"\b(?:claimed\s+responsibility|claims\s+responsibility|took\s+responsibility"
    r"|taken\s+responsibility|claiming\s+responsibility|our\s+(?:forces|fighters|troops"
    r"|heroes|units|army|air\s+force)|we\s+(?:have\s+)?(?:struck|targeted|hit|attacked|launched"
    r"|carried\s+out)|in\s+what\s+(?:it|they)\s+(?:said|called|described))\b",
    re.IGNORECASE,
)
_OPERATION_RE = re.compile(
    r"\b(?:launched|launches|began|started)\b[^.]{0,40}?\b[Oo]peration\s+"
    r"['‘\"“]?[A-Z]|[‘'\"“]Operation\s+[A-Z]"
)
_DOING_RE = re.compile(
    r"\b(?:it|they|its|their|we|our|the\s+group|the\s+army|the\s+military)\b[^.;]{0,40}?"
    r"\b(?:carried\s+out|launched|attacked|struck|targeted|hit|conducted|bombed|fired|shelled"
    r"|destroyed|killed|downed|executed|shot)\b",
    re.IGNORECASE,
)
_HEDGE_RE = re.compile(rf"\b{alternation(HEDGES)}\b", re.IGNORECASE)
# "describing the accusations as 'false and misleading claims'": a denial, in the attribution
# of a strike and in the stance of a statement (pipeline.statements)
FALSE_CLAIMS = (r"(?:accusations?|allegations?|claims?|reports?)\s+(?:as|were|are|to\s+be)\s+"
                r"[“\"‘']?(?:false|baseless|fabricated|untrue|unfounded|lies)")
_DENY_RE = re.compile(
    rf"\b(?:{alternation(STANCE.deny)}|rejected\s+(?:the\s+|these\s+|such\s+)?"
    r"(?:accusations?|allegations?|claims?|reports?)|dismissed\s+(?:the\s+|these\s+)?"
    r"(?:accusations?|allegations?|claims?|reports?)"
    rf"|{FALSE_CLAIMS})\b",
    re.IGNORECASE,
)
_NOT_DENIAL_RE = re.compile(
    r"\b(?:did\s+not|didn't|not|nor|neither\s+confirmed\s+nor)\s+(?:\w+\s+)?$|^\s+(?:entry"
    r"|access|permission|visas?|bail)\b",
    re.IGNORECASE,
)
_BOUNDARY_RE = re.compile(r"[,;:“”\"(]|\b(?:that|which|who|and|but)\s|^")
_STRONG_BOUNDARY_RE = re.compile(r"[;:“”\"(]|^")

_ALIAS_GROUP: dict[str, tuple[str, ...]] = {
    alias.lower(): (canon, *alts) for canon, alts in ALIASES.items() for alias in (canon, *alts)
}


_INSTITUTION_RE = re.compile(rf"(\w+)\s+({alternation(STATE_INSTITUTIONS)})", re.IGNORECASE)


@cache
def _variants(name: str) -> tuple[str, ...]:
    """The name and, for a few common states, its other spellings ("US" -> "U.S.", ...); a
    description that contains an armed group's name ("Yemen's Iran-aligned Al Houthi
    militants") also goes by that group's names ("Al Houthis said they had targeted...")."""
    base = re.sub(r"^(?:the)\s+", "", name.strip(), flags=re.IGNORECASE)
    if m := re.fullmatch(r"(.+?)\s*\(([A-Z][\w.-]{1,9})\)", base):
        # "Libyan National Army (LNA)" also goes by "Libyan National Army" and "LNA"
        return tuple(dict.fromkeys((base, *_variants(m.group(1)), m.group(2))))
    institution = _INSTITUTION_RE.fullmatch(base)
    if institution and country_code(institution.group(1), fuzzy=False):
        # "Sudan military", named after its country: the text calls it "the military" (with
        # the article: "the Lebanese army" is another country's)
        return (base, f"the {institution.group(2)}")
    if group := _ALIAS_GROUP.get(base.lower()):
        return (base, *group)
    inside = [(len(alias), canon) for canon in ARMED_GROUPS for alias in (canon, *ALIASES[canon])
              if len(alias) >= 5 and re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", base, re.I)]
    if inside:
        canon = max(inside)[1]
        return (base, canon, *ALIASES[canon])
    return (base,)


def _name_regex(names: Iterable[str]) -> re.Pattern[str] | None:
    parts: list[str] = []
    for name in names:
        for v in _variants(name):
            if not v:
                continue
            esc = re.escape(v)
            if len(v) <= 4 and v.upper() == v:  # "US", "IDF": exact case, or "us" would match
                parts.append(rf"(?-i:(?<![\w.]){esc}(?:'s|’s)?(?![\w]))")
            else:
                parts.append(rf"(?<![\w]){esc}{_NAME_ENDINGS}(?![\w])")
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def sentences_of(text: str) -> list[str]:
    """The text's sentences (the one splitter, :func:`split_sentences`), as strings."""
    return [s.quote for s in split_sentences(text)]


_PASSIVE = frozenset({"was", "were", "is", "are", "been", "being"})
# what stands between a speaker and its verb ("X, in turn, said"), never a speaker itself
_ASIDES = frozenset({"in turn", "however", "meanwhile", "also", "too", "for its part",
                     "for his part", "for her part", "for their part", "in a statement",
                     "in response", "later", "separately", "though"})


# what a clause tells, not who speaks: a verb of striking or of harm ("Norland aircraft fired
# missiles at the capital, Ivo Dren, head of the city administration, wrote")
_TELLING = frozenset({*(w for w in STRIKE.verbs if " " not in w), *HIT_VERBS})
# words that open no speaker after a verb ("said to hold fuel", "said on Monday")
_NOT_A_SPEAKER_START = frozenset({"to", "by", "on", "in", "at", "that", "during", "after",
                                  "before", "late", "early", "earlier", "later", "it", "they",
                                  "he", "she", *WEEKDAYS, *MONTHS})


def _tells(part: str) -> bool:
    """``part`` holds a verb of striking or of harm: it tells something, it names no one."""
    return bool({w.strip(".;:!?\"“”‘’'()").lower() for w in part.split()} & _TELLING)


def _speaker_parts(clause: str) -> str:
    """The speaker of a clause that ends in its verb after a comma, read back over the
    asides: "X, in turn," -> "X"; "Norland's army spokesman, Col. Ivo Dren, 54," whole; and
    "..., Sergiy Popko, head of the city administration," -> the parts after the last one
    that tells something ("Russian aircraft fired missiles at the capital")."""
    parts = [p.strip() for p in clause.split(",")]
    parts = [p for p in parts if p and p.lower() not in _ASIDES]
    told = [i for i, p in enumerate(parts) if _tells(p)]
    return ", ".join(parts[told[-1] + 1:] if told else parts)


def _opens_a_name(part: str) -> bool:
    """``part`` opens like a name or a described speaker ("Norland spokesman Ivo Dren", "the
    governor", "a Norland army spokesman"), not "to hold fuel" or "on Monday"."""
    words = part.split()
    return (1 <= len(words) <= 8 and words[0].lower() not in _NOT_A_SPEAKER_START
            and (words[0][:1].isupper() or words[0].lower() in ("the", "a", "an"))
            and not _tells(part))


# what may follow the speaker of "..., said X, a spokesman, adding that ..."
_THEN = ("adding", "saying", "noting", "who", "which", "and", "in", "on")


def _speaker_after(before: str, after: str) -> str:
    """The speaker of "The strike hit X, said spokesman Pat Ryder." and "..., said Ivo Dren,
    a Norland army spokesman, adding ...": a verb right after a clause that tells something
    and its comma (not "Norland, in turn, said its jets ...", nor "Ivo Dren, Norland's
    defence minister, said the strike ..."), then a name, and perhaps its appositive, to the
    sentence end or to "adding", "saying"; '' when the sentence is not so framed."""
    parts = before.rstrip().split(",")
    if len(parts) < 2 or parts[-1].strip() or not _tells(",".join(parts[:-1])):
        return ""
    name, *rest = [p.strip() for p in after.strip().rstrip(".").split(",")]
    if not _opens_a_name(name):
        return ""
    if rest and _opens_a_name(rest[0]) and (len(rest) == 1 or rest[1].lower().startswith(_THEN)):
        return f"{name}, {rest[0]}"
    return name if not rest or rest[0].lower().startswith(_THEN) else ""


def _accounts(sentence: str) -> list[tuple[str, str]]:
    """(speaker, what the speaker says) for every "X said ..." / "according to X" in a
    sentence: what follows the verb, or what comes before a speaker that closes the
    sentence ('"...," said the ministry'; "..., the army said.")."""
    out: list[tuple[str, str]] = []
    for m in _ACCORDING_RE.finditer(sentence):
        speaker, *after = _CLAUSE_SPLIT_RE.split(sentence[m.end() :], maxsplit=1)
        # "According to X, the strikes targeted ...": X says what stands on either side
        out.append((speaker, " ".join([sentence[: m.start()], *after])))
    for m in _SPEECH_RE.finditer(sentence):
        before = sentence[: m.start()]
        content = sentence[m.end() :]
        if re.search(r"[”\"’']\s*,?\s*$", before):  # '"...," said the ministry'
            out.append((_CLAUSE_SPLIT_RE.split(content, maxsplit=1)[0], before))
            continue
        if speaker := _speaker_after(before, content):  # "..., said spokesman Pat Ryder."
            out.append((speaker, before))
            continue
        last = before.split()[-1:]
        if last and last[0].lower() in _PASSIVE:
            continue  # "A strike on X was reported overnight": nobody speaks
        cut = max((b.end() for b in _BOUNDARY_RE.finditer(before)), default=0)
        speaker = before[cut:].strip()
        if not speaker or speaker.lower() in _ASIDES:
            # "X, in turn, said", "..., Name, title, wrote": back over the asides, within the
            # clause (not "..., the army said")
            strong = max((b.end() for b in _STRONG_BOUNDARY_RE.finditer(before)), default=0)
            speaker = _speaker_parts(before[strong:])
        if speaker.lower() in ("it", "they", "he", "she", "which", "who"):
            speaker = ""
        if not content.strip(" .,;:"):  # "Norland's jets hit the depot, the army said."
            content = before[:cut]
        out.append((speaker, content))
    return out


def sourced(sentence: str) -> bool:
    """The sentence names who says it ("Local media said ...", "according to officials"; not
    "At least 20 were reported killed")."""
    return any(speaker and not any(c.isdigit() for c in speaker)
               for speaker, _ in _accounts(sentence))


_STRIKE_OR_OPERATION = alternation(STRIKE.core_nouns, ("operation", "operations"))
# "X denied that it had intentionally targeted civilians and contended that the strike was
# aimed against fighters": the attacker justifies the strike, so it acknowledges it
_JUSTIFIES_RE = re.compile(
    r"\b(?:contended|insisted|argued|maintained|said|stated|claimed)\s+(?:that\s+)?(?:the|its|"
    rf"their)\s+(?:\w+\s+)?{_STRIKE_OR_OPERATION}\s+(?:was|were|had\s+been)\s+"
    r"(?:aimed|directed|targeted)\b"
    r"|\bdenied\s+(?:that\s+)?(?:it|they)\s+(?:had\s+)?(?:intentionally|deliberately)\s+"
    r"(?:targeted|struck|hit)", re.IGNORECASE)


def _denial(names: re.Pattern[str], sentence: str) -> bool:
    """The named attacker denies something in this sentence ("did not deny" is no denial)."""
    for d in _DENY_RE.finditer(sentence):
        if _NOT_DENIAL_RE.search(sentence[: d.start()]) or _NOT_DENIAL_RE.match(
            sentence[d.end() :]
        ) or _JUSTIFIES_RE.match(sentence, d.start()):
            continue  # "denied it had intentionally targeted civilians" justifies the strike
        if re.search(r"\b(?:was|were|been|being|is|are)\s+$", sentence[: d.start()]):
            # "..., which was denied by the owner of the facility": the denier follows "by"
            agent = re.match(r"\s+by\s+([^,;.]+)", sentence[d.end():])
            if agent and names.search(agent.group(1)):
                return True
            continue
        before = list(names.finditer(sentence[: d.start()]))
        # (not "X accused Y of ..., a charge Y denies": the charge's other side denies)
        gap = sentence[before[-1].end():d.start()] if before else ""
        if before and not ({"charge", "accusation", "allegation"} & set(gap.lower().split())
                           and countries_in(gap, demonyms=True)):
            return True
    return False


_SentenceReading = Literal["claimed", "acknowledged", "hedged", "others", "plain"]


# words of an attacker that owns up to a strike others told, or defends it: its
# acknowledgement, not a claim
_ACKNOWLEDGING = frozenset({"confirmed", "confirms", "confirming", "acknowledged",
                            "acknowledges", "acknowledging", "admitted", "admits", "admitting",
                            "legitimate", "justified", "investigating", "reviewing"})
# words before a name that make it part of someone else's phrase ("envoy to Norland")
_NOT_OWN_WORDS = frozenset({"to", "of", "for", "in", "from", "against", "with", "on", "at"})


# a speaker the sentence leaves unnamed ("..., officials said", "the ministry said")
_UNNAMED = frozenset({"official", "officials", "source", "sources", "ministry", "military",
                      "army", "government"})
_OUTLETS = {f" {k.lower()} ": v for k, v in STATE_MEDIA.items()}


def _own_voice(names: re.Pattern[str], speaker: str, article: str = "") -> bool:
    """The attacker speaks: its name heads the speaker ("the Norland military", "Norland's
    defence ministry"), not a phrase of someone else's ("Kessa's envoy to Norland"); its own
    news outlet speaks ("IRNA" for Iran); or officials, sources, "the ministry" or "the
    military" the sentence leaves unnamed, when the article names them as the attacker's
    ("Russia's defence ministry said ..." before "..., the ministry said")."""
    m = names.search(speaker)
    before = speaker[:m.start()].split() if m else []
    if m is not None:
        return not (before and before[-1].lower() in _NOT_OWN_WORDS)
    padded = " " + "".join(c if c.isalpha() else " " for c in speaker.lower()) + " "
    if any(outlet in padded and names.search(owner) for outlet, owner in _OUTLETS.items()):
        return True
    bare = speaker.lower().removeprefix("the ").strip()
    return bare in _UNNAMED and _sides_of(bare.rstrip("s"), names, article) == {"attacker"}


@lru_cache(maxsize=16)
def _sides_of(word: str, names: re.Pattern[str], article: str) -> frozenset[str]:
    """Whose ``word`` ("official", "ministry") the article names: "attacker" when the
    attacker's name stands in the three words before it ("Russia's defence ministry"),
    "other" when another country does ("Ukrainian officials"). Cached: every evidence
    sentence of every event asks, and an article may be long."""
    found: set[str] = set()
    words = article.split()
    for i, w in enumerate(words):
        if w.strip(".,;:'’\"”").lower().rstrip("s") != word:
            continue
        before = " ".join(words[max(0, i - 3):i])
        if names.search(before):
            found.add("attacker")
        elif countries_in(before, demonyms=True):
            found.add("other")
    return frozenset(found)


def _owned(sentence: str, justified: bool) -> _SentenceReading:
    """The attacker's own voice: its announcement claims the strike ("the military said the
    strike eliminated X"); owning up to one others told, or defending it, acknowledges it."""
    words = {w.strip(".,;:!?\"“”‘’'()") for w in sentence.lower().split()}
    return "acknowledged" if justified or _ACKNOWLEDGING & words else "claimed"


def _others_name_it(names: re.Pattern[str], speakers: list[tuple[str, str]],
                    article: str = "") -> bool:
    """Someone other than the attacker tells it: a side, a news agency ("Syrian state news
    agency Sana said", "Anadolu reports") or officials the text leaves unnamed ("according
    to officials") attribute the strike; they do not state it as fact."""
    return any(s and not _own_voice(names, s, article) for s, _ in speakers)


def _reading(names: re.Pattern[str], sentence: str, article: str = "") -> _SentenceReading:
    """How one evidence sentence that names the attacker presents the strike (``article``:
    where the text names the sides of the speakers it leaves unnamed)."""
    if _CLAIM_RE.search(sentence) or _OPERATION_RE.search(sentence):
        return "claimed"
    speakers = _accounts(sentence)
    own = [c for s, c in speakers if s and _own_voice(names, s, article)]
    if own and (re.search(r"\b(?:claimed|announced)\b", sentence, re.IGNORECASE)
                or any(_DOING_RE.search(c) for c in own)):
        return "claimed"
    if _HEDGE_RE.search(sentence):
        return "hedged"
    justified = _JUSTIFIES_RE.search(sentence)
    if own:
        return _owned(sentence, justified is not None)
    if justified and names.search(sentence[:justified.start()]):
        return "acknowledged"
    return "others" if _others_name_it(names, speakers, article) else "plain"


# the label and rule id of each reading, in precedence order ("claimed" returns at once)
_VERDICTS: tuple[tuple[_SentenceReading, Attribution, str], ...] = (
    ("hedged", "alleged", "attribution.hedged"),
    ("acknowledged", "confirmed", "attribution.attacker_account"),
    ("plain", "confirmed", "attribution.stated_as_fact"),
    ("others", "alleged", "attribution.only_others_attribute"),
)


def _where(sentence: Span) -> tuple[int, int]:
    return sentence.start, sentence.end


def _denied_or_claimed(
    names: re.Pattern[str], evidence: str, article: str
) -> tuple[Attribution, str, Evidence] | None:
    """The attacker's denial (evidence, then the article), or its claim anywhere ("X claimed
    responsibility")."""
    for rule, text in (("attribution.denied_by_accused", evidence),
                       ("attribution.denied_in_article", article)):
        for sentence in split_sentences(text):
            if _denial(names, sentence.quote):
                return "denied", rule, _where(sentence)
    for sentence in split_sentences(article):
        if names.search(sentence.quote) and _CLAIM_RE.search(sentence.quote):
            return "claimed", "attribution.claimed_in_article", _where(sentence)
    return None


def attribution_with_reason(
    evidence: str, attacker_names: list[str], context: str | None = None
) -> tuple[Attribution, str, Evidence]:
    """Like :func:`attribution_of`, with the id of the rule that decided the label and the
    offsets of the sentence it read: in ``context`` for the ``*_in_article`` rules, else in
    ``evidence`` (None when no sentence decided)."""
    names = _name_regex(n for n in attacker_names if n and n.strip())
    if names is None:
        return "unknown", "attribution.no_attacker_named", None
    if found := _denied_or_claimed(names, evidence, context or ""):
        return found
    first: dict[_SentenceReading, Span] = {}
    for sentence in split_sentences(evidence):
        if names.search(sentence.quote):
            reading = _reading(names, sentence.quote, context or "")
            if reading == "claimed":
                return "claimed", "attribution.claimed_by_attacker", _where(sentence)
            first.setdefault(reading, sentence)
    if "others" in first and "plain" in first and evidence.find(
            first["others"].quote) < evidence.find(first["plain"].quote):
        del first["plain"]  # the lead attributes it to others; a later plain line restates it
    for reading, label, rule in _VERDICTS:
        if reading in first:
            return label, rule, _where(first[reading])
    return "alleged", "attribution.attacker_not_in_evidence", None


def attribution_of(
    evidence: str, attacker_names: list[str], context: str | None = None
) -> Attribution:
    """Attribution of one strike from cue words in its evidence sentences.

    ``attacker_names``: the attacker's canonical name and aliases ("Pakistan", "Islamabad").
    ``context``: the whole article, searched for the attacker's denial only. Precedence:
    denied > claimed > alleged (hedge words) > confirmed (the attacker's own account, or
    plain fact) > alleged (only others name the attacker). No names -> "unknown".
    """
    return attribution_with_reason(evidence, attacker_names, context)[0]


