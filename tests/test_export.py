"""`reterete export`: GEXF 1.3, GraphML and a CSV pair, each read back by
another tool's reader (networkx, igraph, pandas) on the Cremona example.

The GEXF is validated with xmlschema against ``tests/schemas/gexf-1.3-subset.xsd``,
reterete's own schema of the GEXF 1.3 subset it writes (no package ships the
official XSD); a file outside that subset fails.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import xmlschema
from typer.testing import CliRunner

from reterete.cli import app
from reterete.export import export, export_graph, month_spells, write_gexf

runner = CliRunner()
SCHEMA = Path(__file__).parent / "schemas" / "gexf-1.3-subset.xsd"


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(SCHEMA)


@pytest.fixture
def logs(cremona_logs, cremona_registry):
    return [*map(str, cremona_logs), "--actors", str(cremona_registry)]


def read_gexf13(path):
    """networkx's GEXF reader for version 1.3: networkx reads 1.3 from 3.5 on,
    3.4 (the last for Python 3.10) knows 1.3's namespaces only when told."""
    from networkx.readwrite import gexf

    if "1.3" not in gexf.GEXF.versions:
        reader = gexf.GEXFReader(version="1.2draft")
        reader.versions = {**gexf.GEXF.versions, "1.3": {
            **gexf.GEXF.versions["1.2draft"], "NS_GEXF": "http://gexf.net/1.3",
            "NS_VIZ": "http://gexf.net/1.3/viz", "VERSION": "1.3",
            "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"}}
        reader.set_version("1.3")
        return reader(path)
    return nx.read_gexf(path, version="1.3")


