"""A reading: the model's answers to one article's plan, saved so a brief can be remade
without the model.

``assemble`` is a pure function of the article and the answers, so a saved reading replays
to the byte-identical brief. ``summarizer eval`` saves one per article (``answers/STEM.json``
beside its briefs); ``summarizer eval GOLD --answers DIR`` replays them offline, which is what
the rule report and the before/after hash check of a rules change run on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.errors import ReadingUnusable
from summarizer.models import Brief, Usage
from summarizer.pipeline.brief import assemble
from summarizer.pipeline.planning import PROMPT_VERSION, Call, plan
from summarizer.reader import Article

FORMAT = 1


@dataclass
class Reading:
    """One article's plan and the model's parsed answers (a failed call has none)."""

    article: Article
    calls: list[Call]
    answers: dict[str, BaseModel]
    usage: Usage
    seconds: float
    model: str
    prompt_version: str = PROMPT_VERSION

    def brief(self, *, explain: bool = False, min_confidence: float | None = None) -> Brief:
        """The brief these answers make (no model call); ``explain`` adds the decision trace;
        ``min_confidence`` overrides the packaged event-confidence threshold."""
        return assemble(self.article, self.answers, self.usage, self.seconds, self.model,
                        self.calls, explain=explain, prompt_version=self.prompt_version,
                        min_confidence=min_confidence)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "model": self.model,
            "prompt_version": self.prompt_version,
            "article_sha256": self.article.sha256,
            "usage": self.usage.model_dump(),
            "seconds": self.seconds,
            "answers": {c.name: self.answers[c.name].model_dump(mode="json")
                        for c in self.calls if c.name in self.answers},
        }

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")


def load_reading(path: Path, article: Article) -> Reading:
    """The reading saved at ``path`` for ``article``; raises :class:`ReadingUnusable` when it
    cannot be read, was made for another text, or an answer no longer fits its call."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ReadingUnusable(path, err.__class__.__name__) from None
    if not isinstance(data, dict) or data.get("article_sha256") != article.sha256:
        raise ReadingUnusable(path, "it was recorded for another text")
    calls = plan(article)
    by_name = {c.name: c for c in calls}
    answers: dict[str, BaseModel] = {}
    for name, raw in data.get("answers", {}).items():
        call = by_name.get(name)
        if call is None:
            continue  # the plan no longer asks this: its answer is not used
        try:
            answers[name] = call.response_model.model_validate(raw)
        except ValidationError as err:
            detail = f"answer {name} no longer fits its call ({err.error_count()} errors)"
            raise ReadingUnusable(path, detail) from None
    return Reading(article, calls, answers, Usage.model_validate(data.get("usage") or {}),
                   float(data.get("seconds") or 0.0), str(data.get("model") or ""),
                   str(data.get("prompt_version") or ""))
