"""Evaluation against annotated articles (``summarizer eval``), the scoring of
``shared/eval/README.md``:

- :mod:`~summarizer.eval.gold`: the gold files as strict pydantic models;
- :mod:`~summarizer.eval.matching`: lenient comparison of names, countries and weapons;
- :mod:`~summarizer.eval.scoring`: slot / event P/R/F1, field accuracy, grounding;
- :mod:`~summarizer.eval.run`: brief (or read) every article, score, write the report;
- :mod:`~summarizer.eval.command`: the ``summarizer eval`` command.
"""

from __future__ import annotations

from summarizer.eval.gold import GoldFile, load_gold_dir, load_gold_file
from summarizer.eval.run import EvalReport, run_eval
from summarizer.eval.scoring import Report, score_all, score_article

__all__ = [
    "EvalReport",
    "GoldFile",
    "Report",
    "load_gold_dir",
    "load_gold_file",
    "run_eval",
    "score_all",
    "score_article",
]
