"""Key players (Borgatti 2006): sets that reach the most, or whose removal
splits the network the most.

* **KPP-Pos, distance-weighted reach**: a set ``S`` reaches target ``t`` with
  weight ``1 / d(S, t)``, ``d(S, t)`` the fewest steps from any member;
  members count 1 and unreachable targets 0.
* **KPP-Neg, fragmentation**: how disconnected the network is once ``S`` is
  taken out, ``F = 1 - sum_k s_k (s_k - 1) / (n (n - 1))`` over the sizes
  ``s_k`` of the remaining components (or its distance-weighted version).

Both selectors are greedy (each step adds the node that improves the measure
most, ties to the smallest ``str(label)``), as Borgatti's own KeyPlayer
program starts from a greedy or random set before swapping.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["kpp_reach", "kpp_reach_greedy", "fragmentation", "kpp_fragmentation"]

_NORMS = ("targets", "outside", None)


def kpp_reach(G: nx.Graph, nodes: Iterable[Hashable], *,
              targets: Iterable[Hashable] | None = None,
              normalization: str | None = "targets") -> float:
    r"""Distance-weighted reach of a set of nodes (Borgatti's KPP-Pos).

    .. math::  DR(S) = \frac{1}{|T|} \sum_{t \in T} \frac{1}{d(S, t)}

    with :math:`d(S, t) = \min_{s \in S} d(s, t)` in hops, :math:`1/d = 1` for
    members of :math:`S` and :math:`0` for targets :math:`S` cannot reach.

    Three normalisations are in use: Borgatti (2006) divides by all ``n``
    nodes, members of the set included (``"targets"``, the default: with
    ``targets=None`` it is Borgatti's; a member counts 1, as in
    :func:`~reterete.metrics.coverage.max_coverage` where antennas cover
    themselves, so DR >= 1-hop coverage and both lie in [0, 1]); R's
    keyplayer ``group.mreach.closeness`` sums over the targets outside the
    set and divides by their number (``"outside"``); ``None`` gives the raw
    sum. We default to the first so a set's reach reads as a share of the
    targets, comparable across sets of different sizes and with coverage.

    Parameters
    ----------
    G : networkx graph
        Hop distances; a directed graph is followed along edge directions.
    nodes : iterable
        The set :math:`S`.
    targets : iterable, optional
        Nodes to reach (default: all).
    normalization : {"targets", "outside", None}

    Returns
    -------
    float

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social
       network. Computational and Mathematical Organization Theory 12, 21-34.
    .. [2] An, W. & Liu, Y.-H. (2016). keyplayer: An R package for locating
       key players in social networks. The R Journal 8(1), 257-268.

    Examples
    --------
    >>> G = nx.path_graph(5)                    # 0-1-2-3-4
    >>> kpp_reach(G, [2])                       # (1/2 + 1 + 1 + 1 + 1/2) / 5
    0.8
    >>> kpp_reach(G, [2], normalization="outside")   # (1/2 + 1 + 1 + 1/2) / 4
    0.75
    """
    if normalization not in _NORMS:
        raise InputError(f"normalization must be 'targets', 'outside' or None, "
                         f"not {normalization!r}")
    S = _nodes(G, nodes, "set")
    T = _nodes(G, G if targets is None else targets, "target")
    if not T:
        raise InputError("there are no targets to reach")
    W = _inverse_distance(G, S, T)
    best = W.max(axis=0) if len(S) else np.zeros(len(T))
    if normalization is None:
        return float(best.sum())
    if normalization == "outside":
        inside = np.isin(np.arange(len(T)), [T.index(s) for s in S if s in set(T)])
        out = best[~inside]
        return float(out.mean()) if len(out) else float("nan")
    return float(best.sum() / len(T))


def kpp_reach_greedy(G: nx.Graph, k: int, *, targets: Iterable[Hashable] | None = None,
                     candidates: Iterable[Hashable] | None = None) -> pd.Series:
    """Greedy set of ``k`` nodes with the largest distance-weighted reach.

    Each step adds the candidate that raises :func:`kpp_reach` (``"targets"``
    normalisation) most; it stops early when nothing adds reach. DR is
    monotone and submodular (a maximum over the set of per-target weights),
    so the greedy set reaches at least :math:`1 - 1/e` of the best.

    Returns
    -------
    Series
        Indexed by the chosen nodes in order, named ``gain``: each node's
        marginal gain in DR; ``.sum()`` is the set's DR.

    Examples
    --------
    >>> s = kpp_reach_greedy(nx.path_graph(5), 2)
    >>> s.index.tolist(), round(float(s.sum()), 3)
    ([2, 0], 0.9)
    >>> kpp_reach(nx.path_graph(5), [2, 0])
    0.9
    """
    _check_k(k)
    T = _nodes(G, G if targets is None else targets, "target")
    C = _nodes(G, G if candidates is None else candidates, "candidate")
    if not T:
        raise InputError("there are no targets to reach")
    W = _inverse_distance(G, C, T)
    rank = _rank(C)
    cur = np.zeros(len(T))
    free = np.ones(len(C), dtype=bool)
    chosen, gains = [], []
    for _ in range(min(k, len(C))):
        g = np.maximum(W - cur, 0.0).sum(axis=1)
        g = np.where(free, g, -1.0)
        top = g.max()
        if top <= 1e-12:
            break
        ties = np.flatnonzero(np.isclose(g, top, rtol=0, atol=1e-12))
        j = int(ties[np.argmin(rank[ties])])
        chosen.append(C[j])
        gains.append(float(top) / len(T))
        free[j] = False
        cur = np.maximum(cur, W[j])
    return pd.Series(gains, index=pd.Index(chosen, dtype=object), name="gain", dtype=float)


def fragmentation(G: nx.Graph, removed: Iterable[Hashable] = (), *,
                  distance_weighted: bool = False) -> float:
    r"""Borgatti's fragmentation of ``G`` once ``removed`` is taken out.

    .. math::  F = 1 - \frac{\sum_k s_k (s_k - 1)}{n (n - 1)}, \qquad
               DF = 1 - \frac{\sum_{i \ne j} 1 / d_{ij}}{n (n - 1)}

    over the ``n`` remaining nodes, :math:`s_k` the sizes of the components
    (weak components in a directed graph) and :math:`1 / d_{ij} = 0` between
    components. 0: everyone can reach everyone (DF: everyone adjacent);
    1: all isolated. NaN with fewer than two nodes left.

    Examples
    --------
    >>> fragmentation(nx.path_graph(5), [2])      # two pairs: 1 - (2 + 2) / 12
    0.6666666666666667
    >>> fragmentation(nx.star_graph(3), [0])
    1.0
    >>> round(fragmentation(nx.path_graph(3), distance_weighted=True), 4)  # 1 - 5/6
    0.1667
    """
    import scipy.sparse.csgraph as csg

    gone = set(_nodes(G, removed, "removed"))
    keep = [v for v in G if v not in gone]
    n = len(keep)
    if n < 2:
        return float("nan")
    A = nx.to_scipy_sparse_array(G, nodelist=keep, weight=None, format="csr")
    if distance_weighted:
        D = csg.shortest_path(A, directed=G.is_directed(), unweighted=True)
        with np.errstate(divide="ignore"):
            inv = np.where(np.isfinite(D) & (D > 0), 1.0 / D, 0.0)
        return float(1.0 - inv.sum() / (n * (n - 1)))
    _, labels = csg.connected_components(A, directed=G.is_directed(), connection="weak")
    sizes = np.bincount(labels).astype(float)
    return float(1.0 - (sizes * (sizes - 1)).sum() / (n * (n - 1)))


def kpp_fragmentation(G: nx.Graph, k: int, *, candidates: Iterable[Hashable] | None = None,
                      distance_weighted: bool = False) -> pd.Series:
    """Greedy set of ``k`` nodes whose removal fragments ``G`` the most (KPP-Neg).

    Each step removes the candidate whose removal raises
    :func:`fragmentation` most (ties to the smallest ``str(label)``); at most
    ``n - 2`` nodes are removed so the measure stays defined.

    Returns
    -------
    Series
        Indexed by the chosen nodes in order, named ``gain``: the rise in
        fragmentation each removal brings; ``fragmentation(G) + .sum()`` is
        the fragmentation once they are all removed.

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social
       network. Computational and Mathematical Organization Theory 12, 21-34.

    Examples
    --------
    >>> G = nx.barbell_graph(3, 1)          # two triangles joined through node 3
    >>> kpp_fragmentation(G, 1).index.tolist()
    [3]
    """
    _check_k(k)
    C = _nodes(G, G if candidates is None else candidates, "candidate")
    order = sorted(C, key=str)
    removed: list[Hashable] = []
    gains: list[float] = []
    now = fragmentation(G, distance_weighted=distance_weighted)
    limit = min(k, len(C), max(G.number_of_nodes() - 2, 0))
    for _ in range(limit):
        best, best_f = None, -np.inf
        for c in order:
            if c in removed:
                continue
            f = fragmentation(G, removed + [c], distance_weighted=distance_weighted)
            if f > best_f + 1e-12:
                best, best_f = c, f
        if best is None:
            break
        removed.append(best)
        gains.append(float(best_f - now))
        now = best_f
    return pd.Series(gains, index=pd.Index(removed, dtype=object), name="gain", dtype=float)


# ------------------------------------------------------------------- helpers
def _inverse_distance(G: nx.Graph, rows: list[Hashable], cols: list[Hashable]) -> np.ndarray:
    """1 / hop distance from each row node to each column node (1 on itself,
    0 when unreachable)."""
    import scipy.sparse.csgraph as csg

    if not rows:
        return np.zeros((0, len(cols)))
    idx = {v: i for i, v in enumerate(G)}
    A = nx.to_scipy_sparse_array(G, nodelist=list(G), weight=None, format="csr")
    D = csg.shortest_path(A, directed=G.is_directed(), unweighted=True,
                          indices=[idx[v] for v in rows])
    D = np.atleast_2d(D)[:, [idx[v] for v in cols]]
    with np.errstate(divide="ignore"):
        return np.where(D == 0, 1.0, np.where(np.isfinite(D), 1.0 / D, 0.0))


def _nodes(G: nx.Graph, nodes: Iterable[Hashable], what: str) -> list[Hashable]:
    out = list(dict.fromkeys(nodes))
    missing = [v for v in out if v not in G]
    if missing:
        shown = ", ".join(map(str, missing[:8]))
        raise InputError(f"{what} node(s) not in the network: {shown}")
    return out


def _rank(nodes: list[Hashable]) -> np.ndarray:
    order = sorted(range(len(nodes)), key=lambda i: str(nodes[i]))
    rank = np.empty(len(nodes), dtype=np.int64)
    rank[order] = np.arange(len(nodes))
    return rank


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        raise InputError(f"k must be a whole number 0 or more, not {k!r}")
