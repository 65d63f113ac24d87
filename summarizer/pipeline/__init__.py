"""The extraction method: code picks sentences, a small model reads each, code builds the brief.

- ``planning``: which sentences, the calls, the response models;
- ``names``, ``attackers``: what counts as a name, and who struck (one rule a function);
- ``draft``, ``places``, ``targets``, ``merging``, ``tolls``, ``events``: an answer to a
  draft, merging restatements, a draft to an event;
- ``statements``, ``reactions``: the reactions the text's statement frames make;
- ``brief``: ``assemble`` runs them over a plan's answers, then headline and summary.
"""

from summarizer.pipeline.brief import assemble
from summarizer.pipeline.planning import (
    PROMPT_VERSION,
    Call,
    StrikeOut,
    StrikesOut,
    plan,
)

__all__ = ["PROMPT_VERSION", "Call", "StrikeOut", "StrikesOut", "assemble", "plan"]
