"""summarizer: typed, grounded briefs of news articles about military strikes.

    from summarizer import summarize
    brief = summarize(open("seeds/000_1e5fa254d0587ba6.txt").read())  # embedded model
    print(brief.events[0].attacker[0].name)
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from summarizer.errors import (
    ArticleNotFound,
    ArticleTooLong,
    AuthFailed,
    BackendError,
    BinaryArticle,
    EmptyArticle,
    EndpointUnreachable,
    InputError,
    LocalModelError,
    LocalModelNotInstalled,
    QuotaExceeded,
    RateLimited,
    SummarizerError,
    ValidationFailed,
)
from summarizer.models import Actor, Brief, Count, Event, Location, Meta, Reaction, Span, Usage

if TYPE_CHECKING:
    from summarizer.api import Summarizer, asummarize, summarize
    from summarizer.batch import Failure, asummarize_many, summarize_many
    from summarizer.outputs import (
        ACLED_COLUMNS,
        acled_rows,
        event_id,
        plover_records,
        render_page,
        to_acled_csv,
        to_geojson,
        to_plover_jsonl,
    )
    from summarizer.pipeline import PROMPT_VERSION
    from summarizer.settings import Settings

# imported on first use: the model client (openai) takes a second or two to import, which
# every command would otherwise pay before it can refuse a bad flag
_LAZY = {
    "Summarizer": "summarizer.api", "asummarize": "summarizer.api", "summarize": "summarizer.api",
    "Failure": "summarizer.batch", "asummarize_many": "summarizer.batch",
    "summarize_many": "summarizer.batch",
    **dict.fromkeys(("ACLED_COLUMNS", "acled_rows", "event_id", "plover_records", "render_page",
                     "to_acled_csv", "to_geojson", "to_plover_jsonl"), "summarizer.outputs"),
    "PROMPT_VERSION": "summarizer.pipeline", "Settings": "summarizer.settings",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "ACLED_COLUMNS",
    "PROMPT_VERSION",
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
    "acled_rows",
    "asummarize",
    "asummarize_many",
    "event_id",
    "plover_records",
    "render_page",
    "summarize",
    "summarize_many",
    "to_acled_csv",
    "to_geojson",
    "to_plover_jsonl",
]
