"""reterete.outputs and the commands that write files (issue 12, items 1-2).

An output naming an input is refused before any work; every file is written
whole or not at all; a missing output folder is named as such. The full disk
is simulated for real with ``RLIMIT_FSIZE`` on a subprocess (Python ignores
SIGXFSZ, so writes past the limit fail with EFBIG like ENOSPC would).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.errors import InputError, OutputError
from reterete.outputs import (
    atomic_open,
    atomic_path,
    check_output_folder,
    refuse_overwriting_inputs,
    write_atomic,
)

runner = CliRunner()

LOG = "date,source,target,site\n2024-09-02,Ada,Bea,Piazza Roma\n2024-09-03,Bea,Cy,Piazza Roma\n"
REG = "name,kind\nAda,police\nBea,association\nCy,resident\n"


@pytest.fixture
def inputs(tmp_path):
    log = tmp_path / "pairs.csv"
    log.write_text(LOG, encoding="utf-8")
    reg = tmp_path / "reg.csv"
    reg.write_text(REG, encoding="utf-8")
    return log, reg


def said(res) -> str:
    """What the command printed, with rich's line wrapping undone."""
    return " ".join(res.output.split())


def _same(path: Path, text: str) -> bool:
    return path.read_text(encoding="utf-8") == text


# --- outputs that would replace an input ------------------------------------------------

@pytest.mark.parametrize("command", ["summary", "centrality", "timeline"])
def test_csv_output_equal_to_the_log_is_refused(inputs, command):
    log, reg = inputs
    res = runner.invoke(app, [command, str(log), "--actors", str(reg), "--csv", str(log)])
    assert res.exit_code == 2, res.output
    assert "is the input" in said(res) and "pairs.csv" in said(res)
    assert _same(log, LOG)


def test_page_output_equal_to_the_registry_is_refused(inputs):
    log, reg = inputs
    res = runner.invoke(app, ["viz", str(log), "--actors", str(reg), "-o", str(reg)])
    assert res.exit_code == 2 and "is the input" in said(res)
    assert _same(reg, REG)


def test_report_output_through_another_spelling_is_refused(inputs, monkeypatch):
    log, reg = inputs
    monkeypatch.chdir(log.parent)
    res = runner.invoke(app, ["report", str(log), "--actors", str(reg), "-o",
                              f"./sub/../{log.name}", "--json"])
    # ./sub does not exist, yet the path is the log's: refused as the input
    assert res.exit_code == 2
    assert "is the input" in json.loads(res.stdout)["error"]
    assert _same(log, LOG)


def test_symlink_and_hard_link_to_an_input_are_refused(inputs, tmp_path):
    log, reg = inputs
    link = tmp_path / "link.csv"
    link.symlink_to(log)
    hard = tmp_path / "hard.csv"
    os.link(log, hard)
    for out in (link, hard):
        res = runner.invoke(app, ["summary", str(log), "--csv", str(out)])
        assert res.exit_code == 2 and "is the input" in said(res), out
    assert _same(log, LOG)


def test_output_on_the_workspace_is_refused(tmp_path):
    db = tmp_path / "project.db"
    db.write_bytes(b"not touched")
    with pytest.raises(InputError, match="is the workspace"):
        refuse_overwriting_inputs([tmp_path / "project.db-wal"], [], workspace=db)
    res = runner.invoke(app, ["summary", "--db", str(db), "--csv", str(db)])
    assert res.exit_code == 2 and "is the workspace" in said(res)
    assert db.read_bytes() == b"not touched"


def test_other_outputs_pass(inputs, tmp_path):
    log, reg = inputs
    refuse_overwriting_inputs([tmp_path / "out.csv", None], [log, reg, None])
    res = runner.invoke(app, ["summary", str(log), "--csv", str(tmp_path / "out.csv")])
    assert res.exit_code == 0, res.output


# --- missing output folders -------------------------------------------------------------

def test_missing_output_folder_is_named(inputs, tmp_path):
    log, _ = inputs
    out = tmp_path / "nowhere" / "net.html"
    res = runner.invoke(app, ["viz", str(log), "-o", str(out)])
    assert res.exit_code == 2
    assert "does not exist" in said(res) and "not found" not in said(res)
    res = runner.invoke(app, ["centrality", str(log), "--csv", str(out)])
    assert res.exit_code == 2 and "does not exist" in said(res)


