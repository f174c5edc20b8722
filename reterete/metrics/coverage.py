"""Maximum coverage: which few nodes reach most of a set of targets.

An antenna set ``A`` *covers* a target ``t`` when ``t`` is within ``hops``
steps of some member of ``A`` (members cover themselves: closed
neighbourhoods). Coverage is the share of targets covered,

.. math::  f(A) = |\\{t \\in T : d(A, t) \\le h\\}| \\; / \\; |T| ,

a monotone submodular set function, so the greedy choice carries the
:math:`1 - 1/e` guarantee (Nemhauser, Wolsey & Fisher 1978) and the integer
program below finds the optimum. :func:`min_cover` asks the other way round:
the fewest (or cheapest) nodes that reach at least a given share of the
targets, greedy within a logarithmic factor (Wolsey 1982) or proven minimal
by an integer program.

:func:`max_coverage` works on any networkx graph with any node labels and
returns a :class:`CoveragePlan`; :mod:`reterete.metrics.antennas` applies it
to a Network and a site as DESIGN.md defines them.
"""

from __future__ import annotations

import dataclasses
import math
import time
import warnings
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from ..errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse as sp


__all__ = ["CoveragePlan", "max_coverage", "min_cover", "parse_share", "coverage_of",
           "reach_matrix"]

METHODS = ("greedy", "exact")
#: Single lazy re-evaluations per greedy step before all gains are refreshed
#: at once with one sparse matrix-vector product.
_LAZY_EVALS = 64


# --------------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class CoveragePlan:
    """A set of antennas and what it covers (returned by :func:`max_coverage`).

    Attributes
    ----------
    selected : tuple
        Chosen nodes, forced ones first, then in the order the greedy rule
        would add them (largest marginal gain first).
    gains : tuple of int
        Marginal gain of each selected node: how many targets it newly reaches
        on top of the nodes before it. ``sum(gains) == len(covered)``.
    reaches : tuple of tuple
        Per selected node, the targets it newly reaches (sorted by ``str``).
    covered : frozenset
        Targets within ``hops`` of the selection.
    coverage : float
        ``len(covered) / targets``.
    bound : float
        An upper bound on the best coverage any feasible set reaches (never
        below the optimum): the data-dependent greedy bound, or the integer
        program's dual bound.
    optimal : bool or None
        True when the plan is proven optimal (``bound == coverage``); False
        when ``exact`` ran out of time without a proof; None for a greedy plan
        without proof.
    targets : int
        Number of targets.
    method : str
        ``"greedy"`` or ``"exact"``.
    cost : float or None
        Total cost of the selection when costs were given.
    parameters : dict
        The options that made the plan (k, hops, budget, time_limit, ...).
    """

    selected: tuple[Hashable, ...]
    gains: tuple[int, ...]
    reaches: tuple[tuple[Hashable, ...], ...]
    covered: frozenset[Hashable]
    coverage: float
    bound: float
    optimal: bool | None
    targets: int
    method: str
    cost: float | None = None
    parameters: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"CoveragePlan(selected={list(self.selected)!r}, coverage={self.coverage:.3f}, "
                f"bound={self.bound:.3f}, optimal={self.optimal}, method={self.method!r})")


