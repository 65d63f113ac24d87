"""Batches through the OpenAI Batch API (or a self-hosted server offering ``/v1/files`` and
``/v1/batches``): write request files, upload, create, poll, download, join, assemble.

Each article needs the calls of ``pipeline.plan(article)``; each call is one request line
with ``custom_id = "<article id>::<call name>"`` and the body instructor would send in
``Mode.TOOLS`` (built by instructor, :func:`summarizer.compat.request_kwargs`). All calls of one
article go into the same file; a file holds at most 50,000 lines and 200 MB.

Results go through the same code as a direct call: instructor parses the tool-call
arguments with the call's response model, then ``pipeline.assemble`` validates and
post-processes. Progress is kept in a small JSON state file (written atomically after
every step), so ``--resume STATE`` continues after a restart at whatever step it stopped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, cast

import httpx2
import instructor
import openai
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from summarizer import compat, pipeline
from summarizer.backend import display_url, resolve_api_key, token_limit_kwargs
from summarizer.batch.cache import BriefCache, cache_version
from summarizer.batch.inputs import Item, text_loader
from summarizer.batch.runner import Failure, failure_of
from summarizer.errors import BackendFailed, BatchJobFailed, StateError, ValidationFailed
from summarizer.models import Brief, Usage
from summarizer.published import with_published
from summarizer.reader import Article, article_from_text
from summarizer.settings import Settings

ENDPOINT: Literal["/v1/chat/completions"] = "/v1/chat/completions"
COMPLETION_WINDOW: Literal["24h"] = "24h"
MAX_LINES = 50_000
MAX_BYTES = 200 * 1024 * 1024
SEP = "::"
STATE_VERSION = 2  # 2 adds min_confidence
READS_VERSIONS = frozenset({1, 2})
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})


class CallLike(Protocol):
    """What batch mode needs of :class:`summarizer.pipeline.Call`."""

    @property
    def name(self) -> str: ...
    @property
    def response_model(self) -> type[BaseModel]: ...
    @property
    def messages(self) -> list[dict[str, str]]: ...
    @property
    def max_tokens(self) -> int: ...


class Pipeline(Protocol):
    """What batch mode needs of :mod:`summarizer.pipeline` (plan, assemble, version)."""

    PROMPT_VERSION: str

    def plan(self, article: Article) -> list[Any]: ...

    def assemble(
        self, article: Article, answers: dict[str, BaseModel], usage: Usage,
        seconds: float, model: str, *, min_confidence: float | None = None,
    ) -> Brief: ...


def default_pipeline() -> Pipeline:
    """The running code's pipeline (tests pass a toy one instead)."""
    return cast(Pipeline, pipeline)


def custom_id(article_id: str, call_name: str) -> str:
    return f"{article_id}{SEP}{call_name}"


def request_body(call: CallLike, model: str, base_url: str | None) -> dict[str, Any]:
    """The chat-completion body instructor sends for ``call`` in ``Mode.TOOLS``."""
    kwargs = compat.request_kwargs(
        call.response_model, instructor.Mode.TOOLS, messages=list(call.messages),
        **token_limit_kwargs(base_url, call.max_tokens),
    )
    return {"model": model, "temperature": 0.0, **kwargs}


def parse_answer(call: CallLike, body: dict[str, Any]) -> BaseModel:
    """The call's response model from a chat.completion body, parsed by instructor exactly
    as a direct call would be (raises on a missing or invalid tool call)."""
    completion = ChatCompletion.model_validate(body)
    schema_model: Any = compat.prepared(call.response_model)
    parsed = schema_model.from_response(completion, mode=instructor.Mode.TOOLS, strict=False)
    return cast(BaseModel, parsed)


# --------------------------------------------------------------------------- state


@dataclass
class Part:
    """One request file and the batch made of it."""

    index: int
    requests: str  # file names inside the work directory
    articles: str
    lines: int = 0
    n_articles: int = 0
    input_file_id: str | None = None
    batch_id: str | None = None
    status: str | None = None
    completed: int = 0
    failed: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    downloaded: bool = False
    joined: bool = False


