"""Strict dates: day-first or ISO, never a silent guess (expected by hand)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from reterete.ingest.dates import parse_dates


@pytest.mark.parametrize("text, expected", [
    ("15/09/2024", "2024-09-15"), ("15-09-24", "2024-09-15"), ("15.09.2024", "2024-09-15"),
    ("2024-09-15", "2024-09-15"), ("5/9/2024", "2024-09-05"), ("2024-09-05", "2024-09-05"),
    ("2024-03-04", "2024-03-04"), ("04/03/2024", "2024-03-04"), (" 15/09/2024 ", "2024-09-15"),
    ("2024-09-15T10:30", "2024-09-15 10:30"), ("15/09/2024 10.30", "2024-09-15 10:30"),
    ("2024/09/15", "2024-09-15"),
])
def test_accepted_forms(text, expected):
    dates, why = parse_dates(pd.Series([text]))
    assert dates.iloc[0] == pd.Timestamp(expected)
    assert why.iloc[0] is None


def test_iso_with_small_day_is_not_swapped():
    # pandas' dayfirst=True would read 2024-03-04 as 3 April
    dates, _ = parse_dates(pd.Series(["2024-03-04", "2024-12-01"]))
    assert [d.month for d in dates] == [3, 12]
    assert [d.day for d in dates] == [4, 1]


@pytest.mark.parametrize("text, reason", [
    ("09/15/2024", "is not a date: month 15 does not exist (it looks month-first"),
    ("31/02/2024", "is not a date: day 31 does not exist in February 2024"),
    ("29/02/2023", "is not a date: day 29 does not exist in February 2023"),
    ("Sept 15", "is not a date in a form reterete reads"),
    ("15/09", "is not a date in a form reterete reads"),
    ("2024-13-01", "is not a date: month 13 does not exist"),
    ("15/09/1850", "is not a plausible date (year 1850)"),
    ("15/09/2024 25:00", "is not a valid time of day"),
])
def test_refused_forms_say_why(text, reason):
    dates, why = parse_dates(pd.Series([text]))
    assert dates.isna().iloc[0]
    assert why.iloc[0].startswith(reason)


def test_leap_day_is_a_date():
    dates, _ = parse_dates(pd.Series(["29/02/2024"]))
    assert dates.iloc[0] == pd.Timestamp("2024-02-29")


def test_spreadsheet_cells_and_missing_values():
    values = pd.Series([dt.datetime(2024, 9, 15, 9, 0), dt.date(2024, 9, 16),
                        pd.Timestamp("2024-09-17", tz="Europe/Rome"), None, 45000.0,
                        np.datetime64("2024-09-18")], dtype=object)
    dates, why = parse_dates(values)
    assert list(dates[:3]) == [pd.Timestamp("2024-09-15 09:00"), pd.Timestamp("2024-09-16"),
                               pd.Timestamp("2024-09-17")]
    assert dates.iloc[5] == pd.Timestamp("2024-09-18")
    assert why.iloc[3] == "is empty"
    assert why.iloc[4].startswith("is a number, not a date")


def test_time_zone_keeps_the_logged_day():
    # bug fixed: a tz-aware timestamp (Parquet) was converted to UTC, moving
    # a contact at 00:30 in Rome to the previous day
    dates, _ = parse_dates(pd.Series([pd.Timestamp("2024-09-17 00:30", tz="Europe/Rome")],
                                     dtype=object))
    assert dates.iloc[0] == pd.Timestamp("2024-09-17 00:30")


def test_every_distinct_value_is_parsed_once_and_mapped_back():
    values = pd.Series(["15/09/2024", "bad", "15/09/2024", None, "bad"] * 3)
    dates, why = parse_dates(values)
    assert dates.notna().sum() == 6
    assert why.isna().sum() == 6
    assert list(why[[1, 3]]) == [why.iloc[1], "is empty"]
