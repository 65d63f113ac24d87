"""Test doubles for batch runs: a fake server with ``/v1/files`` and ``/v1/batches``, and a
toy pipeline/engine (one call per article) that stands in for ``summarizer.pipeline`` and
``summarizer.api.Summarizer`` so batch logic is tested apart from prompt work.
"""

from __future__ import annotations

import functools
import json
import time
import uuid
from typing import Any

from aiohttp import web
from fakeserver import FakeOpenAIServer
from pydantic import BaseModel

from summarizer.backend import Backend
from summarizer.models import Brief, Meta, Usage
from summarizer.pipeline import Call
from summarizer.reader import Article, article_from_text
from summarizer.settings import Settings

# --------------------------------------------------------------------------- toy pipeline

PROMPT_VERSION = "toy-1"


class Gist(BaseModel):
    """The headline and summary of an article."""

    headline: str
    summary: str


class Stance(BaseModel):
    """How neutral the article is."""

    neutral: bool


class ToyPipeline:
    """plan/assemble with ``calls`` independent calls per article (1: just "gist")."""

    PROMPT_VERSION = PROMPT_VERSION

    def __init__(self, calls: int = 2) -> None:
        self.calls = calls

    def plan(self, article: Article) -> list[Call]:
        msgs = [{"role": "system", "content": "Summarise the article."},
                {"role": "user", "content": article.text}]
        planned = [Call("gist", Gist, msgs, 256)]
        if self.calls > 1:
            planned.append(Call("stance", Stance, msgs, 64))
        return planned

    def assemble(self, article: Article, answers: dict[str, BaseModel], usage: Usage,
                 seconds: float, model: str, *, min_confidence: float | None = None) -> Brief:
        gist = answers["gist"]
        assert isinstance(gist, Gist)
        return Brief(
            headline=gist.headline or "untitled", summary=gist.summary,
            meta=Meta(model=model, prompt_version=PROMPT_VERSION,
                      article_sha256=article.sha256, usage=usage, seconds=seconds),
        )


@functools.cache
def wrapped(model: type[BaseModel]) -> type[BaseModel]:
    """instructor's ResponseSchema wrapper of ``model``, built once: instructor otherwise
    builds a new pydantic class per request (~1.5 ms CPU each)."""
    from instructor.v2.core.function_calls import response_schema

    return response_schema(model)


class ToyEngine:
    """A Summarizer stand-in: the toy pipeline's calls through one real :class:`Backend`
    (so transport retries and the shared 429 gate are the real ones)."""

    prompt_version = PROMPT_VERSION

    def __init__(self, base_url: str, *, calls: int = 1, **settings: Any) -> None:
        self.settings = Settings(model="fake-model", base_url=base_url, **settings)
        self.pipeline = ToyPipeline(calls)
        self.backend = Backend(self.settings, base_url)

    async def asummarize(self, text: str, *, source: str = "<text>",
                         explain: bool = False) -> Brief:
        brief = await self._brief(text, source)
        # the toy pipeline traces nothing: an explained brief carries an empty trace
        return brief.model_copy(update={"meta": brief.meta.model_copy(
            update={"trace": []})}) if explain else brief

    async def _brief(self, text: str, source: str) -> Brief:
        article = article_from_text(text, source)
        started = time.monotonic()
        answers: dict[str, BaseModel] = {}
        usage = Usage()
        for call in self.pipeline.plan(article):
            obj, got = await self.backend.extract(wrapped(call.response_model), call.messages,
                                                  max_tokens=call.max_tokens)
            answers[call.name] = obj
            usage = Usage(prompt_tokens=usage.prompt_tokens + got.prompt_tokens,
                          completion_tokens=usage.completion_tokens + got.completion_tokens)
        return self.pipeline.assemble(article, answers, usage, time.monotonic() - started,
                                      self.settings.model)

    async def __aenter__(self) -> ToyEngine:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.backend.aclose()


# --------------------------------------------------------------------------- batch server


