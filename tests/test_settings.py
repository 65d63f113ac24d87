"""Settings resolve flag > environment variable > default, everywhere they are given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fakeserver import FakeOpenAIServer
from pydantic import SecretStr
from typer.testing import CliRunner

from summarizer.api import Summarizer
from summarizer.cli import app
from summarizer.errors import BadSetting
from summarizer.settings import ENV_VARS, LOCAL_MODEL, Settings

SECRET = "sk-test-settings-SECRET-42"
ARTICLE = "Warplanes struck an ammunition depot near the town of Kessel on Monday.\n"
ENV = {
    "SUMMARIZER_MODEL": "env-model",
    "SUMMARIZER_BASE_URL": "http://env.invalid/v1",
    "OPENAI_API_KEY": "env-key",
    "SUMMARIZER_GGUF": "/env/model.gguf",
    "SUMMARIZER_N_CTX": "2048",
    "SUMMARIZER_MIN_CONFIDENCE": "0.25",
}
FLAGS: dict[str, Any] = {
    "model": "flag-model",
    "base_url": "http://flag.invalid/v1",
    "api_key": "flag-key",
    "gguf": Path("/flag/model.gguf"),
    "n_ctx": 8192,
    "min_confidence": 0.5,
}
FROM_ENV: dict[str, Any] = {
    "model": "env-model",
    "base_url": "http://env.invalid/v1",
    "api_key": "env-key",
    "gguf": Path("/env/model.gguf"),
    "n_ctx": 2048,
    "min_confidence": 0.25,
}
DEFAULTS: dict[str, Any] = {
    "model": LOCAL_MODEL, "base_url": None, "api_key": None, "gguf": None, "n_ctx": 4096,
    "min_confidence": None,
}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in [*ENV_VARS.values(), "SUMMARIZER_FORMAT"]:
        monkeypatch.delenv(var, raising=False)


def plain(settings: Settings, name: str) -> Any:
    value = getattr(settings, name)
    return value.get_secret_value() if isinstance(value, SecretStr) else value


@pytest.mark.parametrize("name", list(FLAGS))
def test_flag_beats_env_beats_default(name: str) -> None:
    assert plain(Settings.resolve(env=ENV, **{name: FLAGS[name]}), name) == FLAGS[name]
    assert plain(Settings.resolve(env=ENV), name) == FROM_ENV[name]
    assert plain(Settings.resolve(env={}), name) == DEFAULTS[name]


@pytest.mark.parametrize("name", list(FLAGS))
def test_none_flag_falls_back_to_env(name: str) -> None:
    assert plain(Settings.resolve(env=ENV, **{name: None}), name) == FROM_ENV[name]


def test_empty_env_value_counts_as_unset() -> None:
    assert Settings.resolve(env={"SUMMARIZER_MODEL": ""}).model == LOCAL_MODEL


def test_resolve_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_MODEL", "from-os-env")
    monkeypatch.setenv("SUMMARIZER_N_CTX", "1024")
    settings = Settings.resolve()
    assert settings.model == "from-os-env"
    assert settings.n_ctx == 1024


def test_unknown_flag_raises_type_error() -> None:
    with pytest.raises(TypeError, match="unknown settings: modle"):
        Settings.resolve(env={}, modle="gpt")
    with pytest.raises(TypeError, match="unknown settings: modle"):
        Summarizer(modle="gpt")
    with pytest.raises(TypeError, match="unknown settings: modle"):
        Summarizer(Settings(), modle="gpt")


def test_api_key_is_secret_and_not_in_repr() -> None:
    settings = Settings.resolve(env={}, api_key=SECRET, model="m")
    assert isinstance(settings.api_key, SecretStr)
    assert settings.api_key.get_secret_value() == SECRET
    for text in (repr(settings), str(settings), repr(Summarizer(settings).settings)):
        assert SECRET not in text
    assert SECRET not in settings.model_dump_json()


def test_summarizer_flags_resolve_like_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for var, value in ENV.items():
        monkeypatch.setenv(var, value)
    assert Summarizer().settings.model == "env-model"
    assert Summarizer(model=None).settings.model == "env-model"
    assert Summarizer(model="flag-model").settings.model == "flag-model"


def test_summarizer_flags_override_given_settings() -> None:
    base = Settings(model="base-model", base_url="http://base.invalid/v1", n_ctx=1024,
                    api_key=SecretStr("base-key"))
    engine = Summarizer(base, model="flag-model", api_key="flag-key", n_ctx=2048, gguf=None)
    s = engine.settings
    assert s.model == "flag-model"
    assert s.n_ctx == 2048
    assert s.base_url == "http://base.invalid/v1"  # not given: kept
    assert isinstance(s.api_key, SecretStr)  # a plain str flag still becomes a secret
    assert s.api_key.get_secret_value() == "flag-key"
    assert base.model == "base-model"  # the given settings are not changed
    assert Summarizer(base).settings is base
    assert Summarizer(base, model=None).settings.model == "base-model"


def test_summarizer_flags_are_validated() -> None:
    with pytest.raises(ValueError, match="n_ctx"):
        Summarizer(Settings(), n_ctx=10)


def test_a_bad_value_names_its_setting_and_variable_in_one_error() -> None:
    with pytest.raises(BadSetting) as bad:
        Settings.resolve(env={"SUMMARIZER_TIMEOUT": "-1"})
    assert str(bad.value) == ("the setting timeout (SUMMARIZER_TIMEOUT) cannot be '-1': "
                              "Input should be greater than 0")
    with pytest.raises(BadSetting, match=r"^the setting n_ctx \(SUMMARIZER_N_CTX\) cannot be 10:"):
        Summarizer(n_ctx=10)


def test_a_bad_environment_value_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Norland jets struck a depot in Kessa on Monday.", encoding="utf-8")
    monkeypatch.setenv("SUMMARIZER_N_PARALLEL", "many")
    result = CliRunner().invoke(app, ["summarize", str(article), "--no-cache"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: the setting n_parallel (SUMMARIZER_N_PARALLEL) cannot be 'many': Input should "
        "be a valid integer, unable to parse string as an integer"]


@pytest.mark.parametrize("via", ["env", "flags"])
def test_cli_options_reach_the_request(
    via: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with FakeOpenAIServer() as srv:
        if via == "env":
            monkeypatch.setenv("SUMMARIZER_MODEL", "model-from-env")
            monkeypatch.setenv("SUMMARIZER_BASE_URL", srv.base_url)
            monkeypatch.setenv("OPENAI_API_KEY", SECRET)
            args: list[str] = []
            model = "model-from-env"
        else:
            # flags win over env vars that point elsewhere
            monkeypatch.setenv("SUMMARIZER_MODEL", "ignored-model")
            monkeypatch.setenv("SUMMARIZER_BASE_URL", "http://127.0.0.1:9/v1")
            monkeypatch.setenv("OPENAI_API_KEY", "ignored-key")
            args = ["--model", "model-from-flag", "--base-url", srv.base_url,
                    "--api-key", SECRET]
            model = "model-from-flag"
        result = CliRunner().invoke(app, ["summarize", str(article), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    assert srv.chat_requests
    for request in srv.chat_requests:
        assert request.json["model"] == model
        assert request.headers["authorization"] == f"Bearer {SECRET}"
    assert f'"model": "{model}"' in result.stdout
    assert SECRET not in result.output


def test_is_local_means_the_tool_starts_its_own_server(tmp_path: Path) -> None:
    gguf = tmp_path / "m.gguf"
    assert Settings().is_local
    assert Settings(model="any-name", gguf=gguf).is_local  # --gguf serves that file
    assert not Settings(model="gpt-4o-mini").is_local
    assert not Settings(gguf=gguf, base_url="http://127.0.0.1:8080/v1").is_local
    assert not Settings(base_url="http://127.0.0.1:8080/v1").is_local
    assert Settings(base_url="http://127.0.0.1:8080/v1").is_llama_cpp  # `summarizer serve`


def test_one_cache_root_for_models_and_briefs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from summarizer.batch.cache import BriefCache
    from summarizer.local.weights import cache_dir
    from summarizer.settings import CACHE_ENV, cache_root

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    assert cache_root() == tmp_path / "c"
    assert cache_dir() == tmp_path / "c" / "models"
    with BriefCache() as cache:
        assert cache.path.parent == tmp_path / "c"
    monkeypatch.delenv(CACHE_ENV)
    assert cache_root().name == "summarizer" and cache_dir().parent == cache_root()
