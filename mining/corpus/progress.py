"""Progress of a mine run: a small protocol, and a rich progress bar (rate, ETA, live error count).

The library never prints on its own: `mine` reports progress only to an object the caller passes.
`RichProgress` draws on stderr and is what the CLI and the notebook API pass when stderr is a
terminal (``progress="auto"``); anything with the same three methods works (a logger, a test spy).
"""

from __future__ import annotations

import sys
from typing import Any, Protocol


class Progress(Protocol):
    def start(self, total: int, skipped: int) -> None: ...

    def update(self, done: int, errors: int) -> None: ...

    def close(self) -> None: ...


class RichProgress:
    """A rich bar: reports done / total, reports per second, ETA and the errors so far."""

    def __init__(self, description: str = "mining") -> None:
        self.description = description
        self._bar: Any = None
        self._task: Any = None

    def start(self, total: int, skipped: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} rep/s"),
            TextColumn("[red]{task.fields[errors]} errors"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        desc = self.description + (f" ({skipped} already done)" if skipped else "")
        self._task = self._bar.add_task(desc, total=total, rate="-", errors=0)
        self._bar.start()

    def update(self, done: int, errors: int) -> None:
        if self._bar is None:
            return
        task = self._bar.tasks[0]
        rate = f"{task.speed:.1f}" if task.speed else "-"
        self._bar.update(self._task, completed=done, errors=errors, rate=rate)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


class NoProgress:
    """Reports nothing."""

    def start(self, total: int, skipped: int) -> None:
        pass

    def update(self, done: int, errors: int) -> None:
        pass

    def close(self) -> None:
        pass


def resolve_progress(progress: Any) -> Progress:
    """Return the reporter for `progress`: True (rich), ``"auto"`` (rich on a terminal), False/None, or an object."""
    if progress is None or progress is False:
        return NoProgress()
    if progress is True:
        return RichProgress()
    if progress == "auto":
        return RichProgress() if sys.stderr.isatty() else NoProgress()
    return progress