# ------------------------------------------------------------------ graph level
def max_coverage(G: nx.Graph, k: int | None = None, *, hops: int = 1,
                 targets: Iterable[Hashable] | None = None,
                 candidates: Iterable[Hashable] | None = None, method: str = "greedy",
                 cost: str | Mapping[Hashable, float] | None = None,
                 budget: float | None = None, include: Iterable[Hashable] = (),
                 exclude: Iterable[Hashable] = (), time_limit: float = 10.0,
                 groups: str | Mapping[Hashable, Hashable] | None = None,
                 min_per_group: Mapping[Hashable, int] | None = None) -> CoveragePlan:
    r"""Choose at most ``k`` candidates (or a set within ``budget``) that cover
    the most targets within ``hops`` steps.

    Coverage of a set :math:`A` is :math:`f(A) = |N_h[A] \cap T| / |T|`,
    where :math:`N_h[A]` holds the nodes at distance at most :math:`h` from a
    member of :math:`A`, members included. The reach relation is the boolean
    sparse matrix :math:`R = (A_G + I)^h` restricted to candidate rows and
    target columns.

    Parameters
    ----------
    G : networkx graph
        Distances are hop counts (edge weights are ignored); in a directed
        graph an antenna reaches along edge directions (its successors).
    k : int, optional
        Largest number of nodes to select (forced ones included). Give ``k``
        or ``budget``.
    hops : int
        Reach ``h`` (0: a node covers only itself).
    targets : iterable, optional
        Nodes to cover (default: every node).
    candidates : iterable, optional
        Nodes that may be chosen (default: every node).
    method : {"greedy", "exact"}
        ``greedy``: lazy greedy (CELF, Minoux 1978; Leskovec et al. 2007) with
        marginal gains from sparse matrix-vector products. It keeps the
        :math:`1 - 1/e` guarantee and its ``bound`` is the data-dependent
        bound :math:`\min_i f(S_i) + \sum_{j \in \text{top}_{k'}} \delta_j(S_i)`
        over the greedy steps :math:`S_i` (the ``k' = k - |include|``
        largest marginal gains, or a fractional knapsack of them under a
        budget). With a budget it is the cost-effective greedy (largest
        gain / cost first) compared with the best single affordable node
        (Khuller, Moss & Naor 1999), which keeps a constant-factor guarantee.
        ``exact``: the integer program solved by HiGHS
        (:func:`scipy.optimize.milp`): maximise :math:`\sum_t y_t` subject to
        :math:`y_t \le \sum_{j: R_{jt}} x_j`, :math:`\sum_j x_j \le k` (or
        :math:`\sum_j c_j x_j \le B`), :math:`x \in \{0,1\}`,
        :math:`0 \le y \le 1`.
    cost : str or mapping, optional
        Cost of each candidate: a node attribute name or a mapping node -> cost
        (non-negative). Needed with ``budget``.
    budget : float, optional
        Largest total cost; replaces ``k``.
    include, exclude : iterable
        Nodes forced into the plan (they count towards ``k`` and the budget)
        and nodes never chosen.
    time_limit : float
        Seconds ``exact`` may run; when the limit stops it, the best set found
        is returned with ``optimal=False`` and the solver's bound.
    groups, min_per_group : optional
        A node attribute name (or mapping node -> group) and the least number
        of selected nodes each group needs (e.g. one per kind). The greedy
        fills the quotas first, each time with the best node of a group still
        short; ``exact`` adds one row per group. The bound stays valid.

    Returns
    -------
    CoveragePlan
        ``selected``, ``gains``, ``reaches``, ``covered``, ``coverage``,
        ``bound``, ``optimal``, ...

    Raises
    ------
    InputError
        Unknown nodes, a missing cost under a budget, infeasible options.

    Notes
    -----
    Greedy stops early when no candidate adds a target (the plan is then
    proven optimal). Ties between equal gains (or gain / cost ratios) break
    by the smallest ``str(label)``. ``exact`` returns its set in greedy order
    and drops chosen nodes that add nothing, so plans stay readable.

    Several sets are often equally good; ``exact`` then returns one defined
    by the data alone, not by the solver (so every version of scipy and HiGHS,
    and every order of the nodes, gives the same plan): among the sets that
    reach the most targets, with ``k`` the fewest nodes, under a ``budget``
    the cheapest; among those, the one whose members come first in order of
    ``str(label)`` (it holds the first node that any of them holds, then the
    next node that any of them with that one holds, and so on). Each next
    member is found by bisection with one small integer program per step.
    ``parameters["canonical"]`` is True when this tie-break ended within
    ``time_limit``; when it could not (roughly: as many solves as antennas
    do not fit in the time left), the plan is still optimal but is the one
    the solver found, and ``canonical`` is False.

    References
    ----------
    .. [1] Nemhauser, G. L., Wolsey, L. A. & Fisher, M. L. (1978). An analysis
       of approximations for maximizing submodular set functions. Mathematical
       Programming 14, 265-294.
    .. [2] Minoux, M. (1978). Accelerated greedy algorithms for maximizing
       submodular set functions. Optimization Techniques, LNCIS 7, 234-243.
    .. [3] Leskovec, J., Krause, A., Guestrin, C., Faloutsos, C., VanBriesen,
       J. & Glance, N. (2007). Cost-effective outbreak detection in networks.
       KDD '07, 420-429.
    .. [4] Khuller, S., Moss, A. & Naor, J. (1999). The budgeted maximum
       coverage problem. Information Processing Letters 70(1), 39-45.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(7)
    >>> plan = max_coverage(G, k=2)
    >>> plan.selected, plan.gains, plan.coverage
    ((1, 4), (3, 3), 0.8571428571428571)
    >>> max_coverage(G, k=2, method="exact").coverage
    0.8571428571428571
    >>> max_coverage(G, k=1, hops=3).selected
    (3,)
    >>> cost = {n: 1.0 for n in G}
    >>> max_coverage(G, budget=3, cost=cost).coverage
    1.0
    """
    if method not in METHODS:
        raise InputError(f"method must be 'greedy' or 'exact', not {method!r}")
    prob = _problem(G, k=k, hops=hops, targets=targets, candidates=candidates, cost=cost,
                    budget=budget, include=include, exclude=exclude, groups=groups,
                    min_per_group=min_per_group)
    fewest = None
    canonical = None
    t0 = time.perf_counter()
    if method == "exact":
        sel, bound, optimal = _exact(prob, time_limit)
        solve = time.perf_counter() - t0
        if optimal and prob.k is not None and prob.budget is None and prob.quotas is None:
            sel, fewest = _fewest_for_best(prob, sel, time_limit - (time.perf_counter() - t0))
        if optimal:
            sel, canonical = _canonical_best(prob, sel, fewest, t0 + time_limit, solve)
    else:
        sel, bound = _greedy(prob)
        optimal = None
    plan = _plan(prob, sel, bound, optimal, method,
                 dict(k=k, hops=hops, budget=budget, time_limit=time_limit,
                      include=tuple(prob.include_labels), exclude=tuple(exclude),
                      min_per_group=dict(min_per_group or {}),
                      costs={} if prob.cost is None else
                      {prob.cands[j]: float(prob.cost[j]) for j in sel}))
    if fewest is not None:
        plan.parameters.update(fewest=fewest, fewer_than_k=len(plan.selected) < k)
    if canonical is not None:
        plan.parameters["canonical"] = canonical
    return plan


def parse_share(value: float | int | str) -> float:
    """A share of targets as a fraction in (0, 1]: ``0.9``, ``90``, ``"90%"``, ``"90 %"``.

    Numbers above 1 are percentages (``90`` is 90 %, ``1`` is all).

    Examples
    --------
    >>> parse_share("90%"), parse_share(90), parse_share(0.9), parse_share("0,9")
    (0.9, 0.9, 0.9, 0.9)
    """
    from ..i18n import _

    text = str(value).strip().replace(",", ".")
    percent = text.endswith("%")
    try:
        x = float(text.rstrip("%").strip()) if not isinstance(value, (int, float)) or \
            isinstance(value, bool) else float(value)
    except ValueError:
        x = float("nan")
    if isinstance(value, bool) or not math.isfinite(x):
        raise InputError(_("the share to reach must be a number such as 90%, 90 or 0.9, "
                           "not {value!r}").format(value=value))
    if percent or x > 1:
        x = x / 100.0
    if not 0 < x <= 1:
        raise InputError(_("the share to reach must be more than 0 and at most 100%, not "
                           "{value!r}").format(value=value))
    return x