def _json(args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _months_from_log(net):
    """Each actor's and each pair's active months, straight from the interactions."""
    inter = net.interactions
    actors, pairs = {}, {}
    for a, b, d in zip(inter["source"], inter["target"], inter["date"], strict=True):
        m = f"{d:%Y-%m}"
        actors.setdefault(a, set()).add(m)
        actors.setdefault(b, set()).add(m)
        pairs.setdefault(frozenset((a, b)), set()).add(m)
    return actors, pairs


def _spell_months(spells):
    out = set()
    for start, end in spells:
        out.update(str(p) for p in pd.period_range(start, end, freq="M"))
    return out


# ------------------------------------------------------------------ GEXF
def test_gexf_round_trip_on_cremona(logs, cremona_net, tmp_path, schema):
    out = tmp_path / "cremona.gexf"
    payload = _json(["export", *logs, "--format", "gexf", "-o", str(out)])
    summary = _json(["summary", *logs])
    assert payload["actors"] == summary["actors"] == 50
    assert payload["ties"] == summary["ties"]
    schema.validate(out)

    G = read_gexf13(out)
    ref = cremona_net.graph()
    assert set(G.nodes) == set(ref.nodes)
    assert {frozenset(e) for e in G.edges} == {frozenset(e) for e in ref.edges}
    for u, v, data in ref.edges(data=True):
        assert G.edges[u, v]["weight"] == data["count"]
        assert G.edges[u, v]["count"] == data["count"]
        assert G.edges[u, v]["first"] == f"{data['first']:%Y-%m-%d}"

    cen = {r["id"]: r for r in _json(["centrality", *logs])["actors"]}
    for v, data in G.nodes(data=True):
        actor = cremona_net.actors.loc[v]
        assert data["label"] == actor["name"]
        assert data["kind"] == actor["kind"]
        assert data["team"] is bool(actor["team"])
        assert data.get("sites", "") == "; ".join(actor["sites"])  # none: left out
        for key in ("betweenness", "closeness", "eigenvector", "pagerank", "degree"):
            assert data[key] == pytest.approx(cen[v][key], rel=1e-12), key
        assert data["ties"] == cen[v]["ties"]

    # the timeline: every actor and tie is present exactly in its active months
    actors, pairs = _months_from_log(cremona_net)
    for v, data in G.nodes(data=True):
        assert _spell_months(data["spells"]) == actors[v]
    for u, v, data in G.edges(data=True):
        assert _spell_months(data["spells"]) == pairs[frozenset((u, v))]
    # and a dynamic attribute holds each month's interactions (Gephi: ranking by time)
    by_pair, by_actor = Counter(), Counter()
    for a, b, d in zip(cremona_net.interactions["source"], cremona_net.interactions["target"],
                       cremona_net.interactions["date"], strict=True):
        by_pair[frozenset((a, b)), f"{d:%Y-%m}"] += 1
        by_actor[a, f"{d:%Y-%m}"] += 1
        by_actor[b, f"{d:%Y-%m}"] += 1
    for u, v, data in G.edges(data=True):
        got = {(frozenset((u, v)), start[:7]): n for n, start, _ in data["interactions"]}
        assert got == {k: n for k, n in by_pair.items() if k[0] == frozenset((u, v))}
    for v, data in G.nodes(data=True):
        got = {(v, start[:7]): n for n, start, _ in data["interactions"]}
        assert got == {k: n for k, n in by_actor.items() if k[0] == v}
    assert sum(n for _, _, d in G.edges(data=True) for n, _, _ in d["interactions"]) == \
        len(cremona_net.interactions)
    text = out.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    assert 'xmlns="http://gexf.net/1.3"' in text and 'version="1.3"' in text


def test_schema_rejects_what_gexf_1_3_does_not_allow(tmp_path, schema):
    G = nx.Graph([("a", "b")])
    out = write_gexf(G, tmp_path / "ok.gexf")
    schema.validate(out)
    bad = out.read_text(encoding="utf-8").replace('version="1.3"', 'version="1.2draft"')
    (tmp_path / "bad.gexf").write_text(bad, encoding="utf-8")
    assert not schema.is_valid(tmp_path / "bad.gexf")
    bad = out.read_text(encoding="utf-8").replace("<edge ", '<edge colour="red" ')
    (tmp_path / "bad2.gexf").write_text(bad, encoding="utf-8")
    assert not schema.is_valid(tmp_path / "bad2.gexf")


def test_month_spells_merge_consecutive_months_only():
    assert month_spells([]) == []
    assert month_spells(["2024-12", "2025-01", "2024-09"]) == [
        ("2024-09-01", "2024-09-30"), ("2024-12-01", "2025-01-31")]


# ------------------------------------------------------------------ GraphML
def test_graphml_read_back_by_networkx_and_igraph(logs, cremona_net, tmp_path):
    import igraph as ig

    out = tmp_path / "cremona.graphml"
    payload = _json(["export", *logs, "-o", str(out)])  # format from the extension
    assert payload["format"] == "graphml"
    G = export_graph(cremona_net)

    H = nx.read_graphml(out)
    assert set(H.nodes) == set(G.nodes)
    assert {frozenset(e) for e in H.edges} == {frozenset(e) for e in G.edges}
    for v, data in G.nodes(data=True):
        for key, value in data.items():
            if key in ("spells", "interactions"):  # GEXF only (time)
                continue
            assert H.nodes[v][key] == (pytest.approx(value) if isinstance(value, float)
                                       else value), (v, key)
    for u, v, data in G.edges(data=True):
        assert H.edges[u, v]["weight"] == data["weight"]
        assert H.edges[u, v]["months"] == data["months"]

    g = ig.Graph.Read_GraphML(str(out))
    assert g.vcount() == G.number_of_nodes() and g.ecount() == G.number_of_edges()
    ids = g.vs["id"]
    edges = {frozenset((ids[e.source], ids[e.target])): e["weight"] for e in g.es}
    assert edges == {frozenset((u, v)): d["weight"] for u, v, d in G.edges(data=True)}
    by_id = {v["id"]: v for v in g.vs}
    for v, data in G.nodes(data=True):
        assert by_id[v]["label"] == data["label"]
        assert by_id[v]["kind"] == data["kind"]
        assert by_id[v]["betweenness"] == pytest.approx(data["betweenness"])


# ------------------------------------------------------------------ CSV pair
def test_csv_pair_for_kumu_and_gephi(logs, cremona_net, tmp_path):
    out = tmp_path / "cremona.csv"
    payload = _json(["export", *logs, "--format", "csv", "-o", str(out)])
    nodes_path, edges_path = tmp_path / "cremona-nodes.csv", tmp_path / "cremona-edges.csv"
    assert payload["files"] == [str(nodes_path), str(edges_path)]
    nodes = pd.read_csv(nodes_path, encoding="utf-8-sig")
    edges = pd.read_csv(edges_path, encoding="utf-8-sig")
    G = export_graph(cremona_net)
    # Kumu: Label, and From and To, in the first columns; Type a category
    assert list(nodes.columns[:3]) == ["Label", "Id", "Type"]
    assert list(edges.columns[:7]) == ["From", "To", "Type", "Direction", "Weight", "Source",
                                       "Target"]
    assert (nodes["Type"].fillna("") == nodes["kind"].fillna("")).all()
    several = nodes["sites"].dropna()
    assert several.str.contains("|", regex=False).any() and \
        not several.str.contains(";", regex=False).any()
    assert set(nodes["Id"]) == set(G.nodes)
    assert dict(zip(nodes["Id"], nodes["Label"], strict=True)) == dict(G.nodes(data="label"))
    label = dict(G.nodes(data="label"))
    assert {frozenset(p) for p in zip(edges["Source"], edges["Target"], strict=True)} == \
        {frozenset(e) for e in G.edges}
    assert (edges["From"] == edges["Source"].map(label)).all()
    assert (edges["To"] == edges["Target"].map(label)).all()
    assert set(edges["Type"]) == {"contact"} and set(edges["Direction"]) == {"undirected"}
    weights = {frozenset((s, t)): w for s, t, w in zip(edges["Source"], edges["Target"],
                                                        edges["Weight"], strict=True)}
    assert weights == {frozenset((u, v)): d["weight"] for u, v, d in G.edges(data=True)}
    assert nodes.set_index("Id")["pagerank"].to_dict() == pytest.approx(
        dict(G.nodes(data="pagerank")))


def test_the_same_ids_in_every_export(tmp_path):
    import xml.etree.ElementTree as ET

    from reterete.network import Network

    net = Network.from_interactions(pd.DataFrame({
        "date": ["2024-09-02", "2024-09-03"], "source": ["+39 333 1234", "-Anna"],
        "target": ["Bea", "Bea"]}))
    _, (nodes, _edges) = export(net, tmp_path / "x.csv", format="csv")
    csv_ids = set(pd.read_csv(nodes, encoding="utf-8-sig", dtype=str)["Id"])
    export(net, tmp_path / "x.gexf")
    gexf_ids = {n.get("id") for n in ET.parse(tmp_path / "x.gexf").getroot().iter(
        "{http://gexf.net/1.3}node")}
    export(net, tmp_path / "x.graphml", format="graphml")
    graphml_ids = set(nx.read_graphml(tmp_path / "x.graphml"))
    assert csv_ids == gexf_ids == graphml_ids == {"'+39 333 1234", "'-anna", "bea"}


def test_csv_cells_are_formula_safe(tmp_path):
    from reterete.network import Network

    net = Network.from_interactions(pd.DataFrame({
        "date": ["2024-09-02"], "source": ["=cmd|' /C calc'!A0"], "target": ["@Bea"]}))
    _, files = export(net, tmp_path / "x.csv", format="csv")
    text = files[0].read_text(encoding="utf-8-sig") + files[1].read_text(encoding="utf-8-sig")
    assert "'=cmd" in text and "'@Bea" in text
    assert "\n=" not in text and ",=" not in text and ",@" not in text


# ------------------------------------------------------------------ options
def test_window_site_and_weighted_follow_summary_and_centrality(logs, tmp_path):
    out = tmp_path / "roma.gexf"
    args = ["--site", "Piazza Roma", "--from", "2024-10", "--to", "2024-11"]
    payload = _json(["export", *logs, *args, "--weighted", "-o", str(out)])
    summary = _json(["summary", *logs, *args])
    assert (payload["actors"], payload["ties"]) == (summary["actors"], summary["ties"])
    G = read_gexf13(out)
    cen = {r["id"]: r for r in _json(["centrality", *logs, *args, "--weighted"])["actors"]}
    for v, data in G.nodes(data=True):
        assert data["betweenness"] == pytest.approx(cen[v]["betweenness"], rel=1e-12)
        assert _spell_months(data["spells"]) <= {"2024-10", "2024-11"}


def test_anonymized_exports_hold_no_persons_name(logs, cremona_net, tmp_path, monkeypatch):
    monkeypatch.setenv("RETERETE_KEY", "test-secret")
    persons = cremona_net.actors[cremona_net.actors["is_person"]]
    secrets = {str(n) for n in persons["name"]} | set(persons.index)
    assert len(secrets) > 10
    for fmt in ("gexf", "graphml", "csv"):
        out = tmp_path / f"anon.{fmt}"
        payload = _json(["export", *logs, "-o", str(out), "--anonymize"])
        assert payload["actors"] == 50
        for written in payload["files"]:
            text = Path(written).read_text(encoding="utf-8-sig")
            assert "Person " in text
            for s in secrets:
                assert s not in text, (fmt, s)


def test_bad_requests_exit_2(logs, tmp_path):
    result = runner.invoke(app, ["export", *logs, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "gexf, graphml or csv" in result.output
    result = runner.invoke(app, ["export", *logs])
    assert result.exit_code == 2 and "-o" in result.output
    result = runner.invoke(app, ["export", *logs, "--site", "Nowhere",
                                 "-o", str(tmp_path / "x.gexf")])
    assert result.exit_code == 2
    assert not (tmp_path / "x.gexf").exists()


def test_csv_pair_never_replaces_an_input(tmp_path, cremona_logs, cremona_registry):
    log = tmp_path / "rete-edges.csv"
    log.write_bytes(cremona_logs[2].read_bytes())
    before = log.read_bytes()
    result = runner.invoke(app, ["export", str(log), "--actors", str(cremona_registry),
                                 "--format", "csv", "-o", str(tmp_path / "rete.csv")])
    assert result.exit_code == 2, result.output
    assert log.read_bytes() == before
    assert not (tmp_path / "rete-nodes.csv").exists()


# ------------------------------------------------- web readers and the grain
_READ_JS = """
const fs = require("fs");
const Graph = require("graphology");
const gexf = require("graphology-gexf/node");
const g = gexf.parse(Graph, fs.readFileSync(process.argv[2], "utf-8"));
const nodes = {};
g.forEachNode((n, a) => { nodes[n] = a; });
console.log(JSON.stringify({order: g.order, size: g.size, type: g.type, nodes: nodes}));
"""


def _graphology(folder):
    """graphology-gexf (the GEXF reader of Gephi Lite and other web tools) from the
    npm registry, through Node; None where Node, npm or the registry is missing."""
    import shutil
    import subprocess

    if not (shutil.which("node") and shutil.which("npm")):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "node_modules" / "graphology-gexf").exists():
        try:
            subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund",
                            "--prefix", str(folder), "graphology@0.25", "graphology-gexf@0.13"],
                           check=True, timeout=180, capture_output=True)
        except (subprocess.SubprocessError, OSError):
            return None
    script = folder / "read.js"
    script.write_text(_READ_JS, encoding="utf-8")
    return script


