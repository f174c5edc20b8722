"""The fast engines of reterete.metrics._bootstrap against independent routes.

* :func:`triangles` against networkx's triangle enumeration;
* :func:`resampled_clustering` (closed form from the triangle list and the
  counts) against :func:`edge_stats` on the explicit resampled graphs of
  :func:`copy_graph`, which ``tests/test_compare.py`` holds against the
  plain-loop networkx reference;
* :class:`HeldGraphs` (union triangles, contracted components) against
  :func:`edge_stats` on the graphs laid out explicitly, and against networkx.

Random graphs of several sizes and densities; both number types (float32
and the float64 route used past 2**24).
"""

from __future__ import annotations

import itertools
from unittest import mock

import networkx as nx
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reterete.metrics import _bootstrap as bs
from reterete.metrics import _triangles

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _edges(G: nx.Graph) -> tuple[np.ndarray, np.ndarray]:
    e = np.array(list(G.edges()), dtype=np.int64).reshape(-1, 2)
    return e[:, 0], e[:, 1]


def _window(seed: int, n: int, p: float, overlap: float, groups: bool) -> bs.WindowData:
    """A window holding some of ``n`` union actors, ties G(n, p) among them."""
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(n, p, seed=seed)
    G.remove_nodes_from([a for a in list(G) if rng.random() > overlap])
    for a in G:
        G.nodes[a]["sector"] = "abc"[int(rng.integers(3))]
    order = list(range(n))
    return bs.window_data(G, order, {a: a for a in order}, "sector" if groups else None, {})


# ------------------------------------------------------------------ triangles
@settings(max_examples=80, **SETTINGS)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 40), p=st.floats(0, 1),
       shuffle=st.booleans())
def test_triangles_equal_networkx(seed, n, p, shuffle):
    G = nx.gnp_random_graph(n, p, seed=seed)
    u, v = _edges(G)
    if shuffle:  # either end first, repeated ties and self-ties are tolerated
        u, v = np.r_[v, u, np.arange(n)], np.r_[u, v, np.arange(n)]
    a, b, c = bs.triangles(u, v, n)
    got = sorted(zip(a.tolist(), b.tolist(), c.tolist(), strict=True))
    want = [t for t in itertools.combinations(range(n), 3)
            if G.has_edge(t[0], t[1]) and G.has_edge(t[0], t[2]) and G.has_edge(t[1], t[2])]
    assert got == want
    assert len(got) == sum(nx.triangles(G).values()) // 3


def test_triangles_of_a_star_and_a_clique_in_chunks():
    # a hub tied to everyone plus a clique: the orientation by degree keeps the
    # candidates small; a tiny chunk size walks the chunk loop
    G = nx.star_graph(30)
    G.add_edges_from(itertools.combinations(range(20, 31), 2))
    u, v = _edges(G)
    with mock.patch.object(_triangles, "CHUNK", 7):
        a, b, c = bs.triangles(u, v, 31)
    assert len(a) == sum(nx.triangles(G).values()) // 3 == 10 * 11 // 2 + 165


# ------------------------------------------------------- resampled clustering
@settings(max_examples=80, **SETTINGS)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 14), p=st.floats(0, 1),
       overlap=st.floats(0.3, 1), n_res=st.integers(1, 6), top=st.integers(0, 7),
       prefix=st.integers(0, 5), wide=st.booleans())
def test_resampled_clustering_equals_explicit_graphs(seed, n, p, overlap, n_res, top, prefix,
                                                     wide):
    # any counts: many copies of one actor (twin ties and triangles among
    # copies), actors outside the window, empty resamples; fills random
    W = _window(seed, n, p, overlap, True)
    rng = np.random.default_rng(seed + 1)
    counts = rng.integers(0, top + 1, size=(n_res, n))
    total = int(bs.twin_counts(bs.present_counts(counts, W)).sum())
    fills = rng.integers(0, 2, size=prefix + total + 3)
    block, present, group, eu, ev = bs.copy_graph(counts, W, fills, prefix)
    want = bs.edge_stats(block, present, group, eu, ev, n_res,
                         want=["average_clustering"])["average_clustering"]
    with mock.patch.object(bs, "_EXACT32", 0 if wide else bs._EXACT32):
        got = bs.resampled_clustering(bs.Counts(counts), W, fills, prefix)
    np.testing.assert_allclose(got, want, equal_nan=True, rtol=1e-12, atol=1e-12)


