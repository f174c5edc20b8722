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


def test_alias_log_and_forget(log, db, monkeypatch):
    run_json("import", log, "--db", db)
    alias = run_json("alias", "Bar Roma", "Bea Neri", "--db", db)
    assert alias == {"ok": True, "alias": "bar roma", "canonical": "bea neri"}
    entries = run_json("log", "--db", db)["entries"]
    assert [e["action"] for e in entries] == ["import", "alias"]
    assert entries[0]["files"] == ["contacts.csv"] and entries[0]["new"] == 3
    refused = run("forget", "Ada Rossi", "--db", db, "--json")
    assert refused.exit_code == 2  # erasure needs --yes in JSON mode
    monkeypatch.setattr("reterete.cli.workspace._interactive", lambda: True)  # a terminal
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


# ---------------------------------------------------------------------------
# Reading never writes (issue 12, item 5): read-only commands open the file
# with mode=ro; a foreign or newer file is refused untouched.
def _state(path: Path) -> tuple[bytes, str]:
    import sqlite3

    data = path.read_bytes()
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        mode = con.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        con.close()
    return data, mode


def _foreign(path: Path) -> Path:
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("CREATE TABLE clients (name TEXT)")
    con.execute("INSERT INTO clients VALUES ('Paolo Rizzi')")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize("command", [["summary"], ["centrality"], ["log"],
                                     ["import", "LOG"], ["alias", "A", "B"]])
