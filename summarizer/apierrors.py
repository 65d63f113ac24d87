"""What an exception from the openai client means: retryable, quota, context overflow, wait hint.

Pure functions over ``openai`` exceptions, shared by the retry policy (``retry.py``) and the
error mapping of the backend (``backend.py``), so both read a failure the same way.
"""

from __future__ import annotations

import re
import time
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp
import httpx2
import openai

_QUOTA = "insufficient_quota"
_CONTEXT_CODES = {"context_length_exceeded", "exceed_context_size_error", "string_above_max_length"}
# (regex, which group is the token count, which group is the limit)
_CONTEXT_PATTERNS: list[tuple[re.Pattern[str], int | None, int | None]] = [
    # llama-cpp-python raw ValueError (may arrive as an HTTP 500)
    (re.compile(r"Requested tokens \((\d+)\) exceed context window of (\d+)"), 1, 2),
    # OpenAI, vLLM, llama-cpp-python server: "maximum context length is M tokens. However,
    # you requested N tokens (...)" / "... your messages resulted in N tokens"
    (
        re.compile(
            r"maximum context length is (\d+) tokens.*?(?:requested|resulted in) (\d+) tokens",
            re.IGNORECASE | re.DOTALL,
        ),
        2,
        1,
    ),
    (re.compile(r"maximum context length is (\d+) tokens", re.IGNORECASE), None, 1),
    # llama.cpp server (C++): "the request exceeds the available context size"
    (re.compile(r"exceeds the available context size", re.IGNORECASE), None, None),
    (re.compile(r"context (?:length|window|size) (?:is )?exceeded", re.IGNORECASE), None, None),
]


def status_of(exc: BaseException) -> int | None:
    """The HTTP status of an API error, None when no response came back."""
    return exc.status_code if isinstance(exc, openai.APIStatusError) else None


def _body(exc: BaseException) -> dict[str, Any]:
    body = getattr(exc, "body", None)
    return body if isinstance(body, dict) else {}


def error_text(exc: BaseException) -> str:
    """The server's error message (``error.message``), else ``str(exc)``."""
    message = _body(exc).get("message")
    return message if isinstance(message, str) and message else str(exc)


def not_openai(exc: BaseException) -> str | None:
    """What shows an error did not come from an OpenAI-compatible API (``"HTTP 501"``,
    ``"HTTP 404, an HTML page"``), None when it may have.

    501 (a POST the server does not implement), or 404/405 without an OpenAI error object
    (``/v1`` missing from the base URL), or an HTML page for any 4xx: no retry can fix
    these. An HTML 502/503/504 stays retryable: proxies answer those while a server is
    restarting."""
    if not isinstance(exc, openai.APIStatusError):
        return None
    status = exc.status_code
    html = "html" in exc.response.headers.get("content-type", "").lower()
    openai_error = isinstance(getattr(exc, "body", None), dict)
    if status == 501 or (status in (404, 405) and not openai_error) or (html and status < 500):
        return f"HTTP {status}" + (", an HTML page" if html else "")
    return None


def is_quota_error(exc: BaseException) -> bool:
    """A 429 that means "out of credit", which no amount of waiting fixes."""
    if not isinstance(exc, openai.APIStatusError):
        return False
    return _QUOTA in (exc.code, exc.type) or _body(exc).get("code") == _QUOTA


def is_auth_error(exc: BaseException) -> bool:
    return status_of(exc) in (401, 403)


def context_overflow(exc: BaseException) -> tuple[int | None, int | None] | None:
    """``(tokens, limit)`` when the error says the prompt exceeds the context, else None.

    Either number is None when the message does not state it.
    """
    if not isinstance(exc, openai.APIStatusError):
        return None
    body = _body(exc)
    text = error_text(exc)
    tokens: int | None = _int(body.get("n_prompt_tokens"))
    limit: int | None = _int(body.get("n_ctx"))
    matched = exc.code in _CONTEXT_CODES or body.get("type") in _CONTEXT_CODES
    for pattern, tokens_group, limit_group in _CONTEXT_PATTERNS:
        found = pattern.search(text)
        if found is None:
            continue
        matched = True
        if tokens is None and tokens_group is not None:
            tokens = int(found.group(tokens_group))
        if limit is None and limit_group is not None:
            limit = int(found.group(limit_group))
        break
    return (tokens, limit) if matched else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def is_connect_error(exc: BaseException) -> bool:
    """Nothing answered at all: connection refused, DNS failure (not a timeout).

    Over aiohttp, openai's transport reports a refused connection as a connect *timeout*;
    aiohttp's own ``ClientConnectorError`` further down the chain says what happened."""
    if not isinstance(exc, openai.APIConnectionError):
        return False
    chain = exception_chain(exc)
    if any(isinstance(e, aiohttp.ClientConnectorError) for e in chain):
        return True
    if isinstance(exc, openai.APITimeoutError):
        return False
    return any(isinstance(e, httpx2.ConnectError) for e in chain)


def is_broken_connection(exc: BaseException) -> bool:
    """The server closed or reset the connection before the answer was complete.

    aiohttp's disconnects also arrive dressed as connect timeouts (see above)."""
    if not isinstance(exc, openai.APIConnectionError) or is_connect_error(exc):
        return False
    return any(
        isinstance(e, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError
                   | aiohttp.ClientPayloadError)
        for e in exception_chain(exc)
    )


def exception_chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and its causes/contexts, outermost first (each once)."""
    seen: list[BaseException] = []
    node: BaseException | None = exc
    while node is not None and node not in seen:
        seen.append(node)
        node = node.__cause__ or node.__context__
    return seen


def is_retryable(exc: BaseException) -> bool:
    """429 (not quota), 5xx (not context overflow, not 501), timeouts and connection errors."""
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    status = status_of(exc)
    if status is None or not_openai(exc) is not None:
        return False
    if status == 429:
        return not is_quota_error(exc)
    if status >= 500:
        return context_overflow(exc) is None
    return status == 408


def retry_after(exc: BaseException, now: float | None = None) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms``, ``Retry-After`` seconds or
    HTTP date), None when it did not say."""
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)
