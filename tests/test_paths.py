"""Diameter, average path length, reciprocity, two-step reach: equal to networkx's routes.

Independent sources: ``nx.diameter`` and ``nx.average_shortest_path_length``
on the largest connected component, ``nx.reciprocity``, and
``nx.single_source_shortest_path_length(cutoff=2)`` for the reach.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reterete as rr
from reterete.metrics.paths import path_figures, path_figures_of, reach
from reterete.metrics.structure import summary, summary_of_ties


@st.composite
def graphs(draw, directed=False):
    n = draw(st.integers(0, 80))
    m = draw(st.integers(0, 3 * n))
    seed = draw(st.integers(0, 10_000))
    G = nx.gnm_random_graph(n, m, seed=seed, directed=directed)
    return G


def _expected(G):
    U = G.to_undirected() if G.is_directed() else G
    if U.number_of_nodes() == 0:
        return None
    big = max(nx.connected_components(U), key=len)
    if len(big) < 2:
        return None
    H = U.subgraph(big)
    return nx.diameter(H), nx.average_shortest_path_length(H)


def _check_paths(G, got):
    want = _expected(G)
    if want is None:
        assert np.isnan(got["diameter"]) and np.isnan(got["average_path_length"])
        return
    assert got["diameter"] == want[0]
    assert got["average_path_length"] == pytest.approx(want[1])
    assert got["path_exact"]


@settings(max_examples=80, deadline=None)
@given(graphs())
def test_path_figures_equal_networkx(G):
    _check_paths(G, path_figures(G))
    _check_paths(G, summary(G))


@settings(max_examples=40, deadline=None)
@given(graphs(directed=True))
def test_directed_summary_reciprocity_and_paths(G):
    s = summary(G)
    _check_paths(G, s)
    if G.number_of_edges():
        assert s["reciprocity"] == pytest.approx(nx.reciprocity(G))
    else:
        assert np.isnan(s["reciprocity"])


@settings(max_examples=80, deadline=None)
@given(graphs())
def test_reach_equals_networkx(G):
    n = G.number_of_nodes()
    df = reach(G)
    table = rr.metrics.centrality(G, measures=[]) if n else None
    for v in G:
        within = len(nx.single_source_shortest_path_length(G, v, cutoff=2)) - 1
        deg = G.degree(v)
        assert df.loc[v, "reach2"] == pytest.approx(within / (n - 1) if n > 1 else 0.0)
        assert df.loc[v, "reach_efficiency"] == pytest.approx(within / deg if deg else 0.0)
        assert table.loc[v, "reach2"] == df.loc[v, "reach2"]
        assert table.loc[v, "reach_efficiency"] == df.loc[v, "reach_efficiency"]


def test_reach_in_chunks():
    from reterete.metrics._engine import prepare
    from reterete.metrics.paths import reach_of

    G = nx.gnm_random_graph(300, 900, seed=4)
    A = prepare(G).undirected
    whole = reach_of(A)
    chunked = reach_of(A, chunk=7)
    assert np.array_equal(whole[0], chunked[0])


def test_estimate_beyond_the_exact_limit():
    G = nx.connected_watts_strogatz_graph(2000, 6, 0.1, seed=3)
    u, v = (np.array(x) for x in zip(*G.edges(), strict=True))
    exact = path_figures_of(u, v, 2000)
    est = path_figures_of(u, v, 2000, exact_work=0)
    assert exact["path_exact"] and exact["path_sources"] == 2000
    assert not est["path_exact"] and est["path_sources"] == 128
    assert est["diameter"] <= exact["diameter"]
    assert est["average_path_length"] == pytest.approx(exact["average_path_length"], rel=0.05)
    assert exact["average_path_length"] == pytest.approx(nx.average_shortest_path_length(G))


def test_example(cremona_net):
    G = cremona_net.graph()
    _check_paths(G, summary(G))
    s = summary_of_ties(cremona_net.ties(), cremona_net.actors)
    _check_paths(G, s)
    df = rr.metrics.centrality(G)
    for v in list(G)[:20]:
        within = len(nx.single_source_shortest_path_length(G, v, cutoff=2)) - 1
        assert df.loc[v, "reach2"] == pytest.approx(within / (len(G) - 1))
        assert df.loc[v, "reach_efficiency"] == pytest.approx(within / G.degree(v))
