"""Acceptance of issue 21 (command line and files): with ``--lang it`` every
command's ``--help``, its screen output on the bundled example and on a log
with errors, every file it writes and the ``forget`` dialogue hold no English
word and no internal code; in English no Italian word. Every Italian CSV reads
back, with the reader and with pandas, as the numbers of ``--json``.

The word lists and the scanner are in ``tests/lang_scan.py``, for other parts
of reterete (sentences, the app's pages) to scan their outputs too.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
import typer
from lang_scan import assert_speaks, find_foreign, text_of
from typer.testing import CliRunner

from reterete.cli import app

runner = CliRunner()
DATA = Path(__file__).resolve().parent.parent / "reterete" / "examples" / "data" / "cremona"
LOG, REG = DATA / "contatti.csv", DATA / "registro_attori.csv"
EXAMPLE = [str(LOG), "--actors", str(REG)]
SITE = "Piazza Roma"
WINDOWS = ["--start", "2024-09:2024-09", "--end", "2024-12:2024-12"]

BAD_LOG = ("Data;Attore 1;Attore 2;Luogo\n"
           "02/09/2024;Agente Rossi;Bar Portici;Piazza Roma\n"
           "31/09/2024;Agente Rossi;Bar Portici;Piazza Roma\n"
           "03/09/2024;Agente Rossi;;Piazza Roma\n")

#: what the example's data itself says (names of actors, sites, notes): data, not words
#: of reterete; the bundled example is Italian, so it is allowed in English outputs
DATA_WORDS = ("Servizio", "Polizia Locale", "Associazione", "Comitato", "Cooperativa",
              "Oratorio", "Parrocchia", "Equipe", "Mappatura e azioni di rete",
              "Presidio dei territori", "Cabina di regia", "Analisi di contesto")


def _commands() -> list[str]:
    return typer.main.get_command(app).list_commands(None)


def _run(args: list[str], lang: str, *, code: int | None = 0, input: str | None = None
         ) -> str:
    result = runner.invoke(app, [*args, "--lang", lang], input=input)
    if code is not None:
        assert result.exit_code == code, (args, result.output)
    return result.output


def render(lang: str, folder: Path) -> tuple[dict[str, str], dict[str, str], dict[str, Path]]:
    """Every help, screen and file of the command line in ``lang``:
    (helps, screens, files)."""
    folder.mkdir(parents=True, exist_ok=True)
    f = folder
    helps = {"reterete --help": _run(["--help"], lang)}
    for name in _commands():
        helps[f"{name} --help"] = _run([name, "--help"], lang)
    screens: dict[str, str] = {}
    files: dict[str, Path] = {}

    def out(name: str, args: list[str], **kw) -> None:
        screens[name] = _run(args, lang, **kw)

    out("check", ["check", *EXAMPLE])
    out("summary", ["summary", *EXAMPLE, "--csv", str(f / "summary.csv")])
    out("centrality", ["centrality", *EXAMPLE, "--csv", str(f / "centrality.csv"),
                       "--xlsx", str(f / "centrality.xlsx")])
    out("timeline", ["timeline", *EXAMPLE, "--csv", str(f / "timeline.csv")])
    out("antennas", ["antennas", *EXAMPLE, "--site", SITE, "-k", "2",
                     "--csv", str(f / "antennas.csv"), "--xlsx", str(f / "antennas.xlsx")])
    out("recommend", ["recommend", *EXAMPLE, "--site", SITE,
                      "--csv", str(f / "recommend.csv")])
    out("compare", ["compare", *EXAMPLE, "--boot", "40", *WINDOWS,
                    "--csv", str(f / "compare.csv"), "--xlsx", str(f / "compare.xlsx")])
    out("communities", ["communities", *EXAMPLE, "--seed", "1", "--csv",
                        str(f / "communities.csv"), "--xlsx", str(f / "communities.xlsx")])
    out("survey", ["survey", str(DATA / "questionario_partner.csv"), "--logs", str(LOG),
                   "--csv", str(f / "survey.csv"), "--xlsx", str(f / "survey.xlsx")])
    out("export", ["export", *EXAMPLE, "-o", str(f / "rete.csv")])
    out("viz", ["viz", *EXAMPLE, "-o", str(f / "page.html")])
    out("report", ["report", *EXAMPLE, "-o", str(f / "report.html"), "--boot", "40"])
    out("template", ["template", "--actors", str(REG), "-o", str(f / "template.xlsx")])
    out("workbook", ["workbook", *EXAMPLE, "-o", str(f / "workbook.xlsx"), "--boot", "40"])
    bad = f / "errati.csv"
    bad.write_text(BAD_LOG, encoding="utf-8")
    out("check with errors", ["check", str(bad), "--errors", str(f / "errors.csv")], code=2)
    out("summary with errors", ["summary", str(bad)], code=2)
    odd = f / "anagrafica.csv"
    odd.write_text("Nome;Tipo;Settore\nAgente Rossi;Marziano;Sicurezza\n", encoding="utf-8")
    out("check with an unknown kind", ["check", str(bad), "--actors", str(odd)], code=2)
    db = f / "progetto.db"
    out("import", ["import", *EXAMPLE, "--db", str(db)])
    out("alias", ["alias", "Bar Portici", "Bar Portici Cremona", "--db", str(db)], code=None)
    out("log", ["log", "--db", str(db)])
    out("forget --yes", ["forget", "Chiara Lombardi", "--db", str(db), "--yes"])
    out("demo", ["demo", "--out", str(f / "demo")])
    for path in sorted((f / "demo").iterdir()):
        if path.is_file() and path.suffix in (".csv", ".html", ".xlsx"):
            files[f"demo/{path.name}"] = path
    for name in ("summary.csv", "centrality.csv", "centrality.xlsx", "timeline.csv",
                 "antennas.csv", "antennas.xlsx", "recommend.csv", "compare.csv",
                 "compare.xlsx", "communities.csv", "communities.xlsx", "survey.csv", "survey.xlsx",
                 "rete-nodes.csv", "rete-edges.csv", "page.html",
                 "report.html", "template.xlsx", "workbook.xlsx", "errors.csv"):
        files[name] = f / name
    return helps, screens, files


def forget_dialogue(lang: str, folder: Path, monkeypatch) -> str:
    db = folder / "dialogo.db"
    _run(["import", *EXAMPLE, "--db", str(db)], lang)
    monkeypatch.setattr("reterete.cli.workspace._interactive", lambda: True)
    answer = "s" if lang == "it" else "y"
    return _run(["forget", "Giorgio Mancini", "--db", str(db)], lang,
                input=f"?\n{answer}\n{answer}\n")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return {lang: render(lang, tmp_path_factory.mktemp(f"lang-{lang}")) for lang in ("it", "en")}


def test_every_help_in_italian(rendered):
    helps, _, _ = rendered["it"]
    assert len(helps) == len(_commands()) + 1
    assert_speaks(helps, "it", help_text=True, allow={"PageRank", "bootstrap", "jackknife"})


def test_every_help_in_english(rendered):
    helps, _, _ = rendered["en"]
    assert_speaks(helps, "en", help_text=True)


def test_every_screen_in_italian(rendered):
    _, screens, _ = rendered["it"]
    assert_speaks(screens, "it", allow={"PageRank", *DATA_WORDS})


def test_every_screen_in_english(rendered):
    _, screens, _ = rendered["en"]
    assert_speaks(screens, "en", allow=DATA_WORDS)


def test_every_file_in_italian(rendered):
    _, _, files = rendered["it"]
    # the Gephi/Kumu export keeps the English column names those tools expect
    # (Label, Id, Type, From, To, Direction...): only its header line is left
    # out; its values (the kinds, a connection's Type) are scanned like any file
    texts = {name: text_of(path) for name, path in files.items()
             if not name.startswith("rete-")}
    for name in ("rete-nodes.csv", "rete-edges.csv"):
        header, body = files[name].read_text(encoding="utf-8-sig").split("\n", 1)
        assert header.startswith(("Label,Id,Type", "From,To,Type")), header
        texts[name] = body
    assert_speaks(texts, "it", allow={"PageRank", "bootstrap", "jackknife", *DATA_WORDS})


def test_every_file_in_english(rendered):
    _, _, files = rendered["en"]
    texts = {name: text_of(path) for name, path in files.items()
             # English CSV and workbooks keep the machine keys as headings, as always
             if path.suffix not in (".csv", ".xlsx") or name == "template.xlsx"}
    assert_speaks(texts, "en", allow=DATA_WORDS)


def test_demo_file_names_in_the_language(rendered):
    _, _, it = rendered["it"]
    _, _, en = rendered["en"]
    assert {"demo/rete.html", "demo/rapporto.html", "demo/centralita.csv"} <= set(it)
    assert {"demo/network.html", "demo/report.html", "demo/centrality.csv"} <= set(en)


def test_forget_dialogue(tmp_path, monkeypatch):
    it = forget_dialogue("it", tmp_path / "it", monkeypatch)
    assert "[s/N]" in it
    assert_speaks({"forget dialogue": it}, "it", allow=DATA_WORDS)
    en = forget_dialogue("en", tmp_path / "en", monkeypatch)
    assert "[y/N]" in en
    assert_speaks({"forget dialogue": en}, "en", allow=DATA_WORDS)


def test_the_export_values_are_scanned():
    # the export's values as they were in Italian (kind codes, "contact") are found
    body = ("Liceo Manin,liceo manin,educational_agency,educational_agency,Agenzie educative\n"
            "Arci Cremona,Davide Greco,contact,undirected,2.0,arci cremona,davide greco\n")
    found = " ".join(find_foreign(body, "it"))
    assert "educational_agency" in found and "'contact'" in found


def test_the_scan_can_fail():
    # an English word, an internal code and typer's own English are all found
    found = find_foreign("Usage: reterete check [OPTIONS]\nError: 3 errors in row 2, "
                         "kind third_sector, mean_degree 0,3", "it")
    words = {f.split("'")[1] for f in found}
    assert {"Usage", "Error", "errors", "row", "kind", "third_sector", "mean_degree"} <= words
    assert find_foreign("Uso: reterete check --actors registro_attori.csv [OPZIONI]", "it") == []
    assert find_foreign("3 righe con errori", "en") and not find_foreign("3 rows", "en")
    with pytest.raises(AssertionError, match="kind"):
        assert_speaks({"screen": "tipo: kind"}, "it")
    # the English help, scanned as if it had to be Italian, is full of findings
    english_help = _run(["check", "--help"], "en")
    assert len(find_foreign(english_help, "it", help_text=True)) > 20
    italian_help = _run(["check", "--help"], "it")
    assert len(find_foreign(italian_help, "en", help_text=True)) > 20


# --- Italian CSV read back ---------------------------------------------------------------

def _numbers(frame: pd.DataFrame) -> list[float]:
    values = []
    for col in frame.columns:
        for v in frame[col]:
            if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
                values.append(float(v))
    return values


@pytest.mark.parametrize(("command", "key", "extra"), [
    ("centrality", "actors", []),
    ("timeline", "periods", []),
    ("compare", "metrics", ["--boot", "40", *WINDOWS]),
    ("antennas", None, ["--site", SITE, "-k", "2"]),
    ("recommend", None, ["--site", SITE]),
])
def test_italian_csv_reads_back_as_json(tmp_path, command, key, extra):
    from reterete.ingest.files import read_raw

    csv = tmp_path / f"{command}.csv"
    payload = json.loads(_run([command, *EXAMPLE, *extra, "--json", "--csv", str(csv)], "it"))
    table = pd.read_csv(csv, sep=";", decimal=",", encoding="utf-8-sig")
    raw = read_raw(csv)                                   # reterete's own reader
    assert not raw.problems and raw.separator == ";"
    assert list(raw.header) == list(table.columns)
    cells = raw.cells.map(_italian_number)
    from_reader = sorted(_numbers(cells))
    from_pandas = sorted(_numbers(table))
    assert from_reader == pytest.approx(from_pandas)
    # every number of the CSV is a number of --json, rounded as on screen
    wanted = _json_numbers(payload if key is None else payload[key])
    for value in from_pandas:
        assert any(abs(value - w) <= _rounding(w) for w in wanted), (command, value)


def _italian_number(cell):
    """A CSV cell as a number when it is one written the Italian way (``-0,192``)."""
    if isinstance(cell, str) and re.fullmatch(r"-?\d+(,\d+)?", cell):
        return float(cell.replace(",", "."))
    return cell


def _json_numbers(value) -> list[float]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _json_numbers(v)]
    if isinstance(value, list):
        return [x for v in value for x in _json_numbers(v)]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [float(value)]
    return []


def _rounding(value: float) -> float:
    return 0.5 if abs(value) >= 1000 else 5e-4 + 1e-12


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_reader_reads_back_every_file(rendered, lang):
    # every table file the command line wrote, in both languages, reads back with
    # reterete's own reader: no problem, the headings as written
    from reterete.ingest.files import read_raw

    _, _, files = rendered[lang]
    tables = {n: p for n, p in files.items() if p.suffix in (".csv", ".xlsx")}
    assert len(tables) >= 15
    for name, path in tables.items():
        raw = read_raw(path)
        assert not raw.problems, (name, [str(p) for p in raw.problems])
        assert raw.header, name
        if lang == "it" and path.suffix == ".csv" and not name.startswith("rete-"):
            assert raw.separator == ";", name