def min_cover(G: nx.Graph, share: float | str, *, hops: int = 1,
              targets: Iterable[Hashable] | None = None,
              candidates: Iterable[Hashable] | None = None, method: str = "greedy",
              cost: str | Mapping[Hashable, float] | None = None,
              include: Iterable[Hashable] = (), exclude: Iterable[Hashable] = (),
              time_limit: float = 10.0) -> CoveragePlan:
    r"""The fewest candidates (or the cheapest, with ``cost``) that reach at
    least ``share`` of the targets within ``hops`` steps.

    With :math:`f(A) = |N_h[A] \cap T|` as in :func:`max_coverage`, this
    solves :math:`\min \{ c(A) : f(A) \ge \lceil s |T| \rceil \}` with
    :math:`c(A) = |A|` or the sum of the costs. When no set reaches that many
    (some targets are beyond ``hops`` of every candidate), the plan reaches
    every target that can be reached, and says so
    (``parameters["cover_met"]`` is False).

    Parameters
    ----------
    G : networkx graph
    share : float or str
        Share of the targets to reach: ``0.9``, ``90`` or ``"90%"``
        (:func:`parse_share`).
    hops, targets, candidates, include, exclude, time_limit
        As in :func:`max_coverage`.
    method : {"greedy", "exact"}
        ``greedy``: repeatedly take the candidate with the largest gain
        :math:`\min(\delta_j, r)`, where :math:`r` is the number of targets
        still needed (divided by its cost when costs are given; free ones
        first), then drop members that became redundant. This is Wolsey's
        greedy for submodular set cover applied to the monotone submodular
        :math:`\min(f(A), \lceil s |T| \rceil)`: its size (or cost) is at
        most :math:`H(d) \le 1 + \ln d` times the optimum, with :math:`d`
        the most targets one candidate reaches (capped at the number needed)
        and :math:`H(d) = 1 + 1/2 + \dots + 1/d`. ``exact``: the integer
        program, solved by HiGHS (:func:`scipy.optimize.milp`): minimise
        :math:`\sum_j c_j x_j` subject to :math:`y_t \le \sum_{j: R_{jt}}
        x_j`, :math:`\sum_t y_t \ge \lceil s |T| \rceil`, :math:`x \in
        \{0,1\}`, :math:`0 \le y \le 1`; proven minimal when it ends
        within ``time_limit``.
    cost : str or mapping, optional
        Cost of each candidate (node attribute name or mapping); the plan is
        then the cheapest rather than the smallest.

    Returns
    -------
    CoveragePlan
        ``optimal`` is True when the size (or cost) is proven minimal: by the
        integer program, or for the greedy when it meets a lower bound (the
        fewest candidates whose single gains add up to the need, or the
        fractional-knapsack cost of the need). ``parameters`` holds
        ``cover`` (the share asked), ``need`` (targets to reach),
        ``reachable`` (targets any candidate reaches), ``cover_met`` and
        ``fewest_bound`` (no plan uses fewer antennas, or less cost). ``bound``
        is the largest coverage any set reaches (every candidate together).

    Notes
    -----
    Among the fewest (or cheapest) sets, ``exact`` returns the one that
    reaches the most targets, and among those the one whose members come
    first in order of ``str(label)``, as in :func:`max_coverage`
    (``parameters["canonical"]``).

    References
    ----------
    .. [1] Wolsey, L. A. (1982). An analysis of the greedy algorithm for the
       submodular set covering problem. Combinatorica 2(4), 385-393.
    .. [2] Slavik, P. (1997). Improved performance of the greedy algorithm
       for partial cover. Information Processing Letters 64(5), 251-254.

    Examples
    --------
    >>> G = nx.path_graph(7)
    >>> plan = min_cover(G, "70%")          # 5 of the 7 nodes
    >>> plan.selected, plan.coverage >= 0.7, plan.parameters["need"]
    ((1, 3), True, 5)
    >>> min_cover(G, 1.0, method="exact").selected
    (2, 5, 0)
    >>> min_cover(G, 1.0, method="exact").optimal
    True
    """
    if method not in METHODS:
        raise InputError(f"method must be 'greedy' or 'exact', not {method!r}")
    x = parse_share(share)
    prob = _problem(G, k=None, hops=hops, targets=targets, candidates=candidates, cost=cost,
                    budget=None, include=include, exclude=exclude, groups=None,
                    min_per_group=None, cover=True)
    nt = prob.R.shape[1]
    reach_any = np.zeros(nt, dtype=bool)
    reach_any[prob.R.indices] = True
    reachable = int(reach_any.sum())
    need = min(math.ceil(x * nt - 1e-9), reachable)
    met = math.ceil(x * nt - 1e-9) <= reachable
    canonical = None
    if method == "exact":
        t0 = time.perf_counter()
        sel, optimal, low = _exact_cover(prob, need, time_limit)
        if optimal:
            sel, canonical = _canonical_cover(prob, sel, t0 + time_limit,
                                              time.perf_counter() - t0)
    else:
        sel = _greedy_cover(prob, need)
        low = _cover_lower_bound(prob, need)
        size = len(sel) if prob.cost is None else float(prob.cost[sel].sum())
        optimal = True if size <= low + 1e-9 else None
    plan = _plan(prob, sel, reachable, optimal, method,
                 dict(k=None, hops=hops, budget=None, time_limit=time_limit,
                      include=tuple(prob.include_labels), exclude=tuple(exclude),
                      min_per_group={}, cover=x, need=need, reachable=reachable,
                      cover_met=met, fewest_bound=low),
                 prove_by_bound=False)
    if canonical is not None:
        plan.parameters["canonical"] = canonical
    return plan


def coverage_of(G: nx.Graph, nodes: Iterable[Hashable], *, hops: int = 1,
                targets: Iterable[Hashable] | None = None) -> float:
    """Coverage of a given set: share of ``targets`` within ``hops`` of ``nodes``.

    Examples
    --------
    >>> coverage_of(nx.star_graph(4), [0])
    1.0
    >>> coverage_of(nx.path_graph(4), [0], hops=2)
    0.75
    """
    nodes = list(nodes)
    tg = list(G) if targets is None else list(targets)
    if not tg:
        raise InputError("there are no actors to cover")
    _check_nodes(G, nodes, "antenna")
    _check_nodes(G, tg, "target")
    R = reach_matrix(G, nodes, tg, hops=hops)
    covered = np.asarray(R.sum(axis=0)).ravel() > 0
    return float(covered.sum() / len(tg))


def reach_matrix(G: nx.Graph, rows: list[Hashable], cols: list[Hashable], *,
                 hops: int = 1) -> sp.csr_array:
    """Sparse 0/1 matrix: ``R[i, j] = 1`` when ``cols[j]`` is within ``hops``
    steps of ``rows[i]`` (itself included), i.e. :math:`(A + I)^h` restricted.

    Examples
    --------
    >>> reach_matrix(nx.path_graph(4), [0, 3], [0, 1, 2, 3], hops=1).toarray()
    array([[1, 1, 0, 0],
           [0, 0, 1, 1]], dtype=int8)
    """
    import scipy.sparse as sp

    if not isinstance(hops, (int, np.integer)) or isinstance(hops, bool) or hops < 0:
        raise InputError(f"hops must be a whole number 0 or more, not {hops!r}")
    idx = {v: i for i, v in enumerate(G)}
    n = len(idx)
    r = np.fromiter((idx[v] for v in rows), dtype=np.int64, count=len(rows))
    c = np.fromiter((idx[v] for v in cols), dtype=np.int64, count=len(cols))
    if hops == 0:
        pos = np.full(n, -1, dtype=np.int64)
        pos[c] = np.arange(len(c))
        hit = pos[r] >= 0
        R = sp.csr_array((np.ones(int(hit.sum()), dtype=bool),
                          (np.flatnonzero(hit), pos[r][hit])), shape=(len(r), len(c)))
    else:
        B = _closed_adjacency(G, idx)
        all_cols = len(c) == n and np.array_equal(c, np.arange(n))
        all_rows = len(r) == n and np.array_equal(r, np.arange(n))
        P = B if all_rows else B[r]
        if hops == 1:
            R = P if all_cols else P[:, c]
        else:
            M = B if all_cols else B[:, c]
            for _ in range(hops - 2):
                M = B @ M
            R = P @ M
    R = sp.csr_array(R)   # products and slices of B carry no duplicate entries
    return sp.csr_array((np.ones(R.nnz, dtype=np.int8), R.indices, R.indptr), shape=R.shape)


