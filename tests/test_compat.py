"""One test per private API use in :mod:`summarizer.compat`: each fails when an upgrade of
instructor, openai or aiohttp removes or changes what it relies on."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import instructor
import openai
import pytest
from fakeserver import FakeOpenAIServer
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from summarizer import compat
from summarizer.backend import Backend
from summarizer.settings import Settings

MESSAGES = [{"role": "user", "content": "A drone hit a depot near Olm."}]


class Strike(BaseModel):
    place: str


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as srv:
        yield srv


def _client(base_url: str) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(api_key="x", base_url=base_url, max_retries=0,
                              http_client=openai.DefaultAioHttpClient())


# --------------------------------------------------------------------------- instructor


def test_prepared_is_instructors_schema_class_built_once() -> None:
    from instructor.v2.core.function_calls import ResponseSchema

    model = compat.prepared(Strike)
    assert issubclass(model, ResponseSchema) and issubclass(model, Strike)
    assert compat.prepared(Strike) is model
    # instructor leaves a prepared class alone: the cache spares its per-call rebuild
    from instructor.v2.core.response_model import prepare_response_model

    assert prepare_response_model(model) is model


def test_request_kwargs_are_the_forced_tool_call_of_the_model() -> None:
    kwargs = compat.request_kwargs(Strike, instructor.Mode.TOOLS, messages=MESSAGES,
                                   max_tokens=9)
    assert kwargs["max_tokens"] == 9 and kwargs["messages"] == MESSAGES
    (tool,) = kwargs["tools"]
    assert tool["function"]["name"] == kwargs["tool_choice"]["function"]["name"] == "Strike"
    assert set(tool["function"]["parameters"]["properties"]) == {"place"}


def test_async_validator_check_is_cached_per_class_and_still_rejects() -> None:
    from instructor.v2.core import patch as patch_module  # imported the name at load time
    from instructor.v2.validation import async_validators

    compat.check_async_validators_once()
    check = async_validators.reject_async_validators
    assert check is compat._reject_once
    assert patch_module.reject_async_validators is check  # type: ignore[attr-defined]

    class Plain(BaseModel):
        x: int

    class WithAsync(BaseModel):
        x: int

        def checker(self) -> None: ...

        checker.__async_validator__ = ("x",)  # type: ignore[attr-defined]

    check(Plain)
    assert Plain in compat._checked
    for _ in range(2):  # a failure is never remembered as a pass
        with pytest.raises(ValueError, match="async validators"):
            check(WithAsync)
    assert WithAsync not in compat._checked
    compat.check_async_validators_once()  # installing twice does not wrap twice
    assert async_validators.reject_async_validators is check

    class Later(BaseModel):  # a forward reference not yet resolvable: not remembered
        inner: NotDefinedYet  # noqa: F821

    check(Later)
    assert Later not in compat._checked


# --------------------------------------------------------------------------- openai


async def test_post_chat_completion_sends_the_body_as_is(server: FakeOpenAIServer) -> None:
    client = _client(server.base_url)
    body = {"model": "fake-model", "messages": MESSAGES, "max_tokens": 5, "temperature": 0.0}
    try:
        completion = await compat.post_chat_completion(client, body)
    finally:
        await client.close()
    assert isinstance(completion, ChatCompletion)
    assert completion.usage is not None and completion.usage.prompt_tokens > 0
    assert server.chat_requests[-1].json == body


# --------------------------------------------------------------------------- aiohttp


def test_backend_requests_go_through_aiohttp(server: FakeOpenAIServer) -> None:
    # httpx2's pool probes every idle socket per request: a third of the client's CPU with
    # hundreds in flight (benchmarks/batch.py); aiohttp's connector does not
    backend = Backend(Settings(model="fake-model", api_key="x"), server.base_url)
    asyncio.run(backend.extract(Strike, MESSAGES, max_tokens=50))
    assert compat.aiohttp_session(backend._client) is not None


def test_close_now_closes_the_sockets_without_a_loop(server: FakeOpenAIServer) -> None:
    client = _client(server.base_url)

    async def one_request() -> None:
        await compat.post_chat_completion(client, {"model": "m", "messages": MESSAGES})

    asyncio.run(one_request())  # the loop is gone afterwards, as at interpreter exit
    session = compat.aiohttp_session(client)
    assert session is not None and not session.closed
    connector = session.connector
    assert connector is not None
    compat.close_now(client)
    assert session.closed and connector.closed
    compat.close_now(client)  # idempotent
