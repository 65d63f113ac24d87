"""Briefs remade from saved model answers (``summarizer eval GOLD --answers DIR``): no model,
no server, seconds for the whole dev set."""

from __future__ import annotations

from pathlib import Path

from summarizer.errors import ReadingUnusable
from summarizer.eval.run import BriefMaker
from summarizer.models import Brief
from summarizer.pipeline.reading import Reading, load_reading
from summarizer.reader import article_from_text


def replay_from(answers: Path, *, explain: bool = False,
                min_confidence: float | None = None) -> BriefMaker:
    """A ``make_brief`` that replays ``answers/STEM.json`` instead of asking a model
    (``explain``: with the decision trace; ``min_confidence``: another event-confidence
    threshold than the packaged one)."""
    if not answers.is_dir():
        raise ReadingUnusable(answers, "not a folder")

    async def make_brief(text: str, stem: str) -> Brief:
        return saved_reading(answers, text, stem).brief(explain=explain,
                                                        min_confidence=min_confidence)

    return make_brief


def saved_reading(answers: Path, text: str, stem: str) -> Reading:
    """The reading saved as ``answers/STEM.json`` for ``text`` (ReadingUnusable when there
    is none, or it was made for another text)."""
    path = answers / f"{stem}.json"
    if not path.is_file():
        raise ReadingUnusable(path, "no such file")
    return load_reading(path, article_from_text(text, stem))
