"""CLI of the workspace (import, alias, log, forget, analyses with --db) and
spreadsheet-safe CSV output, through typer's CliRunner on the real app."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.cli._common import write_csv

runner = CliRunner()

LOG = ("date,source,target,site,kind\n"
       "2024-09-02,Ada Rossi,Bea Neri,Piazza Roma,visit\n"
       "2024-09-03,Bea Neri,Bar Roma,Piazza Roma,visit\n"
       "2024-09-04,Bar Roma,Comitato Po,Piazza Marconi,meeting\n")
BAD = ("date,source,target,site,kind\n"
       "2024-09-31,Ada Rossi,Bea Neri,Piazza Roma,visit\n")


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def run_json(*args: str) -> dict:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text(LOG, encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


def test_import_reports_new_then_present(log, db):
    first = run_json("import", log, "--db", db)
    assert (first["new"], first["present"], first["rejected"]) == (3, 0, 0)
    again = run_json("import", log, "--db", db)
    assert (again["new"], again["present"]) == (0, 3)
    text = run("import", log, "--db", db)
    assert text.exit_code == 0 and "already present" in text.output


def test_import_with_a_bad_row_adds_nothing(log, db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    result = run("import", log, bad, "--db", db)
    assert result.exit_code == 2
    assert "Nothing was added" in result.stderr and "row 2" in result.stderr
    assert not db.exists()
    payload = json.loads(run("import", bad, "--db", db, "--json").stdout)
    assert payload["ok"] is False and payload["errors"][0]["row"] == 2


def test_import_needs_db(log):
    result = run("import", log)
    assert result.exit_code == 2 and "--db" in result.stderr


def test_alias_log_and_forget(log, db):
    run_json("import", log, "--db", db)
    alias = run_json("alias", "Bar Roma", "Bea Neri", "--db", db)
    assert alias == {"ok": True, "alias": "bar roma", "canonical": "bea neri"}
    entries = run_json("log", "--db", db)["entries"]
    assert [e["action"] for e in entries] == ["import", "alias"]
    assert entries[0]["files"] == ["contacts.csv"] and entries[0]["new"] == 3
    refused = run("forget", "Ada Rossi", "--db", db, "--json")
    assert refused.exit_code == 2  # erasure needs --yes in JSON mode
    kept = runner.invoke(app, ["forget", "Ada Rossi", "--db", str(db)], input="n\n")
    assert kept.exit_code == 1 and "Nothing was erased" in kept.output
    gone = run_json("forget", "Ada Rossi", "--db", db, "--yes")
    assert gone["interactions"] == 1 and "original log files" in gone["warning"]
    text = run("forget", "Nobody", "--db", db, "--yes")
    assert text.exit_code == 2 and "nobody called" in text.stderr
    back = run_json("import", log, "--db", db)
    assert (back["new"], back["left_out"]) == (0, 1)
    assert any("erased" in w["reason"] for w in back["warnings"])


def test_log_of_a_missing_workspace_is_a_plain_error(db):
    result = run("log", "--db", db)
    assert result.exit_code == 2 and "no workspace" in result.stderr


def test_summary_reads_the_workspace(log, db):
    from reterete.cli import app as cli_app

    if "summary" not in {c.name or c.callback.__name__ for c in cli_app.registered_commands}:
        pytest.skip("the summary command is not written yet")
    run_json("import", log, "--db", db)
    from_db = run_json("summary", "--db", db)
    from_file = run_json("summary", log)
    assert from_db["actors"] == from_file["actors"] == 4
    assert from_db["ties"] == from_file["ties"] == 3
    run_json("alias", "Bar Roma", "Bea Neri", "--db", db)
    assert run_json("summary", "--db", db)["actors"] == 3


# ------------------------------------------------------------ CSV for spreadsheets
DANGEROUS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def test_write_csv_neutralises_formula_cells(tmp_path):
    table = pd.DataFrame({"actor": DANGEROUS + ["Bar Roma", "-"],
                          "score": range(len(DANGEROUS) + 2)})
    path = write_csv(table, tmp_path / "out.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    cells = [r[0] for r in rows[1:]]
    assert cells[: len(DANGEROUS)] == ["'" + v for v in DANGEROUS]
    assert cells[len(DANGEROUS)] == "Bar Roma"
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert [r[1] for r in rows[1:]] == [str(i) for i in range(len(DANGEROUS) + 2)]


def test_write_csv_neutralises_headers_and_index(tmp_path):
    table = pd.DataFrame({"=cmd|' /C calc'!A0": ["x"]},
                         index=pd.Index(["@evil"], name="actor"))
    path = write_csv(table, tmp_path / "out.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["actor", "'=cmd|' /C calc'!A0"]
    assert rows[1] == ["'@evil", "x"]


def test_write_csv_leaves_the_callers_table_alone(tmp_path):
    table = pd.DataFrame({"actor": ["=1"]})
    write_csv(table, tmp_path / "out.csv")
    assert table["actor"].tolist() == ["=1"]


def test_load_network_reads_the_workspace(log, db, tmp_path):
    from reterete.cli._common import load_network
    from reterete.errors import ReteretError
    from reterete.ingest import read_contacts

    run_json("import", log, "--db", db)
    net = load_network(None, db=db)
    assert set(net.graph().edges()) == set(read_contacts([log]).graph().edges())
    with pytest.raises(ReteretError, match="not both"):
        load_network([log], db=db)
    with pytest.raises(ReteretError, match="own registry"):
        load_network(None, actors=tmp_path / "actors.csv", db=db)
