"""The words that tie a figure to death or injury ("killed", "wounded", "the death toll"),
and the phrases that say there was none ("no casualties").

A trigger after the number reads forward ("26 people were *killed*"), one before it reads
backward ("*killing* 26 people", "the *toll* rose to 44"); the word lists differ by direction.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["killed", "injured", "casualties"]


def _words(text: str) -> list[str]:
    return text.split()


_KILL_FWD = (
    r"killed|dead|died|dies|deaths|lost\s+their\s+lives|lost\s+(?:his|her)\s+li(?:fe|ves)"
    r"|fatalities|slain|martyred|perished|shot\s+dead|massacred|were\s+executed"
)
_KILL_BACK = (
    r"killed|killing|kills|kill|claimed\s+the\s+lives\s+of|took\s+the\s+lives\s+of"
    r"|death\s+toll|toll|deaths|massacred|shot\s+dead|slaying"
)
_INJ_FWD = r"injured|injuries|wounded|hurt|maimed|wounds"
_INJ_BACK = r"injured|injuring|injures|wounded|wounding|wounds|hurt|hurting|maiming"
_BOTH = (
    r"(?:killed|dead)\s+(?:or|and)\s+(?:injured|wounded|hurt)"
    r"|(?:injured|wounded)\s+(?:or|and)\s+killed|casualties|casualty\s+toll"
)
TRIGGER_RE = re.compile(
    rf"\b(?:(?P<both>{_BOTH})|(?P<kill>{_KILL_FWD}|{_KILL_BACK})|(?P<inj>{_INJ_FWD}|{_INJ_BACK}))\b",
    re.IGNORECASE,
)
# which trigger words may read each way: (kill word?, backward?) -> pattern
_DIRECTED_RES = {
    (kill, backward): re.compile(rf"(?:{words})", re.IGNORECASE)
    for kill, backward, words in ((True, False, _KILL_FWD), (True, True, _KILL_BACK),
                                  (False, False, _INJ_FWD), (False, True, _INJ_BACK))
}
TOLL_NOUN_RE = re.compile(r"(?:death\s+|casualty\s+)?toll", re.IGNORECASE)
FWD_DENY = frozenset(
    _words(
        """said says say told after before when while because but although though which where whose
    since until if than could may might would will should must can cannot expected
    launched fired hit struck targeted attacked destroyed damaged dropped carried not no never
    against from by"""
    )
)
BACK_OK = frozenset(
    _words(
        """a an the total of another additional further all both only just reportedly also now
    more"""
    )
)
TOLL_VERB_RE = re.compile(
    r"(?:^|\s)(?:(?:has|have|had|now|officially|reportedly|already|further|also)\s+)*"
    r"(?:rose|risen|rising|climbed|jumped|increased|reached|hit|stands\s+at|stood\s+at|is|was"
    r"|of|at|to|exceeded|surpassed|passed|topped|crossed)(?:\s+to)?\s*$",
    re.IGNORECASE,
)
NUMBER_OF_RE = re.compile(r"\b(?:number|toll|tally|count)\s+of\b[^.;:!?]{0,60}$", re.IGNORECASE)


def trigger_kind(m: re.Match[str]) -> Kind:
    """The kind of figure a trigger word makes."""
    if m.group("both"):
        return "casualties"
    return "killed" if m.group("kill") else "injured"


def can_go(m: re.Match[str], backward: bool) -> bool:
    """Whether a trigger word may govern a number on its side (after it, or before it)."""
    word = m.group()
    if m.group("both"):
        return not backward or word.lower().startswith("casualty toll")
    return bool(_DIRECTED_RES[bool(m.group("kill")), backward].fullmatch(word))


# "no casualties", "no one was hurt": a zero, never when qualified ("no civilian casualties")
_ZERO_PATTERNS: list[tuple[str, tuple[Kind, ...]]] = [
    (r"\bno\s+(?:(?:immediate|reported|known|further|other)\s+)?(?:reports?\s+of\s+)?"
     r"casualties\b(?!\s+(?:among|on|in|from|to|of)\b)"
     # "there were no victims", "no victims were reported" (not "no victims have been
     # identified", "found no victims by nightfall")
     r"|\bthere\s+(?:were|was|have\s+been|had\s+been)\s+no\s+victims\b"
     r"(?!\s+(?:among|on|in|from|to|of)\b)|\bno\s+victims\s+(?:were\s+|had\s+been\s+)?reported\b"
     # "did not result in any casualties"
     r"|\b(?:did\s+not|didn't)\s+(?:cause|result\s+in|lead\s+to)\s+(?:any\s+)?casualties\b"
     r"(?!\s+(?:among|on|in|from|to|of)\b)", ("killed", "injured")),
    (r"\bwithout\s+(?:any\s+|causing\s+(?:any\s+)?)?casualties\b(?!\s+(?:among|on|in|from|to|of)\b)",
     ("killed", "injured")),
    (r"\b(?:no\s+one|no-one|nobody|none)\s+(?:was|were|had\s+been|has\s+been|is|got)\s+"
     r"(?:\w+ly\s+)?(?:hurt|injured|wounded|harmed)\b|"
     # "the crew were reported safe": a ship's whole crew
     r"(?<!of )\b(?:the|its|their|all)\s+(?:\w+\s+)?crew(?:\s+members)?\s+(?:was|were|is|are)\s+"
     r"(?:reported\s+)?(?:safe|unharmed|unhurt)\b",
     ("killed", "injured")),
    (r"\b(?:no\s+one|no-one|nobody|none)\s+(?:was|were|had\s+been|has\s+been|is)\s+"
     r"(?:\w+ly\s+)?(?:killed|hurt\s+or\s+killed|killed\s+or\s+(?:hurt|injured|wounded))\b",
     ("killed",)),
    (r"\b(?:no\s+one|no-one|nobody)\s+died\b|\bno\s+(?:deaths|fatalities|loss\s+of\s+li(?:fe|ves))"
     r"\b|\bwithout\s+(?:any\s+)?loss\s+of\s+li(?:fe|ves)\b", ("killed",)),
    (r"\bno\s+(?:(?:immediate|reported)\s+)?injuries\b", ("injured",)),
]  # fmt: skip
_ZERO_RES = [(re.compile(p, re.IGNORECASE), kinds) for p, kinds in _ZERO_PATTERNS]


def zero_phrases(text: str) -> list[tuple[re.Match[str], tuple[Kind, ...]]]:
    """Every "no casualties" / "no one was hurt" phrase, with the kinds it zeroes."""
    return [(m, kinds) for regex, kinds in _ZERO_RES for m in regex.finditer(text)]
