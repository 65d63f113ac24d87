"""Weapon, attribution and target kind read from wording cues, by explainable rules.

The small model's labels for these fields are unreliable; these keyword rules are applied to
an event's evidence sentences instead (or used to check the model's answer).

Weapon precedence when one event names several (``weapon_of``):
``drone > airstrike > missile > artillery > ground_raid > other``. A drone is the most
specific aerial platform; a missile named beside an air strike is usually the aircraft's
munition. Aircraft words without "strike"/"raid" ("warplanes", "F-16") are weak cues, used
only when no explicit weapon word is present. Weapon words that name a target ("drone
facilities", "missile sites"), something shot down, or an earlier attack being answered
("in response to a drone attack", "the drone attack that prompted the strikes") are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Literal

from summarizer.models import Attribution, TargetKind, Weapon
from summarizer.normalize.actors import ALIASES, ARMED_GROUPS
from summarizer.normalize.geo import country_code
from summarizer.normalize.sentences import split_sentences
from summarizer.normalize.speech import CLAIMING, NEWS_AGENCIES, REPORTING, verbs_pattern

# --- weapon -----------------------------------------------------------------------------

_WEAPON_ORDER: tuple[Weapon, ...] = (
    "drone", "airstrike", "missile", "artillery", "ground_raid", "other",
)  # fmt: skip
_STRONG: list[tuple[Weapon, str]] = [
    ("drone", r"drones?|UAVs?|unmanned\s+(?:aerial\s+vehicles?|aircraft)|quadcopters?"
              r"|loitering\s+munitions?|Shahed(?:-\d+)?s?"),
    ("airstrike", r"air[\s-]?strikes?|air[\s-]raids?|air\s+attacks?|aerial\s+(?:bombardments?"
                  r"|bombings?|attacks?|strikes?)|bombing\s+raids?|air\s+campaign|carpet[\s-]bomb\w*"),
    ("missile", r"(?:ballistic|cruise|anti-tank|guided|hypersonic)\s+missiles?|missiles?"
                r"|rockets?|rocket\s+fire|ballistic|Katyushas?|Grad\s+rockets?|ATACMS|Iskanders?"),
    ("artillery", r"shelling|shelled|shells|artillery(?:\s+(?:fire|bombardments?|barrages?))?"
                  r"|mortars?(?:\s+(?:fire|rounds?|shells?))?|howitzers?|bombardments?|barrages?"),
    ("ground_raid", r"ground\s+(?:raids?|operations?|assaults?|offensives?|incursions?|attacks?)"
                    r"|commandos?|special\s+forces|stormed|incursions?"),
    ("other", r"suicide\s+(?:bomb\w*|attacks?)|car\s+bombs?|roadside\s+bombs?|IEDs?"
              r"|improvised\s+explosive\s+devices?|gunmen|opened\s+fire|shootings?|grenades?"
              r"|landmines?|ambush(?:ed)?|snipers?"),
]  # fmt: skip
_WEAK: list[tuple[Weapon, str]] = [
    (
        "airstrike",
        r"war[\s-]?planes?|fighter[\s-]jets?|fighter-bombers?|jets|bombers|aircraft"
        r"|helicopter\s+gunships?|helicopters?|F-\d{1,3}s?|Su-\d{2}s?|air\s+force",
    ),
    # a bare "raid" is as often an air raid as a ground one: only when nothing else is said
    ("ground_raid", r"raids?|raided"),
]
_TARGET_USE_RE = re.compile(
    r"\s+(?:launch\s+)?(?:sites?|launchers?|pads?|depots?|facilit(?:y|ies)|factor(?:y|ies)"
    r"|production|storage|stockpiles?|warehouses?|workshops?|operations|programm?e?s?|units?"
    r"|bases?|capabilit(?:y|ies)|defen[cs]es?|systems?|infrastructure|plants?|makers?)\b",
    re.IGNORECASE,
)
_SHOT_DOWN_RE = re.compile(
    r"\b(?:shot\s+down|shooting\s+down|downed|intercepted|intercepting)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
_EARLIER_RE = re.compile(
    r"\b(?:in\s+response\s+to|in\s+retaliation\s+for|retaliat\w*\s+(?:for|against)|following|followed|follows"
    r"|after|in\s+the\s+wake\s+of|prompted\s+by|triggered\s+by|to\s+avenge|avenging|answer\s+to)"
    r"\s+(?:[\w'’-]+\s+){0,4}$",
    re.IGNORECASE,
)
_PROMPTED_RE = re.compile(
    r"^[^.;]{0,40}?\b(?:that|which)\s+(?:had\s+)?(?:prompted|triggered|sparked|provoked)\b",
    re.IGNORECASE,
)


def _compile(table: list[tuple[Weapon, str]]) -> list[tuple[Weapon, re.Pattern[str]]]:
    return [(w, re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.IGNORECASE)) for w, p in table]


_STRONG_RES = _compile(_STRONG)
_WEAK_RES = _compile(_WEAK)


def _weapon_hits(
    text: str, table: list[tuple[Weapon, re.Pattern[str]]]
) -> list[tuple[int, int, Weapon]]:
    hits = [(m.start(), m.end(), w) for w, regex in table for m in regex.finditer(text)]
    # a longer overlapping phrase wins ("air raid" is not a ground "raid")
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, Weapon]] = []
    for h in hits:
        if any(k[0] < h[1] and h[0] < k[1] for k in kept):
            continue
        before, after = text[max(0, h[0] - 60) : h[0]], text[h[1] : h[1] + 60]
        if _TARGET_USE_RE.match(after) or _SHOT_DOWN_RE.search(before):
            continue
        if _EARLIER_RE.search(before) or _PROMPTED_RE.search(after):
            continue
        kept.append(h)
    kept.sort()
    return kept


def weapons_of(text: str) -> list[Weapon]:
    """Distinct weapons the text says were used, in order of first mention (may be empty)."""
    hits = _weapon_hits(text, _STRONG_RES) or _weapon_hits(text, _WEAK_RES)
    return list(dict.fromkeys(w for _, _, w in hits))


def weapon_of(text: str) -> Weapon:
    """The one weapon of an event: the most specific cue present, or "unknown"."""
    found = set(weapons_of(text))
    for weapon in _WEAPON_ORDER:
        if weapon in found:
            return weapon
    return "unknown"


# --- attribution ------------------------------------------------------------------------

_NAME_SUFFIX = r"(?:'s|’s|n|ns|i|is|ian|ians|ese)?"

# lower case only: "States" in "United States" is not a speech verb
_SPEECH_RE = re.compile(rf"\b{verbs_pattern(REPORTING, CLAIMING)}\b")
_CLAUSE_SPLIT_RE = re.compile(r"[,;:]|(?<![A-Z])\.(?!\w)")
_ACCORDING_RE = re.compile(r"\b(?:according\s+to|citing|quoting|per)\s+", re.IGNORECASE)
_CLAIM_RE = re.compile(
    r"\b(?:claimed\s+responsibility|claims\s+responsibility|took\s+responsibility"
    r"|taken\s+responsibility|claiming\s+responsibility|our\s+(?:forces|fighters|troops"
    r"|heroes|units|army|air\s+force)|we\s+(?:have\s+)?(?:struck|targeted|hit|attacked|launched"
    r"|carried\s+out)|in\s+what\s+(?:it|they)\s+(?:said|called|described))\b",
    re.IGNORECASE,
)
# a news agency that reports a strike is a channel, not a party that attributes it
_AGENCY_RE = re.compile(rf"\b(?:{'|'.join(NEWS_AGENCIES)}|news agency|media|reports?)\b",
                        re.IGNORECASE)
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
_HEDGE_RE = re.compile(
    r"\b(?:alleged|allegedly|reportedly|suspected|blamed|blames|blaming|blame|accused|accuses"
    r"|accusing|believed\s+to|thought\s+to|said\s+to\s+have|attributed\s+to|purported(?:ly)?"
    r"|presumed|presumably|apparent(?:ly)?|likely\s+carried|unconfirmed)\b",
    re.IGNORECASE,
)
# "describing the accusations as 'false and misleading claims'": a denial, in the attribution
# of a strike and in the stance of a statement (pipeline.statements)
FALSE_CLAIMS = (r"(?:accusations?|allegations?|claims?|reports?)\s+(?:as|were|are|to\s+be)\s+"
                r"[“\"‘']?(?:false|baseless|fabricated|untrue|unfounded|lies)")
_DENY_RE = re.compile(
    r"\b(?:denied|denies|deny|denying|refuted|refutes|rejected\s+(?:the\s+|these\s+|such\s+)?"
    r"(?:accusations?|allegations?|claims?|reports?)|dismissed\s+(?:the\s+|these\s+)?"
    r"(?:accusations?|allegations?|claims?|reports?)|ha[sd]\s+nothing\s+to\s+do\s+with"
    r"|not\s+involved|no\s+involvement|not\s+responsible|played\s+no\s+(?:part|role)"
    rf"|did\s+not\s+carry\s+out|didn't\s+carry\s+out|{FALSE_CLAIMS})\b",
    re.IGNORECASE,
)
_NOT_DENIAL_RE = re.compile(
    r"\b(?:did\s+not|didn't|not|nor|neither\s+confirmed\s+nor)\s+(?:\w+\s+)?$|^\s+(?:entry"
    r"|access|permission|visas?|bail)\b",
    re.IGNORECASE,
)
_BOUNDARY_RE = re.compile(r"[,;:“”\"(]|\b(?:that|which|who|and|but)\s|^")
_STRONG_BOUNDARY_RE = re.compile(r"[;:“”\"(]|^")

Reason = str


_ALIAS_GROUP: dict[str, tuple[str, ...]] = {
    alias.lower(): (canon, *alts) for canon, alts in ALIASES.items() for alias in (canon, *alts)
}


@cache
def _variants(name: str) -> tuple[str, ...]:
    """The name and, for a few common states, its other spellings ("US" -> "U.S.", ...); a
    description that contains an armed group's name ("Yemen's Iran-aligned Al Houthi
    militants") also goes by that group's names ("Al Houthis said they had targeted...")."""
    base = re.sub(r"^(?:the)\s+", "", name.strip(), flags=re.IGNORECASE)
    if m := re.fullmatch(r"(.+?)\s*\(([A-Z][\w.-]{1,9})\)", base):
        # "Libyan National Army (LNA)" also goes by "Libyan National Army" and "LNA"
        return tuple(dict.fromkeys((base, *_variants(m.group(1)), m.group(2))))
    institution = re.fullmatch(r"(\w+)\s+(military|army|government|armed forces|air force|navy)",
                               base, re.IGNORECASE)
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
                parts.append(rf"(?<![\w]){esc}{_NAME_SUFFIX}(?![\w])")
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def sentences_of(text: str) -> list[str]:
    """The text's sentences (the one splitter, :func:`split_sentences`), as strings."""
    return [s.quote for s in split_sentences(text)]


