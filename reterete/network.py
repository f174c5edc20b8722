"""The Network: two tidy tables (actors, interactions) and graph views of them.

The interaction log is the source of truth; every graph is a view computed
from it for a window, a site and a choice of tie weight.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._gc import collector_paused
from .errors import InputError, Problem
from .identity import normalize_name
from .window import Window

if TYPE_CHECKING:  # networkx loads when a graph is made: commands that only
    import networkx as nx  # read, check or import logs start 0.15 s sooner

__all__ = ["Network", "ACTOR_COLUMNS", "INTERACTION_COLUMNS", "WEIGHTS", "plain_attributes",
           "plain_value"]

#: Columns of ``Network.actors`` (indexed by actor id), in order.
ACTOR_COLUMNS = ["name", "kind", "sector", "sites", "is_person", "team", "cost_hours",
                 "in_registry"]
#: Columns of ``Network.interactions``, in order.
INTERACTION_COLUMNS = ["date", "source", "target", "site", "kind", "duration_min", "weight",
                       "recorded_by", "event", "note", "file", "row"]
#: Accepted ``weight=`` values of :meth:`Network.graph`.
WEIGHTS = ("count", "duration", "decayed", "weight")

_TEAM_KINDS = frozenset({"police", "institutional_service", "third_sector"})
#: Kinds that name organisations, not people; every other actor is treated as
#: a person unless the registry says otherwise (the privacy-safe default).
ORGANISATION_KINDS = frozenset({
    "association", "educational_agency", "neighbourhood_committee", "institutional_service",
    "police", "third_sector", "business",
})


@dataclass(frozen=True, eq=False)
class Network:
    """Actors and their time-stamped interactions.

    Attributes
    ----------
    actors : DataFrame
        Indexed by actor id (the normalised name), columns :data:`ACTOR_COLUMNS`
        then any extra registry attributes.
    interactions : DataFrame
        One row per interaction between two distinct actors, columns
        :data:`INTERACTION_COLUMNS`. ``file`` and ``row`` say where it came from.
    warnings : tuple of Problem
        What was accepted but is worth a word (unknown kinds, self-contacts
        left out, registry actors never seen, ...).
    site_names : dict
        Site key (normalised) -> the name shown to people.
    timezone : str or None
        The IANA time zone whose wall-clock times the dates are, when the
        logs held Unix times (None when every date was written as a date).

    Examples
    --------
    >>> net = Network.from_interactions(pd.DataFrame({
    ...     "date": pd.to_datetime(["2024-09-02", "2024-09-03", "2024-10-01"]),
    ...     "source": ["Ada", "Ada", "Bea"], "target": ["Bea", "Bea", "Cy"],
    ...     "site": ["Piazza Roma", "Piazza Roma", "Piazza Marconi"]}))
    >>> G = net.graph()
    >>> sorted(G.edges(data="count"))
    [('ada', 'bea', 2), ('bea', 'cy', 1)]
    >>> net.graph(end="2024-09", site="piazza roma").number_of_edges()
    1
    """

    actors: pd.DataFrame
    interactions: pd.DataFrame
    warnings: tuple[Problem, ...] = ()
    site_names: dict[str, str] = field(default_factory=dict)
    timezone: str | None = None

    # ------------------------------------------------------------------ build
    @classmethod
    def from_interactions(cls, interactions: pd.DataFrame,
                          actors: pd.DataFrame | None = None) -> Network:
        """Build a Network from already clean tables (names are normalised here).

        ``interactions`` needs ``date``, ``source`` and ``target``; other columns
        of :data:`INTERACTION_COLUMNS` are optional. ``actors`` may be indexed by
        id or carry a ``name`` column.
        """
        inter = interactions.copy()
        for col in ("source", "target"):
            inter[col] = [normalize_name(v) for v in inter[col]]
        inter["date"] = pd.to_datetime(inter["date"])
        names = {}
        for col in ("source", "target"):
            for raw, key in zip(interactions[col], inter[col], strict=True):
                names.setdefault(key, str(raw).strip())
        site_names: dict[str, str] = {}
        if "site" in inter:
            for raw in inter["site"].dropna():
                site_names.setdefault(normalize_name(raw), str(raw).strip())
            inter["site"] = [site_names.get(normalize_name(s)) if isinstance(s, str) else None
                             for s in inter["site"]]
        inter = _complete_interactions(inter)
        table = actors_table(names, actors)
        return cls(table, inter, (), site_names)

    def __post_init__(self) -> None:
        missing = [c for c in ("date", "source", "target") if c not in self.interactions]
        if missing:
            raise InputError(f"interactions table lacks columns {missing}")

    # --------------------------------------------------------------- queries
    @property
    def sites(self) -> list[str]:
        """Site names as people wrote them, sorted."""
        return sorted(self.site_names.values(), key=normalize_name)

    @property
    def n_interactions(self) -> int:
        """How many interactions the log holds: its rows, or the sum of ``n``
        where rows stand for several identical contacts (a compacted log, as
        :mod:`reterete.distributed` makes)."""
        if "n" in self.interactions:
            return int(self.interactions["n"].sum())
        return len(self.interactions)

    @property
    def period(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """First and last interaction date."""
        if self.interactions.empty:
            return (None, None)
        d = self.interactions["date"]
        return (d.min(), d.max())

    def site_key(self, site: str) -> str:
        """Match a site name like actor names are matched; unknown -> InputError."""
        key = normalize_name(site)
        if key not in self.site_names:
            from .i18n import _

            known = ", ".join(self.sites) or "-"
            raise InputError(_("no site called {site} in the logs (sites: {known})").format(
                site=repr(site), known=known))
        return key

    def name_of(self, actor: str) -> str:
        """Display name of an actor id (the id itself if unknown)."""
        try:
            return str(self.actors.at[actor, "name"])
        except KeyError:
            return str(actor)

    @property
    def sites_logged(self) -> bool:
        """Whether any interaction names its site (else sites come from the registry only)."""
        return "site" in self.interactions and bool(self.interactions["site"].notna().any())

    def site_note(self, site: str | None) -> str | None:
        """What a reader must know about a site's figures, in words, or None.

        When no log names a site, sites come from the registry and a site's
        network is the contacts between the actors it places there. When the
        logs name sites but not this one (the registry names it), no contact
        counts for it: the registry does not widen logs that name sites
        (DESIGN.md, "Site").

        Examples
        --------
        >>> net = Network.from_interactions(pd.DataFrame({
        ...     "date": ["2024-09-02"], "source": ["Ada"], "target": ["Bea"],
        ...     "site": ["Piazza Roma"]}))
        >>> net.site_note("Piazza Roma") is None
        True
        """
        from .i18n import _, at_place

        if site is None:
            return None
        name = self.site_names[self.site_key(site)]
        if not self.sites_logged:
            return _("The logs name no site: a site's network here is the contacts between "
                     "the actors the registry places there.")
        if not (self.interactions["site"] == name).any():
            return _("No contact is logged {at_site}: only the registry names {site}. The "
                     "logs name other sites, and a contact counts for the site it was "
                     "logged at; the actors the registry places {at_site} are its actors all "
                     "the same.").format(site=name, at_site=at_place(name))
        return None

    def placed_at(self, site: str) -> list[str]:
        """Ids of the actors the registry places at a site (its ``sites`` column)."""
        key = self.site_key(site)
        sites = self.actors["sites"]
        return [a for a, s in zip(sites.index, sites, strict=True)
                if any(normalize_name(x) == key for x in s)]

    def window(self, start: object = None, end: object = None,
               site: str | None = None) -> pd.DataFrame:
        """Interactions of a window (inclusive) and optionally one site.

        A site's interactions are those logged at it; when no log names a site
        at all (sites come from the registry only: a ward, a department), they
        are the interactions between two actors the registry places there
        (DESIGN.md, "Site"). Each interaction counts once.
        """
        inter = self.interactions
        win = Window(start, end)
        keep = win.mask(inter["date"])
        if site is not None:
            name = self.site_names[self.site_key(site)]
            if self.sites_logged:
                keep &= inter["site"] == name
            else:
                placed = self.placed_at(name)
                keep &= inter["source"].isin(placed) & inter["target"].isin(placed)
        keep = keep.to_numpy()
        # the whole log: no copy of its millions of rows (pandas copies on write)
        return inter.copy(deep=False) if keep.all() else inter[keep]

    def site_actors(self, site: str, start: object = None, end: object = None) -> list[str]:
        """Site targets: actors with an interaction at the site in the window,
        plus registry actors that list the site (DESIGN.md, "Site targets")."""
        inter = self.window(start, end, site)
        ids = set(inter["source"]).union(inter["target"])
        return sorted(ids.union(self.placed_at(site)))

    def team(self) -> list[str]:
        """Ids of actors who belong to the project's own staff."""
        return sorted(self.actors.index[self.actors["team"].astype(bool)])

    # ----------------------------------------------------------------- views
    def graph(self, start: object = None, end: object = None, site: str | None = None,
              weight: str = "count", half_life: float | None = None, directed: bool = False,
              include_registry: bool = False, plain: bool = False) -> nx.Graph:
        """The network of a window (inclusive bounds) and optionally one site.

        Parameters
        ----------
        start, end : str, date or Timestamp, optional
            ``YYYY-MM-DD`` or ``YYYY-MM``; an ``end`` month runs to its last day.
        site : str, optional
            Keep interactions at this site only (matched like actor names).
        weight : {"count", "duration", "decayed", "weight"}
            What the edge attribute ``weight`` holds: the number of interactions,
            the sum of minutes, the sum of ``2 ** (-age / half_life)`` with age
            in days back from the window's end, or the sum of the log's own
            ``weight`` column (1 where absent).
        half_life : float, optional
            Days, for ``weight="decayed"`` (default 30).
        directed : bool
            A DiGraph from source to target (attendance ties go both ways).
        include_registry : bool
            Add registry actors of the site (of every site when ``site`` is
            None) who have no interaction in the window, as isolates.
        plain : bool
            Attributes every graph writer and JSON accept, for leaving Python
            (GraphML, GEXF, ``json.dumps(nx.node_link_data(G))``, pyvis):
            dates as ISO 8601 strings, lists (``sites``) joined with ``|``,
            numpy numbers as Python numbers, and no attribute whose value is
            missing (None or NaN). The graph's own attributes likewise.

        Returns
        -------
        networkx.Graph or DiGraph
            Nodes carry the actor attributes (``name``, ``kind``, ``sector``,
            ``sites``, ``is_person``, ``team``, ``cost_hours``, then every other
            registry column); edges carry ``weight``, ``count``, ``minutes``,
            ``first``, ``last`` and ``sites``.

        Examples
        --------
        >>> import json, networkx as nx
        >>> net = Network.from_interactions(pd.DataFrame({
        ...     "date": ["2024-09-02", "2024-09-03"], "source": ["Ada", "Ada"],
        ...     "target": ["Bea", "Bea"], "site": ["Piazza Roma", "Via Po"]}))
        >>> G = net.graph(plain=True)
        >>> G.edges["ada", "bea"]["first"], G.edges["ada", "bea"]["sites"]
        ('2024-09-02T00:00:00', 'Piazza Roma|Via Po')
        >>> len(json.dumps(nx.node_link_data(G, edges="edges"))) > 0
        True
        """
        if weight not in WEIGHTS:
            raise InputError(f"weight must be one of {', '.join(WEIGHTS)}, not {weight!r}")
        win = Window(start, end)
        edges = self.ties(start, end, site, weight=weight, half_life=half_life,
                          directed=directed, details=True)
        import networkx as nx

        G: nx.Graph = nx.DiGraph() if directed else nx.Graph()
        G.graph.update(start=win.start, end=win.end, site=site, weight=weight)
        node_ids = pd.unique(np.concatenate([edges["u"].to_numpy(), edges["v"].to_numpy()]))
        node_ids = list(node_ids)
        if include_registry:
            reg = self.actors[self.actors["in_registry"].astype(bool)]
            if site is not None:
                key = self.site_key(site)
                reg = reg[[any(normalize_name(x) == key for x in s) for s in reg["sites"]]]
            seen = set(node_ids)
            node_ids.extend(a for a in reg.index if a not in seen)
        G.add_nodes_from(self._node_records(node_ids))
        _add_ties(G, edges)
        if plain:
            plain_attributes(G)
        return G

    def ties(self, start: object = None, end: object = None, site: str | None = None, *,
             weight: str = "count", half_life: float | None = None, directed: bool = False,
             details: bool = False) -> pd.DataFrame:
        """The ties of a window as a table: what :meth:`graph` puts on its edges.

        The same window, site, weight and direction as :meth:`graph`, without
        building a graph: whole-network figures need only the tie table
        (:func:`reterete.metrics.structure.summary_of_ties`), and a region's
        250,000 ties take a second and most of the memory as networkx edges.

        Parameters
        ----------
        start, end, site, weight, half_life, directed
            As in :meth:`graph`.
        details : bool
            Also the columns ``minutes``, ``first``, ``last`` and ``sites``
            (the slower ones; a graph's edges carry them).

        Returns
        -------
        DataFrame
            One row per tie sorted by ``(u, v)`` (``u < v`` when undirected):
            ``u``, ``v`` (actor ids), ``weight``, ``count`` (interactions),
            then the ``details`` columns; see :func:`aggregate_ties`.

        Examples
        --------
        >>> net = Network.from_interactions(pd.DataFrame({
        ...     "date": ["2024-09-02", "2024-09-03", "2024-10-01"],
        ...     "source": ["Bea", "Ada", "Bea"], "target": ["Ada", "Bea", "Cy"]}))
        >>> net.ties()
             u    v  weight  count
        0  ada  bea     2.0      2
        1  bea   cy     1.0      1
        >>> net.ties(end="2024-09")[["u", "v", "count"]].to_records(index=False).tolist()
        [('ada', 'bea', 2)]
        """
        if weight not in WEIGHTS:
            raise InputError(f"weight must be one of {', '.join(WEIGHTS)}, not {weight!r}")
        win = Window(start, end)
        inter = self.window(start, end, site)
        # decay ages run back from the window's end; an open window ends with
        # the log (not with the site's own last contact, so sites compare)
        ref = win.end if win.end is not None or self.interactions.empty else \
            self.interactions["date"].max()
        return aggregate_ties(inter, weight=weight, half_life=half_life, end=ref,
                              directed=directed, details=details)

    def _node_records(self, ids: list[str]) -> list[tuple[str, dict[str, Any]]]:
        table = self.actors.reindex(ids)
        cols = list(table.columns)
        out = []
        for actor, values in zip(ids, table.itertuples(index=False, name=None), strict=True):
            attrs = {c: v for c, v in zip(cols, values, strict=True) if not _is_missing(v)}
            attrs.setdefault("name", actor)
            out.append((actor, attrs))
        return out

    # --------------------------------------------------------------- display
    def __repr__(self) -> str:
        first, last = self.period
        span = f", {first:%Y-%m-%d} to {last:%Y-%m-%d}" if first is not None else ""
        return (f"<Network: {len(self.actors)} actors, {self.n_interactions} interactions, "
                f"{len(self.site_names)} sites{span}>")

    def _repr_html_(self) -> str:
        first, last = self.period
        rows = [("actors", len(self.actors)), ("interactions", self.n_interactions),
                ("sites", ", ".join(self.sites) or "-"),
                ("from", "-" if first is None else f"{first:%Y-%m-%d}"),
                ("to", "-" if last is None else f"{last:%Y-%m-%d}"),
                ("team actors", len(self.team())), ("warnings", len(self.warnings))]
        body = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                       f"<td>{html.escape(str(v))}</td></tr>" for k, v in rows)
        return f"<table><caption>reterete Network</caption>{body}</table>"


