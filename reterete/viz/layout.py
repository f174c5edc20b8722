"""Node positions for large pictures, computed once in Python.

Pages with more than a few hundred actors get their positions here, with
python-igraph's Fruchterman-Reingold (fast, grid-accelerated), and the
browser's physics simulation is switched off. A seeded start makes the
picture the same every time.
"""

from __future__ import annotations

import random
from collections.abc import Hashable

import networkx as nx
import numpy as np
import pandas as pd

__all__ = ["spring_positions"]


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
        Iterations of the simulation; default 500 up to 2,000 nodes, then
        fewer (``10**6 / n``, at least 50) so 20,000 nodes take about 2 s.
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
    if niter is None:
        niter = 500 if n <= 2000 else max(50, 1_000_000 // n)
    rng = np.random.default_rng(seed)
    start = rng.uniform(-1.0, 1.0, size=(n, 2)) * np.sqrt(n)
    # igraph draws its own random numbers (through Python's `random` module by
    # default): give it a private generator from the same seed, then put the
    # default back, so the picture is reproducible and global state untouched.
    ig.set_random_number_generator(random.Random(int(rng.integers(2**63))))
    try:
        coords = np.asarray(H.layout_fruchterman_reingold(
            weights=weights, niter=niter, seed=start.tolist(),
            grid="auto").coords, dtype=float).reshape(n, 2)
    finally:
        ig.set_random_number_generator(random)
    coords -= coords.mean(axis=0)
    half = float(np.abs(coords).max()) or 1.0
    target = 40.0 * np.sqrt(n) if scale is None else float(scale)
    coords *= target / half
    return pd.DataFrame(coords, index=pd.Index(nodes, dtype=object), columns=["x", "y"])
