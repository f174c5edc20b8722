"""The command line's own words (help, usage, errors) in the reader's language."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from reterete import _catalog
from reterete.cli import app
from reterete.cli._help import cli_messages, translate_error
from reterete.i18n import language

runner = CliRunner()


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    return group.list_commands(None)


@pytest.mark.parametrize("name", [None, *_commands()])
def test_every_help_in_italian(name):
    args = ([] if name is None else [name]) + ["--help", "--lang", "it"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Uso: reterete") and "Opzioni:" in out
    assert "Mostra questo aiuto ed esce." in out
    for english in ("Usage", "Options", "Show this message", "default:", "[OPTIONS]",
                    "<str>", "<int>", "<path>", "required"):
        assert english not in out, (name, english)


@pytest.mark.parametrize("name", [None, *_commands()])
def test_every_help_in_english_is_unchanged(name):
    args = ([] if name is None else [name]) + ["--help", "--lang", "en"]
    out = runner.invoke(app, args).output
    assert out.startswith("Usage: reterete") and "Options:" in out
    assert "Show this message and exit." in out and "Opzioni" not in out


def test_lang_after_help_still_counts():
    # --lang is read before typer parses: its place among the arguments does not matter
    out = runner.invoke(app, ["check", "--help", "--lang", "it"]).output
    assert "Controlla i registri dei contatti" in out


def test_usage_errors_in_italian():
    result = runner.invoke(app, ["check", "--nope", "--lang", "it"])
    assert result.exit_code == 2
    err = result.stderr
    assert "Uso: reterete check [OPZIONI] [file]..." in err
    assert "Per un aiuto: 'reterete check --help'." in err
    assert "Errore: L'opzione --nope non esiste" in err
    for english in ("Usage", "Try ", "Error:", "No such option"):
        assert english not in err
    err = runner.invoke(app, ["chek", "--lang", "it"]).stderr
    assert "Il comando 'chek' non esiste. Forse intendevi 'check'?" in err
    err = runner.invoke(app, ["alias", "--lang", "it"]).stderr
    assert "Manca l'argomento 'nome'." in err
    err = runner.invoke(app, ["check", "x.csv", "--similarity", "abc", "--lang", "it"]).stderr
    assert "Valore non valido per '--similarity': serve un numero" in err


def test_usage_errors_in_english_unchanged():
    err = runner.invoke(app, ["check", "--nope", "--lang", "en"]).stderr
    assert "Try 'reterete check --help' for help." in err
    assert "Error: No such option: --nope" in err


def test_unknown_messages_pass_through():
    with language("it"):
        assert translate_error("un messaggio già tradotto") == "un messaggio già tradotto"
        assert translate_error("No such option: --x (Possible options: --xy)") == \
            "L'opzione --x non esiste (opzioni possibili: --xy)"


def test_help_texts_are_catalog_messages():
    found = cli_messages()
    assert "Show this message and exit." in found
    assert "Contact log files (CSV, XLSX, ODS, Parquet)." in found
    assert any("right to erasure" in text for text in found)     # a docstring
    extracted = _catalog.extract()
    assert set(found) <= set(extracted)


def test_freq_takes_italian_words(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("date,source,target\n2024-09-02,Ada,Bea\n2024-09-20,Bea,Cy\n",
                   encoding="utf-8")
    import json

    for word, key in (("settimana", "week"), ("trimestre", "quarter"), ("week", "week")):
        out = runner.invoke(app, ["timeline", str(log), "--freq", word, "--json"])
        assert out.exit_code == 0, out.output
        assert json.loads(out.stdout)["freq"] == key
    bad = runner.invoke(app, ["timeline", str(log), "--freq", "anno", "--lang", "it"])
    assert bad.exit_code == 2
    assert ("--freq deve essere uno tra ora (hour), giorno (day), settimana (week), "
            "mese (month), trimestre (quarter), non 'anno'") in " ".join(bad.stderr.split())


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("reterete ")
