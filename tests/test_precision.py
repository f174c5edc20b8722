"""Path measures with a stated precision: every mode against the exact values.

The exact reference is igraph (``precision="exact"``), an independent route
from networkit's KADABRA / top-k searches and from the sampled-source
estimates of ``reterete.metrics._approx``.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete.errors import InputError
from reterete.metrics import _approx, _engine, centrality

MEASURES = ("betweenness", "closeness", "harmonic")


def _community(n: int, seed: int) -> nx.Graph:
    """Groups with dense insides and a few bridges (like a city's network)."""
    G = nx.planted_partition_graph(max(2, n // 60), 60, 0.12, 0.003, seed=seed)
    return nx.convert_node_labels_to_integers(G)


def _exact(G, weight=None):
    return centrality(G, weight=weight, precision="exact", engine="igraph")


@pytest.fixture
def sample_small_components(monkeypatch):
    # exercise the sampled-source estimates on test-sized graphs
    monkeypatch.setattr(_approx, "EXACT_COMPONENT_UP_TO", 40)
    # and not the exact bit-parallel route that test-sized components take
    monkeypatch.setattr(_approx, "BITS_WORK", 0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_approx_every_actor_within_epsilon(seed, sample_small_components):
    G = _community(600, seed)
    G.add_edges_from([(10_000, 10_001), (10_001, 10_002)])  # a small component too
    ref = _exact(G)
    eps = {"betweenness": 0.01, "closeness": 0.05, "harmonic": 0.05}
    df = centrality(G, precision="approx", epsilon=None, seed=seed)
    n = len(G)
    assert df.attrs["precision"] == "approx" and df.attrs["delta"] == 0.1
    assert df.attrs["epsilon"] == eps
    err_b = np.abs(df["betweenness"] - ref["betweenness"]).max()
    err_h = (np.abs(df["harmonic"] - ref["harmonic"]) / (n - 1)).max()
    assert err_b <= eps["betweenness"]
    assert err_h <= eps["harmonic"]
    # closeness: the stated interval holds (checked through the estimator directly)
    P = _engine.prepare(G)
    c, h = _approx.sampled_closeness(P.W, weighted=False, epsilon=0.15, delta=0.1, top=None,
                                     seed=seed)
    exact_c = ref["closeness"].to_numpy()
    exact_h = ref["harmonic"].to_numpy()
    assert (np.abs(h.values - exact_h) / (n - 1)).max() <= 0.15
    assert np.all((c.low - 1e-12 <= exact_c) & (exact_c <= c.high + 1e-12))
    assert np.all((h.low - 1e-9 <= exact_h) & (exact_h <= h.high + 1e-9))
    assert c.extra["sources"] > 0  # the sampled route ran


@pytest.mark.parametrize("seed", [4, 5])
def test_top_k_is_the_exact_top_k(seed, sample_small_components):
    G = _community(900, seed)
    ref = _exact(G)
    k = 10
    df = centrality(G, precision="top", top=k, seed=seed)
    assert df.attrs["precision"] == "top" and df.attrs["top"] == k
    for m in ("closeness", "harmonic"):  # exact top-k searches, then exact values
        want = ref[m].nlargest(k)
        got = df[m].nlargest(k)
        assert set(got.index) == set(want.index), m
        np.testing.assert_allclose(got.sort_values().to_numpy(), want.sort_values().to_numpy())
    # betweenness (KADABRA): an actor may be swapped only with one whose exact
    # value lies within epsilon of the k-th exact value
    eps = df.attrs["epsilon"]["betweenness"]
    kth = ref["betweenness"].nlargest(k).iloc[-1]
    got = set(df["betweenness"].nlargest(k).index)
    for actor in got ^ set(ref["betweenness"].nlargest(k).index):
        assert abs(ref["betweenness"][actor] - kth) <= eps
    # the certain actors are in the exact top k, and every actor above the
    # exact k-th value is among the possible ones
    d = df.attrs["details"]["betweenness"]
    assert d["bounds_tried"][-1] == eps and len(d["certain"]) <= k
    assert all(ref["betweenness"][a] >= kth for a in d["certain"])
    assert set(ref["betweenness"][ref["betweenness"] > kth].index) <= set(d["possible"])


def test_top_bound_is_planned_from_estimates_not_the_clock():
    # issue 25: the second run is planned from the first run's estimate of the
    # top-th value, so the answer for a seed does not depend on the budget or
    # the machine's load (it did: "when half the budget allows")
    G = _community(600, 8)
    ref = _exact(G)
    k = 20
    quick = centrality(G, precision="top", top=k, seed=3, time_budget=0.0)
    slow = centrality(G, precision="top", top=k, seed=3, time_budget=60.0)
    pd.testing.assert_series_equal(quick["betweenness"], slow["betweenness"])
    d = slow.attrs["details"]["betweenness"]
    assert d == quick.attrs["details"]["betweenness"]
    tried = d["bounds_tried"]
    kth = ref["betweenness"].nlargest(k).iloc[-1]
    # a quick pilot, then the pair at 0.09 times its 20th value (within 16x the
    # default's samples), or at the default when the top is flat
    assert tried[0] == _approx.PILOT_EPSILON and len(tried) == 2
    assert tried[1] == 0.002 or 0.002 / 4 <= tried[1] <= _approx.PILOT_EPSILON
    assert tried[1] == pytest.approx(0.09 * kth, rel=0.5) or not d["rankable"]
    assert slow.attrs["epsilon"]["betweenness"] == tried[-1]
    assert all(ref["betweenness"][a] >= kth for a in d["certain"])
    assert set(ref["betweenness"][ref["betweenness"] > kth].index) <= set(d["possible"])
    # a stated bound is kept as stated
    fixed = centrality(G, precision="top", top=k, seed=3, epsilon=0.004, time_budget=60.0)
    assert fixed.attrs["details"]["betweenness"]["bounds_tried"] == [0.004]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=30), st.floats(0.001, 0.3),
       st.integers(1, 10), st.data())
def test_top_certainty_holds_for_any_exact_values_within_the_bound(estimates, eps, k, data):
    est = np.array(estimates)
    shift = np.array(data.draw(st.lists(st.floats(-1, 1), min_size=len(est),
                                        max_size=len(est))))
    exact = est + 0.999 * eps * shift  # any exact values within the bound
    certain, possible = _approx.top_certainty(est, k, eps)
    kth = np.sort(exact)[::-1][min(k, len(exact)) - 1]
    assert set(certain) <= set(possible)
    assert all(exact[i] >= kth for i in certain)
    assert set(np.flatnonzero(exact > kth)) <= set(possible)
    assert len(certain) <= k <= len(possible) or len(possible) == len(est) < k


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 0.3), st.floats(0, 0.3),
                          st.floats(0, 1)), min_size=1, max_size=30),
       st.integers(1, 10))
