"""Centrality table: checked against networkx, igraph and published values."""

from __future__ import annotations

from fractions import Fraction

import igraph as ig
import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete.errors import InputError
from reterete.metrics import centrality
from reterete.metrics._engine import prepare
from reterete.metrics.centrality import DENSE_EIGEN_BELOW, eigenvector

ENGINES = ["networkx", "igraph"]


def _weighted_random(n=40, p=0.08, seed=1, directed=False):
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    rng = np.random.default_rng(seed)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.uniform(0.5, 6.0))  # continuous: no tied paths
    return G


def _with_distance(G):
    H = G.copy()
    for _, _, d in H.edges(data=True):
        # exact distances, so equal-length paths tie as they do in igraph
        d["distance"] = 1 / Fraction(d.get("weight", 1))
    return H


def _named_graphs():
    return {
        "karate": nx.karate_club_graph(),
        "florentine": nx.florentine_families_graph(),
        "kite": nx.krackhardt_kite_graph(),
        "random": _weighted_random(),
        "random_disconnected": _weighted_random(30, 0.05, seed=7),
        "directed": _weighted_random(30, 0.1, seed=3, directed=True),
    }


def _vals(d, G):
    return np.array([d[v] for v in G], dtype=float)


def _has_weights(G) -> bool:
    return all("weight" in d for _, _, d in G.edges(data=True))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "weighted"), [
    (name, weighted) for name, G in _named_graphs().items()
    for weighted in (False, True) if not weighted or _has_weights(G)])
def test_matches_networkx(engine, name, weighted):
    # Independent route: networkx's own functions, with distance = 1 / strength
    G = _named_graphs()[name]
    w = "weight" if weighted else None
    dist = "distance" if weighted else None
    H = _with_distance(G)
    df = centrality(G, weight=w, engine=engine)
    assert list(df.index) == list(G)
    np.testing.assert_allclose(df["degree"], _vals(nx.degree_centrality(G), G))
    np.testing.assert_allclose(df["betweenness"],
                               _vals(nx.betweenness_centrality(H, weight=dist), G), atol=1e-12)
    np.testing.assert_allclose(df["closeness"],
                               _vals(nx.closeness_centrality(H, distance=dist), G), atol=1e-12)
    np.testing.assert_allclose(df["harmonic"],
                               _vals(nx.harmonic_centrality(H, distance=dist), G), atol=1e-9)
    pagerank = nx.pagerank(G, weight=w, tol=1e-13, max_iter=10000)
    np.testing.assert_allclose(df["pagerank"], _vals(pagerank, G), atol=1e-8)
    if nx.is_connected(G.to_undirected()) or G.is_directed():
        ev = nx.eigenvector_centrality(G, weight=w, tol=1e-13, max_iter=100000)
        np.testing.assert_allclose(df["eigenvector"], _vals(ev, G), atol=1e-6)
    assert df.attrs["engine"] == engine and df.attrs["betweenness"] == "exact"


@pytest.mark.parametrize("name", ["karate", "florentine", "random"])
def test_matches_igraph_directly(name):
    # Independent route: igraph computed here without our engine module
    G = _named_graphs()[name]
    nodes = list(G)
    idx = {v: i for i, v in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(idx[u], idx[v]) for u, v in G.edges()])
    n = len(nodes)
    df = centrality(G, engine="networkx")
    np.testing.assert_allclose(df["betweenness"],
                               np.array(g.betweenness()) * 2 / ((n - 1) * (n - 2)), atol=1e-12)
    if nx.is_connected(G):
        np.testing.assert_allclose(df["closeness"], g.closeness(normalized=True), atol=1e-12)
        ev = np.array(g.eigenvector_centrality(scale=True))
        np.testing.assert_allclose(df["eigenvector"], ev / np.linalg.norm(ev), atol=1e-8)
    np.testing.assert_allclose(df["pagerank"], g.pagerank(), atol=1e-8)
    np.testing.assert_allclose(df["harmonic"], g.harmonic_centrality(normalized=False))