def test_static_gexf_is_read_by_a_web_reader(logs, tmp_path, schema, artifacts_dir):
    import subprocess
    import xml.etree.ElementTree as ET

    out = tmp_path / "static.gexf"
    payload = _json(["export", *logs, "--static", "-o", str(out)])
    schema.validate(out)
    root = ET.parse(out).getroot()
    ns = {"g": "http://gexf.net/1.3"}
    graph = root.find("g:graph", ns)
    assert graph.get("mode") == "static" and root.find(".//g:spells", ns) is None
    classes = [b.get("class") for b in graph.findall("g:attributes", ns)]
    assert sorted(classes) == ["edge", "node"]  # one block per class
    dynamic = tmp_path / "dynamic.gexf"
    _json(["export", *logs, "-o", str(dynamic)])
    assert len(ET.parse(dynamic).getroot().find("g:graph", ns).findall("g:attributes", ns)) > 2

    script = _graphology(artifacts_dir / "node")
    if script is None:
        pytest.skip("Node, npm or the npm registry is not available for graphology-gexf")
    read = subprocess.run(["node", str(script), str(out)], capture_output=True, text=True,
                          timeout=60, cwd=script.parent)
    assert read.returncode == 0, read.stderr
    got = json.loads(read.stdout)
    assert (got["order"], got["size"], got["type"]) == (payload["actors"], payload["ties"],
                                                        "undirected")
    ref = export_graph(_network(logs))
    for v, attrs in got["nodes"].items():
        assert attrs["label"] == ref.nodes[v]["label"]
        assert attrs.get("kind") == ref.nodes[v].get("kind")
        assert attrs["months"] == ref.nodes[v]["months"]
    # the dynamic file is what graphology refuses (several blocks per class)
    refused = subprocess.run(["node", str(script), str(dynamic)], capture_output=True,
                             text=True, timeout=60, cwd=script.parent)
    assert refused.returncode != 0


