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
        assert data["sites"] == "; ".join(actor["sites"])
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
    assert list(nodes.columns[:2]) == ["Id", "Label"]
    assert list(edges.columns[:7]) == ["Source", "Target", "From", "To", "Type", "Direction",
                                       "Weight"]
    assert set(nodes["Id"]) == set(G.nodes)
    assert dict(zip(nodes["Id"], nodes["Label"], strict=True)) == dict(G.nodes(data="label"))
    label = dict(G.nodes(data="label"))
    assert {frozenset(p) for p in zip(edges["Source"], edges["Target"], strict=True)} == \
        {frozenset(e) for e in G.edges}
    assert (edges["From"] == edges["Source"].map(label)).all()
    assert (edges["To"] == edges["Target"].map(label)).all()
    assert set(edges["Type"]) == {"Undirected"}
    weights = {frozenset((s, t)): w for s, t, w in zip(edges["Source"], edges["Target"],
                                                        edges["Weight"], strict=True)}
    assert weights == {frozenset((u, v)): d["weight"] for u, v, d in G.edges(data=True)}
    assert nodes.set_index("Id")["pagerank"].to_dict() == pytest.approx(
        dict(G.nodes(data="pagerank")))


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