@settings(max_examples=6, **SETTINGS)
@given(seed=st.integers(0, 1000), n=st.sampled_from([60, 150]),
       p=st.sampled_from([0.03, 0.2, 0.6]))
def test_resampled_clustering_on_bootstrap_draws_of_bigger_graphs(seed, n, p):
    # real bootstrap draws (about a third of actors drawn twice or more),
    # fills drawn as compare draws them, several batches
    W = _window(seed, n, p, 0.9, False)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(40, n))
    counts = np.stack([np.bincount(d, minlength=n) for d in draws])
    total = int(bs.twin_counts(bs.present_counts(counts, W)).sum())
    fills = bs.fill_values(rng.integers(0, max(W.n_dyads, 1), size=total), W)
    block, present, group, eu, ev = bs.copy_graph(counts, W, fills, 0)
    want = bs.edge_stats(block, present, group, eu, ev, len(counts),
                         want=["average_clustering"])["average_clustering"]
    with mock.patch.object(bs, "_CHUNK_CELLS", 3 * n):
        got = bs.resampled_clustering(counts, W, fills, 0)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


# --------------------------------------------------------------- held graphs
def _explicit(n, fixed, var, held, always):
    """Every held graph built in networkx: clustering and components."""
    out = {m: [] for m in bs.SLOW}
    for r in range(held.shape[1]):
        G = nx.Graph()
        G.add_edges_from(map(tuple, fixed))
        G.add_edges_from(tuple(e) for e, h in zip(var, held[:, r], strict=True) if h)
        G.add_nodes_from(range(n) if always is None else np.flatnonzero(always).tolist())
        m = G.number_of_nodes()
        comps = [len(c) for c in nx.connected_components(G)]
        out["components"].append(float(len(comps)))
        out["largest_component_share"].append(max(comps) / m if m else np.nan)
        out["average_clustering"].append(nx.average_clustering(G) if m else np.nan)
    return {k: np.array(v) for k, v in out.items()}


@settings(max_examples=80, **SETTINGS)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 16), p_fixed=st.floats(0, 0.6),
       p_var=st.floats(0, 1), n_graphs=st.integers(1, 7), isolates=st.booleans(),
       wide=st.booleans(), small=st.booleans())
def test_held_graphs_equal_networkx(seed, n, p_fixed, p_var, n_graphs, isolates, wide, small):
    rng = np.random.default_rng(seed)
    pairs = np.array(list(itertools.combinations(range(n), 2)), dtype=np.int64).reshape(-1, 2)
    kind = rng.random(len(pairs))
    fixed = pairs[kind < p_fixed]
    var = pairs[(kind >= p_fixed) & (rng.random(len(pairs)) < p_var)]
    fixed = np.where(rng.random((len(fixed), 1)) < 0.5, fixed, fixed[:, ::-1])  # either end
    held = rng.integers(0, 2, size=(len(var), n_graphs)).astype(np.uint8)
    always = (rng.random(n) < 0.5) if isolates else None
    with mock.patch.object(bs, "_EXACT32", 0 if wide else bs._EXACT32), \
            mock.patch.object(bs, "_CHUNK_CELLS", 5 if small else bs._CHUNK_CELLS):
        H = bs.HeldGraphs(n, fixed[:, 0], fixed[:, 1], var[:, 0], var[:, 1])
        got = H.stats(held, always)
    want = _explicit(n, fixed, var, held, always)
    for m in bs.SLOW:
        np.testing.assert_allclose(got[m], want[m], equal_nan=True, rtol=1e-12, atol=1e-12,
                                   err_msg=m)