def _network(logs):
    from reterete.ingest import read_contacts

    files = [f for f in logs if not f.startswith("--")]
    return read_contacts(files[:-1], actors=files[-1])


def test_export_grain_follows_the_data_or_freq(tmp_path):
    from reterete.network import Network

    net = Network.from_interactions(pd.DataFrame({
        "date": pd.to_datetime(["2013-12-02 08:10", "2013-12-02 09:30", "2013-12-04 10:00"]),
        "source": ["a", "a", "b"], "target": ["b", "b", "c"]}))
    G = export_graph(net)  # two days and a bit: by day
    assert G.graph["freq"] == "day"
    assert G.edges["a", "b"]["spells"] == [("2013-12-02", "2013-12-02")]
    assert G.nodes["b"]["days"] == "2013-12-02; 2013-12-04"
    assert G.nodes["b"]["spells"] == [("2013-12-02", "2013-12-02"), ("2013-12-04", "2013-12-04")]
    H = export_graph(net, freq="hour")
    assert H.edges["a", "b"]["spells"] == [("2013-12-02T08:00:00", "2013-12-02T09:59:59")]
    assert H.edges["a", "b"]["interactions"] == [
        (1, "2013-12-02T08:00:00", "2013-12-02T08:59:59"),
        (1, "2013-12-02T09:00:00", "2013-12-02T09:59:59")]
    out = write_gexf(H, tmp_path / "h.gexf")
    text = out.read_text(encoding="utf-8")
    assert 'timeformat="dateTime"' in text
    xmlschema.XMLSchema(SCHEMA).validate(out)
    M = export_graph(net, freq="month")
    assert M.nodes["b"]["months"] == "2013-12"
    with pytest.raises(Exception, match="--freq must be one of"):
        export_graph(net, freq="fortnight")