def test_top_certainty_holds_for_any_exact_values_within_each_interval(rows, k):
    est = np.array([r[0] for r in rows])
    low = est - np.array([r[1] for r in rows])
    high = est + np.array([r[2] for r in rows])
    exact = low + np.array([r[3] for r in rows]) * (high - low)  # anywhere inside
    certain, possible = _approx.top_certainty(est, k, low=low, high=high)
    kth = np.sort(exact)[::-1][min(k, len(exact)) - 1]
    assert set(certain) <= set(possible)
    assert all(exact[i] >= kth for i in certain)
    assert set(np.flatnonzero(exact > kth)) <= set(possible)


def test_weighted_approximation_within_epsilon(sample_small_components):
    G = _community(300, 7)
    rng = np.random.default_rng(7)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.integers(1, 6))
    ref = _exact(G, weight="weight")
    df = centrality(G, weight="weight", precision="approx", epsilon=0.02, seed=7)
    assert "Riondato" in df.attrs["betweenness"]
    assert np.abs(df["betweenness"] - ref["betweenness"]).max() <= 0.02
    # harmonic: terms up to 1/d_min = 5, so its sample covers the component: exact
    assert np.abs(df["harmonic"] - ref["harmonic"]).max() / (len(G) - 1) <= 0.02


def test_auto_chooses_by_expected_time(monkeypatch):
    monkeypatch.setattr(_engine, "ALWAYS_EXACT_UP_TO", 10)
    G = nx.karate_club_graph()
    fast = centrality(G, time_budget=1e9)
    assert fast.attrs["precision"] == "exact" and fast.attrs["betweenness"] == "exact"
    assert fast.attrs["estimated_exact_seconds"] >= 0
    slow = centrality(G, time_budget=0.0, seed=1)
    assert slow.attrs["precision"] == "top" and "KADABRA" in slow.attrs["betweenness"]
    assert slow.attrs["top"] == 20
    # small networks are exact without any calibration
    monkeypatch.setattr(_engine, "ALWAYS_EXACT_UP_TO", 2000)
    small = centrality(G, time_budget=0.0)
    assert small.attrs["precision"] == "exact" and "estimated_exact_seconds" not in small.attrs


