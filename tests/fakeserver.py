"""A fake OpenAI-compatible server on loopback, for tests and benchmarks.

It speaks real HTTP (aiohttp, in a background thread with its own event loop), so the code
under test runs its real client stack. It answers ``GET /v1/models`` and non-streaming
``POST /v1/chat/completions``; failures are injected per request with :class:`Fault`.

Extension point: subclass :class:`FakeOpenAIServer` and override :meth:`add_routes` to add
endpoints (e.g. ``/v1/files``, ``/v1/batches``); reuse :meth:`completion_for` to build the
chat.completion object a request would get, and :meth:`record` is done for every request
by a middleware.

Standalone (prints its base URL on stdout, then serves until SIGINT/SIGTERM)::

    python tests/fakeserver.py --port 0 --latency 1.0 --fault-rate-429 0.1 \
        --fault-rate-500 0.0 --timeout-rate 0.02 --timeout-delay 30 --seed 1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiohttp import web

CHAT_PATH = "/v1/chat/completions"


@dataclass
class Fault:
    """One injected failure (or, with ``status=None``, a delayed/overridden answer).

    ``status`` set: answer with that HTTP status, ``headers`` and JSON ``body`` (a default
    OpenAI-style error body when ``body`` is None). ``status`` None: answer normally, or with
    ``body`` verbatim as a 200 when given. ``text`` (with ``content_type``) answers that raw
    text instead of JSON, with ``status`` or 200: a server that is not OpenAI's kind (an HTML
    page, a plain 404, a 501). ``delay`` is slept first (on top of the server's latency);
    make it longer than the client timeout to provoke a timeout.
    """

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    delay: float = 0.0
    text: str | None = None
    content_type: str = "text/html"


@dataclass
class RecordedRequest:
    """One request as the server saw it. ``headers`` keys are lower-case."""

    path: str
    method: str
    json: Any
    headers: dict[str, str]
    time: float  # time.monotonic() when received
    index: int | None = None  # chat-completion index (0-based), None for other paths


RECORDED: web.RequestKey[RecordedRequest] = web.RequestKey("recorded", RecordedRequest)
"""Handlers (also a subclass's) find the request's :class:`RecordedRequest` under this key."""

FaultSpec = Sequence[Fault | None] | Callable[[int], Fault | None] | None
AnswerFn = Callable[[dict[str, Any]], dict[str, Any] | str]

_ERROR_TYPES = {
    400: ("invalid_request_error", None),
    401: ("invalid_request_error", "invalid_api_key"),
    403: ("invalid_request_error", "permission_denied"),
    404: ("invalid_request_error", "model_not_found"),
    429: ("requests", "rate_limit_exceeded"),
}


def error_body(status: int, message: str | None = None, code: str | None = None) -> dict[str, Any]:
    """An OpenAI-style error body for ``status``."""
    etype, default_code = _ERROR_TYPES.get(status, ("server_error", None))
    return {
        "error": {
            "message": message or f"fake server error {status}",
            "type": etype,
            "param": None,
            "code": code if code is not None else default_code,
        }
    }


# --------------------------------------------------------------------------- schema


def minimal_instance(schema: dict[str, Any], root: dict[str, Any] | None = None) -> Any:
    """Smallest value valid for a JSON schema: required fields only, first enum value,
    empty lists/strings, 0, None for nullable. Handles ``$ref``/``$defs``, anyOf, allOf."""
    root = schema if root is None else root
    if "$ref" in schema:
        return minimal_instance(_resolve(schema["$ref"], root), root)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema and schema.get("default") is not None:
        return schema["default"]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options: list[dict[str, Any]] = schema[key]
            if any(o.get("type") == "null" for o in options):
                return None
            return minimal_instance(options[0], root)
    if "allOf" in schema:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            part = _resolve(part["$ref"], root) if "$ref" in part else part
            for k, v in part.items():
                if k in ("properties", "$defs"):
                    merged[k] = {**merged.get(k, {}), **v}
                elif k == "required":
                    merged[k] = [*merged.get(k, []), *v]
                else:
                    merged.setdefault(k, v)
        return minimal_instance(merged, root)
    stype = schema.get("type")
    if isinstance(stype, list):
        if "null" in stype:
            return None
        stype = stype[0]
    if stype is None and "properties" in schema:
        stype = "object"
    if stype == "object":
        props: dict[str, Any] = schema.get("properties", {})
        required: list[str] = schema.get("required", [])
        return {name: minimal_instance(props.get(name, {}), root) for name in required}
    if stype == "array":
        n = int(schema.get("minItems", 0))
        return [minimal_instance(schema.get("items", {}), root) for _ in range(n)]
    if stype == "string":
        fmt = schema.get("format")
        if fmt == "date":
            return "2000-01-01"
        if fmt == "date-time":
            return "2000-01-01T00:00:00Z"
        return "x" * int(schema.get("minLength", 0))
    if stype in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        value = max(0, low + (1 if "exclusiveMinimum" in schema else 0))
        return int(value) if stype == "integer" else float(value)
    if stype == "boolean":
        return False
    if stype == "null":
        return None
    return None


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    node: Any = root
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return dict(node)


def _schema_of(request: dict[str, Any]) -> dict[str, Any] | None:
    tools = request.get("tools")
    if tools:
        name = tool_name(request)
        for tool in tools:
            if tool.get("function", {}).get("name") == name:
                return dict(tool["function"].get("parameters", {}))
    fmt = request.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return dict(fmt.get("json_schema", {}).get("schema", {}))
    return None


def tool_name(request: dict[str, Any]) -> str:
    """The function a request forces (``tool_choice``), else its first tool's name."""
    choice = request.get("tool_choice")
    if isinstance(choice, dict) and choice.get("function", {}).get("name"):
        return str(choice["function"]["name"])
    return str(request["tools"][0]["function"]["name"])


def default_answer(request: dict[str, Any]) -> dict[str, Any] | str:
    """Minimal schema-valid arguments for the request's tool or json schema, else "ok"."""
    schema = _schema_of(request)
    if schema is None:
        return "ok"
    value = minimal_instance(schema)
    return value if isinstance(value, dict) else {}


def _message_text(request: dict[str, Any]) -> str:
    parts: list[str] = []
    for message in request.get("messages", []):
        content = message.get("content")
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            parts.extend(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return "".join(parts)


# --------------------------------------------------------------------------- server


class FakeOpenAIServer:
    """A loopback OpenAI-compatible server with injectable faults (see module docstring)."""

    def __init__(
        self,
        *,
        latency: float = 0.0,
        faults: FaultSpec = None,
        answer: AnswerFn | None = None,
        port: int = 0,
        die_after: int | None = None,
        die_once_flag: str | None = None,
    ) -> None:
        self.latency = latency
        # standalone crash simulation: SIGKILL itself on chat request number ``die_after``
        # (only if ``die_once_flag`` does not exist yet, which it then creates)
        self.die_after = die_after
        self.die_once_flag = die_once_flag
        self.faults = faults
        self.answer: AnswerFn = answer or default_answer
        self.port = port
        self.base_url = ""
        self.requests: list[RecordedRequest] = []
        self.completions: list[dict[str, Any]] = []  # chat.completion objects sent (200s)
        self._chat_count = 0
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._stopped: asyncio.Event | None = None

    # ---------------------------------------------------------------- extension point

    def add_routes(self, app: web.Application) -> None:
        """Override to add endpoints; call ``super().add_routes(app)`` to keep the defaults."""
        app.router.add_get("/v1/models", self._models)
        app.router.add_get("/health", self._health)
        app.router.add_post(CHAT_PATH, self._chat)

    def _die(self) -> None:
        if self.die_once_flag is not None:
            if os.path.exists(self.die_once_flag):
                return
            open(self.die_once_flag, "w").close()
        os.kill(os.getpid(), signal.SIGKILL)  # like the OOM killer: no cleanup at all

    def fault_for(self, index: int) -> Fault | None:
        """The fault configured for chat-completion request ``index``, if any."""
        if self.faults is None:
            return None
        if callable(self.faults):
            return self.faults(index)
        return self.faults[index] if index < len(self.faults) else None

    def completion_for(self, request: dict[str, Any]) -> dict[str, Any]:
        """The chat.completion object the server answers ``request`` with."""
        answer = self.answer(request)
        text = answer if isinstance(answer, str) else json.dumps(answer)
        message: dict[str, Any] = {"role": "assistant", "content": None}
        if request.get("tools"):
            message["tool_calls"] = [
                {
                    "id": f"call_{uuid.uuid4().hex[:24]}",
                    "type": "function",
                    "function": {"name": tool_name(request), "arguments": text},
                }
            ]
            finish = "tool_calls"
        else:
            message["content"] = text
            finish = "stop"
        prompt_tokens = len(_message_text(request)) // 4
        completion_tokens = len(text) // 4
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "fake-model"),
            "choices": [
                {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }

    # ---------------------------------------------------------------- handlers

    @web.middleware
    async def _record(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        body: Any = None
        if request.content_type == "application/json" and request.can_read_body:
            try:
                body = await request.json()
            except ValueError:
                body = None
        index: int | None = None
        if request.path == CHAT_PATH and request.method == "POST":
            with self._lock:
                index = self._chat_count
                self._chat_count += 1
        recorded = RecordedRequest(
            path=request.path,
            method=request.method,
            json=body,
            headers={k.lower(): v for k, v in request.headers.items()},
            time=time.monotonic(),
            index=index,
        )
        self.requests.append(recorded)
        request[RECORDED] = recorded
        return await handler(request)

    async def _health(self, request: web.Request) -> web.Response:
        """llama.cpp's readiness probe: 200 once the model is loaded (at once here)."""
        return web.json_response({"status": "ok"})

    async def _models(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "object": "list",
                "data": [{"id": "fake-model", "object": "model", "created": 0, "owned_by": "fake"}],
            }
        )

    async def _chat(self, request: web.Request) -> web.Response:
        recorded: RecordedRequest = request[RECORDED]
        body = recorded.json
        if not isinstance(body, dict):
            return web.json_response(error_body(400, "body must be a JSON object"), status=400)
        if self.die_after is not None and (recorded.index or 0) + 1 >= self.die_after:
            self._die()
        fault = self.fault_for(recorded.index or 0)
        wait = self.latency + (fault.delay if fault else 0.0)
        if wait > 0:
            await asyncio.sleep(wait)
        if fault is not None and fault.text is not None:
            return web.Response(text=fault.text, status=fault.status or 200,
                                content_type=fault.content_type, headers=fault.headers)
        if fault is not None and fault.status is not None:
            payload = fault.body if fault.body is not None else error_body(fault.status)
            return web.json_response(payload, status=fault.status, headers=fault.headers)
        if fault is not None and fault.body is not None:
            return web.json_response(fault.body, headers=fault.headers)
        try:
            completion = self.completion_for(body)
        except Exception as exc:  # a broken answer() must show up as a 500, not a hang
            return web.json_response(error_body(500, f"answer failed: {exc!r}"), status=500)
        self.completions.append(completion)
        return web.json_response(completion)

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> str:
        """Start serving in a background thread; returns ``base_url`` (``.../v1``)."""
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._serve(ready))
            except BaseException as exc:
                failure.append(exc)
                ready.set()
            finally:
                # handlers still sleeping (injected slow answers) end here, quietly
                pending = asyncio.all_tasks(loop)
                for task in pending:
                    task.cancel()
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.close()

        self._thread = threading.Thread(target=run, name="fake-openai-server", daemon=True)
        self._thread.start()
        ready.wait(timeout=10)
        if failure:
            raise RuntimeError(f"fake server failed to start: {failure[0]!r}") from failure[0]
        if not self.base_url:
            raise RuntimeError("fake server did not start within 10 s")
        return self.base_url

    async def _serve(self, ready: threading.Event) -> None:
        app = web.Application(middlewares=[self._record], client_max_size=64 * 1024 * 1024)
        self.add_routes(app)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port, backlog=1024)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._stopped = asyncio.Event()
        ready.set()
        await self._stopped.wait()
        await self._runner.cleanup()

    def stop(self) -> None:
        """Stop serving (pending slow requests are dropped) and join the thread."""
        loop, stopped = self._loop, self._stopped
        if loop is not None and stopped is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stopped.set)
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ---------------------------------------------------------------- helpers for tests

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """The chat-completion requests received so far, in arrival order."""
        return [r for r in self.requests if r.index is not None]


