"""Wording cues for weapon, attribution and target kind, gathered for the pipeline.

Each rule lives in its own module (:mod:`.weapons`, :mod:`.attribution`,
:mod:`.target_kinds`); this module keeps their public names importable from one place.
"""

from __future__ import annotations

from summarizer.normalize.attribution import (
    FALSE_CLAIMS,
    attribution_of,
    attribution_with_reason,
    sentences_of,
)
from summarizer.normalize.target_kinds import target_kind_of, target_kind_with_rule, target_sides
from summarizer.normalize.weapons import weapon_of, weapon_with_rule, weapons_of

__all__ = [
    "FALSE_CLAIMS",
    "attribution_of",
    "attribution_with_reason",
    "sentences_of",
    "target_kind_of",
    "target_kind_with_rule",
    "target_sides",
    "weapon_of",
    "weapon_with_rule",
    "weapons_of",
]
