"""Speech verbs: the one list of words that introduce what someone says.

Two rules read them for different purposes, so they are kept as named groups and each rule
composes the groups it needs:
- attribution (``cues``) looks for the speaker of an account: reporting and claiming verbs;
- the attacker rules (``pipeline.attackers``) look for a source that is not the attacker
  ("X said", "X condemned"): reporting and accusing verbs, never "claimed" ("the Houthis
  claimed responsibility" names the attacker).
"""

from __future__ import annotations

import re

REPORTING = ("said", "says", "say", "told", "stated", "reported", "reports", "added", "posted",
             "announced", "announces", "wrote", "tweeted", "confirmed", "confirms", "insisted",
             "quoted", "acknowledged", "acknowledges", "cited", "noted", "explained")
CLAIMING = ("claimed", "alleged", "alleges")
# news agencies and broadcasters: channels that carry a statement, never a party to it
NEWS_AGENCIES = ("Reuters", "AFP", "AP", "Associated Press", "Xinhua", "Anadolu", "Al Jazeera",
                 "BBC", "CNN", "TASS", "IRNA", "WAFA", "SANA")
ACCUSING = ("condemned", "condemns", "denounced", "denied", "denies", "accused", "blamed")


_PARENTHESIS_RE = re.compile(r"\([^()]*\)")


def without_parentheticals(text: str) -> str:
    """``text`` with each "(...)" blanked to spaces (offsets kept): "The Inter-Services
    Public Relations (ISPR, the military's media wing) said" reads as a speaker and verb."""
    return _PARENTHESIS_RE.sub(lambda m: " " * len(m.group()), text)


def verbs_pattern(*groups: tuple[str, ...]) -> str:
    """A non-capturing alternation of the groups' verbs (no word boundaries)."""
    return "(?:" + "|".join(v for group in groups for v in group) + ")"
