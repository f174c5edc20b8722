"""Whom to engage next at a site, with the reasons in plain words.

The *engaged* set is the team plus every actor with a recent tie to a team
actor. The actors worth engaging next are the site's non-team actors who are
not engaged yet, or whose engagement is fading (their last contact with the
team is older than ``stale_days`` before the window's end). Each is scored on
three things a planner weighs:

* **reach**: how many of the site's actors it would newly bring within
  ``hops`` steps of the engaged set (the marginal coverage gain, as in
  :mod:`reterete.metrics.coverage`);
* **bridging**: how many pairs of its contacts from different sectors are not
  in touch with each other (Gould & Fernandez brokerage across groups);
* **recency**: how recently it was active at all, ``2 ** (-days / stale_days)``
  (someone seen last week is easier to reach than someone gone for months).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InputError
from ..i18n import _, articled, at_place, format_date, ngettext

if TYPE_CHECKING:  # pragma: no cover
    from ..network import Network

__all__ = ["recommend", "only_links", "COLUMNS"]

#: Columns of :func:`recommend`'s table, in order.
COLUMNS = ["actor", "name", "kind", "score", "reasons", "status", "gain", "bridging",
           "recency", "days_since_seen", "days_since_team", "only_link"]
#: Default weights of reach, bridging and recency in the score.
WEIGHTS = (0.5, 0.3, 0.2)


def recommend(network: Network, site: str, n: int = 10, start: object = None,
              end: object = None, stale_days: float = 60, *, hops: int = 1,
              weights: Sequence[float] = WEIGHTS) -> pd.DataFrame:
    r"""Rank the site's actors the team should engage next, with reasons.

    Candidates are the site's non-team actors (``net.site_actors``) that are
    not engaged (no tie to a team actor in the window) or whose engagement
    is fading (last contact with the team more than ``stale_days`` days
    before the window's end). The engaged set :math:`E` is the team plus the
    actors whose team contact is recent. For candidate :math:`c`:

    .. math::

        \text{score}(c) = w_1 \frac{g(c)}{\max_{c'} g(c')}
                        + w_2 \frac{b(c)}{\max_{c'} b(c')}
                        + w_3 \, 2^{-a(c) / \text{stale\_days}}

    where :math:`g(c) = |N_h[c] \cap T \setminus N_h[E]|` is the number of the
    site's actors :math:`T` that :math:`c` brings within ``hops`` steps and
    nobody engaged reaches yet (distances in the window's whole graph),
    :math:`b(c)` the number of unordered pairs of :math:`c`'s contacts in
    different sectors who have no tie to each other (the representative,
    gatekeeper and liaison counts of Gould & Fernandez brokerage, halved
    because an undirected path is counted both ways; a node without a sector
    is grouped by its kind), and
    :math:`a(c)` the days since :math:`c`'s last interaction. A ratio with a
    zero maximum counts 0. Weights default to 0.5, 0.3, 0.2.

    Parameters
    ----------
    network : Network
    site : str
        Site name, matched like actor names.
    n : int
        How many actors to return (the best ``n``).
    start, end : optional
        The window (inclusive). Without ``end`` the reference day is the
        window's last interaction.
    stale_days : float
        An engagement older than this is fading; also the half-life of the
        recency term.
    hops : int
        Reach of an actor (1: direct contacts).
    weights : three floats
        Weights of reach, bridging and recency.

    Returns
    -------
    DataFrame
        One row per recommended actor, best first, columns :data:`COLUMNS`:
        ``actor`` (id), ``name``, ``kind``, ``score``, ``reasons`` (list of
        plain sentences), ``status`` (``"not engaged"`` or ``"fading"``),
        ``gain``, ``bridging``, ``recency``, ``days_since_seen``,
        ``days_since_team`` (NaN: never in touch) and ``only_link`` (sector
        pairs this actor alone connects). Ties in score go to the smallest id.
        Ages count back from the window's end, else from the day of the last
        contact in the logs (never from today: a 2013 log is read as of
        2013); ``table.attrs`` holds that ``reference`` day (ISO) and
        ``notes``, sentences to show once with the table (where ages count
        from; that no team is defined, when the network has none, in which
        case no actor's reasons repeat "not in touch with the team").

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a
       formal approach to brokerage in transaction networks. Sociological
       Methodology 19, 89-126.
    .. [2] Nemhauser, G. L., Wolsey, L. A. & Fisher, M. L. (1978). An analysis
       of approximations for maximizing submodular set functions.
       Mathematical Programming 14, 265-294.

    Examples
    --------
    >>> from reterete.network import Network
    >>> log = pd.DataFrame({
    ...     "date": pd.to_datetime(["2024-09-02", "2024-09-20", "2024-09-21",
    ...                             "2024-11-28", "2024-11-29", "2024-11-30"]),
    ...     "source": ["Educatore", "Bar", "Bar", "Comitato", "Comitato", "Educatore"],
    ...     "target": ["Bar", "Anna", "Luca", "Marta", "Sara", "Luca"],
    ...     "site": ["Roma"] * 6})
    >>> actors = pd.DataFrame({"name": ["Educatore"], "team": [True]})
    >>> net = Network.from_interactions(log, actors=actors)
    >>> table = recommend(net, "Roma", n=5)
    >>> table[["name", "status", "gain"]].values.tolist()[:3]
    [['Comitato', 'not engaged', 3], ['Sara', 'not engaged', 2], ['Marta', 'not engaged', 2]]
    >>> for reason in table.loc[0, "reasons"]:
    ...     print(reason)
    reaches 3 actors at Roma that no one engaged is in touch with
    not in touch with the team yet
    last seen 1 day before 30 November 2024
    >>> for reason in table.set_index("name").loc["Bar", "reasons"][-2:]:
    ...     print(reason)
    last contact with the team 89 days before 30 November 2024
    last seen 70 days before 30 November 2024
    >>> print(*table.attrs["notes"])
    Days count back from 30 November 2024, the day of the last contact in the logs, not from today.
    """
    from ..window import Window

    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise InputError(_("-n must be a whole number 1 or more, not {value}").format(
            value=repr(n)))
    if not stale_days > 0:
        raise InputError(_("--stale-days must be a positive number of days, not {value}")
                         .format(value=repr(stale_days)))
    if len(weights) != 3 or any(not np.isfinite(w) or w < 0 for w in weights):
        raise InputError("weights must be three numbers 0 or more (reach, bridging, recency)")
    key = network.site_key(site)
    site_name = network.site_names[key]
    win = Window(start, end)
    inter = network.window(start, end)
    targets = network.site_actors(site, start, end)
    G = network.graph(start, end, include_registry=True)
    G.add_nodes_from(t for t in targets if t not in G)
    ref = win.end if win.end is not None else (inter["date"].max() if len(inter) else None)
    team = set(network.team())
    notes = _notes(ref, win.end is not None, bool(team))
    last_team = _last_team_contact(inter, team)
    last_seen = _last_seen(inter)
    days_team = _days(ref, last_team)
    days_seen = _days(ref, last_seen)
    fading = {a for a, d in days_team.items() if d > stale_days}
    engaged = team | (set(last_team.index) - fading)
    cands = [t for t in targets if t not in engaged]
    if not cands:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
        empty.attrs.update(reference=_iso(ref), notes=notes)
        return empty

    gain = _new_reach(G, cands, targets, engaged & set(G), hops)
    groups = _groups(G)
    bridging = _bridging(G, cands)
    only = only_links(G, cands, groups)
    age = pd.Series([days_seen.get(c, np.nan) for c in cands], index=cands, dtype=float)
    recency = np.exp2(-age.fillna(np.inf) / float(stale_days))
    w1, w2, w3 = (float(w) for w in weights)
    score = (w1 * _ratio(gain) + w2 * _ratio(bridging) + w3 * recency).astype(float)

    names = {c: network.name_of(c) for c in cands}
    kinds = network.actors["kind"]
    rows = []
    for c in cands:
        status = "fading" if c in fading else "not engaged"
        rows.append({
            "actor": c, "name": names[c], "kind": kinds.get(c), "score": float(score[c]),
            "reasons": _reasons(site_name, hops, int(gain[c]), int(bridging[c]), only[c],
                                status, days_team.get(c), days_seen.get(c),
                                ref=ref, has_team=bool(team)),
            "status": status, "gain": int(gain[c]), "bridging": int(bridging[c]),
            "recency": float(recency[c]), "days_since_seen": days_seen.get(c, np.nan),
            "days_since_team": days_team.get(c, np.nan), "only_link": only[c],
        })
    table = pd.DataFrame(rows, columns=COLUMNS)
    table = table.sort_values(["score", "actor"], ascending=[False, True], kind="stable")
    table = table.head(int(n)).reset_index(drop=True)
    table.attrs.update(reference=_iso(ref), notes=notes)
    return table


def only_links(G: nx.Graph, nodes: Sequence[Hashable] | None = None,
               groups: dict[Hashable, Hashable] | None = None, *, attr: str = "sector"
               ) -> pd.Series:
    """Group pairs that only this node connects.

    Node ``v`` *links* groups X and Y when its closed neighbourhood (itself and
    its contacts) touches both. ``v`` is the *only link* between X and Y when
    no other node links them; then X and Y have no direct tie either (both
    ends of a direct tie would link them).

    Parameters
    ----------
    G : networkx graph
    nodes : sequence, optional
        Nodes to report (default: all).
    groups : dict, optional
        Node -> group; default the ``attr`` node attribute (nodes without it
        belong to no group).

    Returns
    -------
    Series
        Indexed by node: a list of ``(X, Y)`` pairs (sorted, ``str(X) <
        str(Y)``).

    Examples
    --------
    >>> G = nx.Graph([("a1", "b"), ("b", "c1"), ("a1", "a2")])
    >>> g = {"a1": "A", "a2": "A", "b": "B", "c1": "C"}
    >>> only_links(G, ["b", "a1"], g).to_dict()
    {'b': [('A', 'C')], 'a1': []}
    """
    import scipy.sparse as sp

    nodes = list(G) if nodes is None else list(nodes)
    if groups is None:
        groups = {v: d[attr] for v, d in G.nodes(data=True) if d.get(attr) is not None}
    labels = sorted({g for g in groups.values()}, key=str)
    if len(labels) < 2 or not nodes:
        return pd.Series([[] for _ in nodes], index=pd.Index(nodes, dtype=object),
                         dtype=object)
    idx = {v: i for i, v in enumerate(G)}
    code = {g: i for i, g in enumerate(labels)}
    member = [(idx[v], code[g]) for v, g in groups.items() if v in idx]
    r, c = zip(*member, strict=True) if member else ((), ())
    S = sp.csr_array((np.ones(len(r)), (r, c)), shape=(len(idx), len(labels)))
    A = nx.to_scipy_sparse_array(G, nodelist=list(G), weight=None, format="csr")
    A = ((A + A.T) > 0).astype(float) + sp.eye_array(len(idx), format="csr")
    touch = ((A @ S).toarray() > 0).astype(np.int64)      # node x group
    links = touch.T @ touch                                 # group x group: linking nodes
    iu, ju = np.triu_indices(len(labels), 1)
    lonely = links[iu, ju] == 1
    out = []
    for v in nodes:
        t = touch[idx[v]]
        hit = lonely & (t[iu] > 0) & (t[ju] > 0)
        out.append([(labels[a], labels[b]) for a, b in zip(iu[hit], ju[hit], strict=True)])
    return pd.Series(out, index=pd.Index(nodes, dtype=object), dtype=object)


# ------------------------------------------------------------------- helpers
def _last_team_contact(inter: pd.DataFrame, team: set[str]) -> pd.Series:
    """Non-team actor -> date of its last interaction with a team actor."""
    if inter.empty or not team:
        return pd.Series(dtype="datetime64[ns]")
    s_team = inter["source"].isin(team).to_numpy()
    t_team = inter["target"].isin(team).to_numpy()
    one = s_team ^ t_team
    other = np.where(s_team, inter["target"].to_numpy(), inter["source"].to_numpy())[one]
    dates = inter["date"].to_numpy()[one]
    return pd.Series(dates, index=other).groupby(level=0).max()


def _last_seen(inter: pd.DataFrame) -> pd.Series:
    if inter.empty:
        return pd.Series(dtype="datetime64[ns]")
    both = pd.concat([pd.Series(inter["date"].to_numpy(), index=inter["source"].to_numpy()),
                      pd.Series(inter["date"].to_numpy(), index=inter["target"].to_numpy())])
    return both.groupby(level=0).max()


def _days(ref: pd.Timestamp | None, when: pd.Series) -> dict[str, float]:
    if ref is None or when.empty:
        return {}
    days = ((ref - when).dt.total_seconds() / 86400.0).clip(lower=0).apply(np.floor)
    return days.astype(float).to_dict()


def _new_reach(G: nx.Graph, cands: list[str], targets: list[str], engaged: set[str],
               hops: int) -> pd.Series:
    """Targets each candidate brings within ``hops`` that the engaged don't reach."""
    from .coverage import reach_matrix

    R = reach_matrix(G, cands, targets, hops=hops)
    done = np.zeros(len(targets), dtype=bool)
    if engaged:
        E = reach_matrix(G, sorted(engaged, key=str), targets, hops=hops)
        done = np.asarray(E.sum(axis=0)).ravel() > 0
    gain = R @ (~done).astype(np.int32)
    return pd.Series(np.asarray(gain, dtype=np.int64), index=cands)


def _groups(G: nx.Graph) -> dict[Hashable, Hashable]:
    """Sector of each node, or its kind when the sector is unknown."""
    out = {}
    for v, d in G.nodes(data=True):
        g = d.get("sector") if d.get("sector") is not None else d.get("kind")
        if g is not None:
            out[v] = g
    return out


def _bridging(G: nx.Graph, cands: list[str]) -> pd.Series:
    """Unordered pairs of a node's contacts in different groups not tied to each
    other: brokerage across groups (Gould & Fernandez), halved."""
    H = G.copy()
    nx.set_node_attributes(H, _groups(G), "_group")
    try:
        from .brokerage import brokerage
    except ImportError:  # pragma: no cover - brokerage ships with reterete
        return _bridging_fallback(H, cands)
    table = brokerage(H, attr="_group")
    # endpoints in different groups: representative, gatekeeper, liaison (an
    # itinerant links two members of one group, so it is no bridge between sectors)
    cross = table[["representative", "gatekeeper", "liaison"]]
    cross = cross.fillna(0).astype(np.int64).sum(axis=1)
    if not G.is_directed():
        cross = cross // 2
    return cross.reindex(cands).fillna(0).astype(np.int64)


def _bridging_fallback(H: nx.Graph, cands: list[str]) -> pd.Series:
    out = {}
    for v in cands:
        nb = [u for u in H[v] if u != v]
        count = 0
        for i, a in enumerate(nb):
            for b in nb[i + 1:]:
                ga, gb = H.nodes[a].get("_group"), H.nodes[b].get("_group")
                if ga is not None and gb is not None and ga != gb and not H.has_edge(a, b):
                    count += 1
        out[v] = count
    return pd.Series(out, dtype=np.int64).reindex(cands).fillna(0).astype(np.int64)


def _ratio(values: pd.Series) -> pd.Series:
    top = values.max()
    return values.astype(float) / top if top > 0 else values.astype(float) * 0.0


def _reasons(site: str, hops: int, gain: int, bridging: int, only: list[tuple],
             status: str, days_team: float | None, days_seen: float | None, *,
             ref: pd.Timestamp | None = None, has_team: bool = True) -> list[str]:
    out = []
    if gain > 0 and hops == 1:
        out.append(ngettext("reaches {n} actor {at_site} that no one engaged is in touch with",
                            "reaches {n} actors {at_site} that no one engaged is in touch "
                            "with", gain).format(n=gain, at_site=at_place(site)))
    elif gain > 0:
        out.append(ngettext("reaches {n} actor {at_site} within {hops} steps that no one "
                            "engaged is in touch with",
                            "reaches {n} actors {at_site} within {hops} steps that no one "
                            "engaged is in touch with", gain).format(
                                n=gain, at_site=at_place(site), hops=hops))
    else:
        out.append(_("everyone it knows {at_site} is already in touch with someone "
                     "engaged").format(at_site=at_place(site)))
    for a, b in only[:2]:
        out.append(_("only link between {a} and {b}").format(a=a, b=b))
    if bridging > 0 and not only:
        out.append(ngettext("connects {n} pair of people from different sectors who are not "
                            "in touch",
                            "connects {n} pairs of people from different sectors who are not "
                            "in touch", bridging).format(n=bridging))
    day = format_date(ref) if ref is not None else ""
    # "prima del 5 dicembre", "prima dell'8 dicembre", "l'11 dicembre" in Italian
    of_day, the_day = articled(day, "di"), articled(day)
    if status == "fading" and days_team is not None:
        out.append(ngettext("last contact with the team {n} day before {date}",
                            "last contact with the team {n} days before {date}",
                            int(days_team)).format(n=int(days_team), date=of_day))
    elif status == "not engaged" and has_team:
        out.append(_("not in touch with the team yet"))
    if days_seen is not None and not np.isnan(days_seen):
        n = int(days_seen)
        out.append(_("last seen on {date}").format(date=the_day) if n == 0 else
                   ngettext("last seen {n} day before {date}", "last seen {n} days before {date}",
                            n).format(n=n, date=of_day))
    return out


def _notes(ref: pd.Timestamp | None, window_end: bool, has_team: bool) -> list[str]:
    """What a reader needs once, not on every actor: where ages count from, and
    that no team is defined."""
    notes = []
    if ref is not None:
        notes.append(_("Days count back from {date}, the end of the window, not from "
                       "today.").format(date=articled(format_date(ref), "da")) if window_end
                     else _("Days count back from {date}, the day of the last contact in the "
                            "logs, not from today.").format(date=articled(format_date(ref),
                                                                          "da")))
    if not has_team:
        notes.append(_("No team is defined: nobody counts as engaged, so every actor of the "
                       "site is a candidate. Mark the project's staff in the registry's "
                       "'team' column (or give them the kinds police, institutional service "
                       "or third sector)."))
    return notes


def _iso(ref: pd.Timestamp | None) -> str | None:
    return None if ref is None else pd.Timestamp(ref).date().isoformat()
