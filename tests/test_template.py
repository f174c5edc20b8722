"""`reterete template`: the Excel log workers fill in.

Opened with openpyxl (not the writer): the headers are ones the reader
recognises, the drop-down lists hold the registry's actors, sites and
workers; filled programmatically with valid rows the file imports with no
error and gives the expected network; a bad value is reported by `check`
with its row.
"""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.identity import normalize_name
from reterete.ingest import read_actors, read_contacts
from reterete.schema import contact_column
from reterete.template import template_columns

runner = CliRunner()


def _template(tmp_path, *args):
    out = tmp_path / "registro_contatti.xlsx"
    result = runner.invoke(app, ["template", "-o", str(out), *args, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["output"] == str(out)
    return out


def _list_values(wb, formula):
    """The cells a validation's range formula points at."""
    sheet, cells = formula.lstrip("=").split("!")
    ws = wb[sheet.strip("'")]
    return [c.value for row in ws[cells.replace("$", "")] for c in row]


def _validations(ws):
    """Header of the validated column -> its validation."""
    header = {c.column_letter: c.value for c in ws[1]}
    out = {}
    for dv in ws.data_validations.dataValidation:
        first = str(dv.sqref).split(":")[0]
        out[header[first.rstrip("0123456789")]] = dv
    return out


@pytest.mark.parametrize("lang", ["en", "it"])
@pytest.mark.parametrize("layout", ["pairwise", "attendance", "worker"])
def test_headers_are_read_back_as_the_layouts_columns(tmp_path, lang, layout):
    out = _template(tmp_path, "--layout", layout, "--lang", lang)
    ws = openpyxl.load_workbook(out).worksheets[0]
    headers = [c.value for c in ws[1]]
    from reterete.i18n import language

    with language(lang):
        expected = [canon for canon, _ in template_columns(layout)]
    assert [contact_column(h) for h in headers] == expected
    if lang == "it":
        assert headers[0] == "Data" and "Luogo" in headers


def test_validations_list_the_registrys_actors_sites_and_workers(tmp_path, cremona_registry):
    out = _template(tmp_path, "--actors", str(cremona_registry), "--lang", "it")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Contatti", "Istruzioni reterete", "Elenchi reterete"]
    assert wb["Elenchi reterete"].sheet_state == "hidden"
    ws = wb["Contatti"]
    assert ws.freeze_panes == "A2"
    dvs = _validations(ws)
    registry = read_actors(cremona_registry)
    names = set(registry["name"])
    sites = {s for listed in registry["sites"] for s in listed}
    assert set(_list_values(wb, dvs["Attore 1"].formula1)) == names
    assert set(_list_values(wb, dvs["Attore 2"].formula1)) == names
    assert set(_list_values(wb, dvs["Luogo"].formula1)) == sites == {
        "Piazza Roma", "Piazza Marconi", "Area verde via Orti Romani"}
    workers = set(_list_values(wb, dvs["Operatore"].formula1))
    assert "Educatrice Irene Cattaneo" in workers and "Liceo Manin" not in workers
    kinds = _list_values(wb, dvs["Tipo contatto"].formula1)
    assert kinds[0] == "Cabina di regia" and "Presidio dei territori" in kinds
    assert dvs["Attore 1"].type == "list" and dvs["Attore 1"].errorStyle == "warning"
    assert dvs["Data"].type == "date" and dvs["Durata (min)"].type == "decimal"
    assert str(dvs["Data"].sqref) == "A2:A1001"
    assert ws["A2"].number_format == "dd/mm/yyyy" or \
        ws.column_dimensions["A"].number_format == "dd/mm/yyyy"
    guide = [r[0] for r in wb["Istruzioni reterete"].iter_rows(values_only=True) if r[0]]
    assert guide[0] == "Come compilare questo registro dei contatti"
    assert any("reterete check" in line for line in guide)


def test_a_filled_template_imports_cleanly(tmp_path, cremona_registry):
    out = _template(tmp_path, "--actors", str(cremona_registry), "--lang", "it")
    wb = openpyxl.load_workbook(out)
    lists = wb["Elenchi reterete"]
    actors = [c.value for c in lists["A"][1:] if c.value]
    ws = wb["Contatti"]
    rows = [
        (dt.datetime(2024, 9, 2), actors[0], actors[1], "Piazza Roma", "Presidio dei territori",
         15, "Educatrice Irene Cattaneo", "=1+1 nota"),
        (dt.datetime(2024, 9, 3), actors[1], actors[2], "Piazza Marconi", "Cabina di regia", 60,
         None, None),
        (dt.datetime(2024, 10, 15), actors[0], actors[2], "Area verde via Orti Romani",
         "Analisi di contesto", None, "Educatore Ivan Sala", None),
    ]
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            ws.cell(row=i, column=j, value=value)
    wb.save(out)

    net = read_contacts([out], actors=cremona_registry)
    assert not [w for w in net.warnings if "sheet" in str(w.reason)]
    inter = net.interactions
    assert len(inter) == 3
    assert list(inter["date"]) == [dt.datetime(2024, 9, 2), dt.datetime(2024, 9, 3),
                                   dt.datetime(2024, 10, 15)]
    assert list(inter["row"]) == [2, 3, 4]
    G = net.graph()
    expected = {frozenset(map(normalize_name, (r[1], r[2]))) for r in rows}
    assert {frozenset(e) for e in G.edges} == expected
    assert list(inter["duration_min"].fillna(-1)) == [15, 60, -1]

    result = runner.invoke(app, ["check", str(out), "--actors", str(cremona_registry),
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["errors"] == []


def test_check_names_the_row_of_a_bad_value(tmp_path, cremona_registry):
    out = _template(tmp_path, "--actors", str(cremona_registry))
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    ws.append([dt.datetime(2024, 9, 2), "Liceo Manin", "Bar Portici", "Piazza Roma"])
    ws.append(["31/02/2024", "Liceo Manin", "Bar Portici", "Piazza Roma"])  # typed as text
    ws.append([dt.datetime(2024, 9, 4), "", "Bar Portici", "Piazza Roma"])
    wb.save(out)
    result = runner.invoke(app, ["check", str(out), "--actors", str(cremona_registry),
                                 "--json"])
    assert result.exit_code == 2, result.output
    errors = json.loads(result.stdout)["errors"]
    assert {(e["row"], e["column"]) for e in errors} == {(3, "Date"), (4, "Actor 1")}


def test_template_from_a_workspace(tmp_path, cremona_logs, cremona_registry):
    db = tmp_path / "project.db"
    result = runner.invoke(app, ["import", *map(str, cremona_logs), "--actors",
                                 str(cremona_registry), "--db", str(db)])
    assert result.exit_code == 0, result.output
    out = _template(tmp_path, "--db", str(db), "--layout", "worker")
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    dvs = _validations(ws)
    actors = set(_list_values(wb, dvs["Actor"].formula1))
    assert len(actors) == 51 and "Liceo Manin" in actors
    workers = set(_list_values(wb, dvs["Worker"].formula1))
    assert "Educatrice Irene Cattaneo" in workers


def test_without_a_registry_only_the_kinds_are_listed(tmp_path):
    out = _template(tmp_path)
    wb = openpyxl.load_workbook(out)
    dvs = _validations(wb.worksheets[0])
    assert "Actor 1" not in dvs and "Site" not in dvs
    assert _list_values(wb, dvs["Contact type"].formula1)[:2] == ["Steering board",
                                                                   "Integrated team"]


def test_bad_options_exit_2(tmp_path, cremona_registry):
    result = runner.invoke(app, ["template", "-o", str(tmp_path / "x.xlsx"), "--layout",
                                 "diary"])
    assert result.exit_code == 2 and "pairwise, attendance or worker" in result.output
    result = runner.invoke(app, ["template", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and ".xlsx" in result.output
    result = runner.invoke(app, ["template", "-o", str(cremona_registry), "--actors",
                                 str(cremona_registry)])
    assert result.exit_code == 2
