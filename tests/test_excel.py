"""Excel out: `--xlsx` on the table commands and `reterete workbook`.

Every workbook is read back with openpyxl (an independent reader): cells hold
real numbers and dates, text is never a formula, and the values are those of
the same command's ``--json``.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.errors import InputError
from reterete.excel import sheet_name, write_xlsx

runner = CliRunner()


def _json(args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _rows(ws):
    """A sheet as a list of dicts keyed by its header."""
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]


def _same(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
    return a == b


@pytest.fixture
def logs(cremona_logs, cremona_registry):
    return [*map(str, cremona_logs), "--actors", str(cremona_registry)]


# --------------------------------------------------------------- write_xlsx
def test_cells_keep_their_types_and_text_is_never_a_formula(tmp_path):
    df = pd.DataFrame({
        "name": ["=HYPERLINK(\"http://x\",\"y\")", "+39 0372 1", "-1", "@SUM(A1)", "Bea"],
        "n": [1, 2, 3, 4, 5],
        "share": [0.5, float("nan"), 1.0, math.inf, 0.25],
        "when": pd.to_datetime(["2024-09-02 00:00", "2024-09-03 14:30", None, "2024-12-01 00:00",
                                "2024-10-01 00:00"]),
        "ok": [True, False, True, False, True],
        "sites": [("Piazza Roma", "Piazza Marconi"), (), ("x",), ("y",), ("z",)],
    })
    out = write_xlsx(df, tmp_path / "t.xlsx", sheet="Actors")
    wb = openpyxl.load_workbook(out)
    ws = wb["Actors"]
    assert [c.value for c in ws[1]] == list(df.columns)
    assert ws.freeze_panes == "A2"
    names = [ws.cell(row=i, column=1) for i in range(2, 7)]
    assert [c.value for c in names] == list(df["name"])
    assert all(c.data_type == "s" for c in names)  # strings, never formulas ("f")
    assert [ws.cell(row=i, column=2).value for i in range(2, 7)] == [1, 2, 3, 4, 5]
    assert ws["C2"].value == 0.5 and ws["C3"].value is None and ws["C5"].value is None
    assert ws["D2"].value == dt.datetime(2024, 9, 2) and ws["D2"].is_date
    assert ws["D2"].number_format == "dd/mm/yyyy"
    assert ws["D3"].value == dt.datetime(2024, 9, 3, 14, 30)
    assert ws["D4"].value is None
    assert ws["E2"].value is True and ws["E3"].value is False
    assert ws["F2"].value == "Piazza Roma; Piazza Marconi"
    assert ws.column_dimensions["A"].width > len("name") + 1


def test_index_is_written_and_sheets_are_named_safely(tmp_path):
    t = pd.DataFrame({"v": [1.5]}, index=pd.Index(["a"], name="actor"))
    out = write_xlsx({"A/B: C": t, "a/b: c": t}, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["A_B_ C", "a_b_ c (2)"]
    assert [c.value for c in wb["A_B_ C"][1]] == ["actor", "v"]
    assert len(sheet_name("x" * 40)) == 31


def test_refuses_a_name_that_is_not_xlsx(tmp_path):
    with pytest.raises(InputError, match=r"\.xlsx"):
        write_xlsx(pd.DataFrame({"a": [1]}), tmp_path / "t.csv")
    assert not list(tmp_path.iterdir())  # no temporary file left behind


# --------------------------------------------------------------- --xlsx
def test_centrality_xlsx_equals_json(logs, tmp_path):
    out = tmp_path / "c.xlsx"
    payload = _json(["centrality", *logs, "--xlsx", str(out)])
    wb = openpyxl.load_workbook(out)
    rows = {r["id"]: r for r in _rows(wb[wb.sheetnames[0]])}
    assert len(rows) == len(payload["actors"]) == 50
    for rec in payload["actors"]:
        row = rows[rec["id"]]
        assert row["name"] == rec["actor"]
        for key in ("ties", "degree", "strength", "betweenness", "closeness", "harmonic",
                    "eigenvector", "pagerank"):
            assert isinstance(row[key], (int, float)), key
            assert _same(row[key], rec[key]), (key, row[key], rec[key])


def test_summary_and_timeline_xlsx_equal_json(logs, tmp_path):
    out = tmp_path / "s.xlsx"
    payload = _json(["summary", *logs, "--xlsx", str(out)])
    ws = openpyxl.load_workbook(out).active
    values = [r["value"] for r in _rows(ws)]
    # not_met (registered actors not yet met) is a list of names, not a figure
    keys = [k for k in payload if k not in ("window", "not_met")]
    assert len(values) == len(keys)
    for value, key in zip(values, keys, strict=True):
        assert _same(value, payload[key]), key

    out = tmp_path / "t.xlsx"
    payload = _json(["timeline", *logs, "--xlsx", str(out)])
    rows = _rows(openpyxl.load_workbook(out).active)
    assert [r["period"] for r in rows] == [p["period"] for p in payload["periods"]]
    for row, rec in zip(rows, payload["periods"], strict=True):
        assert row["start"] == dt.datetime.fromisoformat(rec["start"])  # a date, not text
        assert row["end"] == dt.datetime.fromisoformat(rec["end"])
        for key in ("actors", "ties", "interactions", "density", "ei_index"):
            assert _same(row[key], rec[key]), key


@pytest.mark.parametrize("command", [
    ["antennas", "--site", "Piazza Roma", "-k", "3"],
    ["recommend", "--site", "Area verde via Orti Romani", "-n", "5"],
    ["compare", "--start", "2024-09:2024-09", "--end", "2024-12:2024-12", "--boot", "50",
     "--seed", "1"],
])
def test_every_table_command_writes_xlsx(logs, tmp_path, command):
    out = tmp_path / "x.xlsx"
    result = runner.invoke(app, [command[0], *logs, *command[1:], "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    rows = _rows(openpyxl.load_workbook(out).active)
    assert rows


# --------------------------------------------------------------- workbook
def test_workbook_has_every_table_with_the_commands_values(logs, tmp_path):
    out = tmp_path / "project.xlsx"
    payload = _json(["workbook", *logs, "-o", str(out), "--boot", "100", "--seed", "3"])
    assert payload["output"] == str(out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", "Centrality", "Antennas", "Engage next", "Comparison",
                             "Timeline", "Activity by month", "Actors"]
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title

    summary = _json(["summary", *logs])
    got = {r["key"]: r["value"] for r in _rows(wb["Summary"])}
    for key in ("actors", "ties", "interactions", "density", "ei_index"):
        assert _same(got[key], summary[key]), key

    cen = {r["id"]: r for r in _rows(wb["Centrality"])}
    for rec in _json(["centrality", *logs])["actors"]:
        assert _same(cen[rec["id"]]["betweenness"], rec["betweenness"])
        assert _same(cen[rec["id"]]["pagerank"], rec["pagerank"])

    comp = {r["metric"]: r for r in _rows(wb["Comparison"])}
    ref = _json(["compare", *logs, "--start", "2024-09:2024-09", "--end", "2024-12:2024-12",
                 "--boot", "100", "--seed", "3"])
    for rec in ref["metrics"]:
        row = comp[rec["name"]]
        for key in ("start", "end", "delta", "ci_low", "ci_high", "p_value"):
            assert _same(row[key], rec[key]), (rec["name"], key)

    antennas = _rows(wb["Antennas"])
    for site in ("Piazza Roma", "Piazza Marconi"):
        ref = _json(["antennas", *logs, "--site", site, "-k", "3"])
        mine = [r for r in antennas if r["site"] == site]
        assert [r["actor"] for r in mine] == [a["actor"] for a in ref["antennas"]]
        assert _same(mine[0]["coverage"], ref["coverage"])

    engage = [r for r in _rows(wb["Engage next"]) if r["site"] == "Area verde via Orti Romani"]
    ref = _json(["recommend", *logs, "--site", "Area verde via Orti Romani", "-n", "10"])
    assert engage
    assert [r["actor"] for r in engage] == [a["actor"] for a in ref["recommendations"]]
    assert all(isinstance(r["score"], float) for r in engage)

    timeline = _rows(wb["Timeline"])
    assert all(isinstance(r["start"], dt.datetime) for r in timeline)
    assert [r["period"] for r in timeline] == ["2024-09", "2024-10", "2024-11", "2024-12"]

    activity = _rows(wb["Activity by month"])
    assert sum(sum(v for k, v in r.items() if k != "kind") for r in activity) == \
        summary["interactions"]


def test_workbook_in_italian_and_anonymized(logs, cremona_net, tmp_path, monkeypatch):
    monkeypatch.setenv("RETERETE_KEY", "test-secret")
    out = tmp_path / "anon.xlsx"
    result = runner.invoke(app, ["workbook", *logs, "-o", str(out), "--boot", "20",
                                 "--anonymize", "--lang", "it"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert "Riepilogo" in wb.sheetnames and "Centralità" in wb.sheetnames
    persons = cremona_net.actors[cremona_net.actors["is_person"]]
    secrets = {str(n) for n in persons["name"]} | set(persons.index)
    assert len(secrets) > 10
    for ws in wb:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert not any(s in value for s in secrets), (ws.title, value)
