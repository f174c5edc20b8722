"""Pausing the garbage collector while many small objects are made at once.

Building a graph view or the arrays of 250,000 ties makes hundreds of
thousands of dicts, tuples and lists that hold no reference cycles; the
collector would scan the growing heap again and again while they are made,
which costs a third to a half of the time.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off (restored after).

    Examples
    --------
    >>> with collector_paused():
    ...     rows = [{"weight": 1.0} for _ in range(3)]
    >>> gc.isenabled()
    True
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
