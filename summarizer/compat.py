"""Every use of a private or undocumented API of instructor, openai and aiohttp, in one place.

Each one buys CPU in batch work (figures in the docstrings) or a quiet teardown. They are
imported and looked up at import time, never behind an ``ImportError`` fallback: an upgrade
that moves one breaks ``import summarizer`` and ``tests/test_compat.py`` (one test per use),
instead of silently dropping it.

- instructor: ``prepare_response_model`` (its tool-schema subclass of a response model),
  ``handle_response_model`` (the request kwargs of a mode), and the module attribute
  ``reject_async_validators`` (replaced by a once-per-class check).
- openai: ``AsyncOpenAI.post`` (a request without the per-call parameter transforms).
- openai / aiohttp: the aiohttp session behind ``AsyncOpenAI._client._transport``, and
  ``BaseConnector._close`` (closing sockets without awaiting, when the loop may be gone).
"""

from __future__ import annotations

import functools
import weakref
from typing import Any, TypeVar, cast

import aiohttp
import instructor
import openai
from instructor.processing import handle_response_model
from instructor.v2.core import patch as _instructor_patch
from instructor.v2.core.response_model import prepare_response_model
from instructor.v2.validation import async_validators as _async_validators
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)

# looked up now, so that a renamed attribute fails at import, not silently later
_reject_async_validators = _async_validators.reject_async_validators
_connector_close = aiohttp.BaseConnector._close
_post = openai.AsyncOpenAI.post


# --------------------------------------------------------------------------- instructor


@functools.cache
def prepared(response_model: type[T]) -> type[T]:
    """instructor's tool-schema subclass of ``response_model``, built once per class: the
    one way a response model is prepared (direct calls and Batch API requests alike).

    instructor returns an already prepared class unchanged, but builds a new class (and its
    JSON schema) for a plain model on every call: ~1 ms of CPU per request in batch work."""
    return cast("type[T]", prepare_response_model(response_model))


def request_kwargs(response_model: type[BaseModel], mode: instructor.Mode,
                   **kwargs: Any) -> dict[str, Any]:
    """The chat-completion arguments instructor sends for ``response_model`` in ``mode``
    (``kwargs`` plus its tools / tool_choice or response format)."""
    _, new_kwargs = handle_response_model(prepared(response_model), mode=mode, **kwargs)
    return new_kwargs


_checked: weakref.WeakSet[type] = weakref.WeakSet()


def _reject_once(response_model: Any) -> None:
    if isinstance(response_model, type) and response_model in _checked:
        return
    _reject_async_validators(response_model)
    # a model with unresolved forward references may still change: check it again
    if isinstance(response_model, type) and getattr(
        response_model, "__pydantic_complete__", False
    ):
        _checked.add(response_model)


def check_async_validators_once() -> None:
    """Make instructor's async-validator check run once per response model, not per call.

    instructor 1.17 walks the model's whole MRO (pydantic's BaseModel included) about seven
    times per request to refuse models with async validators: ~1.8 ms of CPU per request,
    a fifth of our client-side cost in batch work. The answer cannot change for a class, so
    a class that passed once passes again; a failing check still raises every time, and any
    non-class argument goes to instructor's check unchanged. Idempotent.

    ``instructor.v2.core.patch`` imported the function by name, so it is replaced there too;
    the other modules import it from ``async_validators`` at each call.
    """
    _async_validators.reject_async_validators = _reject_once
    _instructor_patch.reject_async_validators = _reject_once  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- openai


async def post_chat_completion(client: openai.AsyncOpenAI, body: dict[str, Any]) -> Any:
    """POST ``body`` (plain JSON) to ``/chat/completions`` as a :class:`ChatCompletion`,
    minus ``chat.completions.create``'s walk over its parameter types (~1.4 ms of CPU per
    call, half our client-side cost in batch work)."""
    return await _post(client, "/chat/completions", body=body, cast_to=ChatCompletion)


# --------------------------------------------------------------------------- aiohttp


def aiohttp_session(client: openai.AsyncOpenAI) -> aiohttp.ClientSession | None:
    """The aiohttp session of a client made with ``openai.DefaultAioHttpClient`` (None for
    another transport, or before the session exists)."""
    transport = getattr(client._client, "_transport", None)
    session = getattr(transport, "client", None)
    return session if isinstance(session, aiohttp.ClientSession) else None


def close_now(client: openai.AsyncOpenAI) -> None:
    """Close ``client``'s aiohttp sockets without awaiting (its loop may be gone).

    Best effort, for teardown: the loop may be closed or Python exiting."""
    try:
        session = aiohttp_session(client)
        if session is None or session.closed:
            return
        connector = session.connector
        session.detach()  # the session counts as closed; the connector is ours to close
        if connector is not None and not connector.closed:
            _connector_close(connector)  # synchronous part of close(): closes every transport
    except Exception:
        pass
