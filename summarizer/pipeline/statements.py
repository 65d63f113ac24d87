"""Statements: who said what about the strikes, read from the sentence's own frame.

A 1.5B model misses most reactions when asked sentence by sentence ("Hajiyev blamed Armenia
for the attacks" -> not a reaction), and names the wrong speaker ("the government has
condemned" -> "U.S."). The frame of a statement is regular English, so code reads it:
- the speaker is the subject of a stance verb ("X condemned", "X vowed", "X denied") or of a
  speech verb ("X said", '"...," X told reporters', "according to X");
- "he", "she", "it" is the previous statement's speaker; "the government" gets the country
  its sentence (or the one before) names;
- the stance is the one clear cue of the statement's words, else ``other``;
- a statement is a reaction only when it responds: a stance cue, or an official's comment
  that is not itself a report of the strike or its toll, nor a witness account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from summarizer.lexicon import MONTHS, MUNITIONS, OFFICIAL_TITLES, SIDE_WORDS, WEEKDAYS
from summarizer.models import Span, Stance
from summarizer.normalize.actors import actor_kind_guess
from summarizer.normalize.geo import countries_in, country_code, country_of_place
from summarizer.normalize.speech import (
    NEWS_AGENCIES,
    REPORTING,
    verbs_pattern,
    without_parentheticals,
)
from summarizer.pipeline.names import DATELINE_RE, unnamed_institution

_CUES: list[tuple[Stance, re.Pattern[str]]] = [
    ("deny", re.compile(r"(?<!nor )(?<!not )\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed) (?:the )?"
                        r"(?:claims?|accusations?|allegations?)|(?:had|has|have) nothing to do "
                        r"with|not responsible|not involved|no truth|"
                        # "called the reports “fake”", "calls claims it carried out the strike
                        # a 'hoax'" (not "reports of an invasion", nor "called the reports
                        # alarming and warned against false information")
                        r"(?:call|describ|dismiss|brand|label)\w*\s+(?:the\s+|these\s+|such\s+)?"
                        r"(?:reports?|claims?|allegations?|accusations?|charges?)\b(?!\s+of\b)"
                        r"(?:(?!\b(?:and|but|saying|while)\b)[^.;]){0,60}?"
                        r"\b(?:fake|false|hoax|lies|baseless|groundless|fabricat\w*|untrue)|"
                        # "completely incorrect", "did not carry out any strike" (not "did not
                        # fire on the protesters": a fact, no denial)
                        r"(?:completely|totally|absolutely)\s+(?:incorrect|false|untrue|baseless)|"
                        r"(?:did\s+not|didn['’]t)\s+(?:carry\s+out|conduct|launch)\s+"
                        r"(?:any|an?|the)\s+(?:[\w-]+\s+)?(?:air\s*)?(?:strikes?|attacks?|raids?|"
                        r"operations?|bombings?))\b",
                        re.I)),
    ("call_for_restraint", re.compile(r"\b(?:restraint|de-?escalat\w*|calm|not (?:to )?escalate|"
                                      r"avoid (?:a |further |any )?(?:escalation|military "
                                      r"confrontation|confrontation)|peaceful resolution|"
                                      r"warned against (?:further )?escalation|"
                                      # "called for an immediate ceasefire", "urged an end to
                                      # hostilities"
                                      r"(?:call\w*\s+for|urg\w*|demand\w*|appeal\w*\s+for)\s+"
                                      r"(?:an?\s+)?(?:immediate\s+|urgent\s+)?(?:ceasefire|"
                                      r"cessation|end\s+to\s+(?:the\s+)?(?:hostilities|"
                                      r"fighting)))\b", re.I)),
    # (the noun "threat" alone tells a danger more often than a threat made: "a grave threat
    # to the region", "responded to the threat", "posed no threat"; "made threats" is one)
    # (not the striker's account of a strike done: "in retaliation for", "was retaliation
    # for", "its retaliatory strikes", "retaliated", "retaliating for"; nor another's
    # "possible retaliation"; nor consequences told:
    # "the consequences from the fall of a drone", "its consequences", "mindful of the
    # consequences")
    ("threaten", re.compile(r"\b(?:vow\w*|threaten\w*|retaliat(?:e|es)\b|"
                            r"retaliating\b(?!\s+for\b)|"
                            r"(?<!\bin\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bas\s)(?<!\ba\s)"
                            r"(?<!\bpossible\s)retaliation\b|"
                            # ("carried out retaliatory strikes": done)
                            r"(?<!’s\s)(?<!'s\s)(?<!\bits\s)(?<!\btheir\s)retaliatory\b"
                            r"(?!\s+(?:air\s*)?(?:strikes|attacks|raids|airstrikes|operations)\b)|"
                            r"reserves? the right|will respond|"
                            # "will not go unanswered" (not "requests had gone unanswered")
                            r"(?:will|would|shall)\s+not\s+(?:go|be\s+left|leave\s+[^.;]{0,40}?)"
                            r"\s+(?:unanswered|unpunished)|(?:made|issued|renewed)\s+threats|"
                            r"respond (?:strongly|firmly)|avenge|pays? a (?:heavy |high )?price|"
                            r"legitimate targets?|not let this pass|response will come|"
                            r"(?<!\bits\s)(?<!\bthe\s)consequences|"
                            r"warn\w*\s+(?:\w+\s+)?of\s+the\s+consequences|"
                            r"(?:will|would) be (?:brought to justice|met with)|"
                            r"determined to eliminate|"
                            r"(?:will|would|shall)\s+(?:\w+\s+){0,2}?use\s+all\s+necessary\s+means|"
                            # "a firm, strong and effective response" (not "the strong and
                            # effective response of the emergency services")
                            r"(?:firm|strong|decisive|crushing|harsh|severe|painful|resolute)"
                            r"(?:(?:,\s*|\s+and\s+)\w+)*\s+response\b(?!\s+(?:of|from|by)\b)|"
                            r"(?:capture|hunt down|track down|punish|"
                            r"find) (?:those|the ones|whoever was) responsible)\b", re.I)),
    # ("possible violations", "allegations of war crimes" are looked into, not condemned)
    ("condemn", re.compile(r"\b(?:condemn\w*|denounc\w*|slam\w*|blam\w*|accus\w*|act of war|"
                           r"deplor\w*|decr(?:y|ies|ied)|spoke out against|unprovoked|"
                           r"(?<!possible )violations?|breach(?:es)?|cowardly|heinous|barbaric|"
                           r"provocati\w*|outraged|"
                           r"outrageous|unacceptable|terrorist (?:attack|act|action)s?|massacres?|"
                           r"acts? of (?:\w+ )?terrorism|pure terrorism|"
                           # "called the action an aggression", "a brutal, arrogant invasion"
                           r"(?:called|described|labell?ed|branded)\s+(?:the\s+(?:attacks?|"
                           r"strikes?|action|shelling|bombing|raids?)|it|them|this)\s+(?:as\s+)?"
                           r"[^.;]{0,40}?\b(?:aggression|invasion)\b(?!\s+of\s+privacy)|"
                           r"(?<!allegations of )war crimes?|"
                           # summoning a country's envoy is a protest
                           r"summon\w*\s+(?:the\s+|an?\s+)?(?:[\w’'.-]+\s+){0,3}(?:ambassador|"
                           r"envoy|charg[ée]s?\s+d['’]affaires|diplomat)|"
                           r"(?<!allegations of war )crimes?)\b", re.I)),
    ("support", re.compile(r"\b(?:support(?:ed|s)? (?:the|Israel's|its) (?:strikes?|operation)|"
                           r"right to (?:defend|self-defen[cs]e)|welcomed the (?:strikes?|"
                           r"operation))\b", re.I)),
]
_STANCE_VERBS = (r"claim(?:s|ed)|condemn(?:s|ed)?|denounc(?:es|ed)|slamm(?:ed)|blam(?:es|ed)|"
                 r"accus(?:es|ed)|"
                 r"vow(?:s|ed)|warn(?:s|ed)|threaten(?:s|ed)|den(?:ies|ied)|urg(?:es|ed)|"
                 r"call(?:s|ed) (?:for|on)|"
                 r"call(?:s|ed)(?= (?:it|them|this|the|claims?|reports?)\b)|"
                 r"dismiss(?:es|ed)(?= (?:[A-Z]\w* )?(?:the|as|calls?|claims?|reports?|"
                 r"accusations?|allegations?|it)\b)|"
                 r"demand(?:s|ed)|express(?:es|ed)|paid tribute|"
                 r"described|labell?ed|branded|reject(?:s|ed)|stated|summon(?:s|ed)|"
                 r"deplor(?:es|ed)|decr(?:ies|ied)|lament(?:s|ed)|spoke out against|"
                 r"welcom(?:es|ed)|challeng(?:es|ed)|disput(?:es|ed)|"
                 # "issued a statement late on Tuesday condemning the strikes"
                 r"issued\s+a\s+statement|"
                 + verbs_pattern(REPORTING)[3:-1])
# "In a statement, ...", "On Sunday, ...", "Speaking to reporters, ...": an opening phrase
# with no verb of its own before the speaker ("After X denied it, ..." is a clause, not one);
# " date YYYY-MM-DD " is the header line a saved text may begin with
_LEAD = (r"(?:date\s+\d{4}-\d\d-\d\d\s+)?"
         # (two may follow each other: "Later on Sunday, ...", "A day later, on January 3, ...")
         r"(?:(?:However|Meanwhile|In response|In turn|Separately|Earlier|Later|Also|But|And)\W+|"
         r"\w+\s+(?:days?|weeks?|hours?)\s+(?:later|earlier),\s+|"
         r"For\s+(?:his|her|its|their)\s+part,\s+|"
         r"(?:In|At)\s+(?:a|an|the|his|her|its|their)\s[^,;:“”\"]{2,50},\s+|"
         # "In Iran, Foreign Ministry spokesman X ...": where the speaker is
         r"In\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?,\s+|"
         r"(?:Also\s+)?(?:On|on)?\s*(?:\w+day|[A-Z][a-z]+\s+\d{1,2})\b[^,;:“”\"]{0,20},\s+|"
         # "Condemning the attack, Hamas said ...": a participle's phrase (its cue is the
         # statement's)
         r"(?:Condemning|Denouncing|Describing|Calling|Blaming|Accusing|Rejecting|Denying|"
         r"Warning|Vowing|Urging)\s[^;]{2,120}?,\s+|"
         r"Speaking\s+(?:to|at|on|in)\s[^,;:“”\"]{2,50},\s+){0,2}")
_SUBJECT_RE = re.compile(
    rf"^\W*{_LEAD}(?P<who>[^,;:“”\"()]{{2,90}}?)(?:,\s+(?P<named>[^,;:“”\"]{{2,80}}),)?"
    rf"\s+(?:has\s+|have\s+|had\s+|also\s+|further\s+|"
    rf"[“\"]?\w+ly\s+|later\s+|on\s+\w+\s+)*[“\"]?(?P<verb>{_STANCE_VERBS})\b"
)
_QUOTE_SPEAKER_RE = re.compile(
    rf"[”\"’],?\s+(?P<who>[^,;:“”\"]{{2,90}}?)\s+(?:has\s+|also\s+)?(?:{_STANCE_VERBS})\b"
    rf"|,\s+(?P<who2>[^,;:“”\"]{{2,90}}?)\s+(?:{verbs_pattern(REPORTING)})\b[^,;]{{0,40}}[.!?]?$"
    rf"|[”\"’],?\s+(?:{verbs_pattern(REPORTING)})\s+(?P<who3>[^,;:“”\".]{{2,90}})"
)
_ACCORDING_RE = re.compile(r"\baccording to (?P<who>[^,;:.“”\"]{2,60})")
# a name's word: capitalised, no day or month ("condemned by Estavia Tuesday")
_NAME_WORD = rf"(?!(?i:{'|'.join((*WEEKDAYS, *MONTHS))})\b)[A-Z][\w’'.-]*"
# "The strikes were condemned by the Afghan Foreign and Defence Ministries", "drew
# condemnation from Hamas, Iraq, Pakistan, Syria and Saudi Arabia": the speakers follow the
# verb, a list of names
_BY_RE = re.compile(r"\b(?:(?:condemnation|criticism|denunciation)s?\s+from"
                    # "drew condemnation from several groups, including the ..."
                    r"(?:\s+(?:several|many|various)\s+\w+,?\s+including)?|(?:was|were|been)\s+"
                    r"(?:\w+ly\s+)?(?:condemned|denounced|criticised|criticized)\s+by)\s+"
                    rf"(?:the\s+)?(?P<who>{_NAME_WORD}(?:(?:\s+(?:(?:of|for)\s+(?:the\s+)?)?|"
                    rf",\s+(?:and\s+)?|\s+and\s+)(?:the\s+)?{_NAME_WORD})*"
                    r"(?:\s+(?:authorities|officials|government))?)")
_PRONOUN_RE = re.compile(r"^(?:he|she|it|they|the minister|the president|the spokesman)$", re.I)
_NOT_A_SPEAKER_RE = re.compile(
    r"\b(?:witness(?:es)?|residents?|villagers|survivors?|relatives|families|a source|sources|"
    r"reports?|media|images|videos?|footage|this|that|which|who|there|it is|officials?|"
    r"correspondents?|reporters?|journalists?|data|news agency|newspaper)\b$|"
    rf"^(?:{'|'.join(NEWS_AGENCIES)}|I|We)\b|"
    r"^(?:the\s+)?(?:attack|strike|raid|explosion|blast|incident|figure|toll)s?\b|"
    # "Barda-based activist Ulviyya Babasoy": a private person, however named
    r"^(?:[\w-]+\s+)?(?:activist|resident|witness|survivor|relative|villager|shopkeeper|"
    r"farmer|student|mother|father)\s+(?-i:[A-Z])", re.I)
_TRAILING_RE = re.compile(r"\s+(?:on|in|at|late|early)\s+\w+(?:\s+\w+)?$|\s+(?:in a statement|"
                          r"in turn|on social media)$|\s+\w+ly$|"
                          r"\s+(?-i:has|have|had|did|does|do|would|will|could)(?:\s+not|n['’]t)?$",
                          re.I)


@dataclass(frozen=True)
class Statement:
    """One speaker's statement in one sentence."""

    speaker: str
    stance: Stance
    sentence: Span
    cued: bool  # a stance cue (not only a speech verb) makes it a reaction
    actor_rule: str = "actor.frame"  # the rule ids that read the speaker and the stance
    stance_rule: str = "stance.no_cue"


