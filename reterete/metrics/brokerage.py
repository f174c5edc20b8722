"""Gould and Fernandez brokerage roles, counted as R's sna counts them."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._engine import prepare

__all__ = ["brokerage", "ROLES", "SNA_NAMES"]

#: Role columns of :func:`brokerage`, in order (then ``total``).
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")

#: The name R's sna gives each role (``brokerage()$raw.nli`` columns), with
#: the two-path of groups (source, broker, target) that sna's code counts in it.
SNA_NAMES = {
    "coordinator": ("w_I", "AAA"),
    "itinerant": ("w_O", "ABA"),
    "representative": ("b_IO", "AAB"),
    "gatekeeper": ("b_OI", "ABB"),
    "liaison": ("b_O", "ABC"),
}


def brokerage(G: nx.Graph, attr: str = "sector") -> pd.DataFrame:
    r"""Gould and Fernandez's five brokerage roles of every actor.

    Actor j *brokers* the ordered pair (i, k) when i -> j -> k, i != k, and
    there is no tie i -> k (an open two-path). Each open two-path gives its
    broker one count in the role fixed by the groups (``attr``) of source i,
    broker j and target k:

    ================  ===================  =====================================
    role              two-path (i, j, k)   the broker...
    ================  ===================  =====================================
    coordinator       A -> A -> A          links two members of its own group
    itinerant         A -> B -> A          links two members of another group
    representative    A -> A -> B          carries its group's contact outside
    gatekeeper        A -> B -> B          lets an outsider in to its own group
    liaison           A -> B -> C          links two other, different groups
    ================  ===================  =====================================

    In R's sna (``brokerage()``) these are, in the same order, ``w_I``,
    ``w_O``, ``b_IO``, ``b_OI`` and ``b_O`` (:data:`SNA_NAMES`): sna's
    representative ``b_IO`` is the path A -> A -> B and its gatekeeper
    ``b_OI`` the path A -> B -> B. An undirected graph
    is read as a symmetric digraph, so each open path counts once in each
    direction: an undirected representative path is also a gatekeeper path
    seen from the other end.

    Parameters
    ----------
    G : networkx graph
        Ties are binary; self-loops are ignored.
    attr : str
        Node attribute defining the groups (``sector`` by default).

    Returns
    -------
    DataFrame
        Indexed by actor (``list(G)`` order), nullable-integer columns
        ``coordinator``, ``itinerant``, ``representative``, ``gatekeeper``,
        ``liaison`` and ``total``. Two-paths whose source or target lacks the
        attribute are not counted; an actor lacking it has no role counts
        (<NA>) but its ``total`` of classified paths is still given.

    Notes
    -----
    Vectorised: with H the actor x group indicator matrix, the paths of
    broker j from group a to group b are
    :math:`(A^T H)_{ja} (A H)_{jb} - ((A^T D_a A) \circ A)\,H)_{jb} - [a=b]\,((A^T \circ A) H)_{ja}`
    (all two-paths, minus closed ones, minus returns i = k), one sparse
    product per group.

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation:
       a formal approach to brokerage in transaction networks. Sociological
       Methodology 19, 89-126.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. Journal of
       Statistical Software 24(6) (function ``brokerage``).

    Examples
    --------
    >>> G = nx.path_graph(["school", "educator", "police"])
    >>> nx.set_node_attributes(G, {"school": "education", "educator": "education",
    ...                            "police": "safety"}, "sector")
    >>> brokerage(G).loc["educator"].tolist()  # school->educator->police and back
    [0, 0, 1, 1, 0, 2]
    """
    P = prepare(G)
    n = P.n
    A = P.binary.astype(np.int64)
    groups = _group_codes(G, P.nodes, attr)
    ngroups = int(groups.max()) + 1 if n and groups.max() >= 0 else 0
    known = groups >= 0
    H = sp.csr_array((np.ones(int(known.sum()), dtype=np.int64),
                      (np.flatnonzero(known), groups[known])), shape=(n, max(ngroups, 1)))
    T = _paths_by_group(A, H, max(ngroups, 1))  # n x g x g: broker, source group, target group
    total = T.sum(axis=(1, 2))
    diag = np.einsum("jaa->ja", T)  # same source and target group
    rows = np.arange(n)
    c = np.where(known, groups, 0)
    own = T[rows, c, c]
    coordinator = own
    itinerant = diag.sum(axis=1) - own
    representative = T[rows, c, :].sum(axis=1) - own
    gatekeeper = T[rows, :, c].sum(axis=1) - own
    liaison = total - coordinator - itinerant - representative - gatekeeper
    data = {}
    for name, values in zip(ROLES, (coordinator, itinerant, representative, gatekeeper, liaison),
                            strict=True):
        col = pd.array(values, dtype="Int64")
        col[~known] = pd.NA
        data[name] = col
    data["total"] = pd.array(total, dtype="Int64")
    return pd.DataFrame(data, index=pd.Index(P.nodes, name="actor", dtype=object))


# ---------------------------------------------------------------------------
def _group_codes(G: nx.Graph, nodes: list[Any], attr: str) -> np.ndarray:
    values = [G.nodes[v].get(attr) for v in nodes]
    missing = [v is None or (isinstance(v, float) and np.isnan(v)) for v in values]
    labels = sorted({v for v, m in zip(values, missing, strict=True) if not m}, key=str)
    code = {g: i for i, g in enumerate(labels)}
    return np.array([-1 if m else code[v] for v, m in zip(values, missing, strict=True)],
                    dtype=np.int64)


def _paths_by_group(A: sp.csr_array, H: sp.csr_array, g: int) -> np.ndarray:
    """Open two-paths i -> j -> k counted by (j, group of i, group of k)."""
    n = A.shape[0]
    AT = A.T.tocsr()
    into = (AT @ H).toarray()  # into[j, a]: ties i -> j with i in a
    out = (A @ H).toarray()    # out[j, b]: ties j -> k with k in b
    T = into[:, :, None] * out[:, None, :]
    returns = ((AT.multiply(A)) @ H).toarray()  # i -> j -> i
    idx = np.arange(g)
    T[:, idx, idx] -= returns
    for a in range(g):
        Da = sp.diags_array(H[:, [a]].toarray().ravel(), dtype=np.int64)
        closed = (AT @ Da @ A).multiply(A)  # [j, k]: i in a with i -> j, i -> k, j -> k
        T[:, a, :] -= (sp.csr_array(closed) @ H).toarray()
    if n == 0:
        return np.zeros((0, g, g), dtype=np.int64)
    return T
