"""The fake OpenAI server itself: schema-minimal answers, concurrency, faults, standalone mode."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx2
import jsonschema  # type: ignore[import-untyped]
from fakeserver import FakeOpenAIServer, Fault, minimal_instance, random_faults
from pydantic import BaseModel, Field

from summarizer.backend import Backend
from summarizer.settings import Settings


class Place(BaseModel):
    name: str
    country: str | None


class Item(BaseModel):
    kind: str = Field(json_schema_extra={"enum": ["a", "b"]})
    where: Place
    tags: list[str]
    score: int = Field(ge=3)
    note: str = "x"


def test_minimal_instance_is_schema_valid() -> None:
    schema = Item.model_json_schema()
    value = minimal_instance(schema)
    jsonschema.validate(value, schema)
    assert value == {
        "kind": "a",
        "where": {"name": "", "country": None},
        "tags": [],
        "score": 3,
    }
    Item.model_validate(value)


def test_minimal_instance_all_of_and_min_items() -> None:
    schema: dict[str, Any] = {
        "$defs": {"Base": {"type": "object", "properties": {"a": {"type": "integer"}}}},
        "allOf": [{"$ref": "#/$defs/Base"}, {"required": ["a", "b"]}],
        "properties": {"b": {"type": "array", "minItems": 2, "items": {"type": "boolean"}}},
    }
    assert minimal_instance(schema) == {"a": 0, "b": [False, False]}


async def test_concurrent_requests_overlap() -> None:
    with FakeOpenAIServer(latency=0.5) as srv:
        backend = Backend(Settings(model="m", timeout=10), srv.base_url)
        results = await asyncio.gather(
            *(
                backend.extract(Place, [{"role": "user", "content": "x"}], max_tokens=9)
                for _ in range(64)
            )
        )
        await backend.aclose()
    assert len(results) == 64
    arrivals = [r.time for r in srv.chat_requests]
    # all 64 had arrived before the first answer (0.5 s after arrival) left the server
    assert max(arrivals) - min(arrivals) < 0.5


def test_models_endpoint_and_fault_sequence() -> None:
    faults = [Fault(status=503, headers={"Retry-After": "7"}), None]
    with FakeOpenAIServer(faults=faults) as srv:
        assert httpx2.get(f"{srv.base_url}/models").json()["data"][0]["id"] == "fake-model"
        body = {"model": "m", "messages": [{"role": "user", "content": "hello there"}]}
        first = httpx2.post(f"{srv.base_url}/chat/completions", json=body)
        second = httpx2.post(f"{srv.base_url}/chat/completions", json=body)
    assert first.status_code == 503 and first.headers["retry-after"] == "7"
    assert first.json()["error"]["type"] == "server_error"
    completion = second.json()
    assert completion["object"] == "chat.completion"
    assert completion["choices"][0]["message"]["content"] == "ok"
    assert completion["usage"]["prompt_tokens"] == len("hello there") // 4
    assert [r.index for r in srv.requests] == [None, 0, 1]


def test_random_faults_are_seedable() -> None:
    draw = [random_faults(seed=5, rate_429=0.3, rate_500=0.2) for _ in range(2)]
    first = [draw[0](i) for i in range(200)]
    second = [draw[1](i) for i in range(200)]
    assert first == second
    statuses = [f.status for f in first if f is not None]
    assert 40 < statuses.count(429) < 80 and 20 < statuses.count(500) < 60


def test_standalone_prints_base_url() -> None:
    script = Path(__file__).with_name("fakeserver.py")
    proc = subprocess.Popen(
        [sys.executable, str(script), "--port", "0", "--fault-rate-429", "1", "--seed", "1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
        response = httpx2.post(f"{url}/chat/completions", json={"messages": []})
        assert response.status_code == 429
        assert json.loads(response.text)["error"]["code"] == "rate_limit_exceeded"
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