# "have repeatedly accused each other of violating the ceasefire": a standing quarrel, not a
# response to this strike
_HABITUAL_RE = re.compile(r"\b(?:repeatedly|routinely|regularly|frequently|long|often)\s+"
                          r"(?:\w+\s+)?(?:accus|blam|condemn|den|threat|warn|vow)\w*", re.I)


# ", which has long accused Norland of aggression,": background to the speaker, not its statement
_RELATIVE_CLAUSE_RE = re.compile(r",\s*(?:which|who|whose)\b[^,]*,")


# concern, grief, regret or hope: a response with no side taken ("is deeply concerned by
# reports of a drone strike", "expressed grief and sorrow", "I hope it ends very quickly")
_OTHER_WORDS = frozenset({"concern", "concerned", "regret", "regrets",
                          "regrettable", "sorrow", "saddened", "grief", "alarmed", "worried",
                          "hope", "hopes"})
# words before such a word that voice none ("no cause for concern", "security concern")
_NOT_VOICED = frozenset({"no", "not", "never", "security"})


def _voices_concern(text: str) -> bool:
    """A word of concern, grief, regret or hope, written in lower case and not negated
    ("no cause for concern"), in a statement that speaks of an attack or its dead."""
    words = [w.strip(".,;:!?“”\"'’()") for w in text.split()]
    return bool(_ATTACK_RE.search(text)) and any(
        w in _OTHER_WORDS and not {x.lower() for x in words[max(0, i - 3):i]} & _NOT_VOICED
        for i, w in enumerate(words))


