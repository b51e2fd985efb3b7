"""Progress bars on stderr (rich), one per stage with its count, unit, elapsed time and ETA;
silent when disabled or not a terminal."""
from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.progress import Progress as RichProgress


class Progress:
    def __init__(self, enabled: bool = True, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self._bar = RichProgress(
            TextColumn("[bold]{task.description:<8}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[unit]}"), TimeElapsedColumn(), TimeRemainingColumn(), console=self.console,
            disable=not (enabled and self.console.is_terminal), transient=False,
        )
        self._tasks: dict[str, TaskID] = {}
        self._started = False

    def stage(self, name: str, total: float | None, unit: str = "") -> None:
        if not self._started:
            self._bar.start()
            self._started = True
        for other, task in self._tasks.items():
            if other != name:
                self._bar.update(task, total=self._bar.tasks[task].completed)
        self._tasks[name] = self._bar.add_task(name, total=total, unit=unit)

    def advance(self, name: str, amount: float = 1) -> None:
        if name in self._tasks:
            self._bar.advance(self._tasks[name], amount)

    def close(self) -> None:
        if self._started:
            self._bar.stop()
            self._started = False
