"""--anonymize everywhere output leaves the program: no person's name (registry
is_person) in any table, JSON, CSV, page or report made from the bundled example."""

from __future__ import annotations

import json

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


# ---------------------------------------------------------------------------
# Free text reaches anonymized outputs only pseudonymised or not at all
# (issue 12, item 4): a site, an event, an extra column, another actor's
# attribute and the file name all carry a person's name here.
HOSTILE_LOG = (
    "date,source,target,site,kind,event,note,Referente\n"
    "2024-09-02,Paolo Rizzi,Bar Roma,Casa di Paolo Rizzi,visit,,chiede aiuto,Paolo Rizzi\n"
    "2024-09-03,Paolo Rizzi,Anna Neri,Casa di Paolo Rizzi,visit,Compleanno di Paolo Rizzi,,\n"
    "2024-09-04,Anna Neri,Bar Roma,Casa di Paolo Rizzi,visit,,,\n"
    "2024-10-01,Bar Roma,Comitato Po,Piazza Roma,meeting,,,\n"
    "2024-10-02,Edu Uno,Bar Roma,Piazza Roma,visit,,,\n"
    "2024-10-03,Edu Uno,Anna Neri,Casa di Paolo Rizzi,visit,,,\n"
    "2024-12-01,Edu Uno,Comitato Po,Piazza Roma,visit,,,\n")
HOSTILE_REGISTRY = (
    "name,kind,sector,sites,is_person,contatto\n"
    "Paolo Rizzi,resident,,Casa di Paolo Rizzi,yes,\n"
    "Anna Neri,resident,,Casa di Paolo Rizzi,yes,\n"
    "Bar Roma,business,commerce,Piazza Roma,no,chiedere a Paolo Rizzi\n"
    "Comitato Po,neighbourhood_committee,civic,Piazza Roma,no,\n"
    "Edu Uno,police,team,Piazza Roma,no,\n")
HOSTILE_WORDS = ["paolo", "rizzi", "anna", "neri", "chiede aiuto", "compleanno"]


@pytest.fixture
def hostile_files(tmp_path):
    folder = tmp_path / "paolo_rizzi"
    folder.mkdir()
    log = folder / "diario_paolo_rizzi.csv"
    log.write_text(HOSTILE_LOG, encoding="utf-8")
    reg = tmp_path / "registro.csv"
    reg.write_text(HOSTILE_REGISTRY, encoding="utf-8")
    return [str(log), "--actors", str(reg)]


def _words(text: str) -> list[str]:
    """HOSTILE_WORDS found as whole words (vis-network's own code says
    'cleanNavigation')."""
    import re

    folded = normalize_name(text)
    return [w for w in HOSTILE_WORDS if re.search(rf"(?<![a-z]){w}(?![a-z])", folded)]


HOSTILE_COMMANDS = [
    ["centrality"],
    ["centrality", "--site", "Casa di Paolo Rizzi"],
    ["antennas", "--site", "Casa di Paolo Rizzi", "-k", "1"],
    ["antennas", "--all-sites", "-k", "1"],
    ["recommend", "--site", "Casa di Paolo Rizzi"],
]


@pytest.mark.parametrize("command", HOSTILE_COMMANDS)
@pytest.mark.parametrize("form", ["table", "json"])
def test_hostile_free_text_stays_out_of_tables(command, form, hostile_files, monkeypatch):
    monkeypatch.setenv("RETERETE_KEY", "test-secret")
    monkeypatch.setenv("COLUMNS", "250")
    args = [*command, *hostile_files, "--anonymize"] + (["--json"] if form == "json" else [])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert _words(result.stdout) == []
    if command[0] != "centrality":
        assert "Site " in result.stdout   # the site is there, under its pseudonym


@pytest.mark.parametrize("command", ["viz", "report", "export", "workbook"])
def test_hostile_free_text_stays_out_of_pages_and_files(command, hostile_files, tmp_path,
                                                        monkeypatch):
    import zipfile

    monkeypatch.setenv("RETERETE_KEY", "test-secret")
    suffix = {"viz": "html", "report": "html", "export": "graphml", "workbook": "xlsx"}[command]
    out = tmp_path / f"out.{suffix}"
    args = [command, *hostile_files, "--anonymize", "-o", str(out)]
    if command == "report":
        args += ["--boot", "20"]
    if command == "export":
        args += ["--format", "graphml"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    if suffix == "xlsx":
        with zipfile.ZipFile(out) as z:
            text = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    else:
        text = out.read_text(encoding="utf-8")
    assert _words(text) == []
    assert "Bar Roma" in text   # organisations keep their names
    assert _words(result.stdout) == []


def test_the_same_outputs_without_anonymize_do_name_them(hostile_files, tmp_path):
    """The greps above can fail: without --anonymize the words are there."""
    out = tmp_path / "page.html"
    assert CliRunner().invoke(app, ["viz", *hostile_files, "-o", str(out)]).exit_code == 0
    assert {"paolo", "rizzi", "anna"} <= set(_words(out.read_text(encoding="utf-8")))


def test_real_names_and_pseudonyms_are_both_accepted(hostile_files, monkeypatch, tmp_path):
    """antennas --anonymize --include took only the pseudonym, while viz
    --antenna took the real name: now both take either."""
    monkeypatch.setenv("RETERETE_KEY", "test-secret")
    runner = CliRunner()
    base = ["antennas", *hostile_files, "--anonymize", "--json", "-k", "1"]
    real = runner.invoke(app, [*base, "--site", "Casa di Paolo Rizzi", "--include",
                               "Anna Neri"])
    assert real.exit_code == 0, real.output
    plan = json.loads(real.stdout)
    fake_site, fake_anna = plan["site"], plan["antennas"][0]["name"]
    assert fake_site.startswith("Site ") and fake_anna.startswith("Person ")
    again = runner.invoke(app, [*base, "--site", fake_site, "--include", fake_anna])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == plan
    page = tmp_path / "p.html"
    for who in ("Anna Neri", fake_anna):
        shown = runner.invoke(app, ["viz", *hostile_files, "--anonymize", "-o", str(page),
                                    "--site", "Casa di Paolo Rizzi", "--antenna", who])
        assert shown.exit_code == 0 and "antennas asked for" not in shown.output
        assert _words(page.read_text(encoding="utf-8")) == []