# a quoted name given to the attack, when no other cue speaks: "called the action “reckless”",
# "described the attacks as a “deliberate terrorist tactic”" (not "called the incident “fake
# news”", nor an admission or the striker's own word: "called it “a terrible mistake”",
# "described the strike as “precise”", "“historic”", "“legitimate military targets”")
_QUOTED_NAME_RE = re.compile(r"\b(?:called|describ(?:ed|ing)|labell?ed|branded|termed)\s+"
                             r"(?:the\s+(?:[\w-]+\s+)?(?:attacks?|strikes?|action|shelling|"
                             r"bombing|raids?|incident)|it|them|this)\s+(?:as\s+)?(?:an?\s+)?"
                             r"(?:[\w-]+\s+)?[“\"‘'](?!\s*(?:an?\s+)?(?:[\w-]+\s+)?"
                             r"(?:mistakes?|errors?|accidents?|fake|false|staged|lies?|hoax|"
                             r"fabricat\w*|precise|successful|targeted|necessary|justified|"
                             r"proportionate|historic|self-defen[cs]e|legitimate|response|"
                             r"regrettable|tragedy|unfortunate)\b)", re.I)


# what a side denies when it owns the strike but not its harm or intent ("denied that the
# strike had killed civilians", "denied wrongdoing", "denied intentionally targeting
# civilians"): no denial of the strike, a comment on it
_HARM_DENIED = frozenset({"civilian", "civilians", "casualties", "wrongdoing",
                          "intentionally", "deliberately", "intentional"})
