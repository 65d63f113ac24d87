"""Speech verbs: the one list of words that introduce what someone says.

Two rules read them for different purposes, so they are kept as named groups and each rule
composes the groups it needs:
- attribution (``cues``) looks for the speaker of an account: reporting and claiming verbs;
- the attacker rules (``pipeline.attackers``) look for a source that is not the attacker
  ("X said", "X condemned"): reporting and accusing verbs, never "claimed" ("the Houthis
  claimed responsibility" names the attacker).
"""

from __future__ import annotations

REPORTING = ("said", "says", "say", "told", "stated", "reported", "reports", "added", "posted",
             "announced", "announces", "wrote", "tweeted", "confirmed", "confirms", "insisted",
             "quoted")
CLAIMING = ("claimed", "alleged", "alleges")
ACCUSING = ("condemned", "condemns", "denounced", "denied", "denies", "accused", "blamed")


def verbs_pattern(*groups: tuple[str, ...]) -> str:
    """A non-capturing alternation of the groups' verbs (no word boundaries)."""
    return "(?:" + "|".join(v for group in groups for v in group) + ")"
