"""Progress of long steps: the library says what it is doing, a listener shows it.

Library code marks a step that can take more than a couple of seconds on big
inputs::

    from reterete.progress import task

    with task(_("Reading {file}").format(file=name), total=len(chunks)) as t:
        for chunk in chunks:
            ...
            t.advance()          # or t.update(done=k, total=n, label=...)

Without a listener (a notebook, a test, ``--json``) :func:`task` costs one
context-variable lookup and shows nothing. The command line listens with
:func:`reterete.cli._progress.progress_bars`: rich bars on stderr, only when
stderr is a terminal and ``--json`` is off, removed when the step ends.

A listener is any object with ``start(label, total) -> handle``,
``update(handle, done, total, label)`` and ``stop(handle)``; install one
for a block with :func:`listening`. ``total=None`` means "unknown" (a
spinner). Labels are sentences for people (translate them with
:func:`reterete.i18n._`); never put a person's name or a note in one.

Examples
--------
>>> with task("Counting", total=3) as t:   # nobody listens: nothing shown
...     for _ in range(3):
...         t.advance()
>>> class Log:
...     def start(self, label, total): print("start", label, total); return label
...     def update(self, h, done, total, label): print("at", done)
...     def stop(self, h): print("stop", h)
>>> with listening(Log()), task("Reading", total=2) as t:
...     t.advance(2)
start Reading 2
at 2
stop Reading
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any, Protocol

__all__ = ["Task", "Listener", "task", "listening"]


class Listener(Protocol):
    """What shows progress: the command line's rich bars, a test's recorder."""

    def start(self, label: str, total: int | None) -> Any: ...

    def update(self, handle: Any, done: int, total: int | None, label: str) -> None: ...

    def stop(self, handle: Any) -> None: ...


_listener: contextvars.ContextVar[Listener | None] = contextvars.ContextVar(
    "reterete_progress", default=None)


class Task:
    """One step under way; :meth:`advance` and :meth:`update` report on it."""

    __slots__ = ("_listener", "_handle", "done", "total", "label")

    def __init__(self, listener: Listener | None, label: str, total: int | None):
        self._listener = listener
        self.label = label
        self.total = total
        self.done = 0
        self._handle = listener.start(label, total) if listener is not None else None

    def advance(self, n: int = 1) -> None:
        """``n`` more units done."""
        self.done += n
        if self._listener is not None:
            self._listener.update(self._handle, self.done, self.total, self.label)

    def update(self, *, done: int | None = None, total: int | None = None,
               label: str | None = None) -> None:
        """Set how much is done, the total or the label."""
        if done is not None:
            self.done = done
        if total is not None:
            self.total = total
        if label is not None:
            self.label = label
        if self._listener is not None:
            self._listener.update(self._handle, self.done, self.total, self.label)

    def _stop(self) -> None:
        if self._listener is not None:
            self._listener.stop(self._handle)


@contextlib.contextmanager
def task(label: str, total: int | None = None) -> Iterator[Task]:
    """Report a step to the listener in force, if any, while the block runs."""
    t = Task(_listener.get(), label, total)
    try:
        yield t
    finally:
        t._stop()


@contextlib.contextmanager
def listening(listener: Listener | None) -> Iterator[None]:
    """Send every :func:`task` of this context (thread, request) to ``listener``."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
