"""Files in the reader's language: Italian CSV and workbooks open in Italian
Excel with Italian headings and words; English files are as they always were;
the reader reads both back."""

from __future__ import annotations

import json
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.ingest.files import read_raw

runner = CliRunner()
DATA = Path(__file__).resolve().parent.parent / "reterete" / "examples" / "data" / "cremona"
LOG, REG = DATA / "contatti.csv", DATA / "registro_attori.csv"


def _run(*args: str) -> str:
    result = runner.invoke(app, [*map(str, args)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_italian_centrality_csv(tmp_path):
    out = tmp_path / "centralita.csv"
    payload = json.loads(_run("centrality", LOG, "--actors", REG, "--csv", out, "--json",
                              "--lang", "it"))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                      # BOM: Excel shows accents
    head = raw.decode("utf-8-sig").splitlines()[0]
    assert head.split(";")[:6] == ["id", "nome", "tipo", "settore", "legami", "grado"]
    table = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")
    rows = {r["id"]: r for r in payload["actors"]}
    for _, row in table.iterrows():
        expected = rows[row["id"]]
        assert row["grado"] == pytest.approx(expected["degree"], abs=5e-4)
        assert row["legami"] == expected["ties"]
    assert "third_sector" not in out.read_text(encoding="utf-8-sig")
    assert "Terzo settore" in out.read_text(encoding="utf-8-sig")
    raw_table = read_raw(out)                                   # the reader reads it back
    assert not raw_table.problems and raw_table.separator == ";"
    assert raw_table.header[:3] == ["id", "nome", "tipo"]


def test_english_csv_is_as_before(tmp_path):
    out = tmp_path / "centrality.csv"
    _run("centrality", LOG, "--actors", REG, "--csv", out, "--lang", "en")
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("id,name,kind,sector,ties,degree")
    assert "third_sector" in text and ";" not in text.splitlines()[0]


def test_italian_negative_numbers_stay_numbers(tmp_path):
    out = tmp_path / "andamento.csv"
    _run("timeline", LOG, "--actors", REG, "--csv", out, "--lang", "it")
    table = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")
    assert pd.api.types.is_float_dtype(table["assortatività"])
    assert (table["assortatività"] < 0).any()
    assert table["inizio"].iloc[0] == "01/09/2024"               # day first


def test_italian_workbook(tmp_path):
    out = tmp_path / "cartella.xlsx"
    _run("workbook", LOG, "--actors", REG, "-o", out, "--boot", "20", "--lang", "it")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Riepilogo"
    cen = book["Centralità"]
    assert [c.value for c in cen[1]][:4] == ["id", "nome", "tipo", "settore"]
    kinds = {c.value for c in cen["C"][1:]}
    assert "Polizia Locale" in kinds and "police" not in kinds
    assert isinstance(cen["F2"].value, float) and cen["F2"].number_format != "General"
    keys = book["Chiavi reterete"]
    assert keys.sheet_state == "hidden"
    pairs = {(r[0].value, r[2].value) for r in keys.iter_rows(min_row=2)}
    assert ("Centralità", "degree") in pairs
    raw = read_raw(out)                                         # first sheet; no error
    assert not raw.problems and raw.header == ["misura", "valore"]


def test_italian_errors_file(tmp_path):
    bad = tmp_path / "contatti.csv"
    bad.write_text("Data;Attore 1;Attore 2\n31/09/2024;Ada;Bea\n", encoding="utf-8")
    out = tmp_path / "errori.csv"
    result = runner.invoke(app, ["check", str(bad), "--errors", str(out), "--lang", "it"])
    assert result.exit_code == 2
    table = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    assert list(table.columns) == ["livello", "file", "riga", "colonna", "valore", "motivo"]
    assert table["livello"].tolist() == ["errore"]


def test_a_column_of_numbers_is_written_as_each_cell_on_screen():
    # the fast column path rounds exactly as Babel does on screen, cell by cell
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from reterete.i18n import language
    from reterete.readable import cell_text, column_text

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e7,
                              max_value=1e7) | st.sampled_from([0.0125, 0.0005, 2.5e-4, math.nan,
                                                                1234.5, -0.0004]),
                    min_size=1, max_size=20))
    def check(values):
        column = pd.Series(values, dtype=float)
        with language("it"):
            assert column_text(column).tolist() == [cell_text(v) for v in values]

    check()
