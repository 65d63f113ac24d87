"""Embedded-engine benchmark on the seed articles (prints figures; not a test).

    .venv/bin/python benchmarks/embedded.py [--runs 2] [--keep-cache] [--n-parallel 1]
        [--cache-ram-mib 256] [--speculative none] [--calls]

Prints, for llama.cpp's native server (xllamacpp) as the Summarizer runs it:
- cold start: assembling + verifying the GGUF from the installed parts (in a fresh cache dir
  unless --keep-cache), the server until ``/health`` answers 200, the first brief;
- warm, per seed brief: seconds, calls, prompt tokens *evaluated* (not served from the KV or
  RAM cache; from the server's ``/metrics``) and tokens generated;
- with --calls: every call of each seed on its own (prompt tokens evaluated and cached,
  tokens generated, milliseconds for each phase, from llama.cpp's ``timings``);
- the floor: what any design would cost on this machine if it read each sentence the plan
  selects once and wrote the brief once (its events' attacker/target/place and its reactions'
  actor/stance as compact JSON), at this run's own prompt and generation rates; the
  instructions are left out (they come from the cache when warm). The per-sentence design
  pays for a context sentence, the restated task and one answer per sentence on top;
- the server's peak RSS;
- the old engine's figures (llama-cpp-python 0.3.36, README before issue 11) beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import pipeline  # noqa: E402
from summarizer.api import Summarizer  # noqa: E402
from summarizer.local import weights  # noqa: E402
from summarizer.local.server import LocalServer  # noqa: E402
from summarizer.models import Brief  # noqa: E402
from summarizer.pipeline.planning import article_sentences  # noqa: E402
from summarizer.reader import article_from_text  # noqa: E402
from summarizer.settings import Settings  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# llama-cpp-python 0.3.36 (compiled here), forced tool calls, same GGUF and 2 cores
OLD_ENGINE = {
    "server start": "4.3 s (/v1/models)",
    "first brief": "33.5 s",
    "warm 000": "28.1-31.6 s, 12 calls, 8,784 prompt (as reported) + 356 generated",
    "warm 001": "40.7-43.0 s, 19 calls, 13,747 prompt (as reported) + 556 generated",
    "peak RSS": "2.3 GB",
}


def peak_rss_mb(pid: int | None) -> float:
    if pid is None:
        return float("nan")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def metrics(root_url: str) -> dict[str, float]:
    """llama.cpp's Prometheus counters (``llamacpp:prompt_tokens_total`` etc.)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(root_url + "/metrics", timeout=10) as resp:
        text = resp.read().decode()
    out = {}
    for m in re.finditer(r"^llamacpp:(\w+) ([0-9.e+-]+)$", text, re.M):
        out[m.group(1)] = float(m.group(2))
    return out


def tokens(root_url: str, text: str) -> int:
    """How many tokens the served model's tokenizer makes of ``text``."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    req = urllib.request.Request(root_url + "/tokenize", json.dumps({"content": text}).encode(),
                                 {"Content-Type": "application/json"})
    with opener.open(req, timeout=10) as resp:
        return len(json.load(resp)["tokens"])


def written_once(brief: Brief) -> str:
    """The brief's substance as the model would have to write it once (compact JSON)."""
    events = [{"attacker": ", ".join(a.name for a in e.attacker),
               "target": ", ".join(t.name for t in e.target),
               "place": e.location.place or e.location.country or ""} for e in brief.events]
    reactions = [{"actor": r.actor.name, "stance": r.stance} for r in brief.reactions]
    return json.dumps({"strikes": events, "reactions": reactions}, separators=(",", ":"))


def floor(root_url: str, briefs: dict[str, Brief], rates: tuple[float, float]) -> None:
    """Print the read-once, write-once floor per seed at ``rates`` (prompt, generation)."""
    pp, tg = rates
    print(f"floor (read each selected sentence once, write the brief once; this run's rates: "
          f"prompt {pp:.1f} tok/s, generation {tg:.1f} tok/s)")
    total = []
    for seed in SEEDS:
        article = article_from_text(seed.read_text(encoding="utf-8"))
        sentences = article_sentences(article)
        chosen = sorted({c.sentence for c in pipeline.plan(article)})
        read = tokens(root_url, " ".join(sentences[i].quote for i in chosen))
        write = tokens(root_url, written_once(briefs[seed.name[:3]]))
        seconds = read / pp + write / tg
        total.append(seconds)
        print(f"  {seed.name[:3]}: {len(chosen)} of {len(sentences)} sentences, {read} tokens "
              f"read (article {tokens(root_url, seed.read_text(encoding='utf-8'))}); "
              f"{write} tokens written; floor {seconds:.1f} s")
    print(f"  mean floor {statistics.mean(total):.1f} s per brief (the issue's bar: 15 s)")


async def brief_all(engine: Summarizer, root_url: str, label: str,
                    briefs: dict[str, Brief] | None = None) -> list[float]:
    seconds = []
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        calls = len(pipeline.plan(article_from_text(text)))
        before = metrics(root_url)
        brief = await engine.asummarize(text, source=seed.name)
        after = metrics(root_url)
        evaluated = after["prompt_tokens_total"] - before["prompt_tokens_total"]
        generated = after["tokens_predicted_total"] - before["tokens_predicted_total"]
        seconds.append(brief.meta.seconds)
        if briefs is not None:
            briefs[seed.name[:3]] = brief
        print(f"  {label:<6} {seed.name[:3]}: {brief.meta.seconds:6.1f} s  {calls:2d} calls  "
              f"{evaluated:6.0f} prompt tokens evaluated ({brief.meta.usage.prompt_tokens} "
              f"sent)  {generated:4.0f} generated  {len(brief.events)} events "
              f"{len(brief.reactions)} reactions", flush=True)
    return seconds


