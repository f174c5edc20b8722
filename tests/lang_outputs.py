"""What people read, collected once per language, and scanners over it.

Shared by the language tests (issue 21): :func:`collect` runs every command
on the bundled Cremona example and on a log with errors, writes the report
and the network page, and fetches the app's pages through Starlette's
TestClient; it returns ``{name: text}`` where each text is what a person
sees (HTML reduced to its visible text, scripts and styles left out, the
page's JSON data excepted). The scanners return the offending snippets, so a
failing test says where and what.

``segments`` cuts a text into the pieces a person reads as one sentence or
cell (table cells split on the box-drawing bars), so a period label alone in
a table cell (``2024-09``) is not mistaken for a date inside a sentence.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

#: Nouns that must be singular after "1", in Italian and English
NOUNS_IT = ("legami", "attori", "contatti", "righe", "luoghi", "operatori", "antenne",
            "giorni", "passi", "errori", "avvisi", "file nuovi", "persone", "interazioni",
            "settori", "gruppi", "eventi", "ore", "minuti", "volte", "problemi", "nomi",
            "colonne", "periodi", "mesi", "settimane", "componenti", "coppie", "nuovi")
NOUNS_EN = ("ties", "actors", "contacts", "rows", "sites", "workers", "antennas", "days",
            "steps", "errors", "warnings", "persons", "people", "interactions", "sectors",
            "groups", "events", "hours", "minutes", "times", "problems", "names", "columns",
            "periods", "months", "weeks", "components", "pairs")

_ONE = r"(?<![\d.,'’])1"
_PLURAL_AT_ONE = {
    "it": re.compile(_ONE + r"\s+(?:" + "|".join(NOUNS_IT) + r")\b"
                     + r"|\b(?:tra i|dei|ai|dai|nei|sui|i|gli|degli|tra gli)\s+1\s+\w+"),
    "en": re.compile(_ONE + r"\s+(?:" + "|".join(NOUNS_EN) + r")\b"),
}
#: ISO dates, months, weeks and quarters as written for machines
ISO = re.compile(r"(?<![\w/-])\d{4}-(?:\d{2}-\d{2}(?:T\d{2}(?::\d{2})?)?|\d{2}|W\d{2}|Q[1-4])"
                 r"(?![\w-])")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]{3,}")


def plural_at_one(text: str, lang: str) -> list[str]:
    """Every "1 legami", "tra i 1 attori" ("1 ties" in English) in ``text``."""
    return [_around(text, m) for m in _PLURAL_AT_ONE[lang].finditer(text)]


def iso_in_sentences(text: str) -> list[str]:
    """Every ISO date, month, week or quarter inside a sentence (a segment with
    at least two words besides the date); a table cell or label holding
    only a period is allowed."""
    found = []
    for seg in segments(text):
        for m in ISO.finditer(seg):
            rest = seg[:m.start()] + seg[m.end():]
            if len(_WORD.findall(rest)) >= 2 and not _is_example(seg, m):
                found.append(_around(seg, m))
    return found


def _is_example(seg: str, m: re.Match) -> bool:
    # how to write a date is said with one: "(2024-09-15)", "e.g. 2024-09:2024-10",
    # "--start 2024-09:2024-09", "AAAA-MM-GG"; a file name (rete_2024-09.html)
    before = seg[max(0, m.start() - 40):m.start()]
    after = seg[m.end():m.end() + 2]
    return (after.startswith(":") or before.endswith(":") or before.endswith("(")
            or bool(re.search(r"(--\w[\w-]*|e\.g\.|ad es\.|per esempio|esempio|such as|"
                              r"come|scrivi|write|written|scritt\w*|forma|form)\s*\S*\s*$",
                              before, re.I)))


def segments(text: str) -> list[str]:
    """Sentences and cells: lines split on table bars, then on sentence ends."""
    out = []
    for line in text.splitlines():
        for cell in re.split(r"[│┃|]", line):
            cell = cell.strip()
            if cell:
                out.extend(s for s in re.split(r"(?<=[.;])\s+", cell) if s.strip())
    return out


def _around(text: str, m: re.Match, width: int = 50) -> str:
    return text[max(0, m.start() - width):m.end() + width].replace("\n", " ")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skip += 1
        elif tag in ("p", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "div", "br",
                     "caption", "figcaption", "option", "label", "title", "button", "dd",
                     "dt", "section", "summary"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text a person sees on an HTML page: no tags, scripts or styles."""
    parser = _Text()
    parser.feed(html)
    return re.sub(r"[ \t]+", " ", "".join(parser.parts))


BAD_LOG = ("Data;Attore 1;Attore 2;Luogo\n"
           "02/09/2024;Bar Portici;Oratorio S. Agata;Piazza Roma\n"
           "30/02/2024;Bar Portici;Liceo Manin;Piazza Roma\n"
           "31/02/2024;Bar Portici;Liceo Manin;Piazza Roma\n"
           "03/09/2024;;Liceo Manin;Piazza Roma\n"
           "09/15/2024;Bar Portici;Liceo Manin;Piazza Roma\n")


