"""Recorded LLM exchanges (vcrpy cassettes): one scrubbing/matching config, and the recorder.

The test suite replays ``cassettes/seeds/<stem>.yaml`` with exactly :func:`vcr_config`; the
``summarizer cassettes record`` command re-records them against the embedded model (no key,
no network) or any endpoint. Requests match on method, path and body, never on host or port
(the embedded server's port is random), so a changed prompt is an unmatched request.
``manifest.json`` beside the cassettes says which model and prompt_version made them.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

from summarizer.errors import CassetteError
from summarizer.settings import Settings

RECORD_COMMAND = "summarizer cassettes record"
MANIFEST = "manifest.json"
# request headers never written to a cassette
FILTER_HEADERS = [
    "authorization", "api-key", "x-api-key", "cookie", "openai-organization", "openai-project",
]
# response headers dropped on record: account ids, cookies, request ids, rate-limit state
_RESPONSE_DROP = re.compile(
    r"^(set-cookie|cookie|openai-organization|openai-project|x-request-id|cf-ray|"
    r"x-ratelimit-.*|openai-processing-ms|strict-transport-security|alt-svc|server|date)$",
    re.I,
)
_SECRET_RE = re.compile(r"(sk-[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._-]{8,})")
REPLAY_BASE_URL = "http://127.0.0.1:9/v1"  # never contacted: vcrpy answers from the cassette


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Drop identifying headers from a recorded response and blank any key-like string."""
    headers = response.get("headers") or {}
    for name in list(headers):
        if _RESPONSE_DROP.match(name):
            del headers[name]
    body = response.get("body") or {}
    raw = body.get("string")
    if isinstance(raw, bytes) and _SECRET_RE.search(raw.decode("utf-8", "replace")):
        body["string"] = _SECRET_RE.sub("REDACTED", raw.decode("utf-8", "replace")).encode()
    return response


def vcr_config(record_mode: str | None = None) -> dict[str, Any]:
    """The one vcrpy configuration of recording and replay."""
    config: dict[str, Any] = {
        "filter_headers": [(h, None) for h in FILTER_HEADERS],
        "filter_query_parameters": [("api-key", None), ("key", None)],
        "before_record_response": scrub_response,
        "match_on": ["method", "path", "body"],
        "decode_compressed_response": True,
    }
    if record_mode is not None:
        config["record_mode"] = record_mode
    return config


def find_secrets(text: str) -> list[str]:
    """Key-like strings and credential headers found in a cassette's text."""
    found = [m.group(0)[:12] + "..." for m in _SECRET_RE.finditer(text)]
    for header in FILTER_HEADERS:
        if re.search(rf"^\s*-?\s*{re.escape(header)}\s*:", text, re.I | re.M):
            found.append(f"header {header}")
    return found


def cassette_name(seed: Path) -> str:
    return f"{seed.stem}.yaml"


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise CassetteError(f"no {path}: record the cassettes with `{RECORD_COMMAND}`")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def replay_settings(manifest: dict[str, Any]) -> Settings:
    """Settings that make the same requests the recording made (body-identical)."""
    model = str(manifest["model"])
    base_url = manifest.get("base_url") or (REPLAY_BASE_URL if model == "local" else None)
    # no transport retries: a request missing from the cassette must fail at once
    return Settings(model=model, base_url=base_url, api_key="sk-replay-not-a-key",
                    validation_retries=int(manifest.get("validation_retries", 2)),
                    max_retry_seconds=0)


async def _record(seeds: list[Path], out: Path, settings: Settings) -> dict[str, Any]:
    import vcr

    from summarizer.api import Summarizer

    out.mkdir(parents=True, exist_ok=True)
    recorder = vcr.VCR(cassette_library_dir=str(out), **vcr_config("all"))
    briefs: dict[str, Any] = {}
    async with Summarizer(settings) as engine:
        backend = engine.backend
        base_url = backend.base_url if backend else None
        for seed in seeds:
            text = seed.read_text(encoding="utf-8")
            (out / cassette_name(seed)).unlink(missing_ok=True)
            with recorder.use_cassette(cassette_name(seed)):
                brief = await engine.asummarize(text, source=seed.name)
            briefs[seed.name] = {"events": len(brief.events), "reactions": len(brief.reactions),
                                 "seconds": brief.meta.seconds}
    local = settings.model == "local"
    manifest = {
        "model": settings.model,
        # a loopback server's URL is random and irrelevant; a remote one is kept (no secrets)
        "base_url": None if local or base_url is None else base_url,
        "prompt_version": engine.prompt_version,
        "validation_retries": settings.validation_retries,
        "command": RECORD_COMMAND,
        "briefs": briefs,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for seed in seeds:
        text = (out / cassette_name(seed)).read_text(encoding="utf-8")
        if leaks := find_secrets(text):
            raise CassetteError(f"{cassette_name(seed)} still holds secrets: {', '.join(leaks)}")
    return manifest


def record(seeds_dir: Path, out: Path, settings: Settings) -> dict[str, Any]:
    """Re-record one cassette per seed article in ``seeds_dir`` into ``out``."""
    try:
        import vcr  # noqa: F401
    except ImportError:
        raise CassetteError("recording needs vcrpy: pip install 'summarizer[dev]'") from None
    seeds = sorted(seeds_dir.glob("*.txt"))
    if not seeds:
        raise CassetteError(f"no seed articles (*.txt) in {seeds_dir}")
    return asyncio.run(_record(seeds, out, settings))


__all__ = [
    "RECORD_COMMAND", "find_secrets", "read_manifest", "record", "replay_settings",
    "scrub_response", "vcr_config",
]
