"""Fewer, better lines: repeated problems grouped, the screen capped at 50
lines, every problem in --json and in the --errors CSV."""

from __future__ import annotations

import csv
import json
import re

from typer.testing import CliRunner

from reterete.cli import app
from reterete.errors import IngestError, Problem, group_problems, problem_lines
from reterete.i18n import M_, language

runner = CliRunner()


def _kinds(n: int) -> list[Problem]:
    return [Problem("attori.csv", r, "Tipo", "student", M_("is not a known kind of actor"))
            for r in range(2, 2 + n)]


def test_identical_problems_are_one_line_with_rows_and_a_count():
    lines = problem_lines(_kinds(329))
    assert lines == ["attori.csv, rows 2, 3, 4 and 326 more rows, column 'Tipo': 'student' "
                     "is not a known kind of actor"]
    with language("it"):
        assert problem_lines(_kinds(329))[0].startswith(
            "attori.csv, righe 2, 3, 4 e altre 326 righe, colonna 'Tipo': 'student'")


def test_same_reason_different_values_name_a_few_values():
    problems = [Problem("log.csv", r, "Durata", str(r * 7), M_("must be a number"))
                for r in (3, 5, 9, 10, 11)]
    problems.insert(2, Problem("log.csv", 4, "Data", "x", M_("is not a date")))
    groups = group_problems(problems)
    assert [len(g) for g in groups] == [5, 1]          # order of first appearance
    assert str(groups[0]) == ("log.csv, rows 3, 5, 9 and 2 more rows, column 'Durata': "
                              "'21', '35', '63' and 2 more values must be a number")
    assert str(groups[1]) == "log.csv, row 4, column 'Data': 'x' is not a date"


def test_different_files_or_columns_are_not_merged():
    a = Problem("a.csv", 2, "Data", None, M_("is empty"))
    b = Problem("b.csv", 2, "Data", None, M_("is empty"))
    c = Problem("a.csv", 3, "Luogo", None, M_("is empty"))
    assert len(group_problems([a, b, c])) == 3


def test_screen_stops_after_fifty_lines_and_says_where_the_rest_are():
    problems = [Problem("log.csv", r, "Data", f"v{r}", M_("is not a date: day {d} does not "
                                                          "exist", d=r)) for r in range(2, 82)]
    lines = problem_lines(problems)
    assert len(lines) == 51
    assert lines[-1] == ("... and 30 more problems; all of them in --json or --errors FILE "
                         "(CSV)")
    with language("it"):
        assert problem_lines(problems)[-1] == (
            "... e altri 30 problemi; li trovi tutti con --json o --errors FILE (CSV)")


def test_ingest_error_text_is_grouped_too():
    text = str(IngestError(_kinds(100)))
    assert text.splitlines()[0] == "100 problems in the input:"
    assert len(text.splitlines()) == 2


def _many_bad_rows(tmp_path, n=120):
    path = tmp_path / "log.csv"
    # months 13, 14 ...: every row bad, each for its own reason (no grouping)
    rows = [f"05/{m}/2024;Ada;Bea" for m in range(13, 13 + n)]
    rows = rows + ["=HYPERLINK(1)/02/2024;Ada;Bea", "15/09/2024;;Bea"]
    path.write_text("Data;Attore 1;Attore 2\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_check_caps_the_screen_and_writes_every_error_to_csv(tmp_path):
    path = _many_bad_rows(tmp_path)
    out = tmp_path / "errori.csv"
    result = runner.invoke(app, ["check", str(path), "--errors", str(out)])
    assert result.exit_code == 2
    shown = [ln for ln in result.stdout.splitlines() if ln.startswith("  log.csv")]
    assert len(shown) == 50
    assert "... and " in result.stdout and "--errors FILE (CSV)" in result.stdout
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 122
    assert set(rows[0]) == {"level", "file", "row", "column", "value", "reason"}
    assert {r["level"] for r in rows} == {"error"}
    formula = [r for r in rows if "HYPERLINK" in r["value"]]
    assert formula[0]["value"].startswith("'=")          # formula-safe
    assert [r["row"] for r in rows if r["column"] == "Attore 1"] == ["123"]
    # --json still has every error
    data = json.loads(runner.invoke(app, ["check", str(path), "--json"]).stdout)
    assert len(data["errors"]) == 122


def test_errors_file_from_any_command_that_reads_logs(tmp_path):
    path = _many_bad_rows(tmp_path, n=3)
    out = tmp_path / "errors.csv"
    result = runner.invoke(app, ["summary", str(path), "--errors", str(out)])
    assert result.exit_code == 2
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 1 + 5


def test_language_does_not_leak_between_runs(tmp_path):
    path = _many_bad_rows(tmp_path, n=1)
    runner.invoke(app, ["check", str(path), "--lang", "it"])
    result = runner.invoke(app, ["check", str(path)])
    assert "errors: nothing was imported" in result.stdout


def test_app_import_page_groups_repeated_warnings(tmp_path):
    # the app lists warnings through the same problem_lines as the command line
    import pytest

    pytest.importorskip("starlette")
    from test_app import logged_in

    client, settings = logged_in(tmp_path)
    names = [f"Studente {i}" for i in range(30)]
    registry = "Nome;Tipo\n" + "".join(f"{n};student\n" for n in names)
    log = "Data;Attore 1;Attore 2\n" + "".join(
        f"02/09/2024;{a};{b}\n" for a, b in zip(names, names[1:], strict=False))
    files = [("files", ("log.csv", log.encode(), "text/csv")),
             ("actors", ("attori.csv", registry.encode(), "text/csv"))]
    r = client.post("/import", files=files, data={"csrf": settings.csrf, "action": "import"})
    assert r.status_code == 200
    items = re.findall(r'<ul class="warnings">(.*?)</ul>', r.text, re.S)[0]
    lines = re.findall(r"<li>(.*?)</li>", items, re.S)
    assert len(lines) == 1, lines
    assert "rows 2, 3, 4 and 27 more rows" in lines[0] and "&#39;student&#39;" in lines[0]
