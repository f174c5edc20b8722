"""reterete.ingest.sheetscan: the extent of a sheet, checked against python-calamine.

calamine builds each sheet as a grid from A1... to its last filled cell; the
scanner must find the same last row and column from the XML alone, for any
placement of filled and format-only cells.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete.ingest.sheetscan import (
    SheetExtent,
    column_letters,
    scan_ods,
    scan_xlsx,
    too_sparse,
)

openpyxl = pytest.importorskip("openpyxl")

cells = st.lists(st.tuples(st.integers(1, 60), st.integers(1, 800), st.booleans()),
                 min_size=1, max_size=15)


def _calamine_extent(path) -> tuple[int, int]:
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    if sheet.height == 0:
        return 0, 0
    return sheet.end[0] + 1, sheet.end[1] + 1


@settings(max_examples=25, deadline=None)
@given(cells)
def test_xlsx_extent_matches_calamine(tmp_path_factory, placed):
    path = tmp_path_factory.mktemp("x") / "s.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for col, row, filled in placed:
        cell = ws.cell(row=row, column=col)
        if filled:
            cell.value = f"v{row}"
        else:
            cell.font = openpyxl.styles.Font(italic=True)
    wb.save(path)
    (ext,) = scan_xlsx(str(path), max_cells=10**9, columns=500, exact=True)
    assert ext.exact
    assert (ext.rows, ext.columns) == _calamine_extent(path)
    filled = {(r, c) for c, r, f in placed if f}
    assert ext.filled == len({rc for rc in filled})


@settings(max_examples=25, deadline=None)
@given(cells)
def test_ods_extent_matches_calamine(tmp_path_factory, placed):
    from sheets_helpers import ods

    grid: dict[tuple[int, int], str] = {}
    for col, row, filled in placed:
        if filled:
            grid[(row, col)] = f"v{row}"
    rows = max((r for r, _ in grid), default=0)
    width = max((c for _, c in grid), default=0)
    table = [[grid.get((r, c)) for c in range(1, width + 1)] for r in range(1, rows + 1)]
    path = ods(tmp_path_factory.mktemp("o") / "s.ods", table)
    (ext,) = scan_ods(str(path))
    assert (ext.rows, ext.columns) == _calamine_extent(path)
    assert ext.filled == len(grid)


def test_the_cheap_bound_is_an_upper_bound(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["B3"] = "x"
    wb.active["AB7"] = "y"
    path = tmp_path / "s.xlsx"
    wb.save(path)
    (bound,) = scan_xlsx(str(path), max_cells=10**9, columns=10**6)
    assert not bound.exact and bound.rows >= 7 and bound.columns >= 28
    (exact,) = scan_xlsx(str(path), max_cells=10**9, columns=500, exact=True)
    assert (exact.rows, exact.columns, exact.far_cell) == (7, 28, "AB7")


def test_sheet_names_come_from_the_workbook(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Contatti & note"
    wb.active["A1"] = "x"
    wb.create_sheet("Secondo")["C2"] = "y"
    path = tmp_path / "s.xlsx"
    wb.save(path)
    found = {e.sheet: (e.rows, e.columns) for e in scan_xlsx(str(path), max_cells=1,
                                                            columns=1, exact=True)}
    assert found == {"Contatti & note": (1, 1), "Secondo": (2, 3)}


def test_column_letters_round_trip():
    from reterete.ingest.sheetscan import _column_index

    for n in (1, 26, 27, 52, 53, 702, 703, 16384):
        assert _column_index(column_letters(n).encode()) == n


def test_too_sparse():
    dense = SheetExtent("s", 1_000_000, 12, 11_000_000, None, True)
    assert not too_sparse(dense, max_cells=30_000_000, columns=500)
    stray = SheetExtent("s", 1_048_576, 20, 7, "T1048576", True)
    assert too_sparse(stray, max_cells=30_000_000, columns=500)
    wide = SheetExtent("s", 3, 16384, 7, "XFD3", True)
    assert too_sparse(wide, max_cells=10**12, columns=500)
