"""``reterete survey`` on the bundled Cremona survey: the JSON contract, the
figures against the library, errors with exit 2, Italian words, workbooks."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.examples import cremona
from reterete.survey import read_survey, wave_summary


@pytest.fixture(scope="module")
def survey_file(cremona_dir):
    return cremona_dir / cremona.FILES["survey"]


def run(*args, env_key: bool = False):
    env = {"RETERETE_KEY": "survey-test-key"} if env_key else None
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


def test_json_has_the_contract_keys(survey_file, cremona_registry, cremona_logs):
    logs = [x for p in cremona_logs for x in ("--logs", p)]
    result = run("survey", survey_file, "--actors", cremona_registry, *logs, "--json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert [w["wave"] for w in got["waves"]] == ["2024-09-30", "2024-12-16"]
    for w in got["waves"]:
        assert {"wave", "respondents", "ties", "density", "reciprocity", "trust",
                "value"} <= set(w)
    assert {"actor", "wave", "trust_received", "value_received", "named_by"} <= set(
        got["actors"][0])
    assert [a["wave"] for a in got["agreement"]] == ["2024-09-30", "2024-12-16"]
    for a in got["agreement"]:
        assert {"reported", "logged", "both", "jaccard"} <= set(a)
        assert a["start"][:7] == a["wave"][:7]
    want = wave_summary(read_survey(survey_file, actors=cremona_registry))
    assert got["waves"][1]["density"] == pytest.approx(want.at["2024-12-16", "density"])
    assert got["waves"][1]["trust"] == pytest.approx(want.at["2024-12-16", "trust"])


def test_the_example_integrates_from_september_to_december(survey_file, cremona_registry):
    table = wave_summary(read_survey(survey_file, actors=cremona_registry))
    sept, dec = table.iloc[0], table.iloc[1]
    assert dec["density"] > sept["density"] and dec["trust"] > sept["trust"]
    assert 1 <= sept["trust"] <= 4 and 1 <= dec["value"] <= 4


def test_bad_rows_exit_2_naming_row_and_column(tmp_path, cremona_registry):
    bad = tmp_path / "questionario.csv"
    bad.write_text("Rispondente;Partner;Ondata;Fiducia\n"
                   "Arci Cremona;Auser Cremona;09/2024;3\n"
                   "Arci Cremona;Nessuno;09/2024;6\n", encoding="utf-8")
    result = run("survey", bad, "--actors", cremona_registry)
    assert result.exit_code == 2
    assert "questionario.csv, row 3, column 'Partner': 'Nessuno' is not in the actor " \
           "registry" in result.stderr
    assert "row 3, column 'Fiducia': '6' is off the scale" in result.stderr
    result = run("--lang", "it", "survey", bad, "--actors", cremona_registry, "--json")
    assert result.exit_code == 2
    errors = json.loads(result.stdout)["errors"]
    assert {(e["row"], e["column"]) for e in errors} == {(3, "Partner"), (3, "Fiducia")}
    assert any("fuori scala" in e["reason"] for e in errors)


def test_italian_tables_and_workbook(tmp_path, survey_file, cremona_registry, cremona_logs):
    out = tmp_path / "questionario.xlsx"
    result = run("--lang", "it", "survey", survey_file, "--registry", cremona_registry,
                 "--logs", cremona_logs[0], "--xlsx", out)
    assert result.exit_code == 0, result.output
    assert "Cosa dicono i partner" in result.stdout and "ondate" in result.stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:5] == ["Ondate", "Attori", "Legami", "Concordanza", "Da verificare"]


def test_an_output_cannot_replace_the_survey(survey_file, tmp_path):
    copy = tmp_path / "q.csv"
    copy.write_bytes(survey_file.read_bytes())
    result = run("survey", copy, "--csv", copy)
    assert result.exit_code == 2 and "is the input" in " ".join(result.stderr.split())
    assert copy.read_bytes() == survey_file.read_bytes()


def test_csv_is_the_actors_table(tmp_path, survey_file):
    out = tmp_path / "punteggi.csv"
    result = run("survey", survey_file, "--csv", out)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out)
    assert {"wave", "actor", "named_by", "trust_received", "value_received"} <= set(table)


def test_compare_takes_survey_waves(survey_file, cremona_registry):
    result = run("compare", "--survey", survey_file, "--actors", cremona_registry,
                 "--start", "2024-09", "--end", "2024-12-16", "--boot", 300, "--seed", 2,
                 "--json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    rows = {m["name"]: m for m in got["metrics"]}
    assert {"density", "named_density", "reciprocity", "trust_mean", "value_mean"} <= set(rows)
    want = wave_summary(read_survey(survey_file, actors=cremona_registry))
    assert rows["trust_mean"]["start"] == pytest.approx(want.at["2024-09-30", "trust"])
    assert rows["reciprocity"]["end"] == pytest.approx(want.at["2024-12-16", "reciprocity"])
    assert got["start"] == "2024-09-30" and got["end"] == "2024-12-16"
    result = run("--lang", "it", "compare", "--survey", survey_file, "--start", "2024-09",
                 "--end", "2025-03")
    assert result.exit_code == 2 and "non è un'ondata del questionario" in result.stderr


def test_anonymize_leaves_no_person_s_name(tmp_path, cremona_registry, cremona_logs):
    """Persons named in a survey appear under the logs' pseudonyms, so the
    agreement with the (anonymised) logs is unchanged."""
    survey = tmp_path / "q.csv"
    survey.write_text("Rispondente;Partner;Ondata;Fiducia\n"
                      "Caritas Cremonese;Luca Moretti;15/12/2024;4\n"
                      "Caritas Cremonese;Arci Cremona;15/12/2024;3\n"
                      "Arci Cremona;Sara Conti;15/12/2024;2\n", encoding="utf-8")
    logs = [x for p in cremona_logs for x in ("--logs", p)]
    plain = run("survey", survey, "--actors", cremona_registry, *logs, "--json")
    result = run("survey", survey, "--actors", cremona_registry, *logs, "--anonymize",
                 "--json", env_key=True)
    assert plain.exit_code == 0 and result.exit_code == 0, result.output
    for name in ("Luca Moretti", "Sara Conti"):
        assert name in plain.stdout and name not in result.stdout
    assert "Caritas Cremonese" in result.stdout
    assert json.loads(result.stdout)["agreement"] == json.loads(plain.stdout)["agreement"]