@dataclass
class State:
    """Everything needed to pick a Batch API run up again after a restart."""

    path: Path
    out: str
    errors: str
    model: str
    base_url: str | None
    prompt_version: str
    min_confidence: float | None = None  # the event-confidence threshold (None: packaged)
    prepared: bool = False
    retry_direct: bool = False
    retried: bool = False
    parts: list[Part] = field(default_factory=list)

    @property
    def workdir(self) -> Path:
        return self.path.with_name(self.path.name + ".d")

    @property
    def cache_version(self) -> str:
        """The brief cache's version of this run's briefs (prompts and threshold)."""
        return cache_version(self.prompt_version, self.min_confidence)

    def save(self) -> None:
        data = {k: v for k, v in asdict(self).items() if k != "path"}
        data["version"] = STATE_VERSION
        tmp = self.path.with_name(self.path.name + ".tmp")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)

    @classmethod
    def load(cls, path: Path) -> State:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise StateError(path, "not found") from None
        except (OSError, ValueError) as exc:
            raise StateError(path, f"unreadable ({exc})") from None
        if not isinstance(data, dict) or data.pop("version", None) not in READS_VERSIONS:
            raise StateError(path, "not a summarizer batch state file (or another version)")
        threshold = data.get("min_confidence")  # (version 1 has none: the packaged one)
        if threshold is not None and (isinstance(threshold, bool) or not isinstance(
                threshold, (int, float)) or not 0 <= threshold <= 1):
            raise StateError(path, f"malformed (min_confidence {threshold!r})")
        try:
            parts = [Part(**p) for p in data.pop("parts")]
            return cls(path=path, parts=parts, **data)
        except (KeyError, TypeError) as exc:
            raise StateError(path, f"malformed ({exc})") from None

    @property
    def finished(self) -> bool:
        return self.prepared and all(p.joined for p in self.parts) and (
            self.retried or not self.retry_direct
        )


# --------------------------------------------------------------------------- prepare


class _PartWriter:
    """Writes request lines and article lines, starting a new part at the size limits."""

    def __init__(self, state: State, max_lines: int, max_bytes: int) -> None:
        self.state = state
        self.max_lines = max_lines
        self.max_bytes = max_bytes
        self.part: Part | None = None
        self.bytes = 0
        self._req: Any = None
        self._art: Any = None

    def add(self, item: Item, article: Article, lines: list[bytes]) -> None:
        size = sum(len(line) for line in lines)
        if (
            self.part is None
            or self.part.lines + len(lines) > self.max_lines
            or self.bytes + size > self.max_bytes
        ):
            self._next()
        assert self.part is not None
        for line in lines:
            self._req.write(line)
        record = {"id": item.id, "source": article.source, "text": article.text,
                  **published_field(item.published)}
        self._art.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        self.part.lines += len(lines)
        self.part.n_articles += 1
        self.bytes += size

    def _next(self) -> None:
        self.close()
        index = len(self.state.parts)
        self.part = Part(index, f"part-{index:03d}.requests.jsonl",
                         f"part-{index:03d}.articles.jsonl")
        self.state.parts.append(self.part)
        self.bytes = 0
        self._req = (self.state.workdir / self.part.requests).open("wb")
        self._art = (self.state.workdir / self.part.articles).open("wb")

    def close(self) -> None:
        for f in (self._req, self._art):
            if f is not None:
                f.flush()
                os.fsync(f.fileno())
                f.close()
        self._req = self._art = None


def published_field(published: dt.date | None) -> dict[str, str]:
    """``{"published": date}`` for an article record, empty when there is no date."""
    return {"published": published.isoformat()} if published else {}


def published_of(record: dict[str, Any]) -> dt.date | None:
    """The ``published`` date of an article record (None when absent or not a date)."""
    try:
        return dt.date.fromisoformat(str(record["published"]))
    except (KeyError, ValueError):
        return None


Sink = Callable[[str, str, Brief | Failure, bool], None]
"""Receives (id, source, result, cached) for each article finished by batch mode."""