def _speakers(sentence: str) -> list[tuple[str, str]]:
    """(speaker, what follows) for every "X said ..." / "according to X" in a sentence."""
    out: list[tuple[str, str]] = []
    for m in _ACCORDING_RE.finditer(sentence):
        rest = sentence[m.end() :]
        out.append((_CLAUSE_SPLIT_RE.split(rest, maxsplit=1)[0], sentence[: m.start()]))
    for m in _SPEECH_RE.finditer(sentence):
        before = sentence[: m.start()]
        content = sentence[m.end() :]
        if re.search(r"[”\"’']\s*,?\s*$", before):  # '"...," said the ministry'
            out.append((_CLAUSE_SPLIT_RE.split(content, maxsplit=1)[0], before))
            continue
        cut = max((b.end() for b in _BOUNDARY_RE.finditer(before)), default=0)
        speaker = before[cut:].strip()
        if not re.search(r"[A-Z]", speaker):  # "X, in turn, said": back to the clause start
            strong = max((b.end() for b in _STRONG_BOUNDARY_RE.finditer(before)), default=0)
            speaker = before[strong:].strip()
        if speaker.lower() in ("it", "they", "he", "she", "which", "who"):
            speaker = ""
        out.append((speaker, content))
    return out


# "X denied that it had intentionally targeted civilians and contended that the strike was
# aimed against fighters": the attacker justifies the strike, so it acknowledges it
_JUSTIFIES_RE = re.compile(
    r"\b(?:contended|insisted|argued|maintained|said|stated|claimed)\s+(?:that\s+)?(?:the|its|"
    r"their)\s+(?:\w+\s+)?(?:strikes?|attacks?|raids?|operations?)\s+(?:was|were|had\s+been)\s+"
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
        if names.search(sentence[: d.start()]):
            return True
    return False


_SentenceReading = Literal["claimed", "acknowledged", "hedged", "others", "plain"]


def _reading(names: re.Pattern[str], sentence: str) -> _SentenceReading:
    """How one evidence sentence that names the attacker presents the strike."""
    if _CLAIM_RE.search(sentence) or _OPERATION_RE.search(sentence):
        return "claimed"
    speakers = _speakers(sentence)
    own = [c for s, c in speakers if s and names.search(s)]
    if own and (re.search(r"\b(?:claimed|announced)\b", sentence, re.IGNORECASE)
                or any(_DOING_RE.search(c) for c in own)):
        return "claimed"
    if _HEDGE_RE.search(sentence):
        return "hedged"
    justified = _JUSTIFIES_RE.search(sentence)
    if own or (justified and names.search(sentence[:justified.start()])):
        return "acknowledged"
    if any(s and not names.search(s) and not _AGENCY_RE.search(s) for s, _ in speakers):
        return "others"
    return "plain"


_VERDICTS: tuple[tuple[_SentenceReading, Attribution, str], ...] = (
    ("claimed", "claimed", "the attacker claims it"),
    ("hedged", "alleged", "hedged"),
    ("acknowledged", "confirmed", "the attacker's own account"),
    ("plain", "confirmed", "stated as fact"),
    ("others", "alleged", "only others attribute it"),
)


def _denied_or_claimed(
    names: re.Pattern[str], evidence: str, article: str
) -> tuple[Attribution, Reason] | None:
    """The attacker's denial (evidence, then the article), or its claim anywhere ("X claimed
    responsibility")."""
    for source, text in (("evidence", evidence), ("article", article)):
        for sentence in sentences_of(text):
            if _denial(names, sentence):
                return "denied", f"the attacker denies it ({source}): {sentence!r}"
    for sentence in sentences_of(article):
        if names.search(sentence) and _CLAIM_RE.search(sentence):
            return "claimed", f"the attacker claims it (article): {sentence!r}"
    return None


def attribution_with_reason(
    evidence: str, attacker_names: list[str], context: str | None = None
) -> tuple[Attribution, Reason]:
    """Like :func:`attribution_of`, with a short human-readable reason for the label."""
    names = _name_regex(n for n in attacker_names if n and n.strip())
    if names is None:
        return "unknown", "no attacker named"
    if found := _denied_or_claimed(names, evidence, context or ""):
        return found
    first: dict[_SentenceReading, str] = {}
    for sentence in sentences_of(evidence):
        if names.search(sentence):
            reading = _reading(names, sentence)
            if reading == "claimed":
                return "claimed", f"the attacker claims it: {sentence!r}"
            first.setdefault(reading, sentence)
    if "others" in first and "plain" in first and evidence.find(first["others"]) < evidence.find(
            first["plain"]):
        del first["plain"]  # the lead attributes it to others; a later plain line restates it
    for reading, label, why in _VERDICTS:
        if reading in first:
            return label, f"{why}: {first[reading]!r}"
    return "alleged", "the attacker is not named in the evidence"


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


# --- target kind ------------------------------------------------------------------------

_Side = Literal["military", "militant", "civilian", "infrastructure"]
_PHRASES: list[tuple[_Side, str]] = [
    ("civilian", r"refugee\s+camps?|displacement\s+camps?|detention\s+(?:centre|center)s?"
                 r"|commercial\s+(?:vessels?|ships?)|merchant\s+(?:vessels?|ships?)|cargo\s+ships?"
                 r"|oil\s+tankers?|aid\s+(?:workers?|convoys?)|residential\s+\w+|civilian\s+\w+"),
    ("militant", r"training\s+(?:camps?|sites?|facilities)|terror(?:ist)?\s+\w+|militant\s+\w+"
                 r"|weapons\s+(?:depots?|caches?|storage)|command\s+and\s+control"),
    ("military", r"military\s+\w+|army\s+\w+|air\s*bases?|naval\s+\w+|war\s*ships?|frigates?"
                 r"|destroyers?|service\s+members?|security\s+forces|border\s+guards?"),
    ("infrastructure", r"oil\s+(?:fields?|facilit(?:y|ies)|installations?|terminals?|depots?)"
                       r"|gas\s+(?:fields?|facilit(?:y|ies)|plants?)|pumping\s+stations?"
                       r"|power\s+(?:plants?|stations?|grid|lines?)|refiner(?:y|ies)"
                       r"|pipelines?|airports?|ports?|harbou?rs?|dams?|bridges?|substations?"
                       r"|energy\s+(?:facilit(?:y|ies)|infrastructure)|railways?|rail\s+lines?"),
]  # fmt: skip
_WORDS: list[tuple[_Side, str]] = [
    ("military", r"soldiers?|troops?|army|military|bases?|barracks|posts?|checkpoints?"
                 r"|personnel|servicemen|officers?|generals?|commanders?|forces|positions"
                 r"|navy|guards?|IRGC|sailors?|marines?"),
    ("militant", r"militants?|fighters?|militias?|insurgents?|rebels?|guerrillas?|jihadists?"
                 r"|terrorists?|extremists?|gunmen|hideouts?|PKK|Hezbollah|Hamas|ISIS|ISIL"
                 r"|Islamic\s+State|al-Qaeda|al-Shabaab|Houthis?|Kataib|Boko\s+Haram|TTP"),
    ("civilian", r"civilians?|homes?|houses?|residents?|villages?|villagers|hospitals?|clinics?"
                 r"|schools?|markets?|mosques?|churches|church|migrants?|refugees?|women"
                 r"|children|families|family|neighbou?rhoods?|journalists?|wedding|shelters?"
                 r"|ships?|vessels?|tankers?|apartments?|buildings?|towns?|camps?"),
]  # fmt: skip


def _side_re(table: list[tuple[_Side, str]]) -> list[tuple[_Side, re.Pattern[str]]]:
    return [(s, re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.IGNORECASE)) for s, p in table]


