"""Node positions for large pictures, computed once in Python.

Pages with more than a few hundred actors get their positions here, with
python-igraph's Fruchterman-Reingold (fast, grid-accelerated), and the
browser's physics simulation is switched off. Above :data:`PIVOT_LIMIT`
actors the simulation starts from a pivot-MDS picture and runs only a few
steps. A seeded start makes the picture the same every time.
"""

from __future__ import annotations

import random
from collections.abc import Hashable

import networkx as nx
import numpy as np
import pandas as pd

__all__ = ["spring_positions", "pivot_mds", "PIVOT_LIMIT"]

#: Above this many nodes (and with ``niter`` not given) the layout starts
#: from :func:`pivot_mds` and refines it with a few force-directed steps.
PIVOT_LIMIT = 5000
_PIVOTS = 20
_PIVOT_NITER = 30
_DISC = 0.7


def spring_positions(G: nx.Graph, *, weight: str | None = None, seed: int | None = 0,
                     niter: int | None = None, scale: float | None = None) -> pd.DataFrame:
    """Force-directed positions of ``G``'s nodes (Fruchterman-Reingold).

    Ties pull their ends together, every pair pushes apart; the layout
    minimises the energy :math:`\\sum_{(i,j) \\in E} d_{ij}^3 / 3k -
    \\sum_{i \\ne j} k^2 \\ln d_{ij}` with :math:`k` the ideal distance, by
    igraph's implementation [1]_ with its grid approximation on large graphs.

    Parameters
    ----------
    G : networkx.Graph
        Any graph (directions are ignored).
    weight : str, optional
        Edge attribute that strengthens attraction; None treats ties alike.
    seed : int, optional
        Seed of the random start (``np.random.default_rng(seed)``), so the
        same graph gives the same picture.
    niter : int, optional
        Iterations of the simulation from a random start; default 500 up
        to 2,000 nodes, then fewer (``10**6 / n``, at least 50). Above
        :data:`PIVOT_LIMIT` nodes the default is instead a pivot-MDS start
        (:func:`pivot_mds`, 20 pivots) refined by 30 cooler steps, so
        20,000 nodes take about 0.3 s rather than 1.3 s (ties are as short
        against the picture's size as with 50 steps from a random start).
    scale : float, optional
        Half-width of the result; default ``40 * sqrt(n)`` (screen pixels
        for vis-network, about 80 px between neighbours).

    Returns
    -------
    DataFrame
        Indexed by node, columns ``x`` and ``y``, centred on 0.

    References
    ----------
    .. [1] T. M. J. Fruchterman, E. M. Reingold, "Graph drawing by
       force-directed placement", Software: Practice and Experience 21(11),
       1991, 1129-1164.
    .. [2] U. Brandes, C. Pich, "Eigensolver methods for progressive
       multidimensional scaling of large data", Graph Drawing 2006, LNCS
       4372, 42-53.

    Examples
    --------
    >>> pos = spring_positions(nx.path_graph(4), seed=1)
    >>> list(pos.columns), len(pos)
    (['x', 'y'], 4)
    >>> pos.equals(spring_positions(nx.path_graph(4), seed=1))
    True
    """
    import igraph as ig

    nodes: list[Hashable] = list(G)
    n = len(nodes)
    if n == 0:
        return pd.DataFrame({"x": [], "y": []}, index=pd.Index([], dtype=object))
    index = {v: i for i, v in enumerate(nodes)}
    pairs = [(index[u], index[v]) for u, v in G.edges() if u != v]
    H = ig.Graph(n=n, edges=pairs, directed=False)
    weights = None
    if weight is not None and pairs:
        w = np.array([float(d.get(weight, 1.0)) for u, v, d in G.edges(data=True) if u != v])
        weights = np.where(np.isfinite(w) & (w > 0), w, 1.0).tolist()
    rng = np.random.default_rng(seed)
    temp = {}
    if niter is None and n > PIVOT_LIMIT:
        # a global picture from graph distances, then a few cool local steps
        niter = _PIVOT_NITER
        start = pivot_mds(H, k=_PIVOTS, seed=rng)
        start += rng.normal(scale=1e-3 * (float(np.abs(start).max()) or 1.0), size=(n, 2))
        # keep each node's direction, but spread radii evenly over a disc
        # (MDS throws far-off actors to the edge and crowds the core); a disc
        # a little tighter than the picture's final size settles soonest
        radius = np.hypot(start[:, 0], start[:, 1])
        even = np.sqrt((np.argsort(np.argsort(radius)) + 0.5) / n) * _DISC * np.sqrt(n)
        start *= (even / np.where(radius > 0, radius, 1.0))[:, None]
        temp = {"start_temp": float(np.sqrt(n)) / 20.0}
    else:
        if niter is None:
            niter = 500 if n <= 2000 else max(50, 1_000_000 // n)
        start = rng.uniform(-1.0, 1.0, size=(n, 2)) * np.sqrt(n)
    # igraph draws its own random numbers (through Python's `random` module by
    # default): give it a private generator from the same seed, then put the
    # default back, so the picture is reproducible and global state untouched.
    ig.set_random_number_generator(random.Random(int(rng.integers(2**63))))
    try:
        # GraphBase's method gives the raw rows (Graph's wraps them in a Layout copy)
        coords = np.asarray(ig.GraphBase.layout_fruchterman_reingold(
            H, weights=weights, niter=niter, seed=start.tolist(),
            grid="auto", **temp), dtype=float).reshape(n, 2)
    finally:
        ig.set_random_number_generator(random)
    coords -= coords.mean(axis=0)
    half = float(np.abs(coords).max()) or 1.0
    target = 40.0 * np.sqrt(n) if scale is None else float(scale)
    coords *= target / half
    return pd.DataFrame(coords, index=pd.Index(nodes, dtype=object), columns=["x", "y"])


def pivot_mds(graph: nx.Graph | object, *, k: int = 50,
              seed: int | np.random.Generator | None = 0) -> np.ndarray:
    """Two-dimensional pivot MDS of a graph's shortest-path distances.

    Classical multidimensional scaling approximated from the distances to
    ``k`` pivots only [1]_: with :math:`D` the :math:`n \\times k` matrix of
    hop distances to the pivots, :math:`C = -\\tfrac12 J_n D^{(2)} J_k`
    (squared distances, double-centred), the coordinates are
    :math:`C v_i / \\lambda_i^{1/4}` for the two leading eigenpairs
    :math:`(\\lambda_i, v_i)` of :math:`C^T C`.
    Pivots are chosen max-min (each the node farthest from those chosen),
    the first at random. Unreachable pairs count as one hop more than the
    longest distance found. With ``k = n`` this is classical MDS.

    Parameters
    ----------
    graph : networkx.Graph or igraph.Graph
        Directions are ignored (an igraph graph is taken as it is).
    k : int
        Number of pivots (at most the number of nodes).
    seed : int or Generator, optional
        Chooses the first pivot.

    Returns
    -------
    ndarray
        ``(n, 2)`` coordinates in graph order (hops), centred on 0.

    References
    ----------
    .. [1] U. Brandes, C. Pich, "Eigensolver methods for progressive
       multidimensional scaling of large data", Graph Drawing 2006, LNCS
       4372, 42-53.

    Examples
    --------
    >>> xy = pivot_mds(nx.path_graph(5), k=5)
    >>> np.round(np.abs(xy[:, 0]), 6).tolist()
    [2.0, 1.0, 0.0, 1.0, 2.0]
    """
    import igraph as ig

    if isinstance(graph, ig.Graph):
        H = graph
    else:
        index = {v: i for i, v in enumerate(graph)}
        H = ig.Graph(n=len(index), edges=[(index[u], index[v]) for u, v in graph.edges()])
    n = H.vcount()
    if n == 0:
        return np.zeros((0, 2))
    k = max(1, min(int(k), n))
    rng = np.random.default_rng(seed)
    D = np.empty((k, n))
    nearest = np.full(n, np.inf)
    pivot = int(rng.integers(n))
    for j in range(k):
        D[j] = H.distances(source=[pivot], mode="all")[0]
        np.minimum(nearest, D[j], out=nearest)
        pivot = int(np.argmax(np.where(np.isfinite(nearest), nearest, -1.0)))
    reach = np.isfinite(D)
    D = np.where(reach, D, D[reach].max() + 1.0).T ** 2
    C = -0.5 * (D - D.mean(axis=0) - D.mean(axis=1, keepdims=True) + D.mean())
    # einsum, not BLAS: small products that a busy threaded BLAS makes slow
    vals, vecs = np.linalg.eigh(np.einsum("ij,ik->jk", C, C))
    vals, lead = vals[::-1][:2], vecs[:, ::-1][:, :2]
    if lead.shape[1] < 2:
        vals, lead = np.pad(vals, (0, 1)), np.pad(lead, ((0, 0), (0, 1)))
    # C v = sigma u; classical MDS scales by sqrt(sigma) = eigenvalue ** 1/4
    root = np.sqrt(np.sqrt(np.clip(vals, 0.0, None)))
    xy = np.einsum("ij,jk->ik", C, lead) / np.where(root > 0, root, 1.0)
    return xy - xy.mean(axis=0)
