"""All run-time settings in one object, resolved flag > environment variable > default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from summarizer.errors import BadBaseUrl, BadSetting

LOCAL_MODEL = "local"
CACHE_ENV = "SUMMARIZER_CACHE_DIR"

# setting name -> environment variable read when no flag is given
ENV_VARS: dict[str, str] = {
    "model": "SUMMARIZER_MODEL",
    "base_url": "SUMMARIZER_BASE_URL",
    "api_key": "OPENAI_API_KEY",
    "gguf": "SUMMARIZER_GGUF",
    "timeout": "SUMMARIZER_TIMEOUT",
    "max_retry_seconds": "SUMMARIZER_MAX_RETRY_SECONDS",
    "validation_retries": "SUMMARIZER_VALIDATION_RETRIES",
    "n_ctx": "SUMMARIZER_N_CTX",
    "n_parallel": "SUMMARIZER_N_PARALLEL",
    "threads": "SUMMARIZER_THREADS",
    "structured": "SUMMARIZER_STRUCTURED",
    "min_confidence": "SUMMARIZER_MIN_CONFIDENCE",
}

Structured = Literal["auto", "tools", "json_schema"]


def check_base_url(url: str) -> str:
    """``url`` if it is an http(s) address with a host; else :class:`BadBaseUrl` naming the
    likely meant one (``localhost:11434`` -> ``http://localhost:11434/v1``), at once, instead
    of a request the client cannot make."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return url
    bare = url.split("://", 1)[-1].lstrip("/")
    host, _, path = bare.partition("/")
    raise BadBaseUrl(url, f"http://{host or 'localhost:11434'}/{path or 'v1'}")


def cache_root() -> Path:
    """``$SUMMARIZER_CACHE_DIR`` or the platform's user cache directory for summarizer: the
    one root of the assembled models (``models/``) and the brief cache."""
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir("summarizer"))


class Settings(BaseModel):
    """Which backend to talk to and how patiently.

    ``model == "local"`` with no ``base_url`` means the embedded GGUF model, served on
    loopback by llama.cpp's server (xllamacpp) and started by the tool itself.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str = LOCAL_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = Field(default=None, repr=False)
    gguf: Path | None = None
    timeout: float = Field(default=300.0, gt=0, description="seconds for one HTTP request")
    max_retry_seconds: float = Field(default=120.0, ge=0, description="cap on transport retries")
    validation_retries: int = Field(default=2, ge=0, description="instructor re-asks")
    n_ctx: int = Field(default=4096, ge=512, description="context of one embedded-server slot")
    n_parallel: int = Field(default=1, ge=1, le=16, description="embedded-server slots")
    threads: int | None = Field(
        default=None, ge=1, description="embedded-server CPU threads; None: the idle cores"
    )
    structured: Structured = Field(
        default="auto", description="how answers are constrained (backend.structured_for)"
    )
    min_confidence: float | None = Field(
        default=None, ge=0, le=1,
        description="event-confidence threshold; None: the packaged one, 0: keep every event",
    )

    @field_validator("base_url")
    @classmethod
    def _http_base_url(cls, value: str | None) -> str | None:
        # BadBaseUrl is no ValueError, so pydantic lets it through as it is: one clear line
        return None if value is None else check_base_url(value)

    @property
    def is_local(self) -> bool:
        """True when the tool must start its own embedded server (the default model or a
        ``--gguf`` file, and no endpoint given)."""
        return self.base_url is None and (self.model == LOCAL_MODEL or self.gguf is not None)

    @property
    def is_llama_cpp(self) -> bool:
        """True for a llama.cpp server (the embedded one, or ``--model local`` at an endpoint
        such as ``summarizer serve``): it constrains json_schema answers, not tool calls."""
        return self.is_local or self.model == LOCAL_MODEL

    @classmethod
    def resolve(cls, env: Mapping[str, str] | None = None, **flags: Any) -> Settings:
        """Build settings: a flag that is not None wins, then its env var, then the default."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            flag = flags.pop(name, None)
            if flag is not None:
                values[name] = flag
            elif (var := ENV_VARS.get(name)) and env.get(var):
                values[name] = env[var]
        if flags:
            raise TypeError(f"unknown settings: {', '.join(sorted(flags))}")
        try:
            return cls(**values)
        except ValidationError as err:  # one line naming the setting, never a traceback
            first = err.errors()[0]
            name = str(first["loc"][0]) if first["loc"] else "settings"
            raise BadSetting(name, values.get(name), first["msg"], ENV_VARS.get(name)) from None