# words before the harm word that make the denial one of the strike itself ("denied carrying
# out the strike, which killed civilians", "denied responsibility for the deaths of civilians")
_STRIKE_DENIED = ("carr", "conduct", "launch", "fire", "firing", "involve", "responsib",
                  "behind", "information", "accusation", "allegation")
_CLAUSE_ENDS = frozenset({"and", "but", "which", "who"})


def _denied_clause(after: str) -> list[str]:
    """The words a denial governs: to the first comma, semicolon, "and", "but", "which" or
    "who", or a full stop before a capital ("the U.S. strike" goes on), at most 12."""
    words = after.split()
    out: list[str] = []
    for i, raw in enumerate(words[:12]):
        word = raw.strip("“”\"'()").lower()
        if word in _CLAUSE_ENDS:
            break
        out.append(word.rstrip(",;.:"))
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if raw.endswith((",", ";")) or (raw.endswith(".") and (not nxt or (nxt[:1].isupper()
                                                               and not raw[:-1].isupper()))):
            break
    return out


def _denies_harm_only(after: str) -> bool:
    """The denial governs a word of harm or intent and no word of the strike before it."""
    words = _denied_clause(after)
    harm = next((i for i, w in enumerate(words) if w in _HARM_DENIED), None)
    return harm is not None and not any(
        w.startswith(_STRIKE_DENIED) for w in words[:harm]) and "took place" not in " ".join(
        words[:harm])


def stance_with_rule(text: str) -> tuple[Stance, str]:
    """The statement's stance and the rule that gave it ('' when no cue did): the cue that
    comes first in the words ("condemned the attack and urged restraint" condemns); else
    ``other``, a reaction when it voices concern, grief, regret or hope; else a condemnation
    when it gives the attack a quoted name."""
    found = [(m.start(), stance, m.end()) for stance, cue in _CUES if (m := cue.search(text))]
    if not found and _voices_concern(text):
        return "other", "stance.cue_other"
    if not found and _QUOTED_NAME_RE.search(text):
        return "condemn", "stance.quoted_name"
    if not found:
        return "other", ""
    _, stance, end = min(found)
    if stance == "deny" and _denies_harm_only(text[end:]):
        return "other", "stance.denies_harm_only"
    return stance, f"stance.cue_{stance}"


def stance_of(text: str) -> tuple[Stance, bool]:
    """The statement's stance and whether a cue gave it (:func:`stance_with_rule`)."""
    stance, rule = stance_with_rule(text)
    return stance, bool(rule)


def _split_pair(who: str) -> list[str]:
    """'President X and Prime Minister Y', 'the United States and Britain': two speakers;
    'Hamas, Iraq, Pakistan and Syria': a list of names, one speaker each."""
    items = [x.strip().removeprefix("the ") for x in who.replace(" and ", ", ").split(",")]
    if len(items) > 2 and all(x[:1].isupper() and len(x.split()) <= 4 for x in items):
        return items
    parts = re.split(r"\s+and\s+", re.sub(r"^both\s+|\s+both$", "", who, flags=re.I))
    named = len(parts) == 2 and all(p[:1].isupper() for p in parts)
    if named and (head := parts[1].split()[-1]) in ("Ministries", "Agencies", "Embassies") \
            and len(parts[1].split()) > 1:
        # "the Afghan Foreign and Defence Ministries": one head for both, made singular
        one = head[:-3] + "y"
        first = parts[0].split()
        return [" ".join([*first, one]), " ".join([*first[:-1], *parts[1].split()[:-1], one])]
    if named and (all(len(p.split()) >= 2 for p in parts) or all(countries_in(p) for p in parts)):
        return parts
    return [who]


# words that end a speaker's phrase but are not its name: "Sudan's Foreign Ministry
# meanwhile", "the army yesterday", "the Kremlin statement", "the GNA for its part"
_TRAILING_WORDS = frozenset({"meanwhile", "yesterday", "today", "tonight", "also", "however",
                             "too", "since", "then", "later", "earlier", "again", "now",
                             "statement"})
_WEEKDAY_WORDS = frozenset(WEEKDAYS)
_FOR_ITS_PART = frozenset({"for its part", "for his part", "for her part", "for their part"})


def _trimmed(who: str) -> str:
    """``who`` less its trailing time, auxiliary, "for its part" or "statement"."""
    while True:
        words = who.split()
        if len(words) > 3 and " ".join(words[-3:]).lower() in _FOR_ITS_PART:
            cut = " ".join(words[:-3])
        elif len(words) > 1 and words[-1].strip(",") in _TRAILING_WORDS:  # lower case only
            cut = " ".join(words[:-1])
        elif (len(words) > 1 and words[-1].strip(",").lower() in _WEEKDAY_WORDS
              and actor_kind_guess(who) != "person"):
            cut = " ".join(words[:-1])  # "Iran Sunday dismissed" (not "spokesman Bright Friday")
        else:
            cut = _TRAILING_RE.sub("", who)
        if cut == who:
            return who
        who = cut