def test_directed_is_exact_and_says_why():
    D = nx.gnp_random_graph(40, 0.1, directed=True, seed=1)
    df = centrality(D, precision="top")
    assert df.attrs["precision"] == "exact" and "directed" in df.attrs["note"]
    np.testing.assert_allclose(df["betweenness"], _exact(D)["betweenness"])


def test_small_graphs_every_mode_equals_exact():
    # below the sampling sizes every mode is exact on the closeness side, and
    # KADABRA with a loose bound still finds a clear top broker
    G = nx.barbell_graph(8, 3)
    ref = _exact(G)
    for precision in ("exact", "approx", "top"):
        df = centrality(G, precision=precision, top=3, seed=1)
        np.testing.assert_allclose(df["closeness"], ref["closeness"])
        np.testing.assert_allclose(df["harmonic"], ref["harmonic"])
        assert df["betweenness"].idxmax() in set(ref["betweenness"].nlargest(3).index)
        assert np.abs(df["betweenness"] - ref["betweenness"]).max() <= (
            0.01 if precision == "approx" else 1.0)


def test_bad_precision_arguments():
    G = nx.path_graph(5)
    with pytest.raises(InputError, match="precision must be one of"):
        centrality(G, precision="fast")
    with pytest.raises(InputError, match="top must be at least 1"):
        centrality(G, precision="top", top=0)
    with pytest.raises(InputError, match="epsilon"):
        _approx.sample_size(0, 0.1, 10)


def test_sample_size_is_hoeffding():
    # ln(2 n / delta) / (2 eps^2), by hand for n = 20,000, eps 0.05, delta 0.1
    assert _approx.sample_size(0.05, 0.1, 20_000) == int(np.ceil(np.log(4e5) / 0.005))
    assert _approx.sample_size(0.05, 0.1, 20_000, spread=2) == int(
        np.ceil(4 * np.log(4e5) / 0.005))


def test_measures_picks_what_is_computed():
    G = nx.karate_club_graph()
    full = centrality(G)
    some = centrality(G, measures=["closeness", "pagerank"])
    np.testing.assert_allclose(some["closeness"], full["closeness"])
    np.testing.assert_allclose(some["pagerank"], full["pagerank"])
    assert some[["betweenness", "harmonic", "eigenvector"]].isna().all().all()
    assert some.attrs["measures"] == ["closeness", "pagerank"]
    none = centrality(G, measures=["eigenvector"])
    assert none["betweenness"].isna().all() and none.attrs["precision"] is None
    with pytest.raises(InputError, match="Unknown measure"):
        centrality(G, measures=["speed"])


def test_top_closeness_of_a_disconnected_network(sample_small_components):
    # a large component plus small ones: the top k come from the large
    # component's own exact top-k search, scaled, and equal the exact top k
    G = _community(480, 11)
    G.add_edges_from([(9_000 + i, 9_000 + i + 1) for i in range(30)])  # a 31-actor path
    G.add_edges_from([(8_000, 8_001)])
    ref = _exact(G)
    df = centrality(G, precision="top", top=8, seed=3)
    for m in ("closeness", "harmonic"):
        assert set(df[m].nlargest(8).index) == set(ref[m].nlargest(8).index), m
        np.testing.assert_allclose(np.sort(df[m].nlargest(8).to_numpy()),
                                   np.sort(ref[m].nlargest(8).to_numpy()))
    # estimates of the others never rank above the proven top: with a loose
    # bound (few sources) the noisy estimates would, unless bounded by the k-th
    P = _engine.prepare(G)
    c, h = _approx.sampled_closeness(P.W, weighted=False, epsilon=0.3, delta=0.1, top=8,
                                     seed=5)
    for est, m in ((c, "closeness"), (h, "harmonic")):
        shown = set(np.argsort(-est.values, kind="stable")[:8])
        assert {P.nodes[i] for i in shown} == set(ref[m].nlargest(8).index), m
        exact = ref[m].to_numpy()
        assert np.all(est.low <= exact + 1e-9) and np.all(exact <= est.high + 1e-9), m
    # only the top were computed exactly, not the whole large component
    c, _ = _approx.sampled_closeness(P.W, weighted=False, epsilon=0.15, delta=0.1, top=8,
                                     seed=3)
    assert c.exact_count < 0.5 * len(G)
