"""Errors of batch runs (all :class:`summarizer.errors.SummarizerError` subclasses)."""

from __future__ import annotations

from pathlib import Path

from summarizer.errors import BackendError, InputError, SummarizerError


class BatchError(SummarizerError):
    """A batch run cannot start or continue."""

    exit_code = 6


class BadInputLine(InputError):
    """One line of a JSONL input is not a ``{"id": ..., "text": ...}`` object."""

    def __init__(self, path: str, lineno: int, detail: str) -> None:
        self.path = path
        self.lineno = lineno
        super().__init__(f"{path}:{lineno}: not a {{id, text}} record ({detail})")


class DuplicateId(InputError):
    """Two inputs of one batch carry the same id."""

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        super().__init__(f"duplicate article id {article_id!r}: only its first input is used")


class StateError(BatchError):
    """The Batch API state file is missing, unreadable, or belongs to another run."""

    def __init__(self, path: Path | str, detail: str) -> None:
        self.path = Path(path)
        super().__init__(f"batch state {path}: {detail}")


class BatchJobFailed(BackendError):
    """The Batch API gave no usable result for one request of an article."""

    def __init__(self, custom_id: str, detail: str) -> None:
        self.custom_id = custom_id
        super().__init__(f"batch request {custom_id} failed: {detail}")


class PartialFailure(BatchError):
    """The batch finished, but some articles failed (they are in the errors file)."""

    exit_code = 1

    def __init__(self, done: int, failed: int, errors_path: Path | str) -> None:
        self.done = done
        self.failed = failed
        super().__init__(f"{failed} of {done + failed} articles failed; see {errors_path}")
