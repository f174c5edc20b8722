"""Progress bars for the command line: rich, on stderr, only for a person.

:func:`progress_bars` is installed by ``handle_errors`` around every command:
it listens to :func:`reterete.progress.task` (see that module for how library
code reports a step) and draws one rich bar per running step on stderr. It
shows nothing with ``--json``, when stderr is not a terminal (a pipe, a log
file, the tests), or with ``RETERETE_PROGRESS=0``; bars disappear when their
step ends, so the command's own output stays as it was.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

__all__ = ["progress_bars", "wanted"]


def wanted(*, json_out: bool) -> bool:
    """Whether bars should be drawn: a terminal on stderr, no ``--json``."""
    if json_out or os.environ.get("RETERETE_PROGRESS", "1") == "0":
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class _RichListener:
    """Starts rich's live display with the first step, stops it after the last."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._open = 0

    def start(self, label: str, total: int | None) -> Any:
        if self._progress is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True), transient=True)
            self._progress.start()
        self._open += 1
        return self._progress.add_task(label, total=total)

    def update(self, handle: Any, done: int, total: int | None, label: str) -> None:
        self._progress.update(handle, completed=done, total=total, description=label)

    def stop(self, handle: Any) -> None:
        self._progress.remove_task(handle)
        self._open -= 1
        if self._open == 0:
            self._progress.stop()
            self._progress = None


@contextlib.contextmanager
def progress_bars(*, json_out: bool) -> Iterator[None]:
    """Draw the library's steps as bars while the block runs (when :func:`wanted`)."""
    if not wanted(json_out=json_out):
        yield
        return
    from ..progress import listening

    listener = _RichListener()
    try:
        with listening(listener):
            yield
    finally:
        if listener._progress is not None:
            listener._progress.stop()
