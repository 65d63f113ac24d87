"""The public surface of ``import summarizer``, pinned: a name added, renamed or dropped is a
deliberate change of this list (and of the CHANGELOG), never an accident of a refactoring."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import summarizer

ROOT = Path(__file__).resolve().parent.parent

PUBLIC = [
    "PROMPT_VERSION",
    "ACLED_COLUMNS",
    "acled_rows",
    "event_id",
    "plover_records",
    "render_page",
    "to_acled_csv",
    "to_geojson",
    "to_plover_jsonl",
    "Actor",
    "ArticleNotFound",
    "ArticleTooLong",
    "AuthFailed",
    "BackendError",
    "BinaryArticle",
    "Brief",
    "Count",
    "EmptyArticle",
    "EndpointUnreachable",
    "Event",
    "Failure",
    "InputError",
    "LocalModelError",
    "LocalModelNotInstalled",
    "Location",
    "Meta",
    "QuotaExceeded",
    "RateLimited",
    "Reaction",
    "Settings",
    "Span",
    "Summarizer",
    "SummarizerError",
    "Usage",
    "ValidationFailed",
    "__version__",
    "asummarize",
    "asummarize_many",
    "summarize",
    "summarize_many",
]


def test_all_is_pinned() -> None:
    assert sorted(summarizer.__all__) == sorted(PUBLIC)
    assert len(set(summarizer.__all__)) == len(summarizer.__all__)


def test_every_public_name_exists() -> None:
    for name in summarizer.__all__:
        assert getattr(summarizer, name) is not None, name


def test_star_import_gives_exactly_the_public_names() -> None:
    code = "from summarizer import *; print(sorted(k for k in dir() if not k.startswith('__')" \
           " or k == '__version__'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip() == str(sorted(PUBLIC))
