"""The centrality table: one row per actor, the usual measures side by side."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import InputError
from ..i18n import _
from ._engine import DEFAULT_TOP, TIME_BUDGET, Prepared, path_measures, prepare

if TYPE_CHECKING:  # imported where used: a tie table's cheap measures need neither
    import networkx as nx

__all__ = ["centrality", "degree", "eigenvector"]

#: Components smaller than this get a dense ``eigh``; larger ones ARPACK's
#: ``eigsh``. Measured (random graphs of mean degree 10 and 50, loaded 2-core machine):
#: at 100 actors dense 0.8 ms vs sparse 0.5 ms, at 1,000 dense 0.1-4 s (BLAS
#: threads) vs sparse 0.02-0.03 s; at 50 dense 0.1-0.3 ms vs sparse 0.4 ms.
DENSE_EIGEN_BELOW = 64

#: Measures that follow shortest paths (the costly ones), and all that may be left out.
PATH_MEASURES = ("betweenness", "closeness", "harmonic")
OPTIONAL = (*PATH_MEASURES, "eigenvector", "pagerank")

COLUMNS = ["kind", "sector", "ties", "degree", "strength", "betweenness", "closeness",
           "harmonic", "eigenvector", "pagerank", "reach2", "reach_efficiency"]


def centrality(G: nx.Graph, *, weight: str | None = None, strength: str | None = "weight",
               engine: str = "auto", precision: str = "auto", top: int = DEFAULT_TOP,
               epsilon: float | None = None, delta: float = 0.1,
               time_budget: float = TIME_BUDGET, exact: bool = False, k: int | None = None,
               seed: int | None = None, alpha: float = 0.85,
               measures: Iterable[str] | None = None) -> pd.DataFrame:
    r"""Centrality table of every actor of ``G``.

    Parameters
    ----------
    G : networkx graph
        Any graph, any node labels; directed graphs are read as networkx
        reads them (closeness and harmonic closeness use distances *to* the
        actor). Self-loops are ignored; parallel edges of a multigraph are one
        tie whose strength is their sum.
    weight : str, optional
        Edge attribute holding tie strength. ``None`` (default) computes every
        measure on the binary graph. With a name, betweenness, closeness and
        harmonic closeness use distance = 1 / strength (a strong tie is a
        short path), eigenvector and PageRank use the strength itself.
    strength : str, optional
        Edge attribute summed in the ``strength`` column (a missing value
        counts 1), whatever ``weight`` is. ``None`` counts ties.
    engine : {"auto", "igraph", "networkx"}
        Who computes exact path measures (same answers; igraph is faster).
    precision : {"auto", "exact", "approx", "top"}
        How exact betweenness, closeness and harmonic closeness must be:
        ``"exact"``; ``"approx"``, every value within ``epsilon`` with
        probability at least ``1 - delta``; ``"top"``, the ``top`` highest of
        each measure found with a guarantee and the rest estimated; ``"auto"``
        (default), exact when a quick calibration on this machine says it
        takes at most ``time_budget`` seconds, else ``"top"``. Directed
        networks are always exact. The guarantees and their papers are in
        :mod:`reterete.metrics._approx`.
    top : int
        How many highest actors ``"top"`` guarantees (default 20).
    epsilon, delta : float
        The stated error bound and its failure probability. ``epsilon``
        defaults per measure (betweenness 0.01 approximate; for the top,
        about a tenth of the ``top``-th value as a quick first run estimates
        it, or 0.002 when the top is flat; closeness and harmonic closeness
        0.05 per n - 1 actors), in
        networkx's normalisation. With ``"top"``, ``df.attrs["details"]``
        lists the betweenness top actors that are ``certain`` whatever the
        error and those ``possible``.
    time_budget : float
        Seconds the exact computation may take under ``"auto"`` (the
        bounds are planned from estimates, never from the clock).
    exact : bool
        Same as ``precision="exact"``.
    k : int, optional
        The older estimate of betweenness from ``k`` sampled source actors
        (unbiased, no stated bound); ``seed`` makes it repeatable.
    alpha : float
        PageRank damping factor.
    measures : iterable of str, optional
        Compute only these of ``betweenness``, ``closeness``, ``harmonic``,
        ``eigenvector``, ``pagerank`` (the others are NaN); the path
        measures are the costly ones on large networks. Default: all.

    Returns
    -------
    DataFrame
        Indexed by actor (``list(G)`` order), columns:

        - ``kind``, ``sector``: node attributes (None when absent);
        - ``ties``: number of ties (self-loops and repeated edges not counted);
          on a directed graph, ties sent plus ties received, as networkx's
          degree counts them, so a reciprocated pair counts twice;
        - ``degree``: ties / (n - 1) (``nx.degree_centrality``);
        - ``strength``: sum of tie strengths;
        - ``betweenness``: :math:`\sum_{s \ne v \ne t} \sigma_{st}(v)/\sigma_{st}`
          times 2 / ((n-1)(n-2)) (undirected);
        - ``closeness``: :math:`\frac{r-1}{n-1} \cdot \frac{r-1}{\sum_u d(u, v)}`
          over the r actors that reach v (Wasserman and Faust's correction for
          disconnected networks, as networkx computes it);
        - ``harmonic``: :math:`\sum_{u \ne v} 1 / d(u, v)` (not normalised);
        - ``eigenvector``: unit-length leading eigenvector (see :func:`eigenvector`);
        - ``pagerank``: PageRank with damping ``alpha``;
        - ``reach2``: share of the other actors within two hops (undirected,
          binary), and ``reach_efficiency``: actors within two hops per
          direct contact (0 for isolates); see :func:`reterete.metrics.paths.reach`.

        ``df.attrs`` records ``weight``, ``engine``, ``precision`` and one
        sentence per path measure saying how it was computed (``"exact"``, or
        the method with its guarantee); when not exact also ``epsilon``,
        ``delta`` and ``top``.

    Notes
    -----
    All normalisations follow networkx's defaults, so values match
    ``nx.degree_centrality``, ``nx.betweenness_centrality``,
    ``nx.closeness_centrality``, ``nx.harmonic_centrality``,
    ``nx.eigenvector_centrality`` and ``nx.pagerank``. An empty graph gives an
    empty table; isolates get 0 for the path measures. With ``weight``,
    distances are below 1 for ties seen more than once, so closeness and
    harmonic closeness can exceed their binary ranges.

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. Social Networks 1(3), 215-239.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       Journal of Mathematical Sociology 25(2), 163-177.
    .. [3] Wasserman, S. and Faust, K. (1994). Social Network Analysis.
       Cambridge University Press.
    .. [4] Marchiori, M. and Latora, V. (2000). Harmony in the small-world.
       Physica A 285(3-4), 539-546.
    .. [5] Bonacich, P. (1987). Power and centrality: a family of measures.
       American Journal of Sociology 92(5), 1170-1182.
    .. [6] Brin, S. and Page, L. (1998). The anatomy of a large-scale
       hypertextual Web search engine. Computer Networks 30, 107-117.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("ada", "bea"), ("bea", "cy"), ("cy", "dan")])
    >>> G.nodes["bea"]["kind"] = "police"
    >>> df = centrality(G)
    >>> df[["kind", "ties", "degree", "betweenness", "closeness"]].round(3)
    ... # doctest: +NORMALIZE_WHITESPACE
             kind  ties  degree  betweenness  closeness
    actor
    ada      None     1   0.333        0.000       0.50
    bea    police     2   0.667        0.667       0.75
    cy       None     2   0.667        0.667       0.75
    dan      None     1   0.333        0.000       0.50
    """
    P = prepare(G, weight)
    n = P.n
    B = P.binary
    ties = np.asarray(B.sum(axis=1)).ravel()
    if P.directed:
        ties = ties + np.asarray(B.sum(axis=0)).ravel()
    degree = ties / (n - 1) if n > 1 else np.ones(n)
    wanted = _wanted(measures)
    if wanted & set(PATH_MEASURES):
        paths, how = path_measures(P, weighted=weight is not None, engine=engine,
                                   precision=precision, top=top, epsilon=epsilon, delta=delta,
                                   time_budget=time_budget, exact=exact, k=k, seed=seed)
    else:
        paths, how = {}, {"precision": None}
    skipped = np.full(n, np.nan)
    index = pd.Index(P.nodes, name="actor", dtype=object)
    df = pd.DataFrame({
        "kind": pd.Series(_attribute(G, P.nodes, "kind"), index=index, dtype=object),
        "sector": pd.Series(_attribute(G, P.nodes, "sector"), index=index, dtype=object),
        "ties": ties.astype(np.int64),
        "degree": degree.astype(float),
        "strength": _strength(G, P, strength),
        **{m: paths[m] if m in wanted else skipped for m in PATH_MEASURES},
        "eigenvector": _eigenvector(P) if "eigenvector" in wanted else skipped,
        "pagerank": _pagerank(P, alpha=alpha) if "pagerank" in wanted else skipped,
        **_reach(P),
    }, index=index, columns=COLUMNS)
    df.attrs.update(weight=weight, **how)
    if measures is not None:
        df.attrs["measures"] = sorted(wanted)
    return df


def _reach(P: Prepared) -> dict[str, np.ndarray]:
    from .paths import reach_of

    within, deg = reach_of(P.undirected)
    return {"reach2": within / (P.n - 1) if P.n > 1 else np.zeros(P.n),
            "reach_efficiency": np.divide(within, deg, out=np.zeros(P.n), where=deg > 0)}


def _wanted(measures: Iterable[str] | None) -> set[str]:
    if measures is None:
        return set(OPTIONAL)
    wanted = {str(m).strip().lower() for m in measures}
    unknown = wanted - set(OPTIONAL)
    if unknown:
        raise InputError(_("Unknown measure {names}: choose among {choices}.").format(
            names=", ".join(sorted(unknown)), choices=", ".join(OPTIONAL)))
    return wanted


def degree(G: nx.Graph, *, normalized: bool = True) -> pd.Series:
    """Each actor's ties (distinct contacts), as :func:`centrality`'s ``degree`` column.

    Without the rest of the table: the array form of ``G`` (built once and
    cached, or given by :func:`reterete.metrics._engine.prepare_ties`) and
    one sum, so a per-actor degree costs what igraph's ``degree()`` costs.
    ``normalized`` divides by n - 1 (the ``degree`` column); ``False`` gives
    the ``ties`` column. A directed graph counts ties out and in.

    Examples
    --------
    >>> import networkx as nx
    >>> degree(nx.star_graph(3)).tolist()
    [1.0, 0.3333333333333333, 0.3333333333333333, 0.3333333333333333]
    >>> degree(nx.star_graph(3), normalized=False).tolist()
    [3, 1, 1, 1]
    """
    P = prepare(G)
    B = P.binary
    ties = np.diff(B.indptr).astype(np.int64)
    if P.directed:
        ties = ties + np.bincount(B.indices, minlength=P.n)
    index = pd.Index(P.nodes, name="actor", dtype=object)
    if not normalized:
        return pd.Series(ties, index=index, name="ties")
    n = P.n
    return pd.Series(ties / (n - 1) if n > 1 else np.ones(n), index=index, name="degree")


def eigenvector(G: nx.Graph, *, weight: str | None = None) -> pd.Series:
    r"""Eigenvector centrality, unit length, defined on any graph.

    The value of actor v solves :math:`\lambda x_v = \sum_u a_{uv} x_u` for the
    largest eigenvalue :math:`\lambda` of the (strength) adjacency matrix,
    scaled to unit Euclidean length as networkx does.

    On an undirected graph each connected component's leading eigenpair is
    computed exactly (dense ``eigh`` below :data:`DENSE_EIGEN_BELOW` actors,
    ``eigsh`` from there); components whose eigenvalue is below the largest get 0 and, when
    several components share it, the result is the projection of the all-ones
    vector on their eigenvectors: precisely the limit of networkx's power
    iteration, without its convergence failures. Directed graphs use that
    power iteration (``x <- (A^T + I) x``), vectorised; when it does not
    converge the values are NaN, with a warning.

    References
    ----------
    .. [1] Bonacich, P. (1987). Power and centrality: a family of measures.
       American Journal of Sociology 92(5), 1170-1182.

    Examples
    --------
    >>> import networkx as nx
    >>> eigenvector(nx.path_graph(3)).round(4).tolist()
    [0.5, 0.7071, 0.5]
    >>> two = nx.Graph([(0, 1), (2, 3)])   # two equal components: no crash
    >>> eigenvector(two).round(4).tolist()
    [0.5, 0.5, 0.5, 0.5]
    """
    P = prepare(G, weight)
    return pd.Series(_eigenvector(P), index=pd.Index(P.nodes, name="actor", dtype=object),
                     name="eigenvector")


# ---------------------------------------------------------------------------
def _attribute(G: nx.Graph, nodes: list[Any], attr: str) -> list[Any]:
    out = []
    for v in nodes:
        value = G.nodes[v].get(attr)
        out.append(None if value is None or (isinstance(value, float) and np.isnan(value))
                   else value)
    return out


def _strength(G: nx.Graph, P: Prepared, attr: str | None) -> np.ndarray:
    if attr is None:
        return np.asarray(P.binary.sum(axis=1)).ravel().astype(float) + (
            np.asarray(P.binary.sum(axis=0)).ravel() if P.directed else 0.0)
    index = {v: i for i, v in enumerate(P.nodes)}
    pairs = [(index[u], index[v], d.get(attr, 1)) for u, v, d in G.edges(data=True) if u != v]
    out = np.zeros(P.n)
    if pairs:
        u, v, w = (np.asarray(x) for x in zip(*pairs, strict=True))
        w = np.asarray(w, dtype=float)
        out += np.bincount(u, weights=w, minlength=P.n) + np.bincount(v, weights=w,
                                                                     minlength=P.n)
    return out


def _eigenvector(P: Prepared) -> np.ndarray:
    n = P.n
    if n == 0:
        return np.empty(0)
    if P.directed:
        return _power_iteration(P.W)
    from .structure import connected_components  # numpy: no scipy.sparse.csgraph import

    ncomp, labels = connected_components(P.W, directed=False)
    lam = np.zeros(ncomp)
    vecs: list[np.ndarray] = [np.ones(1)] * ncomp
    members: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * ncomp
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(ncomp + 1))
    for c in range(ncomp):
        idx = order[bounds[c]:bounds[c + 1]]
        members[c] = idx
        if idx.size > 1:
            lam[c], vecs[c] = _leading_pair(P.W[idx][:, idx])
    top = lam.max()
    x = np.zeros(n)
    for c in np.flatnonzero(np.abs(lam - top) <= 1e-9 * max(1.0, top)):
        v = vecs[c]
        x[members[c]] = v * v.sum()  # projection of the ones vector on v
    return x / np.linalg.norm(x)


def _leading_pair(M: sp.csr_array) -> tuple[float, np.ndarray]:
    """Largest eigenvalue and its non-negative unit eigenvector of a connected
    symmetric non-negative matrix."""
    if M.shape[0] < DENSE_EIGEN_BELOW:
        values, vectors = np.linalg.eigh(M.toarray())
        lam, v = values[-1], vectors[:, -1]
    else:
        from scipy.sparse.linalg import ArpackNoConvergence, eigsh

        try:
            values, vectors = eigsh(M.astype(float), k=1, which="LA", tol=1e-12)
            lam, v = values[0], vectors[:, 0]
        except ArpackNoConvergence:
            values, vectors = np.linalg.eigh(M.toarray())
            lam, v = values[-1], vectors[:, -1]
    v = np.abs(v)  # Perron vector: one sign; abs also clears -0.0 and rounding noise
    return float(lam), v / np.linalg.norm(v)


def _power_iteration(W: sp.csr_array, max_iter: int = 10000, tol: float = 1e-10) -> np.ndarray:
    n = W.shape[0]
    M = (W.T + sp.eye_array(n, format="csr")).tocsr()
    x = np.full(n, 1.0 / n)
    for _step in range(max_iter):
        last = x
        x = M @ last
        x = x / np.linalg.norm(x)
        if np.abs(x - last).sum() < n * tol:
            return x
    warnings.warn("eigenvector centrality did not converge on this directed network; "
                  "its values are left empty (NaN)", RuntimeWarning, stacklevel=3)
    return np.full(n, np.nan)


def _pagerank(P: Prepared, *, alpha: float) -> np.ndarray:
    if P.n == 0:
        return np.empty(0)
    import networkx as nx

    u, v, w = P.edges()
    H: nx.Graph = nx.DiGraph() if P.directed else nx.Graph()
    H.add_nodes_from(range(P.n))
    H.add_weighted_edges_from(zip(u.tolist(), v.tolist(), w.tolist(), strict=True))
    try:
        pr = nx.pagerank(H, alpha=alpha, weight="weight", max_iter=1000, tol=1e-10)
    except nx.PowerIterationFailedConvergence:
        warnings.warn("PageRank did not converge; its values are left empty (NaN)",
                      RuntimeWarning, stacklevel=3)
        return np.full(P.n, np.nan)
    return np.array([pr[i] for i in range(P.n)])
