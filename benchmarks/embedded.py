"""Embedded-model benchmark on the seed articles (prints figures; not a test).

    .venv/bin/python benchmarks/embedded.py [--runs 2] [--keep-cache]

Prints
- cold start: assembling the GGUF from the installed parts (in a fresh cache dir unless
  --keep-cache), starting llama.cpp's server, and the first brief;
- warm: seconds, calls, prompt and completion tokens per brief;
- prefix reuse: one call whose fixed instructions are already in the KV cache against the
  same call after a different prefix evicted them (server without its RAM prompt cache);
- llama-cpp-python's RAM prompt cache (off by default): seconds per brief with it on, and
  the server's peak memory either way.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import pipeline  # noqa: E402
from summarizer.api import Summarizer  # noqa: E402
from summarizer.backend import Backend  # noqa: E402
from summarizer.local import weights  # noqa: E402
from summarizer.local.server import LocalServer  # noqa: E402
from summarizer.reader import article_from_text  # noqa: E402
from summarizer.settings import Settings  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def peak_rss_mb(pid: int | None) -> float:
    if pid is None:
        return float("nan")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def server_pid(server: LocalServer) -> int | None:
    """The llama.cpp process (the guard's child) or the guard itself."""
    pid = server.pid
    if pid is None:
        return None
    children = Path(f"/proc/{pid}/task/{pid}/children")
    kids = children.read_text().split() if children.exists() else []
    return int(kids[0]) if kids else pid


async def brief_all(engine: Summarizer, label: str) -> list[float]:
    seconds = []
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        calls = len(pipeline.plan(article_from_text(text)))
        brief = await engine.asummarize(text, source=seed.name)
        u = brief.meta.usage
        seconds.append(brief.meta.seconds)
        print(f"  {label:<6} {seed.name}: {brief.meta.seconds:6.1f} s  {calls:2d} calls  "
              f"{u.prompt_tokens:5d} prompt + {u.completion_tokens:4d} completion tokens  "
              f"{len(brief.events)} events {len(brief.reactions)} reactions")
    return seconds


async def timed_call(backend: Backend, call: pipeline.Call) -> float:
    start = time.monotonic()
    await backend.extract(call.response_model, call.messages, max_tokens=call.max_tokens)
    return time.monotonic() - start


async def prefix_reuse(gguf: Path, n_ctx: int) -> None:
    """Same call, prefix cached vs evicted (no RAM cache, so eviction is real)."""
    text = SEEDS[0].read_text(encoding="utf-8")
    calls = pipeline.plan(article_from_text(text))
    strikes = [c for c in calls if c.name.startswith("strike")]
    reactions = [c for c in calls if c.name.startswith("reaction")]
    if len(strikes) < 2 or not reactions:
        print("  (seed 000 plans too few calls to compare)")
        return
    server = LocalServer(gguf, n_ctx=n_ctx, prompt_cache_bytes=None)
    url = await server.astart()
    backend = Backend(Settings(model="local", base_url=url), url)
    try:
        cold, warm = [], []
        for call in strikes[1:4]:
            await timed_call(backend, reactions[0])  # evicts the strike prefix
            cold.append(await timed_call(backend, call))
            warm.append(await timed_call(backend, call))  # same prefix still in KV cache
        system = len(strikes[0].messages[0]["content"])
        print(f"  strike call after another prefix: {statistics.mean(cold):.2f} s; "
              f"same call with its instructions cached: {statistics.mean(warm):.2f} s "
              f"(instructions {system} chars are re-evaluated only in the first case)")
    finally:
        await backend.aclose()
        await server.astop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="warm passes over the seeds")
    parser.add_argument("--keep-cache", action="store_true",
                        help="time assembly only if the GGUF is not cached already")
    args = parser.parse_args()

    print("cold start")
    if not args.keep_cache:
        os.environ["SUMMARIZER_CACHE_DIR"] = tempfile.mkdtemp(prefix="summarizer-bench-")
    start = time.monotonic()
    gguf = weights.ensure_model(progress=False)
    print(f"  assembly + sha256: {time.monotonic() - start:.1f} s  ({gguf})")
    settings = Settings.resolve(gguf=gguf)
    engine = Summarizer(settings)
    start = time.monotonic()
    await engine.start()
    print(f"  server start (until /v1/models answers): {time.monotonic() - start:.1f} s")
    try:
        first = await engine.asummarize(SEEDS[0].read_text(encoding="utf-8"))
        print(f"  first brief: {first.meta.seconds:.1f} s")
        print("warm (the default: no RAM prompt cache)")
        warm: list[float] = []
        for run in range(args.runs):
            warm += await brief_all(engine, f"run {run + 1}")
        print(f"  mean {statistics.mean(warm):.1f} s per brief")
        pid = server_pid(engine._server)
        print(f"  server peak RSS: {peak_rss_mb(pid):.0f} MB")
    finally:
        await engine.aclose()

    print("warm, RAM prompt cache on (384 MB budget)")
    server = LocalServer(gguf, n_ctx=settings.n_ctx, prompt_cache_bytes=384 * 2**20)
    url = await server.astart()
    try:
        async with Summarizer(settings.model_copy(update={"base_url": url})) as cached:
            await brief_all(cached, "warmup")
            with_cache = await brief_all(cached, "run")
        print(f"  mean {statistics.mean(with_cache):.1f} s per brief; server peak RSS: "
              f"{peak_rss_mb(server_pid(server)):.0f} MB")
    finally:
        await server.astop()

    print("prefix reuse")
    await prefix_reuse(gguf, settings.n_ctx)


if __name__ == "__main__":
    asyncio.run(main())
