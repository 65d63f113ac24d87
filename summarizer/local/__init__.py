"""The embedded offline model: its weights (``weights``), its server (``server``), its CLI.

Importing this package is cheap: nothing imports xllamacpp; the server runs it in a child.
"""

from summarizer.local.server import LocalServer, choose_n_ctx, require_engine
from summarizer.local.weights import (
    KNOWN_MODELS,
    VerifyResult,
    ensure_model,
    find_parts,
    info,
    verify,
)

__all__ = [
    "KNOWN_MODELS",
    "LocalServer",
    "VerifyResult",
    "choose_n_ctx",
    "ensure_model",
    "find_parts",
    "info",
    "require_engine",
    "verify",
]
