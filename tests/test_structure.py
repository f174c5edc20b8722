"""Whole-network figures: hand-worked cases, networkx routes, invariants."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete.metrics import (
    assortativity,
    components_summary,
    degree_centralization,
    density,
    ei_index,
    ei_index_groups,
    mean_degree,
    summary,
)
from reterete.metrics.structure import SUMMARY_KEYS, _clustering_of, _ties

DESIGN_KEYS = ["actors", "ties", "interactions", "density", "mean_degree", "components",
               "largest_component_share", "degree_centralization", "ei_index"]


def _sectors(G, groups):
    nx.set_node_attributes(G, dict(zip(G, groups, strict=True)), "sector")
    return G


def test_summary_keys_follow_design():
    assert list(SUMMARY_KEYS) == DESIGN_KEYS
    s = summary(nx.path_graph(3))
    assert list(s)[:len(DESIGN_KEYS)] == DESIGN_KEYS


def test_summary_hand_worked():
    # a-b (3 contacts), b-c (1), d isolated; a, b in police, c in school, d none
    G = nx.Graph()
    G.add_edge("a", "b", count=3, weight=3.0)
    G.add_edge("b", "c", count=1, weight=1.0)
    G.add_node("d")
    nx.set_node_attributes(G, {"a": "police", "b": "police", "c": "school"}, "sector")
    s = summary(G)
    assert s["actors"] == 4 and s["ties"] == 2 and s["interactions"] == 4
    assert s["density"] == pytest.approx(2 / 6)
    assert s["valued_density"] == pytest.approx(4 / 6)
    assert s["mean_degree"] == pytest.approx(1.0)
    assert s["components"] == 2 and s["isolates"] == 1
    assert s["largest_component_share"] == pytest.approx(0.75)
    # degrees 1, 2, 1, 0: sum(2 - d) = 1 + 0 + 1 + 2 = 4 over (3 * 2)
    assert s["degree_centralization"] == pytest.approx(4 / 6)
    assert s["ei_index"] == pytest.approx(0.0)  # one tie inside, one across


def test_interactions_default_to_one_per_tie():
    assert summary(nx.path_graph(4))["interactions"] == 3


def test_empty_and_tiny_networks_are_defined():
    s = summary(nx.Graph())
    assert s["actors"] == 0 and s["ties"] == 0 and s["components"] == 0
    for key in ("density", "mean_degree", "largest_component_share",
                "degree_centralization", "ei_index"):
        assert math.isnan(s[key])
    one = nx.Graph()
    one.add_node(1)
    assert math.isnan(summary(one)["density"])
    assert math.isnan(degree_centralization(nx.path_graph(2)))


def test_density_matches_networkx():
    for G in (nx.karate_club_graph(), nx.florentine_families_graph(),
              nx.gnp_random_graph(30, 0.2, seed=1, directed=True)):
        assert density(G) == pytest.approx(nx.density(G))


def test_freeman_centralization_published_extremes():
    # Freeman (1978): a star is maximally centralised, a cycle not at all.
    assert degree_centralization(nx.star_graph(6)) == pytest.approx(1.0)
    assert degree_centralization(nx.cycle_graph(7)) == pytest.approx(0.0)
    # Krackhardt's kite: max degree 6 (Diane), degrees sum 36 over 10 actors
    kite = nx.krackhardt_kite_graph()
    assert degree_centralization(kite) == pytest.approx((60 - 36) / (9 * 8))


def test_mean_degree_and_components():
    G = nx.Graph([(0, 1), (1, 2), (3, 4)])
    G.add_node(5)
    assert mean_degree(G) == pytest.approx(6 / 6)
    c = components_summary(G)
    assert (c["components"], c["largest_component"], c["isolates"]) == (3, 3, 1)
    assert c["largest_component_share"] == pytest.approx(0.5)


def test_ei_index_hand_worked_and_missing_attribute():
    # Triangle a1-a2-b1 plus b1-b2 and c? (no sector): ties a1-a2 (I), a1-b1 (E),
    # a2-b1 (E), b1-b2 (I), b2-x (left out: x has no sector)
    G = nx.Graph([("a1", "a2"), ("a1", "b1"), ("a2", "b1"), ("b1", "b2"), ("b2", "x")])
    nx.set_node_attributes(G, {"a1": "A", "a2": "A", "b1": "B", "b2": "B"}, "sector")
    assert ei_index(G) == pytest.approx((2 - 2) / 4)
    G.nodes["x"]["sector"] = float("nan")  # NaN counts as missing too
    assert ei_index(G) == pytest.approx(0.0)
    groups = ei_index_groups(G)
    assert groups.loc["A", "internal"] == 1 and groups.loc["A", "external"] == 2
    assert groups.loc["A", "ei_index"] == pytest.approx(1 / 3)
    assert groups.loc["B", "internal"] == 1 and groups.loc["B", "external"] == 2
    assert math.isnan(ei_index(nx.Graph([(1, 2)])))  # nobody has a sector


def test_ei_index_weighted():
    G = nx.Graph()
    G.add_edge(1, 2, weight=3)
    G.add_edge(2, 3, weight=1)
    _sectors(G, ["a", "a", "b"])
    assert ei_index(G, weight="weight") == pytest.approx((1 - 3) / 4)


def test_assortativity_matches_networkx():
    G = nx.karate_club_graph()  # "club" attribute: Mr. Hi / Officer
    assert assortativity(G, "club") == pytest.approx(
        nx.attribute_assortativity_coefficient(G, "club"))
    F = nx.florentine_families_graph()
    _sectors(F, [i % 3 for i in range(len(F))])
    assert assortativity(F) == pytest.approx(nx.attribute_assortativity_coefficient(F, "sector"))
    one_group = _sectors(nx.path_graph(3), ["a", "a", "a"])
    assert math.isnan(assortativity(one_group))


def test_does_not_mutate():
    G = nx.MultiGraph([(1, 2), (1, 2), (2, 3)])
    before = sorted(G.edges(keys=True))
    s = summary(G)
    assert s["ties"] == 2 and s["interactions"] == 3
    assert sorted(G.edges(keys=True)) == before


@st.composite
def labelled_graphs(draw, min_n=0, max_n=12):
    n = draw(st.integers(min_n, max_n))
    p = draw(st.floats(0.0, 1.0))
    seed = draw(st.integers(0, 10_000))
    k = draw(st.integers(1, 4))
    G = nx.gnp_random_graph(n, p, seed=seed)
    rng = np.random.default_rng(seed)
    _sectors(G, [f"s{x}" for x in rng.integers(0, k, size=n)])
    return G


@settings(max_examples=100, deadline=None)
@given(labelled_graphs())
def test_figures_stay_in_range(G):
    s = summary(G)
    if G.number_of_nodes() >= 2:
        assert 0.0 <= s["density"] <= 1.0
    if not math.isnan(s["ei_index"]):
        assert -1.0 <= s["ei_index"] <= 1.0
    if G.number_of_nodes() >= 3:
        assert -1e-12 <= s["degree_centralization"] <= 1.0 + 1e-12
    if G.number_of_nodes():
        assert 0.0 < s["largest_component_share"] <= 1.0


@settings(max_examples=60, deadline=None)
@given(labelled_graphs(min_n=2))
def test_ei_extremes(G):
    if G.number_of_edges() == 0:
        return
    inside = G.copy()
    nx.set_node_attributes(inside, "same", "sector")
    assert ei_index(inside) == -1.0
    # a proper colouring puts every tie across groups
    colour = nx.greedy_color(G)
    across = G.copy()
    nx.set_node_attributes(across, colour, "sector")
    assert ei_index(across) == 1.0


@settings(max_examples=60, deadline=None)
@given(labelled_graphs(), st.integers(0, 10_000))
def test_relabelling_does_not_change_figures(G, seed):
    perm = np.random.default_rng(seed).permutation(G.number_of_nodes())
    mapping = {v: f"actor-{perm[i]}" for i, v in enumerate(G)}
    H = nx.relabel_nodes(G, mapping)
    a, b = summary(G), summary(H)
    for key in a:
        assert (math.isnan(a[key]) and math.isnan(b[key])) or a[key] == pytest.approx(b[key])


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 25), st.floats(0.0, 1.0), st.integers(0, 10_000))
def test_summary_clustering_equals_networkx(n, p, seed):
    """The igraph route of average clustering and transitivity (networkx's
    definitions, degree < 2 counting 0) against networkx itself."""
    G = nx.gnp_random_graph(n, p, seed=seed)
    s = _clustering_of(n, _ties(G, "sector", None), G, engine="igraph")
    if n == 0:
        assert math.isnan(s["average_clustering"]) and math.isnan(s["transitivity"])
        return
    assert s["average_clustering"] == pytest.approx(nx.average_clustering(G), abs=1e-12)
    assert s["transitivity"] == pytest.approx(nx.transitivity(G), abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 40), st.floats(0.0, 1.0), st.integers(0, 10_000))
def test_summary_clustering_numpy_route_equals_networkx(n, p, seed):
    """The default route (numpy's triangle list) against networkx itself."""
    G = nx.gnp_random_graph(n, p, seed=seed)
    s = _clustering_of(n, _ties(G, "sector", None), G, engine="numpy")
    if n == 0:
        assert math.isnan(s["average_clustering"]) and math.isnan(s["transitivity"])
        return
    assert s["average_clustering"] == pytest.approx(nx.average_clustering(G), abs=1e-12)
    assert s["transitivity"] == pytest.approx(nx.transitivity(G), abs=1e-12)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 25), st.floats(0.0, 1.0), st.integers(0, 10_000),
       st.booleans())
