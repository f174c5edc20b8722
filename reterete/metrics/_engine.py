"""One place that decides how path measures are computed: igraph or networkx.

networkx is the API users see; python-igraph computes shortest-path measures
(betweenness, closeness, harmonic closeness) 20-40 times faster, so
:func:`path_measures` converts a graph once (a factorised node index and a
sparse strength matrix) and runs all three on that one conversion. Both
engines give the same numbers; the tests run both.

Strength becomes distance as ``1 / strength`` for path measures: a tie seen
ten times is a short, easy path, never a long one.
"""

from __future__ import annotations

import functools
import math
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from ..errors import InputError

if TYPE_CHECKING:  # networkx is imported where a graph is handed over, not for tie tables
    import networkx as nx

__all__ = ["ENGINES", "SAMPLE_K", "PRECISIONS", "TIME_BUDGET", "DEFAULT_TOP",
           "EPSILON", "Prepared", "prepare", "prepare_ties", "choose_engine", "path_measures",
           "estimate_exact_seconds"]

#: Accepted ``engine=`` values.
ENGINES = ("auto", "igraph", "networkx")
#: Default number of sampled sources (the older ``k=`` estimate, no stated bound).
SAMPLE_K = 500
#: ``precision=`` values of :func:`path_measures`.
PRECISIONS = ("auto", "exact", "approx", "top")
#: With ``precision="auto"``, networks up to this size are computed exactly
#: without calibration (a second or less here).
ALWAYS_EXACT_UP_TO = 2000
#: Seconds the exact computation may take before ``"auto"`` approximates.
TIME_BUDGET = 30.0
#: How many top actors ``"top"`` guarantees by default.
DEFAULT_TOP = 20
#: Default ``epsilon`` per (measure, precision), in networkx's normalisation
#: (harmonic closeness: per n - 1 actors). KADABRA's cost grows as 1/epsilon**2.
EPSILON = {("betweenness", "approx"): 0.01, ("betweenness", "top"): 0.002,
           ("closeness", "approx"): 0.05, ("closeness", "top"): 0.05}


