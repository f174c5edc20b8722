"""Key players: values checked by hand and against networkx shortest paths and
components; greedy choices against a textbook greedy over those values."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reterete.errors import InputError
from reterete.metrics.keyplayer import (
    fragmentation,
    kpp_fragmentation,
    kpp_reach,
    kpp_reach_greedy,
)

SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def nx_reach(G, S, T):
    """Borgatti DR with members counting 1, from networkx BFS."""
    total = 0.0
    for t in T:
        d = min((nx.shortest_path_length(G, s, t) for s in S if nx.has_path(G, s, t)),
                default=math.inf)
        total += 1.0 if d == 0 else (0.0 if math.isinf(d) else 1.0 / d)
    return total / len(T)


def nx_fragmentation(G, removed, distance_weighted=False):
    H = G.subgraph([v for v in G if v not in set(removed)])
    n = H.number_of_nodes()
    if n < 2:
        return math.nan
    if distance_weighted:
        s = sum(1.0 / d for u, dist in nx.all_pairs_shortest_path_length(H)
                for v, d in dist.items() if v != u)
        return 1 - s / (n * (n - 1))
    return 1 - sum(len(c) * (len(c) - 1) for c in nx.connected_components(H)) / (n * (n - 1))


@st.composite
def graphs(draw, max_n=9):
    n = draw(st.integers(1, max_n))
    return nx.gnp_random_graph(n, draw(st.floats(0.0, 0.6)), seed=draw(st.integers(0, 9999)))


def test_reach_by_hand():
    G = nx.path_graph(5)
    assert kpp_reach(G, [2]) == pytest.approx((0.5 + 1 + 1 + 1 + 0.5) / 5)
    assert kpp_reach(G, [2], normalization="outside") == pytest.approx(3 / 4)
    assert kpp_reach(G, [2], normalization=None) == pytest.approx(4.0)
    assert kpp_reach(G, [0], targets=[4]) == pytest.approx(1 / 4)
    G.add_node("island")
    assert kpp_reach(G, [0], targets=["island"]) == 0.0


def test_fragmentation_by_hand():
    assert fragmentation(nx.path_graph(5), [2]) == pytest.approx(1 - 4 / 12)
    assert fragmentation(nx.complete_graph(4)) == 0.0
    assert fragmentation(nx.complete_graph(4), distance_weighted=True) == 0.0
    assert fragmentation(nx.star_graph(4), [0]) == 1.0
    assert math.isnan(fragmentation(nx.path_graph(2), [0]))
    # path 0-1-2: 1/d sums to 2 * (1 + 1 + 1/2) = 5 over 6 ordered pairs
    assert fragmentation(nx.path_graph(3), distance_weighted=True) == pytest.approx(1 / 6)


@SETTINGS
@given(graphs(), st.data())
def test_reach_matches_networkx(G, data):
    nodes = list(G)
    S = data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=3, unique=True))
    T = data.draw(st.lists(st.sampled_from(nodes), min_size=1, unique=True))
    assert kpp_reach(G, S, targets=T) == pytest.approx(nx_reach(G, S, T))


@SETTINGS
@given(graphs(), st.data())
def test_fragmentation_matches_networkx(G, data):
    removed = data.draw(st.lists(st.sampled_from(list(G)), max_size=3, unique=True))
    for dw in (False, True):
        got, want = fragmentation(G, removed, distance_weighted=dw), \
            nx_fragmentation(G, removed, dw)
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)


@SETTINGS
@given(graphs(), st.integers(0, 3))
def test_reach_greedy_is_the_textbook_greedy(G, k):
    got = kpp_reach_greedy(G, k)
    chosen = []
    for _ in range(k):
        base = nx_reach(G, chosen, list(G)) if chosen else 0.0
        gains = {c: nx_reach(G, chosen + [c], list(G)) - base for c in G if c not in chosen}
        if not gains:
            break
        best = min(gains, key=lambda c: (-round(gains[c], 9), str(c)))
        if gains[best] <= 1e-12:
            break
        chosen.append(best)
    assert got.index.tolist() == chosen
    if chosen:
        assert got.sum() == pytest.approx(kpp_reach(G, chosen))


@SETTINGS
@given(graphs(max_n=8), st.integers(0, 3))
def test_fragmentation_greedy_is_the_textbook_greedy(G, k):
    got = kpp_fragmentation(G, k)
    removed = []
    for _ in range(min(k, max(len(G) - 2, 0))):
        vals = {c: nx_fragmentation(G, removed + [c]) for c in G if c not in removed}
        best = min(vals, key=lambda c: (-round(vals[c], 9), str(c)))
        removed.append(best)
    assert got.index.tolist() == removed
    if removed:
        assert fragmentation(G) + got.sum() == pytest.approx(fragmentation(G, removed))


def test_barbell_bridge_is_the_key_player():
    G = nx.barbell_graph(4, 1)
    assert kpp_fragmentation(G, 1).index.tolist() == [4]
    # distance-weighted: removing 3 (cutting off a triangle, and leaving 4 hanging
    # off the other clique) leaves sum 1/d = 6 + 12 + 5 = 23 over 56 ordered pairs,
    # less cohesion than removing 4 (two K4: 24 / 56), so 3 wins under DF.
    assert kpp_fragmentation(G, 1, distance_weighted=True).index.tolist() == [3]
    assert fragmentation(G, [3], distance_weighted=True) == pytest.approx(1 - 23 / 56)


def test_errors():
    with pytest.raises(InputError):
        kpp_reach(nx.path_graph(3), ["x"])
    with pytest.raises(InputError):
        kpp_reach(nx.path_graph(3), [0], normalization="n")
    with pytest.raises(InputError):
        kpp_fragmentation(nx.path_graph(3), -1)
