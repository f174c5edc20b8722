r"""Path figures in hops: diameter, average path length, two-step reach.

Distances are counted in ties (hops) on the undirected binary network.
:func:`path_figures` measures the *largest connected component*: its
diameter (the longest shortest path) and its average path length

.. math:: L = \frac{1}{n_c (n_c - 1)} \sum_{s \ne t} d(s, t),

with numpy alone (no igraph or scipy import, so ``reterete summary`` stays
quick): a breadth-first search from 64 sources at once, each actor holding a
64-bit word of the sources that have reached it, every level one
``bitwise_or.reduceat`` over the ties. Exact while the work (sources x ties
/ 64) stays under :data:`EXACT_WORK`; beyond, the figures come from
:data:`SAMPLE_SOURCES` sources drawn with a fixed seed: the average is then
an unbiased estimate and the diameter a lower bound; ``path_sources`` says
how many sources were used and ``path_exact`` whether that was all.

:func:`reach` gives each actor's two-step reach (the share of the other
actors within two hops) and reach efficiency (actors within two hops per
direct contact), as Kumu's dashboard defines them.

References
----------
.. [1] Watts, D. J. and Strogatz, S. H. (1998). Collective dynamics of
   'small-world' networks. Nature 393, 440-442 (average path length).
.. [2] Wasserman, S. and Faust, K. (1994). Social Network Analysis, ch. 4
   (diameter, reachability).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["path_figures", "path_figures_of", "reach", "reach_of", "EXACT_WORK",
           "SAMPLE_SOURCES"]

#: Exact when largest-component actors x its ties / 64 is at most this (about 0.2 s here).
EXACT_WORK = 2e6

#: Sources of the estimate beyond :data:`EXACT_WORK` (a multiple of 64).
SAMPLE_SOURCES = 128


def path_figures(G: nx.Graph) -> dict[str, Any]:
    """Diameter and average path length (hops) of G's largest component.

    Directed graphs are read as undirected. Returns ``diameter``,
    ``average_path_length`` (NaN when the largest component has one actor
    or none), ``path_sources`` (the actors the searches started from: all
    of the largest component when exact) and ``path_exact``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(4)
    >>> G.add_edge("x", "y")
    >>> f = path_figures(G)
    >>> f["diameter"], round(f["average_path_length"], 4), f["path_sources"], f["path_exact"]
    (3, 1.6667, 4, True)
    """
    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    pairs = [(index[a], index[b]) for a, b in G.edges() if a != b]
    u = np.fromiter((a for a, _ in pairs), dtype=np.int64, count=len(pairs))
    v = np.fromiter((b for _, b in pairs), dtype=np.int64, count=len(pairs))
    return path_figures_of(u, v, len(nodes))


def path_figures_of(u: np.ndarray, v: np.ndarray, n: int, *,
                    exact_work: float = EXACT_WORK, seed: int = 0) -> dict[str, Any]:
    """:func:`path_figures` from ties ``(u, v)`` on nodes ``0..n-1`` (any
    direction, repeats allowed)."""
    none = {"diameter": np.nan, "average_path_length": np.nan, "path_sources": 0,
            "path_exact": True}
    if n == 0 or len(u) == 0:
        return none
    from .structure import component_roots

    u, v = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
    keep = u != v
    u, v = u[keep], v[keep]
    if len(u) == 0:
        return none
    root = component_roots(u, v, n)
    sizes = np.bincount(root, minlength=n)
    big = int(np.argmax(sizes))           # the root of the largest (smallest root on ties)
    members = np.flatnonzero(root == big)
    nc = len(members)
    if nc < 2:
        return none
    local = np.full(n, -1, dtype=np.int64)
    local[members] = np.arange(nc)
    inside = root[u] == big
    a, b = local[u[inside]], local[v[inside]]
    rows, cols = np.concatenate([a, b]), np.concatenate([b, a])
    key = np.unique(rows * nc + cols)
    rows, cols = key // nc, key % nc
    indptr = np.searchsorted(rows, np.arange(nc + 1))
    m = len(cols) // 2
    if nc * m / 64 <= exact_work:
        sources = np.arange(nc)
    else:
        k = min(SAMPLE_SOURCES, nc)
        sources = np.sort(np.random.default_rng(seed).choice(nc, size=k, replace=False))
    total, longest = 0, 0
    for start in range(0, len(sources), 64):
        batch = sources[start:start + 64]
        dist_sum, ecc = _bfs_batch(batch, indptr, cols, nc)
        total += dist_sum
        longest = max(longest, ecc)
    return {"diameter": int(longest),
            "average_path_length": total / (len(sources) * (nc - 1)),
            "path_sources": len(sources), "path_exact": len(sources) == nc}


def reach(G: nx.Graph) -> pd.DataFrame:
    """Two-step reach and reach efficiency of every actor (undirected, binary).

    ``reach2``: actors within two hops (itself excluded) / (n - 1);
    ``reach_efficiency``: actors within two hops / actors tied directly (0
    for an isolate). Indexed by actor in ``list(G)`` order.

    Examples
    --------
    >>> import networkx as nx
    >>> reach(nx.path_graph(4)).round(3).to_dict("list")
    {'reach2': [0.667, 1.0, 1.0, 0.667], 'reach_efficiency': [2.0, 1.5, 1.5, 2.0]}
    """
    from ._engine import prepare

    P = prepare(G)
    within, deg = reach_of(P.undirected)
    n = P.n
    return pd.DataFrame({
        "reach2": within / (n - 1) if n > 1 else np.zeros(n),
        "reach_efficiency": np.divide(within, deg, out=np.zeros(n), where=deg > 0)},
        index=pd.Index(P.nodes, name="actor", dtype=object))


def reach_of(A: Any, chunk: int = 4096) -> tuple[np.ndarray, np.ndarray]:
    """Actors within two hops (self excluded) and direct contacts of each row of
    the symmetric 0/1 sparse matrix ``A`` (rows in chunks: A^2 can be large)."""
    import scipy.sparse as sp

    A = sp.csr_array(A)
    n = A.shape[0]
    deg = np.diff(A.indptr).astype(float)
    within = np.zeros(n)
    for s in range(0, n, chunk):
        R = A[s:s + chunk]
        two = sp.csr_array(R + R @ A)
        two.data = np.ones_like(two.data)
        diag = np.asarray(two[np.arange(two.shape[0]), np.arange(s, s + two.shape[0])]
                          ).ravel()
        within[s:s + two.shape[0]] = np.diff(two.indptr) - diag
    return within, deg


# ---------------------------------------------------------------------------
def _popcount(x: np.ndarray) -> np.ndarray:
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(x).astype(np.int64)
    return np.unpackbits(x.view(np.uint8).reshape(-1, 8), axis=1).sum(axis=1)


def _bfs_batch(sources: np.ndarray, indptr: np.ndarray, cols: np.ndarray, n: int
               ) -> tuple[int, int]:
    """Sum of distances from up to 64 sources to every node, and the largest of them
    (the component is connected: every node is reached)."""
    seen = np.zeros(n, dtype=np.uint64)
    seen[sources] = np.left_shift(np.uint64(1), np.arange(len(sources), dtype=np.uint64))
    frontier = seen.copy()
    total, level = 0, 0
    starts = indptr[:-1]
    while True:
        gathered = frontier[cols]
        nxt = np.bitwise_or.reduceat(gathered, starts) if len(cols) else np.zeros(n, np.uint64)
        nxt &= ~seen
        if not nxt.any():
            return total, level
        level += 1
        total += level * int(_popcount(nxt).sum())
        seen |= nxt
        frontier = nxt