def prepare(
    state: State,
    items: Iterable[Item],
    pipeline: Pipeline,
    sink: Sink,
    *,
    skip: set[str],
    cache: BriefCache | None = None,
    max_lines: int = MAX_LINES,
    max_bytes: int = MAX_BYTES,
) -> None:
    """Write the request files: articles already done are skipped, cached ones and those
    that cannot be read go straight to ``sink``."""
    state.workdir.mkdir(parents=True, exist_ok=True)
    writer = _PartWriter(state, max_lines, max_bytes)
    seen: set[str] = set()
    try:
        for item in items:
            if item.id in skip or item.id in seen:
                continue
            seen.add(item.id)
            try:
                article = item.load()
                if cache is not None:
                    hit = cache.get(article.sha256, state.model, state.cache_version)
                    if hit is not None:
                        sink(item.id, item.source, with_published(hit, item.published), True)
                        continue
                lines = [
                    _line(custom_id(item.id, call.name),
                          request_body(call, state.model, state.base_url))
                    for call in pipeline.plan(article)
                ]
            except Exception as exc:
                sink(item.id, item.source, failure_of(item.id, item.source, exc), False)
                continue
            if len(lines) > max_lines:
                error = BackendFailed(display_url(state.base_url), "too many calls for one file")
                sink(item.id, item.source, failure_of(item.id, item.source, error), False)
                continue
            writer.add(item, article, lines)
    finally:
        writer.close()
    state.prepared = True
    state.save()


def _line(cid: str, body: dict[str, Any]) -> bytes:
    record = {"custom_id": cid, "method": "POST", "url": ENDPOINT, "body": body}
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


# --------------------------------------------------------------------------- remote steps


def make_client(settings: Settings) -> openai.OpenAI:
    """A sync client for the files/batches endpoints (its own retries on: these calls are
    few and idempotent enough, except create, whose id is saved at once)."""
    return openai.OpenAI(
        api_key=resolve_api_key(settings, settings.base_url),
        base_url=settings.base_url,
        max_retries=4,
        timeout=httpx2.Timeout(settings.timeout, connect=min(10.0, settings.timeout)),
    )


def submit(state: State, client: openai.OpenAI) -> None:
    """Upload each part and create its batch; ids are saved as soon as they exist."""
    for part in state.parts:
        if part.lines == 0:
            part.status, part.downloaded = "completed", True
            continue
        if part.input_file_id is None:
            with (state.workdir / part.requests).open("rb") as f:
                uploaded = client.files.create(file=(part.requests, f), purpose="batch")
            part.input_file_id = uploaded.id
            state.save()
        if part.batch_id is None:
            batch = client.batches.create(
                input_file_id=part.input_file_id,
                endpoint=ENDPOINT,
                completion_window=COMPLETION_WINDOW,
                metadata={"tool": "summarizer", "part": str(part.index)},
            )
            part.batch_id, part.status = batch.id, batch.status
            state.save()


Progress = Callable[[int, int, int, str], None]
"""Receives (completed, failed, total requests, status text) on every poll."""


