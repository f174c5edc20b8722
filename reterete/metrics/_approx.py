"""Path measures with a stated precision, for networks too big to compute exactly.

Three routes, each with the guarantee it can prove:

- **betweenness, approximate**: KADABRA with no top set (networkit
  ``KadabraBetweenness``, k = 0): every actor's value is within ``epsilon``
  of the exact one with probability at least ``1 - delta``.
- **betweenness, top k**: KADABRA (Borassi and Natale; networkit
  ``KadabraBetweenness``): adaptive sampling that stops as soon as the k
  highest actors are told apart; with probability at least ``1 - delta`` the
  top k are ranked correctly except between actors closer than ``epsilon``.
- **closeness and harmonic closeness**: distances from a uniform sample of
  sources in each large component (Eppstein and Wang), sized by Hoeffding's
  inequality with a union bound over the actors, so that every estimate lies
  in an interval that holds with probability at least ``1 - delta``; for the
  top k, every actor whose interval can still reach the k-th best is then
  found by networkit's exact top-k searches (``TopCloseness``,
  ``TopHarmonicCloseness``) and computed exactly.

All values use networkx's normalisations, as :func:`reterete.metrics.centrality`
does; a stated ``epsilon`` is in those units.

References
----------
.. [1] Riondato, M. and Kornaropoulos, E. M. (2016). Fast approximation of
   betweenness centrality through sampling. Data Mining and Knowledge
   Discovery 30(2), 438-475.
.. [2] Borassi, M. and Natale, E. (2019). KADABRA is an ADaptive Algorithm for
   Betweenness via Random Approximation. ACM J. Exp. Algorithmics 24, 1.2.
.. [3] Eppstein, D. and Wang, J. (2004). Fast approximation of centrality.
   Journal of Graph Algorithms and Applications 8(1), 39-45.
.. [4] Hoeffding, W. (1963). Probability inequalities for sums of bounded
   random variables. JASA 58(301), 13-30.
.. [5] Bergamini, E., Borassi, M., Crescenzi, P., Marino, A. and Meyerhenke, H.
   (2016). Computing top-k closeness centrality faster in unweighted graphs.
   ALENEX 2016, 68-80.
.. [6] Staudt, C. L., Sazonovs, A. and Meyerhenke, H. (2016). NetworKit: a
   tool suite for large-scale complex network analysis. Network Science
   4(4), 508-530.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, dijkstra

from ..errors import InputError

__all__ = ["Estimate", "approx_betweenness", "hop_sums", "weighted_betweenness", "top_betweenness",
           "top_certainty", "sampled_closeness", "sample_size", "kadabra_conversion"]

#: Components up to this size are computed exactly (it costs at most this many
#: breadth-first searches of the component per actor in it).
EXACT_COMPONENT_UP_TO = 1000
#: Sources whose distances are held in memory at once.
CHUNK = 256
#: Large components of a binary network are computed exactly (closeness and
#: harmonic of every actor, one bit-parallel search per 64 actors, :func:`hop_sums`)
#: while actors x ties x levels / 64 is at most this: about 4 s here for
#: 19,000 actors and 76,000 ties, a tenth of igraph's exact closeness and harmonic
#: closeness, and less than networkit's exact top-k searches on the same network.
BITS_WORK = 1.5e9
#: Without a stated bound, the top's bound is planned at this share of the top-th value ...
TARGET_SHARE = 0.1
#: ... as estimated by a first quick run at this bound (a share a little under
#: TARGET_SHARE, so that the pilot's error leaves the final bound within it).
PILOT_EPSILON = 0.01
PLAN_SHARE = 0.09
#: ... but only down to this share of the default bound (about 16 times its samples);
#: below, the top is flat at this budget and the default bound is kept.
REFINE_DOWN_TO = 0.25
#: The top cannot be ranked when the final bound is above this share of the top-th value.
FLAT_SHARE = 0.25


@dataclass(frozen=True)
class Estimate:
    """Values of one measure for every actor, with what is known of their error.

    ``values`` are in networkx's normalisation; ``low``/``high`` bound the exact
    value of each actor with probability at least ``1 - delta`` (equal to the
    value where it was computed exactly); ``method`` says how, in words.
    """

    values: np.ndarray
    low: np.ndarray
    high: np.ndarray
    method: str
    epsilon: float | None = None
    delta: float | None = None
    exact_count: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def sample_size(epsilon: float, delta: float, actors: int, spread: float = 1.0) -> int:
    """Sources needed so that every actor's sample mean is within ``epsilon``.

    Hoeffding's bound for terms in ``[0, spread]`` with a union bound over
    ``actors``: ``spread**2 * ln(2 * actors / delta) / (2 * epsilon**2)``.

    Examples
    --------
    >>> sample_size(0.05, 0.1, 20_000)
    2580
    """
    if not (0 < epsilon) or not (0 < delta < 1):
        raise InputError("epsilon must be positive and delta between 0 and 1")
    return int(math.ceil(spread ** 2 * math.log(2 * max(actors, 1) / delta)
                         / (2 * epsilon ** 2)))


def approx_betweenness(W: sp.csr_array, *, epsilon: float, delta: float,
                       seed: int | None) -> Estimate:
    """KADABRA betweenness of every actor of an undirected binary graph (networkit).

    With probability at least ``1 - delta`` every value is within ``epsilon``
    of the exact one, plus the actor's measured bias allowance (networkx's
    normalisation; see :func:`kadabra_pair`).
    Riondato and Kornaropoulos's fixed sample size, also in networkit, needs
    far more samples for the same bound (292,493 paths for epsilon = 0.005 on
    3,000 actors, ten minutes, against KADABRA's adaptive stop), so it is not
    used.
    """
    est = kadabra_pair(W, epsilon, delta, seed)
    return est


def weighted_betweenness(W: sp.csr_array, *, epsilon: float, delta: float,
                         seed: int | None) -> Estimate:
    """Riondato-Kornaropoulos betweenness with distances 1 / strength (networkit).

    KADABRA counts hops only, so valued networks take Riondato and
    Kornaropoulos's fixed-size sample of shortest paths: every value within
    ``epsilon`` with probability at least ``1 - delta``.
    """
    nk = _networkit(seed)
    n = W.shape[0]
    scale = n / (n - 2) if n > 2 else 1.0
    g = _nk_graph(W, weighted=True)  # networkit's algorithms do not keep their graph alive
    algo = nk.centrality.ApproxBetweenness(g, epsilon=epsilon / scale, delta=delta)
    algo.run()
    values = np.asarray(algo.scores(), dtype=float) * scale
    return Estimate(values, np.maximum(values - epsilon, 0), values + epsilon,
                    f"approximate (Riondato-Kornaropoulos, {algo.numberOfSamples()} sampled "
                    f"paths): every value within {epsilon:g} with probability >= {1 - delta:g}",
                    epsilon, delta, extra={"samples": int(algo.numberOfSamples()),
                                           "method": "riondato-kornaropoulos"})


def top_betweenness(W: sp.csr_array, *, top: int, epsilon: float, delta: float,
                    seed: int | None, refine: bool = False) -> Estimate:
    """The ``top`` highest betweenness of an undirected binary graph, every value bounded.

    Every actor's value comes from :func:`kadabra_pair` at ``epsilon``: with
    probability at least ``1 - delta`` each exact value lies in its interval
    (``low``, ``high``: ``epsilon`` plus the actor's measured bias allowance).
    The ``top`` highest are then told apart by :func:`top_certainty`.

    With ``refine`` (no stated bound), ``epsilon`` is the default and the
    bound is planned from the estimates, not from the clock: one quick
    KADABRA run at :data:`PILOT_EPSILON` estimates ``v``, the ``top``-th
    value, and the pair of runs is made at ``0.09 v`` (:data:`PLAN_SHARE`,
    so that the final bound is about a tenth of the ``top``-th value,
    :data:`TARGET_SHARE`), at most :data:`PILOT_EPSILON`; when that is below
    ``epsilon / 4`` (:data:`REFINE_DOWN_TO`: more than 16 times the samples,
    which grow as ``1 / epsilon**2`` [2]_) the top is flat at this budget and
    the pair is made at ``epsilon``. The pilot only plans: the bounds come
    from the pair alone. For a given seed the answer is the same however
    loaded the machine is (networkit's deterministic mode; the plan uses
    estimates only).

    The top cannot be ranked at this budget (``extra["rankable"]`` false)
    when fewer than half of the ``top`` are certain and the final
    ``epsilon`` is more than a quarter of ``v`` (:data:`FLAT_SHARE`); ``extra["needed"]`` is
    then the bound at which they could be ranked (``v / 10``) and
    ``extra["needed_samples"]`` the samples that would take
    (``samples * (epsilon / needed)**2``).

    ``extra`` holds ``certain`` (positions of the actors that are in the top
    ``top`` whatever the error within the bounds), ``possible`` (those that
    may be), ``runs`` (the bounds tried), ``seconds`` (of the last runs, to
    turn ``needed_samples`` into time), ``kth`` and ``bias`` (the largest
    allowance added to ``epsilon``).
    """
    import time

    n = W.shape[0]
    top = min(int(top), n)
    runs = []
    if refine:
        pilot = _kadabra(W, PILOT_EPSILON, delta, None if seed is None else seed + 2)
        runs.append(PILOT_EPSILON)
        planned = min(PLAN_SHARE * _kth(pilot.values, top), PILOT_EPSILON)
        if planned >= REFINE_DOWN_TO * epsilon:
            epsilon = planned
    began = time.perf_counter()
    run = kadabra_pair(W, epsilon, delta, seed)
    seconds = time.perf_counter() - began
    runs.append(epsilon)
    certain, possible = top_certainty(run.values, top, low=run.low, high=run.high)
    kth = _kth(run.values, top)
    samples = run.extra["samples"]
    rankable = 2 * len(certain) >= top or epsilon <= FLAT_SHARE * kth
    needed = TARGET_SHARE * kth if kth > 0 else None
    needed_samples = (int(math.ceil(samples * (epsilon / needed) ** 2))
                      if needed and not rankable else None)
    settled = ("all of them told apart" if len(certain) >= top else
               f"{len(certain)} of them certain, {len(possible) - len(certain)} actors "
               f"competing for the other {top - len(certain)} places")
    if not rankable:
        settled += "; the top cannot be ranked at this budget"
    order = np.argsort(-run.values, kind="stable")[:top]
    return Estimate(run.values, run.low, run.high,
                    f"top {top} by KADABRA: with probability >= {1 - delta:g} every value is "
                    f"within {epsilon:.2g} of the exact one, plus its measured bias allowance "
                    f"({settled})",
                    epsilon, delta, extra={"top": [int(x) for x in order],
                                           "samples": samples, "method": "kadabra-top",
                                           "certain": certain.tolist(),
                                           "possible": possible.tolist(), "runs": runs,
                                           "kth": kth, "rankable": bool(rankable),
                                           "needed": needed if not rankable else None,
                                           "needed_samples": needed_samples,
                                           "bias": run.extra["bias"],
                                           "seconds": seconds, "actors": n})


def _kth(values: np.ndarray, top: int) -> float:
    if top <= 0 or values.size == 0:
        return 0.0
    return float(np.partition(values, values.size - top)[values.size - top])


def kadabra_pair(W: sp.csr_array, epsilon: float, delta: float,
                 seed: int | None) -> Estimate:
    """Every actor's betweenness from two KADABRA runs, with a bias allowance each.

    networkit's sampler picks each step back along a sampled shortest path
    without weighting the candidates by their number of shortest paths
    (``SpSampler::backtrackPath`` adds ``nPaths[target]``, which is 1, where
    the candidate's count belongs), so the last candidate in each actor's
    neighbour list is favoured, a bias the bound does not cover (up to 16
    times the bound measured on 25 communities joined by 40 brokers). Two
    runs are made, each at ``delta / 2``, one with neighbours listed from
    the fewest ties to the most and one the other way round (see
    :func:`_nk_graph`): the value is their mean, and each actor's interval is
    ``epsilon`` plus half their difference, the part of the bias that the
    order moves. With probability at least ``1 - delta`` both runs are
    within ``epsilon`` of what their sampler estimates, so the mean is too.
    Measured against exact betweenness, the interval held for every actor on
    heavy-tailed and block graphs and for 99.9 % or more on the brokers'
    graph; on grids, where the order moves the bias little, it does not.
    """
    n = W.shape[0]
    one = _kadabra(W, epsilon, delta / 2, seed, ascending=True)
    two = _kadabra(W, epsilon, delta / 2, None if seed is None else seed + 1,
                   ascending=False)
    values = (one.values + two.values) / 2
    bias = np.abs(one.values - two.values) / 2
    return Estimate(values, np.maximum(values - epsilon - bias, 0), values + epsilon + bias,
                    f"approximate (KADABRA): every value within {epsilon:g} plus its bias "
                    f"allowance with probability >= {1 - delta:g}", epsilon, delta,
                    extra={"samples": one.samples + two.samples, "method": "kadabra",
                           "bias": float(bias.max()) if n else 0.0, "actors": n})


@dataclass(frozen=True)
class _Run:
    values: np.ndarray
    samples: int


def _kadabra(W: sp.csr_array, epsilon: float, delta: float, seed: int | None,
             ascending: bool = True) -> _Run:
    """One networkit KADABRA run bounding every actor's error, in networkx's normalisation.

    The graph is handed to networkit with actors ordered by degree (see
    :func:`_nk_graph`); scores are converted by :func:`_kadabra_scale` and
    :func:`kadabra_conversion`.
    """
    nk = _networkit(seed)
    n = W.shape[0]
    if n <= 2 or W.nnz == 0:
        return _Run(np.zeros(n), 0)
    g, rank = _nk_graph(W, weighted=False, by_degree=True, ascending=ascending)
    scale = _kadabra_scale(n)
    algo = nk.centrality.KadabraBetweenness(g, min(epsilon / scale, 0.999), delta, True, 0)
    threads = nk.getMaxNumberOfThreads()
    if seed is not None:
        # networkit's "deterministic" mode still varies with two threads or
        # more (measured: 73,229-80,375 samples for one seed): a seed is kept
        # by sampling in one thread
        nk.setNumberOfThreads(1)
    try:
        algo.run()
    finally:
        nk.setNumberOfThreads(threads)
    factor = scale * kadabra_conversion(int(algo.getNumberOfIterations()),
                                        float(algo.getOmega()))
    scores = np.asarray(algo.scores(), dtype=float)
    return _Run(scores[rank] * factor, int(algo.getNumberOfIterations()))


def top_certainty(values: np.ndarray, top: int, epsilon: float | None = None, *,
                  low: np.ndarray | None = None,
                  high: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Which actors are surely, and which possibly, among the ``top`` highest.

    Every exact value lies within ``epsilon`` of its estimate, or in its
    interval ``[low, high]``. An actor is *certain* when fewer than ``top``
    others could exceed it (their upper end above its lower end), and
    *possible* when fewer than ``top`` others surely exceed it (their lower
    end above its upper end). The exact top ``top`` contains every certain
    actor and only possible ones.

    Returns the positions of both sets, highest estimate first.

    Examples
    --------
    >>> certain, possible = top_certainty(np.array([0.9, 0.5, 0.48, 0.1]), 2, 0.05)
    >>> certain.tolist(), possible.tolist()
    ([0], [0, 1, 2])
    >>> v = np.array([0.9, 0.5, 0.48, 0.1])
    >>> top_certainty(v, 2, low=v - [0.05, 0.0, 0.0, 0.05], high=v + [0.05, 0.0, 0.0, 0.05])
    (array([0, 1]), array([0, 1]))
    """
    values = np.asarray(values, dtype=float)
    order = np.argsort(-values, kind="stable")
    if top <= 0 or values.size == 0:
        return order[:0], order[:0]
    if low is None or high is None:
        low, high = values - epsilon, values + epsilon
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    n = values.size
    highs, lows = np.sort(high), np.sort(low)
    # others whose upper end is above this one's lower end (itself left out),
    # and others whose lower end is above this one's upper end
    could_exceed = n - np.searchsorted(highs, low, side="right") - (high > low)
    surely_exceed = n - np.searchsorted(lows, high, side="right")
    certain = order[could_exceed[order] < top]
    possible = order[surely_exceed[order] < top]
    return certain, possible


def sampled_closeness(W: sp.csr_array, *, weighted: bool, epsilon: float, delta: float,
                      top: int | None, seed: int | None,
                      progress: Any = None) -> tuple[Estimate, Estimate]:
    """Closeness and harmonic closeness of an undirected graph from sampled sources.

    Components of up to :data:`EXACT_COMPONENT_UP_TO` actors are computed
    exactly, and so are larger ones of a binary network while actors x ties x
    levels / 64 is at most :data:`BITS_WORK` (:func:`hop_sums` from every
    actor); in the others ``sample_size(epsilon, delta, n, spread)`` sources
    are drawn. Harmonic closeness (normalised by n - 1, terms in
    ``[0, 1/d_min]``) is then within ``epsilon`` of the exact value; the mean
    distance behind closeness within ``epsilon * diameter bound`` (terms in
    ``[0, D]``, D twice a source's eccentricity), whence closeness intervals.
    With ``top``, the ``top`` highest of each are found by networkit's exact
    top-k searches (Bergamini et al. 2016; closeness only on a connected
    binary graph, else every actor whose interval reaches the ``top``-th best
    lower end) and computed exactly: the top are then exact.

    Returns ``(closeness, harmonic)``; harmonic values are *not* normalised
    (as networkx's ``harmonic_centrality``), and its ``epsilon`` is per
    ``n - 1`` actors.
    """
    n = W.shape[0]
    D = W.copy()
    if weighted:
        D.data = 1.0 / D.data
    dmin = float(D.data.min()) if D.nnz else 1.0
    ncomp, labels = connected_components(W, directed=False)
    sizes = np.bincount(labels, minlength=ncomp)
    reach = (sizes[labels] - 1).astype(float)
    total = np.zeros(n)      # sum of distances from sampled sources (to each actor)
    inv = np.zeros(n)        # sum of 1/distance
    seen = np.zeros(n)       # sampled sources counted for each actor
    exact = np.zeros(n, dtype=bool)
    rng = np.random.default_rng(seed)
    small = sizes[labels] <= EXACT_COMPONENT_UP_TO
    exact |= small
    plan: list[np.ndarray] = []
    whole: list[np.ndarray] = []
    spread_d = np.zeros(ncomp)
    for c in np.flatnonzero(sizes > EXACT_COMPONENT_UP_TO):
        members = np.flatnonzero(labels == c)
        ecc = dijkstra(D, directed=False, indices=int(members[0]),
                       unweighted=not weighted)
        spread_d[c] = 2.0 * float(ecc[members].max())
        s = sample_size(epsilon, delta, n, spread=1.0 / dmin)
        if not weighted and members.size * W.nnz * (spread_d[c] / 2 + 1) / 64 <= BITS_WORK:
            whole.append(members)  # every actor exactly, cheaper than the top-k searches
            exact[members] = True
            continue
        if s >= members.size:
            exact[members] = True
            continue
        plan.append(np.sort(rng.choice(members, size=s, replace=False)))
    sources = np.concatenate(plan) if plan else np.empty(0, dtype=np.int64)
    distances = _distances_from(D, weighted)
    for start in range(0, sources.size, CHUNK):
        chunk = sources[start:start + CHUNK]
        if weighted:
            dist = distances(chunk)
            finite = np.isfinite(dist) & (dist > 0)
            total += np.where(finite, dist, 0.0).sum(axis=0)
            with np.errstate(divide="ignore"):
                inv += np.where(finite, 1.0 / dist, 0.0).sum(axis=0)
            seen += finite.sum(axis=0)
        else:
            hops, inverse, reached = hop_sums(W, chunk)
            total += hops
            inv += inverse
            seen += reached
        if progress is not None:
            progress(chunk.size)
    # A source never counts for itself: those in a component other than v's
    # have infinite distance and are left out by `finite`.
    close = np.zeros(n)
    harm = np.zeros(n)
    c_lo = np.zeros(n)
    c_hi = np.zeros(n)
    h_lo = np.zeros(n)
    h_hi = np.zeros(n)
    est = ~exact & (seen > 0)
    if est.any():
        mean_d = total[est] / seen[est]
        mean_inv = inv[est] / seen[est]
        r = reach[est]
        frac = r / (n - 1)
        close[est] = frac / mean_d
        harm[est] = r * mean_inv
        s_est = seen[est]
        eta_inv = (1.0 / dmin) * np.sqrt(np.log(2 * n / delta) / (2 * s_est))
        eta_d = spread_d[labels[est]] * np.sqrt(np.log(2 * n / delta) / (2 * s_est))
        c_lo[est] = frac / (mean_d + eta_d)
        c_hi[est] = frac / np.maximum(mean_d - eta_d, dmin)
        h_lo[est] = r * np.maximum(mean_inv - eta_inv, 0.0)
        h_hi[est] = r * np.minimum(mean_inv + eta_inv, 1.0 / dmin)
    done = np.zeros(n, dtype=bool)
    for members in whole:
        sums, inverse = np.zeros(n), np.zeros(n)
        for start in range(0, members.size, 2 * CHUNK):
            chunk = members[start:start + 2 * CHUNK]
            hops, inv_part, _reached = hop_sums(W, chunk)
            sums += hops
            inverse += inv_part
            if progress is not None:
                progress(chunk.size)
        r = reach[members]
        with np.errstate(divide="ignore", invalid="ignore"):
            close[members] = np.where(sums[members] > 0,
                                      (r / (n - 1)) * (r / sums[members]), 0.0)
        harm[members] = inverse[members]
        done[members] = True
    refine = exact & ~done
    if top is not None and est.any():
        k = min(int(top), n)
        refine[_top_harmonic(W, weighted, k, seed)] = True
        if not weighted:
            # closeness is the within-component closeness times (N - 1) / (n - 1)
            # for a component of N actors: the top k overall are among each
            # large component's own top k (small ones are exact already)
            for c in np.flatnonzero(sizes > EXACT_COMPONENT_UP_TO):
                members = np.flatnonzero(labels == c)
                sub = sp.csr_array(W[members][:, members])
                refine[members[_top_closeness(sub, min(k, members.size), seed)]] = True
        else:
            # no exact top-k search for this case: every actor whose interval
            # reaches the k-th best lower end is computed exactly
            lo_all = np.where(est, c_lo, 0.0)
            threshold = np.sort(lo_all)[::-1][k - 1]
            refine |= est & (c_hi >= threshold)
    todo = np.flatnonzero(refine)
    for start in range(0, todo.size, CHUNK):
        chunk = todo[start:start + CHUNK]
        dist = distances(chunk)
        finite = np.isfinite(dist) & (dist > 0)
        sums = np.where(finite, dist, 0.0).sum(axis=1)
        with np.errstate(divide="ignore"):
            harm[chunk] = np.where(finite, 1.0 / dist, 0.0).sum(axis=1)
        r = reach[chunk]
        with np.errstate(divide="ignore", invalid="ignore"):
            close[chunk] = np.where(sums > 0, (r / (n - 1)) * (r / sums), 0.0)
        if progress is not None:
            progress(chunk.size)
    todo = np.flatnonzero(refine)
    computed = np.flatnonzero(refine | done)
    for arr_lo, arr_hi, arr in ((c_lo, c_hi, close), (h_lo, h_hi, harm)):
        arr_lo[computed] = arr[computed]
        arr_hi[computed] = arr[computed]
        if top is not None and est.any() and todo.size >= min(int(top), n):
            # The exact top-k searches prove every other actor is at most the
            # k-th value: an estimate above it is known to be too high, so it
            # is lowered to just below it (never further from the truth), and
            # the top k shown are the proven ones.
            kth = np.sort(arr[todo])[::-1][min(int(top), n) - 1]
            below = np.nextafter(kth, -np.inf)
            rest = est & ~refine
            arr[rest] = np.minimum(arr[rest], below)
            arr_hi[rest] = np.minimum(arr_hi[rest], kth)
            arr_lo[rest] = np.minimum(arr_lo[rest], arr[rest])
    sampled = int(sources.size)
    exact_count = int(computed.size)
    how = (f"{sampled} sampled sources (Eppstein-Wang); each actor's interval holds with "
           f"probability >= {1 - delta:g}")
    if not sampled:
        how = "every actor's breadth-first searches: exact"
    elif top is not None:
        how += f"; the top {top} found and computed exactly ({exact_count} exact in all)"
    extra = {"sources": sampled}
    return (Estimate(close, c_lo, c_hi, "closeness from " + how, epsilon, delta, exact_count,
                     extra),
            Estimate(harm, h_lo, h_hi, "harmonic closeness from " + how, epsilon, delta,
                     exact_count, extra))


# ---------------------------------------------------------------------------
def hop_sums(W: sp.csr_array, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every actor, the sum of its hop distances to ``sources``, of their
    inverses, and how many of the sources reach it (itself left out).

    One breadth-first search from all the sources at once, bit-parallel: each
    actor holds one bit per source (64 to a word) of the sources that have
    reached it, and each level is one ``bitwise_or.reduceat`` of the
    neighbours' words; the actors a level reaches from ``c`` sources add
    ``c * level`` and ``c / level``. ``W`` is a symmetric adjacency matrix
    (CSR). Distances are symmetric, so these are also the sums over the
    searches started from the sources. 20 to 60 times faster than collecting
    the distance matrices of igraph's or scipy's searches (1,024 sources on
    19,000 actors: 0.2-0.4 s against 3.7 s).

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> path = sp.csr_array(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]]))
    >>> [x.tolist() for x in hop_sums(path, np.array([0]))]
    [[0.0, 1.0, 2.0], [0.0, 1.0, 0.5], [0.0, 1.0, 1.0]]
    """
    n = W.shape[0]
    total, inverse, reached = np.zeros(n), np.zeros(n), np.zeros(n)
    sources = np.asarray(sources, dtype=np.int64)
    if sources.size == 0 or n == 0:
        return total, inverse, reached
    words = -(-sources.size // 64)
    has = np.diff(W.indptr) > 0
    starts = W.indptr[:-1][has]
    cols = W.indices
    bit = np.arange(sources.size)
    seen = np.zeros((n, words), dtype=np.uint64)
    np.bitwise_or.at(seen, (sources, bit // 64),
                     np.left_shift(np.uint64(1), (bit % 64).astype(np.uint64)))
    frontier = seen.copy()
    nxt = np.zeros_like(seen)
    level = 0
    while cols.size:
        nxt[has] = np.bitwise_or.reduceat(frontier[cols], starts, axis=0)
        nxt &= ~seen
        count = _popcount(nxt).sum(axis=1, dtype=np.int64)
        if not count.any():
            break
        level += 1
        total += level * count
        inverse += count / level
        reached += count
        seen |= nxt
        frontier, nxt = nxt, frontier
        nxt[~has] = 0
    return total, inverse, reached


def _popcount(x: np.ndarray) -> np.ndarray:
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(x)
    bits = np.unpackbits(x.view(np.uint8).reshape(*x.shape, 8), axis=-1)
    return bits.sum(axis=-1, dtype=np.uint8)


def _distances_from(D: sp.csr_array, weighted: bool):
    """A function giving the distances from some sources to every actor (inf if unreached).

    Hops by igraph's breadth-first searches on a graph built once (1.0 s for
    256 sources on 20,000 actors, against 1.6 s for scipy's Dijkstra with
    unit lengths); lengths ``D`` by scipy's Dijkstra.
    """
    if weighted:
        return lambda sources: dijkstra(D, directed=False, indices=sources, unweighted=False)
    import igraph as ig

    upper = sp.coo_array(sp.triu(D, k=1))
    g = ig.Graph(n=D.shape[0], edges=np.column_stack([upper.row, upper.col]).tolist())
    return lambda sources: np.asarray(g.distances(source=sources.tolist()), dtype=float)


def _kadabra_scale(n: int) -> float:
    """networkx's normalised betweenness per unit of networkit's KADABRA score (by definition).

    networkit samples ordered pairs of distinct actors uniformly and counts the
    inner actors of one shortest path per pair; its score is the count over
    the pairs, doubled for undirected graphs. An actor's expected score is
    so ``2 * 2 b / (n (n - 1))`` for ``b`` paths-through summed over unordered
    pairs, while networkx's normalised value is ``2 b / ((n - 1) (n - 2))``:
    networkx's is the score times ``n / (2 (n - 2))``. (The samples counted
    are corrected separately, :func:`kadabra_conversion`.)
    """
    return n / (2.0 * (n - 2)) if n > 2 else 1.0


#: networkit's ``startFactor`` (its default): the first ``omega / START_FACTOR``
#: samples only calibrate the stopping rule.
START_FACTOR = 100


def kadabra_conversion(iterations: int, omega: float) -> float:
    """Factor that turns networkit's KADABRA scores into means over all the pairs it sampled.

    networkit (10.0-11.x, ``KadabraBetweenness::run``) draws ``tau = omega /
    startFactor`` pairs first to calibrate its stopping rule, then starts the
    adaptive phase writing into the same per-thread frames without clearing
    them, and divides by the pairs of the adaptive phase only. The paths of
    the ``tau`` first pairs are so counted in the numerator but not in the
    denominator: the scores are ``iterations / (iterations - tau)`` times too
    high (``getNumberOfIterations`` is both phases), 1 % when the run goes to
    ``omega`` samples and more when it stops earlier (1-4 % measured on
    Barabasi-Albert graphs, a 30 x 30 grid, Watts-Strogatz, Erdos-Renyi,
    block models, a tree, a path, a cycle, a star and the karate club; after
    this factor the sum of all the estimates matches the exact sum within
    0.3 % on every one). Multiplying by ``(iterations - tau) / iterations``
    gives the mean over all ``iterations`` pairs, calibration pairs included.

    Examples
    --------
    >>> round(kadabra_conversion(84826, 82643.2), 5)
    0.99026
    """
    if iterations <= 0:
        return 1.0
    tau = int(omega / START_FACTOR)
    return max(iterations - tau, 0) / iterations


def _top_harmonic(W: sp.csr_array, weighted: bool, k: int, seed: int | None) -> np.ndarray:
    """The k highest harmonic closeness (networkit's exact top-k search, Bergamini et al.)."""
    nk = _networkit(seed)
    g = _nk_graph(W, weighted)  # held here: networkit's algorithms do not keep it alive
    algo = nk.centrality.TopHarmonicCloseness(g, k=k, useNBbound=False)
    algo.run()
    return np.asarray(algo.topkNodesList(), dtype=np.int64)


def _top_closeness(W: sp.csr_array, k: int, seed: int | None) -> np.ndarray:
    """The k highest closeness of a connected binary graph (networkit's exact top-k search)."""
    nk = _networkit(seed)
    g = _nk_graph(W, False)  # held here: networkit's algorithms do not keep it alive
    algo = nk.centrality.TopCloseness(g, k=k, first_heu=True, sec_heu=False)
    algo.run()
    return np.asarray(algo.topkNodesList(), dtype=np.int64)


def _networkit(seed: int | None):
    try:
        import networkit as nk
    except ImportError:  # pragma: no cover - a dependency, but say what to do
        raise InputError("approximate path measures need networkit: pip install networkit") \
            from None
    nk.engineering.setSeed(int(seed) if seed is not None else
                           int(np.random.default_rng().integers(2 ** 31)), True)
    return nk


def _nk_graph(W: sp.csr_array, weighted: bool, by_degree: bool = False,
              ascending: bool = True):
    """The graph for networkit; with ``by_degree`` also the new id of each actor.

    With ``by_degree``, actors are numbered in order of degree (``ascending``
    or not) and every adjacency list is sorted, so that each actor's
    neighbours are listed from the fewest ties to the most (or the other
    way). networkit's KADABRA picks the previous step of a sampled path from
    that list without weighting by the number of shortest paths through each
    candidate (``backtrackPath``), which favours the last listed; listing the
    best connected last brings that choice closer to the right one (the
    largest errors measured on a graph of 25 communities joined by 40
    brokers fell from 8 to 4 times the bound), and the other order measures
    what is left (:func:`kadabra_pair`).
    """
    import networkit as nk

    n = W.shape[0]
    rank = np.arange(n)
    if by_degree:
        degree = np.diff(W.indptr)
        order = np.argsort(degree if ascending else -degree, kind="stable")
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
    upper = sp.coo_array(sp.triu(W, k=1))
    g = nk.Graph(n, weighted=weighted, directed=False)
    if upper.nnz:
        u = rank[upper.row].astype(np.uint64)
        v = rank[upper.col].astype(np.uint64)
        if weighted:
            g.addEdges((1.0 / upper.data.astype(float), (u, v)))
        else:
            g.addEdges((u, v))
    if by_degree:
        g.sortEdges()
        return g, rank
    return g