def test_output_that_is_a_folder_or_under_a_file(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        check_output_folder(tmp_path)
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(InputError, match="is a file, not a folder"):
        check_output_folder(afile / "out.csv")


# --- atomic writing ---------------------------------------------------------------------

def test_write_atomic_replaces_whole_and_leaves_nothing_else(tmp_path):
    dest = tmp_path / "page.html"
    dest.write_text("old")
    write_atomic(dest, "nuova pagina è")
    assert dest.read_text(encoding="utf-8") == "nuova pagina è"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]
    write_atomic(dest, b"\x00\x01")
    assert dest.read_bytes() == b"\x00\x01"


def test_a_failure_midway_keeps_the_previous_file(tmp_path):
    dest = tmp_path / "table.csv"
    dest.write_text("good")
    with pytest.raises(RuntimeError), atomic_open(dest, "w", encoding="utf-8") as fh:
        fh.write("half")
        raise RuntimeError("rendering failed")
    assert dest.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_permissions_of_the_replaced_file_are_kept(tmp_path):
    dest = tmp_path / "t.csv"
    dest.write_text("x")
    dest.chmod(0o640)
    with atomic_path(dest) as tmp:
        tmp.write_text("y")
    assert dest.stat().st_mode & 0o777 == 0o640


def test_writing_through_a_symlink_updates_its_target(tmp_path):
    target = tmp_path / "real.html"
    target.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


def test_disk_errors_become_output_errors(tmp_path):
    dest = tmp_path / "r.html"
    dest.write_text("previous")
    with pytest.raises(OutputError, match="previous file is unchanged"), \
            atomic_path(dest) as tmp:
        tmp.write_text("partial")
        raise OSError(28, "No space left on device")
    assert dest.read_text() == "previous"
    assert len(list(tmp_path.iterdir())) == 1


def _limited(limit: int):
    def setup():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return setup


@pytest.mark.parametrize("command,option,name", [
    ("viz", "-o", "net.html"), ("report", "-o", "report.html"),
    ("centrality", "--csv", "c.csv")])
def test_full_disk_keeps_the_previous_output(inputs, tmp_path, command, option, name):
    """Issue 12, item 2: the previous good file stays, no truncated file, exit 2."""
    log, _ = inputs
    out = tmp_path / name
    out.write_text("previous good file")
    before = sorted(p.name for p in tmp_path.iterdir())
    extra = ["--boot", "20"] if command == "report" else []
    proc = subprocess.run(
        [sys.executable, "-m", "reterete", command, str(log), option, str(out), *extra],
        capture_output=True, text=True, timeout=300, preexec_fn=_limited(64),
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert proc.returncode == 2, proc.stderr
    assert "could not write" in proc.stderr and "internal error" not in proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_text() == "previous good file"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# --- demo -------------------------------------------------------------------------------

def test_demo_refuses_a_folder_with_files(tmp_path):
    out = tmp_path / "d"
    out.mkdir()
    mine = out / "mine.csv"
    mine.write_text("keep me")
    res = runner.invoke(app, ["demo", "--out", str(out)])
    assert res.exit_code == 2 and "--force" in said(res)
    assert mine.read_text() == "keep me" and sorted(out.iterdir()) == [mine]


def test_demo_force_and_empty_folder_are_accepted(tmp_path):
    from reterete.cli.demo import _prepare_folder

    empty = tmp_path / "empty"
    empty.mkdir()
    _prepare_folder(empty, force=False)
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x")
    _prepare_folder(full, force=True)
    _prepare_folder(tmp_path / "new" / "deeper", force=False)
    assert (tmp_path / "new" / "deeper").is_dir()
    with pytest.raises(InputError, match="is a file"):
        _prepare_folder(full / "x", force=True)


def test_xlsx_output_equal_to_the_registry_is_refused(inputs):
    log, reg = inputs
    res = runner.invoke(app, ["summary", str(log), "--actors", str(reg), "--xlsx", str(reg)])
    assert res.exit_code == 2 and "is the input" in said(res)
    assert _same(reg, REG)


def test_two_outputs_on_one_file_are_refused(inputs, tmp_path):
    log, _ = inputs
    out = tmp_path / "t.xlsx"  # a CSV named .xlsx: the second would replace the first
    res = runner.invoke(app, ["summary", str(log), "--csv", str(out), "--xlsx", str(out)])
    assert res.exit_code == 2 and "two outputs are the same file" in said(res)