# ------------------------------------------------------------------- internals
@dataclass
class _Problem:
    """A max-coverage instance in index form (rows = candidates, cols = targets)."""

    R: Any                      # csr_array int8, candidates x targets
    cands: list[Hashable]       # candidate labels (forced ones included)
    tlabels: list[Hashable]     # target labels
    rank: np.ndarray            # rank of each candidate by str(label)
    include: list[int]          # row indices forced
    include_labels: list[Hashable]
    k: int | None
    budget: float | None
    cost: np.ndarray | None
    group_of: np.ndarray | None  # group code per candidate (-1 none)
    quotas: np.ndarray | None    # least count per group code
    group_names: list[Hashable] = field(default_factory=list)


def _problem(G, *, k, hops, targets, candidates, cost, budget, include, exclude, groups,
             min_per_group, cover: bool = False) -> _Problem:
    if not cover and (k is None) == (budget is None):
        raise InputError("give either a number of antennas (k) or a budget, not both "
                         "and not neither")
    if k is not None and (isinstance(k, bool) or not isinstance(k, (int, np.integer))
                          or k < 0):
        raise InputError(f"k must be a whole number 0 or more, not {k!r}")
    if budget is not None:
        budget = float(budget)
        if not math.isfinite(budget) or budget < 0:
            raise InputError(f"the budget must be a number 0 or more, not {budget!r}")
        if cost is None:
            raise InputError("a budget needs a cost for each candidate (cost=...)")
    tg = _unique(G if targets is None else targets)
    if not tg:
        raise InputError("there are no actors to cover")
    _check_nodes(G, tg, "target")
    excl = set(exclude)
    inc = _unique(include)
    _check_nodes(G, inc, "forced")
    both = [v for v in inc if v in excl]
    if both:
        raise InputError(f"{_few(both)} cannot be both forced and excluded")
    if k is not None and len(inc) > k:
        raise InputError(f"{len(inc)} actors are forced into the plan but k is {k}")
    pool = _unique(G if candidates is None else candidates)
    _check_nodes(G, pool, "candidate")
    seen = set(inc)
    cands = inc + [v for v in pool if v not in excl and v not in seen]
    R = reach_matrix(G, cands, tg, hops=hops)
    order = sorted(range(len(cands)), key=lambda i: str(cands[i]))
    rank = np.empty(len(cands), dtype=np.int64)
    rank[order] = np.arange(len(cands))
    c = None
    if cost is not None:
        c = _costs(G, cands, cost)
        if budget is not None and c[: len(inc)].sum() > budget + 1e-9:
            raise InputError(f"the forced actors cost {c[: len(inc)].sum():g}, more than "
                             f"the budget of {budget:g}")
    gcode = quotas = None
    gnames: list[Hashable] = []
    if min_per_group:
        if groups is None:
            raise InputError("min_per_group needs groups (a node attribute or a mapping)")
        lab = [(G.nodes[v].get(groups) if isinstance(groups, str) else groups.get(v))
               for v in cands]
        gnames = list(min_per_group)
        code = {g: i for i, g in enumerate(gnames)}
        gcode = np.array([code.get(x, -1) for x in lab], dtype=np.int64)
        quotas = np.array([int(min_per_group[g]) for g in gnames], dtype=np.int64)
        have = np.bincount(gcode[gcode >= 0], minlength=len(gnames))
        short = [g for g, q, h in zip(gnames, quotas, have, strict=True) if h < q]
        if short:
            raise InputError(f"not enough candidates of {_few(short)} for the minimum asked")
        if k is not None and np.maximum(quotas, 0).sum() > k:
            raise InputError(f"the minimum per group adds up to more than k={k}")
    return _Problem(R, cands, tg, rank, list(range(len(inc))), inc, k, budget, c, gcode,
                    quotas, gnames)


def _greedy(p: _Problem) -> tuple[list[int], int]:
    """Lazy (CELF) greedy; returns selected rows and an upper bound (count)."""
    R = p.R
    nc, nt = R.shape
    indptr, indices = R.indptr, R.indices
    unc = np.ones(nt, dtype=bool)
    chosen = np.zeros(nc, dtype=bool)
    sel: list[int] = []
    spent = 0.0
    cost = p.cost if p.cost is not None else np.zeros(nc)
    budget = p.budget

    def take(j: int) -> None:
        nonlocal spent
        sel.append(j)
        chosen[j] = True
        unc[indices[indptr[j]:indptr[j + 1]]] = False
        spent += float(cost[j])

    for j in p.include:
        take(j)
    base = len(sel)
    reach_any = np.zeros(nt, dtype=bool)
    reach_any[indices] = True
    bound = int(np.count_nonzero(reach_any | ~unc))
    ub = np.diff(indptr).astype(np.int64)       # |reach| >= any marginal gain
    ub[chosen] = 0
    fresh = np.full(nc, -1, dtype=np.int64)
    cap_rest = None if budget is None else budget - spent
    k_rest = None if p.k is None else p.k - base
    allowed = ~chosen
    step = 0
    while p.k is None or len(sel) < p.k:
        step += 1
        allowed &= ~chosen
        if budget is not None:
            allowed &= cost <= budget - spent + 1e-9
        elig = allowed & _short_groups(p, sel) if p.quotas is not None else allowed
        evals = 0
        while True:   # CELF: re-evaluate the best stale bound until the best is fresh
            j = _pick(ub, cost, elig, p.rank, budget is not None)
            if j < 0 or fresh[j] == step:
                break
            if evals >= _LAZY_EVALS:   # many stale bounds: refresh all in one product
                ub = np.asarray(R @ unc.astype(np.int32), dtype=np.int64)
                ub[chosen] = 0
                fresh[:] = step
                continue
            ub[j] = int(np.count_nonzero(unc[indices[indptr[j]:indptr[j + 1]]]))
            fresh[j] = step
            evals += 1
        covered = nt - int(np.count_nonzero(unc))
        bound = min(bound, covered + _rest_bound(ub, ~chosen, cost, k_rest, cap_rest))
        if j < 0:
            if p.quotas is not None and not _quota_met(p, sel) and elig.any():
                # a group is still short and nothing adds coverage: its first member
                pool = np.flatnonzero(elig)
                take(int(pool[np.argmin(p.rank[pool])]))
                continue
            break
        take(j)
    if p.quotas is not None and not _quota_met(p, sel):
        warnings.warn("the plan could not meet every minimum per group within the limits",
                      stacklevel=3)
    # a last, exact look at the marginal gains tightens the bound
    ub = np.asarray(R @ unc.astype(np.int32), dtype=np.int64)
    covered = nt - int(np.count_nonzero(unc))
    bound = min(bound, covered + _rest_bound(ub, ~chosen, cost, k_rest, cap_rest))
    if budget is not None:
        sel = _best_single_fix(p, sel, base)
    return sel, max(bound, _count(p, sel))


