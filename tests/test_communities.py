"""Communities (Leiden on modularity): checked against networkx's modularity and Louvain.

Independent sources: ``networkx.community.modularity`` scores every returned
partition; ``networkx.community.louvain_communities`` (best of five seeds) is
the quality floor; the participation coefficient is recomputed by hand from
the networkx graph.
"""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import reterete as rr
from reterete.cli import app
from reterete.metrics.communities import communities, participation_coefficient

runner = CliRunner()


@st.composite
def graphs(draw, max_nodes: int = 30):
    n = draw(st.integers(1, max_nodes))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(len(pairs), 90))
                  if pairs else st.just([]))
    G = nx.Graph()
    G.add_nodes_from(range(n))
    weights = draw(st.lists(st.integers(1, 5), min_size=len(chosen), max_size=len(chosen)))
    G.add_weighted_edges_from((u, v, w) for (u, v), w in zip(chosen, weights, strict=True))
    return G


def _louvain_best(G, weight=None, resolution=1.0):
    return max(nx.community.modularity(
        G, nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=s),
        weight=weight, resolution=resolution) for s in range(5))


def _check(G, found, weight=None, resolution=1.0):
    # every actor in exactly one group
    members = [a for g in found.groups for a in g]
    assert sorted(members) == sorted(G) and len(members) == len(set(members))
    assert set(found.membership.index) == set(G)
    for gid, group in enumerate(found.groups):
        assert all(found.membership[a] == gid for a in group)
    if G.number_of_edges() == 0:
        assert found.modularity != found.modularity  # NaN
        return
    q = nx.community.modularity(G, [set(g) for g in found.groups], weight=weight,
                                resolution=resolution)
    assert found.modularity == pytest.approx(q, abs=1e-9)
    assert found.modularity >= _louvain_best(G, weight, resolution) - 0.01


@settings(max_examples=40, deadline=None)
@given(graphs(), st.integers(0, 10_000), st.sampled_from([0.5, 1.0, 2.0]))
def test_modularity_equals_networkx_and_beats_louvain(G, seed, resolution):
    found = communities(G, seed=seed, resolution=resolution)
    _check(G, found, resolution=resolution)


@settings(max_examples=30, deadline=None)
@given(graphs(), st.integers(0, 10_000))
def test_weighted(G, seed):
    found = communities(G, seed=seed, weight="weight")
    _check(G, found, weight="weight")


@settings(max_examples=30, deadline=None)
@given(graphs(), st.integers(0, 10_000))
def test_same_seed_same_groups(G, seed):
    a, b = communities(G, seed=seed), communities(G, seed=seed)
    assert a.groups == b.groups and a.modularity == b.modularity or (
        a.modularity != a.modularity and a.groups == b.groups)


@settings(max_examples=30, deadline=None)
@given(graphs(), st.integers(0, 10_000))
def test_participation_by_hand(G, seed):
    found = communities(G, seed=seed)
    for v in G:
        k = G.degree(v)
        if k == 0:
            expected = 0.0
        else:
            to = {}
            for u in G[v]:
                to[found.membership[u]] = to.get(found.membership[u], 0) + 1
            expected = 1 - sum((c / k) ** 2 for c in to.values())
        assert found.participation[v] == pytest.approx(expected)
    assert participation_coefficient(G, found.membership).equals(found.participation)


def test_example(cremona_net):
    G = cremona_net.graph()
    found = rr.metrics.communities(G, seed=7)
    _check(G, found)
    again = rr.metrics.communities(G, seed=7)
    assert found.groups == again.groups
    assert 2 <= len(found) < G.number_of_nodes()
    # the description adds up
    assert found.table["size"].sum() == G.number_of_nodes()
    assert found.table["internal_ties"].sum() + found.table["external_ties"].sum() / 2 \
        == G.number_of_edges()
    for gid, row in found.table.iterrows():
        assert sum(row["sectors"].values()) == sum(
            1 for a in found.groups[gid] if G.nodes[a].get("sector") is not None)
        assert row["leaders"] == list(found.groups[gid][:3])
        inside = [sum(1 for u in G[a] if found.membership[u] == gid)
                  for a in found.groups[gid]]
        assert inside == sorted(inside, reverse=True)


def test_weighted_example(cremona_net):
    G = cremona_net.graph()
    _check(G, communities(G, seed=3, weight="weight"), weight="weight")


def test_resolution_changes_the_number_of_groups(cremona_net):
    G = cremona_net.graph()
    counts = [len(communities(G, seed=1, resolution=r)) for r in (0.3, 1.0, 3.0)]
    assert counts[0] <= counts[1] <= counts[2] and counts[0] < counts[2]


def test_directed_graph_read_as_undirected():
    D = nx.DiGraph([(0, 1), (1, 0), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)])
    found = communities(D, seed=1)
    assert sorted(map(sorted, found.groups)) == [[0, 1, 2], [3, 4, 5]]
    U = nx.Graph(D)
    assert found.modularity == pytest.approx(
        nx.community.modularity(U, [set(g) for g in found.groups]))


def test_bad_resolution():
    with pytest.raises(rr.InputError):
        communities(nx.path_graph(3), resolution=0)


def test_empty_and_isolates():
    assert len(communities(nx.Graph())) == 0
    found = communities(nx.empty_graph(3), seed=1)
    assert len(found) == 3 and found.participation.eq(0).all()