@pytest.mark.parametrize("freq", ["hour", "day", "week", "month", "quarter"])
def test_periods_of_every_actor_and_tie_match_the_period_route(freq):
    """The periods' bounds computed once per period (issue 20: a pandas Period
    per actor and tie was most of a 40,000-actor export) against the route that
    parses each one: period_spells, _by_month, _labels."""
    import numpy as np

    from reterete.export import _by_month, _labels, _monthly, period_spells
    from reterete.network import Network

    rng = np.random.default_rng(7)
    n = 400
    when = pd.Timestamp("2023-12-25") + pd.to_timedelta(rng.integers(0, 24 * 200, n), unit="h")
    people = np.array(list("abcdefgh"))
    src, tgt = rng.choice(people, n), rng.choice(people, n)
    keep = src != tgt
    net = Network.from_interactions(pd.DataFrame({"date": when[keep], "source": src[keep],
                                                  "target": tgt[keep]}))
    G = export_graph(net, freq=freq)
    nodes, edges = _monthly(net.interactions, freq)
    periods = {"hour": "hours", "day": "days", "week": "weeks", "month": "months",
               "quarter": "quarters"}[freq]
    for v, data in G.nodes(data=True):
        assert data["spells"] == period_spells(nodes[v], freq)
        assert data["interactions"] == _by_month(nodes[v], freq)
        assert data[periods] == _labels(nodes[v], freq)
    for u, v, data in G.edges(data=True):
        counts = edges[(u, v) if u <= v else (v, u)]
        assert data["spells"] == period_spells(counts, freq)
        assert data["interactions"] == _by_month(counts, freq)
