"""What every command of the CLI shares: the one-line error handler and the backend options."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from summarizer.errors import SummarizerError

Model = Annotated[
    str | None,
    typer.Option(help="Model name; 'local' is the embedded offline model [default: local].",
                 envvar="SUMMARIZER_MODEL", show_default=False),
]
BaseUrl = Annotated[
    str | None,
    typer.Option(help="Any OpenAI-compatible endpoint, e.g. http://localhost:11434/v1.",
                 envvar="SUMMARIZER_BASE_URL", show_default=False),
]
ApiKey = Annotated[
    str | None,
    typer.Option(help="API key of the endpoint (never printed or recorded).",
                 envvar="OPENAI_API_KEY", show_default=False, show_envvar=True),
]
Gguf = Annotated[
    Path | None,
    typer.Option(help="Serve this GGUF file instead of the embedded model.",
                 envvar="SUMMARIZER_GGUF", show_default=False),
]


@contextlib.contextmanager
def user_errors(*, interrupted: str = "error: interrupted") -> Iterator[None]:
    """Turn an expected failure into one ``error: ...`` line on stderr and its exit code
    (a file the OS refused: 1; Ctrl-C: 130 after ``interrupted``), never a traceback."""
    try:
        yield
    except SummarizerError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(err.exit_code) from None
    except OSError as err:
        typer.echo(f"error: {err.strerror or err}: {err.filename or ''}".rstrip(": "), err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        typer.echo(interrupted, err=True)
        raise typer.Exit(130) from None
