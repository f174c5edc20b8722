"""Issue 21: the recommendation sentences in right Italian: the article and
preposition joined to a day as Italian reads it ("prima del 5 dicembre",
"prima dell'8 dicembre", "l'11 dicembre", "dal 1 dicembre", read "primo"),
and "at a site" said as the site's name needs it ("in Piazza Roma",
"nell'Area verde", "nel Parco", "nella Stazione", "a Cremona"); dates in
words, in the reader's language.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from reterete.i18n import articled, at_place, language
from reterete.metrics.recommend import _notes, _reasons


@pytest.mark.parametrize(("day", "before", "on", "since"), [
    ("2024-12-05", "prima del 5 dicembre 2024", "il 5 dicembre 2024", "a ritroso dal 5"),
    ("2024-12-08", "prima dell'8 dicembre 2024", "l'8 dicembre 2024", "a ritroso dall'8"),
    ("2024-12-11", "prima dell'11 dicembre 2024", "l'11 dicembre 2024", "a ritroso dall'11"),
    ("2024-12-01", "prima del 1 dicembre 2024", "il 1 dicembre 2024", "a ritroso dal 1"),
    ("2024-08-18", "prima del 18 agosto 2024", "il 18 agosto 2024", "a ritroso dal 18"),
])
def test_days_take_the_article_italian_reads(day, before, on, since):
    ref = pd.Timestamp(day)
    with language("it"):
        fading = _reasons("Piazza Roma", 1, 2, 0, [], "fading", 12.0, 3.0, ref=ref)
        today = _reasons("Piazza Roma", 1, 0, 0, [], "not engaged", None, 0.0, ref=ref)
        notes = _notes(ref, True, True) + _notes(ref, False, True)
    assert f"ultimo contatto con l'équipe 12 giorni {before}" in fading
    assert f"visto l'ultima volta 3 giorni {before}" in fading
    assert f"visto l'ultima volta {on}" in today
    assert all(since in n for n in notes), notes
    text = " ".join(fading + today + notes)
    assert not re.search(r"\b(?:del|dal|il) (?:8|11)\b|\bdel' |\d{4}-\d{2}", text), text


def test_english_days_and_sites():
    ref = pd.Timestamp("2024-12-08")
    with language("en"):
        reasons = _reasons("Area verde", 1, 2, 0, [], "fading", 1.0, 3.0, ref=ref)
        assert at_place("Piazza Roma") == "at Piazza Roma"
        assert articled("8 December 2024", "di") == "8 December 2024"
    assert reasons == ["reaches 2 actors at Area verde that no one engaged is in touch with",
                       "last contact with the team 1 day before 8 December 2024",
                       "last seen 3 days before 8 December 2024"]


@pytest.mark.parametrize(("site", "said"), [
    ("Piazza Roma", "in Piazza Roma"), ("Via Dante", "in Via Dante"),
    ("Area verde via Orti Romani", "nell'Area verde via Orti Romani"),
    ("Parco Tognazzi", "nel Parco Tognazzi"), ("Stazione FS", "nella Stazione FS"),
    ("Stadio Zini", "nello Stadio Zini"), ("Giardini pubblici", "nei Giardini pubblici"),
    ("Cremona", "a Cremona"), ("San Felice", "a San Felice"),
])
def test_sites_take_their_preposition(site, said):
    with language("it"):
        reasons = _reasons(site, 1, 1, 0, [], "not engaged", None, None)
        everyone = _reasons(site, 2, 0, 0, [], "not engaged", None, None)
    assert reasons[0] == f"raggiunge 1 attore {said} con cui nessuno dei coinvolti è in contatto"
    assert everyone[0].startswith(f"tutti quelli che conosce {said} sono")


def test_the_command_says_it_on_the_example():
    from importlib import resources

    from typer.testing import CliRunner

    from reterete.cli import app

    base = resources.files("reterete.examples").joinpath("data/cremona")
    with resources.as_file(base) as folder:
        result = CliRunner().invoke(app, [
            "--lang", "it", "recommend", str(folder / "contatti.csv"),
            str(folder / "diari_educatori.csv"), str(folder / "cabina_regia_equipe.csv"),
            "--actors", str(folder / "registro_attori.csv"), "--site",
            "Area verde via Orti Romani", "--to", "2024-11-08", "-n", "3"],
            env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Chi coinvolgere ora nell'Area verde via Orti Romani" in out
    assert "a ritroso dall'8 novembre 2024, la fine del periodo" in out
    assert " in Area verde" not in out and "dal 8" not in out and "del 8" not in out


def test_the_checks_can_fail():
    # the sentences as they were: the article not joined, the site with a bare "in"
    old = "visto l'ultima volta 3 giorni prima del 8 dicembre 2024; tutti quelli che " \
          "conosce in Area verde"
    assert re.search(r"\b(?:del|dal|il) (?:8|11)\b", old)
    assert " in Area verde" in old


@pytest.mark.parametrize("lang", ["it", "en"])
def test_counts_at_one_agree(lang):
    # the workspace log's sentences and the report's "who is here" built each
    # count through ngettext (they said "1 attori aggiunti", "1 contatti tolti")
    from lang_outputs import plural_at_one

    from reterete.store.provenance import _describe

    with language(lang):
        said = [
            _describe("import", {"actors": {"file": "r.csv", "added": 1, "updated": 1}},
                      [("c.csv", 1, 1, 1)]),
            _describe("forget", {"interactions": 1, "recorded_by": 1, "registry": 1,
                                 "aliases": 1}, []),
            _describe("forget", {"interactions": 0, "recorded_by": 2, "registry": 0,
                                 "aliases": 0}, []),
        ]
    text = " | ".join(said)
    assert not plural_at_one(text, lang), text
    if lang == "it":
        assert "1 attore aggiunto, 1 aggiornato" in text
        assert "1 contatto nuovo, 1 già presente, 1 escluso" in text
        assert "1 contatto tolto" in text and "0 contatti tolti" in text
        assert "1 contatto che aveva registrato" in text
        assert "1 voce dell'anagrafica" in text
        assert plural_at_one("anagrafica r.csv: 1 attori aggiunti, 1 aggiornati", "it")


def test_template_lists_counted_at_one():
    from lang_outputs import plural_at_one

    from reterete.cli.template import _counts

    with language("it"):
        said = _counts({"actors": 1, "sites": 1, "kinds": 1, "workers": 1})
        many = _counts({"actors": 2, "sites": 0, "kinds": 3, "workers": 5})
    assert said == {"actors": "1 attore", "sites": "1 luogo", "kinds": "1 tipo di contatto",
                    "workers": "1 operatore"}
    assert many["sites"] == "0 luoghi" and many["workers"] == "5 operatori"
    assert not plural_at_one(" ".join(said.values()), "it")


def test_import_counts_at_one(tmp_path):
    # the import's summary line and the registry's: every count through ngettext
    # (the registry line said "1 aggiornati" whatever the count of updates)
    from typer.testing import CliRunner

    from reterete.cli import app

    log = tmp_path / "c.csv"
    log.write_text("date,source,target\n2024-09-02,Ada,Bea\n", encoding="utf-8")
    reg = tmp_path / "r.csv"
    reg.write_text("name,kind\nAda,resident\n", encoding="utf-8")
    db = str(tmp_path / "p.db")
    runner = CliRunner()
    first = runner.invoke(app, ["--lang", "it", "import", str(log), "--actors", str(reg),
                                "--db", db], env={"COLUMNS": "200"})
    assert first.exit_code == 0, first.output
    assert "1 contatto nuovo in" in first.stdout and "0 già presenti; 0 esclusi." in first.stdout
    assert "Anagrafica: 1 attore aggiunto, 0 aggiornati." in first.stdout
    reg.write_text("name,kind\nAda,business\n", encoding="utf-8")
    again = runner.invoke(app, ["--lang", "it", "import", str(log), "--actors", str(reg),
                                "--db", db], env={"COLUMNS": "200"})
    assert "0 contatti nuovi in" in again.stdout and "1 già presente; 0 esclusi." in again.stdout
    assert "Anagrafica: 0 attori aggiunti, 1 aggiornato." in again.stdout, again.stdout
    reg.write_text("name,kind\nAda,resident\nBea,business\n", encoding="utf-8")
    en = runner.invoke(app, ["--lang", "en", "import", str(log), "--actors", str(reg),
                             "--db", db], env={"COLUMNS": "200"})
    assert "0 new contacts, 1 already present, 0 left out, in" in en.stdout
    assert "Registry: 1 actor added, 1 updated." in en.stdout, en.stdout


def test_other_sentences_at_a_site():
    # the summary's title, the comparison's first line and a refusal say the
    # site as its name needs ("nell'Area verde", not "in Area verde")
    from importlib import resources

    from typer.testing import CliRunner

    from reterete.cli import app

    base = resources.files("reterete.examples").joinpath("data/cremona")
    site = "Area verde via Orti Romani"
    with resources.as_file(base) as folder:
        files = [str(folder / "contatti.csv"), "--actors", str(folder / "registro_attori.csv")]
        summary = CliRunner().invoke(app, ["--lang", "it", "summary", *files, "--site", site],
                                     env={"COLUMNS": "200"})
        compare = CliRunner().invoke(app, ["--lang", "it", "compare", *files, "--site", site,
                                           "--start", "2024-09:2024-09", "--end",
                                           "2024-12:2024-12", "--boot", "20", "--seed", "1"],
                                     env={"COLUMNS": "200"})
        empty = CliRunner().invoke(app, ["--lang", "it", "compare", *files, "--site", site,
                                         "--start", "2023-01:2023-01", "--end",
                                         "2024-12:2024-12", "--boot", "20"],
                                   env={"COLUMNS": "200"})
    assert summary.exit_code == 0 and f"Sintesi della rete nell'{site}" in summary.stdout
    assert compare.exit_code == 0, compare.output
    assert "dicembre 2024 nell'Area verde" in " ".join(compare.stdout.split())
    assert empty.exit_code == 2 and "non ha contatti nell'Area verde" in " ".join(
        empty.output.split())


def test_nobody_met_at_a_site(tmp_path):
    # the refusal named the site with a bare "a" ("nessuno a Stazione Centrale")
    # and said one registered actor in the plural ("Ugo sono registrati")
    from typer.testing import CliRunner

    from reterete.cli import app

    log, reg = tmp_path / "c.csv", tmp_path / "r.csv"
    log.write_text("date,source,target,site\n2024-09-02,Ada,Bea,Piazza Roma\n",
                   encoding="utf-8")
    reg.write_text("name,kind,sites\nAda,resident,Piazza Roma\nBea,resident,Piazza Roma\n"
                   "Ugo,resident,Stazione Centrale\n", encoding="utf-8")
    out = {}
    for lang in ("it", "en"):
        result = CliRunner().invoke(app, ["--lang", lang, "antennas", str(log), "--actors",
                                          str(reg), "--site", "Stazione Centrale", "-k", "1"],
                                    env={"COLUMNS": "300"})
        assert result.exit_code == 2, result.output
        out[lang] = " ".join(result.output.split())
    assert "nessuno nella Stazione Centrale ha un contatto" in out["it"]
    assert "Ugo è registrato, non ancora incontrato" in out["it"]
    assert "nobody at Stazione Centrale has a contact" in out["en"]
    assert "Ugo is registered" in out["en"]
