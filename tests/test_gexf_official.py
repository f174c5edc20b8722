"""Every GEXF that reterete writes is valid against the official GEXF 1.3
grammar: the RELAX NG files of the GEXF working group (gephi/gexf, the source
from which its XSD files are generated), stored in ``tests/schemas/gexf-1.3/``
with their source and licence (see the README there).

The official 1.3 XSD files do not compile (gephi/gexf issue #19: ``graph-
content``, ``node-content`` and ``edge-content`` resolve to no type), so the
RELAX NG grammar is the one to validate against, here with lxml (libxml2).
``tests/test_export.py`` keeps validating against reterete's stricter XSD of
the subset it writes.

One attribute is outside the official 1.3 grammar: ``mode="dynamic"`` on the
``<attributes>`` blocks of a dynamic file, which GEXF 1.2 had, gexf.net's own
1.3 example writes and Gephi needs to keep a value per period.
``gexf-dynamic-attributes.rng`` is the official grammar plus that attribute;
a dynamic file is valid against it, and against the official grammar alone
once that attribute is taken out. Every static file is valid against the
official grammar alone."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.export import export_graph, write_gexf
from reterete.network import Network

etree = pytest.importorskip("lxml.etree")

runner = CliRunner()
FOLDER = Path(__file__).parent / "schemas" / "gexf-1.3"
GEXF = "{http://gexf.net/1.3}"


@pytest.fixture(scope="module")
def official():
    """The official grammar, and the same with ``mode`` on ``<attributes>``."""
    return (etree.RelaxNG(etree.parse(str(FOLDER / "gexf.rng"))),
            etree.RelaxNG(etree.parse(str(FOLDER / "gexf-dynamic-attributes.rng"))))


def _valid(official, path: Path) -> None:
    strict, extended = official
    doc = etree.parse(str(path))
    blocks = doc.getroot().iter(f"{GEXF}attributes")
    if doc.getroot().find(f"{GEXF}graph").get("mode") == "dynamic":
        assert extended.validate(doc), f"{path.name}: {extended.error_log}"
        for block in blocks:                    # the one extension taken out
            assert block.attrib.pop("mode") in ("static", "dynamic")
    else:
        assert all("mode" not in block.attrib for block in blocks)
    assert strict.validate(doc), f"{path.name}: {strict.error_log}"


@pytest.fixture
def logs(cremona_logs, cremona_registry):
    return [*map(str, cremona_logs), "--actors", str(cremona_registry)]


@pytest.mark.parametrize("options", [
    [],                                   # dynamic, at the data's grain
    ["--freq", "day"], ["--freq", "week"], ["--freq", "month"], ["--freq", "quarter"],
    ["--freq", "hour"],
    ["--static"],
    ["--site", "Piazza Roma"],
    ["--weighted"],
    ["--anonymize"],
    ["--from", "2024-10", "--to", "2024-11"],
])
def test_every_gexf_the_command_writes_is_valid_gexf_1_3(logs, tmp_path, official, options):
    out = tmp_path / "out.gexf"
    result = runner.invoke(app, ["export", *logs, "--format", "gexf", *options, "-o",
                                 str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["actors"] > 0
    _valid(official, out)


def test_hourly_and_daily_timelines_of_a_sensor_log_are_valid(tmp_path, official):
    # a contact log by the second, over two days: the grain is the hour or the day
    net = Network.from_interactions(pd.DataFrame({
        "date": pd.to_datetime(["2013-12-02 08:10:20", "2013-12-02 09:30:00",
                                "2013-12-03 10:00:40", "2013-12-03 23:59:59"]),
        "source": ["+a", "a", "b", "c"], "target": ["b", "b", "c", "d & e"]}))
    for freq in (None, "hour", "day"):
        G = export_graph(net, freq=freq)
        for static in (False, True):
            _valid(official, write_gexf(G, tmp_path / f"{freq}-{static}.gexf", static=static))


def test_graphs_of_any_shape_are_valid(tmp_path, official):
    # no edges, a self-free graph with odd labels, a directed graph
    graphs = [nx.empty_graph(3), nx.Graph([("<a>", 'b"q"'), ("b\"q\"", "ç")]),
              nx.DiGraph([(1, 2), (2, 3)])]
    for i, G in enumerate(graphs):
        _valid(official, write_gexf(G, tmp_path / f"g{i}.gexf"))


@pytest.mark.parametrize("change", [
    ('version="1.3"', 'version="1.2draft"'),            # another version
    ('mode="dynamic"', 'mode="sometimes"'),              # a mode GEXF does not have
    ("<spells>", "<spells><spell start=\"not a date\"/>"),  # a time that is no time
    ("<nodes", "<nodez"),                                 # an element GEXF does not have
])
def test_the_official_grammar_rejects_what_gexf_1_3_does_not_allow(logs, tmp_path, official,
                                                                   change):
    out = tmp_path / "ok.gexf"
    result = runner.invoke(app, ["export", *logs, "-o", str(out)])
    assert result.exit_code == 0, result.output
    _valid(official, out)
    text = out.read_text(encoding="utf-8")
    old, new = change
    assert old in text
    bad = tmp_path / "bad.gexf"
    bad.write_text(text.replace(old, new, 1).replace("</nodes>", "</nodez>", 1)
                   if old == "<nodes" else text.replace(old, new, 1), encoding="utf-8")
    for grammar in official:
        assert not grammar.validate(etree.parse(str(bad)))


def test_the_official_grammar_alone_has_no_mode_on_attribute_blocks(logs, tmp_path, official):
    """Why the extension exists: the dynamic file as written is refused by the
    official grammar alone, for its mode on <attributes> and nothing else."""
    out = tmp_path / "dynamic.gexf"
    assert runner.invoke(app, ["export", *logs, "-o", str(out)]).exit_code == 0
    strict, extended = official
    doc = etree.parse(str(out))
    assert extended.validate(doc)
    assert not strict.validate(doc)
    assert "Invalid attribute mode for element attributes" in str(strict.error_log)
