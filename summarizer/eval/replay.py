"""Briefs remade from saved model answers (``summarizer eval GOLD --answers DIR``): no model,
no server, seconds for the whole dev set."""

from __future__ import annotations

from pathlib import Path

from summarizer.errors import ReadingUnusable
from summarizer.eval.run import BriefMaker
from summarizer.models import Brief
from summarizer.pipeline.reading import load_reading
from summarizer.reader import article_from_text


def replay_from(answers: Path, *, explain: bool = False,
                min_confidence: float | None = None) -> BriefMaker:
    """A ``make_brief`` that replays ``answers/STEM.json`` instead of asking a model
    (``explain``: with the decision trace; ``min_confidence``: another event-confidence
    threshold than the packaged one)."""
    if not answers.is_dir():
        raise ReadingUnusable(answers, "not a folder")

    async def make_brief(text: str, stem: str) -> Brief:
        path = answers / f"{stem}.json"
        if not path.is_file():
            raise ReadingUnusable(path, "no such file")
        return load_reading(path, article_from_text(text, stem)).brief(
            explain=explain, min_confidence=min_confidence)

    return make_brief
