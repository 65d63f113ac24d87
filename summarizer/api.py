"""The Python entry points: ``Summarizer`` (one backend, reused) and ``summarize``/``asummarize``.

A ``Summarizer`` resolves its settings once, starts the embedded llama.cpp server when the
model is local (once, however many articles follow) and builds one instructor client. Each
article is planned into small independent calls (see :mod:`summarizer.pipeline`); they run
concurrently, as many at once as the embedded server has slots (``n_parallel``), or
``REMOTE_CONCURRENCY`` on a remote endpoint. The embedded server is supervised: if it dies,
it is restarted (bounded) and the calls in flight are retried (:mod:`summarizer.local.supervisor`).
"""

from __future__ import annotations

import asyncio
import math
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from pydantic import BaseModel

from summarizer import pipeline
from summarizer.backend import Backend
from summarizer.errors import (
    BackendError,
    LocalModelNotInstalled,
    OutputTruncated,
    ValidationFailed,
)
from summarizer.models import Brief, Usage
from summarizer.pipeline.reading import Reading
from summarizer.progress import Progress, ProgressFn
from summarizer.reader import Article, article_from_text
from summarizer.settings import Settings

REMOTE_CONCURRENCY = 8
# characters per token, a conservative estimate for English news text with these tokenizers
_CHARS_PER_TOKEN = 3.5


def estimate_tokens(text: str) -> int:
    """A cheap upper-side estimate of the tokens of ``text`` (no tokenizer needed)."""
    return math.ceil(len(text) / _CHARS_PER_TOKEN)


def _kind(call: pipeline.Call) -> str:
    """'strike' or 'reaction': calls of one kind share their instructions (the prefix)."""
    return call.name.split("-", 1)[0]


def _settings(settings: Settings | None, flags: dict[str, Any]) -> Settings:
    if settings is None:
        return Settings.resolve(**flags)
    unknown = set(flags) - set(Settings.model_fields)
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    update = {k: v for k, v in flags.items() if v is not None}
    if not update:
        return settings
    # validated, not model_copy(update=...): a plain-str api_key must become a SecretStr
    return Settings.model_validate({**dict(settings), **update})


