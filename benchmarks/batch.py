"""Batch benchmark: throughput, overhead, memory, faults, restart (prints figures).

    .venv/bin/python benchmarks/batch.py [--articles 1000] [--latency 1.0] [--concurrency 64]

The fake OpenAI-compatible server (tests/fakeserver.py) runs in a separate process on
loopback. The engine is the real ``summarizer.api.Summarizer`` when it exists, else the toy
engine of tests/fake_batch_server.py (the toy pipeline's calls through the real Backend).
Runs use the CLI's code path (``summarizer.batch.session``: JSONL in, JSONL out).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
PY = sys.executable
try:
    from summarizer.api import REMOTE_CONCURRENCY
except ImportError:  # the toy engine: calls one after another
    REMOTE_CONCURRENCY = 1
TEXT = ("Rockets struck an army depot near the border town of Velmar on Sunday, officials said; "
        "two soldiers were hurt. ")


@contextlib.contextmanager
def fake_server(latency: float, *extra: str) -> Iterator[str]:
    proc = subprocess.Popen(
        [PY, str(ROOT / "tests" / "fakeserver.py"), "--latency", str(latency), *extra],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip()
    finally:
        proc.terminate()
        proc.wait(10)


def write_inputs(path: Path, n: int) -> None:
    with path.open("w") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"art-{i:06d}", "text": f"{TEXT * 3}Report {i}."}) + "\n")


def engine_name() -> str:
    try:
        import summarizer.api  # noqa: F401
    except ImportError:
        return "toy engine (tests/fake_batch_server.py: 1 call/article via the real Backend)"
    return "summarizer.api.Summarizer"


def calls_per_article() -> int:
    try:
        from summarizer.pipeline import plan
        from summarizer.reader import article_from_text
    except ImportError:
        return 1
    return len(plan(article_from_text(TEXT * 3, "x")))


@contextlib.asynccontextmanager
async def open_engine(engine: Any, settings: Any, flags: Any) -> AsyncIterator[Any]:
    """Real Summarizer if present, else the toy engine (same shape as runner.open_engine)."""
    try:
        from summarizer.api import Summarizer
    except ImportError:
        from fake_batch_server import ToyEngine

        async with ToyEngine(settings.base_url, timeout=settings.timeout,
                             max_retry_seconds=settings.max_retry_seconds) as toy:
            yield toy
        return
    async with Summarizer(settings) as real:
        yield real


def child(args: argparse.Namespace) -> None:
    """One ``summarizer batch``-equivalent run (used in a subprocess)."""
    from summarizer.batch import session
    from summarizer.settings import Settings

    session.open_engine = open_engine  # type: ignore[assignment]
    settings = Settings(model="fake-model", base_url=args.base_url, timeout=args.timeout,
                        max_retry_seconds=600)
    started, cpu = time.monotonic(), time.process_time()
    with session.Outputs(Path(args.out), Path(args.out + ".errors")) as outputs:
        asyncio.run(session.run_direct(
            [args.input], outputs, settings, session.DirectOptions(args.concurrency),
            show_progress=False,
        ))
        done, failed = outputs.done, outputs.failed
    print(json.dumps({
        "seconds": time.monotonic() - started, "cpu": time.process_time() - cpu,
        "done": done, "failed": failed,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }), flush=True)


def run_child(base_url: str, inp: Path, out: Path, concurrency: int,
              timeout: float = 30.0) -> dict[str, Any]:
    res = subprocess.run(
        [PY, __file__, "--child", "--base-url", base_url, "--input", str(inp), "--out", str(out),
         "--concurrency", str(concurrency), "--timeout", str(timeout)],
        capture_output=True, text=True, check=True,
    )
    return dict(json.loads(res.stdout.strip().splitlines()[-1]))


def check_out(out: Path, n: int) -> tuple[int, int]:
    """(lost, duplicated) ids in ``out`` for inputs art-000000..n-1."""
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    return n - len(set(ids)), len(ids) - len(set(ids))


def plain_instructor_cpu(base_url: str, n: int, concurrency: int) -> float:
    """CPU seconds per call of bare instructor (Mode.TOOLS) on the same server."""
    import instructor
    import openai
    from fake_batch_server import Gist

    async def main() -> None:
        client = instructor.from_openai(
            openai.AsyncOpenAI(api_key="x", base_url=base_url, max_retries=0),
            mode=instructor.Mode.TOOLS)
        sem = asyncio.Semaphore(concurrency)

        async def one(i: int) -> None:
            async with sem:
                await client.chat.completions.create(
                    model="fake-model", response_model=Gist, max_tokens=256,
                    messages=[{"role": "system", "content": "Summarise the article."},
                              {"role": "user", "content": f"{TEXT * 3}Report {i}."}])

        await asyncio.gather(*(one(i) for i in range(n)))

    cpu = time.process_time()
    asyncio.run(main())
    return (time.process_time() - cpu) / n


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--child", action="store_true")
    p.add_argument("--base-url")
    p.add_argument("--input")
    p.add_argument("--out")
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--latency", type=float, default=1.0)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "summarizer-batch-bench"))
    p.add_argument("--skip", default="", help="comma list: throughput,overhead,memory,...")
    args = p.parse_args()
    if args.child:
        child(args)
        return
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    os.environ["SUMMARIZER_CACHE_DIR"] = str(work / "cache")
    skip = set(args.skip.split(","))
    n, calls = args.articles, calls_per_article()
    print(f"engine: {engine_name()}; calls per article: {calls}")
    inp = work / f"in-{n}.jsonl"
    write_inputs(inp, n)

    if "throughput" not in skip:
        with fake_server(args.latency) as url:
            out = work / "throughput.jsonl"
            out.unlink(missing_ok=True)
            r = run_child(url, inp, out, args.concurrency)
        # the article's calls run one after another, so each article holds one slot for
        # an article's calls run concurrently (up to REMOTE_CONCURRENCY at once), so one
        # article costs one round of latency: ideal = articles x latency / concurrency
        rounds = -(-calls // REMOTE_CONCURRENCY)
        ideal = n * rounds * args.latency / args.concurrency
        print(f"Throughput: {n} articles, {args.latency:g} s latency, concurrency "
              f"{args.concurrency}: {r['seconds']:.2f} s vs ideal {ideal:.2f} s "
              f"= {ideal / r['seconds']:.3f} of ideal ({r['done']} done, {r['failed']} failed)")

    if "overhead" not in skip:
        m = 500
        small = work / "in-overhead.jsonl"
        write_inputs(small, m)
        with fake_server(0.0) as url:
            out = work / "overhead.jsonl"
            out.unlink(missing_ok=True)
            r = run_child(url, small, out, 16)
            plain = plain_instructor_cpu(url, m * calls, 16)
        print(f"Overhead: {1000 * r['cpu'] / m:.2f} ms CPU per brief in our code "
              f"(whole client process, {m} articles, 0 s latency); plain instructor: "
              f"{1000 * plain * calls:.2f} ms per {calls} call(s)")

    if "memory" not in skip:
        with fake_server(0.0) as url:
            for size in (1000, 10000):
                big = work / f"in-{size}.jsonl"
                write_inputs(big, size)
                out = work / f"memory-{size}.jsonl"
                out.unlink(missing_ok=True)
                r = run_child(url, big, out, args.concurrency)
                print(f"Memory: {size} articles: peak RSS {r['maxrss_mb']:.1f} MB "
                      f"({r['seconds']:.1f} s, {r['done']} done)")

    if "faults" not in skip:
        with fake_server(0.05, "--fault-rate-429", "0.05", "--fault-rate-500", "0.05",
                         "--timeout-rate", "0.02", "--timeout-delay", "3", "--retry-after",
                         "0.5", "--seed", "1") as url:
            out = work / "faults.jsonl"
            out.unlink(missing_ok=True)
            r = run_child(url, inp, out, args.concurrency, timeout=1.0)
        lost, dup = check_out(out, n)
        print(f"Faults: 5% 429 + 5% 500 + 2% timeouts: {n} articles in {r['seconds']:.1f} s: "
              f"{r['done']} done, {r['failed']} failed, {lost} lost, {dup} duplicated")

    if "restart" not in skip:
        with fake_server(0.2) as url:
            out = work / "restart.jsonl"
            out.unlink(missing_ok=True)
            Path(str(out) + ".errors").unlink(missing_ok=True)
            proc = subprocess.Popen(
                [PY, __file__, "--child", "--base-url", url, "--input", str(inp), "--out",
                 str(out), "--concurrency", "32"], stdout=subprocess.DEVNULL)
            while not out.exists() or out.stat().st_size < 20000:
                time.sleep(0.05)
            time.sleep(0.37)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            before = len(out.read_bytes().splitlines())
            torn = not out.read_bytes().endswith(b"\n")
            r = run_child(url, inp, out, 32)
        lost, dup = check_out(out, n)
        print(f"Restart: killed (-9) after {before} briefs (torn last line: {torn}); rerun "
              f"briefed {r['done']} more: {lost} lost, {dup} duplicated")


if __name__ == "__main__":
    main()
