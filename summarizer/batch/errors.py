"""The errors of batch runs, kept importable from here; they live in :mod:`summarizer.errors`."""

from __future__ import annotations

from summarizer.errors import (
    BadInputLine,
    BatchError,
    BatchJobFailed,
    DuplicateId,
    PartialFailure,
    StateError,
)

__all__ = ["BadInputLine", "BatchError", "BatchJobFailed", "DuplicateId", "PartialFailure",
           "StateError"]
