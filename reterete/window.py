"""Time windows: ``--from`` / ``--to`` bounds, inclusive at their grain.

A bound names a period: a quarter (``2024-Q3``), a month (``2024-09``), an
ISO week (``2024-W37``), a day (``2024-09-15``), an hour
(``2013-12-03T08``), a minute (``2013-12-03T08:00``, or with a space) or a
second (``2013-12-03T08:00:20``). A start is the first instant of its
period, an end the last: ``--to 2024-12`` runs to the end of December,
``--to 2013-12-03`` to the end of that day, ``--to 2013-12-03T08`` to the end
of that hour.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd

from .errors import InputError
from .i18n import _

__all__ = ["parse_bound", "Window", "GRAINS"]

#: Grains a bound can name, finest last.
GRAINS = ("quarter", "month", "week", "day", "hour", "minute", "second")

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.I)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.I)
_MOMENT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})"
                     r"(?:(?:T|\s+)(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?)?$")
_STEP = {"hour": pd.Timedelta(hours=1), "minute": pd.Timedelta(minutes=1),
         "second": pd.Timedelta(seconds=1), "day": pd.Timedelta(days=1),
         "week": pd.Timedelta(weeks=1)}

Bound = "str | date | datetime | pd.Timestamp | None"


def _from_text(value: str) -> tuple[pd.Timestamp, str]:
    """(first instant, grain) of a written bound; ValueError if unreadable."""
    text = value.strip()
    if m := _QUARTER.match(text):
        return pd.Timestamp(year=int(m[1]), month=3 * int(m[2]) - 2, day=1), "quarter"
    if m := _MONTH.match(text):
        return pd.Timestamp(year=int(m[1]), month=int(m[2]), day=1), "month"
    if m := _WEEK.match(text):
        return pd.Timestamp(date.fromisocalendar(int(m[1]), int(m[2]), 1)), "week"
    if m := _MOMENT.match(text):
        parts = [int(x) for x in m.groups() if x is not None]
        grain = ("day", "hour", "minute", "second")[len(parts) - 3]
        return pd.Timestamp(*parts), grain
    raise ValueError(text)


def parse_bound(value: object, *, side: str) -> pd.Timestamp | None:
    """Turn a window bound into a timestamp; ``side`` is ``"start"`` or ``"end"``.

    An end runs to the last instant of the period it names, so every bound
    is inclusive at its grain (see the module's docstring for the forms).
    Timestamps and datetimes are instants, except that one at midnight names
    its whole day.

    Examples
    --------
    >>> parse_bound("2024-12", side="end")
    Timestamp('2024-12-31 23:59:59.999999999')
    >>> parse_bound("2024-09-15", side="start")
    Timestamp('2024-09-15 00:00:00')
    >>> parse_bound("2013-12-03T08", side="end")
    Timestamp('2013-12-03 08:59:59.999999999')
    >>> parse_bound("2013-12-03 08:00", side="end")
    Timestamp('2013-12-03 08:00:59.999999999')
    >>> parse_bound("2024-Q3", side="end"), parse_bound("2024-W37", side="start")
    (Timestamp('2024-09-30 23:59:59.999999999'), Timestamp('2024-09-09 00:00:00'))
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if side not in ("start", "end"):
        raise ValueError("side must be 'start' or 'end'")
    if isinstance(value, str):
        try:
            ts, unit = _from_text(value)
        except ValueError:
            raise InputError(_(
                "{value!r} is not a date: write YYYY-MM-DD (2024-09-15), YYYY-MM (2024-09), "
                "or a date and time (2013-12-03T08:00 or \"2013-12-03 08:00\")").format(
                    value=value)) from None
    elif isinstance(value, (pd.Timestamp, datetime, date)):
        ts = pd.Timestamp(value)
        if ts.tzinfo is not None:
            ts = ts.tz_convert(None)
        unit = "instant" if ts != ts.normalize() else "day"
    else:
        raise InputError(_("{value} is not a date: write YYYY-MM-DD, YYYY-MM or a date-time "
                           "YYYY-MM-DDTHH:MM").format(value=repr(value)))
    if side == "end":
        if unit == "quarter":
            return ts + pd.offsets.QuarterBegin(1, startingMonth=1) - pd.Timedelta(1, "ns")
        if unit == "month":
            return ts + pd.offsets.MonthBegin(1) - pd.Timedelta(1, "ns")
        if unit in _STEP:
            return ts + _STEP[unit] - pd.Timedelta(1, "ns")
    return ts


class Window:
    """An inclusive time window ``[start, end]``; ``None`` is open."""

    __slots__ = ("start", "end")

    def __init__(self, start: object = None, end: object = None):
        self.start = parse_bound(start, side="start")
        self.end = parse_bound(end, side="end")
        if self.start is not None and self.end is not None and self.start > self.end:
            raise InputError(_("the window starts ({start}) after it ends ({end})").format(
                start=start, end=end))

    def mask(self, dates: pd.Series) -> pd.Series:
        keep = pd.Series(True, index=dates.index)
        if self.start is not None:
            keep &= dates >= self.start
        if self.end is not None:
            keep &= dates <= self.end
        return keep

    def __repr__(self) -> str:
        return f"Window({self.start}, {self.end})"