def _quota_met(p: _Problem, sel: list[int]) -> bool:
    g = p.group_of[sel] if sel else np.zeros(0, dtype=np.int64)
    return bool((np.bincount(g[g >= 0], minlength=len(p.quotas)) >= p.quotas).all())


def _short_groups(p: _Problem, sel: list[int]) -> np.ndarray:
    """Candidates eligible now: members of groups below their quota, or all
    candidates once every quota is met."""
    g = p.group_of[sel] if sel else np.zeros(0, dtype=np.int64)
    have = np.bincount(g[g >= 0], minlength=len(p.quotas))
    short = have < p.quotas
    if not short.any():
        return np.ones(len(p.cands), dtype=bool)
    ok = p.group_of >= 0
    out = np.zeros(len(p.cands), dtype=bool)
    out[ok] = short[p.group_of[ok]]
    return out


def _pick(ub: np.ndarray, cost: np.ndarray, elig: np.ndarray, rank: np.ndarray,
          ratio: bool) -> int:
    """Index of the eligible candidate with the largest gain bound (or gain /
    cost), ties to the smallest str(label); -1 when none adds anything."""
    live = elig & (ub > 0)
    if not live.any():
        return -1
    if ratio:
        with np.errstate(divide="ignore"):
            val = np.where(cost > 0, ub / np.where(cost > 0, cost, 1.0), np.inf)
    else:
        val = ub.astype(float)
    val = np.where(live, val, -np.inf)
    ties = np.flatnonzero(val == val.max())
    return int(ties[np.argmin(rank[ties])])


def _rest_bound(ub: np.ndarray, free: np.ndarray, cost: np.ndarray, k_rest: int | None,
                cap: float | None) -> int:
    """Upper bound on what the rest of an optimal set can add: the k' largest
    marginal-gain bounds, or a fractional knapsack of them under the budget."""
    g = np.where(free, np.maximum(ub, 0), 0)
    if k_rest is not None:
        if k_rest <= 0:
            return 0
        if k_rest >= len(g):
            return int(g.sum())
        return int(np.partition(g, len(g) - k_rest)[len(g) - k_rest:].sum())
    c = cost
    ok = (g > 0) & (c <= cap + 1e-9)
    g, c = g[ok].astype(float), c[ok]
    zero = c <= 0
    total = g[zero].sum()
    g, c = g[~zero], c[~zero]
    order = np.argsort(-g / c, kind="stable")
    g, c = g[order], c[order]
    cum = np.cumsum(c)
    full = cum <= cap + 1e-9
    total += g[full].sum()
    nxt = int(full.sum())
    if nxt < len(g):
        room = cap - (cum[nxt - 1] if nxt else 0.0)
        total += g[nxt] * max(room, 0.0) / c[nxt]
    return int(math.floor(total + 1e-9))


def _best_single_fix(p: _Problem, sel: list[int], base: int) -> list[int]:
    """Khuller, Moss & Naor: keep the better of the ratio-greedy set and the
    forced actors plus the best single affordable candidate."""
    R = p.R
    forced = sel[:base]
    unc = np.ones(R.shape[1], dtype=bool)
    for j in forced:
        unc[R.indices[R.indptr[j]:R.indptr[j + 1]]] = False
    gains = np.asarray(R @ unc.astype(np.int32), dtype=np.int64)
    left = p.budget - float(p.cost[forced].sum())
    ok = p.cost <= left + 1e-9
    ok[forced] = False
    if not ok.any():
        return sel
    key = np.where(ok, gains + (len(gains) - p.rank) / (len(gains) + 1.0), -np.inf)
    j = int(np.argmax(key))
    single = forced + [j]
    if gains[j] > 0 and _count(p, single) > _count(p, sel):
        return single
    return sel


def _exact(p: _Problem, time_limit: float) -> tuple[list[int], int, bool]:
    """The max-coverage integer program with HiGHS; (rows, bound, proven)."""
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    R = p.R
    nc, nt = R.shape
    live = np.flatnonzero(np.asarray(R.sum(axis=0)).ravel() > 0)   # coverable targets
    m = len(live)
    if nc == len(p.include) or m == 0:   # nothing adds coverage: fill quotas only
        sel = _greedy(p)[0] if p.quotas is not None else list(p.include)
        return sel, _count(p, sel), True
    Rl = R[:, live]
    cols = sp.hstack([-Rl.T.astype(float), sp.identity(m, format="csr")], format="csr")
    rows = [LinearConstraint(cols, -np.inf, 0.0)]
    if p.k is not None:
        rows.append(LinearConstraint(np.r_[np.ones(nc), np.zeros(m)][None, :], 0, p.k))
    if p.budget is not None:
        rows.append(LinearConstraint(np.r_[p.cost, np.zeros(m)][None, :], 0,
                                     p.budget + 1e-9))
    if p.quotas is not None:
        G = np.zeros((len(p.quotas), nc + m))
        ok = p.group_of >= 0
        G[p.group_of[ok], np.flatnonzero(ok)] = 1.0
        rows.append(LinearConstraint(G, p.quotas.astype(float), np.inf))
    lb = np.zeros(nc + m)
    lb[p.include] = 1.0
    c = np.r_[np.zeros(nc), -np.ones(m)]
    res = milp(c, constraints=rows, integrality=np.r_[np.ones(nc), np.zeros(m)],
               bounds=Bounds(lb, np.ones(nc + m)),
               options={"time_limit": float(time_limit), "mip_rel_gap": 0.25 / (m + 1),
                        "presolve": True})
    dual = getattr(res, "mip_dual_bound", None)
    bound = m if dual is None or not np.isfinite(dual) else min(m, math.floor(-dual + 1e-6))
    if res.x is None:
        if res.status not in (1,):
            raise InputError(f"no plan satisfies these options ({res.message})")
        warnings.warn("the exact search ran out of time before finding a plan; "
                      "showing the greedy plan", stacklevel=3)
        sel, gb = _greedy(p)
        return sel, min(bound, gb), False
    sel = [int(j) for j in np.flatnonzero(res.x[:nc] > 0.5)]
    proven = res.status == 0
    if not proven:
        gsel, gb = _greedy(p)
        bound = min(bound, gb)
        if _count(p, gsel) > _count(p, sel):
            sel = gsel
    got = _count(p, sel)
    bound = max(bound, got)
    if proven and bound > got:
        bound = got   # HiGHS proved optimality within a gap below one target
    return sel, bound, bool(proven or bound == got)