@pytest.mark.parametrize("engine", ENGINES)
def test_krackhardt_kite_published_values(engine):
    # Krackhardt (1990), "Assessing the political landscape": Diane has most ties
    # (6), Heather the highest betweenness (14 pairs), Fernando and Garth the
    # highest closeness (9/14).
    df = centrality(nx.krackhardt_kite_graph(), engine=engine)
    raw_between = df["betweenness"] * (9 * 8 / 2)
    assert df["ties"].idxmax() == 3 and df["ties"].max() == 6
    assert raw_between.idxmax() == 7
    assert raw_between[7] == pytest.approx(14.0)
    assert raw_between[5] == pytest.approx(25 / 3)
    assert raw_between[8] == pytest.approx(8.0)
    assert df.loc[5, "closeness"] == pytest.approx(9 / 14)
    assert df.loc[6, "closeness"] == pytest.approx(9 / 14)
    assert df.loc[9, "closeness"] == pytest.approx(9 / 29)


@pytest.mark.parametrize("engine", ENGINES)
def test_florentine_medici_published(engine):
    # Padgett's Florentine marriages (Wasserman & Faust 1994): the Medici have
    # degree 6 and betweenness 47.5 pairs (0.522 normalised); Pucci is isolated.
    df = centrality(nx.florentine_families_graph(), engine=engine)
    assert df.loc["Medici", "ties"] == 6
    assert df.loc["Medici", "betweenness"] == pytest.approx(47.5 / 91)
    assert df["betweenness"].idxmax() == "Medici"


@pytest.mark.parametrize("engine", ENGINES)
def test_strength_shortens_paths(engine):
    # Hand-worked: square a-b-c-d; a-b and b-c are strong (10), a-d and d-c weak (1).
    G = nx.Graph()
    G.add_edge("a", "b", weight=10)
    G.add_edge("b", "c", weight=10)
    G.add_edge("a", "d", weight=1)
    G.add_edge("d", "c", weight=1)
    binary = centrality(G, engine=engine)
    valued = centrality(G, weight="weight", engine=engine)
    # binary: a-c has two shortest paths, b and d each broker half of it: 0.5 / 3
    assert binary.loc["b", "betweenness"] == pytest.approx(0.5 / 3)
    assert binary.loc["d", "betweenness"] == pytest.approx(0.5 / 3)
    # valued: a-c goes through the strong ties only (0.2 < 2), b-d through a or c
    assert valued.loc["b", "betweenness"] == pytest.approx(1 / 3)
    assert valued.loc["d", "betweenness"] == 0.0
    assert valued.loc["b", "strength"] == 20 and binary.loc["b", "strength"] == 20


@pytest.mark.parametrize("engine", ENGINES)
def test_equal_weighted_paths_tie_exactly(engine):
    # Hand-worked: a-b-c has length 1/2 + 1/6 = 2/3, a-d-c has 1/3 + 1/3 = 2/3.
    # In floats these differ in the last bit; both engines must see a tie.
    G = nx.Graph()
    G.add_edge("a", "b", weight=2)
    G.add_edge("b", "c", weight=6)
    G.add_edge("a", "d", weight=3)
    G.add_edge("d", "c", weight=3)
    df = centrality(G, weight="weight", engine=engine)
    # pairs: a-c through b or d (1/2 each); b-d: via a (1/2+1/3) vs via c (1/6+1/3): c
    assert df.loc["b", "betweenness"] == pytest.approx(0.5 / 3)
    assert df.loc["d", "betweenness"] == pytest.approx(0.5 / 3)
    assert df.loc["c", "betweenness"] == pytest.approx(1 / 3)


@pytest.mark.parametrize("engine", ENGINES)
def test_small_and_degenerate_graphs(engine):
    empty = centrality(nx.Graph(), engine=engine)
    assert empty.empty and "pagerank" in empty.columns
    one = nx.Graph()
    one.add_node("solo")
    df = centrality(one, engine=engine)
    assert df.loc["solo", "degree"] == 1.0  # as nx.degree_centrality
    assert df.loc["solo", "closeness"] == 0.0 and df.loc["solo", "betweenness"] == 0.0
    assert df.loc["solo", "eigenvector"] == pytest.approx(1.0)
    two = centrality(nx.Graph([("x", "y")]), engine=engine)
    assert two["closeness"].tolist() == [1.0, 1.0]
    assert two["eigenvector"].round(12).tolist() == [round(2 ** -0.5, 12)] * 2
    edgeless = nx.empty_graph(4)
    df = centrality(edgeless, engine=engine)
    assert (df[["betweenness", "closeness", "harmonic"]] == 0).all().all()
    np.testing.assert_allclose(df["eigenvector"], 0.5)
    np.testing.assert_allclose(df["pagerank"], 0.25)