def _clean(who: str) -> str:
    """The speaker's name without a leading dateline ("NAIROBI —"), article, trailing time
    or auxiliary, and (when a name follows) leading lower-case words: "the eastern-based
    Libyan National Army"."""
    who = who.strip(" ,.'’\"“”")
    if (dateline := DATELINE_RE.match(who)) and country_of_place(
            dateline.group().split(",")[0].strip(" —–-:").title()):
        who = who[dateline.end():]  # "NAIROBI —", not "RSF —"
    who = _trimmed(re.sub(r"^(?:the|a|an)\s+", "", who, flags=re.I))
    words = who.split()
    named = next((i for i, w in enumerate(words) if w[:1].isupper()), 0)
    if all(w[:1].isupper() or w in _NAME_LINKS for w in words[named:]) and not (
            {w.lower() for w in words[:named]} & _NOT_OWN):
        words = words[named:]  # the name itself, capitalised throughout
    return " ".join(words).strip()


# words that put a name in someone else's phrase: "a relative of X", "sources close to X"
_NOT_OWN = frozenset({"of", "for", "from", "to", "by", "with", "at", "in", "on", "according",
                      "close", "near"})


# small words inside a name: "Ministry of Foreign Affairs", "Abu al-Khair"
_NAME_LINKS = frozenset({"of", "the", "and", "for", "de", "al", "bin", "ibn", "van", "von"})


_CLAUSE_RE = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")


_FRAMES = (("actor.frame_subject", _SUBJECT_RE), ("actor.frame_quote", _QUOTE_SPEAKER_RE),
           ("actor.frame_according_to", _ACCORDING_RE), ("actor.frame_by", _BY_RE))


def _speakers(sentence: str) -> list[tuple[str, str]]:
    """The speakers the sentence's frames name, in order (may be pronouns), each with the
    rule id of the frame that named it."""
    text = without_parentheticals(sentence)
    found: list[tuple[str, str]] = []
    for rule, regex in _FRAMES:
        # ("Estavia, which drew condemnation from Norland last year, ...": no one's reaction)
        # a passive frame reads past a relative clause; a quote's frame, failing as written,
        # without it ('," Nabih Berri, who helped mediate the truce, said')
        m = regex.search(_RELATIVE_CLAUSE_RE.sub(",", text) if regex is _BY_RE else text)
        if m is None and regex is _QUOTE_SPEAKER_RE:
            m = regex.search(_RELATIVE_CLAUSE_RE.sub("", text))
        if m:
            who = next((g for g in m.groupdict().values() if g), "")
            if regex is _SUBJECT_RE and _titled(who, m.group("named") or ""):
                who = f"{who} {m.group('named')}"  # "The military spokesman, Yahya Sarea,"
            found.append((who, rule))
    return [(p, rule) for w, rule in found
            if (c := _clean(_before_a_possessive(w) if rule == "actor.frame_by" else w))
            for p in _split_pair(c)]


# the last word of a title that a person's name may follow ("The Houthi military spokesman,
# Yahya Sarea, said")
_TITLES = frozenset({*OFFICIAL_TITLES, "commander", "head", "leader", "commissioner"})


def _titled(who: str, named: str) -> bool:
    """``who`` ends with a title and ``named`` is a person's name in capitals: one speaker."""
    words = named.split()
    return (bool(who.split()) and who.split()[-1].lower() in _TITLES and 2 <= len(words) <= 4
            and all(w[:1].isupper() for w in words))


def _before_a_possessive(names: str) -> str:
    """A list of names up to one that owns something ("from Norland, Kessa's ally, and"):
    that one begins another phrase."""
    items = names.split(",")
    keep = next((i for i, x in enumerate(items) if "'s" in x or "’s" in x), len(items))
    return ",".join(items[:keep])


def _clauses(sentence: str) -> list[str]:
    """"X warned ..., and Y demanded ...": each clause with a subject of its own."""
    parts = _CLAUSE_RE.split(sentence)
    return [parts[0], *(p for p in parts[1:] if _SUBJECT_RE.match(without_parentheticals(p)))]


def _named(who: str) -> str:
    """The speaker as named, or '' for a pronoun ("he") or an institution of no named country
    ("the government"): resolving them to the previous speaker or a country the text names
    was right in fewer than half of the dev set's cases (rule report), so they go unread;
    only a pronoun right after a sentence with one named speaker is that speaker
    (``actor.pronoun_sentence_before``, in :func:`_statements`)."""
    return "" if _PRONOUN_RE.match(who) or unnamed_institution(who) else who


# a strike is no speaker ("Wednesday's strike marked...", "Turkish drone strike")
STRIKE_WORD_RE = re.compile(r"\b(strikes?|attacks?|drones?|missiles?|raids?|bombing|shelling)\b",
                            re.I)
_FUNCTION_WORD_RE = re.compile(r"(?:the|this|that|these|those|it|its|they|a|an)", re.I)


# words that open a clause, never a speaker's name
_CLAUSE_OPENERS = frozenset({"if", "contrary", "despite", "although", "though", "while",
                             "unlike", "as", "when", "after", "before", "since", "because",
                             "whether", "unless", "once", "given"})


# a capitalised first word that opens a sentence, not a name, when it stands alone or before
# a lower-case word: "Each side", "Further,", "Nothing", "Based on"
_NOT_A_NAME_START = frozenset({"each", "further", "nothing", "based", "locals", "all", "some",
                               "many", "others", "none", "every"})


