"""Child-side entry: run llama.cpp's native server (xllamacpp) until this process is killed.

``LocalServer`` starts ``python -m summarizer.local._guard -m summarizer.local._serve ARGS``.
This module builds ``xllamacpp.CommonParams`` from ``ARGS`` and constructs
``xllamacpp.Server``, which listens on loopback at once (answering ``/health`` with 503) and
returns once the model is loaded (``/health`` 200). The process then sleeps; SIGTERM (the
default action) or the guard ends it. Nothing here is imported by the parent.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from typing import Any

# speculative decoding from the prompt's own n-grams: name -> xllamacpp enum member
SPECULATIVE = {
    "none": "COMMON_SPECULATIVE_TYPE_NONE",
    "ngram-simple": "COMMON_SPECULATIVE_TYPE_NGRAM_SIMPLE",
    "ngram-map-k": "COMMON_SPECULATIVE_TYPE_NGRAM_MAP_K",
    "ngram-mod": "COMMON_SPECULATIVE_TYPE_NGRAM_MOD",
    "ngram-cache": "COMMON_SPECULATIVE_TYPE_NGRAM_CACHE",
}


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The server's options (all given by ``LocalServer.argv``)."""
    p = argparse.ArgumentParser(prog="summarizer.local._serve")
    p.add_argument("--model", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--n-ctx", type=int, required=True, help="total context, all slots")
    p.add_argument("--n-parallel", type=int, default=1, help="slots (concurrent requests)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--n-batch", type=int, default=512)
    p.add_argument("--kv-unified", action="store_true", help="one KV buffer shared by slots")
    p.add_argument("--cache-ram-mib", type=int, default=0, help="host-RAM prompt cache")
    p.add_argument("--speculative", choices=sorted(SPECULATIVE), default="none")
    p.add_argument("--spec-n", type=int, default=3, help="n-gram length looked up")
    p.add_argument("--spec-m", type=int, default=16, help="tokens drafted per lookup")
    p.add_argument("--verbose", action="store_true")
    return p.parse_args(argv)


def build_params(args: argparse.Namespace) -> Any:
    """``xllamacpp.CommonParams`` for ``args``."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = args.model
    params.hostnames = [args.host]
    params.port = args.port
    params.n_ctx = args.n_ctx
    params.n_parallel = args.n_parallel
    params.kv_unified = args.kv_unified
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    params.n_batch = args.n_batch
    params.n_ubatch = args.n_batch
    params.cache_ram_mib = args.cache_ram_mib
    params.cache_prompt = True
    params.use_jinja = True  # the GGUF's own chat template
    params.endpoint_metrics = True
    params.endpoint_slots = True
    params.warmup = False  # a warm-up decode costs start-up time and changes nothing here
    params.verbosity = 3 if args.verbose else 1
    if args.speculative != "none":
        kind = getattr(xllamacpp.common_speculative_type, SPECULATIVE[args.speculative])
        params.speculative.types = [kind]
        for table in (params.speculative.ngram_simple, params.speculative.ngram_map_k):
            table.size_n = args.spec_n
            table.size_m = args.spec_m
    return params


def main(argv: list[str]) -> None:
    """Serve until killed; exit 1 with one line if the model cannot be loaded."""
    args = parse_args(argv)
    # Ctrl-C in a terminal reaches only the parent (own session); if it comes here, leave
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    try:
        import xllamacpp

        server = xllamacpp.Server(build_params(args))
    except Exception as exc:  # the C++ side reports load failures as exceptions
        print(f"error: cannot start the model server: {exc}", file=sys.stderr, flush=True)
        os._exit(1)
    print(f"serving {args.model} on {args.host}:{args.port}", file=sys.stderr, flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        del server


if __name__ == "__main__":
    main(sys.argv[1:])
