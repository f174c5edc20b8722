"""No option may destroy a user's file (issue 20): every option of every
command that names a file it writes is found by looking at the command line
itself (typer's commands and their parameters), then pointed at the contact
log, the registry, the workspace, its ``-wal`` and ``-shm``, and a symlink to
the log. Each must be refused with exit 2 and every byte of the files left
as it was. A new output option is therefore tested without being listed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from reterete.cli import app
from reterete.outputs import PATH_OPTIONS

runner = CliRunner()

LOG = ("date,source,target,site,kind\n"
       "2024-09-02,Ada Rossi,Bea Neri,Piazza Roma,visit\n"
       "2024-09-03,Bea Neri,Bar Roma,Piazza Roma,visit\n"
       "2024-09-04,Bar Roma,Comitato Po,Piazza Marconi,meeting\n")
REGISTRY = "name,kind,sector,sites\nAda Rossi,persona,sociale,Piazza Roma\n"


def _commands():
    group = typer.main.get_command(app)
    for name in group.list_commands(None):
        yield name, group.get_command(None, name)


def _annotation(param):
    return param.type_descriptor.annotation


def _takes_path(param) -> bool:
    return _annotation(param) in (Path, list[Path])


def output_options() -> list[tuple[str, str, str]]:
    """(command, parameter, option) for every option a command writes to."""
    found = []
    for cmd, command in _commands():
        for p in command.params:
            if _takes_path(p) and "output" in PATH_OPTIONS.get(p.name, "output"):
                found.append((cmd, p.name, p.opts[0]))
    return found


def test_every_path_parameter_is_declared():
    """Every parameter that takes a path has its role declared in one place."""
    undeclared = [(cmd, p.name) for cmd, command in _commands() for p in command.params
                  if _takes_path(p) and p.name not in PATH_OPTIONS]
    assert undeclared == []


def test_the_enumeration_finds_the_known_outputs():
    found = {(c, o) for c, _, o in output_options()}
    for expected in [("check", "--errors"), ("import", "--errors"), ("summary", "--errors"),
                     ("summary", "--csv"), ("centrality", "--xlsx"), ("export", "-o"),
                     ("workbook", "-o"), ("template", "-o"), ("viz", "-o"), ("report", "-o"),
                     ("viz", "--key-file")]:
        assert expected in found, expected


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("guard")
    log = folder / "contatti.csv"
    log.write_text(LOG, encoding="utf-8")
    registry = folder / "registro.csv"
    registry.write_text(REGISTRY, encoding="utf-8")
    db = folder / "ws.db"
    result = runner.invoke(app, ["import", str(log), "--actors", str(registry),
                                 "--db", str(db)])
    assert result.exit_code == 0, result.output
    for suffix in ("-wal", "-shm"):  # as while another program has it open
        db.with_name(db.name + suffix).write_bytes(b"companion")
    link = folder / "link.csv"
    link.symlink_to(log)
    key = folder / "chiave.key"
    key.write_text("0" * 64, encoding="utf-8")
    return {"log": log, "registry": registry, "db": db, "wal": Path(f"{db}-wal"),
            "shm": Path(f"{db}-shm"), "link": link, "key": key}


def _base(command, files: dict[str, Path], use_db: bool) -> list[str] | None:
    names = {p.name for p in command.params}
    args: list[str] = []
    if use_db:
        if "db" not in names:
            return None
        args += ["--db", str(files["db"])]
        if "name" in names:  # forget, alias: never reached, the guard comes first
            return None
    else:
        if "files" not in names:
            return None
        args += [str(files["log"])]
        if "actors" in names:
            args += ["--actors", str(files["registry"])]
    if "key_file" in names:
        args += ["--key-file", str(files["key"])]
    return args


def _digest(files: dict[str, Path]) -> dict[str, str]:
    return {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in files.items()
            if p.exists()}


@pytest.mark.parametrize(("cmd", "param", "option"), output_options())
def test_every_output_option_refuses_every_input(cmd, param, option, files):
    group = typer.main.get_command(app)
    command = group.get_command(None, cmd)
    before = _digest(files)
    tried = 0
    for use_db in (False, True):
        base = _base(command, files, use_db)
        if base is None:
            continue
        targets = ["log", "registry", "link", "key"] if not use_db else [
            "db", "wal", "shm", "key"]
        if not use_db and "actors" not in {p.name for p in command.params}:
            targets.remove("registry")
        if param == "key_file" or "key_file" not in {p.name for p in command.params}:
            targets.remove("key")
        for target in targets:
            args = [a for a in base]
            if param == "key_file":
                args = [a for a in args if a not in ("--key-file", str(files["key"]))]
            result = runner.invoke(app, [cmd, *args, option, str(files[target])])
            tried += 1
            assert result.exit_code == 2, (cmd, option, target, result.output)
            assert "Traceback" not in result.output
            assert "destroy" in result.output, (cmd, option, target, result.output)
            assert _digest(files) == before, (cmd, option, target)
    assert tried, f"{cmd} {option} was not tried"


def test_options_that_are_not_paths_are_not_guarded(files, tmp_path):
    # a one-day window, a site named like a file, the app's addresses: text, not
    # outputs (a one-day window was refused as "two outputs are the same file")
    from typer.testing import CliRunner

    from reterete.cli import app

    runner = CliRunner()
    log = str(files["log"])
    one_day = runner.invoke(app, ["summary", log, "--from", "2024-09-15", "--to", "2024-09-15"])
    assert "same file" not in one_day.output and one_day.exit_code in (0, 2), one_day.output
    compare = runner.invoke(app, ["compare", log, "--start", "2024-09", "--end", "2024-09",
                                  "--json"])
    assert "same file" not in compare.output, compare.output
