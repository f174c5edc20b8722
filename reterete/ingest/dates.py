"""Strict dates: ISO first, then explicit day-first forms, never a guess.

``pandas.to_datetime(..., dayfirst=True)`` infers one format from the first
value, swaps ISO dates whose day is 12 or less and reads ``09/15/2024`` as 15
September without a word. Here every distinct value is matched against the
accepted forms; a value that matches none (or names an impossible day) is an
error for its rows.

Dates keep their time of day when they have one (``2013-12-02 11:00:20``,
``02/12/2013 11:00``, spreadsheet date-time cells). A column named as a time
(``timestamp``, ``time``, ``datetime`` ...) may also hold Unix times, seconds
or milliseconds since 1970 (UTC), turned into the local date-time of a time
zone. Beyond single values, :func:`parse_date_column` looks at a column as a
whole: numbers that look like Unix times in a plain date column, and a column
whose every value reads both day-first and month-first while the month-first
reading is far more plausible.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..i18n import M_, Period, _
from ..identity import distinct

__all__ = ["parse_dates", "parse_date_column", "parse_times_of_day", "DateColumn",
           "DATE_FORMS", "local_timezone", "timezone_of", "unix_times", "time_origin",
           "parse_time_origin"]

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


def _parse_one(text: str, dayfirst: bool = True) -> tuple[pd.Timestamp | None, str | None]:
    """(timestamp, None) or (None, reason); ``dayfirst=False`` reads the
    slashed forms month-first (``12/02/2013`` is 2 December)."""
    s = text.strip()
    if not s:
        return None, M_("is empty")
    m = _ISO.match(s) or _ISO_SLASH.match(s)
    dayfirst_form = False
    if m is None:
        m = _DAYFIRST.match(s)
        dayfirst_form = m is not None
    if m is None:
        return None, M_("is not a date in a form reterete reads: write day/month/year "
                        "(15/09/2024) or year-month-day (2024-09-15)")
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if dayfirst_form and not dayfirst:
        mo, d = d, mo
        if not 1 <= mo <= 12:
            return None, M_("is not a date: month {month} does not exist (reading dates "
                            "month-first, as --monthfirst asks)", month=mo)
    if dayfirst_form and len(m["y"]) == 2:
        y = _two_digit_year(y)
    if not 1 <= mo <= 12:
        if dayfirst_form and 1 <= d <= 12 and mo <= 31:
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
                            month=Period(f"{y:04d}-{mo:02d}"))
        return None, M_("is not a valid time of day")
    if not 1900 <= y <= 2100:
        return None, M_("is not a plausible date (year {year})", year=y)
    return ts, None


def parse_dates(values: pd.Series, *, dayfirst: bool | None = None,
                timestamps: bool = False, timezone: str | None = None
                ) -> tuple[pd.Series, pd.Series]:
    """Parse a column of dates strictly.

    Returns ``(dates, reasons)``: ``dates`` is datetime64 with NaT where a
    value could not be read, ``reasons`` the plain-words reason there (None
    elsewhere). Spreadsheet date cells (``datetime``/``date``) are taken as they
    are; numbers are refused (an Excel serial number typed as text is not a
    date a person can check), unless ``timestamps`` says the column is named
    as a time: then numbers are Unix times (see :func:`parse_date_column`).

    Examples
    --------
    >>> d, why = parse_dates(pd.Series(["15/09/2024", "2024-09-05", "05.10.24", "09/15/2024"]))
    >>> [str(x.date()) if x is not pd.NaT else None for x in d]
    ['2024-09-15', '2024-09-05', '2024-10-05', None]
    >>> why[3].startswith("is not a date: month 15 does not exist")
    True
    """
    col = parse_date_column(values, dayfirst=dayfirst, timestamps=timestamps,
                            timezone=timezone)
    return col.dates, col.reasons


@dataclass
class DateColumn:
    """What :func:`parse_date_column` found in one column.

    Attributes
    ----------
    dates, reasons : Series
        As :func:`parse_dates` returns them.
    unix_like : bool
        The values that could not be read are all numbers that look like Unix
        times (and the column is not named as a time): one problem for the
        column says so, not one per row.
    ambiguous : dict or None
        When every value reads both day-first and month-first and the
        month-first reading is far more plausible: both readings' first and
        last dates (``dayfirst``, ``monthfirst``, pairs of Timestamps) and an
        example value.
    unix : str or None
        ``"s"`` or ``"ms"`` when Unix times were read, ``"relative"`` when
        seconds since a :func:`time_origin`.
    """

    dates: pd.Series
    reasons: pd.Series
    unix_like: bool = False
    ambiguous: dict | None = None
    unix: str | None = None


#: The start of a study whose logs count seconds from it (``--time-origin``).
_TIME_ORIGIN: contextvars.ContextVar[pd.Timestamp | None] = contextvars.ContextVar(
    "reterete_time_origin", default=None)


def parse_time_origin(value: object) -> pd.Timestamp:
    """A ``--time-origin`` as a wall-clock Timestamp; a plain-words error if not one.

    Examples
    --------
    >>> parse_time_origin("2013-12-02T08:00")
    Timestamp('2013-12-02 08:00:00')
    """
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        ts = pd.NaT
    if ts is pd.NaT:
        from ..i18n import _

        raise InputError(_("--time-origin {value} is not a date and time: write it as "
                           "2013-12-02 or 2013-12-02T08:00").format(value=repr(str(value))))
    return ts.tz_localize(None) if ts.tzinfo is not None else ts


@contextlib.contextmanager
def time_origin(origin: object | None) -> Iterator[pd.Timestamp | None]:
    """Within this block, numbers in a column named as a time (``t``,
    ``timestamp`` ...) are seconds since ``origin`` (the start of a study, as
    sensor data sets count them), not Unix times. None changes nothing.

    Examples
    --------
    >>> with time_origin("2013-12-02 08:00"):
    ...     col = parse_date_column(pd.Series(["20", "3600"]), timestamps=True)
    >>> [str(d) for d in col.dates], col.unix
    (['2013-12-02 08:00:20', '2013-12-02 09:00:00'], 'relative')
    """
    if origin is None:
        yield None
        return
    ts = parse_time_origin(origin)
    token = _TIME_ORIGIN.set(ts)
    try:
        yield ts
    finally:
        _TIME_ORIGIN.reset(token)


#: Unix times accepted: 1971-01-01 to 2100-01-01, in seconds.
_UNIX_RANGE = (31_536_000, 4_102_444_800)
_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


def parse_date_column(values: pd.Series, *, dayfirst: bool | None = None,
                      timestamps: bool = False, timezone: str | None = None) -> DateColumn:
    """Parse a date (or date-time, or Unix time) column and judge it as a whole.

    Parameters
    ----------
    values : Series
        The cells, as text, spreadsheet dates, or numbers.
    dayfirst : bool, optional
        ``None`` (default) reads ``02/12/2013`` day-first and warns through
        :attr:`DateColumn.ambiguous` when the whole column reads better
        month-first; ``True`` reads day-first without that check; ``False``
        reads month-first.
    timestamps : bool
        The column is named as a time (``timestamp``, ``time``, ``t`` ...):
        numbers are Unix times, seconds or milliseconds (the larger unit when
        the column's values are 10\\ :sup:`11` or more), in UTC.
    timezone : str, optional
        IANA zone for Unix times (default: the local zone); the dates are the
        zone's wall-clock times, without a zone, like every other date.

    Examples
    --------
    >>> col = parse_date_column(pd.Series([1385974800, "1385978420"]), timestamps=True,
    ...                         timezone="Europe/Paris")
    >>> [str(d) for d in col.dates], col.unix
    (['2013-12-02 10:00:00', '2013-12-02 11:00:20'], 's')
    >>> col = parse_date_column(pd.Series(["12/02/2013", "12/04/2013", "12/06/2013"]))
    >>> [str(d.date()) for d in col.ambiguous["monthfirst"]]
    ['2013-12-02', '2013-12-06']
    """
    codes, uniques = distinct(values)
    n = len(uniques)
    parsed = np.full(n + 1, np.datetime64("NaT", "ns"), dtype="datetime64[ns]")
    reasons = np.empty(n + 1, dtype=object)
    reasons[-1] = _EMPTY
    numbers = np.full(n, np.nan)
    for k, u in enumerate(uniques):
        number = _as_number(u)
        if number is not None:
            numbers[k] = number
            if timestamps:
                continue
        ts, why = _parse_value(u, True if dayfirst is None else dayfirst)
        if ts is not None:
            parsed[k] = ts.to_datetime64()
        reasons[k] = why
    out = DateColumn(pd.Series(), pd.Series())
    is_number = ~np.isnan(numbers)
    origin = _TIME_ORIGIN.get()
    if timestamps and is_number.any() and origin is not None:
        # seconds since the start of a study (--time-origin)
        out.unix = "relative"
        where = np.flatnonzero(is_number)
        offsets = np.round(numbers[is_number] * 1e9).astype("int64").astype("timedelta64[ns]")
        parsed[where] = np.datetime64(origin.to_datetime64(), "ns") + offsets
        reasons[where] = None
    elif timestamps and is_number.any():
        # milliseconds from 1e12 (September 2001): 253402300799 is the last
        # second of the year 9999, not a millisecond of 1978
        out.unix = "ms" if np.nanmedian(numbers) >= 1e12 else "s"
        secs = numbers[is_number] / (1000.0 if out.unix == "ms" else 1.0)
        ok = (secs >= _UNIX_RANGE[0]) & (secs < _UNIX_RANGE[1])
        where = np.flatnonzero(is_number)
        parsed[where[ok]] = unix_times(secs[ok], timezone)
        reasons[where[ok]] = None
        small = secs < _UNIX_RANGE[0]
        reasons[where[~ok & ~small]] = M_("is not a plausible Unix time (seconds or "
                                          "milliseconds since 1970 giving a year between 1971 "
                                          "and 2099)")
        reasons[where[~ok & small]] = M_(
            "is not a plausible Unix time (seconds since 1970): if the times count seconds "
            "from the start of the study, give that start with --time-origin (e.g. "
            "--time-origin 2013-12-02T08:00)")
    elif not timestamps and n:
        failed = np.array([reasons[k] is not None for k in range(n)])
        if failed.any() and is_number[failed].all():
            secs = numbers[failed]
            secs = np.where(secs >= 1e12, secs / 1000.0, secs)
            out.unix_like = bool(((secs >= 946_684_800) & (secs < _UNIX_RANGE[1])).all())
    if dayfirst is None and n:
        out.ambiguous = _ambiguity(uniques, parsed[:n], reasons[:n])
    # fresh arrays: no copy for the Series
    out.dates = pd.Series(parsed[codes], index=values.index, dtype="datetime64[ns]",
                          copy=False)
    out.reasons = pd.Series(reasons[codes], index=values.index, dtype=object, copy=False)
    return out


_EMPTY = M_("is empty")


def _as_number(value: object) -> float | None:
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        f = float(value)
        return f if np.isfinite(f) else None
    if isinstance(value, str) and _NUMBER.match(value):
        return float(value)
    return None


def unix_times(seconds: np.ndarray, timezone: str | None = None) -> np.ndarray:
    """Unix times (seconds since 1970, UTC) as the wall-clock date-times of a zone.

    Examples
    --------
    >>> unix_times(np.array([1385974800.0]), "Europe/Paris")
    array(['2013-12-02T10:00:00.000000000'], dtype='datetime64[ns]')
    """
    zone = timezone_of(timezone)
    utc = pd.to_datetime(np.round(np.asarray(seconds, dtype=float) * 1e6).astype(np.int64),
                         unit="us", utc=True)
    return utc.tz_convert(zone).tz_localize(None).to_numpy(dtype="datetime64[ns]")


def timezone_of(name: str | None = None):
    """The ``zoneinfo.ZoneInfo`` of an IANA name (default: the local zone).

    Raises
    ------
    InputError
        When the name is not a time zone.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = name or local_timezone()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError(_("{zone!r} is not a time zone: give an IANA name such as "
                           "Europe/Rome, Europe/Paris or UTC").format(zone=name)) from None


def local_timezone() -> str:
    """The IANA name of this machine's time zone: ``TZ``, else
    ``/etc/timezone``, else where ``/etc/localtime`` points, else ``UTC``."""
    from zoneinfo import available_timezones

    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and "/" in tz and not tz.startswith("/"):
        return tz
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if name:
            return name
    except OSError:
        pass
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
            if name in available_timezones():
                return name
    except OSError:
        pass
    return "UTC"


def _ambiguity(uniques, parsed: np.ndarray, reasons: np.ndarray) -> dict | None:
    """Both readings of a column whose every slashed value reads both ways,
    when the month-first one is far more plausible; else None.

    Plausible means compact: a log runs over consecutive days. The day-first
    reading must span four weeks or more and at least four times the
    month-first span (``12/02/2013 ... 12/06/2013``: February to June
    day-first, five days of December month-first)."""
    first_fields, second_fields, years, iso = [], [], [], []
    for k, u in enumerate(uniques):
        if reasons[k] is not None:
            continue
        m = _DAYFIRST.match(u.strip()) if isinstance(u, str) else None
        if m is None:
            iso.append(parsed[k])  # ISO or a spreadsheet date: one reading
            continue
        d, mo = int(m["d"]), int(m["m"])
        if d > 12:
            return None  # this value reads only day-first
        y = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
        first_fields.append(d)
        second_fields.append(mo)
        years.append(y)
    if not first_fields:
        return None
    df = pd.to_datetime({"year": years, "month": second_fields, "day": first_fields})
    mf = pd.to_datetime({"year": years, "month": first_fields, "day": second_fields})
    extra = pd.Series(pd.to_datetime(np.array(iso, dtype="datetime64[ns]")))
    df_all, mf_all = pd.concat([df, extra]), pd.concat([mf, extra])
    span_df = (df_all.max() - df_all.min()).days
    span_mf = (mf_all.max() - mf_all.min()).days
    if span_df < 28 or span_mf * 4 > span_df:
        return None
    example = next(u for k, u in enumerate(uniques) if reasons[k] is None and isinstance(
        u, str) and _DAYFIRST.match(u.strip()))
    return {"dayfirst": (df_all.min(), df_all.max()), "monthfirst": (mf_all.min(), mf_all.max()),
            "example": example.strip()}


def parse_times_of_day(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A time-of-day column (``11:00``, ``11:00:20``, ``11.00``, spreadsheet
    time cells) as timedeltas since midnight, NaT where unreadable, with reasons.

    Examples
    --------
    >>> t, why = parse_times_of_day(pd.Series(["08:30", "8.05.10", "25:00"]))
    >>> [str(x) for x in t[:2]], why[2] is not None
    (['0 days 08:30:00', '0 days 08:05:10'], True)
    """
    codes, uniques = distinct(values)
    out = np.full(len(uniques) + 1, np.timedelta64("NaT", "ns"), dtype="timedelta64[ns]")
    reasons = np.empty(len(uniques) + 1, dtype=object)
    reasons[-1] = None  # a blank time: the date alone
    bad = M_("is not a time of day: write hours and minutes (14:30 or 14:30:20)")
    for k, u in enumerate(uniques):
        if isinstance(u, datetime):
            u = u.time()
        if isinstance(u, time):
            out[k] = np.timedelta64(u.hour * 3600 + u.minute * 60 + u.second, "s")
            continue
        if isinstance(u, (timedelta, pd.Timedelta)) and pd.Timedelta(u) < pd.Timedelta(days=1):
            out[k] = pd.Timedelta(u).to_timedelta64()
            continue
        m = _CLOCK.match(str(u))
        if m is None or int(m["H"]) > 23 or int(m["M"]) > 59 or int(m["S"] or 0) > 59:
            reasons[k] = bad
            continue
        out[k] = np.timedelta64(int(m["H"]) * 3600 + int(m["M"]) * 60 + int(m["S"] or 0), "s")
    return (pd.Series(out[codes], index=values.index, dtype="timedelta64[ns]"),
            pd.Series(reasons[codes], index=values.index, dtype=object))


_CLOCK = re.compile(r"^\s*(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?\s*$")


def _parse_value(value: object, dayfirst: bool = True
                 ) -> tuple[pd.Timestamp | None, str | None]:
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
    return _parse_one(str(value), dayfirst)