async def per_call(base_url: str) -> None:
    """Each call of each seed alone, as the Summarizer sends it (JSON_SCHEMA mode)."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=900)) as session:
        for seed in SEEDS:
            calls = pipeline.plan(article_from_text(seed.read_text(encoding="utf-8")))
            rows: list[dict[str, Any]] = []
            for call in calls:
                body = {
                    "model": "local", "messages": call.messages, "temperature": 0,
                    "max_tokens": call.max_tokens,
                    "response_format": {"type": "json_schema", "json_schema": {
                        "name": call.response_model.__name__,
                        "schema": call.response_model.model_json_schema()}},
                }
                started = time.monotonic()
                async with session.post(base_url + "/chat/completions", json=body) as resp:
                    data = await resp.json()
                t = data["timings"]
                rows.append({"name": call.name, "wall": time.monotonic() - started, **t})
            print(f"  {seed.name[:3]}: call, prompt evaluated / cached, generated, ms")
            for r in rows:
                print(f"    {r['name']:<14} {r['prompt_n']:4d} / {r.get('cache_n', 0):4d}  "
                      f"{r['predicted_n']:3d}  prompt {r['prompt_ms']:6.0f} ms  generate "
                      f"{r['predicted_ms']:6.0f} ms  ({r['wall']:.1f} s)")
            n_p = sum(r["prompt_n"] for r in rows)
            n_g = sum(r["predicted_n"] for r in rows)
            ms_p = sum(r["prompt_ms"] for r in rows)
            ms_g = sum(r["predicted_ms"] for r in rows)
            print(f"    total: {n_p} evaluated in {ms_p / 1000:.1f} s "
                  f"({n_p / max(ms_p, 1) * 1000:.0f} tok/s), {n_g} generated in "
                  f"{ms_g / 1000:.1f} s ({n_g / max(ms_g, 1) * 1000:.1f} tok/s)")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="warm passes over the seeds")
    parser.add_argument("--keep-cache", action="store_true",
                        help="time assembly only if the GGUF is not cached already")
    parser.add_argument("--n-parallel", type=int, default=Settings().n_parallel)
    parser.add_argument("--cache-ram-mib", type=int, default=None)
    parser.add_argument("--speculative", default="none")
    parser.add_argument("--calls", action="store_true", help="also time every call alone")
    args = parser.parse_args()

    print("cold start")
    if not args.keep_cache:
        os.environ["SUMMARIZER_CACHE_DIR"] = tempfile.mkdtemp(prefix="summarizer-bench-")
    start = time.monotonic()
    gguf = weights.ensure_model(progress=False)
    print(f"  assembly + sha256: {time.monotonic() - start:.1f} s  ({gguf})")
    settings = Settings.resolve(gguf=gguf, n_parallel=args.n_parallel)
    extra: dict[str, Any] = {"n_parallel": args.n_parallel, "speculative": args.speculative}
    if args.cache_ram_mib is not None:
        extra["cache_ram_mib"] = args.cache_ram_mib
    server = LocalServer(gguf, n_ctx=settings.n_ctx, **extra)
    url = await server.astart()
    print(f"  server start (until /health is 200): {server.startup_seconds:.1f} s  "
          f"(threads {server.n_threads}, n_parallel {args.n_parallel}, "
          f"cache_ram {server.cache_ram_mib} MiB, "
          f"speculative {args.speculative})")
    local = settings.model_copy(update={"base_url": url, "gguf": None})
    try:
        async with Summarizer(local) as engine:
            first = await engine.asummarize(SEEDS[0].read_text(encoding="utf-8"))
            print(f"  first brief: {first.meta.seconds:.1f} s")
            print("warm")
            warm: list[float] = []
            briefs: dict[str, Brief] = {}
            before = metrics(server.root_url)
            for run in range(args.runs):
                warm += await brief_all(engine, server.root_url, f"run {run + 1}", briefs)
            after = metrics(server.root_url)
            by_seed = {s.name[:3]: warm[i::len(SEEDS)] for i, s in enumerate(SEEDS)}
            for name, values in by_seed.items():
                print(f"  seed {name}: mean {statistics.mean(values):.1f} s per brief")
            print(f"  mean {statistics.mean(warm):.1f} s per brief")
            def rate(count: str, secs: str) -> float:
                return (after[count] - before[count]) / max(after[secs] - before[secs], 1e-9)

            floor(server.root_url, briefs, (rate("prompt_tokens_total", "prompt_seconds_total"),
                  rate("tokens_predicted_total", "tokens_predicted_seconds_total")))
        if args.calls:
            print("per call")
            await per_call(url)
        print(f"server peak RSS: {peak_rss_mb(server.pid):.0f} MB")
    finally:
        await server.astop()
    print("old engine (llama-cpp-python, README before issue 11)")
    for key, value in OLD_ENGINE.items():
        print(f"  {key}: {value}")


if __name__ == "__main__":
    asyncio.run(main())
