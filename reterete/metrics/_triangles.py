"""Triangles of a simple undirected graph with numpy (private).

One routine serves the whole-network figures (``structure.summary``:
average clustering and transitivity without networkx's Python loops or
igraph's import) and the comparison's resampled clustering
(:mod:`reterete.metrics._bootstrap`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["triangles", "triangle_counts"]

#: Candidate corners checked at once (a few tens of MB of int64).
CHUNK = 4_000_000
#: Up to this many node pairs, tie membership is a bitmap of all pairs (32 MB);
#: on L (10,000 actors) it made the count 3x faster than a binary search.
BITMAP_BITS = 2**28


def triangles(u: np.ndarray, v: np.ndarray, n: int, *,
              ordered: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every triangle of the simple undirected graph with ties ``(u, v)`` on
    nodes ``0..n-1``, as three arrays ``a < b < c`` (corners in no particular
    order with ``ordered=False``).

    Ties are oriented from the lower to the higher (degree, index) rank, so
    each triangle is found once, from its lowest-ranked corner, and the work
    is bounded by ``O(E^1.5)`` whatever the degree distribution (Chiba &
    Nishizeki 1985). The candidate third corners of all ties are checked at
    once against the sorted tie keys.
    """
    found = list(_batches(u, v, n))
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    t = np.stack([np.concatenate(f) for f in zip(*found, strict=True)])
    if ordered:
        t = np.sort(t, axis=0)
    return t[0], t[1], t[2]


def _batches(u: np.ndarray, v: np.ndarray, n: int):
    """The triangles of :func:`triangles`, a batch of about :data:`CHUNK`
    candidates at a time (node ids, corners unordered): counting them needs
    no list of them all (16 million triangles on ten million rows)."""
    u = np.asarray(u, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    keep = u != v
    lo, hi = np.minimum(u[keep], v[keep]), np.maximum(u[keep], v[keep])
    key = np.sort(lo * n + hi)
    key = key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key
    lo, hi = key // max(n, 1), key % max(n, 1)
    if len(key) < 3:
        return
    deg = np.bincount(lo, minlength=n) + np.bincount(hi, minlength=n)
    node_of = np.lexsort((np.arange(n), deg))          # rank -> node
    rank = np.empty(n, dtype=np.int64)
    rank[node_of] = np.arange(n)
    rl, rh = rank[lo], rank[hi]
    x, y = np.minimum(rl, rh), np.maximum(rl, rh)      # x -> y, in rank ids
    okey = np.sort(x * n + y)
    x, y = okey // n, okey % n
    indptr = np.r_[0, np.cumsum(np.bincount(x, minlength=n))]
    out_deg = np.diff(indptr)
    cnt = out_deg[y]                                   # candidates z in out(y)
    ends = np.cumsum(cnt)
    if n * n <= BITMAP_BITS:     # membership by one bit lookup, not a binary search
        bitmap = np.zeros((n * n + 7) // 8, dtype=np.uint8)
        np.bitwise_or.at(bitmap, okey >> 3, (1 << (okey & 7)).astype(np.uint8))

        def tied(k):
            return ((bitmap[k >> 3] >> (k & 7).astype(np.uint8)) & 1).astype(bool)
    else:
        def tied(k):
            return okey[np.minimum(np.searchsorted(okey, k), len(okey) - 1)] == k

    step = max(1, CHUNK)
    e0 = 0
    while e0 < len(x):                                 # chunks of about `step` candidates
        e1 = int(np.searchsorted(ends, (ends[e0 - 1] if e0 else 0) + step, side="right"))
        e1 = max(e1, e0 + 1)
        c = cnt[e0:e1]
        e = np.repeat(np.arange(e0, e1), c)
        pos = np.arange(len(e)) + (indptr[y[e0:e1]] - (np.cumsum(c) - c))[e - e0]
        z = y[pos]
        cand = x[e] * n + z
        hit = tied(cand)
        if hit.any():
            yield node_of[x[e][hit]], node_of[y[e][hit]], node_of[z[hit]]
        e0 = e1


def triangle_counts(u: np.ndarray, v: np.ndarray, n: int) -> np.ndarray:
    """Triangles at each node (as ``networkx.triangles``), int64 (n,)."""
    out = np.zeros(n, dtype=np.int64)
    for a, b, c in _batches(u, v, n):
        out += np.bincount(a, minlength=n) + np.bincount(b, minlength=n) \
            + np.bincount(c, minlength=n)
    return out