def collect(lang: str, folder: Path) -> dict[str, str]:
    """Every screen, page and report of reterete on the Cremona example (copied
    into ``folder``) and on a log with errors, in ``lang``."""
    from importlib import resources

    from typer.testing import CliRunner

    from reterete.cli import app

    folder.mkdir(parents=True, exist_ok=True)
    base = resources.files("reterete.examples").joinpath("data/cremona")
    names = ("contatti.csv", "diari_educatori.csv", "cabina_regia_equipe.csv",
             "registro_attori.csv")
    for name in (*names, "questionario_partner.csv"):
        (folder / name).write_bytes(base.joinpath(name).read_bytes())
    survey = str(folder / "questionario_partner.csv")
    logs = [str(folder / n) for n in names[:3]]
    reg = ["--actors", str(folder / names[3])]
    bad = folder / "errori.csv"
    bad.write_text(BAD_LOG, encoding="utf-8")
    runner = CliRunner()
    out: dict[str, str] = {}

    def run(name: str, *args: str) -> None:
        result = runner.invoke(app, ["--lang", lang, *args], env={"COLUMNS": "200"})
        out[name] = result.stdout + (result.stderr if result.stderr_bytes else "")

    site = ["--site", "Piazza Roma"]
    run("check", "check", *logs, *reg)
    run("check errors", "check", str(bad), *reg, "--errors", str(folder / "e.csv"))
    run("summary errors", "summary", str(bad))
    run("summary", "summary", *logs, *reg)
    run("summary site", "summary", *logs, *reg, *site, "--from", "2024-09", "--to", "2024-10")
    run("centrality", "centrality", *logs, *reg, *site)
    for freq in ("month", "week", "quarter", "day"):
        run(f"timeline {freq}", "timeline", *logs, *reg, "--freq", freq)
    run("antennas", "antennas", *logs, *reg, *site, "-k", "3")
    run("antennas one", "antennas", *logs, *reg, *site, "-k", "1")
    run("antennas all", "antennas", *logs, *reg, "--all-sites", "-k", "2")
    run("antennas cover", "antennas", *logs, *reg, *site, "--cover", "90%")
    run("antennas exact", "antennas", *logs, *reg, *site, "-k", "3", "--exact")
    run("recommend", "recommend", *logs, *reg, *site, "-n", "5")
    run("compare", "compare", *logs, *reg, "--start", "2024-09:2024-09", "--end",
        "2024-12:2024-12", "--boot", "100", "--seed", "1")
    run("compare days", "compare", *logs, *reg, "--start", "2024-09-01:2024-09-30", "--end",
        "2024-12-01:2024-12-31", "--boot", "50", "--seed", "1")
    run("compare empty", "compare", *logs, *reg, "--start", "2023-01:2023-01", "--end",
        "2024-12:2024-12", "--boot", "50")
    page, report = folder / "rete.html", folder / "rapporto.html"
    run("viz", "viz", *logs, *reg, "-o", str(page))
    run("report", "report", *logs, *reg, "-o", str(report), "--boot", "100")
    out["page"] = visible_text(page.read_text(encoding="utf-8"))
    out["report"] = visible_text(report.read_text(encoding="utf-8"))
    # the partner survey (issue 24): its screens, its comparison, its report section
    run("survey", "survey", survey, *reg, *[x for p in logs for x in ("--logs", p)])
    run("compare survey", "compare", "--survey", survey, *reg, "--start", "2024-09",
        "--end", "2024-12", "--boot", "50", "--seed", "1")
    with_survey = folder / "rapporto-partner.html"
    run("report survey", "report", *logs, *reg, "--survey", survey, "-o", str(with_survey),
        "--boot", "50")
    out["report with survey"] = visible_text(with_survey.read_text(encoding="utf-8"))
    db = folder / "progetto.db"
    run("import", "import", *logs, *reg, "--db", str(db))
    run("import errors", "import", str(bad), "--db", str(db))
    run("log", "log", "--db", str(db))
    out.update(_app_pages(lang, folder, db))
    return out


def _app_pages(lang: str, folder: Path, db: Path) -> dict[str, str]:
    from starlette.testclient import TestClient

    from reterete.app.server import Settings, create_app

    token = "lang-token-0123456789"
    settings = Settings(db=db, token=token, port=8798)
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8798",
                        follow_redirects=True)
    client.get(f"/?token={token}&lang={lang}")
    pages = {"app home": "/", "app import": "/import", "app actors": "/actors",
             "app network": "/network", "app sites": "/sites?site=Piazza+Roma&k=3",
             "app sites cover": "/sites?site=Piazza+Roma&cover=90%25",
             "app compare": "/compare?start=2024-09:2024-09&end=2024-12:2024-12&boot=50",
             "app report": "/report", "app history": "/history"}
    out = {name: visible_text(client.get(path).text) for name, path in pages.items()}
    bad = (folder / "errori.csv").read_bytes()
    r = client.post("/import", files=[("files", ("errori.csv", bad, "text/csv"))],
                    data={"csrf": settings.csrf, "action": "check"})
    out["app import errors"] = visible_text(r.text)
    return out
