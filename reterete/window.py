"""Time windows: ``--from`` / ``--to`` bounds, inclusive, by day or by month."""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd

from .errors import InputError

__all__ = ["parse_bound", "Window"]

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")

Bound = "str | date | datetime | pd.Timestamp | None"


def parse_bound(value: object, *, side: str) -> pd.Timestamp | None:
    """Turn a window bound into a timestamp; ``side`` is ``"start"`` or ``"end"``.

    A ``YYYY-MM`` end runs to the last instant of that month; a ``YYYY-MM-DD``
    end to the last instant of that day, so both are inclusive.

    Examples
    --------
    >>> parse_bound("2024-12", side="end")
    Timestamp('2024-12-31 23:59:59.999999999')
    >>> parse_bound("2024-09-15", side="start")
    Timestamp('2024-09-15 00:00:00')
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if side not in ("start", "end"):
        raise ValueError("side must be 'start' or 'end'")
    if isinstance(value, str):
        m = _MONTH.match(value)
        d = _DAY.match(value)
        try:
            if m:
                ts = pd.Timestamp(year=int(m[1]), month=int(m[2]), day=1)
                unit = "month"
            elif d:
                ts = pd.Timestamp(year=int(d[1]), month=int(d[2]), day=int(d[3]))
                unit = "day"
            else:
                raise ValueError
        except ValueError:
            raise InputError(
                f"{value!r} is not a date: write YYYY-MM-DD (2024-09-15) or YYYY-MM (2024-09)"
            ) from None
    elif isinstance(value, (pd.Timestamp, datetime, date)):
        ts = pd.Timestamp(value)
        if ts.tzinfo is not None:
            ts = ts.tz_convert(None)
        unit = "instant" if ts != ts.normalize() else "day"
    else:
        from .i18n import _

        raise InputError(_("{value} is not a date: write YYYY-MM-DD, YYYY-MM or a date-time "
                           "YYYY-MM-DDTHH:MM").format(value=repr(value)))
    if side == "end":
        if unit == "month":
            return ts + pd.offsets.MonthBegin(1) - pd.Timedelta(1, "ns")
        if unit == "day":
            return ts + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    return ts


class Window:
    """An inclusive time window ``[start, end]``; ``None`` is open."""

    __slots__ = ("start", "end")

    def __init__(self, start: object = None, end: object = None):
        self.start = parse_bound(start, side="start")
        self.end = parse_bound(end, side="end")
        if self.start is not None and self.end is not None and self.start > self.end:
            from .i18n import _

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