# ---------------------------------------------------------------------------
def plain_value(value: Any) -> Any:
    """One attribute value as graph writers and JSON take it, None when missing.

    Dates become ISO 8601 strings, lists, tuples and sets their items joined
    with ``|`` (Kumu's and many importers' separator for several values),
    numpy scalars Python numbers; NaN and NaT are missing.

    Examples
    --------
    >>> plain_value(pd.Timestamp("2024-09-02 10:30")), plain_value(("Roma", "Po"))
    ('2024-09-02T10:30:00', 'Roma|Po')
    >>> plain_value(np.int64(3)), plain_value(float("nan")), plain_value(None)
    (3, None, None)
    """
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        items = [plain_value(v) for v in value]
        return "|".join(str(v) for v in items if v is not None)
    if _is_missing(value) or (isinstance(value, (float, np.generic)) and pd.isna(value)):
        return None
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return pd.Timestamp(value).isoformat()
    if hasattr(value, "isoformat"):  # datetime.date / datetime
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


def plain_attributes(G: nx.Graph) -> nx.Graph:
    """Make every graph, node and edge attribute of ``G`` plain, in place
    (:func:`plain_value`; missing values dropped). Returns ``G``."""
    for data in (G.graph, *(d for _, d in G.nodes(data=True)),
                 *(d for *_, d in G.edges(data=True))):
        for key in list(data):
            v = plain_value(data[key])
            if v is None:
                del data[key]
            else:
                data[key] = v
    return G


