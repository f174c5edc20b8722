"""DataFrames and Parquet files with typed columns (dates, numbers) are read
over their values without a Python object per cell, and still checked cell
by cell: a missing date or a negative duration is an error naming its row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reterete.errors import IngestError
from reterete.ingest import read_contacts


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "date": pd.to_datetime(["2024-09-02", "2024-09-03", None, "2024-09-05"]),
        "source": ["Ada", "Bea", "Cy", "Ada"],
        "target": ["Bea", "Cy", "Ada", "Cy"],
        "duration_min": [30.0, np.nan, 15.0, -5.0],
        "weight": [1, 2, 1, 1],
    })


@pytest.mark.parametrize("as_parquet", [False, True])
def test_typed_columns_are_checked_by_row(tmp_path, as_parquet):
    source = _frame()
    if as_parquet:
        source.to_parquet(tmp_path / "log.parquet")
        source = tmp_path / "log.parquet"
    with pytest.raises(IngestError) as err:
        read_contacts(source)
    found = {(p.row, p.column, p.reason.split(":")[0]) for p in err.value.problems}
    assert found == {(4, "date", "is empty"),
                     (5, "duration_min", "must be a number of minutes (0 or more)")}


@pytest.mark.parametrize("as_parquet", [False, True])
def test_typed_columns_read_exactly(tmp_path, as_parquet):
    source = _frame().iloc[[0, 1]]
    if as_parquet:
        source.to_parquet(tmp_path / "log.parquet")
        source = tmp_path / "log.parquet"
    net = read_contacts(source)
    inter = net.interactions
    assert list(inter["date"]) == list(pd.to_datetime(["2024-09-02", "2024-09-03"]))
    assert inter["duration_min"].tolist()[0] == 30.0 and np.isnan(inter["duration_min"].iloc[1])
    assert inter["weight"].tolist() == [1.0, 2.0]
    assert sorted(net.graph(weight="weight").edges(data="weight")) == [
        ("ada", "bea", 1.0), ("bea", "cy", 2.0)]