def random_faults(
    *,
    seed: int | None = None,
    rate_429: float = 0.0,
    rate_500: float = 0.0,
    timeout_rate: float = 0.0,
    timeout_delay: float = 30.0,
    retry_after: float | None = 1.0,
) -> Callable[[int], Fault | None]:
    """A seedable fault callable: each request independently draws one of the faults."""
    rng = random.Random(seed)
    lock = threading.Lock()
    headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}

    def pick(index: int) -> Fault | None:
        with lock:
            x = rng.random()
        if x < rate_429:
            return Fault(status=429, headers=dict(headers))
        if x < rate_429 + rate_500:
            return Fault(status=500)
        if x < rate_429 + rate_500 + timeout_rate:
            return Fault(delay=timeout_delay)
        return None

    return pick


def main(argv: Sequence[str] | None = None) -> None:
    """Run standalone: print the base URL, serve until SIGINT/SIGTERM."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--latency", type=float, default=0.0)
    p.add_argument("--fault-rate-429", type=float, default=0.0)
    p.add_argument("--fault-rate-500", type=float, default=0.0)
    p.add_argument("--timeout-rate", type=float, default=0.0)
    p.add_argument("--timeout-delay", type=float, default=30.0)
    p.add_argument("--retry-after", type=float, default=1.0, help="Retry-After of 429s; <0: none")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--die-after", type=int, default=None,
                   help="SIGKILL itself on this chat request (1-based)")
    p.add_argument("--die-once-flag", default=None,
                   help="die only if this file does not exist yet (then create it)")
    args = p.parse_args(argv)
    faults = random_faults(
        seed=args.seed,
        rate_429=args.fault_rate_429,
        rate_500=args.fault_rate_500,
        timeout_rate=args.timeout_rate,
        timeout_delay=args.timeout_delay,
        retry_after=args.retry_after if args.retry_after >= 0 else None,
    )
    server = FakeOpenAIServer(latency=args.latency, faults=faults, port=args.port,
                              die_after=args.die_after, die_once_flag=args.die_once_flag)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    print(server.start(), flush=True)
    try:
        while not done.wait(0.5):
            pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
