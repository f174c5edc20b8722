"""The report and the network page in Italian contain no English sentence:
visible text, SVG text and the words the page's script shows are scanned for
common English words, once the project's own names (actors, sites, sectors)
are taken out."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from reterete.viz.page import to_html
from reterete.viz.report import report_html

#: common English words that have no business in an Italian page (none of them
#: is an Italian word; "a", "e", "in" and "antenna" are left out)
ENGLISH = {
    "the", "and", "of", "with", "ties", "tie", "actors", "actor", "network", "site", "sites",
    "month", "months", "not", "is", "are", "was", "were", "from", "this", "that", "who", "whom",
    "all", "shown", "found", "contacts", "contact", "sector", "sectors", "kind", "kinds",
    "last", "first", "reached", "reaches", "engage", "engaged", "none", "more", "rows", "row",
    "column", "interval", "change", "start", "end", "between", "only", "by", "to", "at",
    "within", "step", "steps", "no", "yes", "total", "density", "degree", "mean", "share",
    "largest", "component", "components", "links", "why", "score", "name", "value", "what",
    "how", "read", "report", "chance", "actions", "action", "size", "width", "strength",
    "everything", "show", "find", "type", "part", "given", "page", "needs", "people",
}


class _Text(HTMLParser):
    """Visible text (SVG text included), attributes people see; scripts and
    styles kept apart."""

    def __init__(self) -> None:
        super().__init__()
        self.visible: list[str] = []
        self.scripts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for key, value in attrs:
            if key in ("placeholder", "aria-label", "title", "alt") and value:
                self.visible.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        (self.scripts if self._skip else self.visible).append(data)


def _english(texts: list[str], names: list[str]) -> list[str]:
    text = re.sub(r"\{\w+\}", " ", "\n".join(texts))   # placeholders the script fills
    for name in sorted(names, key=len, reverse=True):  # proper names are not English
        text = text.replace(name, " ")
    # Italian elisions (all'inizio, dell'équipe) are one word, not "all"
    words = re.findall(r"[A-Za-zÀ-ÿ]+(?:['’][A-Za-zÀ-ÿ]+)*", text)
    return sorted({w for w in words if w.lower() in ENGLISH})


def _names(net) -> list[str]:
    names = [str(x) for x in net.actors["name"]] + [str(s) for s in net.sites]
    for col in ("sector",):
        if col in net.actors:
            names += [str(x) for x in net.actors[col].dropna().unique()]
    return [n for n in names if n]


@pytest.fixture(scope="module")
def italian_report(cremona_net):
    return report_html(cremona_net, lang="it", n_boot=50, seed=1)


@pytest.fixture(scope="module")
def italian_page(cremona_net):
    return to_html(cremona_net, lang="it", antennas=["Bar Portici"])


def test_report_in_italian_has_no_english_words(italian_report, cremona_net):
    parsed = _Text()
    parsed.feed(italian_report)
    assert '<html lang="it">' in italian_report
    found = _english(parsed.visible, _names(cremona_net))
    assert found == [], found
    text = " ".join(parsed.visible)
    assert "Rapporto di valutazione della rete" in text
    assert "settembre 2024" in text and "dicembre 2024" in text     # dates as Italian writes them
    assert re.search(r"\d,\d{2,3}", text)                         # decimal commas


def test_page_in_italian_has_no_english_words(italian_page, cremona_net):
    parsed = _Text()
    parsed.feed(italian_page)
    script = "\n".join(parsed.scripts)
    labels = json.loads(re.search(r"var L = (\{.*?\});\n", script).group(1))
    data = json.loads(re.search(r'id="rr-data">(.*?)</script>', italian_page, re.S).group(1))

    def strings(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    shown = parsed.visible + list(strings(labels)) + [k["label"] for k in data["kinds"]] + \
        data["months"] + [data["size_by"]]
    found = _english(shown, _names(cremona_net))
    assert found == [], found
    assert data["lang"] == "it" and "settembre 2024" in data["months"]
    assert labels["status"] == "Visibili: {actors}, {ties}"
    assert labels["status_actors"] == ["{shown} / {n} attore", "{shown} / {n} attori"]
    assert labels["status_ties"] == ["{shown} / {n} legame", "{shown} / {n} legami"]


def test_english_report_is_english(cremona_net):
    page = report_html(cremona_net, lang="en", n_boot=20, seed=1)
    assert '<html lang="en">' in page and "Network evaluation report" in page
    assert "September 2024" in page


def test_the_scan_finds_english(cremona_net):
    # the check above can fail: the English report is full of English words
    parsed = _Text()
    parsed.feed(report_html(cremona_net, lang="en", n_boot=20, seed=1))
    assert {"the", "ties", "network"} <= {w.lower() for w in _english(parsed.visible,
                                                                      _names(cremona_net))}


def test_cli_report_and_viz_follow_lang(tmp_path, cremona_logs, cremona_registry):
    from typer.testing import CliRunner

    from reterete.cli import app

    runner = CliRunner()
    files = [str(p) for p in cremona_logs]
    out = tmp_path / "rete.html"
    result = runner.invoke(app, ["viz", *files, "--actors", str(cremona_registry), "-o",
                                 str(out), "--lang", "it"])
    assert result.exit_code == 0, result.output
    assert '<html lang="it">' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["it", "en"])
def test_report_and_page_name_no_command_or_option(cremona_net, lang):
    # a report is read by people who never open a terminal: no `reterete ...`
    # command and no --option in what it says (issue 21), with every section on
    from importlib import resources

    from reterete.survey import read_survey

    data = resources.files("reterete.examples").joinpath("data/cremona")
    survey = read_survey([str(data / "questionario_partner.csv")])
    texts = []
    for page in (report_html(cremona_net, lang=lang, n_boot=20, seed=1, survey=survey,
                             color="community"),
                 to_html(cremona_net, lang=lang, color="community")):
        parsed = _Text()
        parsed.feed(page)
        texts.append(" ".join(parsed.visible))
    said = " ".join(texts)
    assert "Gruppo 1" in said or "Group 1" in said       # the communities section is there
    found = sorted(set(re.findall(r"(?<![\w-])--[a-z][\w-]*|\breterete [a-z]+\b", said)))
    assert found == [], found