def test_a_foreign_sqlite_file_is_refused_untouched(command, log, tmp_path):
    other = _foreign(tmp_path / "other.db")
    before = _state(other)
    assert before[1] == "delete"
    args = [str(log) if a == "LOG" else a for a in command]
    result = run(*args, "--db", other)
    assert result.exit_code == 2, result.output
    assert "not a reterete workspace" in result.output
    assert _state(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.csv", "other.db"]


@pytest.mark.parametrize("command", [["summary"], ["centrality"], ["import", "LOG"]])
def test_a_newer_workspace_is_refused_untouched(command, log, db):
    import sqlite3

    assert run("import", log, "--db", db).exit_code == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=DELETE")  # as another program might leave it
    con.execute("PRAGMA user_version = 99")
    con.close()
    before = _state(db)
    args = [str(log) if a == "LOG" else a for a in command]
    result = run(*args, "--db", db)
    assert result.exit_code == 2, result.output
    assert "newer reterete" in result.output
    assert _state(db) == before


def test_read_only_commands_leave_the_workspace_bytes_alone(log, db, tmp_path, monkeypatch):
    import sqlite3

    for var in ("RETERETE_KEY", "RETERETE_KEY_FILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert run("import", log, "--db", db).exit_code == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = _state(db)
    assert before[1] == "wal"
    for args in (["summary"], ["centrality", "--anonymize"], ["log"],
                 ["antennas", "--site", "Piazza Roma", "-k", "1", "--anonymize"],
                 ["viz", "-o", str(tmp_path / "n.html"), "--anonymize"]):
        result = run(*args, "--db", db)
        assert result.exit_code == 0, (args, result.output)
        assert _state(db) == before, args


def test_an_empty_file_is_not_read_as_a_workspace(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    result = run("summary", "--db", empty)
    assert result.exit_code == 2 and "empty file" in result.output
    assert empty.read_bytes() == b""


def test_import_into_a_read_only_workspace_is_a_plain_error(log, db, tmp_path, monkeypatch):
    """Exit 2 with a sentence, not 'internal error (OperationalError ...)'.
    Root ignores file modes: then SQLite is made to open the file read-only
    and the file is reported not writable, as they are for anyone else."""
    import os
    import sqlite3

    assert run("import", log, "--db", db).exit_code == 0
    other = tmp_path / "other.csv"
    other.write_text(LOG.replace("2024-09-02", "2024-10-02"), encoding="utf-8")
    db.chmod(0o444)
    if os.geteuid() == 0:
        real_connect, real_access = sqlite3.connect, os.access

        def read_only(target, *args, **kwargs):
            if kwargs.get("uri"):
                return real_connect(target, *args, **kwargs)
            kwargs["uri"] = True
            return real_connect(f"{Path(target).resolve().as_uri()}?mode=ro", *args, **kwargs)

        monkeypatch.setattr(sqlite3, "connect", read_only)
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: (
            False if Path(p) == db and mode & os.W_OK else real_access(p, mode, **kw)))
    before = db.read_bytes()
    try:
        for args in (["import", other], ["forget", "Ada Rossi", "--yes"], ["alias", "A", "B"]):
            result = run(*args, "--db", db)
            assert result.exit_code == 2, (args, result.output)
            assert "read-only" in result.output and "internal error" not in result.output
        assert db.read_bytes() == before
        assert run("summary", "--db", db).exit_code == 0  # reading still works
    finally:
        db.chmod(0o644)


def test_an_import_that_hits_a_read_only_file_inside_sqlite_is_a_plain_error(log, db,
                                                                             monkeypatch):
    """The file looks writable, but SQLite finds it is not (another
    filesystem's rules): still exit 2 with a sentence."""
    import sqlite3

    assert run("import", log, "--db", db).exit_code == 0
    real_connect = sqlite3.connect

    def read_only(target, *args, **kwargs):
        if kwargs.get("uri"):
            return real_connect(target, *args, **kwargs)
        kwargs["uri"] = True
        return real_connect(f"{Path(target).resolve().as_uri()}?mode=ro", *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    result = run("alias", "A", "B", "--db", db)
    assert result.exit_code == 2, result.output
    assert "read-only" in result.output


# ---------------------------------------------------------------------------
# forget from the command line (issue 12, items 3 and 10)
HOSTILE = ("date,source,target,site,event\n"
           "2024-09-02,Paolo Rizzi,Bar Roma,Piazza Roma,\n"
           "2024-09-03,Anna Neri,Bar Roma,Casa di Paolo Rizzi,Compleanno di Paolo Rizzi\n"
           "2024-09-04,P\u0430olo Rizzi,Bar Roma,Piazza Roma,\n"
           "2024-09-05,Rizzi Paolo,Anna Neri,Piazza Roma,\n")


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    log = tmp_path / "diario_paolo_rizzi.csv"
    log.write_text(HOSTILE, encoding="utf-8")
    db = tmp_path / "project.db"
    assert run("import", log, "--db", db).exit_code == 0
    return db


def test_forget_without_a_terminal_or_yes_is_a_plain_refusal(hostile_db):
    """Was 'internal error (Abort: )', exit 1."""
    before = hostile_db.read_bytes()
    result = run("forget", "Paolo Rizzi", "--db", hostile_db)
    assert result.exit_code == 2, result.output
    assert "--yes" in result.output and "internal error" not in result.output
    assert hostile_db.read_bytes() == before


def test_forget_lists_other_spellings_and_how_to_erase_them(hostile_db):
    result = run("forget", "Paolo Rizzi", "--db", hostile_db, "--yes")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "P\u0430olo Rizzi" in out and "Rizzi Paolo" in out
    assert "another alphabet" in out and "another order" in out
    assert "reterete forget SPELLING" in out
    payload = run_json("forget", "P\u0430olo Rizzi", "--db", hostile_db, "--yes")
    assert payload["interactions"] == 1
    assert [v["spelling"] for v in payload["variants"]] == ["Rizzi Paolo"]


def test_forget_asks_about_other_spellings_at_a_terminal(hostile_db, monkeypatch):
    monkeypatch.setattr("reterete.cli.workspace._interactive", lambda: True)
    result = runner.invoke(app, ["forget", "Paolo Rizzi", "--db", str(hostile_db)],
                           input="y\ny\n")
    assert result.exit_code == 0, result.output
    assert "Erase them too?" in result.output
    raw = hostile_db.read_bytes().lower()
    for spelling in ("paolo rizzi", "p\u0430olo rizzi", "rizzi paolo", "paolo_rizzi"):
        assert spelling.encode() not in raw, spelling