def _credible(who: str) -> bool:
    """A named official, government, organisation or group: not a witness, a report, a
    strike, or a clause that only looks like a subject."""
    if not who[:1].isupper() or _NOT_A_SPEAKER_RE.search(who):
        return False
    words = who.split()
    if words[0].lower() in _NOT_A_NAME_START and (len(words) == 1 or words[1].islower()):
        return False  # "Each side", "Nothing"; not "All Progressives Congress"
    if words[0].lower() in _CLAUSE_OPENERS:
        return False  # "If the Ukrainian reports are accurate", "Contrary to the rumours"
    if _FUNCTION_WORD_RE.fullmatch(who.strip()) or STRIKE_WORD_RE.search(who):
        return False
    if len(who.split()) > 9 or re.search(r"\b(?:was|were|is|are|been|being|had|that|also|"
                                        r"comes|came|directed)\b", who) or re.match(
                                            r"(?:It|This)\s", who):
        # "It comes as mediators", "The President also directed his": a clause; "Both sides
        # have been widely accused of": a passive's subject
        return False
    return actor_kind_guess(who) != "civilians"


_TITLE_RE = re.compile(r"^(?:PM|Mr|Mrs|Ms|Dr|Gen|President|Minister|Prime|Foreign|Defence|"
                       r"Defense|Spokesman|Spokeswoman|the|of|and)$", re.I)