def poll(
    state: State,
    client: openai.OpenAI,
    *,
    interval: float = 30.0,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll every unfinished batch until all reach a terminal status."""
    while True:
        for part in state.parts:
            if part.batch_id is None or part.status in TERMINAL:
                continue
            batch = client.batches.retrieve(part.batch_id)
            part.status = batch.status
            counts = batch.request_counts
            if counts is not None:
                part.completed, part.failed = counts.completed, counts.failed
            part.output_file_id = batch.output_file_id
            part.error_file_id = batch.error_file_id
        state.save()
        total = sum(p.lines for p in state.parts)
        done = sum(p.completed for p in state.parts)
        failed = sum(p.failed for p in state.parts)
        statuses = sorted({p.status or "new" for p in state.parts if p.lines})
        if progress is not None:
            progress(done, failed, total, ", ".join(statuses))
        if all(p.status in TERMINAL for p in state.parts if p.lines):
            return
        sleep(interval)


def download(state: State, client: openai.OpenAI) -> None:
    """Fetch each finished batch's output and error files into the work directory."""
    for part in state.parts:
        if part.downloaded or part.status not in TERMINAL:
            continue
        for kind, file_id in (("output", part.output_file_id), ("errors", part.error_file_id)):
            target = state.workdir / f"part-{part.index:03d}.{kind}.jsonl"
            if file_id is None:
                target.write_bytes(b"")
                continue
            tmp = target.with_name(target.name + ".tmp")
            with client.files.with_streaming_response.content(file_id) as response:
                response.stream_to_file(tmp)
            os.replace(tmp, target)
        part.downloaded = True
        state.save()


# --------------------------------------------------------------------------- join


@dataclass(frozen=True, slots=True)
class _Answer:
    body: dict[str, Any] | None
    detail: str


def _answers(workdir: Path, part: Part) -> dict[str, _Answer]:
    """custom_id -> answer, from a part's output and error files (errors win ties)."""
    found: dict[str, _Answer] = {}
    for kind in ("output", "errors"):
        path = workdir / f"part-{part.index:03d}.{kind}.jsonl"
        for record in _json_lines(path):
            cid = record.get("custom_id")
            if not isinstance(cid, str):
                continue
            response = record.get("response") or {}
            status = response.get("status_code")
            body = response.get("body")
            if status == 200 and isinstance(body, dict) and not record.get("error"):
                found.setdefault(cid, _Answer(body, ""))
            else:
                found[cid] = _Answer(None, _error_detail(record, status, body))
    return found


def _error_detail(record: dict[str, Any], status: Any, body: Any) -> str:
    error = record.get("error") or (body.get("error") if isinstance(body, dict) else None)
    message = ""
    if isinstance(error, dict):
        message = str(error.get("message") or error.get("code") or "")
    prefix = f"HTTP {status}" if status else "error"
    return " ".join(f"{prefix}: {message}".split())[:300] if message else prefix


def _json_lines(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with path.open("rb") as f:
        for raw in f:
            if raw.strip():
                try:
                    value = json.loads(raw)
                except ValueError:
                    continue
                if isinstance(value, dict):
                    yield value


def join_article(
    article: Article, article_id: str, answers: dict[str, _Answer], pipeline: Pipeline,
    model: str, min_confidence: float | None = None,
) -> Brief:
    """Parse every call's answer and assemble the brief (raises a SummarizerError)."""
    parsed: dict[str, BaseModel] = {}
    usage = Usage()
    for call in pipeline.plan(article):
        cid = custom_id(article_id, call.name)
        answer = answers.get(cid)
        if answer is None:
            raise BatchJobFailed(cid, "no result in the batch output")
        if answer.body is None:
            raise BatchJobFailed(cid, answer.detail)
        try:
            parsed[call.name] = parse_answer(call, answer.body)
        except Exception as exc:
            detail = " ".join(str(exc).split())[:300]
            raise ValidationFailed(1, f"{call.name}: {detail}") from None
        got = answer.body.get("usage") or {}
        usage = Usage(
            prompt_tokens=usage.prompt_tokens + int(got.get("prompt_tokens") or 0),
            completion_tokens=usage.completion_tokens + int(got.get("completion_tokens") or 0),
        )
    return pipeline.assemble(article, parsed, usage, 0.0, model,
                             min_confidence=min_confidence)


def join(
    state: State,
    pipeline: Pipeline,
    sink: Sink,
    *,
    skip: set[str],
    retry: Callable[[Item], None] | None = None,
    cache: BriefCache | None = None,
) -> None:
    """Turn each downloaded part into briefs and error records (idempotent: ids in
    ``skip`` are done already). Failed articles go to ``retry`` when given."""
    for part in state.parts:
        if part.joined or not part.downloaded:
            continue
        answers = _answers(state.workdir, part)
        for record in _json_lines(state.workdir / part.articles):
            article_id, source = str(record["id"]), str(record["source"])
            if article_id in skip:
                continue
            published = published_of(record)
            try:
                article = article_from_text(str(record["text"]), source)
                brief = join_article(article, article_id, answers, pipeline, state.model,
                                     state.min_confidence)
            except Exception as exc:
                if retry is not None:
                    retry(Item(article_id, source, text_loader(str(record["text"]), source),
                               published))
                else:
                    sink(article_id, source, failure_of(article_id, source, exc), False)
                continue
            if cache is not None:
                cache.put(article.sha256, state.model, state.cache_version, brief)
            sink(article_id, source, with_published(brief, published), False)
        part.joined = True
        state.save()


def new_state(path: Path, settings: Settings, pipeline: Pipeline, out: Path, errors: Path,
              *, retry_direct: bool) -> State:
    """A fresh state for a run writing to ``out``/``errors``."""
    if path.exists():
        raise StateError(path, "exists already: continue it with --resume, or delete it")
    return State(
        path=path, out=str(out), errors=str(errors), model=settings.model,
        base_url=settings.base_url, prompt_version=pipeline.PROMPT_VERSION,
        min_confidence=settings.min_confidence, retry_direct=retry_direct,
    )


def check_state(state: State, pipeline: Pipeline) -> None:
    """Refuse to join results made with another prompt version than the running code's."""
    if state.prompt_version != pipeline.PROMPT_VERSION:
        raise StateError(
            state.path,
            f"made with prompt version {state.prompt_version}, this is "
            f"{pipeline.PROMPT_VERSION}; start a new batch",
        )


