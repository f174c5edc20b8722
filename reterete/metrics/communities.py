r"""Communities: groups of actors more tied among themselves than to others.

A partition into groups is scored by Newman's modularity with resolution
:math:`\gamma`,

.. math:: Q = \frac{1}{2m} \sum_{ij} \Big(A_{ij} - \gamma \frac{k_i k_j}{2m}\Big)
          \delta(c_i, c_j),

and the partition is found by the Leiden algorithm of Traag, Waltman and
van Eck (2019) on that objective, through igraph (``community_leiden``),
repeated until no node moves. Leiden guarantees connected groups, which
Louvain does not. A partition is a *description at a resolution*, not a fact
about the network: a higher resolution gives more, smaller groups; a lower
one fewer, larger ones; and two partitions of nearly equal modularity may
differ. :func:`communities` records the method, the resolution and the seed
that made it, and gives the same groups for the same seed.

Each group is described by its size, the kinds, sectors and sites of its
members, the ties inside it and to other groups, and its *leaders*: the
members with most ties inside the group, which name it in plain words. The
participation coefficient of Guimerà and Amaral (2005),

.. math:: P_i = 1 - \sum_s \Big(\frac{k_{is}}{k_i}\Big)^2,

(:math:`k_{is}` the ties of i to group s) tells the actors whose ties spread
over several groups: the bridges between them (0 for an actor whose ties all
stay in one group or who has none).

References
----------
.. [1] Traag, V. A., Waltman, L. and van Eck, N. J. (2019). From Louvain to
   Leiden: guaranteeing well-connected communities. Scientific Reports 9, 5233.
.. [2] Newman, M. E. J. (2006). Modularity and community structure in
   networks. PNAS 103(23), 8577-8582.
.. [3] Reichardt, J. and Bornholdt, S. (2006). Statistical mechanics of
   community detection. Physical Review E 74, 016110 (the resolution).
.. [4] Guimerà, R. and Amaral, L. A. N. (2005). Functional cartography of
   complex metabolic networks. Nature 433, 895-900.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..i18n import _, ngettext

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["communities", "Communities", "participation_coefficient", "group_name", "LEADERS"]

#: How many of its most tied members name a group.
LEADERS = 3

#: At most this many Leiden runs on a small network, keeping the best partition.
MAX_RESTARTS = 50

#: Small means: the runs' ties add up to at most this many (see :func:`restarts_for`).
RESTART_TIES = 200_000

#: Columns of :attr:`Communities.table`.
TABLE_COLUMNS = ["size", "leaders", "kinds", "sectors", "sites", "internal_ties",
                 "external_ties", "actors"]


@dataclass(frozen=True)
class Communities:
    """Groups of actors found at one resolution, and how they were found.

    Attributes
    ----------
    membership : Series
        Group id of every actor (indexed by actor, ``list(G)`` order). Group 0
        is the largest; ties in size are ordered by their smallest member's
        ``str``.
    groups : tuple of tuples
        The members of each group, by id; within a group the most tied inside
        it first (ties broken by ``str``).
    modularity : float
        Modularity of the partition at ``resolution``, with the weights used
        (NaN when the network has no tie).
    method : str
        ``"leiden"`` (igraph, modularity objective).
    resolution : float
        The resolution :math:`\\gamma`: higher gives more, smaller groups.
    seed : int
        The seed of Leiden's random choices (drawn when none was given).
    weight : str or None
        The edge attribute read as tie strength (None: every tie counts 1).
    table : DataFrame
        One row per group id: ``size``, ``leaders`` (the :data:`LEADERS`
        most tied inside the group), ``kinds``, ``sectors``, ``sites``
        (dicts value -> number of members, most frequent first; actors
        without the attribute left out), ``internal_ties``,
        ``external_ties`` (ties to other groups) and ``actors``.
    participation : Series
        Participation coefficient of every actor (see the module).
    """

    membership: pd.Series
    groups: tuple[tuple[Any, ...], ...]
    modularity: float
    method: str
    resolution: float
    seed: int
    weight: str | None
    table: pd.DataFrame = field(repr=False)
    participation: pd.Series = field(repr=False)

    def __len__(self) -> int:
        return len(self.groups)

    def bridges(self, n: int = 5) -> pd.Series:
        """The ``n`` actors with the highest participation coefficient above 0
        (ties broken by ``str``): those whose ties spread over several groups."""
        p = self.participation[self.participation > 0]
        order = sorted(p.index, key=lambda a: (-p[a], str(a)))[:n]
        return p[order]


def communities(G: nx.Graph, *, resolution: float = 1.0, seed: int | None = None,
                weight: str | None = None) -> Communities:
    """Groups of actors by the Leiden algorithm on modularity.

    Parameters
    ----------
    G : networkx graph
        Any graph, any node labels. A directed graph is read as undirected (a
        tie either way is a tie, its strengths added); self-loops are left
        out; isolates are groups of their own.
    resolution : float
        Modularity's resolution (positive; default 1.0, Newman's modularity).
        Higher values give more, smaller groups.
    seed : int, optional
        Seed of Leiden's random order of visits: the same seed gives the same
        groups. Without one a seed is drawn and recorded in the result.
    weight : str, optional
        Edge attribute read as tie strength (a missing value counts 1). None
        (default): every tie counts 1.

    Returns
    -------
    Communities
        The partition, its modularity, the method and parameters, and the
        description of each group.

    Notes
    -----
    The modularity reported is ``networkx.community.modularity`` of the
    partition (the tests check it). Leiden's moves are repeated until the
    partition no longer changes (``n_iterations=-1``); on networks of up to
    100,000 ties the best of several runs (seeds drawn from ``seed``) is kept,
    each from single actors and from igraph's Louvain partition (which Leiden
    then refines, so groups stay connected), since one run can stop at a
    partition below the best: on the path 5-4-0-1-2-3 Leiden alone stops at
    three pairs (Q = 0.26) where two triples give 0.30 (:func:`restarts_for`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barbell_graph(4, 0)   # two cliques joined by one tie
    >>> c = communities(G, seed=1)
    >>> [sorted(g) for g in c.groups]
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    >>> round(c.modularity, 4), c.method
    (0.4231, 'leiden')
    >>> c.bridges(2).round(3).to_dict()
    {3: 0.375, 4: 0.375}
    """
    from ._engine import prepare

    if not (isinstance(resolution, (int, float)) and np.isfinite(resolution)
            and resolution > 0):
        raise InputError(_("The resolution must be a positive number, not {value}.")
                         .format(value=resolution))
    P = prepare(G, weight)
    u, v, w = P.edges()
    if P.directed:  # one undirected tie per pair, strengths added
        u, v, w = _undirected_edges(P.n, u, v, w)
        if weight is None:
            w = np.ones(len(u))
    nodes = P.nodes
    if seed is None:
        seed = int(np.random.default_rng().integers(2**31 - 1))
    labels, q = _leiden(P.n, u, v, w if weight is not None else None,
                        resolution=resolution, seed=int(seed))
    labels = _relabel(labels, nodes)
    deg = np.bincount(np.concatenate([u, v]), minlength=P.n)
    same = labels[u] == labels[v]
    inside = np.bincount(np.concatenate([u[same], v[same]]), minlength=P.n)
    from .._gc import collector_paused

    with collector_paused():   # tuples and dicts of every actor, no cycle among them
        groups = _members(labels, nodes, inside)
        membership = pd.Series(labels, index=pd.Index(nodes, name="actor", dtype=object),
                               name="community")
        part = pd.Series(_participation(P.undirected, labels), index=membership.index,
                         name="participation")
        table = _describe(G, groups, labels, u, v, same, deg)
    return Communities(membership=membership, groups=groups, modularity=q, method="leiden",
                       resolution=float(resolution), seed=int(seed), weight=weight,
                       table=table, participation=part)


def participation_coefficient(G: nx.Graph, membership: pd.Series | dict) -> pd.Series:
    """Guimerà and Amaral's participation coefficient of every actor.

    ``1 - sum over groups s of (ties to s / ties)^2``, on the undirected binary
    graph; 0 for an actor without ties. ``membership`` maps every actor to a
    group.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("a", "c")])
    >>> participation_coefficient(G, {"a": 0, "b": 0, "c": 1}).to_dict()
    {'a': 0.5, 'b': 0.0, 'c': 0.0}
    """
    from ._engine import prepare

    P = prepare(G)
    codes, _names = pd.factorize(pd.Series([membership[a] for a in P.nodes], dtype=object))
    return pd.Series(_participation(P.undirected, codes), name="participation",
                     index=pd.Index(P.nodes, name="actor", dtype=object))


def group_name(names: list[str], size: int) -> str:
    """A group in plain words: its most tied members, and how many others.

    Examples
    --------
    >>> group_name(["Ada", "Bea"], 5)
    'Ada, Bea and 3 others'
    """
    shown = ", ".join(names)
    rest = size - len(names)
    if rest <= 0:
        return shown
    return ngettext("{names} and {n} other", "{names} and {n} others", rest).format(
        names=shown, n=rest)


# ---------------------------------------------------------------------------
def _undirected_edges(n: int, u: np.ndarray, v: np.ndarray, w: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    key, inverse = np.unique(lo * max(n, 1) + hi, return_inverse=True)
    return (key // max(n, 1)).astype(np.int64), (key % max(n, 1)).astype(np.int64), \
        np.bincount(inverse, weights=w)


def restarts_for(ties: int) -> int:
    """How many Leiden runs :func:`communities` keeps the best of: up to
    :data:`MAX_RESTARTS` while their ties add up to :data:`RESTART_TIES`, one
    on a large network (where one run is seconds and its partition rarely
    beaten)."""
    return int(max(1, min(MAX_RESTARTS, RESTART_TIES // max(ties, 1))))


def _leiden(n: int, u: np.ndarray, v: np.ndarray, w: np.ndarray | None, *,
            resolution: float, seed: int) -> tuple[np.ndarray, float]:
    """The best of :func:`restarts_for` Leiden runs (membership as ints, modularity),
    igraph's random numbers drawn from ``random.Random`` seeded from ``seed`` for
    this call only."""
    if n == 0:
        return np.zeros(0, dtype=np.int64), float("nan")
    import igraph as ig

    from .._gc import collector_paused

    # pairs of Python ints: igraph reads a numpy array element by element (3x
    # slower); the million pairs made with the collector paused, as it would
    # rescan the caller's whole heap (a networkx graph) while they are made
    with collector_paused():
        g = ig.Graph(n=n, edges=list(zip(u.tolist(), v.tolist(), strict=True)),
                     directed=False)
    weights = w.tolist() if w is not None and len(w) else None
    runs = restarts_for(len(u))
    seeds = [seed] + np.random.default_rng(seed).integers(2**31 - 1, size=runs - 1).tolist()
    best, best_q = None, -np.inf
    try:
        for s in seeds:
            ig.set_random_number_generator(random.Random(int(s)))
            starts = [None]
            if runs > 1:  # also from Louvain's partition: Leiden refines it, connected
                starts.append(g.community_multilevel(weights=weights,
                                                     resolution=resolution).membership)
            for start in starts:
                part = g.community_leiden(objective_function="modularity", weights=weights,
                                          resolution=resolution, n_iterations=-1,
                                          initial_membership=start)
                q = (g.modularity(part.membership, weights=weights, resolution=resolution)
                     if len(u) else float("nan"))
                if best is None or q > best_q + 1e-12:
                    best, best_q = part.membership, q
    finally:
        ig.set_random_number_generator(random)
    return np.asarray(best, dtype=np.int64), float(best_q)


def _relabel(labels: np.ndarray, nodes: list[Any]) -> np.ndarray:
    """Group ids by size (largest first), ties by the smallest ``str`` of a member."""
    k = int(labels.max()) + 1 if len(labels) else 0
    size = np.bincount(labels, minlength=k)
    names = np.array([str(a) for a in nodes], dtype=object)
    smallest = pd.Series(names).groupby(labels).min().reindex(range(k)).to_numpy()
    order = sorted(range(k), key=lambda g: (-size[g], smallest[g]))
    new = np.empty(k, dtype=np.int64)
    new[order] = np.arange(k)
    return new[labels]


def _members(labels: np.ndarray, nodes: list[Any], inside: np.ndarray
             ) -> tuple[tuple[Any, ...], ...]:
    k = int(labels.max()) + 1 if len(labels) else 0
    # the most tied inside first, then by str: one sort over all actors
    names = np.array([str(a) for a in nodes], dtype=object)
    rank = np.empty(len(nodes), dtype=np.int64)
    rank[np.argsort(names, kind="stable")] = np.arange(len(nodes))
    order = np.lexsort((rank, -inside, labels))
    bounds = np.searchsorted(labels[order], np.arange(k + 1))
    return tuple(tuple(nodes[i] for i in order[bounds[g]:bounds[g + 1]].tolist())
                 for g in range(k))


def _participation(A: Any, labels: np.ndarray) -> np.ndarray:
    """From the symmetric 0/1 adjacency ``A``: the ties of each actor to each group
    are ``A @ S`` with ``S`` the actors' one-hot groups (one sparse product)."""
    import scipy.sparse as sp

    n = A.shape[0]
    if n == 0:
        return np.zeros(0)
    k = int(labels.max()) + 1
    S = sp.csr_array((np.ones(n), (np.arange(n), labels)), shape=(n, k))
    K = sp.csr_array(A @ S)
    deg = np.diff(A.indptr).astype(float)
    rows = np.repeat(np.arange(n), np.diff(K.indptr))
    share2 = (K.data / deg[rows]) ** 2
    total = np.bincount(rows, weights=share2, minlength=n)
    return np.where(deg > 0, 1.0 - total, 0.0)


