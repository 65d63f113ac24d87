"""``summarizer cassettes record`` end to end: record against a loopback endpoint, then replay
the cassette with the endpoint gone and get the same brief; no key is ever written."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
import vcr
from fakeserver import FakeOpenAIServer
from typer.testing import CliRunner
from vcr.errors import CannotOverwriteExistingCassetteException

from summarizer import api
from summarizer.apierrors import exception_chain
from summarizer.cassettes import find_secrets, read_manifest, replay_settings, vcr_config
from summarizer.cli import app
from summarizer.errors import BackendError
from summarizer.settings import ENV_VARS

SECRET = "sk-test-record-SECRET-0123456789abcdef"
ARTICLE = (
    "Warplanes from Northland struck an ammunition depot near the town of Kessel on Monday, "
    "killing two soldiers.\nSouthland's defence ministry condemned the attack.\n"
)


def answer(request: dict[str, Any]) -> dict[str, Any]:
    props = request["tools"][0]["function"]["parameters"].get("properties", {})
    assert "strikes" in props  # the plan makes strike calls only
    return {"strikes": [{"attacker": "Northland", "target": "ammunition depot",
                         "place": "Kessel"}]}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ENV_VARS.values():
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SUMMARIZER_MAX_RETRY_SECONDS", "0")


async def _replay(folder: Path, text: str) -> Any:
    manifest = read_manifest(folder)
    recorder = vcr.VCR(cassette_library_dir=str(folder), **vcr_config("none"))
    with recorder.use_cassette("001_kessel.yaml"):
        async with api.Summarizer(replay_settings(manifest)) as engine:
            return await engine.asummarize(text, source="001_kessel.txt")


def test_record_then_replay_offline_gives_the_same_brief(tmp_path: Path) -> None:
    seeds, out = tmp_path / "seeds", tmp_path / "cassettes"
    seeds.mkdir()
    (seeds / "001_kessel.txt").write_text(ARTICLE, encoding="utf-8")
    with FakeOpenAIServer(answer=answer) as srv:
        result = CliRunner().invoke(app, [
            "cassettes", "record", "--seeds", str(seeds), "--out", str(out),
            "--base-url", srv.base_url, "--model", "m", "--api-key", SECRET,
        ])
        assert result.exit_code == 0, (result.output, result.exception)
        calls = len(srv.chat_requests)
        live = asyncio.run(api.asummarize(ARTICLE, model="m", base_url=srv.base_url,
                                          api_key=SECRET, source="001_kessel.txt"))
    assert calls >= 2  # both sentences' strike calls were recorded

    text = (out / "001_kessel.yaml").read_text(encoding="utf-8")
    assert SECRET not in text
    assert find_secrets(text) == []
    assert text.count("/v1/chat/completions") == calls
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["model"] == "m"
    assert manifest["briefs"]["001_kessel.txt"]["events"] == 1

    # the server is gone: every answer now comes from the cassette
    replayed = asyncio.run(_replay(out, ARTICLE))
    assert [a.name for a in replayed.events[0].attacker] == ["Northland"]
    assert replayed.reactions[0].stance == "condemn"
    strip = {"meta": {"seconds"}}
    assert replayed.model_dump(exclude=strip) == live.model_dump(exclude=strip)

    # a changed article is a request the cassette does not hold: it fails, never goes out
    with pytest.raises(BackendError) as info:
        asyncio.run(_replay(out, ARTICLE.replace("Monday", "Tuesday")))
    chain = exception_chain(info.value)
    assert any(isinstance(e, CannotOverwriteExistingCassetteException) for e in chain)
