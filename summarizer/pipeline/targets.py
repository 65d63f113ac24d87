"""What was struck: the model's target after the target rules."""

from __future__ import annotations

from rapidfuzz import fuzz

from summarizer import trace
from summarizer.models import Span
from summarizer.pipeline.names import in_text, is_empty
from summarizer.pipeline.names import without_weapon_words as _bare

# words too common to tell two targets apart ("12 people", "Syrian forces")
GENERIC = {"people", "forces", "troops", "civilians", "members", "targets", "sites", "area",
           "areas", "positions", "three", "several", "other", "with", "from", "that"}


def target_of(subject: object, answer: str, text: str, at: Span) -> str:
    """The model's target, unless it is empty, absent from the text or only the strike."""
    target = answer.strip()
    if is_empty(target):
        return ""
    if not in_text(target, text):
        trace.note(subject, "target", "target.not_in_text", target, "drop", at)
        return ""
    if not _bare(target).replace("air", "").strip():
        # "deadly overnight air strike" is the strike, not its target
        trace.note(subject, "target", "target.only_the_strike", target, "drop", at, target)
        return ""
    trace.note(subject, "target", "target.model", target, "keep", at, target)
    return target


def distinct(names: list[str]) -> list[str]:
    """Drop a name that a longer one restates ('commander X' within 'X, a commander X')."""
    kept: list[str] = []
    for name in sorted((n for n in names if n), key=len, reverse=True):
        if not any(fuzz.partial_ratio(name.lower(), k.lower()) >= 90 for k in kept):
            kept.append(name)
    return [n for n in names if n in kept]
