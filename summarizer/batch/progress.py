"""The batch progress display: a rich bar with done/failed counts, rate and ETA (stderr)."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Articles per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f}/s" if speed else "-/s", style="progress.data.speed")


class BatchProgress:
    """Counts done/failed articles and shows them (a no-op display when ``show`` is off)."""

    def __init__(self, total: int | None, *, show: bool = True, what: str = "briefing") -> None:
        self.done = 0
        self.failed = 0
        self.cached = 0
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[green]done {task.fields[done]}[/] [red]failed {task.fields[failed]}[/]"),
            RateColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            disable=not show,
            transient=False,
        )
        self._task = self._progress.add_task(what, total=total, done=0, failed=0)

    def advance(self, ok: bool, cached: bool = False) -> None:
        if ok:
            self.done += 1
            self.cached += int(cached)
        else:
            self.failed += 1
        self._progress.update(self._task, advance=1, done=self.done, failed=self.failed)

    def set(self, completed: int, failed: int, total: int, status: str) -> None:
        """Absolute update (Batch API polling: request counts, not articles)."""
        self._progress.update(
            self._task, completed=completed + failed, total=total, done=completed,
            failed=failed, description=f"batch {status}",
        )

    def restart(self, total: int | None, what: str) -> None:
        """Start counting articles afresh (after the Batch API request phase)."""
        self.done = self.failed = self.cached = 0
        self._progress.reset(self._task, total=total, description=what, done=0, failed=0)

    def describe(self, text: str) -> None:
        self._progress.update(self._task, description=text)

    def __enter__(self) -> BatchProgress:
        self._progress.start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()

