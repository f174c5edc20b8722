"""--lang on the command line: the same check reads Italian or English; JSON
keys never change."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from reterete.cli import app

runner = CliRunner()


def _bad_log(tmp_path):
    path = tmp_path / "contatti.csv"
    path.write_text("Data;Attore 1;Attore 2;Luogo\n"
                    "02/09/2024;Agente Rossi;Bar Portici;Piazza Roma\n"
                    "31/09/2024;Agente Rossi;Bar Portici;Piazza Roma\n"
                    "03/09/2024;Agente Rossi;;Piazza Roma\n", encoding="utf-8")
    return path


def test_check_speaks_italian_with_lang_it(tmp_path):
    path = _bad_log(tmp_path)
    result = runner.invoke(app, ["check", str(path), "--lang", "it"])
    assert result.exit_code == 2
    out = result.stdout
    assert "2 errori: non è stato importato nulla" in out
    assert ("contatti.csv, riga 3, colonna 'Data': '31/09/2024' non è una data: il giorno 31 "
            "non esiste in settembre 2024") in out
    assert "contatti.csv, riga 4, colonna 'Attore 2': è vuoto: ogni contatto ne ha bisogno" in out
    for english in ("row ", "column ", "is not a date", "is empty", "errors"):
        assert english not in out


def test_check_speaks_english_with_lang_en(tmp_path, monkeypatch):
    monkeypatch.setenv("RETERETE_LANG", "it")          # --lang beats the environment
    path = _bad_log(tmp_path)
    out = runner.invoke(app, ["check", str(path), "--lang", "en"]).stdout
    assert ("contatti.csv, row 3, column 'Data': '31/09/2024' is not a date: day 31 does not "
            "exist in September 2024") in out
    assert "contatti.csv, row 4, column 'Attore 2': is empty: every contact needs this" in out


def test_environment_chooses_when_no_lang(tmp_path, monkeypatch):
    monkeypatch.setenv("RETERETE_LANG", "it")
    out = runner.invoke(app, ["check", str(_bad_log(tmp_path))]).stdout
    assert "riga 3, colonna 'Data'" in out


def test_json_keys_are_the_same_in_both_languages(tmp_path):
    path = _bad_log(tmp_path)
    it = json.loads(runner.invoke(app, ["check", str(path), "--json", "--lang", "it"]).stdout)
    en = json.loads(runner.invoke(app, ["check", str(path), "--json", "--lang", "en"]).stdout)

    def keys(value):
        if isinstance(value, dict):
            return {k: keys(v) for k, v in value.items()}
        if isinstance(value, list):
            return [keys(v) for v in value]
        return None

    assert keys(it) == keys(en)
    assert [(e["file"], e["row"], e["column"], e["value"]) for e in it["errors"]] == [
        (e["file"], e["row"], e["column"], e["value"]) for e in en["errors"]]
    assert it["errors"][0]["reason"] == "non è una data: il giorno 31 non esiste in settembre 2024"
    assert en["errors"][0]["reason"] == "is not a date: day 31 does not exist in September 2024"


def test_lang_before_the_command_and_bad_values(tmp_path):
    path = _bad_log(tmp_path)
    out = runner.invoke(app, ["--lang", "it", "check", str(path)]).stdout
    assert "riga 3" in out
    bad = runner.invoke(app, ["check", str(path), "--lang", "fr"])
    assert bad.exit_code == 2


def test_every_command_takes_lang():
    from typer.main import get_command

    group = get_command(app)
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        opts = {o for p in command.params for o in getattr(p, "opts", ())}
        assert "--lang" in opts, name


def test_tables_in_italian_use_decimal_commas(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("date,source,target\n2024-09-15,Ada,Bea\n2024-09-16,Bea,Cy\n"
                    "2024-09-17,Cy,Dan\n", encoding="utf-8")
    out = runner.invoke(app, ["summary", str(path), "--lang", "it"]).stdout
    assert "Densità (quota dei legami possibili)" in out
    assert "0,5" in out and "0.5" not in out                  # density 3 / 6


def test_narrow_terminal_never_cuts_numbers(monkeypatch):
    import io

    import pandas as pd
    from rich.console import Console

    from reterete.cli import _common

    frame = pd.DataFrame({
        "name": ["Associazione Genitori del Quartiere Cremona Nord e dintorni", "Bea"],
        "betweenness": [0.123456, 12345.678], "degree": [123456789, 2]})
    for width in (24, 30, 40, 80):
        buf = io.StringIO()
        monkeypatch.setattr(_common.console, "_console", Console(file=buf, width=width))
        _common.print_table(frame, title="t")
        text = buf.getvalue()
        for number in ("0.123", "12,346", "123,456,789"):
            assert number in text, (width, text)
        assert "Bea" in text and "Associaz" in text, (width, text)   # names wrap instead