def _core(name: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w'’-]+", name) if not _TITLE_RE.match(w)}


# who speaks for someone else: "the Guterres spokesman" is not Guterres
_SPOKESMEN = frozenset({"spokesman", "spokeswoman", "spokesperson", "aide", "adviser",
                        "advisor", "deputy", "envoy"})


def _speaks_for(who: str, name: str) -> bool:
    """``name`` is someone who speaks for ``who``: a spokesman's word after ``who``'s own
    ("the Guterres spokesman"; "Aide to the President ... Ivo Dren" is Dren himself)."""
    words = [w.lower() for w in name.split()]
    last = who.split()[-1].lower()
    return last in words and bool(_SPOKESMEN & set(words[words.index(last) + 1:]))


def _fuller(who: str, known: list[str]) -> str:
    """'PM Shehbaz' -> 'Prime Minister Shehbaz Sharif', 'Hajiyev' -> 'Aide to the President
    of Azerbaijan Hikmet Hajiyev': the longest name the article's frames give the same
    person (its words, titles aside, all in the longer one)."""
    core = _core(who)
    # a state body keeps its title words: the Foreign Ministry is no Interior Ministry
    own = {w.lower() for w in who.split()} if actor_kind_guess(who) == "state" else set()
    longer = [k for k in known if len(k) > len(who) and core and core <= _core(k)
              and own <= {w.lower() for w in k.split()}
              and not _speaks_for(who, k)]
    return max(longer, key=len) if longer else who


# words that open a sentence or name a day, never part of a person's name
# (nor an honorific: "Mr Mujahid" is the "Zabiullah Mujahid" named before)
_NOT_NAME = {"on", "in", "at", "when", "after", "before", "as", "the", "a", "an", "but", "and",
             "while", "then", "later", "earlier", "mr", "mrs", "ms", "dr", *WEEKDAYS, *MONTHS}


def _full_name(who: str, sentences: list[Span]) -> str:
    """'Erdogan' -> 'Turkish President Recep Tayyip Erdogan': a surname said alone, as the
    runs of capitalised words before it in the article name a person ("On Tuesday" is no
    part of it); kept as it is when they name two people ("Ana Ruiz", "Karl Ruiz")."""
    title, _, surname = who.partition(" ")
    if title.rstrip(".") in ("Mr", "Mrs", "Ms", "Dr") and surname and " " not in surname:
        full = _full_name(surname, sentences)  # "Mr Mujahid": the man named before
        return full if full != surname else who
    if " " in who or who.isupper() or actor_kind_guess(who) != "unknown":
        return who  # a name of several words, an acronym ("ISPR"), or a known kind
    runs = set()
    for sentence in sentences:
        for m in re.finditer(rf"(?:[A-Z][\w'’-]*\s+){{1,5}}{re.escape(who)}\b",
                             sentence.quote):
            words = m.group(0).split()
            while len(words) > 1 and words[0].lower() in _NOT_NAME:
                words = words[1:]
            if len(words) > 1 and actor_kind_guess(" ".join(words)) == "person":
                runs.add(" ".join(words))
    if not runs:
        return who
    longest = max(runs, key=len)
    # every run a tail of the longest ("Ana Ruiz" of "President Ana Ruiz"): one person
    return longest if all(longest.endswith(r) for r in runs) else who


def statements(sentences: list[Span]) -> list[Statement]:
    """Every statement the article's sentences frame, with its speaker (in the fullest
    form the article gives) and stance."""
    found = _statements(sentences)
    known = [st.speaker for st, _ in found]
    return [Statement(_full_name(_fuller(st.speaker, known), sentences), st.stance, st.sentence,
                      st.cued, st.actor_rule, st.stance_rule)
            for st, reaction in found if reaction]


@lru_cache(maxsize=1024)
def reacting_speakers(sentence: str) -> tuple[str, ...]:
    """The named speakers whose statement in ``sentence`` condemns, threatens or calls for
    restraint: a side that answers a strike, not one that struck in it (a denial may be the
    striker's own, so it is left out). Cached: every strike of a sentence, and of the one
    after it, asks."""
    return tuple(st.speaker for st, _ in _statements([Span(quote=sentence, start=0,
                                                           end=len(sentence))])
                 if st.cued and st.stance in ("condemn", "threaten", "call_for_restraint"))


# "accused Estavia of using a proxy militia to invade": an accusation about something else
# than a strike is no reaction to one
_ACCUSATION_RE = re.compile(r"\baccus\w*\s+(?P<rest>[^.;]*)", re.I)
# what a side is accused of besides striking ("accused the Emirates of supplying the RSF with
# drones", "accused Kurdish groups of fomenting the unrest")
# (not "using": "accused Armenia of using cluster munitions in the attacks"); what such a
# deed may name without telling the strike
_MEANS_OR_HARM = frozenset({*MUNITIONS, "death", "deaths", "dead", "victims", "victim"})
_ELSEWHERE = frozenset({"supplying", "providing", "fomenting", "harbouring", "harboring",
                        "supporting", "backing", "arming", "sheltering", "funding",
                        "financing", "training", "hosting", "smuggling", "helping"})
_ATTACK_RE = re.compile(r"\b(?:strik\w*|struck|attack\w*|bomb\w*|shell\w*|raid\w*|drones?|"
                        r"missiles?|rockets?|kill\w*|target\w*|fir(?:e|ed|ing)|violat\w*|"
                        r"deaths?|dead|victims?|martyr\w*)\b",
                        re.I)


def _off_topic(text: str, stance: Stance) -> bool:
    """A condemnation that is only an accusation of something other than an attack."""
    m = _ACCUSATION_RE.search(text)
    if stance != "condemn" or m is None or stance_of(text[:m.start()] + text[m.end():]) != (
            "other", False):
        return False
    words = [w.strip(",;:“”\"'()").lower() for w in m.group("rest").split()]
    # the accused's deed: the first word after "of" or "for"; supplying drones is another
    # deed than the strike, unless the strike is told ("the drones that struck the port")
    deed = next((words[i + 1] for i, w in enumerate(words[:-1]) if w in ("of", "for")), "")
    told = [a.group().lower() for a in _ATTACK_RE.finditer(m.group("rest"))]
    if deed in _ELSEWHERE:
        return not any(t not in _MEANS_OR_HARM for t in told)
    return not told


# "..., in the attack, which the government in Tripoli blamed on the rebels" (or "attributed
# to"): the relative clause's own speaker, who blames
_WHICH_BLAMED_RE = re.compile(r",\s+which\s+(?:the\s+)?(?!(?:was|were|is|are|has|had|have|been|"
                              r"being|many|some|most|it|they|he|she|others)\b)"
                              r"(?P<who>[^,;“”\"]{2,80}?)\s+"
                              r"(?:has\s+|had\s+|have\s+)?(?:also\s+|\w+ly\s+)?"
                              r"(?:(?:blamed|pinned)\s+on|attributed\s+to)\b")


def _names_a_side(words: str) -> bool:
    """What is blamed is a side ("on the Crimson Brigade", "to Norland", "on the rebels",
    "on eastern warlord Ivo Dren's forces"), not a cause ("to a gas leak", "to a targeting
    error")."""
    first = [w.strip(",.;") for w in words.split()[:5]
             if w.lower() not in ("the", "its", "their", "a", "an")][:3]
    return any(w[:1].isupper() or w[:1].isdigit() or w.lower() in SIDE_WORDS for w in first)


def _blamer(text: str) -> tuple[str, int] | None:
    """The blamer a relative clause names ("which the government in Tripoli blamed on the
    rebels") and where the clause starts; the blamer is '' when it names no side's voice:
    one lower-case word or a witness ("which authorities have blamed on", "which local
    residents blamed on"). None when no such clause blames a side."""
    m = _WHICH_BLAMED_RE.search(text)
    if m is None or not _names_a_side(text[m.end():]):
        return None
    who = m.group("who").strip()
    named = (any(c.isupper() for c in who) or " " in who) and not _NOT_A_SPEAKER_RE.search(who)
    return (who if named else ""), m.start()


def _is_reaction(text: str, stance: Stance, cued: bool) -> bool:
    """A statement responds to a strike when a stance cue says so (uncued comments as
    reactions were measured three times and dropped: docs/accuracy.md); never a standing
    quarrel or an accusation of something else."""
    if _HABITUAL_RE.search(_RELATIVE_CLAUSE_RE.sub(",", text)) or _off_topic(text, stance):
        return False
    return cued


def _can_be(pronoun: str, name: str) -> bool:
    """"he", "she", "the minister" name a person; "it" and "they" a state, a body or a group
    (an acronym of no known kind may be either)."""
    person = actor_kind_guess(name) == "person"
    return person if pronoun.lower() not in ("it", "they") else not person


# a side's officials or sources, named by their side alone ("US military official", "a
# senior Iranian official", "Tajik officials"; not "officials said", nor "No Syrian officials")
_SOURCES = frozenset({"official", "officials", "source", "sources"})
_RANKS = frozenset({"a", "an", "the", "senior", "top", "another"})
_NEGATIONS = frozenset({"no", "neither", "nor", "not"})
# what a text calls an institution or office it named before ("the ministry" after
# "Pakistan's Ministry of Foreign Affairs", "the army" after "Cameroon's army")
_DESCRIBED = frozenset({"ministry", "government", "army", "military", "command", "embassy",
                        "presidency", "police", "forces", "separatists", "rebels"})
# what an institution's name may modify instead of naming it ("a Russian military airfield",
# "Syrian government depots", "army positions")
_MODIFIED = frozenset({"airfield", "airfields", "base", "bases", "depot", "depots", "units",
                       "unit", "intelligence", "positions", "position", "post", "posts",
                       "convoy", "aircraft", "jets", "vehicles", "vehicle", "equipment",
                       "targets", "facility", "facilities", "installations", "sources",
                       "officials", "official", "source", "troops", "spokesman",
                       "spokeswoman", "spokesperson", "offensive", "operation", "operations"})
# who heads or speaks for a body the text names ("the head of the Sumy Regional Military
# Administration"; not a family's spokesman)
_HEADS = frozenset({"leader", "head", "chief", "spokesman", "spokeswoman", "spokesperson",
                    "commander", "director", "secretary", "minister", "governor", "president",
                    "mayor", "envoy", "ambassador", "chairman"})
_PRIVATE = frozenset({"family", "families", "household", "relatives"})
# the capitalised words right before a description, where the text named its side
_SIDE_BEFORE_RE = re.compile(r"(?:(?-i:[A-Z])[\w.’'-]*\s+){1,4}$")


def _side_source(words: list[str]) -> str:
    """Officials or sources with their side ("US military official": a state, its adjective
    or an acronym before them, which would pass as a speaker); '' otherwise."""
    side = " ".join(words[:-1])
    if (len(words) >= 2 and words[-1] in _SOURCES and words[0][:1].isupper()
            and words[0].lower() not in _NEGATIONS and _credible(side)
            and (countries_in(side, demonyms=True)
                 or (words[0].isupper() and len(words[0]) >= 2))):
        return " ".join(words)
    return ""


def _head_of_a_body(words: list[str]) -> str:
    """Who heads or speaks for a body named by its name ("the leader of Jamaat-e-Islami", "a
    spokesman for the Taliban"; not "a spokesman for the Haddad family"); '' otherwise."""
    if len(words) >= 3 and words[0] in _HEADS and words[1] in ("of", "for"):
        name = words[3:4] if words[2] == "the" else words[2:3]
        if name and name[0][:1].isupper() and not _PRIVATE & {w.lower() for w in words}:
            return " ".join(words)
    return ""


def _mentions(what: str, span: Span) -> list[str]:
    """Where the sentence names the institution ``what`` as a whole word with its country
    before it, and not as a modifier ("a Russian military airfield"): each mention from its
    country on ("Pakistan’s Ministry", not "Two Israeli police")."""
    found = []
    low = span.quote.lower()
    at = low.find(what)
    while at > 0:
        end = at + len(what)
        after = low[end:].split()[:1]
        named = _SIDE_BEFORE_RE.search(span.quote[:at])
        if named and not low[end:end + 1].isalnum() and not (
                after and after[0].strip(".,;:”’\"") in _MODIFIED):
            words = named.group().split()
            first = next((i for i, w in enumerate(words)
                          if countries_in(w, demonyms=True)), None)
            if first is not None:
                found.append(" ".join(words[first:]) + " " + span.quote[at:end])
        at = low.find(what, end)
    return found


def _named_before(what: str, sentences: list[Span], here: Span) -> str:
    """The institution ``what`` ("ministry", "the army") as the sentences before ``here``
    named it, when they name it with one country only ("Pakistan’s Ministry", "Cameroon’s
    army"; not after "Iran’s Foreign Ministry" and "Israel’s Foreign Ministry"); ''
    otherwise."""
    found = [m for s in sentences if s.start < here.start for m in _mentions(what, s)]
    sides = {country_code(c, fuzzy=False) for m in found
             for c in countries_in(m, demonyms=True)}
    return found[-1] if len(sides) == 1 else ""


def _described(who: str, sentences: list[Span], here: Span) -> str:
    """A speaker the frame describes instead of naming, as the text names its side: a side's
    officials or sources, the head of a named body, or an institution the text named before
    with its country; '' when the text does not say whose."""
    words = who.split()
    while words and words[0].lower() in _RANKS:
        words = words[1:]
    if _private(who, here.quote):
        return ""
    if found := _side_source(words) or _head_of_a_body(words):
        return found
    what = _institution(words)
    return _named_before(what, sentences, here) if what else ""


def _institution(words: list[str]) -> str:
    """An institution told by its description alone ("the ministry", "the army"), lower
    case; '' otherwise."""
    if words and len(words) <= 3 and words[-1] in _DESCRIBED and not any(
            w[:1].isupper() for w in words):
        return " ".join(words).lower()
    return ""


def _private(who: str, sentence: str) -> bool:
    """The frame stopped at a family's name ("a spokesman for the Haddad family")."""
    at = sentence.find(who)
    after = sentence[at + len(who):].split()[:1] if at >= 0 else []
    return bool(after) and after[0].lower() in _PRIVATE


def _statements(sentences: list[Span]) -> list[tuple[Statement, bool]]:
    """Every framed statement, and whether it is a reaction."""
    out: list[tuple[Statement, bool]] = []
    before: list[str] = []  # the named speakers of the sentence before
    for span in sentences:
        here: list[str] = []
        clauses = _clauses(span.quote)
        for clause in clauses:
            text = span.quote if len(clauses) == 1 else clause
            if (blamer := _blamer(text)) is not None:
                who, clause_start = blamer
                if who:
                    out.append((Statement(who, "condemn", span, True, "actor.which_blamed",
                                          "stance.which_blamed"), True))
                text = text[:clause_start]
            # the stance of the main clause ("X, which Y blames for the attack, denied it")
            stance, stance_rule = stance_with_rule(_RELATIVE_CLAUSE_RE.sub(",", text))
            for who, rule in _speakers(text):
                speaker = _named(who)
                if (not speaker and _PRONOUN_RE.match(who) and len(set(before)) == 1
                        and _can_be(who, before[0])):
                    speaker, rule = before[0], "actor.pronoun_sentence_before"
                if (not speaker or not _credible(speaker)) and (
                        side := _described(who, sentences, span)):
                    speaker, rule = side, "actor.described"
                elif not speaker or not _credible(speaker):
                    continue
                here.append(speaker)
                # "drew condemnation from X": its verb condemns, whatever else is said
                said: Stance = "condemn" if rule == "actor.frame_by" else stance
                cue = "stance.frame_by" if rule == "actor.frame_by" else stance_rule
                out.append((Statement(speaker, said, span, bool(cue), rule,
                                      cue or "stance.no_cue"),
                            _is_reaction(text, said, bool(cue))))
        before = here
    return out
