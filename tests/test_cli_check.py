"""`reterete check`: JSON keys, exit codes, errors by file/row/column."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from reterete.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["check", *args])


def test_ok_file(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("date,source,target,site\n2024-09-15,Ada,Bea,Piazza Roma\n"
                    "2024-09-16,Coop. Cospes,Cooperativa Cospes,Piazza Roma\n")
    result = run(str(path), "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["ok"] is True and out["errors"] == []
    assert {"ok", "errors", "warnings", "duplicates"} <= set(out)
    assert out["duplicates"] == [{"name_a": "Coop. Cospes", "name_b": "Cooperativa Cospes",
                                  "score": 100.0, "difference": None}]
    assert out["files"][0]["layout"] == "pairwise"


def test_errors_exit_2_with_file_row_column_value_reason(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Data;Attore 1;Attore 2\n15/09/2024;Ada;Bea\n09/15/2024;Ada;Bea\n")
    result = run(str(path), "--json")
    assert result.exit_code == 2
    out = json.loads(result.stdout)
    assert out["ok"] is False
    err = out["errors"][0]
    assert (err["file"], err["row"], err["column"], err["value"]) == (
        "log.csv", 3, "Data", "09/15/2024")
    assert err["reason"].startswith("is not a date: month 15 does not exist")


def test_readable_output_names_the_row(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("date,source,target\n31/02/2024,Ada,Bea\n")
    result = run(str(path))
    assert result.exit_code == 2
    assert "log.csv, row 2, column 'date': '31/02/2024' is not a date" in result.output
    assert "Traceback" not in result.output


def test_missing_file_and_no_file(tmp_path):
    result = run(str(tmp_path / "nope.csv"), "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["errors"][0]["reason"] == "file not found"
    assert run().exit_code == 2


def test_registry_problems_are_reported(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("date,source,target\n2024-09-15,Ada,Bea\n")
    reg = tmp_path / "actors.csv"
    reg.write_text("nome;persona\nAda;forse\n")
    result = run(str(log), "--actors", str(reg), "--json")
    assert result.exit_code == 2
    err = json.loads(result.stdout)["errors"][0]
    assert (err["file"], err["row"], err["column"], err["value"]) == (
        "actors.csv", 2, "persona", "forse")