def _fewest_for_best(p: _Problem, sel: list[int], time_left: float
                     ) -> tuple[list[int], int | None]:
    """The fewest rows reaching what the optimal ``sel`` reaches, and their number
    (None when the search could not prove it in the time left).

    With ``m`` rows in ``sel``, an upper bound on what ``m - 1`` rows reach
    below the best proves ``m`` the fewest: the greedy's bound first, then
    the max-coverage program with ``m - 1``; otherwise the set-cover integer
    program finds the fewest."""
    need = _count(p, sel)
    m = len(sel)
    if m <= len(p.include):
        return sel, m
    fewer = dataclasses.replace(p, k=m - 1)
    _, upper = _greedy(fewer)
    if upper < need:
        return sel, m
    if time_left <= 0:
        return sel, None
    start = time.perf_counter()
    _, upper, proven = _exact(fewer, max(time_left, 1.0))   # cheaper than the cover program
    if proven and upper < need:
        return sel, m
    time_left -= time.perf_counter() - start
    few, proven, _ = _exact_cover(p, need, max(time_left, 1.0))
    if not proven:
        return sel, None
    return (few, len(few)) if len(few) < m else (sel, m)


def _greedy_cover(p: _Problem, need: int) -> list[int]:
    """Wolsey's greedy on min(f, need), then redundant members dropped."""
    R = p.R
    nc, nt = R.shape
    unc = np.ones(nt, dtype=bool)
    chosen = np.zeros(nc, dtype=bool)
    sel: list[int] = []
    for j in p.include:
        sel.append(j)
        chosen[j] = True
        unc[R.indices[R.indptr[j]:R.indptr[j + 1]]] = False
    while nt - int(unc.sum()) < need:
        rest = need - (nt - int(unc.sum()))
        gain = np.minimum(np.asarray(R @ unc.astype(np.int32), dtype=np.int64), rest)
        gain[chosen] = 0
        j = _pick(gain, p.cost if p.cost is not None else np.ones(nc), ~chosen, p.rank,
                  p.cost is not None)
        if j < 0:
            break
        sel.append(j)
        chosen[j] = True
        unc[R.indices[R.indptr[j]:R.indptr[j + 1]]] = False
    # reverse delete: a member the others make redundant is left out
    forced = set(p.include)
    for j in reversed(list(sel)):
        if j in forced:
            continue
        others = [i for i in sel if i != j]
        if _count(p, others) >= need:
            sel = others
    return sel


def _cover_lower_bound(p: _Problem, need: int) -> float:
    """No plan reaching ``need`` targets uses fewer antennas (or less cost)
    than this: single gains after the forced ones, as if they never overlapped."""
    R = p.R
    unc = np.ones(R.shape[1], dtype=bool)
    for j in p.include:
        unc[R.indices[R.indptr[j]:R.indptr[j + 1]]] = False
    rest = need - (R.shape[1] - int(unc.sum()))
    base = float(len(p.include)) if p.cost is None else float(p.cost[p.include].sum())
    if rest <= 0:
        return base
    free = np.ones(R.shape[0], dtype=bool)
    free[p.include] = False
    g = np.asarray(R @ unc.astype(np.int32), dtype=np.int64)[free].astype(float)
    if p.cost is None:
        cum = np.cumsum(np.sort(g)[::-1])
        return base + float(np.searchsorted(cum, rest - 1e-9) + 1)
    c = p.cost[free]
    zero = (c <= 0) & (g > 0)
    rest -= g[zero].sum()
    if rest <= 0:
        return base
    ok = (c > 0) & (g > 0)
    g, c = g[ok], c[ok]
    order = np.argsort(-g / c, kind="stable")
    g, c = g[order], c[order]
    cum = np.cumsum(g)
    full = int(np.searchsorted(cum, rest - 1e-9))
    spent = float(c[:full].sum())
    left = rest - (cum[full - 1] if full else 0.0)
    if full < len(g):
        spent += float(c[full] * left / g[full])
    return base + spent


def _exact_cover(p: _Problem, need: int, time_limit: float) -> tuple[list[int], bool, float]:
    """The fewest (cheapest) rows covering ``need`` targets: (rows, proven, lower bound)."""
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    R = p.R
    nc = R.shape[0]
    if need <= _count(p, list(p.include)):
        sel = list(p.include)
        return sel, True, float(len(sel) if p.cost is None else p.cost[sel].sum())
    live = np.flatnonzero(np.asarray(R.sum(axis=0)).ravel() > 0)
    m = len(live)
    Rl = R[:, live]
    cols = sp.hstack([-Rl.T.astype(float), sp.identity(m, format="csr")], format="csr")
    rows = [LinearConstraint(cols, -np.inf, 0.0),
            LinearConstraint(np.r_[np.zeros(nc), np.ones(m)][None, :], need - 1e-9, np.inf)]
    lb = np.zeros(nc + m)
    lb[p.include] = 1.0
    weight = np.ones(nc) if p.cost is None else p.cost.astype(float)
    res = milp(np.r_[weight, np.zeros(m)], constraints=rows,
               integrality=np.r_[np.ones(nc), np.zeros(m)], bounds=Bounds(lb, np.ones(nc + m)),
               options={"time_limit": float(time_limit), "presolve": True})
    dual = getattr(res, "mip_dual_bound", None)
    low = _cover_lower_bound(p, need)
    if dual is not None and np.isfinite(dual):
        low = max(low, float(dual) - 1e-6)
    if res.x is None:
        warnings.warn("the exact search ran out of time before finding a plan; "
                      "showing the greedy plan", stacklevel=3)
        return _greedy_cover(p, need), False, low
    sel = [int(j) for j in np.flatnonzero(res.x[:nc] > 0.5)]
    proven = res.status == 0
    if not proven:
        gsel = _greedy_cover(p, need)
        if weight[gsel].sum() < weight[sel].sum():
            sel = gsel
    value = float(weight[sel].sum())
    if p.cost is None:
        low = math.ceil(low - 1e-6)
    return sel, bool(proven or value <= low + 1e-9), (value if proven else low)


