"""Issue 20, item 13: the small hostile inputs each get a sentence and exit 2
(never a traceback, never a silent guess), and a window that holds no contact
says so. Each case was found by a probe run as a new user would."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from reterete.cli import app

runner = CliRunner()
LOG = "date,source,target,site\n2024-09-02,Ada,Bea,Piazza Roma\n2024-10-05,Bea,Cy,Piazza Roma\n"


def run(*args: object, env: dict[str, str] | None = None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def words(result) -> str:
    return " ".join(result.output.split())


def refused(result, *expected: str) -> str:
    text = words(result)
    assert result.exit_code == 2, (result.exit_code, text)
    assert "Traceback" not in result.output, text
    assert result.exception is None or isinstance(result.exception, SystemExit), text
    for part in expected:
        assert part in text, (part, text)
    return text


@pytest.fixture
def log(tmp_path):
    path = tmp_path / "contatti.csv"
    path.write_text(LOG, encoding="utf-8")
    return path


@pytest.mark.parametrize(("rows", "expected"), [
    ("1048576", "at most 1,048,575 rows"),      # wrote a template with no checks, silently
    ("0", "at least one row"), ("-5", "at least one row"),
    ("abc", "--rows")])
def test_template_rows_out_of_range(tmp_path, rows, expected):
    out = tmp_path / "modello.xlsx"
    refused(run("template", "-o", out, "--rows", rows), expected)
    assert not out.exists()


@pytest.mark.parametrize("value", ["0", "abc", "-3", "1.5"])
def test_chunk_rows_setting_must_be_a_whole_number_above_zero(log, value):
    # =0 was a ZeroDivisionError (exit 1, "internal error"), =abc was ignored
    refused(run("summary", log, env={"RETERETE_CHUNK_ROWS": value}),
            "RETERETE_CHUNK_ROWS", repr(value))


@pytest.mark.parametrize("option", ["--timezone", "--from", "--to", "--site"])
def test_an_empty_option_is_refused_not_taken_for_none(log, option):
    refused(run("summary", log, option, ""), option, "empty")


def test_a_timestamp_of_year_9999_in_seconds_is_refused_with_its_row(tmp_path):
    # 253402300799 is 9999-12-31T23:59:59 in seconds; it was read as milliseconds (1978)
    path = tmp_path / "sensori.csv"
    path.write_text("timestamp,source,target\n253402300799,Ada,Bea\n", encoding="utf-8")
    text = refused(run("check", path, "--timezone", "Europe/Rome"), "row 2", "253402300799",
                   "Unix time")
    assert "1978" not in text
    out = json.loads(run("check", path, "--timezone", "Europe/Rome", "--json").stdout)
    assert out["errors"][0]["row"] == 2 and out["errors"][0]["column"] == "timestamp"


@pytest.mark.parametrize(("window", "sentence"), [
    (["--from", "2030-01"], "No contact falls on or after 2030-01"),
    (["--to", "2000-01"], "No contact falls on or before 2000-01"),
    (["--from", "2024-09-10", "--to", "2024-09-20"],
     "No contact falls between 2024-09-10 and 2024-09-20")])
@pytest.mark.parametrize("command", ["summary", "centrality", "timeline", "export", "viz",
                                     "workbook"])
def test_a_window_without_contacts_says_so(log, tmp_path, window, sentence, command):
    outputs = {"export": ["-o", tmp_path / "rete.gexf"], "viz": ["-o", tmp_path / "rete.html"],
               "workbook": ["-o", tmp_path / "cartella.xlsx"]}
    result = run(command, log, *window, *outputs.get(command, []))
    assert result.exit_code == 0, words(result)
    assert f"{sentence}: the logs run from 2024-09-02 to 2024-10-05." in words(result)


def test_a_window_with_contacts_says_nothing_of_the_kind(log):
    result = run("summary", log, "--from", "2024-09")
    assert result.exit_code == 0 and "No contact falls" not in words(result)


def test_the_empty_window_sentence_in_italian(log):
    result = run("summary", log, "--from", "2030-01", "--lang", "it")
    assert ("Nessun contatto cade dal 2030-01 in poi: i registri vanno dal 2024-09-02 al "
            "2024-10-05.") in words(result)


@pytest.mark.parametrize("column", ["source", "site"])
def test_a_name_longer_than_a_spreadsheet_cell_is_refused_with_its_row(tmp_path, column):
    # 40,000 characters were cut to 32,767 in every XLSX, silently
    long = "A" * 40_000
    row = {"source": "Ada", "target": "Bea", "site": "Piazza Roma", column: long}
    path = tmp_path / "contatti.csv"
    path.write_text("date,source,target,site\n2024-09-02,Bea,Cy,Piazza Roma\n"
                    f"2024-09-03,{row['source']},{row['target']},{row['site']}\n",
                    encoding="utf-8")
    text = refused(run("check", path), "row 3", f"column '{column}'", "32,767 characters")
    assert long not in text and "A" * 40 + "..." in text
    out = tmp_path / "cartella.xlsx"
    refused(run("workbook", path, "-o", out), "32,767")
    assert not out.exists()
    ok = tmp_path / "giusto.csv"   # exactly a cell's worth is fine
    ok.write_text(f"date,source,target\n2024-09-02,{'B' * 32_767},Cy\n", encoding="utf-8")
    assert run("check", ok).exit_code == 0


def test_a_registry_name_longer_than_a_spreadsheet_cell_is_refused(log, tmp_path):
    registry = tmp_path / "registro.csv"
    registry.write_text(f"Nome;Tipo\nBea;Residente\n{'R' * 33_000};Residente\n",
                        encoding="utf-8")
    refused(run("check", log, "--actors", registry), "row 3", "'Nome'", "32,767 characters")


def test_the_too_long_sentence_in_italian(tmp_path):
    path = tmp_path / "contatti.csv"
    path.write_text(f"date,source,target\n2024-09-02,{'A' * 33_000},Bea\n", encoding="utf-8")
    refused(run("check", path, "--lang", "it"), "più lungo di 32.767 caratteri")
