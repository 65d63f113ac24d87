"""The model endpoint: one instructor-wrapped ``AsyncOpenAI`` client shared by all calls.

Layering (inside out):

1. the openai client sends one HTTP request (its own retries are off: ``max_retries=0``)
   over aiohttp (openai's ``DefaultAioHttpClient``): with hundreds of requests in flight,
   httpx2's pool probes every idle socket on each request, a third of our CPU in batch work;
2. :func:`summarizer.retry.call_with_retries` retries that request on 429/5xx/timeouts/
   connection errors, honouring ``Retry-After`` and a shared :class:`BackoffGate`;
3. instructor validates the answer and re-asks up to ``settings.validation_retries`` times,
   each re-ask again going through (2).

Every failure leaves :meth:`Backend.extract` as a :class:`summarizer.errors.BackendError`
(or :class:`summarizer.errors.ArticleTooLong`) naming the endpoint URL, never the key.
"""

from __future__ import annotations

import asyncio
import contextvars
import ipaddress
import logging
import socket
import time
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import httpx2
import instructor
import openai
from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorError,
    InstructorRetryException,
)
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from summarizer import compat
from summarizer.apierrors import (
    context_overflow,
    error_text,
    exception_chain,
    is_auth_error,
    is_broken_connection,
    is_connect_error,
    is_quota_error,
    not_openai,
    status_of,
)
from summarizer.errors import (
    ArticleTooLong,
    AuthFailed,
    BackendFailed,
    ContextExceeded,
    EndpointUnreachable,
    GateClosed,
    MissingApiKey,
    NotOpenAI,
    OutputTruncated,
    QuotaExceeded,
    RateLimited,
    SummarizerError,
    ValidationFailed,
)
from summarizer.models import Usage
from summarizer.retry import BackoffGate, RetryPolicy, call_with_retries
from summarizer.settings import Settings

T = TypeVar("T", bound=BaseModel)

OPENAI_URL = "https://api.openai.com/v1"
LOCAL_API_KEY = "not-needed"
_DETAIL_CHARS = 200

# instructor logs every failed attempt at ERROR; without this, Python's last-resort handler
# would print those lines to stderr of a CLI user. Apps that configure logging still see them.
logging.getLogger("instructor").addHandler(logging.NullHandler())


# --------------------------------------------------------------------------- pure helpers


def display_url(base_url: str | None) -> str:
    """The endpoint as shown in messages: no user:password, no query string."""
    if base_url is None:
        return OPENAI_URL
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def is_loopback(base_url: str | None) -> bool:
    """True for localhost / 127.0.0.0/8 / ::1 endpoints."""
    if base_url is None:
        return False
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_openai(base_url: str | None) -> bool:
    return base_url is None or (urlsplit(base_url).hostname or "").endswith("api.openai.com")


# what ``Settings.structured`` names -> instructor mode
STRUCTURED_MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
}


def structured_for(settings: Settings) -> str:
    """How the answer's structure is enforced: ``settings.structured`` unless ``auto``.

    ``auto``: on a llama.cpp server (the embedded one, or ``--model local``) ``json_schema``
    (``response_format`` of type json_schema, which llama.cpp enforces while sampling, so
    every answer parses; a forced tool call is *not* constrained there and runs on to
    ``max_tokens``); everywhere else ``tools`` (a forced tool call), which OpenAI, vLLM and
    Ollama all implement, where json_schema without OpenAI's ``strict`` flag is only a hint.

    Under the schema the model writes one-line JSON with ``", "``/``": "`` separators, which
    its tokenizer merges with the quotes: a whitespace-free grammar (llguidance
    ``x-guidance``) saved no tokens on the seeds and changed answers (measured; README).
    """
    if settings.structured != "auto":
        return settings.structured
    return "json_schema" if settings.is_llama_cpp else "tools"


def mode_for(settings: Settings, base_url: str | None) -> instructor.Mode:
    """instructor mode for an endpoint (see :func:`structured_for`); the one place to
    change it."""
    del base_url
    return STRUCTURED_MODES[structured_for(settings)]


def token_limit_kwargs(base_url: str | None, max_tokens: int) -> dict[str, Any]:
    """OpenAI wants ``max_completion_tokens`` (newer models reject ``max_tokens``);
    llama.cpp and most compatible servers only know ``max_tokens``."""
    key = "max_completion_tokens" if is_openai(base_url) else "max_tokens"
    return {key: max_tokens}


def resolve_api_key(settings: Settings, base_url: str | None) -> str:
    """The key to send: the configured one, or a placeholder for self-hosted endpoints."""
    if settings.api_key is not None and settings.api_key.get_secret_value():
        return settings.api_key.get_secret_value()
    if is_openai(base_url):
        raise MissingApiKey(display_url(base_url))
    return LOCAL_API_KEY