_SIDE_KIND: dict[_Side, TargetKind] = {
    "military": "military", "militant": "militant", "civilian": "civilian",
    "infrastructure": "infrastructure",
}  # fmt: skip
_PHRASE_RES = _side_re(_PHRASES)
_WORD_RES = _side_re(_WORDS)
_WEAK_CIVILIAN_RE = re.compile(r"\b(?:people|persons|city|cities|town|population)\b", re.I)


def target_sides(target_text: str) -> set[_Side]:
    """The kinds of target that keyword cues find in a target description."""
    text = target_text
    sides: set[_Side] = set()
    for side, regex in _PHRASE_RES:  # two-word phrases first, then blanked out
        if regex.search(text):
            sides.add(side)
            text = regex.sub(" ", text)
    for side, regex in _WORD_RES:
        if regex.search(text):
            sides.add(side)
    if not sides and _WEAK_CIVILIAN_RE.search(text):
        sides.add("civilian")
    return sides


def target_kind_of(target_text: str) -> TargetKind | None:
    """military / militant / civilian / infrastructure / mixed from keywords, else None.

    Two or more of military, militant and civilian -> "mixed"; infrastructure counts only
    when no people are named ("soldiers at the airport" -> military).
    """
    sides = target_sides(target_text)
    people = sides - {"infrastructure"}
    if len(people) >= 2:
        return "mixed"
    if people:
        return _SIDE_KIND[people.pop()]
    if sides:
        return "infrastructure"
    return None