def _in_time(p: _Problem, sel: list[int], deadline: float, solve: float) -> bool:
    """Whether the tie-break may end before ``deadline``: it takes at least one
    solve (as long as the first one, ``solve`` seconds) per antenna."""
    return len(set(sel) - set(p.include)) * solve < deadline - time.perf_counter()


def _canonical_best(p: _Problem, sel: list[int], fewest: int | None, deadline: float,
                    solve: float) -> tuple[list[int], bool]:
    """The canonical plan among the optimal ones of max coverage (``sel`` is one).

    Same reach as ``sel``; with ``k`` alone the fewest antennas (``fewest``),
    under a budget the cheapest; then :func:`_lex_first`. Returns the rows and
    whether every step was proven in time (False: ``sel`` or a plan as good)."""
    if not _in_time(p, sel, deadline, solve):
        return sel, False
    need = _count(p, sel)
    if p.quotas is not None:
        return _lex_first(p, sel, need, p.k, p.budget, deadline)
    if p.budget is not None:
        cheap, proven, value = _exact_cover(p, need, max(deadline - time.perf_counter(), 0.1))
        if not proven or _count(p, cheap) < need:
            return sel, False
        return _lex_first(p, cheap, need, None, _slack(value), deadline)
    if fewest is None:
        return sel, False
    return _lex_first(p, sel, need, fewest, None, deadline)


def _canonical_cover(p: _Problem, sel: list[int], deadline: float, solve: float
                     ) -> tuple[list[int], bool]:
    """The canonical plan among the fewest (cheapest) reaching the share asked:
    the most targets any of them reaches, then :func:`_lex_first`."""
    if not _in_time(p, sel, deadline, solve):
        return sel, False
    if p.cost is None:
        size, cap = len(sel), None
        most = dataclasses.replace(p, k=size)
    else:
        size, cap = None, _slack(float(p.cost[sel].sum()))
        most = dataclasses.replace(p, k=None, budget=cap)
    left = deadline - time.perf_counter()
    if left <= 0:
        return sel, False
    best, _, proven = _exact(most, left)
    if not proven:
        return sel, False
    if _count(p, best) < _count(p, sel):   # cannot happen: sel is a feasible plan
        best = sel
    return _lex_first(p, best, _count(p, best), size, cap, deadline)


def _slack(value: float) -> float:
    """A cost cap that keeps every plan of cost ``value`` despite float sums."""
    return value + 1e-9 * max(1.0, abs(value))


def _lex_first(p: _Problem, sel: list[int], need: int, size: int | None,
               cap: float | None, deadline: float) -> tuple[list[int], bool]:
    """Among the plans reaching at least ``need`` targets with at most ``size``
    rows (or cost at most ``cap``), the quotas met and the forced rows in, the
    one whose membership, read in order of ``str(label)``, comes first: it
    holds the first candidate that any such plan holds, then the next one any
    such plan with that one holds, and so on (the lexicographically largest
    0/1 vector in ``str(label)`` order). ``sel`` is one such plan.

    Each next member is found by bisection over the candidates in order: "is
    there a plan with a member among the next ``r``?" is one feasibility
    integer program (HiGHS), monotone in ``r``, and every plan found moves the
    upper end down. Returns the rows and True, or ``sel`` and False when the
    deadline came first."""
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    R = p.R
    nc = R.shape[0]
    live = np.flatnonzero(np.asarray(R.sum(axis=0)).ravel() > 0)
    m = len(live)
    order = np.argsort(p.rank, kind="stable")       # rows by str(label)
    pos = np.empty(nc, dtype=np.int64)
    pos[order] = np.arange(nc)
    forced = set(p.include)
    cost = p.cost
    rules = [LinearConstraint(sp.hstack([-R[:, live].T.astype(float),
                                         sp.identity(m, format="csr")], format="csr"),
                              -np.inf, 0.0)]
    if size is not None:
        rules.append(LinearConstraint(np.r_[np.ones(nc), np.zeros(m)][None, :], 0, size))
    if cap is not None:
        rules.append(LinearConstraint(np.r_[cost, np.zeros(m)][None, :], 0, cap))
    if p.quotas is not None:
        Gq = np.zeros((len(p.quotas), nc + m))
        ok = p.group_of >= 0
        Gq[p.group_of[ok], np.flatnonzero(ok)] = 1.0
        rules.append(LinearConstraint(Gq, p.quotas.astype(float), np.inf))
    lo = np.zeros(nc + m)
    hi = np.ones(nc + m)
    lo[list(forced)] = 1.0
    most = np.r_[np.zeros(nc), -np.ones(m)]

    def valid(rows: list[int], first: int, last: int) -> bool:
        s = set(rows)
        if not forced <= s or any(hi[j] == 0 for j in s) or any(lo[j] == 1 and j not in s
                                                                  for j in range(nc)):
            return False
        if size is not None and len(s) > size:
            return False
        if cap is not None and float(cost[rows].sum()) > cap:
            return False
        if p.quotas is not None and not _quota_met(p, rows):
            return False
        if not any(first <= pos[j] <= last for j in s - chosen):
            return False
        return _count(p, rows) >= need

    def plan_with_one_in(first: int, last: int) -> list[int] | None | bool:
        """A plan with a member among positions first..last; None when there is
        none; False when time ran out."""
        left = deadline - time.perf_counter()
        if left <= 0:
            return False
        pick = np.zeros(nc + m)
        pick[order[first:last + 1]] = 1.0
        pick[list(chosen)] = 0.0              # forced rows do not count as the next one
        # the most a plan with such a member reaches (a gap below one
        # target), which is faster for HiGHS than "reach at least need"
        res = milp(most, constraints=[*rules, LinearConstraint(pick[None, :], 1, np.inf)],
                   integrality=np.r_[np.ones(nc), np.zeros(m)], bounds=Bounds(lo, hi),
                   options={"time_limit": float(left), "presolve": True,
                            "mip_rel_gap": 0.25 / (m + 1)})
        if res.x is None:
            return None if res.status == 2 else False
        rows = [int(j) for j in np.flatnonzero(res.x[:nc] > 0.5)]
        return rows if valid(rows, first, last) else None

    def prune() -> None:
        """Rows no plan can add now: even with the best of the others (single
        gains over the rows already in) they reach too few."""
        unc = np.ones(R.shape[1], dtype=bool)
        for j in chosen:
            unc[R.indices[R.indptr[j]:R.indptr[j + 1]]] = False
        got = R.shape[1] - int(unc.sum())
        gain = np.asarray(R @ unc.astype(np.int32), dtype=np.int64)
        free = hi[:nc] > 0
        free[list(chosen)] = False
        spent = 0.0 if cost is None else float(cost[list(chosen)].sum())
        for j in np.flatnonzero(free):
            others = free.copy()
            others[j] = False
            if size is not None:
                rest = _rest_bound(gain, others, cost, size - len(chosen) - 1, None)
            elif spent + float(cost[j]) > cap:
                rest = -R.shape[1] - 1
            else:
                rest = _rest_bound(gain, others, cost, None, cap - spent - float(cost[j]))
            if got + gain[j] + rest < need:
                hi[j] = 0.0

    best = sorted(set(sel))
    chosen = set(forced)
    start = 0                                   # first position not yet decided
    while start < nc:
        if size is not None and len(chosen) >= size:
            break
        prune()          # (the plan ``best`` keeps every row it holds: it reaches need)
        alive = [q for q in range(start, nc) if hi[order[q]] > 0 and order[q] not in chosen]
        if not alive:
            break
        ahead = [alive.index(pos[j]) for j in best if j not in chosen and pos[j] >= start]
        if ahead:
            top = min(ahead)
        else:                                   # can any further member be added?
            found = plan_with_one_in(start, nc - 1)
            if found is False:
                return sel, False
            if found is None:
                break
            best = found
            continue
        low = 0
        while low < top:
            mid = (low + top) // 2
            found = plan_with_one_in(start, alive[mid])
            if found is False:
                return sel, False
            if found is None:
                low = mid + 1
            else:
                best = found
                top = min(alive.index(pos[j]) for j in best
                          if j not in chosen and pos[j] >= start)
        for q in range(start, alive[top]):
            if order[q] not in chosen:
                hi[order[q]] = 0.0
        chosen.add(int(order[alive[top]]))
        lo[order[alive[top]]] = 1.0
        start = alive[top] + 1
    return sorted(chosen), True


