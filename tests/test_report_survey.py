"""The report's "What partners say" section on the bundled Cremona survey."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.examples import cremona
from reterete.survey import read_survey, scores_by, wave_summary, wave_words
from reterete.viz.report import build_report


@pytest.fixture(scope="module")
def answers(cremona_dir, cremona_registry):
    return read_survey(cremona_dir / cremona.FILES["survey"], actors=cremona_registry)


def _section(report, key):
    return next(s for s in report.sections if s.key == key)


def test_section_figures_are_the_survey_s(cremona_net, answers):
    report = build_report(cremona_net, n_boot=100, seed=1, survey=answers, lang="en")
    sec = _section(report, "survey")
    assert sec.title == "What partners say"
    waves = next(b for b in sec.blocks if b.kind == "table")
    table = wave_summary(answers)
    # waves said as dates in words, in tables as in headings (not 2024-09-30)
    assert [r[0] for r in waves.rows] == ["30 September 2024", "16 December 2024"]
    assert len(table.index) == 2
    assert [r[2] for r in waves.rows] == list(table["ties"])
    assert [float(r[5].value) for r in waves.rows] == pytest.approx(list(table["trust"]))
    by = [b for b in sec.blocks if b.kind == "table"][1]
    want = scores_by(answers)
    assert [(r[0], r[1]) for r in by.rows] == list(zip(map(wave_words, want["wave"]),
                                                      want["group"], strict=True))
    heads = [b.text for b in sec.blocks if b.kind == "h"]
    assert heads[1] == "Wave 30 September 2024 against wave 16 December 2024"
    assert heads[2] == "What partners say and what workers logged"


def test_without_a_survey_there_is_no_section(cremona_net):
    report = build_report(cremona_net, n_boot=50, seed=1)
    assert "survey" not in [s.key for s in report.sections]


def test_cli_report_in_italian_names_no_one(tmp_path, cremona_logs, cremona_registry,
                                            cremona_dir, answers):
    out = tmp_path / "rapporto.html"
    result = CliRunner().invoke(app, [
        "--lang", "it", "report", *map(str, cremona_logs), "--actors", str(cremona_registry),
        "--survey", str(cremona_dir / cremona.FILES["survey"]), "--waves", "2024-09:2024-12",
        "--boot", "100", "--anonymize", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    section = re.search(r'<section id="survey">(.*?)</section>', html, re.S).group(1)
    assert "Cosa dicono i partner" in section and "Fiducia e valore ricevuti" in section
    for name in answers.names.values():
        assert name not in section
    assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", re.sub(r"<[^>]+>", " ", section))


def test_bad_waves_are_refused(cremona_logs, cremona_dir, tmp_path):
    result = CliRunner().invoke(app, [
        "report", *map(str, cremona_logs), "--survey", str(cremona_dir / cremona.FILES["survey"]),
        "--waves", "2024-09", "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "START:END" in result.stderr
