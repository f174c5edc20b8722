"""One corpus of hostile names through every command (issue 20, acceptance).

Two logs. The first holds names a log may hold, however hostile: a
right-to-left override, a C1 control (CSI, ``\\x9b``), spreadsheet formulas
(``=cmd|...``, ``+``, ``@``), HTML and script, a 20,000-character name. Every
command runs on it (``check`` with ``--errors``, the figures with ``--csv``
and ``--xlsx``, ``export`` in each format, the pages, ``workbook``,
``template``, a workspace's ``import``, ``log``, ``forget``): each exits 0
with no traceback, no raw control character reaches the terminal, no script
reaches a page, no formula reaches a spreadsheet as a formula, every network
file parses, and the long name is whole in the workbook.

The second log holds what ``check`` refuses: an ANSI escape (``\\x1b[2J``
clears the screen), C0 controls and characters XML 1.0 forbids, a name
longer than a spreadsheet cell. Every command that reads it exits 2 naming
each row, writes none of its outputs, and never sends the raw bytes to the
terminal. Sized for CI: about 30 command runs on a few rows.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reterete.cli import app

runner = CliRunner()

RLO = "\u202e"
CSI = "\u009b"
BAR = f"Bar {RLO}amoR"
FORMULA = "=cmd|' /C calc'!A0"
PLUS = "+39 333 1234567"
AT = "@SUM(1+1)"
SCRIPT = "<script>alert(1)</script>"
LONG = "Lungo " + "L" * 20_000
SITE = f"Piazza{CSI}2J"
ACCEPTED = [BAR, FORMULA, PLUS, AT, SCRIPT, LONG]
RAW_TERMINAL = (RLO, CSI, "\x1b")


def _csv(rows: list[list[str]]) -> str:
    from io import StringIO

    out = StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    rows = [["date", "source", "target", "site", "kind"]]
    days = ["2024-09-02", "2024-09-20", "2024-10-03", "2024-10-21", "2024-11-04", "2024-11-22",
            "2024-12-02", "2024-12-16"]
    people = [*ACCEPTED, "Ada Rossi", "Bea Neri"]
    for i, day in enumerate(days):
        a, b = people[i % len(people)], people[(i + 3) % len(people)]
        rows.append([day, a, b, "Piazza Roma" if i % 2 else SITE, "Colloquio"])
    rows.append(["2024-12-20", "Ada Rossi", SCRIPT, "Piazza Roma", FORMULA])
    log = folder / "contatti.csv"
    log.write_text(_csv(rows), encoding="utf-8")
    registry = folder / "registro.csv"
    registry.write_text(_csv([["Nome", "Tipo", "Luoghi"],
                              *[[p, "Residente", "Piazza Roma"] for p in people]]),
                        encoding="utf-8")
    refused = folder / "rifiutato.csv"
    refused.write_text(_csv([
        ["date", "source", "target", "site"],
        ["2024-09-02", "Ada Rossi", "Bea Neri", "Piazza Roma"],
        ["2024-09-03", "Ada Rossi", "Bea Neri", "Site\x1b[2J"],
        ["2024-09-04", "Ada\x01Rossi", "Bea Neri", "Piazza Roma"],
        ["2024-09-05", "Ada Rossi", "Bea\uffffNeri", "Piazza Roma"],
        ["2024-09-06", "A" * 33_000, "Bea Neri", "Piazza Roma"]]), encoding="utf-8")
    return {"log": log, "registry": registry, "refused": refused, "folder": folder}


def run(*args: object):
    result = runner.invoke(app, [str(a) for a in args])
    text = result.output
    assert "Traceback" not in text, text
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    for char in RAW_TERMINAL:
        assert char not in text, (args[0], repr(char), text[:400])
    return result


def _cells_of_csv(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def _no_formula_in_csv(path: Path) -> None:
    for cell in _cells_of_csv(path):
        for bad in (FORMULA, PLUS, AT):
            if bad in cell:
                assert cell.startswith("'") or not cell.startswith(bad[0]), (path.name, cell)


def _no_formula_in_xlsx(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate,
                                               cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def test_every_command_over_the_accepted_corpus(corpus, tmp_path):
    log, reg = corpus["log"], corpus["registry"]
    base = [log, "--actors", reg]
    errors = tmp_path / "errori.csv"
    assert run("check", *base, "--errors", errors).exit_code == 0
    outputs: dict[str, Path] = {}
    for command, extra in (("summary", []), ("centrality", []), ("timeline", [])):
        out_csv, out_xlsx = tmp_path / f"{command}.csv", tmp_path / f"{command}.xlsx"
        result = run(command, *base, "--csv", out_csv, "--xlsx", out_xlsx, *extra)
        assert result.exit_code == 0, result.output
        outputs[f"{command}.csv"], outputs[f"{command}.xlsx"] = out_csv, out_xlsx
    for command, extra in (("antennas", ["--site", "Piazza Roma", "-k", "1"]),
                           ("recommend", ["--site", "Piazza Roma"]),
                           ("communities", []),
                           ("compare", ["--start", "2024-09:2024-10",
                                        "--end", "2024-11:2024-12", "--boot", "50"])):
        result = run(command, *base, *extra)
        assert result.exit_code == 0, (command, result.output)
    for fmt in ("gexf", "graphml", "csv"):
        out = tmp_path / f"rete.{fmt}"
        assert run("export", *base, "-o", out).exit_code == 0
    for name in ("rete.gexf", "rete.graphml"):
        labels = [el.get("label") or (el.text or "") for el in
                  ET.parse(tmp_path / name).getroot().iter()]
        assert any(SCRIPT in (x or "") for x in labels), name   # text, kept as text
    for part in ("rete-nodes.csv", "rete-edges.csv"):
        _no_formula_in_csv(tmp_path / part)
        assert any(cell.endswith(FORMULA) for cell in _cells_of_csv(tmp_path / part))
    for command in ("viz", "report"):
        out = tmp_path / f"{command}.html"
        assert run(command, *base, "-o", out).exit_code == 0
        html = out.read_text(encoding="utf-8")
        assert SCRIPT not in html and "<script>alert" not in html, command
    book = tmp_path / "cartella.xlsx"
    assert run("workbook", *base, "-o", book).exit_code == 0
    assert LONG in _no_formula_in_xlsx(book)   # whole: 20,006 characters, not cut
    template = tmp_path / "modello.xlsx"
    assert run("template", "-o", template, "--actors", reg).exit_code == 0
    assert FORMULA in _no_formula_in_xlsx(template)
    for name, path in outputs.items():
        if name.endswith(".csv"):
            _no_formula_in_csv(path)
        else:
            _no_formula_in_xlsx(path)
    # a workspace: import, read, the history, then one hostile person erased
    db = tmp_path / "ws.db"
    assert run("import", *base, "--db", db).exit_code == 0
    assert run("summary", "--db", db).exit_code == 0
    assert run("log", "--db", db).exit_code == 0
    gone = run("forget", BAR, "--db", db, "--yes", "--json")
    assert gone.exit_code == 0, gone.output
    assert BAR.lower() not in {a["actor"] for a in json.loads(
        run("centrality", "--db", db, "--json").stdout)["actors"]}


@pytest.mark.parametrize(("command", "extra", "output"), [
    ("check", [], None), ("summary", [], None), ("centrality", ["--csv"], "c.csv"),
    ("timeline", ["--xlsx"], "t.xlsx"), ("export", ["-o"], "rete.gexf"),
    ("viz", ["-o"], "rete.html"), ("workbook", ["-o"], "cartella.xlsx"),
    ("import", ["--db"], "ws.db")])
def test_every_command_refuses_the_refused_corpus_naming_each_row(corpus, tmp_path, command,
                                                                  extra, output):
    args = [command, corpus["refused"], *extra]
    if output:
        args.append(tmp_path / output)
    result = run(*args)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    for row, column in ((3, "site"), (4, "source"), (5, "target"), (6, "source")):
        assert f"row {row}, column '{column}'" in text, (row, text[:600])
    assert "A" * 100 not in text   # the long name shown by its start only
    if output:
        assert not (tmp_path / output).exists()


def test_the_errors_file_of_the_refused_corpus_names_each_row(corpus, tmp_path):
    errors = tmp_path / "errori.csv"
    assert run("check", corpus["refused"], "--errors", errors).exit_code == 2
    with errors.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    body = "\n".join(",".join(r) for r in rows[1:])
    assert len(rows) - 1 == 4, rows
    for char in ("\x1b", "\x01", "\uffff"):
        assert char not in body, repr(char)
