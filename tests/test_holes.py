"""Burt's constraint and effective size: by hand and against networkx."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete.errors import InputError
from reterete.metrics import constraint, effective_size


def _weighted():
    G = nx.Graph()
    G.add_weighted_edges_from([(0, 1, 1), (0, 2, 3), (1, 2, 2), (2, 3, 5), (3, 4, 1)])
    return G


def test_weighted_effective_size_by_hand():
    # Hand computation (Burt 1992): node 0 has p01 = 1/4, p02 = 3/4;
    # node 1's strongest tie is to 2 (m12 = 1), node 2's to 3 (m21 = 2/5).
    # e0 = (1 - 3/4 * 1) + (1 - 1/4 * 2/5) = 0.25 + 0.9 = 1.15
    # node 2: p20 = .3, p21 = .2, p23 = .5;
    # e2 = (1 - .2 * 1/3) + (1 - .3 * 1/2) + 1 = 2.78333...
    es = effective_size(_weighted(), weight="weight")
    assert es[0] == pytest.approx(1.15)
    assert es[2] == pytest.approx(1 - 0.2 / 3 + 1 - 0.15 + 1)
    assert es[3] == pytest.approx(2.0) and es[4] == pytest.approx(1.0)


def test_weighted_constraint_by_hand():
    # node 3: p32 = 5/6, p34 = 1/6, no indirect paths: (5/6)^2 + (1/6)^2
    c = constraint(_weighted(), weight="weight")
    assert c[3] == pytest.approx(26 / 36)
    assert c[4] == pytest.approx(1.0)


def test_networkx_allnodes_weighted_route_is_the_trap():
    # Documented reason for computing it ourselves: networkx 3.6 all-nodes
    # weighted effective_size disagrees with its own per-node route.
    G = _weighted()
    ours = effective_size(G, weight="weight")
    per_node = nx.effective_size(G, nodes=list(G), weight="weight")
    np.testing.assert_allclose(ours.to_numpy(), [per_node[v] for v in G])


@pytest.mark.parametrize("name", ["karate", "florentine", "kite", "random"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("engine", ["igraph", "networkx"])
def test_matches_networkx(name, weighted, engine):
    G = {"karate": nx.karate_club_graph(), "florentine": nx.florentine_families_graph(),
         "kite": nx.krackhardt_kite_graph(),
         "random": nx.gnp_random_graph(25, 0.15, seed=4, directed=True)}[name]
    w = None
    if weighted:
        rng = np.random.default_rng(1)
        G = G.copy()
        for u, v in G.edges():
            G[u][v]["w"] = float(rng.integers(1, 6))
        w = "w"
    c_ref = nx.constraint(G, nodes=list(G), weight=w)
    e_ref = nx.effective_size(G, nodes=list(G), weight=w)
    c, e = constraint(G, weight=w, engine=engine), effective_size(G, weight=w)
    np.testing.assert_allclose(c.to_numpy(), [c_ref[v] for v in G], equal_nan=True)
    np.testing.assert_allclose(e.to_numpy(), [e_ref[v] for v in G], equal_nan=True)


def test_borgatti_formula_unweighted():
    # Borgatti (1997): effective size = n - 2t/n on unweighted undirected graphs
    G = nx.karate_club_graph()
    es = effective_size(G)
    for v in G:
        ego = nx.ego_graph(G, v, center=False)
        n, t = len(ego), ego.number_of_edges()
        assert es[v] == pytest.approx(n - 2 * t / n)


def test_nodes_subset_isolates_and_errors():
    G = nx.path_graph(4)
    G.add_node("alone")
    c = constraint(G, nodes=[2, "alone"])
    assert list(c.index) == [2, "alone"] and math.isnan(c["alone"])
    assert c[2] == pytest.approx(constraint(G)[2])
    assert math.isnan(effective_size(G)["alone"])
    with pytest.raises(InputError, match="not in the network"):
        constraint(G, nodes=["ghost"])
    assert constraint(nx.Graph()).empty
    for engine in ("igraph", "networkx"):
        c = constraint(G, nodes=[2, "alone"], engine=engine)
        assert list(c.index) == [2, "alone"] and math.isnan(c["alone"])
        assert constraint(nx.Graph(), engine=engine).empty


@settings(max_examples=80, deadline=None)
@given(st.integers(2, 12), st.floats(0.1, 1.0), st.integers(0, 10_000))
def test_ranges_and_relabelling(n, p, seed):
    G = nx.gnp_random_graph(n, p, seed=seed)
    c, e = constraint(G), effective_size(G)
    deg = dict(G.degree())
    for v in G:
        if deg[v]:
            assert c[v] > 0  # may exceed 1: a triangle gives 2 * (1/2 + 1/4)^2 = 1.125
            assert 1.0 - 1e-12 <= e[v] <= deg[v] + 1e-12
    H = nx.relabel_nodes(G, {v: f"x{v}" for v in G})
    np.testing.assert_allclose(constraint(H).to_numpy(), c.to_numpy(), equal_nan=True)
    np.testing.assert_allclose(effective_size(H).to_numpy(), e.to_numpy(), equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 30), st.floats(0.05, 0.6), st.integers(0, 10_000), st.booleans(),
       st.booleans())
def test_engines_agree(n, p, seed, directed, weighted):
    # igraph's constraint on the cached igraph form against the sparse-product route
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    rng = np.random.default_rng(seed)
    for u, v in G.edges():
        G[u][v]["w"] = float(rng.integers(1, 9)) / 2
    w = "w" if weighted else None
    a = constraint(G, weight=w, engine="igraph")
    b = constraint(G, weight=w, engine="networkx")
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-9, equal_nan=True)
    assert list(a.index) == list(b.index) == list(G)