class FakeBatchServer(FakeOpenAIServer):
    """Adds the Batch API: upload a file, create a batch (answered at once, shown as
    ``in_progress`` for ``polls`` retrieves), download output/error files.

    ``fail_ids``: custom_ids answered with an HTTP 500 line in the error file;
    ``invalid_ids``: custom_ids whose tool-call arguments are ``{}`` (schema-invalid).
    """

    def __init__(self, *, polls: int = 1, fail_ids: set[str] | None = None,
                 invalid_ids: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.polls = polls
        self.fail_ids = fail_ids or set()
        self.invalid_ids = invalid_ids or set()
        self.files: dict[str, tuple[str, bytes]] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self._seen: dict[str, int] = {}

    def add_routes(self, app: web.Application) -> None:
        super().add_routes(app)
        app.router.add_post("/v1/files", self._upload)
        app.router.add_get("/v1/files/{file_id}/content", self._content)
        app.router.add_post("/v1/batches", self._create)
        app.router.add_get("/v1/batches/{batch_id}", self._retrieve)

    def _file_object(self, file_id: str) -> dict[str, Any]:
        name, data = self.files[file_id]
        return {"id": file_id, "object": "file", "bytes": len(data), "created_at": 1,
                "filename": name, "purpose": "batch", "status": "processed"}

    def _store(self, name: str, data: bytes) -> str:
        file_id = f"file-{uuid.uuid4().hex[:20]}"
        self.files[file_id] = (name, data)
        return file_id

    async def _upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            return web.json_response({"error": {"message": "file missing"}}, status=400)
        return web.json_response(self._file_object(self._store(upload.filename,
                                                               upload.file.read())))

    async def _content(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        if file_id not in self.files:
            return web.json_response({"error": {"message": "no such file"}}, status=404)
        return web.Response(body=self.files[file_id][1], content_type="application/jsonl")

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        input_id = body["input_file_id"]
        outputs: list[bytes] = []
        errors: list[bytes] = []
        for raw in self.files[input_id][1].splitlines():
            line = json.loads(raw)
            cid = line["custom_id"]
            rid = f"batch_req_{uuid.uuid4().hex[:16]}"
            if cid in self.fail_ids:
                record = {"id": rid, "custom_id": cid,
                          "response": {"status_code": 500, "request_id": rid, "body": {
                              "error": {"message": "fake failure", "type": "server_error"}}},
                          "error": None}
                errors.append(json.dumps(record).encode() + b"\n")
                continue
            completion = self.completion_for(line["body"])
            if cid in self.invalid_ids:
                completion["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = "{}"
            record = {"id": rid, "custom_id": cid,
                      "response": {"status_code": 200, "request_id": rid, "body": completion},
                      "error": None}
            outputs.append(json.dumps(record).encode() + b"\n")
        batch_id = f"batch_{uuid.uuid4().hex[:20]}"
        self.batches[batch_id] = {
            "id": batch_id, "object": "batch", "endpoint": body["endpoint"], "errors": None,
            "input_file_id": input_id, "completion_window": body["completion_window"],
            "status": "validating", "output_file_id": None, "error_file_id": None,
            "created_at": int(time.time()), "metadata": body.get("metadata"),
            "request_counts": {"total": len(outputs) + len(errors), "completed": 0, "failed": 0},
            "_output": self._store("output.jsonl", b"".join(outputs)),
            "_errors": self._store("errors.jsonl", b"".join(errors)) if errors else None,
            "_counts": (len(outputs), len(errors)),
        }
        return web.json_response(self._public(batch_id))

    def _public(self, batch_id: str) -> dict[str, Any]:
        return {k: v for k, v in self.batches[batch_id].items() if not k.startswith("_")}

    async def _retrieve(self, request: web.Request) -> web.Response:
        batch_id = request.match_info["batch_id"]
        batch = self.batches.get(batch_id)
        if batch is None:
            return web.json_response({"error": {"message": "no such batch"}}, status=404)
        seen = self._seen[batch_id] = self._seen.get(batch_id, 0) + 1
        if seen <= self.polls:
            batch["status"] = "in_progress"
            ok, bad = batch["_counts"]
            batch["request_counts"] = {"total": ok + bad, "completed": ok // 2, "failed": 0}
        else:
            ok, bad = batch["_counts"]
            batch.update(status="completed", output_file_id=batch["_output"],
                         error_file_id=batch["_errors"],
                         request_counts={"total": ok + bad, "completed": ok, "failed": bad})
        return web.json_response(self._public(batch_id))