def test_disconnected_eigenvector_follows_power_iteration():
    # Two components, the larger one dominant: networkx's power iteration
    # converges; our per-component answer must agree (0 on the small one).
    G = nx.disjoint_union(nx.complete_graph(5), nx.path_graph(3))
    G.add_node(99)
    ev = eigenvector(G)
    ref = nx.eigenvector_centrality(G, tol=1e-14, max_iter=100000)
    np.testing.assert_allclose(ev, _vals(ref, G), atol=1e-7)
    # Equal components: defined (projection of ones), and equal on both
    two = nx.disjoint_union(nx.cycle_graph(4), nx.cycle_graph(4))
    np.testing.assert_allclose(eigenvector(two), np.full(8, 8 ** -0.5))


def test_bipartite_star_eigenvector_does_not_oscillate():
    # A star is bipartite (eigenvalues +-2): the Perron vector is still defined.
    ev = eigenvector(nx.star_graph(4))
    assert ev[0] == pytest.approx(2 ** -0.5)
    np.testing.assert_allclose(ev[1:], np.full(4, 2 ** -0.5 / 2))


def test_kind_and_sector_alongside():
    G = nx.Graph([("a", "b")])
    G.nodes["a"].update(kind="police", sector="safety")
    df = centrality(G)
    assert df.loc["a", "kind"] == "police" and df.loc["a", "sector"] == "safety"
    assert df.loc["b", "kind"] is None and df.loc["b", "sector"] is None


def test_bad_weights_are_plain_errors():
    G = nx.Graph([("a", "b", {"weight": 0})])
    with pytest.raises(InputError, match="positive"):
        centrality(G, weight="weight")
    G = nx.Graph([("a", "b", {"weight": "lots"})])
    with pytest.raises(InputError, match="numbers"):
        centrality(G, weight="weight")
    with pytest.raises(InputError, match="engine"):
        centrality(nx.path_graph(3), engine="gephi")


def test_does_not_mutate_graph():
    G = _weighted_random()
    before = nx.node_link_data(G, edges="edges")
    centrality(G, weight="weight")
    assert nx.node_link_data(G, edges="edges") == before


def test_multigraph_ties_and_strength():
    M = nx.MultiGraph()
    M.add_edge("a", "b", weight=2)
    M.add_edge("a", "b", weight=3)
    M.add_edge("b", "c", weight=1)
    df = centrality(M, weight="weight")
    assert df.loc["a", "ties"] == 1 and df.loc["a", "strength"] == 5
    assert prepare(M, "weight").W[[0], [1]][0] == 5


@pytest.mark.parametrize("engine", ENGINES)
def test_sampled_betweenness_is_seeded_and_labelled(engine):
    G = nx.karate_club_graph()
    a = centrality(G, k=10, seed=42, engine=engine)
    b = centrality(G, k=10, seed=42, engine=engine)
    assert a.attrs["betweenness"] == "sampled k=10"
    np.testing.assert_array_equal(a["betweenness"], b["betweenness"])
    other = centrality(G, k=10, seed=42, engine="igraph" if engine == "networkx" else "networkx")
    np.testing.assert_allclose(a["betweenness"], other["betweenness"])
    full = centrality(G, k=len(G), engine=engine)
    assert full.attrs["betweenness"] == "exact"


def test_sampled_betweenness_is_unbiased_on_average():
    # Averaging estimates over seeds approaches the exact value (loose bound, no timing).
    G = nx.karate_club_graph()
    exact = centrality(G)["betweenness"].to_numpy()
    mean = np.mean([centrality(G, k=17, seed=s)["betweenness"].to_numpy() for s in range(40)],
                   axis=0)
    assert np.abs(mean - exact).max() < 0.05


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 12), p=st.floats(0.1, 0.9), seed=st.integers(0, 10_000),
       perm_seed=st.integers(0, 10_000))
def test_relabelling_and_order_do_not_matter(n, p, seed, perm_seed):
    G = nx.gnp_random_graph(n, p, seed=seed)
    rng = np.random.default_rng(perm_seed)
    order = rng.permutation(n)
    H = nx.Graph()
    H.add_nodes_from(f"actor {i}" for i in order)
    H.add_edges_from((f"actor {u}", f"actor {v}") for u, v in G.edges())
    a = centrality(G, engine="igraph")
    b = centrality(H, engine="networkx")
    b = b.loc[[f"actor {i}" for i in G]]
    cols = ["degree", "betweenness", "closeness", "harmonic", "eigenvector", "pagerank"]
    np.testing.assert_allclose(a[cols].to_numpy(float), b[cols].to_numpy(float), atol=1e-7)