def test_held_graphs_equal_edge_stats_on_denser_graphs():
    # 120 nodes, fixed ties sparse (contraction leaves many contracted nodes)
    # and dense (one), and the block-diagonal edge route for the same graphs
    rng = np.random.default_rng(3)
    n = 120
    pairs = np.array(list(itertools.combinations(range(n), 2)), dtype=np.int64)
    for p_fixed in (0.002, 0.05):
        kind = rng.random(len(pairs))
        fixed, var = pairs[kind < p_fixed], pairs[(kind >= p_fixed) & (kind < p_fixed + 0.1)]
        R = 30
        held = rng.integers(0, 2, size=(len(var), R)).astype(np.uint8)
        always = rng.random(n) < 0.3
        got = bs.HeldGraphs(n, fixed[:, 0], fixed[:, 1], var[:, 0], var[:, 1]).stats(held,
                                                                                   always)
        b, j = np.nonzero(held.T)
        blk = np.repeat(np.arange(R), len(fixed))
        eu = np.r_[blk * n + np.tile(fixed[:, 0], R), b * n + var[j, 0]]
        ev = np.r_[blk * n + np.tile(fixed[:, 1], R), b * n + var[j, 1]]
        present = np.tile(always, R)
        present[eu] = present[ev] = True
        want = bs.edge_stats(np.repeat(np.arange(R), n), present, np.full(R * n, -1), eu, ev,
                             R, want=bs.SLOW)
        for m in bs.SLOW:
            np.testing.assert_allclose(got[m], want[m], rtol=1e-12, err_msg=m)


# --------------------------------------------------------- jackknife, closed form
@settings(max_examples=80, **SETTINGS)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 30), p=st.floats(0, 1),
       overlap=st.floats(0.2, 1), groups=st.booleans(), hub=st.booleans())
def test_leave_one_out_fast_equals_count_rows(seed, n, p, overlap, groups, hub):
    # the closed form against the quadratic route on the N leave-one-out count
    # rows (the route it replaces, held against networkx in test_compare.py);
    # a hub tied to everyone makes ties of the largest degree common
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(n, p, seed=seed)
    if hub:
        G.add_edges_from((0, j) for j in range(1, n))
        if n > 2:
            G.add_edges_from((1, j) for j in range(2, n) if rng.random() < 0.5)
    G.remove_nodes_from([a for a in list(G) if a > 1 and rng.random() > overlap])
    for a in G:
        if rng.random() < 0.8:
            G.nodes[a]["sector"] = "abc"[int(rng.integers(3))]
    order = list(range(n))
    W = bs.window_data(G, order, {a: a for a in order}, "sector" if groups else None, {})
    rows = np.ones((n, n), dtype=np.int64) - np.eye(n, dtype=np.int64)
    want = bs.quadratic_stats(rows, W, np.zeros(0, np.int64), 0, bs.FAST)
    got = bs.leave_one_out_fast(W, bs.FAST)
    for m in bs.FAST:
        np.testing.assert_allclose(got[m], want[m], equal_nan=True, rtol=1e-12, atol=1e-12,
                                   err_msg=m)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 40), st.lists(st.tuples(st.integers(0, 39), st.integers(0, 39)),
                                    max_size=80))
def test_bootstrap_components_equal_scipy(n, ties):
    # compare's components in numpy (no scipy.sparse.csgraph import, issue 25)
    # give scipy's count and labels
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components as scipy_components

    from reterete.metrics._bootstrap import connected_components

    ties = [(u, v) for u, v in ties if u < n and v < n]
    rows = np.array([u for u, _ in ties], dtype=np.int64)
    cols = np.array([v for _, v in ties], dtype=np.int64)
    A = sp.csr_array((np.ones(len(ties)), (rows, cols)), shape=(n, n))
    k, labels = connected_components(A, directed=False)
    k2, labels2 = scipy_components(A, directed=False)
    assert k == k2
    assert labels.tolist() == labels2.tolist()
