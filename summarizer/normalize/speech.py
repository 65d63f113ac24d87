"""Speech verbs (kept in :mod:`summarizer.lexicon`) as the rules compose them.

Two rules read them for different purposes, so they are kept as named groups and each rule
composes the groups it needs:
- attribution (:mod:`.attribution`) looks for the speaker of an account: reporting and
  claiming verbs;
- the attacker rules (``pipeline.attackers``) look for a source that is not the attacker
  ("X said", "X condemned"): reporting and accusing verbs, never "claimed" ("the Houthis
  claimed responsibility" names the attacker).
"""

from __future__ import annotations

import re

from summarizer.lexicon import NEWS_AGENCIES, SPEECH

REPORTING = SPEECH.reporting
CLAIMING = SPEECH.claiming
ACCUSING = SPEECH.accusing

__all__ = ["ACCUSING", "CLAIMING", "NEWS_AGENCIES", "REPORTING", "verbs_pattern",
           "without_parentheticals"]

_PARENTHESIS_RE = re.compile(r"\([^()]*\)")


def without_parentheticals(text: str) -> str:
    """``text`` with each "(...)" blanked to spaces (offsets kept): "The Inter-Services
    Public Relations (ISPR, the military's media wing) said" reads as a speaker and verb."""
    return _PARENTHESIS_RE.sub(lambda m: " " * len(m.group()), text)


def verbs_pattern(*groups: tuple[str, ...]) -> str:
    """A non-capturing alternation of the groups' verbs (no word boundaries)."""
    return "(?:" + "|".join(v for group in groups for v in group) + ")"