@dataclass(frozen=True)
class Prepared:
    """A graph reduced to what the metrics need.

    ``nodes`` keeps ``list(G)`` order; ``W`` is the n x n sparse strength
    matrix (symmetric when undirected; parallel edges summed, self-loops
    left out); ``directed`` says which.
    """

    nodes: list[Any]
    W: sp.csr_array
    directed: bool

    @property
    def n(self) -> int:
        return len(self.nodes)

    @functools.cached_property
    def binary(self) -> sp.csr_array:
        """The 0/1 adjacency matrix (computed once; do not modify it)."""
        B = self.W.copy()
        B.data = np.ones_like(B.data)
        return B

    @functools.cached_property
    def undirected(self) -> sp.csr_array:
        """The 0/1 adjacency of the undirected version (a tie either way is a tie)."""
        if not self.directed:
            return self.binary
        U = sp.csr_array(self.binary + self.binary.T)
        U.data = np.ones_like(U.data)
        return U

    @functools.cached_property
    def undirected_degree(self) -> np.ndarray:
        """Distinct neighbours of each actor in the undirected version."""
        return np.diff(self.undirected.indptr).astype(np.int64)

    @functools.cached_property
    def igraph(self) -> Any:
        """The same graph as an ``igraph.Graph`` (built once), strengths in edge attribute ``w``.

        Vertex i is ``nodes[i]``; each undirected tie is one edge.
        """
        import igraph as ig

        u, v, w = self.edges()
        g = ig.Graph(n=self.n, edges=np.column_stack([u, v]).tolist(), directed=self.directed)
        g.es["w"] = w.tolist()
        return g

    def number_of_nodes(self) -> int:
        """As networkx's: so the cheap measures take a ``Prepared`` where they take a graph."""
        return self.n

    def is_directed(self) -> bool:
        return self.directed

    @functools.cached_property
    def unweighted(self) -> Prepared:
        """The same actors with every tie of strength 1 (what ``weight=None`` uses)."""
        return Prepared(self.nodes, self.binary, self.directed)

    def edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Edge list (u index, v index, strength), each undirected tie once."""
        M = sp.triu(self.W, k=1) if not self.directed else self.W
        M = sp.coo_array(M)
        return M.row.astype(np.int64), M.col.astype(np.int64), M.data.astype(float)


def prepare(G: nx.Graph, weight: str | None = None) -> Prepared:
    """Factorise ``G``'s nodes and build its strength matrix.

    A missing ``weight`` attribute counts as 1 (as in networkx); a weight that
    is not a positive number is an :class:`~reterete.errors.InputError`,
    because it cannot be a tie strength.

    The result is kept in ``G.__networkx_cache__`` (networkx's own cache for
    converted graphs, which every networkx method that changes ``G`` clears),
    so the cheap measures called one after another on one graph convert it
    once. Changing an attribute in place (``G.edges[u, v]["weight"] = 3``) is
    not seen by networkx's cache: call ``G.__networkx_cache__.clear()`` after
    such a change, as for networkx's backends. ``nx.config.cache_converted_graphs
    = False`` turns the cache off. The arrays of the result are shared: do not
    modify them.

    Examples
    --------
    >>> import networkx as nx
    >>> P = prepare(nx.Graph([("a", "b", {"w": 2.0}), ("b", "c", {})]), weight="w")
    >>> P.nodes, P.W.toarray().tolist()
    (['a', 'b', 'c'], [[0.0, 2.0, 0.0], [2.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    """
    if isinstance(G, Prepared):  # built from a tie table (prepare_ties)
        return G if weight is not None else G.unweighted
    cache = _cache_of(G)
    key = ("reterete.prepared", weight)
    if cache is not None and key in cache:
        return cache[key]
    P = _prepare(G, weight)
    if cache is not None:
        cache[key] = P
    return P


def prepare_ties(ties: Any, *, actors: Any = None, weight: str = "weight",
                 directed: bool = False) -> Prepared:
    """The array form straight from a tie table, with no networkx graph in between.

    ``ties`` has columns ``u``, ``v`` and ``weight`` (the strength), as
    :meth:`reterete.Network.ties` returns them; ``actors`` (optional) lists
    every actor to keep, isolates included, in that order (by default the
    actors met, in order of first appearance). Self-loops are left out; a
    tie listed twice is one tie whose strength is the sum. The result stands
    in for a graph in :func:`~reterete.metrics.density`,
    :func:`~reterete.metrics.mean_degree`,
    :func:`~reterete.metrics.degree_centralization`,
    :func:`~reterete.metrics.constraint`,
    :func:`~reterete.metrics.centrality.eigenvector` and
    :func:`~reterete.metrics.centrality.degree`: ``prepare(P)`` is ``P``
    itself (its strengths), ``prepare(P, None)`` its 0/1 ties.

    Examples
    --------
    >>> import pandas as pd
    >>> P = prepare_ties(pd.DataFrame({"u": ["a", "b"], "v": ["b", "c"], "weight": [2.0, 1.0]}))
    >>> P.nodes, P.W.toarray().tolist()
    (['a', 'b', 'c'], [[0.0, 2.0, 0.0], [2.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    """
    import pandas as pd

    u = np.asarray(ties["u"], dtype=object)
    v = np.asarray(ties["v"], dtype=object)
    keep = u != v
    u, v = u[keep], v[keep]
    w = _as_strength(np.asarray(ties[weight])[keep], weight) if weight in ties else \
        np.ones(len(u))
    if actors is None:
        codes, uniques = pd.factorize(np.concatenate([u, v]))
        nodes = list(uniques)
    else:
        nodes = list(actors)
        codes = pd.Index(nodes).get_indexer(np.concatenate([u, v]))
        if (codes < 0).any():
            raise InputError("a tie names an actor that is not in the actors given")
    n, m = len(nodes), len(u)
    rows, cols = codes[:m].astype(np.int64), codes[m:].astype(np.int64)
    if not directed:
        rows, cols, w = np.concatenate([rows, cols]), np.concatenate([cols, rows]), \
            np.concatenate([w, w])
    W = sp.csr_array(sp.coo_array((w.astype(float), (rows, cols)), shape=(n, n)))
    W.sum_duplicates()
    return Prepared(nodes, W, directed)


def _cache_of(G: nx.Graph) -> dict | None:
    cache = getattr(G, "__networkx_cache__", None)
    if not isinstance(cache, dict):
        return None
    nx = sys.modules.get("networkx")  # loaded: G is a networkx graph
    if not getattr(getattr(nx, "config", None), "cache_converted_graphs", True):
        return None
    return cache


def _prepare(G: nx.Graph, weight: str | None) -> Prepared:
    nodes = list(G)
    n = len(nodes)
    directed = G.is_directed()
    index = {v: i for i, v in enumerate(nodes)}
    # ids straight into arrays: a million (u, v, w) tuples would each stay alive
    # until the end, and the collector, counting them, rescans the whole graph
    # (3.7 s instead of 0.4 s on 1M ties)
    if not G.is_multigraph():
        # the adjacency read once: each row's neighbours (both directions when
        # undirected, as the matrix holds them)
        adj = G._adj
        deg = np.fromiter(map(len, adj.values()), dtype=np.int64, count=n)
        rows = np.repeat(np.arange(n, dtype=np.int64), deg)
        cols = np.fromiter((index[x] for nbrs in adj.values() for x in nbrs),
                           dtype=np.int64, count=int(deg.sum()))
        if weight is None:
            vals = np.ones(len(rows))
        else:
            raw = [d.get(weight, 1) for nbrs in adj.values() for d in nbrs.values()]
            vals = _as_strength(np.asarray(raw), weight) if raw else np.empty(0, dtype=float)
        loop = rows == cols
        if loop.any():
            rows, cols, vals = rows[~loop], cols[~loop], vals[~loop]
        # already row by row, each neighbour once: the matrix without a coo conversion
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])
        W = sp.csr_array((vals.astype(float), cols, indptr), shape=(n, n))
        W.sort_indices()
        return Prepared(nodes, W, directed)
    else:
        rows = np.fromiter((index[u] for u, v in G.edges() if u != v), dtype=np.int64,
                           count=-1)
        cols = np.fromiter((index[v] for u, v in G.edges() if u != v), dtype=np.int64,
                           count=-1)
        if weight is None:
            vals = np.ones(len(rows))
        else:
            raw = [d.get(weight, 1) for u, v, d in G.edges(data=True) if u != v]
            vals = _as_strength(np.asarray(raw), weight) if raw else np.empty(0, dtype=float)
        if not directed:
            rows, cols, vals = (np.concatenate([rows, cols]), np.concatenate([cols, rows]),
                                np.concatenate([vals, vals]))
    W = sp.csr_array(sp.coo_array((vals, (rows, cols)), shape=(n, n)))
    W.sum_duplicates()
    if weight is None:  # a MultiGraph's parallel edges are still one tie
        W.data = np.ones_like(W.data)
    return Prepared(nodes, W, directed)


def choose_engine(engine: str = "auto") -> str:
    """``"igraph"`` when asked or when ``"auto"`` finds it installed, else ``"networkx"``."""
    if engine not in ENGINES:
        raise InputError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "networkx":
        return engine
    try:
        import igraph  # noqa: F401
    except ImportError:
        if engine == "igraph":
            raise InputError("engine='igraph' needs python-igraph: pip install python-igraph") \
                from None
        return "networkx"
    return "igraph"


def path_measures(P: Prepared, *, weighted: bool = False, engine: str = "auto",
                  precision: str = "auto", top: int = DEFAULT_TOP,
                  epsilon: float | None = None, delta: float = 0.1,
                  time_budget: float = TIME_BUDGET, exact: bool = False, k: int | None = None,
                  seed: int | None = None) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Betweenness, closeness and harmonic closeness, networkx-normalised.

    Returns the three arrays (in ``P.nodes`` order) and a description of how
    they were computed: ``engine``, ``precision`` (``"exact"``, ``"approx"``,
    ``"top"`` or ``"sampled"``), one sentence per measure (``betweenness``,
    ``closeness``, ``harmonic``) and, when not exact, ``epsilon``, ``delta``
    and ``top``; with ``precision="auto"`` also ``estimated_exact_seconds``.

    ``precision`` (see :mod:`reterete.metrics._approx` for the guarantees):

    - ``"exact"``: every value exact (igraph or networkx);
    - ``"approx"``: every value within ``epsilon`` with probability >= ``1 - delta``
      (betweenness by KADABRA; closeness and harmonic closeness from sampled
      sources with Hoeffding intervals);
    - ``"top"``: the ``top`` highest of each measure found with a guarantee
      (betweenness: KADABRA's top-k; closeness and harmonic: exact top-k
      searches, then exact values), the others estimated;
    - ``"auto"``: ``"exact"`` when a quick calibration (a few breadth-first
      searches timed on this machine) says it takes at most ``time_budget``
      seconds, else ``"top"``. Networks up to :data:`ALWAYS_EXACT_UP_TO`
      actors are always exact. Directed networks are always exact.

    ``exact=True`` is ``precision="exact"``; ``k`` keeps the older estimate from
    ``k`` sampled sources (unbiased, no stated bound). ``epsilon`` defaults to
    :data:`EPSILON` (per measure and mode).

    Betweenness is normalised by 2 / ((n-1)(n-2)) (undirected) or
    1 / ((n-1)(n-2)) (directed); closeness is Wasserman and Faust's
    ``(r-1)/(n-1) * (r-1)/sum(d)`` over the r actors that reach the actor;
    harmonic closeness is ``sum(1/d)`` (not normalised), as networkx does.
    """
    name = choose_engine(engine)
    if precision not in PRECISIONS:
        raise InputError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    n = P.n
    how: dict[str, Any] = {"engine": name}
    if exact:
        precision = "exact"
    if k is not None:
        return _sampled_sources(P, weighted, name, k, seed, how)
    if n == 0:
        empty = np.empty(0)
        how.update(precision="exact", betweenness="exact", closeness="exact",
                   harmonic="exact")
        return {"betweenness": empty, "closeness": empty, "harmonic": empty}, how
    if precision == "auto":
        precision = "exact"
        if n > ALWAYS_EXACT_UP_TO and not P.directed:
            seconds = estimate_exact_seconds(P, weighted=weighted, seed=seed)
            how["estimated_exact_seconds"] = round(seconds, 1)
            if seconds > time_budget:
                precision = "top"
    if precision != "exact" and P.directed:
        how["note"] = "directed network: computed exactly (the approximations are undirected)"
        precision = "exact"
    how["precision"] = precision
    if precision == "exact":
        return _exact(P, weighted, name, None, how)
    return _approximate(P, weighted, precision, top, epsilon, delta, seed, how, time_budget)


def estimate_exact_seconds(P: Prepared, *, weighted: bool = False, sources: int = 16,
                           seed: int | None = None) -> float:
    """Seconds the exact path measures would take here, from a few timed searches.

    Times igraph's betweenness from ``sources`` random sources and its
    closeness of those actors (one search each), then scales by n / sources:
    betweenness once, closeness twice (closeness and harmonic closeness are
    one search each per actor).
    """
    import time

    g = P.igraph
    rng = np.random.default_rng(seed)
    chosen = rng.choice(P.n, size=min(P.n, sources), replace=False).tolist()
    dist = (1.0 / np.asarray(g.es["w"])).tolist() if weighted else None
    t0 = time.perf_counter()
    g.betweenness(sources=chosen, targets=None, weights=dist)
    t1 = time.perf_counter()
    g.closeness(vertices=chosen, weights=dist)
    t2 = time.perf_counter()
    return ((t1 - t0) + 2 * (t2 - t1)) * P.n / len(chosen)


def _exact(P, weighted, name, sources, how):
    n = P.n
    run = _igraph_measures if name == "igraph" else _networkx_measures
    between, close, harmonic, reach = run(P, weighted, sources)
    if sources is not None:
        between = between * (n / len(sources))
    if n > 2:
        between = between * ((2.0 if not P.directed else 1.0) / ((n - 1) * (n - 2)))
    with np.errstate(divide="ignore", invalid="ignore"):
        close = np.where(close > 0, reach / close, 0.0)
        close = close * (reach / (n - 1)) if n > 1 else np.zeros(n)
    label = "exact" if sources is None else f"sampled k={len(sources)}"
    how.setdefault("precision", "exact" if sources is None else "sampled")
    how.update(betweenness=label, closeness="exact", harmonic="exact")
    return {"betweenness": between, "closeness": close, "harmonic": harmonic}, how


def _sampled_sources(P, weighted, name, k, seed, how):
    n = P.n
    k = min(n, int(k))
    if k < 1:
        raise InputError("k, the number of sampled sources, must be at least 1")
    sources = None
    if k < n:
        rng = np.random.default_rng(seed)
        sources = np.sort(rng.choice(n, size=k, replace=False))
    if n == 0:
        empty = np.empty(0)
        return {"betweenness": empty, "closeness": empty, "harmonic": empty}, how
    return _exact(P, weighted, name, sources, how)


def _approximate(P, weighted, precision, top, epsilon, delta, seed, how, time_budget):
    from . import _approx

    top_k = int(top) if precision == "top" else None
    if top_k is not None and top_k < 1:
        raise InputError("top must be at least 1")
    eps_b = epsilon if epsilon is not None else EPSILON[("betweenness", precision)]
    eps_c = epsilon if epsilon is not None else EPSILON[("closeness", precision)]
    if weighted:
        b = _approx.weighted_betweenness(P.W, epsilon=eps_b, delta=delta, seed=seed)
    elif top_k is not None:
        # without a stated bound, one more run planned from the first one's estimates
        b = _approx.top_betweenness(P.W, top=min(top_k, P.n), epsilon=eps_b, delta=delta,
                                    seed=seed, refine=epsilon is None)
    else:
        b = _approx.approx_betweenness(P.W, epsilon=eps_b, delta=delta, seed=seed)
    c, h = _approx.sampled_closeness(P.W, weighted=weighted, epsilon=eps_c, delta=delta,
                                     top=top_k, seed=seed)
    how.update(betweenness=b.method, closeness=c.method, harmonic=h.method,
               epsilon={"betweenness": b.epsilon, "closeness": c.epsilon,
                        "harmonic": h.epsilon},
               delta=delta, top=top_k, engine="networkit+scipy",
               details={"betweenness": {"method": b.extra["method"],
                                        "samples": b.extra.get("samples"),
                                        "largest": float(b.values.max()) if P.n else 0.0,
                                        "bias": b.extra.get("bias"),
                                        **_certainty(P, b)},
                        "closeness": {"sources": c.extra["sources"],
                                      "exact": c.exact_count}})
    return {"betweenness": b.values, "closeness": c.values, "harmonic": h.values}, how


def _certainty(P: Prepared, b) -> dict[str, Any]:
    """The top-k actors that are certain and those that may be in, as actor ids."""
    if "certain" not in b.extra:
        return {}
    out = {"certain": [P.nodes[i] for i in b.extra["certain"]],
           "possible": [P.nodes[i] for i in b.extra["possible"]],
           "competing": len(b.extra["possible"]) - len(b.extra["certain"]),
           "bounds_tried": b.extra["runs"], "kth": b.extra["kth"],
           "rankable": b.extra["rankable"]}
    if not b.extra["rankable"]:
        # a flat top: the thousands that "may be" in it are not listed
        out["possible"] = []
        seconds = b.extra["seconds"] * (b.extra["needed_samples"] / max(b.extra["samples"], 1))
        out.update(needed_epsilon=b.extra["needed"], needed_samples=b.extra["needed_samples"],
                   needed_seconds=round(seconds, 1))
    return out


# ---------------------------------------------------------------------------
def _as_strength(vals: np.ndarray, weight: str | None) -> np.ndarray:
    try:
        out = vals.astype(float)
    except (TypeError, ValueError):
        raise InputError(f"tie weights {weight!r} must be numbers") from None
    bad = ~np.isfinite(out) | (out <= 0)
    if bad.any():
        raise InputError(f"tie weights {weight!r} must be positive numbers to be used as "
                         f"strengths (found {out[bad][0]!r})")
    return out


def _networkx_measures(P: Prepared, weighted: bool, sources: np.ndarray | None):
    """Raw betweenness (pairs), sum of distances to each actor, harmonic, reach."""
    import networkx as nx

    u, v, w = P.edges()
    H: nx.Graph = nx.DiGraph() if P.directed else nx.Graph()
    H.add_nodes_from(range(P.n))
    dists, unit = _distances(w) if weighted else ([1] * len(w), 1)
    H.add_weighted_edges_from(zip(u.tolist(), v.tolist(), dists, strict=True), weight="d")
    dist = "d" if weighted else None
    if sources is None:
        bc = nx.betweenness_centrality(H, normalized=False, weight=dist)
    else:
        bc = nx.betweenness_centrality_subset(H, sources.tolist(), list(H), normalized=False,
                                              weight=dist)
    between = np.array([bc[i] for i in range(P.n)], dtype=float)
    total = np.zeros(P.n)
    reach = np.zeros(P.n)
    harmonic = np.zeros(P.n)
    R = H.reverse(copy=False) if P.directed else H
    for i in range(P.n):  # distances *to* i, as networkx's closeness uses
        lengths = (nx.single_source_dijkstra_path_length(R, i, weight="d") if weighted
                   else nx.single_source_shortest_path_length(R, i))
        d = [x for j, x in lengths.items() if j != i]
        total[i] = float(sum(d) / unit)
        reach[i] = len(d)
        if d:
            harmonic[i] = (float(unit) / np.array([float(x) for x in d])).sum()
    return between, total, harmonic, reach


def _distances(w: np.ndarray) -> tuple[list, int]:
    """Distances 1/w as lengths that compare as igraph compares them, and their unit.

    networkx's Dijkstra compares path lengths with ``<`` and ``==``; igraph
    compares them with a relative tolerance (:data:`PATH_EPSILON`), so that
    1/0.2 + 1/0.6 and 1/0.3 + 1/0.3, equal lengths whose float sums differ
    in the last bit, are one tie of two shortest paths. :class:`_Length`
    gives networkx the same comparison, so both engines find the same
    shortest paths. Whole-number strengths give exact integer lengths
    instead (equal sums are equal, unequal ones differ far beyond the
    tolerance), in units of ``1 / L``.
    """
    if len(w) == 0:
        return [], 1
    if np.all(w == np.round(w)) and w.max() < 2 ** 31:
        # whole strengths (counts, the usual case): exact integers L // w with L
        # the least common multiple of the strengths, faster than tolerant floats
        whole = w.astype(np.int64)
        unit = math.lcm(*np.unique(whole).tolist())
        return [unit // x for x in whole.tolist()], unit
    return [_Length(1.0 / x) for x in w.tolist()], 1


#: Relative tolerance under which two path lengths are equal (igraph's
#: ``IGRAPH_SHORTEST_PATH_EPSILON``).
PATH_EPSILON = 1e-10


def _compare(a: float, b: float) -> int:
    """-1, 0 or 1 as igraph's ``igraph_cmp_epsilon(a, b, PATH_EPSILON)``."""
    a, b = float(a), float(b)
    if a == b:
        return 0
    diff = a - b
    total = abs(a) + abs(b)
    if a == 0 or b == 0 or total < sys.float_info.min:
        same = abs(diff) < PATH_EPSILON * sys.float_info.min
    elif not math.isfinite(total):
        same = abs(diff) < PATH_EPSILON * abs(a)
    else:
        same = abs(diff) / total < PATH_EPSILON
    return 0 if same else (-1 if diff < 0 else 1)


class _Length(float):
    """A path length whose ``==`` and ``<`` allow igraph's relative tolerance."""

    __slots__ = ()

    def __add__(self, other):
        return _Length(float(self) + float(other))

    __radd__ = __add__

    def __eq__(self, other):
        return isinstance(other, (int, float)) and _compare(self, other) == 0

    def __ne__(self, other):
        return not self.__eq__(other)

    def __lt__(self, other):
        return _compare(self, other) < 0

    def __le__(self, other):
        return _compare(self, other) <= 0

    def __gt__(self, other):
        return _compare(self, other) > 0

    def __ge__(self, other):
        return _compare(self, other) >= 0

    __hash__ = float.__hash__


def _igraph_measures(P: Prepared, weighted: bool, sources: np.ndarray | None):
    g = P.igraph
    dist = (1.0 / np.asarray(g.es["w"])).tolist() if weighted else None
    between = np.asarray(g.betweenness(weights=dist, directed=P.directed,
                                       sources=None if sources is None else sources.tolist(),
                                       targets=None), dtype=float)
    mode = "in" if P.directed else "all"
    # igraph's closeness is (r-1)/sum(d) over reachable actors (NaN if none)
    close = np.asarray(g.closeness(mode=mode, weights=dist, normalized=True), dtype=float)
    if P.directed:
        reach = np.asarray(g.neighborhood_size(order=P.n, mode="in"), dtype=float) - 1
    else:
        membership = np.asarray(g.connected_components().membership)
        reach = np.bincount(membership)[membership].astype(float) - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        total = np.where(reach > 0, reach / close, 0.0)
    harmonic = np.asarray(g.harmonic_centrality(mode=mode, weights=dist, normalized=False),
                          dtype=float)
    return between, total, harmonic, reach
