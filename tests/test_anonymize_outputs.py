"""--anonymize everywhere output leaves the program: no person's name (registry
is_person) in any table, JSON, CSV, page or report made from the bundled example."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.examples import cremona
from reterete.identity import normalize_name

PERSONS = [a.name for a in cremona.generate().actors if a.is_person]


def _leaks(text: str) -> list[str]:
    folded = normalize_name(text)
    leaks = [n for n in PERSONS if normalize_name(n) in folded]
    # surnames alone too (a name split across cells or labels)
    leaks += [n for n in PERSONS if f" {n.split()[-1].casefold()}" in folded
              and n.split()[-1].casefold() not in ("roma",)]
    return leaks


def test_persons_are_known():
    assert len(PERSONS) > 10 and "Giulia Ferrari" in PERSONS


COMMANDS = [
    ["centrality"],
    ["antennas", "--site", "Piazza Roma", "-k", "3"],
    ["antennas", "--all-sites", "-k", "2"],
    ["recommend", "--site", "Piazza Marconi", "--to", "2024-10"],
]


@pytest.mark.parametrize(("command", "form"), [
    (c, f) for c in COMMANDS for f in ("table", "json", "csv")
    if not (f == "csv" and "--all-sites" in c)])  # --all-sites writes no single table
def test_tables_json_and_csv_carry_no_names(command, form, cremona_logs, cremona_registry,
                                            tmp_path, monkeypatch):
    monkeypatch.setenv("RETERETE_KEY", "test-secret")
    monkeypatch.setenv("COLUMNS", "200")
    args = [*command, *map(str, cremona_logs), "--actors", str(cremona_registry),
            "--anonymize"]
    out = tmp_path / "out.csv"
    if form == "json":
        args.append("--json")
    if form == "csv":
        args += ["--csv", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    text = result.stdout + (out.read_text(encoding="utf-8-sig") if form == "csv" else "")
    assert _leaks(text) == []


@pytest.mark.parametrize("command", ["viz", "report"])
def test_page_and_report_carry_no_names(command, cremona_logs, cremona_registry, tmp_path,
                                        monkeypatch):
    monkeypatch.setenv("RETERETE_KEY", "test-secret")
    out = tmp_path / f"{command}.html"
    args = [command, *map(str, cremona_logs), "--actors", str(cremona_registry),
            "--anonymize", "-o", str(out)]
    if command == "report":
        args += ["--boot", "50"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert _leaks(html) == []
    assert "Comitato Centro Storico" in html  # organisations keep their names


def test_without_anonymize_names_are_there(cremona_logs, cremona_registry):
    """The check above can fail: the same output without the flag has the names."""
    result = CliRunner().invoke(app, ["centrality", *map(str, cremona_logs), "--actors",
                                      str(cremona_registry), "--json"])
    assert result.exit_code == 0
    assert len(_leaks(result.stdout)) >= len(PERSONS) - 1


def test_workspace_key_keeps_pseudonyms_stable(cremona_logs, cremona_registry, tmp_path,
                                               monkeypatch):
    """With --db and no key of the user's, the workspace's own key is used:
    the same pseudonyms on every run, and no names."""
    for var in ("RETERETE_KEY", "RETERETE_KEY_FILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    db = tmp_path / "project.db"
    runner = CliRunner()
    imported = runner.invoke(app, ["import", *map(str, cremona_logs), "--actors",
                                   str(cremona_registry), "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    runs = [runner.invoke(app, ["centrality", "--db", str(db), "--anonymize", "--json"])
            for _ in range(2)]
    assert all(r.exit_code == 0 for r in runs)
    assert runs[0].stdout == runs[1].stdout
    assert _leaks(runs[0].stdout) == []
    assert not (tmp_path / "config" / "reterete").exists()  # the workspace key, no key file
