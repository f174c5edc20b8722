"""Tests of reterete.metrics.compare: start versus end with intervals and tests.

Independent routes: point values against networkx (and against
``structure.summary``); the vectorised bootstrap, permutation test and
jackknife against a plain-loop reference that rebuilds a networkx graph for
every resample and draws the same random numbers in the same order; the
permutation p-value against scipy.stats (exact binomial / McNemar, and
``permutation_test``); hand-worked small cases.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reterete import InputError, Network
from reterete.i18n import language
from reterete.metrics import _bootstrap as bs
from reterete.metrics.compare import (
    METRICS,
    Comparison,
    compare,
    compare_graphs,
    sector_pair_ties,
    sector_pairs,
)


# --------------------------------------------------------------- reference
def nx_stats(H: nx.Graph, attr: str | None) -> dict[str, float]:
    """Every compared metric of one graph, straight from networkx / by hand."""
    n = H.number_of_nodes()
    T = H.number_of_edges()
    deg = [d for _, d in H.degree()]
    e = i = 0
    if attr is not None:
        for a, b in H.edges():
            ga, gb = H.nodes[a].get(attr), H.nodes[b].get(attr)
            if ga is None or gb is None:
                continue
            if ga == gb:
                i += 1
            else:
                e += 1
    parts = list(nx.connected_components(H))
    comps = [len(c) for c in parts]
    nan = float("nan")
    top = max(comps, default=0)
    # average path length of the largest component (the mean of theirs on a tie)
    apl = (float(np.mean([nx.average_shortest_path_length(H.subgraph(c)) for c in parts
                          if len(c) == top])) if top >= 2 else nan)
    return {
        "actors": n, "ties": T,
        "density": nx.density(H) if n >= 2 else nan,
        "mean_degree": 2 * T / n if n else nan,
        "degree_centralization": (sum(max(deg) - d for d in deg) / ((n - 1) * (n - 2))
                                  if n >= 3 else nan),
        "ei_index": (e - i) / (e + i) if e + i else nan,
        "cross_sector_ties": e,
        "components": len(comps),
        "largest_component_share": max(comps) / n if n else nan,
        "average_clustering": nx.average_clustering(H) if n else nan,
        "average_path_length": apl,
    }


def reference(G_s, G_e, n_boot, seed, attr):
    """Plain loops: bootstrap, permutations and jackknife, same random numbers."""
    rng = np.random.default_rng(seed)
    order = sorted(set(G_s) | set(G_e), key=str)
    n = len(order)
    draws = rng.integers(0, n, size=(n_boot, n))
    boot = []
    for G in (G_s, G_e):
        present = [a for a in order if a in G]
        dyads = list(itertools.combinations(present, 2))
        twins = []
        for b in range(n_boot):
            pairs = []
            for i, a in enumerate(order):
                if a in G:
                    copies = [k for k in range(n) if draws[b, k] == i]
                    pairs.extend(itertools.combinations(copies, 2))
            twins.append(pairs)
        total = sum(map(len, twins))
        picks = iter(rng.integers(0, len(dyads), size=total) if total and dyads
                     else [None] * total)
        stats = []
        for b in range(n_boot):
            H = nx.Graph()
            for k in range(n):
                a = order[draws[b, k]]
                if a in G:
                    H.add_node(k, **G.nodes[a])
            for k, k2 in itertools.combinations(list(H), 2):
                a, c = order[draws[b, k]], order[draws[b, k2]]
                if a != c and G.has_edge(a, c):
                    H.add_edge(k, k2)
            for k, k2 in twins[b]:
                pick = next(picks)
                if pick is not None and G.has_edge(*dyads[pick]):
                    H.add_edge(k, k2)
            stats.append(nx_stats(H, attr))
        boot.append(pd.DataFrame(stats))
    # permutation of window labels among common actors, then among all actors
    perms, observed_changes = [], []
    for who in ("common", "all"):
        keep = [a for a in order if (a in G_s and a in G_e) or who == "all"]
        disc = [(a, b) for a, b in itertools.combinations(keep, 2)
                if G_s.has_edge(a, b) != G_e.has_edge(a, b)]
        flips = np.unpackbits(rng.integers(0, 256, size=(n_boot, (len(disc) + 7) // 8),
                                           dtype=np.uint8), axis=1, count=len(disc))
        S0, E0 = nx.Graph(), nx.Graph()
        for H0, G in ((S0, G_s), (E0, G_e)):
            H0.add_nodes_from((a, G.nodes[a]) for a in keep if a in G)
            H0.add_edges_from(G.subgraph(keep).edges())
        isolates = ({a for a in G_s if G_s.degree(a) == 0},
                    {a for a in G_e if G_e.degree(a) == 0})
        attrs = ({a: G_s.nodes[a] for a in G_s}, {a: G_e.nodes[a] for a in G_e})
        perm = []
        for r in range(n_boot):
            S, E = S0.copy(), E0.copy()
            for (a, b), f in zip(disc, flips[r], strict=True):
                if f:
                    src, dst = (S, E) if S.has_edge(a, b) else (E, S)
                    src.remove_edge(a, b)
                    dst.add_edge(a, b)
            if who == "all":  # an actor is in a window when it has a tie there
                for H, iso, attr_of in ((S, isolates[0], attrs[0]), (E, isolates[1], attrs[1])):
                    H.remove_nodes_from([a for a in list(H) if H.degree(a) == 0
                                         and a not in iso])
                    for a in H:
                        H.nodes[a].clear()
                        H.nodes[a].update(attr_of.get(a, {}))
            s, e = nx_stats(S, attr), nx_stats(E, attr)
            perm.append({m: e[m] - s[m] for m in s})
        perms.append(pd.DataFrame(perm, columns=list(METRICS)))
        s, e = nx_stats(S0, attr), nx_stats(E0, attr)
        observed_changes.append({m: e[m] - s[m] for m in s})
    jack = []
    for a in order:
        s = nx_stats(G_s.subgraph([x for x in G_s if x != a]), attr)
        e = nx_stats(G_e.subgraph([x for x in G_e if x != a]), attr)
        jack.append({m: e[m] - s[m] for m in s})
    return (boot[0], boot[1], perms, observed_changes,
            pd.DataFrame(jack, columns=list(METRICS)))


def _graphs(seed: int, n: int, p0: float, p1: float, overlap: float, isolate: bool):
    """Two random graphs on overlapping actor sets, str labels, some sectors missing."""
    rng = np.random.default_rng(seed)
    names = [f"a{i}" for i in range(n)]
    sectors = {a: rng.choice(["police", "social", "school", None]) for a in names}
    out = []
    for p in (p0, p1):
        keep = [a for a in names if rng.random() < overlap] or names[:2]
        G = nx.Graph()
        G.add_nodes_from(keep)
        for a, b in itertools.combinations(keep, 2):
            if rng.random() < p:
                G.add_edge(a, b)
        if not isolate:
            G.remove_nodes_from([a for a in list(G) if G.degree(a) == 0])
        for a in G:
            if sectors[a] is not None:
                G.nodes[a]["sector"] = str(sectors[a])
        out.append(G)
    return out


def _stack(stats: dict) -> pd.DataFrame:
    return pd.DataFrame({m: stats[m] for m in METRICS})


# ------------------------------------------------------------ point values
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 9), p=st.floats(0, 1),
       isolate=st.booleans())
def test_observed_equals_networkx(seed, n, p, isolate):
    G, _ = _graphs(seed, n, p, p, 0.8, isolate)
    order = sorted(G, key=str)
    W = bs.window_data(G, order, {a: i for i, a in enumerate(order)}, "sector", {})
    from reterete.metrics.compare import observed

    got = observed(W, METRICS)
    want = nx_stats(G, "sector")
    np.testing.assert_allclose([got[m] for m in METRICS], [want[m] for m in METRICS],
                               equal_nan=True, atol=1e-12)


def test_point_values_equal_structure_summary():
    structure = pytest.importorskip("reterete.metrics.structure")
    G0, G1 = _graphs(3, 12, 0.3, 0.45, 0.8, True)
    res = compare_graphs(G0, G1, n_boot=5, seed=0)
    for col, G in (("start", G0), ("end", G1)):
        s = structure.summary(G, attr="sector")
        for key in ("actors", "ties", "density", "mean_degree", "components",
                    "largest_component_share", "degree_centralization", "ei_index",
                    "average_clustering"):
            assert res.table.at[key, col] == pytest.approx(s[key], nan_ok=True), key


# ------------------------------------------------ against the loop reference
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(1, 7), p0=st.floats(0, 1),
       p1=st.floats(0, 1), overlap=st.floats(0.3, 1), isolate=st.booleans(),
       boot_seed=st.integers(0, 100))
def test_engines_equal_loop_reference_draw_for_draw(seed, n, p0, p1, overlap, isolate,
                                                    boot_seed):
    from reterete.metrics.compare import jackknife, permutation_test, vertex_bootstrap

    G_s, G_e = _graphs(seed, n, p0, p1, overlap, isolate)
    n_boot = 12
    ref_s, ref_e, ref_perm, ref_obs, ref_jack = reference(G_s, G_e, n_boot, boot_seed, "sector")
    order = sorted(set(G_s) | set(G_e), key=str)
    index = {a: i for i, a in enumerate(order)}
    codes: dict = {}
    W_s = bs.window_data(G_s, order, index, "sector", codes)
    W_e = bs.window_data(G_e, order, index, "sector", codes)
    rng = np.random.default_rng(boot_seed)
    got_s, got_e = vertex_bootstrap(W_s, W_e, n_boot, rng, METRICS)
    perm, obs = permutation_test(W_s, W_e, n_boot, rng, METRICS, actors="common")
    perm_all, obs_all = permutation_test(W_s, W_e, n_boot, rng, METRICS, actors="all")
    jack = jackknife(W_s, W_e, METRICS)
    kw = dict(equal_nan=True, atol=1e-12)
    for got, ref in ((got_s, ref_s), (got_e, ref_e), (perm, ref_perm[0]),
                     (perm_all, ref_perm[1]), (jack, ref_jack)):
        np.testing.assert_allclose(_stack(got).to_numpy(dtype=float),
                                   ref[list(METRICS)].to_numpy(dtype=float), **kw)
    for got, ref in ((obs, ref_obs[0]), (obs_all, ref_obs[1])):
        np.testing.assert_allclose([got[m] for m in METRICS], [ref[m] for m in METRICS], **kw)


def test_quadratic_route_equals_edge_route_on_bigger_resamples():
    G_s, G_e = _graphs(11, 40, 0.15, 0.2, 0.9, False)
    order = sorted(set(G_s) | set(G_e), key=str)
    index = {a: i for i, a in enumerate(order)}
    W = bs.window_data(G_s, order, index, "sector", {})
    rng = np.random.default_rng(5)
    draws = rng.integers(0, W.n, size=(50, W.n))
    counts = np.stack([np.bincount(d, minlength=W.n) for d in draws])
    total = int(bs.twin_counts(bs.present_counts(counts, W)).sum())
    fills = bs.fill_values(rng.integers(0, W.n_dyads, size=total), W)
    fast = bs.quadratic_stats(counts, W, fills, 0, bs.FAST)
    block, present, group, eu, ev = bs.copy_graph(counts, W, fills, 0)
    slow = bs.edge_stats(block, present, group, eu, ev, len(counts), want=bs.FAST)
    for m in bs.FAST:
        np.testing.assert_allclose(fast[m], slow[m], equal_nan=True, err_msg=m)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(1, 12), p=st.floats(0, 1),
       overlap=st.floats(0.3, 1), n_res=st.integers(1, 6), top=st.integers(0, 6),
       prefix=st.integers(0, 5), attr=st.booleans(), shared=st.booleans())
def test_quadratic_route_equals_edge_route_on_any_counts(seed, n, p, overlap, n_res, top,
                                                         prefix, attr, shared):
    # the sparse-product route against copies laid out as explicit graphs: any
    # counts (many copies of one actor, actors outside the window, empty
    # resamples), fills that start inside the array, with and without groups
    from unittest import mock

    G, _ = _graphs(seed, n, p, p, overlap, True)
    order = [f"a{i}" for i in range(n)]            # G holds only some of them
    W = bs.window_data(G, order, {a: i for i, a in enumerate(order)},
                       "sector" if attr else None, {})
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, top + 1, size=(n_res, n))
    total = int(bs.twin_counts(bs.present_counts(counts, W)).sum())
    fills = rng.integers(0, 2, size=prefix + total + 3)
    fast = bs.quadratic_stats(bs.Counts(counts) if shared else counts, W, fills, prefix,
                              bs.FAST)
    block, present, group, eu, ev = bs.copy_graph(counts, W, fills, prefix)
    slow = bs.edge_stats(block, present, group, eu, ev, n_res, want=bs.FAST)
    with mock.patch.object(bs, "_EXACT32", 0):     # the float64 route as well
        fast64 = bs.quadratic_stats(counts, W, fills, prefix, bs.FAST)
    for m in bs.FAST:
        np.testing.assert_array_equal(fast[m], slow[m], err_msg=m)
        np.testing.assert_array_equal(fast64[m], slow[m], err_msg=m)
    prep = bs.Counts(counts)
    per_resample = bs.twin_counts(bs.present_counts(counts, W)).sum(axis=1)
    np.testing.assert_array_equal(prep.twin_starts(W.present), np.r_[0, np.cumsum(per_resample)])
    assert prep.twin_total(W.present) == total


def test_quadratic_route_past_float32_exact_integers():
    # complete graph, 80 copies of each actor: 2 x ties passes 2**24, so the
    # float32 product would round; the float64 rerun gives exact integers
    k = 60
    G = nx.complete_graph([f"a{i}" for i in range(k)])
    order = sorted(G, key=str)
    W = bs.window_data(G, order, {a: i for i, a in enumerate(order)}, None, {})
    counts = np.full((2, k), 80, dtype=np.int64)
    counts[1, :7] = [0, 1, 2, 3, 500, 81, 79]
    S = counts.sum(axis=1)
    between = (S ** 2 - (counts ** 2).sum(axis=1)) // 2           # copies of distinct actors
    assert (2 * between >= 2**24).all()
    total = int(bs.twin_counts(counts).sum())
    got = bs.quadratic_stats(counts, W, np.zeros(total, dtype=np.int64), 0, bs.FAST)
    np.testing.assert_array_equal(got["ties"], between.astype(float))
    np.testing.assert_array_equal(got["actors"], S.astype(float))
    maxdeg = np.array([max(S[b] - c for c in counts[b] if c) for b in range(2)], dtype=float)
    m, T = S.astype(float), between.astype(float)
    np.testing.assert_array_equal(got["degree_centralization"],
                                  (m * maxdeg - 2 * T) / ((m - 1) * (m - 2)))


def test_table_matches_reference_intervals_and_p_values():
    G_s, G_e = _graphs(7, 8, 0.3, 0.5, 0.8, False)
    ref_s, ref_e, ref_perm, ref_obs, ref_jack = reference(G_s, G_e, 40, 3, "sector")
    t = compare_graphs(G_s, G_e, n_boot=40, seed=3).table
    for m in ("density", "ei_index", "average_clustering"):
        d = (ref_e[m] - ref_s[m]).dropna()
        assert t.at[m, "ci_low"] == pytest.approx(np.quantile(d, 0.025))
        assert t.at[m, "ci_high"] == pytest.approx(np.quantile(d, 0.975))
        assert t.at[m, "se_boot"] == pytest.approx(np.std(d, ddof=1))
        for col, perm, obs in (("p_value", ref_perm[0], ref_obs[0]),
                               ("p_value_all", ref_perm[1], ref_obs[1])):
            extreme = (perm[m].abs() >= abs(obs[m]) - 1e-9).sum()
            assert t.at[m, col] == pytest.approx((1 + extreme) / 41)
        assert ref_obs[1][m] == pytest.approx(t.at[m, "delta"], nan_ok=True)
        j = ref_jack[m].dropna()
        se = math.sqrt((len(j) - 1) / len(j) * ((j - j.mean()) ** 2).sum())
        assert t.at[m, "se_jackknife"] == pytest.approx(se)


# ------------------------------------------------------------- hand-worked
def test_hand_case_path_to_complete():
    # 5 actors: a path (4 ties) then the complete graph (10 ties). The 6 new
    # dyads all changed the same way; under label swaps the change in ties is
    # a sum of 6 independent +-1, as extreme as +6 with probability 2/64:
    # the exact McNemar test, scipy.stats.binomtest(6, 6).
    res = compare_graphs(nx.path_graph(5), nx.complete_graph(5), n_boot=4000, seed=2,
                         attr=None)
    t = res.table
    assert t.at["ties", "start"] == 4 and t.at["ties", "end"] == 10
    assert t.at["density", "delta"] == pytest.approx(0.6)
    assert t.at["degree_centralization", "start"] == pytest.approx(2 / 12)  # sum(2 - d) / (4 * 3)
    exact = scipy.stats.binomtest(6, 6).pvalue
    assert exact == pytest.approx(2 / 64)
    se = math.sqrt(exact * (1 - exact) / 4000)
    for m in ("ties", "density", "mean_degree"):
        assert t.at[m, "p_value"] == pytest.approx(exact, abs=4 * se)
    assert res.actors_common == 5 and res.actors_union == 5
    assert math.isnan(t.at["actors", "ci_low"]) and math.isnan(t.at["actors", "p_value"])
    # jackknife by hand: without one actor, ties go from 4 - d_path to 6
    d_path = np.array([1, 2, 2, 2, 1])
    deltas = (6 / 6) - (4 - d_path) / 6
    se_hand = math.sqrt(4 / 5 * ((deltas - deltas.mean()) ** 2).sum())
    assert t.at["density", "se_jackknife"] == pytest.approx(se_hand)


def test_p_value_agrees_with_scipy_permutation_test():
    G_s, G_e = _graphs(21, 14, 0.25, 0.4, 1.0, True)
    common = sorted(set(G_s) & set(G_e), key=str)
    dyads = list(itertools.combinations(common, 2))
    x = np.array([G_s.has_edge(*d) for d in dyads], float)
    y = np.array([G_e.has_edge(*d) for d in dyads], float)
    ref = scipy.stats.permutation_test(
        (x, y), lambda a, b, axis: np.sum(b - a, axis=axis), permutation_type="samples",
        vectorized=True, n_resamples=4000, rng=np.random.default_rng(0)).pvalue
    got = compare_graphs(G_s, G_e, metrics=["ties"], n_boot=4000, seed=1,
                         attr=None).table.at["ties", "p_value"]
    assert got == pytest.approx(ref, abs=0.03)


def test_one_window_only_actors_follow_the_stated_convention():
    G_s = nx.Graph([("a", "b"), ("b", "c")])
    G_e = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")])
    res = compare_graphs(G_s, G_e, n_boot=200, seed=0, attr=None)
    assert (res.actors_start, res.actors_end, res.actors_common) == (3, 5, 3)
    assert res.table.at["density", "n_common"] == 3
    # among the common actors nothing changed: no evidence of change there
    assert res.table.at["ties", "delta_common"] == 0
    assert res.table.at["ties", "p_value"] == 1.0
    text = res.convention()
    assert "3 at the start" in text and "5 at the end" in text and "present in both" in text


# ------------------------------------------------------- reproducibility etc.
def test_seed_reproduces_and_changes():
    G_s, G_e = _graphs(5, 15, 0.2, 0.3, 0.9, False)
    a = compare_graphs(G_s, G_e, n_boot=100, seed=9).table
    b = compare_graphs(G_s, G_e, n_boot=100, seed=9).table
    c = compare_graphs(G_s, G_e, n_boot=100, seed=10).table
    pd.testing.assert_frame_equal(a, b)
    assert not a["ci_low"].equals(c["ci_low"])


def test_does_not_mutate_graphs():
    G_s, G_e = _graphs(5, 10, 0.2, 0.3, 0.9, False)
    before = (nx.to_dict_of_dicts(G_s), dict(G_s.nodes(data=True)))
    compare_graphs(G_s, G_e, n_boot=10, seed=0)
    assert before == (nx.to_dict_of_dicts(G_s), dict(G_s.nodes(data=True)))


def test_interval_contains_observed_change_on_clear_case():
    G_s, G_e = _graphs(8, 40, 0.1, 0.3, 1.0, True)
    t = compare_graphs(G_s, G_e, metrics=["density"], n_boot=500, seed=4).table
    assert t.at["density", "ci_low"] < t.at["density", "delta"] < t.at["density", "ci_high"]
    assert t.at["density", "ci_low"] > 0 and t.at["density", "p_value"] < 0.01


@pytest.mark.parametrize("kwargs, words", [
    ({"metrics": ["densty"]}, "unknown metric"),
    ({"n_boot": 0}, "at least 1"),
    ({"confidence": 1.5}, "between 0 and 1"),
])
def test_bad_arguments_say_what_is_wrong(kwargs, words):
    with pytest.raises(InputError, match=words):
        compare_graphs(nx.path_graph(3), nx.path_graph(4), **kwargs)


def test_empty_windows_give_nan_not_errors():
    res = compare_graphs(nx.Graph(), nx.Graph([(1, 2)]), n_boot=20, seed=0)
    t = res.table
    assert t.at["actors", "end"] == 2 and math.isnan(t.at["density", "start"])
    assert isinstance(res.lines(), list)


# ------------------------------------------------------------- on a Network
def _net() -> Network:
    log = pd.DataFrame({
        "date": ["2024-09-02", "2024-09-03", "2024-09-10", "2024-12-01", "2024-12-02",
                 "2024-12-05", "2024-12-09", "2024-12-12"],
        "source": ["Polizia", "Polizia", "Coop", "Polizia", "Coop", "Comitato", "Bar",
                   "Polizia"],
        "target": ["Servizi", "Coop", "Bar", "Servizi", "Comitato", "Bar", "Servizi", "Bar"],
        "site": ["Roma", "Roma", "Marconi", "Roma", "Roma", "Roma", "Marconi", "Roma"]})
    actors = pd.DataFrame({"name": ["Polizia", "Servizi", "Coop", "Bar", "Comitato"],
                           "sector": ["police", "social", "third", "community",
                                      "community"]})
    return Network.from_interactions(log, actors)


def test_compare_network_windows_and_site():
    net = _net()
    res = compare(net, ("2024-09", "2024-09"), "2024-12:2024-12", n_boot=50, seed=1)
    assert isinstance(res, Comparison)
    G0 = net.graph("2024-09", "2024-09")
    G1 = net.graph("2024-12", "2024-12")
    assert res.table.at["ties", "start"] == G0.number_of_edges() == 3
    assert res.table.at["ties", "end"] == G1.number_of_edges() == 5
    assert res.table.at["density", "end"] == pytest.approx(nx.density(G1))
    assert res.start == "2024-09" and res.end == "2024-12"
    site = compare(net, ("2024-09", "2024-09"), ("2024-12", "2024-12"), site="roma",
                   n_boot=20, seed=1)
    assert site.site == "Roma"
    assert site.table.at["ties", "end"] == net.graph("2024-12", "2024-12",
                                                      site="roma").number_of_edges()
    with pytest.raises(InputError, match="FROM:TO"):
        compare(net, "2024-09", ("2024-12", "2024-12"))
    with pytest.raises(InputError, match="start window .* has no contacts"):
        compare(net, ("2024-10", "2024-11"), ("2024-12", "2024-12"))


def test_sector_pairs_counts_every_tie():
    net = _net()
    table = sector_pairs(net, ("2024-09", "2024-09"), ("2024-12", "2024-12"))
    assert table["start"].sum() == 3 and table["end"].sum() == 5
    row = table.set_index(["group_a", "group_b"]).loc[("community", "community")]
    assert (row["start"], row["end"], row["delta"], row["crosses"]) == (0, 1, 1, False)
    G = nx.Graph([(1, 2), (2, 3), (3, 4)])
    nx.set_node_attributes(G, {1: "x", 2: "y", 3: "y"}, "sector")
    assert sector_pair_ties(G).to_dict() == {("(unknown)", "y"): 1, ("x", "y"): 1,
                                             ("y", "y"): 1}


def test_outputs_for_people():
    net = _net()
    res = compare(net, ("2024-09", "2024-09"), ("2024-12", "2024-12"), n_boot=50, seed=1)
    d = res.to_dict()
    assert {"name", "start", "end", "delta", "ci_low", "ci_high", "p_value"} <= set(
        d["metrics"][0])
    assert d["actors_common"] == res.actors_common and d["sector_pairs"]
    text = " ".join(res.lines())
    assert "Density" in text and "cannot show" in text
    assert "<table" in res._repr_html_() and "Comparison" in repr(res)
    evil = nx.Graph([("<b>x</b>", "y")])
    html_text = compare_graphs(evil, evil, n_boot=5, seed=0)._repr_html_()
    assert "<b>x</b>" not in html_text


def test_connectivity_metrics_get_tests_but_no_bootstrap_interval():
    G_s, G_e = _graphs(4, 20, 0.15, 0.25, 0.9, False)
    t = compare_graphs(G_s, G_e, n_boot=100, seed=0).table
    for m in ("components", "largest_component_share"):
        assert math.isnan(t.at[m, "ci_low"]) and "paths" in t.at[m, "note"]
        assert 0 < t.at[m, "p_value"] <= 1 and 0 < t.at[m, "p_value_all"] <= 1
    assert "rough" in t.at["average_clustering", "note"]
    assert np.isfinite(t.at["average_clustering", "ci_low"])


@pytest.mark.parametrize("seed", range(6))
def test_jackknife_of_connectivity_and_clustering_on_larger_graphs(seed):
    # sparse graphs with cut vertices, isolates and leaves: every update path
    from reterete.metrics.compare import jackknife

    G_s, G_e = _graphs(seed, 16, 0.12, 0.2, 0.85, seed % 2 == 0)
    *_, ref_jack = reference(G_s, G_e, 1, seed, "sector")
    order = sorted(set(G_s) | set(G_e), key=str)
    index = {a: i for i, a in enumerate(order)}
    codes: dict = {}
    W_s = bs.window_data(G_s, order, index, "sector", codes)
    W_e = bs.window_data(G_e, order, index, "sector", codes)
    jack = jackknife(W_s, W_e, METRICS)
    np.testing.assert_allclose(_stack(jack).to_numpy(dtype=float),
                               ref_jack[list(METRICS)].to_numpy(dtype=float), equal_nan=True,
                               atol=1e-12)


def test_large_windows_give_graph_metrics_without_resampling_unless_asked(monkeypatch):
    """Above RESAMPLE_GRAPHS_UP_TO actors, components and clustering keep
    their values but get no interval or test by default (resampling whole
    graphs takes minutes); asked for by name they are resampled."""
    import importlib

    cmp = importlib.import_module("reterete.metrics.compare")
    G0 = nx.gnp_random_graph(60, 0.05, seed=1)
    G1 = nx.gnp_random_graph(60, 0.08, seed=2)
    small = cmp.compare_graphs(G0, G1, n_boot=50, seed=3, attr=None).table
    assert np.isfinite(small.loc["average_clustering", "p_value"])
    monkeypatch.setattr(cmp, "RESAMPLE_GRAPHS_UP_TO", 50)
    big = cmp.compare_graphs(G0, G1, n_boot=50, seed=3, attr=None).table
    asked = cmp.compare_graphs(G0, G1, n_boot=50, seed=3, attr=None,
                               metrics=["average_clustering", "density"]).table
    for key in ("components", "largest_component_share", "average_clustering"):
        assert big.loc[key, "end"] == small.loc[key, "end"]
        assert np.isnan(big.loc[key, "p_value"]) and np.isnan(big.loc[key, "ci_low"])
        assert "ask for this metric by name" in big.loc[key, "note"]
    assert np.isfinite(big.loc["density", "ci_low"])
    assert np.isfinite(asked.loc["average_clustering", "p_value"])


def _actors_left():
    # Hand-built: ten actors keep the same ring of ties in both windows; eight
    # more, all tied to each other (28 ties), take part only at the start.
    # The ties fell from 38 to 10, all of it from the actors who left: counting
    # every actor the fall is real, among the ten common actors nothing changed.
    common = nx.cycle_graph(10)
    G0 = common.copy()
    G0.add_edges_from((f"x{i}", f"x{j}") for i in range(8) for j in range(i + 1, 8))
    return G0, common.copy()


def test_verdict_follows_the_stated_test_and_both_tests_read_as_one():
    # Regression: "Ties fell ... (p = 1), within what chance alone could
    # produce (counting every actor, p = 0.0015)" gave the verdict of one
    # test beside the p of the other.
    G0, G1 = _actors_left()
    res = compare_graphs(G0, G1, metrics=["ties"], n_boot=400, seed=1, attr=None)
    row = res.table.loc["ties"]
    assert row["delta"] == -28 and row["delta_common"] == 0
    assert row["p_value_all"] < 0.05 and row["p_value"] == 1
    line = next(x for x in res.lines() if x.startswith("Ties fell"))
    assert "hardly due to chance (p = " in line and "counting every actor)" in line
    assert "among the 10 actors present in both periods nothing changed" in line
    assert "joined or left" in line
    assert "(p = 1)" not in line and "changed by 0" not in line


@pytest.mark.parametrize(("p_all", "p_common", "words"), [
    (0.01, 0.02, "hardly due to chance (p = 0.01 counting every actor); among the 7 actors "
                 "present in both periods the change is +2 (p = 0.02), hardly due to chance"),
    (0.01, 0.5, "hardly due to chance (p = 0.01 counting every actor); among the 7 actors "
                "present in both periods the change is +2 (p = 0.5), which chance alone can "
                "explain; the change comes mostly from actors who joined or left"),
    (0.5, 0.01, "chance alone can explain it (p = 0.5 counting every actor); among the 7 "
                "actors present in both periods the change is +2 (p = 0.01), hardly due to "
                "chance"),
    (0.5, 0.6, "chance alone can explain it (p = 0.5 counting every actor); among the 7 "
               "actors present in both periods the change is +2 (p = 0.6), which chance"),
    (0.0001, float("nan"), "hardly due to chance (p < 0.001 counting every actor)"),
    (float("nan"), 0.3, "among the 7 actors present in both periods the change is +2 "
                        "(p = 0.3), which chance alone can explain"),
])
def test_each_verdict_sits_beside_its_own_test(p_all, p_common, words):
    res = compare_graphs(nx.path_graph(7), nx.cycle_graph(7), metrics=["ties"], n_boot=20,
                         seed=0, attr=None)
    row = res.table.loc["ties"].copy()
    row["p_value_all"], row["p_value"], row["delta_common"] = p_all, p_common, 2.0
    assert words in res._tests_sentence(row, "count")


def test_no_change_is_said_unchanged_not_a_change_chance_could_produce():
    # Issue 21: "Components: stable at 1; a change within what chance alone could
    # produce ... where it changed by 0 (p = 1)" called no change a change.
    G = nx.cycle_graph(6)
    res = compare_graphs(G, G.copy(), metrics=["ties", "components"], n_boot=20, seed=0,
                         attr=None)
    for key in ("Ties", "Components"):
        line = next(x for x in res.lines() if x.startswith(key))
        assert line == f"{key}: unchanged, {6 if key == 'Ties' else 1} in both periods.", line
    with language("it"):
        line = next(x for x in res.lines() if x.startswith("Componenti"))
        assert line == "Componenti: valore invariato, 1 in entrambi i periodi."


def test_sentences_say_periods_in_words_and_plurals_agree_at_one():
    net = _net()
    res = compare(net, ("2024-09", "2024-09"), "2024-12-01:2024-12-31", n_boot=20, seed=1)
    with language("it"):
        head = res.lines()[0]
    assert head == "Confronto tra settembre 2024 e il periodo dal 1 dicembre 2024 al 31 " \
                   "dicembre 2024.", head
    one = compare_graphs(nx.Graph([(1, 2)]), nx.Graph([(1, 3), (3, 4)]), n_boot=20, seed=0,
                         attr=None)
    assert one.actors_common == 1
    with language("it"):
        text = " ".join(one.lines())
    assert "1 attori" not in text and "tra i 1 " not in text, text
    assert "per l'unico attore presente in entrambi i periodi" in text


def test_intervals_are_said_to_be_conservative_and_the_test_to_be_trusted():
    res = compare_graphs(nx.path_graph(6), nx.cycle_graph(6), metrics=["density"], n_boot=20,
                         seed=0, attr=None)
    notes = res.to_dict()["notes"]
    assert len(notes) == 1 and "cautious, that is wider than needed" in notes[0]
    assert "to tell whether a change is real, read the p value" in notes[0]
    assert "Below 0.05 (less than one time in 20)" in notes[0]
    assert notes[0] in res.lines() and notes[0] in " ".join(res.to_dict()["lines"])


@pytest.mark.slow
def test_interval_of_no_change_is_conservative():
    # The claim the note makes, on a few replicates: two independent G(60, 0.1)
    # (same density), the 95 % interval of the density change contains zero
    # and its bootstrap standard error exceeds the real spread of the change,
    # sqrt(2 p (1 - p) / C(60, 2)) (independent binomial densities, by hand).
    rng = np.random.default_rng(5)
    n, p = 60, 0.1
    real = math.sqrt(2 * p * (1 - p) / (n * (n - 1) / 2))
    ratios = []
    for r in range(6):
        G0 = nx.gnp_random_graph(n, p, seed=int(rng.integers(2**31)))
        G1 = nx.gnp_random_graph(n, p, seed=int(rng.integers(2**31)))
        row = compare_graphs(G0, G1, metrics=["density"], n_boot=400, seed=r,
                             attr=None).table.loc["density"]
        assert row["ci_low"] <= 0 <= row["ci_high"]
        ratios.append(row["se_boot"] / real)
    assert 1.3 <= float(np.mean(ratios)) <= 2.1, ratios


def test_average_path_length_of_tied_largest_components_does_not_depend_on_numbering():
    # a path a-b-c (4/3 by hand) and a triangle x-y-z (1) tie for the largest
    # component: the figure is the mean of theirs, 7/6, however actors are numbered
    from reterete.metrics.compare import _path_lengths

    for path_first in (True, False):
        tri = [(3, 4), (4, 5), (3, 5)]
        path = [(0, 1), (1, 2)]
        if not path_first:
            tri, path = [(a - 3, b - 3) for a, b in tri], [(a + 3, b + 3) for a, b in path]
        e = np.array(path + tri)
        got = _path_lengths(np.zeros(len(e), np.int64), e[:, 0], e[:, 1], 1)
        assert got[0] == pytest.approx(7 / 6)
    G0 = nx.Graph([("a", "b"), ("b", "c"), ("x", "y"), ("y", "z"), ("x", "z")])
    G1 = nx.complete_graph(["a", "b", "c", "x"])
    res = compare_graphs(G0, G1, metrics=["average_path_length"], n_boot=50, seed=1,
                         attr=None)
    assert res.table.at["average_path_length", "start"] == pytest.approx(7 / 6)
    assert res.table.at["average_path_length", "end"] == pytest.approx(1.0)
    # no bootstrap interval (resampled lengths are not centred on the observed
    # one), but the permutation tests apply
    assert np.isnan(res.table.at["average_path_length", "ci_low"])
    assert np.isfinite(res.table.at["average_path_length", "p_value_all"])
    assert "no interval" in res.table.at["average_path_length", "note"]


def test_average_path_length_resampled_only_on_small_windows_unless_asked():
    # paths are searched in every resampled network: by default only while actors x
    # ties stay under PATH_RESAMPLE_WORK (the Cremona example, not a school day)
    from reterete.metrics.compare import PATH_RESAMPLE_WORK

    G0 = nx.gnm_random_graph(120, 300, seed=1)
    G1 = nx.gnm_random_graph(120, 400, seed=2)
    assert 120 * 400 > PATH_RESAMPLE_WORK
    res = compare_graphs(G0, G1, n_boot=20, seed=1, attr=None)
    row = res.table.loc["average_path_length"]
    assert np.isfinite(row["start"]) and np.isnan(row["ci_low"]) and np.isnan(row["p_value"])
    assert "actors x ties exceed" in row["note"]
    assert np.isfinite(res.table.at["density", "ci_low"])   # the others still resampled
    asked = compare_graphs(G0, G1, metrics=["average_path_length"], n_boot=20, seed=1,
                           attr=None).table.loc["average_path_length"]
    assert asked["start"] == row["start"] and np.isfinite(asked["p_value"])
    small = compare_graphs(nx.path_graph(8), nx.cycle_graph(8), n_boot=20, seed=1, attr=None)
    assert np.isfinite(small.table.at["average_path_length", "p_value"])


def test_average_path_length_gets_no_interval_the_resamples_would_misstate(cremona_net):
    # resampling actors cuts and copies paths: on the example the resampled
    # change centres far from the observed one, and a percentile interval held 0
    # beside a test at p < 0.001. No interval is given; the test stands.
    res = compare(cremona_net, start=("2024-09", "2024-09"), end=("2024-12", "2024-12"),
                  n_boot=200, seed=1)
    row = res.table.loc["average_path_length"]
    assert row["delta"] < -0.5 and row["p_value_all"] < 0.01
    assert np.isnan(row["ci_low"]) and np.isnan(row["ci_high"]) and row["interval"] == "none"
    sentence = next(x for x in res.lines() if x.startswith("Average path length"))
    assert "between" not in sentence and "hardly due to chance" in sentence, sentence