class Summarizer:
    """Makes briefs with one backend; use it as ``async with Summarizer(model=...) as s``.

    ``flags`` are the same names as :class:`Settings` (``model``, ``base_url``, ``api_key``,
    ``gguf``, ...); a flag left ``None`` falls back to its environment variable, then the
    default. Entering starts the embedded server if needed; leaving stops it. ``progress``
    is called with a :class:`~summarizer.progress.Progress` as the work goes on.
    """

    def __init__(
        self, settings: Settings | None = None, *, progress: ProgressFn | None = None,
        **flags: Any,
    ) -> None:
        self.settings = _settings(settings, flags)
        self.progress = progress
        self.prompt_version = pipeline.PROMPT_VERSION
        self._server: Any = None
        self._supervisor: Any = None
        self._backend: Backend | None = None
        self._start_lock = asyncio.Lock()
        self._last_kind = "strike"  # the instructions the embedded server last evaluated

    @property
    def model_label(self) -> str:
        """What ``meta.model`` says: the endpoint's model name, or the embedded file's."""
        s = self.settings
        if s.base_url is None and s.gguf is not None:
            return f"local:{Path(s.gguf).name}"
        if s.is_local:
            from summarizer.local.weights import DEFAULT_MODEL, spec_for

            return f"local:{spec_for(DEFAULT_MODEL).filename.removesuffix('.gguf')}"
        return s.model

    @property
    def backend(self) -> Backend | None:
        """The backend once started (None before)."""
        return self._backend

    async def start(self) -> Summarizer:
        """Start the embedded server (local model only) and build the client; idempotent."""
        async with self._start_lock:
            if self._backend is not None:
                return self
            base_url = self.settings.base_url
            if self.settings.is_local:
                self._report(Progress("starting"))
                base_url = await self._start_server()
            self._backend = Backend(self.settings, base_url)
        return self

    async def _start_server(self) -> str:
        from summarizer.local.server import LocalServer, require_engine
        from summarizer.local.supervisor import Supervisor
        from summarizer.local.weights import ensure_model

        require_engine()
        if self.settings.gguf is not None:
            gguf = Path(self.settings.gguf).expanduser()
            if not gguf.is_file():
                raise LocalModelNotInstalled(f"the GGUF file {gguf} (it does not exist)")
        else:
            gguf = await asyncio.to_thread(ensure_model)
        self._server = LocalServer(
            gguf, n_ctx=self.settings.n_ctx, n_parallel=self.settings.n_parallel,
            n_threads=self.settings.threads,
        )
        self._supervisor = Supervisor(self._server)
        url: str = await self._server.astart()
        return url

    def _report(self, event: Progress) -> None:
        if self.progress is not None:
            self.progress(event)

    async def _revive(self, generation: int) -> bool:
        """A call failed at the transport level: True if the embedded server died and runs
        again (retry the call); False if it did not die. Raises ``EngineFailed``."""
        if self._supervisor is None or not await self._supervisor.revive(generation):
            return False
        url = self._server.base_url
        backend = self._backend
        if backend is not None and backend.base_url != url:  # restarted on another port
            self._backend = Backend(self.settings, url)
            await backend.aclose()
        return True

    async def aclose(self) -> None:
        """Close the client and stop the embedded server, if any."""
        backend, self._backend = self._backend, None
        server, self._server = self._server, None
        self._supervisor = None
        try:
            if backend is not None:
                await backend.aclose()
        finally:
            if server is not None:
                await server.astop()

    async def __aenter__(self) -> Summarizer:
        try:
            return await self.start()
        except BaseException:
            await self.aclose()
            raise

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def asummarize(self, text: str, *, source: str = "<text>",
                         explain: bool = False) -> Brief:
        """The brief of one article text (``explain``: with the decision trace)."""
        article = article_from_text(text, source)
        return await self.abrief(article, explain=explain)

    async def abrief(self, article: Article, *, explain: bool = False) -> Brief:
        """The brief of an already-read :class:`Article` (``explain``: with the trace of
        which named rule decided each value, in ``meta.trace``), its events cut at the
        settings' ``min_confidence``."""
        return (await self.aread(article)).brief(
            explain=explain, min_confidence=self.settings.min_confidence)

    async def aread(self, article: Article) -> Reading:
        """The model's answers to ``article``'s plan (``.brief()`` makes the brief; ``.save``
        keeps them, so the brief can be remade without the model)."""
        await self.start()
        started = time.monotonic()
        calls = pipeline.plan(article)
        answers: dict[str, BaseModel] = {}
        usage: list[Usage] = []
        failures: list[Exception] = []
        done = 0

        def report() -> None:
            self._report(Progress("calls", article.source, done, len(calls),
                                  time.monotonic() - started))

        async def run(call: pipeline.Call) -> None:
            nonlocal done
            try:
                await ask(call)
            finally:
                done += 1
                report()

        async def ask(call: pipeline.Call) -> None:
            while True:
                generation = self._supervisor.generation if self._supervisor else 0
                backend = self._backend
                assert backend is not None
                try:
                    answer, spent = await backend.extract(
                        call.response_model, call.messages, max_tokens=call.max_tokens
                    )
                except (ValidationFailed, OutputTruncated) as exc:
                    # one unreadable sentence must not sink the brief; it is simply not used
                    failures.append(exc)
                    return
                except BackendError:
                    if await self._revive(generation):
                        continue  # the embedded server was restarted: ask again
                    raise
                answers[call.name] = answer
                usage.append(spent)
                return

        if self.settings.is_llama_cpp:
            # as many at once as the server has slots; calls sharing instructions together,
            # starting with the kind the previous article ended on (prefix reuse per slot)
            order = sorted(calls, key=lambda c: _kind(c) != self._last_kind)
            width = self.settings.n_parallel
            if order:
                self._last_kind = _kind(order[-1])
        else:
            order, width = calls, REMOTE_CONCURRENCY
        report()
        if width <= 1:
            for call in order:
                await run(call)
        else:
            gate = asyncio.Semaphore(width)

            async def bounded(call: pipeline.Call) -> None:
                async with gate:
                    await run(call)

            await asyncio.gather(*(bounded(c) for c in order))
        if calls and not answers and failures:
            raise failures[0]
        total = Usage(
            prompt_tokens=sum(u.prompt_tokens for u in usage),
            completion_tokens=sum(u.completion_tokens for u in usage),
        )
        return Reading(article, calls, answers, total, time.monotonic() - started,
                       self.model_label)


async def asummarize(
    text: str,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    source: str = "<text>",
    **settings: Any,
) -> Brief:
    """The brief of ``text``; starts and stops its own backend. For many articles keep one
    :class:`Summarizer` open, or use :func:`summarizer.asummarize_many`."""
    engine = Summarizer(model=model, base_url=base_url, api_key=api_key, **settings)
    article = article_from_text(text, source)
    async with engine as s:
        return await s.abrief(article)


def summarize(
    text: str,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    source: str = "<text>",
    **settings: Any,
) -> Brief:
    """Synchronous :func:`asummarize`: ``summarize(text, model="gpt-4o-mini") -> Brief``."""
    return asyncio.run(
        asummarize(text, model=model, base_url=base_url, api_key=api_key, source=source,
                   **settings)
    )


__all__ = ["Summarizer", "asummarize", "estimate_tokens", "summarize"]