# --------------------------------------------------------------------------- usage tally

_tally: contextvars.ContextVar[list[Usage] | None] = contextvars.ContextVar(
    "summarizer_usage_tally", default=None
)


def _count(completion: Any) -> None:
    usage = getattr(completion, "usage", None)
    tally = _tally.get()
    if usage is None or tally is None:
        return
    tally.append(
        Usage(
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        )
    )


def _total(parts: list[Usage]) -> Usage:
    return Usage(
        prompt_tokens=sum(u.prompt_tokens for u in parts),
        completion_tokens=sum(u.completion_tokens for u in parts),
    )


# --------------------------------------------------------------------------- backend


# create() arguments that are plain JSON and need none of openai's param transforms
_PLAIN_BODY = frozenset({
    "model", "messages", "tools", "tool_choice", "temperature", "max_tokens",
    "max_completion_tokens", "response_format", "top_p", "seed", "stop", "n",
    "parallel_tool_calls", "stream",
})


class Backend:
    """One instructor-wrapped AsyncOpenAI client built from settings, shared by all calls."""

    def __init__(
        self,
        settings: Settings,
        base_url: str | None,
        *,
        mode: instructor.Mode | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.base_url = base_url
        self.url = display_url(base_url)
        self.mode = mode if mode is not None else mode_for(settings, base_url)
        self.policy = policy if policy is not None else RetryPolicy.from_settings(settings)
        self.gate = BackoffGate()
        self.retries = 0  # transport retries made so far, all calls together
        self.usage = Usage()  # tokens of every completion so far, failed calls included
        self._secret = resolve_api_key(settings, base_url)
        compat.check_async_validators_once()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._client, self._instructor = self._build_client()

    def _build_client(self) -> tuple[openai.AsyncOpenAI, instructor.AsyncInstructor]:
        """A fresh openai client (over aiohttp) and its instructor wrapper."""
        # connect also bounds the pool wait: aiohttp counts DNS under "pool", not "connect"
        connect = min(10.0, self.settings.timeout)
        timeout = httpx2.Timeout(self.settings.timeout, connect=connect, pool=connect)
        client = openai.AsyncOpenAI(
            api_key=self._secret,
            base_url=self.base_url,
            max_retries=0,
            timeout=timeout,
            http_client=openai.DefaultAioHttpClient(timeout=timeout),
        )
        create = instructor.patch(create=self._create, mode=self.mode)
        return client, instructor.AsyncInstructor(client=client, create=create, mode=self.mode)

    def _bind_loop(self) -> None:
        """Use a client made for the running event loop.

        An aiohttp session belongs to the loop it first ran on; a Backend reused from a new
        loop (``summarize_many`` twice with one Summarizer, ``asyncio.run`` per article) gets
        a new client, and the old one's sockets are closed here."""
        loop = asyncio.get_running_loop()
        if self._loop is loop:
            return
        if self._loop is not None:
            compat.close_now(self._client)
            self._client, self._instructor = self._build_client()
        self._loop = loop

    def __repr__(self) -> str:
        return f"Backend(url={self.url!r}, model={self.settings.model!r}, mode={self.mode.value})"

    async def _create(self, *args: Any, **kwargs: Any) -> Any:
        """The raw chat-completion call instructor makes, with transport retries around it."""

        if args or kwargs.get("stream") or not _PLAIN_BODY.issuperset(kwargs):
            async def once() -> Any:
                return await self._client.chat.completions.create(*args, **kwargs)
        else:
            # the same request, minus openai's per-call walk over its param types (~1.4 ms of
            # CPU per call, half our client-side cost in batch work): the body is plain JSON
            body = {k: v for k, v in kwargs.items() if v is not None}

            async def once() -> Any:
                return await compat.post_chat_completion(self._client, body)

        completion = await call_with_retries(
            once, policy=self.policy, gate=self.gate, on_retry=self._on_retry
        )
        if isinstance(completion, str):  # a 200 that is no JSON: a web page, not the API
            html = completion.lstrip()[:1] == "<"
            raise NotOpenAI(self.url, "HTTP 200, " + ("an HTML page" if html else "not JSON"))
        _count(completion)
        return completion

    def _on_retry(self, exc: BaseException) -> None:
        self.retries += 1

    async def extract(
        self,
        response_model: type[T],
        messages: list[dict[str, str]],
        *,
        max_tokens: int,
        temperature: float = 0.0,
        strict: bool = False,
    ) -> tuple[T, Usage]:
        """Ask the model for a ``response_model``; returns it with the tokens of all attempts.

        ``strict=False`` lets pydantic coerce near-misses ("5" -> 5) instead of re-asking.
        Raises a :class:`BackendError` subclass or :class:`ArticleTooLong`.
        """
        self._bind_loop()
        parts: list[Usage] = []
        token = _tally.set(parts)
        started = time.monotonic()
        try:
            result, _completion = await self._instructor.create_with_completion(
                messages=cast(Any, messages),
                response_model=compat.prepared(response_model),
                max_retries=self.settings.validation_retries,
                model=self.settings.model,
                temperature=temperature,
                strict=strict,
                **token_limit_kwargs(self.base_url, max_tokens),
            )
        except NotOpenAI:
            raise
        except (openai.OpenAIError, InstructorError, GateClosed) as exc:
            mapped = self._map(exc, max_tokens, time.monotonic() - started)
            if mapped is None:
                raise
            raise mapped from exc
        finally:
            _tally.reset(token)
            spent = _total(parts)
            self.usage = _total([self.usage, spent])
        return result, spent

    def _map(self, exc: BaseException, max_tokens: int, elapsed: float) -> SummarizerError | None:
        """Turn an instructor/openai failure into one of our errors (None: not ours to map,
        e.g. a programming error surfacing through instructor)."""
        if isinstance(exc, IncompleteOutputException):
            return OutputTruncated(self.url, max_tokens)
        if isinstance(exc, InstructorRetryException):
            cause = _api_cause(exc)
            if cause is not None:
                return self._map_api(cause, elapsed)
            if exc.failed_attempts:
                return ValidationFailed(exc.n_attempts, self._scrub(_validation_detail(exc)))
            return None
        if isinstance(exc, openai.OpenAIError | GateClosed):
            return self._map_api(exc, elapsed)
        return None

    def _map_api(self, exc: BaseException, elapsed: float) -> SummarizerError:
        if isinstance(exc, GateClosed):
            return RateLimited(self.url, elapsed + exc.seconds)
        if isinstance(exc, NotOpenAI):
            return exc
        what = not_openai(exc)
        if what is not None:
            return NotOpenAI(self.url, what)
        overflow = context_overflow(exc)
        if overflow is not None:
            tokens, limit = overflow
            if tokens is not None and limit is not None:
                return ArticleTooLong(tokens, limit)
            return ContextExceeded(tokens, limit)
        if is_auth_error(exc):
            return AuthFailed(self.url, status_of(exc))
        if is_quota_error(exc):
            return QuotaExceeded(self.url)
        status = status_of(exc)
        if status == 429:
            return RateLimited(self.url, elapsed)
        if is_connect_error(exc):
            return EndpointUnreachable(self.url, _connect_detail(exc))
        if isinstance(exc, openai.APITimeoutError) and not is_broken_connection(exc):
            return BackendFailed(self.url, f"no answer within {self.settings.timeout:g}s")
        if isinstance(exc, openai.APIConnectionError):
            return BackendFailed(self.url, "the connection broke off")
        if status is not None:
            return BackendFailed(self.url, self._scrub(f"HTTP {status}: {error_text(exc)}"))
        return BackendFailed(self.url, self._scrub(f"{type(exc).__name__}: {exc}"))

    def _scrub(self, text: str) -> str:
        """Short, single-line, and never containing the key."""
        if self._secret and self._secret != LOCAL_API_KEY:
            text = text.replace(self._secret, "***")
        text = " ".join(text.split())
        return text if len(text) <= _DETAIL_CHARS else text[: _DETAIL_CHARS - 1] + "…"

    async def aclose(self) -> None:
        await self._client.close()

    def __del__(self) -> None:
        # never closed (a Summarizer used without ``async with``): close the sockets quietly
        # instead of aiohttp's "Unclosed client session" lines at exit
        client = getattr(self, "_client", None)
        if client is not None:
            compat.close_now(client)

    async def __aenter__(self) -> Backend:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def _api_cause(exc: BaseException) -> BaseException | None:
    """The openai error (or gate timeout, or a server that is not the API) behind an
    instructor exception, if any."""
    node: BaseException | None = exc.__cause__ or exc.__context__
    seen: set[int] = set()
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        if isinstance(node, openai.OpenAIError | GateClosed | NotOpenAI):
            return node
        node = node.__cause__ or node.__context__
    return None


def _validation_detail(exc: InstructorRetryException) -> str:
    """The last validation error in one short line."""
    failed = getattr(exc, "failed_attempts", None) or []
    last: BaseException | None = failed[-1].exception if failed else exc.__cause__
    if isinstance(last, PydanticValidationError):
        errors = last.errors(include_url=False, include_input=False)
        if not errors:
            return "invalid answer"
        where = ".".join(str(p) for p in errors[0]["loc"]) or "answer"
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        return f"{where}: {errors[0]['msg']}{more}"
    return str(last) if last is not None else str(exc)


def _connect_detail(exc: BaseException) -> str:
    chain = exception_chain(exc)
    if any(isinstance(e, socket.gaierror) for e in chain):
        return "host name not found"
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return "connection refused"
    return "no connection"
