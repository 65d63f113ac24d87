"""summarizer: typed, grounded briefs of news articles about military strikes.

    from summarizer import summarize
    brief = summarize(open("seeds/000_1e5fa254d0587ba6.txt").read())  # embedded model
    print(brief.events[0].attacker[0].name)
"""

from summarizer.api import Summarizer, asummarize, summarize
from summarizer.batch import Failure, asummarize_many, summarize_many
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