def _describe(G: nx.Graph, groups: tuple[tuple[Any, ...], ...], labels: np.ndarray,
              u: np.ndarray, v: np.ndarray, same: np.ndarray, deg: np.ndarray
              ) -> pd.DataFrame:
    k = len(groups)
    internal = np.bincount(labels[u[same]], minlength=k)
    external = (np.bincount(labels[u[~same]], minlength=k)
                + np.bincount(labels[v[~same]], minlength=k))
    attrs = [d for _a, d in G.nodes(data=True)]   # list(G) order, as labels
    tallies = {}
    for name, values, owner in (
            ("kinds", [d.get("kind") for d in attrs], labels),
            ("sectors", [d.get("sector") for d in attrs], labels),
            ("sites", *_flat_sites(attrs, labels))):
        tallies[name] = _tallies(values, owner, k)
    rows = []
    for g, members in enumerate(groups):
        rows.append({
            "size": len(members),
            "leaders": list(members[:LEADERS]),
            "kinds": tallies["kinds"][g],
            "sectors": tallies["sectors"][g],
            "sites": tallies["sites"][g],
            "internal_ties": int(internal[g]),
            "external_ties": int(external[g]),
            "actors": list(members),
        })
    return pd.DataFrame(rows, columns=TABLE_COLUMNS,
                        index=pd.RangeIndex(k, name="community"))