def test_summary_one_pass_equals_each_function_and_networkx(n, p, seed, directed):
    """summary() takes one pass over the ties; every figure must equal the
    public function (or networkx) that computes it alone."""
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    for u, v in G.edges():
        G[u][v]["count"] = int(rng.integers(1, 5))
        G[u][v]["weight"] = float(rng.random())
    for v in G:
        if rng.random() < 0.8:  # some actors lack a sector
            G.nodes[v]["sector"] = str(rng.choice(["police", "school", "social"]))
    s = summary(G)
    U = G.to_undirected() if directed else G
    expect = {
        "actors": n, "ties": U.number_of_edges(),
        "density": density(U), "mean_degree": mean_degree(U),
        "degree_centralization": degree_centralization(U),
        "ei_index": ei_index(U, "sector"),
        "assortativity": assortativity(U, "sector"),
        "components": nx.number_connected_components(U) if n else 0,
        "isolates": nx.number_of_isolates(U),
    }
    if not directed:  # reciprocal directed ties merge their counts and weights
        expect["interactions"] = sum(c for _, _, c in G.edges(data="count"))
        expect["valued_density"] = density(G, weight="weight")
    for key, value in expect.items():
        got = s[key]
        assert (isinstance(value, float) and math.isnan(value) and math.isnan(got)) or \
            got == pytest.approx(value), key
