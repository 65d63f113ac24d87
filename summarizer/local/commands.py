"""CLI commands of the embedded model: ``summarizer model info|path|verify`` and ``serve``.

``register(app)`` adds them to the main typer app; nothing here runs at import time.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer

from summarizer.cliutil import user_errors
from summarizer.errors import ModelCorrupt, ServerDied
from summarizer.local import weights
from summarizer.local.server import DEFAULT_HOST, LocalServer

ModelName = Annotated[
    str,
    typer.Option(
        "--model",
        help=f"Embedded model name ({', '.join(sorted(weights.KNOWN_MODELS))}).",
        envvar="SUMMARIZER_LOCAL_MODEL",
    ),
]


model_app = typer.Typer(
    help="The embedded offline model: where it is, whether it is intact.",
    no_args_is_help=True,
)


@model_app.command("info")
def info_command(model: ModelName = weights.DEFAULT_MODEL) -> None:
    """Show the installed parts, the cache path, its size and hash status (no hashing)."""
    with user_errors():
        data = weights.info(model)
    size = data["cached_size"]
    lines = {
        "model": f"{data['model']} ({data['description']})",
        "parts": f"{data['parts_installed']}/{data['parts_total']} installed"
        + (f"; missing: {', '.join(data['missing_parts'])}" if data["missing_parts"] else ""),
        "cache path": data["cache_path"],
        "size": "-" if size is None else f"{size} bytes",
        "expected size": data["expected_size"] or "unknown",
        "sha256": data["expected_sha256"],
        "hash status": data["hash_status"],
    }
    width = max(map(len, lines))
    for key, value in lines.items():
        typer.echo(f"{key:<{width}}  {value}")


@model_app.command("path")
def path_command(model: ModelName = weights.DEFAULT_MODEL) -> None:
    """Print the GGUF path, assembling the model from its parts first if needed."""
    with user_errors():
        typer.echo(str(weights.ensure_model(model, progress=True)))


@model_app.command("verify")
def verify_command(model: ModelName = weights.DEFAULT_MODEL) -> None:
    """Re-hash the cached GGUF (or the parts, if none is cached); exit non-zero on mismatch."""
    with user_errors():
        result = weights.verify(model, progress=True)
        if not result.ok:
            raise ModelCorrupt(
                result.path or f"assembled from the parts of {model!r}",
                f"{result.size} bytes with sha256 {result.sha256}, expected "
                f"{result.expected_size or '?'} bytes with sha256 {result.expected_sha256}",
            )
        typer.echo(f"{result.detail} in {result.seconds:.1f}s")


def serve_command(
    gguf: Annotated[
        Path | None,
        typer.Option(help="GGUF file to serve instead of the embedded model.",
                     envvar="SUMMARIZER_GGUF"),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(help="Port to listen on (default: a free one).", envvar="SUMMARIZER_PORT"),
    ] = None,
    n_ctx: Annotated[
        int,
        typer.Option("--n-ctx", min=512, help="Context size in tokens.",
                     envvar="SUMMARIZER_N_CTX"),
    ] = 4096,
    threads: Annotated[
        int | None,
        typer.Option(min=1, envvar="SUMMARIZER_THREADS",
                     help="CPU threads (default: the usable cores idle at start)."),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = DEFAULT_HOST,
    log_file: Annotated[
        Path | None, typer.Option(help="Append the server's verbose log to this file.")
    ] = None,
    model: ModelName = weights.DEFAULT_MODEL,
) -> None:
    """Run the embedded model as an OpenAI-compatible server until Ctrl-C.

    Prints one line, `--base-url http://127.0.0.1:PORT/v1`, to pass to other runs.
    """
    with user_errors():
        path = gguf if gguf is not None else weights.ensure_model(model, progress=True)
        server = LocalServer(path, n_ctx=n_ctx, host=host, port=port, n_threads=threads,
                             log_path=log_file)
        typer.echo(f"starting the model server for {path} ...", err=True)
        try:
            url = server.start()
            # Ctrl-C is how serve ends, from the moment it has a URL to print: one that comes
            # while the lines below are written is a clean stop too, not "interrupted"
            with contextlib.suppress(KeyboardInterrupt):
                typer.echo(f"--base-url {url}")
                typer.echo(
                    f"ready in {server.startup_seconds:.1f}s (n_ctx {n_ctx}); Ctrl-C to stop",
                    err=True,
                )
                while server.running:
                    server.wait(timeout=1.0)
            code = server.wait(timeout=0)
            if code is not None:
                raise ServerDied(code, server.log_tail())
        finally:
            server.stop()
        typer.echo("stopped", err=True)


def register(app: typer.Typer) -> None:
    """Add ``model info|path|verify`` and ``serve`` to ``app``."""
    app.add_typer(model_app, name="model")
    app.command("serve")(serve_command)
