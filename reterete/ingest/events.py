"""Large events: how an attendance log's crowded events become ties.

An attendance row ties every pair of participants of the same event (event +
date): ``n (n - 1) / 2`` ties. A 5,000-person event is 12.5 million ties,
gigabytes of memory and minutes of work, and a network where the event
drowns everything else. An event with more participants than
:data:`LARGE_EVENT_SIZE` (500 by default; ``--large-event-size`` or
``RETERETE_LARGE_EVENT_SIZE``) is therefore refused, naming its file, row,
name and size, unless the user chooses how to count it
(``--large-events``):

``keep``
    every pair, as for small events;
``skip``
    the event gives no ties (a warning names it);
``star``
    each participant is tied to one node standing for the event, named
    ``EVENT [DATE]`` (``n`` ties instead of ``n (n - 1) / 2``): the event
    appears as an actor, and participants meet through it at distance 2.

The choice is made before any pair is built, so memory stays proportional
to the file. The command line sets it for one command with
:func:`large_events`; library calls pass ``large_events=`` to
:func:`reterete.read_contacts` (or use the same context manager).

Examples
--------
>>> with large_events("star", size=100):
...     current()
('star', 100)
>>> current()[0] is None
True
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator

from ..errors import InputError

__all__ = ["LARGE_EVENT_SIZE", "POLICIES", "large_events", "current", "event_node_name"]

#: Participants above which an event needs a choice (``--large-events``).
LARGE_EVENT_SIZE = 500
#: The choices for a large event.
POLICIES = ("keep", "skip", "star")

_policy: contextvars.ContextVar[tuple[str | None, int | None]] = contextvars.ContextVar(
    "reterete_large_events", default=(None, None))


def _default_size() -> int:
    try:
        return max(2, int(os.environ.get("RETERETE_LARGE_EVENT_SIZE", LARGE_EVENT_SIZE)))
    except ValueError:
        return LARGE_EVENT_SIZE


def current(policy: str | None = None, size: int | None = None) -> tuple[str | None, int]:
    """The policy and size in force: the arguments, else the context's, else the defaults."""
    ctx_policy, ctx_size = _policy.get()
    policy = policy if policy is not None else ctx_policy
    size = size if size is not None else ctx_size
    return check_policy(policy), int(size) if size is not None else _default_size()


def check_policy(policy: str | None) -> str | None:
    """``policy`` if it is one of :data:`POLICIES` (or None); else an InputError."""
    if policy is None:
        return None
    value = str(policy).strip().lower()
    if value not in POLICIES:
        from ..i18n import _

        raise InputError(_("--large-events must be keep, skip or star, not {value!r}")
                         .format(value=policy))
    return value


@contextlib.contextmanager
def large_events(policy: str | None, size: int | None = None) -> Iterator[None]:
    """Count large events by ``policy`` (and threshold ``size``) inside a ``with`` block."""
    if size is not None and int(size) < 2:
        from ..i18n import _

        raise InputError(_("--large-event-size must be at least 2, not {value}").format(
            value=size))
    token = _policy.set((check_policy(policy), None if size is None else int(size)))
    try:
        yield
    finally:
        _policy.reset(token)


def event_node_name(event: object, date: object) -> str:
    """The name of the node standing for an event with ``star``: ``EVENT [DATE]``.

    >>> import pandas as pd
    >>> event_node_name("Festa di quartiere", pd.Timestamp("2024-09-15"))
    'Festa di quartiere [2024-09-15]'
    """
    import pandas as pd

    when = pd.Timestamp(date)
    text = when.date().isoformat() if when == when.normalize() else when.isoformat(
        sep=" ", timespec="minutes")
    return f"{str(event).strip()} [{text}]"
