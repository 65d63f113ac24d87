"""What the commands of the CLI share: the one-line error handler, the backend options and
``--out`` (a file instead of stdout)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from summarizer.errors import OutputUnwritable, SummarizerError

Model = Annotated[
    str | None,
    typer.Option(help="Model name; 'local' is the embedded offline model \\[default: local].",
                 envvar="SUMMARIZER_MODEL", show_default=False, metavar="NAME"),
]
BaseUrl = Annotated[
    str | None,
    typer.Option(help="Any OpenAI-compatible endpoint, e.g. http://localhost:11434/v1.",
                 envvar="SUMMARIZER_BASE_URL", show_default=False, metavar="URL"),
]
ApiKey = Annotated[
    str | None,
    typer.Option(help="API key of the endpoint (never printed or recorded).",
                 envvar="OPENAI_API_KEY", show_default=False, show_envvar=True,
                 metavar="KEY"),
]
Gguf = Annotated[
    Path | None,
    typer.Option(help="Serve this GGUF file instead of the embedded model.",
                 envvar="SUMMARIZER_GGUF", show_default=False, metavar="FILE"),
]
MinConfidence = Annotated[
    float | None,
    typer.Option("--min-confidence", help="Drop events whose confidence is below this, from 0 "
                 "to 1; 0 keeps every event the rules make \\[default: the packaged threshold, "
                 "0.4].", envvar="SUMMARIZER_MIN_CONFIDENCE", show_default=False, metavar="X"),
]
Published = Annotated[
    str | None,
    typer.Option("--published", metavar="YYYY-MM-DD",
                 help="Publication date of articles whose text has no dateline.",
                 envvar="SUMMARIZER_PUBLISHED", show_default=False),
]
OutFile = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write to this file instead of stdout.",
                 show_default=False, metavar="FILE"),
]


NoCache = Annotated[
    bool,
    typer.Option("--no-cache", help="Make the brief anew even if the brief cache has it "
                 "(the new one replaces it).",
                 envvar="SUMMARIZER_NO_CACHE", show_default=False),
]


def write_output(text: str, out: Path | None) -> None:
    """``text``, ending in a newline unless empty, to ``out`` or (without one) stdout;
    raises SummarizerError when the file cannot be written."""
    if text and not text.endswith("\n"):
        text += "\n"
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputUnwritable(out, exc.strerror or str(exc)) from None


def check_writable(out: Path | None) -> None:
    """Raise :class:`OutputUnwritable` now if ``out`` could not be written later, so a
    wrong ``--out`` costs a second, not a model run. Leaves no file behind: an existing
    one is opened for appending (its content untouched), a new one made and removed."""
    if out is None:
        return
    if out.is_dir():
        raise OutputUnwritable(out, "it is a directory")
    existed = out.exists()
    if existed and not out.is_file():  # /dev/stdout, a FIFO: opening one may block
        return
    try:
        with out.open("ab"):
            pass
    except OSError as exc:
        raise OutputUnwritable(out, exc.strerror or str(exc)) from None
    if not existed:
        with contextlib.suppress(OSError):
            os.unlink(out)


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