def aggregate_ties(inter: pd.DataFrame, *, weight: str = "count",
                   half_life: float | None = None, end: pd.Timestamp | None = None,
                   directed: bool = False, details: bool = True) -> pd.DataFrame:
    """Collapse interactions into one row per tie, vectorised.

    Returns a DataFrame with columns ``u``, ``v``, ``weight``, ``count``,
    ``minutes``, ``first``, ``last``, ``sites`` (tuple of site names), one
    row per tie sorted by ``(u, v)``; undirected ties have ``u < v``. A row
    with an ``n`` column stands for ``n`` interactions (compacted logs, see
    :mod:`reterete.distributed`). ``details=False`` leaves out ``minutes``,
    ``first``, ``last`` and ``sites``, the costly ones.

    Ids are factorised once; a tie is the integer ``rank(u) * N + rank(v)``
    and every sum is a ``numpy.bincount`` over tie codes.

    Examples
    --------
    >>> inter = pd.DataFrame({"date": pd.to_datetime(["2024-09-02"] * 3),
    ...                       "source": ["bea", "ada", "ada"], "target": ["ada", "bea", "cy"]})
    >>> aggregate_ties(inter, details=False)
         u    v  weight  count
    0  ada  bea     2.0      2
    1  ada   cy     1.0      1
    """
    cols = ["u", "v", "weight", "count"] + (["minutes", "first", "last", "sites"]
                                            if details else [])
    if inter.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    m = len(inter)
    tie, labels, u, v = _tie_codes(inter["source"], inter["target"], directed)
    T = len(u)
    n = inter["n"].to_numpy(dtype=np.int64) if "n" in inter else None
    count = (np.bincount(tie, minlength=T) if n is None
             else np.bincount(tie, weights=n, minlength=T).astype(np.int64))
    out = pd.DataFrame({"u": labels[u], "v": labels[v], "count": count.astype(np.int64)})
    minutes = None
    if details or weight == "duration":
        minutes = (pd.to_numeric(inter["duration_min"], errors="coerce").to_numpy(dtype=float)
                   if "duration_min" in inter else np.zeros(m))
        minutes = np.bincount(tie, weights=np.nan_to_num(minutes, nan=0.0), minlength=T)
    dates = inter["date"]
    if details:
        by_tie = pd.Series(dates.to_numpy()).groupby(tie, sort=True)
        out["minutes"] = minutes
        out["first"] = by_tie.min().to_numpy()
        out["last"] = by_tie.max().to_numpy()
    if weight == "count":
        out["weight"] = count.astype(float)
    elif weight == "duration":
        out["weight"] = minutes
    elif weight == "weight":
        w = (pd.to_numeric(inter["weight"], errors="coerce").fillna(1.0).to_numpy(dtype=float)
             if "weight" in inter else np.ones(m))
        out["weight"] = np.bincount(tie, weights=w, minlength=T)
    else:  # decayed
        hl = 30.0 if half_life is None else float(half_life)
        if hl <= 0:
            raise InputError("half_life must be a positive number of days")
        ref = end if end is not None else dates.max()
        age = (ref - dates).dt.total_seconds().to_numpy() / 86400.0
        decay = np.exp2(-np.clip(age, 0, None) / hl) * (1 if n is None else n)
        out["weight"] = np.bincount(tie, weights=decay, minlength=T)
    if details:
        out["sites"] = _tie_sites(tie, inter["site"] if "site" in inter else None, T)
    return out[cols]