def _flat_sites(attrs: list[dict], labels: np.ndarray) -> tuple[list[Any], np.ndarray]:
    raw = [d.get("sites") for d in attrs]
    if all(x is None for x in raw):
        return [], np.zeros(0, dtype=np.int64)
    lists = [_as_list(x) for x in raw]
    sizes = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    return [s for x in lists for s in x], np.repeat(labels, sizes)


def _tallies(values: list[Any], owner: np.ndarray, k: int) -> list[dict[Any, int]]:
    """The values of each group 0..k-1 with how many members hold each (most
    frequent first, ties by ``str``; missing values left out), one count over all."""
    out: list[dict[Any, int]] = [{} for _ in range(k)]
    keep = [i for i, x in enumerate(values) if not _missing(x)]
    if not keep:
        return out
    codes, uniques = pd.factorize(pd.Series([values[i] for i in keep], dtype=object))
    own = owner[np.asarray(keep, dtype=np.int64)]
    m = len(uniques)
    key, count = np.unique(own.astype(np.int64) * m + codes, return_counts=True)
    words = [str(x) for x in uniques]
    bounds = np.searchsorted(key // m, np.arange(k + 1))
    for g in range(k):
        lo, hi = bounds[g], bounds[g + 1]
        if hi > lo:
            pairs = sorted(zip((key[lo:hi] % m).tolist(), count[lo:hi].tolist(), strict=True),
                           key=lambda kv: (-kv[1], words[kv[0]]))
            out[g] = {uniques[c]: int(n) for c, n in pairs}
    return out


def _as_list(value: Any) -> list[Any]:
    if value is None or _missing(value):
        return []
    if isinstance(value, str):
        return [value]
    try:
        return list(value)
    except TypeError:
        return [value]


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
