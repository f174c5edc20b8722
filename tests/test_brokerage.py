"""Gould-Fernandez brokerage: hand-worked roles, a plain loop, invariants."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete.metrics import brokerage
from reterete.metrics.brokerage import ROLES


def _loop(G, attr="sector"):
    """Reference: every ordered open two-path i -> j -> k, classified by hand."""
    D = G if G.is_directed() else G.to_directed()
    group = dict(G.nodes(data=attr))
    counts = {v: dict.fromkeys((*ROLES, "total"), 0) for v in G}
    for j in D:
        for i in D.predecessors(j):
            for k in D.successors(j):
                if i == k or i == j or k == j or D.has_edge(i, k):
                    continue
                gi, gj, gk = group.get(i), group.get(j), group.get(k)
                if gi is None or gk is None:
                    continue
                counts[j]["total"] += 1
                if gj is None:
                    continue
                if gi == gj == gk:
                    role = "coordinator"
                elif gi == gk:
                    role = "itinerant"
                elif gi == gj:
                    role = "representative"
                elif gj == gk:
                    role = "gatekeeper"
                else:
                    role = "liaison"
                counts[j][role] += 1
    return counts


def _digraph(edges, groups):
    G = nx.DiGraph(edges)
    nx.set_node_attributes(G, groups, "sector")
    return G


@pytest.mark.parametrize(("role", "edges", "groups", "broker"), [
    ("coordinator", [("a1", "a2"), ("a2", "a3")], {"a1": "A", "a2": "A", "a3": "A"}, "a2"),
    ("itinerant", [("a1", "b"), ("b", "a2")], {"a1": "A", "b": "B", "a2": "A"}, "b"),
    ("representative", [("a1", "a2"), ("a2", "b")], {"a1": "A", "a2": "A", "b": "B"}, "a2"),
    ("gatekeeper", [("a", "b1"), ("b1", "b2")], {"a": "A", "b1": "B", "b2": "B"}, "b1"),
    ("liaison", [("a", "b"), ("b", "c")], {"a": "A", "b": "B", "c": "C"}, "b"),
])
def test_each_role_hand_worked(role, edges, groups, broker):
    # sna's definitions (Butts, sna manual, brokerage): gatekeeper A->B->B,
    # representative A->A->B (the broker shares the *source's* group).
    df = brokerage(_digraph(edges, groups))
    row = df.loc[broker]
    assert row[role] == 1 and row["total"] == 1
    assert sum(int(row[r]) for r in ROLES) == 1
    others = df.drop(index=broker)
    assert (others["total"] == 0).all()


def test_closed_and_returning_paths_are_not_brokered():
    G = _digraph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "b")], {"a": 1, "b": 1, "c": 1})
    # a->b->c closed by a->c; b->c->b returns; a->c->b closed by a->b
    assert (brokerage(G)["total"] == 0).all()


def test_undirected_counts_each_path_both_ways():
    G = nx.path_graph(["s", "e", "p"])
    nx.set_node_attributes(G, {"s": "edu", "e": "edu", "p": "police"}, "sector")
    row = brokerage(G).loc["e"]
    # s-e-p is s->e->p (representative) and p->e->s (gatekeeper)
    assert (row["representative"], row["gatekeeper"], row["total"]) == (1, 1, 2)
    star = nx.star_graph(3)  # centre 0, leaves 1, 2, 3: 3*2 ordered pairs
    nx.set_node_attributes(star, {0: "x", 1: "x", 2: "x", 3: "x"}, "sector")
    assert brokerage(star).loc[0, "coordinator"] == 6


def test_missing_attribute():
    G = nx.path_graph(["a", "b", "c", "d"])
    nx.set_node_attributes(G, {"a": "A", "b": "A", "d": "B"}, "sector")
    df = brokerage(G)
    # c has no sector: its paths b->c->d and d->c->b count in total only
    assert pd.isna(df.loc["c", "coordinator"]) and df.loc["c", "total"] == 2
    # b brokers a<->c, but c lacks the attribute: not counted
    assert df.loc["b", "total"] == 0
    assert df.dtypes.unique().tolist() == [pd.Int64Dtype()]


def test_empty_and_edgeless():
    assert brokerage(nx.Graph()).empty
    df = brokerage(nx.empty_graph(3))
    assert (df["total"] == 0).all() and list(df.columns) == [*ROLES, "total"]


def test_florentine_against_loop():
    F = nx.florentine_families_graph()
    rng = np.random.default_rng(5)
    nx.set_node_attributes(F, {v: f"g{rng.integers(0, 3)}" for v in F}, "sector")
    df = brokerage(F)
    ref = _loop(F)
    for v in F:
        assert df.loc[v].astype(int).to_dict() == ref[v]


@st.composite
def graphs(draw):
    n = draw(st.integers(0, 10))
    p = draw(st.floats(0.0, 1.0))
    seed = draw(st.integers(0, 10_000))
    directed = draw(st.booleans())
    k = draw(st.integers(1, 4))
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    rng = np.random.default_rng(seed)
    nx.set_node_attributes(G, {v: int(rng.integers(0, k)) for v in G}, "sector")
    return G


def _open_two_paths(G):
    D = G if G.is_directed() else G.to_directed()
    return sum(1 for j in D for i in D.predecessors(j) for k in D.successors(j)
               if i != k and not D.has_edge(i, k))


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_matches_plain_loop_and_roles_add_up(G):
    df = brokerage(G)
    ref = _loop(G)
    for v in G:
        assert df.loc[v].astype(int).to_dict() == ref[v]
    assert int(df[list(ROLES)].sum(axis=1).sum()) == _open_two_paths(G)
    assert (df[list(ROLES)].sum(axis=1) == df["total"]).all()


@settings(max_examples=60, deadline=None)
@given(graphs(), st.integers(0, 10_000))
def test_relabelling_does_not_change_roles(G, seed):
    perm = np.random.default_rng(seed).permutation(G.number_of_nodes())
    mapping = {v: f"actor {perm[i]}" for i, v in enumerate(G)}
    H = nx.relabel_nodes(G, mapping)
    a = brokerage(G).rename(index=mapping)
    b = brokerage(H).loc[a.index]
    pd.testing.assert_frame_equal(a, b, check_index_type=False)


@pytest.mark.parametrize("role", ROLES)
def test_sna_names_follow_the_counted_path(role):
    # sna's code: b_IO counts i -> j -> k with g(i) == g(j) != g(k) (A->A->B),
    # b_OI with g(i) != g(j) == g(k) (A->B->B). A directed path a -> b -> c
    # whose groups spell SNA_NAMES' pattern must land in that role and no
    # other, so a swap of representative and gatekeeper (in the counts or in
    # the documented mapping) fails here.
    from reterete.metrics.brokerage import SNA_NAMES

    pattern = SNA_NAMES[role][1]
    G = _digraph([("a", "b"), ("b", "c")], dict(zip("abc", pattern, strict=True)))
    row = brokerage(G).loc["b"]
    assert row[role] == 1
    assert [r for r in ROLES if row[r] == 1] == [role]
    assert {SNA_NAMES["representative"][0], SNA_NAMES["gatekeeper"][0]} == {"b_IO", "b_OI"}
    assert SNA_NAMES["representative"] == ("b_IO", "AAB")
