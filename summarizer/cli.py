"""The ``summarizer`` command line (typer): summarize, schema, cassettes, plus the commands
of the embedded model, eval and batch.

Every expected failure is a :class:`SummarizerError`: one ``error: ...`` line on stderr and
its exit code (2 input, 3 backend, 4 embedded model, 5 cassettes), never a traceback.
"""

from __future__ import annotations

import asyncio
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from summarizer import helpstyle
from summarizer.cliutil import (
    ApiKey,
    BaseUrl,
    Gguf,
    MinConfidence,
    Model,
    NoCache,
    OutFile,
    Published,
    check_writable,
    user_errors,
    write_output,
)

helpstyle.install()

app = typer.Typer(
    name="summarizer",
    help="Typed, grounded briefs of news articles about military strikes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    json = "json"
    markdown = "markdown"
    html = "html"
    acled_csv = "acled-csv"
    plover_jsonl = "plover-jsonl"
    geojson = "geojson"


def _version(value: bool) -> None:
    if value:
        from summarizer import __version__

        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.",
                                          callback=_version, is_eager=True)] = False,
) -> None:
    """Typed, grounded briefs of news articles about military strikes."""


def _flags(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


@app.command()
def summarize(
    article: Annotated[
        str, typer.Argument(help="Article file (.txt, .md or saved .html), or - for stdin.")
    ],
    format: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="json (the contract), markdown, html (review "
                     "page), acled-csv, plover-jsonl or geojson "
                     "\\[default: markdown on a terminal, json otherwise].",
                     envvar="SUMMARIZER_FORMAT", show_default=False),
    ] = None,
    out: OutFile = None,
    published: Published = None,
    model: Model = None,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
    gguf: Gguf = None,
    min_confidence: MinConfidence = None,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Say which named rule decided each value: under each "
                     "field in Markdown, as meta.trace in JSON, on click in the review page.",
                     envvar="SUMMARIZER_EXPLAIN"),
    ] = False,
    no_cache: NoCache = False,
) -> None:
    """Print the brief of one article."""
    from summarizer.published import optional_published, with_published
    from summarizer.reader import read_article
    from summarizer.settings import Settings

    with user_errors():
        # every refusal comes before the model client is even imported (a second or two)
        check_writable(out)
        date = optional_published(published)
        settings = Settings.resolve(**_flags(model=model, base_url=base_url, api_key=api_key,
                                             gguf=gguf, min_confidence=min_confidence))
        doc = read_article(article)
        from summarizer.api import Summarizer
        from summarizer.oneshot import brief_of
        from summarizer.outputs.formats import render
        from summarizer.terminal import TerminalProgress, print_markdown

        with TerminalProgress() as progress:
            engine = Summarizer(settings, progress=progress if sys.stderr.isatty() else None)
            brief = with_published(
                asyncio.run(brief_of(doc, engine, use_cache=not no_cache, explain=explain)),
                date)
        on_terminal = out is None and sys.stdout.isatty()
        chosen = format or (Format.markdown if on_terminal else Format.json)
        text = render(chosen.value, brief, doc.text, doc.source)
        if on_terminal and chosen is Format.markdown:
            print_markdown(text)
        else:
            write_output(text, out)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a brief (schemas/brief.schema.json)."""
    from summarizer.resources import data_dir

    typer.echo((data_dir("schemas") / "brief.schema.json").read_text(encoding="utf-8"), nl=False)


cassettes_app = typer.Typer(help="Recorded LLM exchanges the tests replay.",
                            no_args_is_help=True)
app.add_typer(cassettes_app, name="cassettes")


@cassettes_app.command("record")
def cassettes_record(
    seeds: Annotated[Path, typer.Option(help="Folder of seed articles (*.txt).")] = Path("seeds"),
    out: Annotated[
        Path, typer.Option(help="Folder the cassettes are written to.")
    ] = Path("cassettes/seeds"),
    model: Model = None,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
    gguf: Gguf = None,
) -> None:
    """Re-record the seed cassettes (default: the embedded model, offline, no key)."""
    from summarizer import cassettes
    from summarizer.settings import Settings

    with user_errors():
        settings = Settings.resolve(**_flags(model=model, base_url=base_url, api_key=api_key,
                                             gguf=gguf))
        manifest = cassettes.record(seeds, out, settings)
    for name, info in manifest["briefs"].items():
        typer.echo(f"{out / (Path(name).stem + '.yaml')}: {info['events']} events, "
                   f"{info['reactions']} reactions, {info['seconds']:.1f} s")
    typer.echo(f"prompt_version {manifest['prompt_version']}; now run the tests.")


def _register_extras() -> None:
    from summarizer.batch import command as batch_command
    from summarizer.eval import command as eval_command
    from summarizer.local import commands as local_commands
    from summarizer.outputs import command as export_command

    local_commands.register(app)
    export_command.register(app)
    eval_command.register(app)
    batch_command.register(app)


_register_extras()


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
