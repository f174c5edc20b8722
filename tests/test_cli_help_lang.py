"""The command line's own words (help, usage, errors) in the reader's language."""

from __future__ import annotations

import json

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


def test_help_defaults_with_the_languages_decimal_mark():
    it = " ".join(runner.invoke(app, ["check", "--help", "--lang", "it"]).output.split())
    assert "[predefinito: 88]" in it and "88.0" not in it
    en = " ".join(runner.invoke(app, ["check", "--help", "--lang", "en"]).output.split())
    assert "[default: 88.0]" in en


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


FORGET_LOG = ("date,source,target,site\n2024-09-02,Ada Rossi,Bea Neri,Piazza Roma\n"
              "2024-09-03,Bea Neri,Caritas,Piazza Roma\n")


@pytest.mark.parametrize("answer", ["s", "sì", "S", "y"])
def test_forget_dialogue_in_italian(tmp_path, monkeypatch, answer):
    log = tmp_path / "contatti.csv"
    log.write_text(FORGET_LOG, encoding="utf-8")
    db = tmp_path / "progetto.db"
    assert runner.invoke(app, ["import", str(log), "--db", str(db)]).exit_code == 0
    monkeypatch.setattr("reterete.cli.workspace._interactive", lambda: True)  # a terminal
    result = runner.invoke(app, ["forget", "Ada Rossi", "--db", str(db), "--lang", "it"],
                           input=f"forse\n{answer}\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Cancellare 'Ada Rossi' e ogni suo contatto da" in out and "[s/N]" in out
    assert "Rispondi s o n." in out                      # 'forse' is asked again
    assert "Cancellati: 1 contatto," in out and "0 altri nomi" in out
    for english in ("Erase", "Erased", "[y/N]", "Warning", "contact(s)", "entries"):
        assert english not in out


def test_forget_dialogue_says_no_by_default(tmp_path, monkeypatch):
    log = tmp_path / "contatti.csv"
    log.write_text(FORGET_LOG, encoding="utf-8")
    db = tmp_path / "progetto.db"
    runner.invoke(app, ["import", str(log), "--db", str(db)])
    monkeypatch.setattr("reterete.cli.workspace._interactive", lambda: True)
    result = runner.invoke(app, ["forget", "Ada Rossi", "--db", str(db), "--lang", "it"],
                           input="\n")
    assert result.exit_code == 1 and "Non è stato cancellato nulla" in result.output
    en = runner.invoke(app, ["forget", "Ada Rossi", "--db", str(db), "--lang", "en"],
                       input="y\n")
    assert en.exit_code == 0 and "[y/N]" in en.output
    assert "Erased: 1 contact, their name from 0 contacts they recorded" in en.output


def test_pseudonyms_in_italian(tmp_path):
    from reterete.i18n import language
    from reterete.privacy import pseudonym

    with language("it"):
        it = pseudonym("Mario Rossi", b"secret")
    with language("en"):
        en = pseudonym("Mario Rossi", b"secret")
    assert it == "Persona 141778" and en == "Person 141778"


def test_forget_dialogue_ended_without_an_answer(tmp_path, monkeypatch):
    # the input ends (Ctrl+D) before an answer: nothing is erased, said in Italian
    log = tmp_path / "contatti.csv"
    log.write_text(FORGET_LOG, encoding="utf-8")
    db = tmp_path / "progetto.db"
    runner.invoke(app, ["import", str(log), "--db", str(db)])
    monkeypatch.setattr("reterete.cli.workspace._interactive", lambda: True)
    result = runner.invoke(app, ["forget", "Ada Rossi", "--db", str(db), "--lang", "it"],
                           input="")
    assert result.exit_code == 1
    assert "Interrotto." in result.output and "Aborted" not in result.output
    gone = runner.invoke(app, ["forget", "Ada Rossi", "--db", str(db), "--yes", "--json"])
    assert json.loads(gone.stdout)["interactions"] == 1            # still there before
