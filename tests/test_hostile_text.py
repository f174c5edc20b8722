"""Hostile characters in names (issue 20): a right-to-left override is
isolated in every HTML output (report, page, app), control characters are
escaped on the terminal, and characters XML 1.0 forbids are refused by
`check` with the row named, while every export stays parseable."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.textsafe import FSI, PDI

runner = CliRunner()

RLO = "\u202e"
HOSTILE = f"Bar {RLO}amoR"
LOG = ("date,source,target,site\n"
       f"2024-09-02,{HOSTILE},Bea Neri,Piazza {RLO}Roma\n"
       "2024-10-03,Bea Neri,Ada Rossi,Piazza Roma\n"
       "2024-11-04,Ada Rossi,Carlo Po,Piazza Roma\n")


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "contatti.csv"
    path.write_text(LOG, encoding="utf-8")
    return path


def _isolated_everywhere(html: str, name: str) -> None:
    assert name in html
    at = 0
    while (at := html.find(name, at)) >= 0:
        before, after = html[:at], html[at + len(name):]
        # inside an isolate: opened before it (not closed since), closed after it
        assert before.rfind(FSI) > before.rfind(PDI), html[at - 60:at + 60]
        assert after.find(PDI) >= 0 and (after.find(FSI) < 0
                                         or after.find(PDI) < after.find(FSI))
        at += len(name)


@pytest.mark.parametrize("command", ["report", "viz"])
def test_a_right_to_left_override_is_isolated_in_pages(tmp_path, log, command):
    out = tmp_path / "out.html"
    result = runner.invoke(app, [command, str(log), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    if command == "report":
        _isolated_everywhere(html, HOSTILE)
    else:  # names travel as data; the page isolates them where it shows them
        assert "function iso(s)" in html and "iso(N.label[i])" in html


def test_the_app_isolates_names_and_takes_the_isolates_off_what_comes_back(tmp_path, log):
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from reterete.app.server import Settings, create_app

    db = tmp_path / "ws.db"
    assert runner.invoke(app, ["import", str(log), "--db", str(db)]).exit_code == 0
    settings = Settings(db=db, token="t" * 24, port=8796)
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8796",
                        follow_redirects=False)
    assert client.get("/?token=" + "t" * 24).status_code == 303
    page = client.get("/actors").text
    _isolated_everywhere(page, HOSTILE)
    actor = HOSTILE.lower()
    form = client.get("/actors/forget", params={"id": FSI + actor + PDI})
    assert form.status_code == 200, form.text  # the wrapped id found the actor
    r = client.post("/actors/forget", data={"csrf": settings.csrf, "id": FSI + actor + PDI,
                                            "confirm": "yes"})
    assert r.status_code == 200, r.text
    assert actor not in client.app.state.data.network().actors.index


def test_control_characters_are_escaped_on_the_terminal(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("date,source,target,site\n"
                    f"2024-09-02,{HOSTILE},Bea,Site\u009b2J\n", encoding="utf-8")
    result = runner.invoke(app, ["centrality", str(path)])
    assert result.exit_code == 0, result.output
    assert RLO not in result.output and "\u009b" not in result.output
    assert "Bar \\u202eamoR" in result.output
    result = runner.invoke(app, ["summary", str(path), "--site", "Site\u009b2J"])
    assert "\u009b" not in result.output and "\\x9b" in result.output


@pytest.mark.parametrize("char", ["\x01", "\x0b", "\x1f", "\ufffe", "\uffff", "\x1b"])
def test_xml_forbidden_characters_are_refused_by_check_with_the_row(tmp_path, char):
    path = tmp_path / "log.csv"
    path.write_text("date,source,target,site\n"
                    "2024-09-02,Ada,Bea,Piazza\n"
                    f"2024-09-03,Ada{char}Rossi,Bea,Piazza\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--json"])
    assert result.exit_code == 2
    errors = json.loads(result.stdout)["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "source")]
    assert f"U+{ord(char):04X}" in errors[0]["value"]


def test_every_export_stays_parseable_with_a_forbidden_character(tmp_path):
    from reterete.export import export
    from reterete.network import Network

    net = Network.from_interactions(pd.DataFrame({
        "date": ["2024-09-02", "2024-09-03"], "source": ["Ada\x0bRossi", "Bea"],
        "target": ["Bea", "Cy\uffff"], "site": ["Piazza\x01", "Piazza\x01"]}))
    G, (gexf,) = export(net, tmp_path / "n.gexf", format="gexf")
    ET.parse(gexf)
    _, (graphml,) = export(net, tmp_path / "n.graphml", format="graphml")
    H = nx.read_graphml(graphml)
    assert "AdaU+000BRossi" in {d["label"] for _, d in H.nodes(data=True)}