def test_does_not_change_the_graph():
    G = nx.barbell_graph(4, 1)
    before = nx.node_link_data(G, edges="edges")
    communities(G, seed=1, weight="weight")
    assert nx.node_link_data(G, edges="edges") == before


def test_cli_json(cremona_logs, cremona_registry):
    args = ["communities", *map(str, cremona_logs), "--actors", str(cremona_registry),
            "--seed", "5", "--json"]
    out = runner.invoke(app, args)
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert {"communities", "modularity", "method"} <= set(data)
    assert data["method"] == "leiden" and data["seed"] == 5
    assert all({"id", "actors", "size"} <= set(g) for g in data["communities"])
    assert [g["id"] for g in data["communities"]] == list(range(len(data["communities"])))
    assert all(g["size"] == len(g["actors"]) for g in data["communities"])
    again = json.loads(runner.invoke(app, args).stdout)
    assert again["communities"] == data["communities"]


def test_cli_table_and_csv(cremona_logs, cremona_registry, tmp_path):
    path = tmp_path / "c.csv"
    out = runner.invoke(app, ["communities", *map(str, cremona_logs), "--actors",
                              str(cremona_registry), "--seed", "5", "--csv", str(path),
                              "--resolution", "1.5", "--lang", "it"])
    assert out.exit_code == 0, out.output
    assert "modularità" in out.output and "risoluzione 1,5" in out.output
    head = path.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    # the file a person opens says its columns in Italian and numbers groups
    # from 1, as the terminal, the report and the page do (JSON keeps id 0)
    assert head == ["id", "nome", "tipo", "settore", "gruppo", "partecipazione"], head
    table = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    data = json.loads(runner.invoke(app, ["communities", *map(str, cremona_logs), "--actors",
                                          str(cremona_registry), "--seed", "5", "--resolution",
                                          "1.5", "--json"]).output)
    want = {a: g["id"] + 1 for g in data["communities"] for a in g["ids"]}
    assert dict(zip(table["id"], table["gruppo"], strict=True)) == want
    assert table["gruppo"].min() == 1
    terminal_groups = [line.split("│")[1].strip() for line in out.output.splitlines()
                       if line.count("│") > 3 and line.split("│")[1].strip().isdigit()]
    assert terminal_groups[0] == "1"


def test_cli_bad_resolution(cremona_logs):
    out = runner.invoke(app, ["communities", *map(str, cremona_logs), "--resolution", "-1"])
    assert out.exit_code == 2


def test_docs_table_by_resolution_is_what_the_code_makes():
    # docs/howto/communities*.md include these tables: they must be made by running
    # the code (examples/cremona/communities_table.py), never typed or left stale
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "examples" / "cremona" / "communities_table.py"
    spec = importlib.util.spec_from_file_location("communities_table", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for lang, path in module.paths().items():
        assert path.read_text(encoding="utf-8") == module.table(lang), (
            f"{path.name} is stale: run python {script.relative_to(script.parents[2])}")
        page = script.parents[2] / "docs" / "howto" / (
            "communities.md" if lang == "en" else "communities.it.md")
        assert f'--8<-- "examples/cremona/{path.name}"' in page.read_text(encoding="utf-8")


def test_cli_imports_igraph_without_its_plotting(cremona_logs):
    # like viz and report, the command hides matplotlib from igraph's import (0.45 s
    # of CPU for plotting nothing): run in a fresh process to see what it imports
    import subprocess
    import sys

    pytest.importorskip("matplotlib")
    code = ("import sys; from typer.testing import CliRunner; from reterete.cli import app; "
            "r = CliRunner().invoke(app, ['communities', *sys.argv[1:], '--seed', '1', "
            "'--json']); assert r.exit_code == 0, r.output; "
            "print('igraph' in sys.modules, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, *map(str, cremona_logs)],
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


@settings(max_examples=40, deadline=None)
@given(graphs(max_nodes=25), st.integers(0, 1000), st.data())
def test_group_descriptions_equal_a_plain_count(G, seed, data):
    # kinds, sectors and sites of each group (vectorised in one count over all actors)
    # against collections.Counter over the members, most frequent first, ties by str
    from collections import Counter

    values = st.one_of(st.none(), st.sampled_from(["police", "school", "Bar", 3, "bar"]))
    for v in G:
        G.nodes[v]["kind"] = data.draw(values)
        G.nodes[v]["sector"] = data.draw(values)
        G.nodes[v]["sites"] = data.draw(st.one_of(
            st.none(), st.sampled_from(["Roma", "Marconi"]),
            st.lists(st.sampled_from(["Roma", "Marconi", "Orti"]), max_size=3)))
    found = communities(G, seed=seed)

    def plain(items):
        counts = Counter(x for x in items if x is not None)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))

    def sites(value):
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)

    for gid, row in found.table.iterrows():
        members = found.groups[gid]
        assert row["kinds"] == plain(G.nodes[a]["kind"] for a in members)
        assert list(row["kinds"]) == list(plain(G.nodes[a]["kind"] for a in members))
        assert row["sectors"] == plain(G.nodes[a]["sector"] for a in members)
        assert row["sites"] == plain(s for a in members for s in sites(G.nodes[a]["sites"]))
        # members: the most tied inside first, ties by str (a plain sort)
        inside = {a: sum(1 for u in G[a] if u != a and found.membership[u] == gid)
                  for a in members}
        assert list(members) == sorted(members, key=lambda a: (-inside[a], str(a)))
