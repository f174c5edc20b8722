"""Workspaces on read-only folders and damaged workspaces (issue 20): a
read-only workspace opens read-only (``mode=ro``, ``immutable`` where its
folder cannot be written), and a damaged file ends every command, ``log``
included, with exit 2 and what to do (restore a backup), never "internal
error"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reterete.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ws")
    rows = ["date,source,target,site"] + [
        f"2024-09-{1 + i % 28:02d},P{i},Q{(i * 7) % 300},S{i % 5}" for i in range(3000)]
    log = folder / "contatti.csv"
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = folder / "ws.db"
    result = runner.invoke(app, ["import", str(log), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def damaged_copy(db: Path, folder: Path, page: int) -> Path:
    copy = folder / f"damaged-{page}.db"
    shutil.copy(db, copy)
    data = bytearray(copy.read_bytes())
    for k in range(page * 4096, page * 4096 + 12):  # the page's header
        data[k] ^= 0xA5
    copy.write_bytes(bytes(data))
    return copy


COMMANDS = [["log"], ["summary"], ["centrality"], ["timeline"],
            ["antennas", "-k", "2", "--all-sites"],
            ["export", "-o", "{out}/n.gexf"], ["viz", "-o", "{out}/p.html"],
            ["report", "-o", "{out}/r.html"], ["workbook", "-o", "{out}/w.xlsx"],
            ["template", "-o", "{out}/t.xlsx"], ["alias", "P1", "Q7"], ["forget", "P2",
                                                                         "--yes"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_damaged_workspace_is_exit_2_with_what_to_do(tmp_path, workspace, command):
    db = damaged_copy(workspace, tmp_path, page=10)
    args = [a.format(out=tmp_path) for a in command]
    result = runner.invoke(app, [*args, "--db", str(db)])
    said = " ".join(result.output.split())
    assert result.exit_code == 2, (command, said)
    assert "is damaged" in said and "backup" in said, said
    assert "internal error" not in said


def test_log_finds_damage_the_other_commands_do_not_read(tmp_path, workspace):
    db = damaged_copy(workspace, tmp_path, page=3)
    result = runner.invoke(app, ["log", "--db", str(db)])
    assert result.exit_code == 2 and "is damaged" in " ".join(result.output.split())


def test_a_workspace_in_a_folder_that_cannot_be_written_is_read(tmp_path, workspace,
                                                                monkeypatch):
    import reterete.store.connection as connection

    db = tmp_path / "ws.db"
    shutil.copy(workspace, db)
    # SQLite cannot create the -shm beside the file (as on a read-only mount)
    (tmp_path / "ws.db-shm").mkdir()
    monkeypatch.setattr(connection, "_writable_folder", lambda path: False)
    for command in (["summary"], ["log"], ["centrality"]):
        result = runner.invoke(app, [*command, "--db", str(db), "--json"])
        assert result.exit_code == 0, (command, result.output)
    result = runner.invoke(app, ["alias", "P1", "Q7", "--db", str(db)])
    assert result.exit_code == 2


def test_a_read_only_mount_is_seen(tmp_path):
    import reterete.store.connection as connection

    assert connection._writable_folder(tmp_path / "ws.db")
    assert not connection._writable_folder(Path("/proc/self/x.db"))
