"""What only a terminal gets: a progress line on stderr and Markdown drawn by Rich.

Nothing here runs when the stream is a pipe or a file: the CLI checks ``isatty()`` first,
so piped output stays byte-for-byte what it always was.
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.markdown import Markdown
from rich.progress import Progress as Bar
from rich.progress import ProgressColumn, SpinnerColumn, Task, TaskID, TextColumn
from rich.text import Text

from summarizer.progress import Progress

STARTING = "starting the embedded model…"


class _Seconds(ProgressColumn):
    """Seconds since the line appeared, e.g. ``12 s``."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.elapsed or 0.0:.0f} s", style="progress.elapsed")


class TerminalProgress:
    """A one-line progress display on stderr, cleared when closed; use it as the
    ``progress`` callback of a :class:`~summarizer.api.Summarizer` inside ``with``."""

    def __init__(self, console: Console | None = None) -> None:
        self._bar = Bar(
            SpinnerColumn(), TextColumn("{task.description}"), _Seconds(),
            console=console or Console(stderr=True), transient=True,
            redirect_stdout=False, redirect_stderr=False,
        )
        self._task: TaskID | None = None

    def __call__(self, event: Progress) -> None:
        text = STARTING if event.stage == "starting" else f"calls {event.done}/{event.total}"
        if self._task is None:
            self._bar.start()
            self._task = self._bar.add_task(text)
        self._bar.update(self._task, description=text, refresh=True)

    def close(self) -> None:
        """Clear the line (a no-op if nothing was shown)."""
        if self._task is not None:
            self._bar.stop()
            self._task = None

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def print_markdown(text: str, console: Console | None = None) -> None:
    """``text`` drawn as Markdown (headings, lists, escapes resolved) on stdout."""
    (console or Console()).print(Markdown(text))