def test_networkx_fallback_without_igraph(monkeypatch):
    import sys

    from reterete.metrics import _engine

    monkeypatch.setitem(sys.modules, "igraph", None)  # import igraph -> ImportError
    assert _engine.choose_engine("auto") == "networkx"
    with pytest.raises(InputError, match="pip install python-igraph"):
        _engine.choose_engine("igraph")
    df = centrality(nx.karate_club_graph())
    assert df.attrs["engine"] == "networkx"


def test_sampled_sources_on_request():
    # the older estimate from k sampled sources stays available, and says so
    G = nx.karate_club_graph()
    df = centrality(G, k=10, seed=1)
    assert df.attrs["betweenness"] == "sampled k=10" and df.attrs["precision"] == "sampled"
    assert centrality(G, exact=True).attrs["betweenness"] == "exact"


@pytest.mark.parametrize("engine", ENGINES)
def test_float_strengths_tie_as_in_igraph(engine):
    # Hand-worked: s-x-t has length 1/0.2 + 1/0.6 = 20/3, s-y-t has 1/0.3 + 1/0.3
    # = 20/3. As floats (and as exact sums of the floats) the two differ in the
    # last bit; igraph compares with a tolerance and sees a tie, so must networkx.
    def length(*w):
        return sum(1 / Fraction(x) for x in w)

    G = nx.Graph()
    G.add_edge("s", "x", weight=0.2)
    G.add_edge("x", "t", weight=0.6)
    G.add_edge("s", "y", weight=0.3)
    G.add_edge("y", "t", weight=0.3)
    assert length(0.2, 0.6) != length(0.3, 0.3)
    df = centrality(G, weight="weight", engine=engine)
    # pairs: s-t through x or y (1/2 each); x-y via t (1/0.6 + 1/0.3 = 5) not s
    # (1/0.2 + 1/0.3 = 8.3); the rest are direct. Normalised by 2 / ((n-1)(n-2)).
    assert df.loc["x", "betweenness"] == pytest.approx(0.5 / 3)
    assert df.loc["y", "betweenness"] == pytest.approx(0.5 / 3)
    assert df.loc["t", "betweenness"] == pytest.approx(1 / 3)
    assert df.loc["s", "betweenness"] == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_weighted_edgeless_graph(engine):
    # Regression: weight= on a graph with nodes and no ties raised
    # "zero-size array" in the networkx engine.
    df = centrality(nx.empty_graph(3), weight="weight", engine=engine)
    assert (df[["ties", "betweenness", "closeness", "harmonic"]] == 0).all().all()


def test_ties_on_directed_graph_are_sent_plus_received():
    # Hand count: a->b, b->a (reciprocated), a->c. a sends 2 and receives 1.
    G = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c")])
    df = centrality(G)
    assert df["ties"].to_dict() == dict(G.degree()) == {"a": 3, "b": 2, "c": 1}
    np.testing.assert_allclose(df["degree"], _vals(nx.degree_centrality(G), G))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([0.1, 0.2, 0.3, 0.6, 1.5, 2.5]))
def test_engines_agree_on_decimal_strengths(seed, base):
    # Decimal strengths make many equal-length paths whose float sums differ
    # in the last bit: both engines must count the same shortest paths.
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(12, 0.35, seed=seed)
    for u, v in G.edges():
        G[u][v]["weight"] = base * float(rng.choice([1, 2, 3, 6]))
    a = centrality(G, weight="weight", engine="networkx")
    b = centrality(G, weight="weight", engine="igraph")
    np.testing.assert_allclose(a["betweenness"], b["betweenness"], atol=1e-12)
    np.testing.assert_allclose(a["closeness"], b["closeness"], atol=1e-12)


@pytest.mark.parametrize("n", [DENSE_EIGEN_BELOW - 1, DENSE_EIGEN_BELOW, 3 * DENSE_EIGEN_BELOW])
@pytest.mark.parametrize("shape", ["random", "star"])
def test_eigenvector_both_sides_of_the_dense_switch(n, shape):
    # dense eigh below the switch, ARPACK above: both equal networkx's power iteration
    if shape == "star":  # bipartite: eigenvalues +-lambda, ARPACK must take +lambda
        G = nx.star_graph(n - 1)
    else:
        G = nx.connected_watts_strogatz_graph(n, 6, 0.3, seed=n)
    ref = nx.eigenvector_centrality_numpy(G)
    np.testing.assert_allclose(eigenvector(G).to_numpy(), _vals(ref, G), atol=1e-8)