def _tie_codes(source: pd.Series, target: pd.Series, directed: bool = False
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each row's tie, numbered in ``(u, v)`` order of the ids as text.

    Returns ``tie`` (one code per row, ``0..T-1``), ``labels`` (the sorted
    distinct ids, object array) and ``u``, ``v`` (positions in ``labels`` of
    each tie's ends; ``u <= v`` unless ``directed``). Categorical columns
    are factorised through their categories (no text per row).
    """
    m = len(source)
    codes, labels = _factorize_pair(source, target)
    order = np.argsort(labels, kind="stable")  # str order, so ties sort by (u, v)
    rank = np.empty(len(labels), dtype=np.int64)
    rank[order] = np.arange(len(labels))
    a, b = rank[codes[:m]], rank[codes[m:]]
    if not directed:
        a, b = np.minimum(a, b), np.maximum(a, b)
    N = max(len(labels), 1)
    tie, keys = pd.factorize(a * N + b, sort=True)
    return tie, labels[order], keys // N, keys % N


def _factorize_pair(source: pd.Series, target: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of source then target (one array of ``2 m``) and the ids."""
    if isinstance(source.dtype, pd.CategoricalDtype) and \
            isinstance(target.dtype, pd.CategoricalDtype):
        cats = source.cat.categories.union(target.cat.categories, sort=False)
        cs = cats.get_indexer(source.cat.categories)[source.cat.codes.to_numpy()]
        ct = cats.get_indexer(target.cat.categories)[target.cat.codes.to_numpy()]
        both = np.concatenate([cs, ct])
        used = np.zeros(len(cats), dtype=bool)
        used[both] = True
        remap = np.cumsum(used) - 1  # only the ids some row uses, no sort
        return remap[both].astype(np.int64), np.asarray(cats[used], dtype=object)
    codes, labels = pd.factorize(np.concatenate([source.to_numpy(dtype=object),
                                                 target.to_numpy(dtype=object)]))
    return codes, np.asarray(labels, dtype=object)


def _tie_sites(tie: np.ndarray, site: pd.Series | None, T: int) -> np.ndarray:
    """Sorted tuple of the distinct sites of each tie; () for none."""
    out = np.empty(T, dtype=object)
    out[:] = [()] * T
    if site is None:
        return out
    sc, names = pd.factorize(site, sort=True)
    names = np.asarray(names, dtype=object)
    known = sc >= 0
    if not known.any():
        return out
    S = len(names)
    if T * S <= 50_000_000:  # a tie x site presence table: cheaper than sorting
        seen = np.zeros((T, S), dtype=bool)
        seen[tie[known], sc[known]] = True
        ptie, psite = np.nonzero(seen)
    else:
        pairs = np.unique(tie[known].astype(np.int64) * S + sc[known])
        ptie, psite = pairs // S, pairs % S
    per = np.bincount(ptie, minlength=T)
    starts = np.concatenate([[0], np.cumsum(per)[:-1]])
    single = np.empty(S, dtype=object)
    single[:] = [(str(s),) for s in names]
    one = per == 1
    out[one] = single[psite[starts[one]]]
    for t in np.flatnonzero(per > 1):  # ties seen at several sites: few
        out[t] = tuple(str(s) for s in names[psite[starts[t]:starts[t] + per[t]]])
    return out


def _add_ties(G: nx.Graph, edges: pd.DataFrame) -> None:
    """Put the aggregated ties into a new graph whose nodes are all there.

    The attribute dicts are made here, one per tie, and stored as they are in
    networkx's adjacency (``G._adj``, and ``G._pred`` for a DiGraph), exactly
    the structure ``add_edges_from`` builds; ``add_edges_from`` would copy
    every dict again and takes 1-2 s on a region's 250,000 ties.
    """
    u = edges["u"].to_numpy(dtype=object).tolist()
    v = edges["v"].to_numpy(dtype=object).tolist()
    succ = G._adj
    pred = G._pred if G.is_directed() else G._adj
    with collector_paused():
        for a, b, data in zip(u, v, _edge_dicts(edges), strict=True):
            succ[a][b] = data
            pred[b][a] = data


def _edge_dicts(edges: pd.DataFrame) -> list[dict[str, Any]]:
    # plain Python numbers in one C call per column; a log has a few hundred
    # distinct days, so one pd.Timestamp per day, shared by the edges
    return [{"weight": w, "count": c, "minutes": m, "first": f, "last": last, "sites": s}
            for w, c, m, f, last, s in zip(
                edges["weight"].to_numpy(dtype=float).tolist(),
                edges["count"].to_numpy(dtype=np.int64).tolist(),
                edges["minutes"].to_numpy(dtype=float).tolist(),
                _timestamps(edges["first"]).tolist(), _timestamps(edges["last"]).tolist(),
                edges["sites"].tolist(), strict=True)]


def _timestamps(dates: pd.Series) -> np.ndarray:
    """The pd.Timestamp of each date (NaT as pd.NaT), made once per distinct date."""
    codes, uniques = pd.factorize(dates, use_na_sentinel=False)
    stamps = np.empty(len(uniques), dtype=object)
    stamps[:] = list(pd.DatetimeIndex(uniques))
    return stamps[codes]


def _is_missing(v: object) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    return v is pd.NA or v is pd.NaT


def _complete_interactions(inter: pd.DataFrame) -> pd.DataFrame:
    defaults: dict[str, Any] = {"site": None, "kind": None, "duration_min": np.nan,
                                "weight": 1.0, "recorded_by": None, "event": None,
                                "note": None, "file": "<table>", "row": None}
    for col, val in defaults.items():
        if col not in inter:
            inter[col] = val
    keep = inter["source"] != inter["target"]
    inter = inter[keep.to_numpy()]
    extra = [c for c in inter.columns if c not in INTERACTION_COLUMNS]
    return inter[INTERACTION_COLUMNS + extra].reset_index(drop=True)


def actors_table(names: dict[str, str], registry: pd.DataFrame | None = None) -> pd.DataFrame:
    """The actors table: every id seen in the log, plus registry actors.

    ``names`` maps id -> name as first written in the log. ``registry`` is
    what :func:`reterete.ingest.read_actors` returns (indexed by id).
    """
    ids = list(names)
    if registry is not None and len(registry):
        reg = registry
        if reg.index.name != "actor":
            reg = reg.set_index(reg["name"].map(normalize_name).rename("actor"))
        seen = set(ids)
        ids.extend(a for a in reg.index if a not in seen)
    else:
        reg = pd.DataFrame(columns=ACTOR_COLUMNS).rename_axis("actor")
    table = pd.DataFrame(index=pd.Index(ids, name="actor", dtype=object))
    in_reg = table.index.isin(reg.index)
    # one dictionary, not a pandas lookup per actor (the index is unique)
    given = reg["name"].to_dict() if "name" in reg and reg.index.is_unique else None
    table["name"] = [str(given[a] if given is not None else reg.at[a, "name"])
                     if ok and "name" in reg and not _is_missing(
                         given[a] if given is not None else reg.at[a, "name"])
                     else names.get(a, a) for a, ok in zip(ids, in_reg, strict=True)]
    for col, default in (("kind", None), ("sector", None), ("cost_hours", np.nan)):
        table[col] = reg[col].reindex(table.index) if col in reg else default
        if default is None:
            table[col] = table[col].astype(object).where(table[col].notna(), None)
    table["sites"] = [tuple(v) if isinstance(v, (tuple, list)) else ()
                      for v in (reg["sites"].reindex(table.index) if "sites" in reg
                                else [()] * len(table))]
    kinds = table["kind"]
    team_default = kinds.isin(_TEAM_KINDS)
    if "team" in reg:
        team = reg["team"].reindex(table.index)
        table["team"] = team.where(team.notna(), team_default).astype(bool)
    else:
        table["team"] = team_default.astype(bool)
    person_default = ~kinds.isin(ORGANISATION_KINDS)
    if "is_person" in reg:
        person = reg["is_person"].reindex(table.index)
        table["is_person"] = person.where(person.notna(), person_default).astype(bool)
    else:
        table["is_person"] = person_default.astype(bool)
    table["in_registry"] = in_reg
    table["cost_hours"] = pd.to_numeric(table["cost_hours"], errors="coerce").astype(float)
    extra = [c for c in reg.columns if c not in ACTOR_COLUMNS and c != "aliases"]
    for col in extra:
        table[col] = reg[col].reindex(table.index)
    return table[ACTOR_COLUMNS + extra]