def _count(p: _Problem, sel: list[int]) -> int:
    if not sel:
        return 0
    R = p.R
    idx = np.concatenate([R.indices[R.indptr[j]:R.indptr[j + 1]] for j in sel])
    return int(np.unique(idx).size)


def _plan(p: _Problem, sel: list[int], bound: int, optimal: bool | None, method: str,
          params: dict[str, Any], *, prove_by_bound: bool = True) -> CoveragePlan:
    """Order the selection greedily (forced first), with gains and reaches."""
    R = p.R
    nt = R.shape[1]
    forced = [j for j in sel if j in set(p.include)]
    rest = [j for j in sel if j not in set(forced)]
    unc = np.ones(nt, dtype=bool)
    order: list[int] = []
    gains: list[int] = []
    reaches: list[tuple[Hashable, ...]] = []

    def add(j: int) -> None:
        cols = R.indices[R.indptr[j]:R.indptr[j + 1]]
        new = cols[unc[cols]]
        unc[new] = False
        order.append(j)
        gains.append(int(new.size))
        reaches.append(tuple(sorted((p.tlabels[t] for t in new), key=str)))

    for j in forced:
        add(j)
    while rest:
        g = [int(np.count_nonzero(unc[R.indices[R.indptr[j]:R.indptr[j + 1]]])) for j in rest]
        best = max(range(len(rest)), key=lambda i: (g[i], -p.rank[rest[i]]))
        if g[best] == 0 and p.quotas is None:
            break  # chosen but adds nothing: leave it out
        add(rest.pop(best))
    covered = frozenset(p.tlabels[t] for t in np.flatnonzero(~unc))
    got = len(covered)
    bound = max(bound, got)
    if prove_by_bound and optimal is None and bound == got:
        optimal = True
    total = None if p.cost is None else float(p.cost[order].sum())
    params = dict(params)
    if p.cost is not None:
        params["costs"] = {p.cands[j]: float(p.cost[j]) for j in order}
    return CoveragePlan(tuple(p.cands[j] for j in order), tuple(gains), tuple(reaches),
                        covered, got / nt, bound / nt, optimal, nt, method, total, params)


def _closed_adjacency(G: nx.Graph, idx: dict[Hashable, int]):
    """A + I as a boolean CSR matrix (row u reaches column v along u -> v)."""
    import scipy.sparse as sp

    n = len(idx)
    adj = G.adj                      # successors in a directed graph
    deg = np.fromiter((len(nbrs) for nbrs in adj.values()), dtype=np.int64, count=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(deg, out=indptr[1:])
    indices = np.fromiter((idx[v] for nbrs in adj.values() for v in nbrs), dtype=np.int64,
                          count=int(indptr[-1]))
    A = sp.csr_array((np.ones(len(indices), dtype=bool), indices, indptr), shape=(n, n))
    return (A + sp.eye_array(n, dtype=bool, format="csr")).tocsr()


def _costs(G: nx.Graph, cands: list[Hashable], cost: str | Mapping[Hashable, float]
           ) -> np.ndarray:
    if isinstance(cost, str):
        raw = [G.nodes[v].get(cost) for v in cands]
    else:
        raw = [cost.get(v) if hasattr(cost, "get") else None for v in cands]
    vals = np.array([np.nan if x is None else float(x) for x in raw], dtype=float)
    missing = [v for v, x in zip(cands, vals, strict=True) if np.isnan(x)]
    if missing:
        raise InputError(f"no cost for {_few(missing)}: every actor that may be chosen "
                         "under a budget needs one")
    bad = [v for v, x in zip(cands, vals, strict=True) if not np.isfinite(x) or x < 0]
    if bad:
        raise InputError(f"costs must be numbers 0 or more; see {_few(bad)}")
    return vals


def _check_nodes(G: nx.Graph, nodes: Collection[Hashable], what: str) -> None:
    missing = [v for v in nodes if v not in G]
    if missing:
        raise InputError(f"{what} actor(s) not in the network: {_few(missing)}")


def _unique(items: Iterable[Hashable]) -> list[Hashable]:
    return list(dict.fromkeys(items))


def _few(items: list[Any], n: int = 8) -> str:
    shown = ", ".join(repr(x) if not isinstance(x, str) else x for x in items[:n])
    return shown + (f" and {len(items) - n} more" if len(items) > n else "")
