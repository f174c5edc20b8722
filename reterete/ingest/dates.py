"""Strict dates: ISO first, then explicit day-first forms, never a guess.

``pandas.to_datetime(..., dayfirst=True)`` infers one format from the first
value, swaps ISO dates whose day is 12 or less and reads ``09/15/2024`` as 15
September without a word. Here every distinct value is matched against the
accepted forms; a value that matches none (or names an impossible day) is an
error for its rows.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import numpy as np
import pandas as pd

from ..i18n import M_
from ..identity import distinct

__all__ = ["parse_dates", "DATE_FORMS"]

#: Accepted textual forms, tried in this order.
DATE_FORMS = (
    "YYYY-MM-DD (ISO), optionally with a time HH:MM[:SS]",
    "DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY (also with two-digit years), optionally with HH:MM",
)

_TIME = r"(?:[ T]+(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:\.\d+)?)?)?"
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _TIME + r"(?:Z|[+-]00:?00)?$")
_ISO_SLASH = re.compile(r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})" + _TIME + "$")
_DAYFIRST = re.compile(r"^(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{2}|\d{4})"
                       + _TIME + "$")


def _two_digit_year(yy: int) -> int:
    return 2000 + yy


def _parse_one(text: str) -> tuple[pd.Timestamp | None, str | None]:
    """(timestamp, None) or (None, reason)."""
    s = text.strip()
    if not s:
        return None, M_("is empty")
    m = _ISO.match(s) or _ISO_SLASH.match(s)
    dayfirst = False
    if m is None:
        m = _DAYFIRST.match(s)
        dayfirst = m is not None
    if m is None:
        return None, M_("is not a date in a form reterete reads: write day/month/year "
                        "(15/09/2024) or year-month-day (2024-09-15)")
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if dayfirst and len(m["y"]) == 2:
        y = _two_digit_year(y)
    if not 1 <= mo <= 12:
        if dayfirst and 1 <= d <= 12 and mo <= 31:
            return None, M_("is not a date: month {month} does not exist (it looks "
                            "month-first, {month} being the day; reterete reads dates "
                            "day-first: write it as day/month/year)", month=mo)
        return None, M_("is not a date: month {month} does not exist", month=mo)
    try:
        ts = pd.Timestamp(year=y, month=mo, day=d, hour=int(m["H"] or 0),
                          minute=int(m["M"] or 0), second=int(m["S"] or 0))
    except ValueError:
        try:
            date(y, mo, d)
        except ValueError:
            return None, M_("is not a date: day {day} does not exist in {month}", day=d,
                            month=str(pd.Period(year=y, month=mo, freq="M")))
        return None, M_("is not a valid time of day")
    if not 1900 <= y <= 2100:
        return None, M_("is not a plausible date (year {year})", year=y)
    return ts, None


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of dates strictly.

    Returns ``(dates, reasons)``: ``dates`` is datetime64 with NaT where a
    value could not be read, ``reasons`` the plain-words reason there (None
    elsewhere). Spreadsheet date cells (``datetime``/``date``) are taken as they
    are; numbers are refused (an Excel serial number typed as text is not a
    date a person can check).

    Examples
    --------
    >>> d, why = parse_dates(pd.Series(["15/09/2024", "2024-09-05", "05.10.24", "09/15/2024"]))
    >>> [str(x.date()) if x is not pd.NaT else None for x in d]
    ['2024-09-15', '2024-09-05', '2024-10-05', None]
    >>> why[3].startswith("is not a date: month 15 does not exist")
    True
    """
    codes, uniques = distinct(values)
    parsed = np.full(len(uniques) + 1, np.datetime64("NaT"), dtype="datetime64[ns]")
    reasons = np.empty(len(uniques) + 1, dtype=object)
    reasons[-1] = M_("is empty")
    for i, u in enumerate(uniques):
        ts, why = _parse_value(u)
        if ts is not None:
            parsed[i] = ts.to_datetime64()
        reasons[i] = why
    # code -1 (missing) takes the last slot: NaT, "is empty"
    out = pd.Series(parsed[codes], index=values.index, dtype="datetime64[ns]")
    return out, pd.Series(reasons[codes], index=values.index, dtype=object)


def _parse_value(value: object) -> tuple[pd.Timestamp | None, str | None]:
    if isinstance(value, pd.Timestamp):
        # the wall-clock time the person logged, as for datetime cells below;
        # converting to UTC would move late-evening contacts to the next day
        return (value.tz_localize(None) if value.tzinfo else value), None
    if isinstance(value, datetime):
        return pd.Timestamp(value.replace(tzinfo=None)), None
    if isinstance(value, date):
        return pd.Timestamp(value), None
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value), None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return None, M_("is a number, not a date: format the column as dates")
    return _parse_one(str(value))
