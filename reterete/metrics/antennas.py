"""Antennas of a site: the few community actors who reach most of it.

DESIGN.md's definitions on a :class:`~reterete.network.Network`: a site's
targets are its actors in the window (``net.site_actors``), the candidates
its non-team actors, and distances are taken in the window's whole graph.
The optimisation itself is :func:`reterete.metrics.coverage.max_coverage`.
"""

from __future__ import annotations

import html
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InputError
from .coverage import CoveragePlan, _few, _unique, max_coverage, min_cover

if TYPE_CHECKING:  # pragma: no cover
    from ..network import Network

__all__ = ["AntennaPlan", "SitePlans", "select_antennas", "select_antennas_all"]


@dataclass(frozen=True, eq=False)
class AntennaPlan:
    """Antennas of one site (or of all sites at once) and what each reaches.

    Attributes
    ----------
    site : str or None
        Site name as people write it; None for a city-wide plan.
    selected : tuple of str
        Actor ids of the antennas, in the order of :attr:`CoveragePlan.selected`.
    coverage, bound, optimal, targets, method, gains, reaches, covered, cost
        As in :class:`CoveragePlan` (``reaches`` holds actor ids).
    names, kinds : tuple
        Display name and kind of each antenna.
    cost_hours : float or None
        Hours the selection takes to engage, when a budget was used.
    start, end : Timestamp or None
        The window the plan was computed on.
    plan : CoveragePlan
        The graph-level plan behind it.
    not_met : tuple of str
        Ids of the site's registered actors with no contact at all in the
        window ("registered, not yet met"): whom to meet first. They are
        neither antennas nor targets unless ``include_uncontacted`` asked.
    """

    site: str | None
    plan: CoveragePlan
    names: tuple[str, ...]
    kinds: tuple[str | None, ...]
    name_of: Mapping[str, str]
    kinds_of: Mapping[str, str | None]
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    not_met: tuple[str, ...] = ()

    # the CoveragePlan's figures, under the names DESIGN.md gives them
    @property
    def selected(self) -> tuple[str, ...]:
        return tuple(self.plan.selected)  # type: ignore[arg-type]

    @property
    def coverage(self) -> float:
        return self.plan.coverage

    @property
    def bound(self) -> float:
        return self.plan.bound

    @property
    def optimal(self) -> bool | None:
        return self.plan.optimal

    @property
    def targets(self) -> int:
        return self.plan.targets

    @property
    def method(self) -> str:
        return self.plan.method

    @property
    def gains(self) -> tuple[int, ...]:
        return self.plan.gains

    @property
    def reaches(self) -> tuple[tuple[Hashable, ...], ...]:
        return self.plan.reaches

    @property
    def covered(self) -> frozenset[Hashable]:
        return self.plan.covered

    @property
    def cost_hours(self) -> float | None:
        return self.plan.cost

    @property
    def cover(self) -> float | None:
        """The share asked for with ``cover=`` (None for a size or budget plan)."""
        return self.plan.parameters.get("cover")

    @property
    def cover_met(self) -> bool | None:
        """Whether the plan reaches the share asked (None without ``cover=``)."""
        return self.plan.parameters.get("cover_met")

    @property
    def fewer_than_k(self) -> bool:
        """True when an exact plan proved that fewer than ``k`` antennas already
        reach the best coverage possible with ``k``, and so uses fewer."""
        return bool(self.plan.parameters.get("fewer_than_k", False))

    def table(self) -> pd.DataFrame:
        """One row per antenna: ``actor`` (id), ``name``, ``kind``, ``gain``
        (targets it newly reaches), ``reaches`` (their names), ``cost_hours``."""
        cost = self.plan.parameters.get("costs", {})
        return pd.DataFrame({
            "actor": list(self.selected),
            "name": list(self.names),
            "kind": list(self.kinds),
            "gain": np.asarray(self.gains, dtype=np.int64),
            "reaches": [[self.name_of.get(t, str(t)) for t in r] for r in self.reaches],
            "cost_hours": np.array([cost.get(a, np.nan) for a in self.selected], dtype=float),
        })

    def summary(self) -> str:
        """What the plan reaches, for people: a sentence of parts joined by ";".

        Written for pages and reports as much as for the terminal: it names
        no option and no method; :meth:`hint` is the command line's advice.
        """
        from ..i18n import _, articled, format_percent, ngettext, the_count

        where = self.site if self.site is not None else _("all sites")
        hops = int(self.plan.parameters.get("hops") or 1)
        within = ngettext("within {hops} step", "within {hops} steps", hops).format(hops=hops)
        n = len(self.selected)
        reached = ngettext("{covered} of {the_targets} actor of {where}",
                           "{covered} of {the_targets} actors of {where}",
                           self.targets).format(covered=len(self.covered), where=where,
                                                the_targets=the_count(self.targets, "di"))
        parts = [ngettext("{n} antenna reaches {reached} ({share}) {within}",
                          "{n} antennas reach {reached} ({share}) {within}", n).format(
            n=n, reached=reached, share=format_percent(self.coverage), within=within)]
        if self.cover is not None:
            by_hours = self.plan.cost is not None
            asked = format_percent(self.cover)
            if not self.cover_met:
                parts.append(_("{asked} cannot be reached: only {share} of the actors of "
                               "{where} are {within} of an actor who could be an antenna, and "
                               "these antennas reach them all").format(
                    asked=articled(asked), share=articled(format_percent(self.bound)),
                    where=where, within=within))
            reached_share = articled(asked if self.cover_met else format_percent(self.bound))
            if self.optimal:
                parts.append((_("this is the best choice possible (checked): no cheaper choice "
                                "reaches {asked}") if by_hours else
                               _("this is the best choice possible (checked): no smaller "
                                 "choice reaches {asked}")).format(asked=reached_share))
            else:
                low = self.plan.parameters.get("fewest_bound")
                parts.append(ngettext("the cheapest choice that reaches {asked} needs at least "
                                      "{low} hour",
                                      "the cheapest choice that reaches {asked} needs at least "
                                      "{low} hours", 1 if float(low) == 1 else 2).format(
                                 asked=reached_share, low=_hours(low)) if by_hours else
                             ngettext("the smallest choice that reaches {asked} needs at least "
                                      "{low} antenna",
                                      "the smallest choice that reaches {asked} needs at least "
                                      "{low} antennas", int(low)).format(
                                 asked=reached_share, low=int(low)))
        elif self.fewer_than_k:
            k = int(self.plan.parameters.get("k"))
            parts.append(ngettext("this is the best choice possible (checked): fewer antennas "
                                  "than the {k} asked already reach all that {k} could reach; "
                                  "more would add nobody",
                                  "this is the best choice possible (checked): fewer antennas "
                                  "than the {k} asked already reach all that {k} could reach; "
                                  "more would add nobody", k).format(k=k))
        elif self.optimal:
            parts.append(ngettext("this is the best choice possible (checked): no other "
                                  "choice of {n} antenna reaches more",
                                  "this is the best choice possible (checked): no other "
                                  "choice of {n} antennas reaches more", n).format(n=n))
        elif self.bound > self.coverage:
            parts.append(ngettext("no choice of {n} antenna can reach more than {share}",
                                  "no choice of {n} antennas can reach more than {share}",
                                  n).format(n=n, share=articled(format_percent(self.bound), "di")))
        if self.not_met:
            parts.append(ngettext(
                "{n} registered actor not yet met (no contact in this window), not counted "
                "above: {names}",
                "{n} registered actors not yet met (no contact in this window), not counted "
                "above: {names}", len(self.not_met)).format(
                n=len(self.not_met), names=_few([self.name_of.get(a, a) for a in self.not_met])))
        return "; ".join(parts) + "."

    def not_met_table(self) -> pd.DataFrame:
        """The registered actors not yet met: ``actor`` (id), ``name``, ``kind``."""
        return pd.DataFrame({"actor": list(self.not_met),
                             "name": [self.name_of.get(a, a) for a in self.not_met],
                             "kind": [self.kinds_of.get(a) for a in self.not_met]},
                            columns=["actor", "name", "kind"])

    def hint(self) -> str | None:
        """The command line's advice when the plan is not proven the best
        (``--exact`` finds it), else None. Never shown on pages."""
        from ..i18n import _

        if self.optimal or self.fewer_than_k:
            return None
        if self.cover is not None or self.bound > self.coverage:
            return _("--exact looks for the best choice possible and checks it (slower).")
        return None

    def __repr__(self) -> str:
        return (f"AntennaPlan(site={self.site!r}, antennas={list(self.names)!r}, "
                f"coverage={self.coverage:.3f}, targets={self.targets}, "
                f"method={self.method!r}, optimal={self.optimal})")

    def _repr_html_(self) -> str:
        table = self.table()
        head = "".join(f"<th>{html.escape(c)}</th>" for c in ("name", "kind", "gain", "reaches"))
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in (
                r.name, "-" if r.kind is None else r.kind, r.gain, ", ".join(r.reaches)))
            + "</tr>" for r in table.itertuples(index=False))
        return (f"<table><caption>{html.escape(self.summary())}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def _hours(hours: float | None) -> str:
    """Hours as the precision rule writes means (2 decimals at most)."""
    from ..i18n import format_figure

    return format_figure(hours, "mean")


@dataclass(frozen=True, eq=False)
class SitePlans:
    """Antenna plans for every site, and one city-wide plan sharing antennas.

    ``sites`` maps site name -> :class:`AntennaPlan`; ``city`` covers the union
    of all sites' targets with antennas chosen among all candidates.
    """

    sites: dict[str, AntennaPlan]
    city: AntennaPlan

    def table(self) -> pd.DataFrame:
        """Per-site tables one under the other (``site`` column; None = city-wide)."""
        parts = [p.table().assign(site=s) for s, p in self.sites.items()]
        parts.append(self.city.table().assign(site=None))
        out = pd.concat(parts, ignore_index=True)
        return out[["site"] + [c for c in out.columns if c != "site"]]

    def _repr_html_(self) -> str:
        return "".join(p._repr_html_() for p in [*self.sites.values(), self.city])


def select_antennas(network: Network, site: str, k: int | None = None,
                    budget_hours: float | None = None, hops: int = 1,
                    method: str = "greedy", exclude: Iterable[str] = (),
                    include: Iterable[str] = (), min_per_kind: Mapping[str, int] | None = None,
                    start: object = None, end: object = None,
                    time_limit: float = 10.0, *, cover: float | str | None = None,
                    by_hours: bool = False, include_uncontacted: bool = False) -> AntennaPlan:
    """The antennas of a site: the non-team actors that together reach most of
    the site's actors within ``hops`` steps (DESIGN.md, "Coverage").

    Targets are the site's actors in the window (``net.site_actors``);
    candidates are the targets who are not project staff (``team``), minus
    ``exclude``, plus ``include`` (forced). Distances are taken in the
    window's whole graph (all sites), so an antenna may reach a site's actor
    through someone met elsewhere.

    Parameters
    ----------
    network : Network
    site : str
        Site name (matched like actor names).
    k : int, optional
        Number of antennas. Give one of ``k``, ``budget_hours`` or ``cover``.
        With ``method="exact"``, when fewer than ``k`` antennas already reach
        the best coverage possible with ``k``, the plan uses the fewest such
        and says so (:attr:`AntennaPlan.fewer_than_k`).
    budget_hours : float, optional
        Hours available; each actor costs its registry ``cost_hours``. An
        actor who could be chosen but has no ``cost_hours`` makes this an
        error (naming them) rather than a guess: add their hours to the
        registry, or ``exclude`` them.
    cover : float or str, optional
        The share of the site's actors to reach (``0.9``, ``90`` or
        ``"90%"``): the plan is then the fewest antennas that reach at least
        that share (:func:`~reterete.metrics.coverage.min_cover`: greedy
        within a factor 1 + ln d of the fewest, or proven fewest with
        ``method="exact"``).
    by_hours : bool
        With ``cover``, the cheapest antennas in registry ``cost_hours``
        rather than the fewest (each possible antenna needs its hours, as for
        ``budget_hours``).
    hops : int
        Reach (1: the antennas' direct contacts).
    method : {"greedy", "exact"}
        See :func:`max_coverage`.
    exclude, include : iterable of str
        Actor names (or ids) never chosen / always chosen.
    min_per_kind : mapping, optional
        Least number of antennas per kind, e.g. ``{"resident": 1}``.
    start, end : optional
        The window (inclusive, ``YYYY-MM-DD`` or ``YYYY-MM``).
    time_limit : float
        Seconds the exact method may run.
    include_uncontacted : bool
        Registered actors of the site with no contact at all in the window
        are left out of the targets and candidates (an antenna who has met
        nobody reaches only itself) and listed apart as
        :attr:`AntennaPlan.not_met`; True keeps them in.

    Returns
    -------
    AntennaPlan

    Examples
    --------
    >>> from reterete.network import Network
    >>> log = pd.DataFrame({
    ...     "date": pd.to_datetime(["2024-09-02"] * 5),
    ...     "source": ["Bar Roma", "Bar Roma", "Comitato", "Comitato", "Parroco"],
    ...     "target": ["Anna", "Luca", "Marta", "Luca", "Sara"],
    ...     "site": ["Piazza Roma"] * 5})
    >>> net = Network.from_interactions(log)
    >>> plan = select_antennas(net, "Piazza Roma", k=2)
    >>> plan.names, plan.gains, plan.targets
    (('Bar Roma', 'Comitato'), (3, 2), 7)
    >>> plan.table().loc[1, "reaches"]
    ['Comitato', 'Marta']
    >>> print(plan.summary())  # doctest: +NORMALIZE_WHITESPACE
    2 antennas reach 5 of the 7 actors of Piazza Roma (71%) within 1 step;
    no choice of 2 antennas can reach more than 86%.
    >>> few = select_antennas(net, "Piazza Roma", cover="100%", method="exact")
    >>> few.names, few.optimal
    (('Comitato', 'Anna', 'Parroco'), True)
    """
    ctx = _context(network, start, end)
    key = network.site_key(site)
    targets = network.site_actors(site, start, end)
    if not targets:
        from ..i18n import _

        raise InputError(_("no actor is linked to {site} in this window").format(
            site=network.site_names[key]))
    return _site_plan(network, ctx, network.site_names[key], targets, k=k,
                      budget_hours=budget_hours, hops=hops, method=method, exclude=exclude,
                      include=include, min_per_kind=min_per_kind, time_limit=time_limit,
                      cover=cover, by_hours=by_hours, include_uncontacted=include_uncontacted)


def select_antennas_all(network: Network, k: int | None = None,
                        budget_hours: float | None = None, hops: int = 1,
                        method: str = "greedy", exclude: Iterable[str] = (),
                        include: Iterable[str] = (), start: object = None,
                        end: object = None, k_city: int | None = None,
                        budget_hours_city: float | None = None,
                        time_limit: float = 10.0, *, cover: float | str | None = None,
                        by_hours: bool = False, include_uncontacted: bool = False) -> SitePlans:
    """Antennas for every site, and one city-wide plan that shares them.

    Each site gets its own plan with ``k`` antennas (or ``budget_hours``). The
    city-wide plan covers the union of all sites' targets with antennas chosen
    among all sites' candidates; by default it gets the same total effort as
    the site plans together (``k_city = k x number of sites``, likewise for
    hours), so one can see what sharing antennas across sites saves.
    ``include`` forces an actor into the plans of the sites it belongs to and
    into the city-wide plan. With ``cover``, every site's plan and the
    city-wide plan are the fewest (or, ``by_hours``, cheapest) antennas that
    reach that share of their actors. Registered actors not yet met are
    listed apart as in :func:`select_antennas` (``include_uncontacted``); a
    site where nobody has been met gets no plan, and its actors are listed in
    the city-wide plan's :attr:`AntennaPlan.not_met`.

    Examples
    --------
    >>> from reterete.network import Network
    >>> log = pd.DataFrame({
    ...     "date": pd.to_datetime(["2024-09-02"] * 4),
    ...     "source": ["Bar", "Bar", "Bar", "Oratorio"], "target": ["Anna", "Luca", "Sara", "Sara"],
    ...     "site": ["Roma", "Roma", "Marconi", "Marconi"]})
    >>> plans = select_antennas_all(Network.from_interactions(log), k=1)
    >>> {s: p.names for s, p in plans.sites.items()}, plans.city.names
    ({'Marconi': ('Sara',), 'Roma': ('Bar',)}, ('Bar', 'Oratorio'))
    >>> plans.city.coverage
    1.0
    """
    ctx = _context(network, start, end)
    include = list(include)
    inc_ids = _resolve(network, ctx, include, "include") if include else []
    plans: dict[str, AntennaPlan] = {}
    union: set[str] = set()
    for name in network.sites:
        targets = network.site_actors(name, start, end)
        if not targets:
            continue
        union.update(targets)
        here = [a for a in inc_ids if a in set(targets)]
        if not include_uncontacted and not here and \
                not any(ctx.G.degree(t) for t in targets if t in ctx.G):
            continue  # nobody met here: listed in the city-wide plan's not_met
        plans[name] = _site_plan(network, ctx, name, targets, k=k, budget_hours=budget_hours,
                                 hops=hops, method=method, exclude=exclude, include=here,
                                 min_per_kind=None, time_limit=time_limit, cover=cover,
                                 by_hours=by_hours, include_uncontacted=include_uncontacted)
    if not plans:
        from ..i18n import _

        raise InputError(_("no site has actors in this window"))
    n = len(plans)
    if k_city is None and k is not None:
        k_city = k * n
    if budget_hours_city is None and budget_hours is not None:
        budget_hours_city = budget_hours * n
    city = _site_plan(network, ctx, None, sorted(union), k=k_city,
                      budget_hours=budget_hours_city, hops=hops, method=method,
                      exclude=exclude, include=inc_ids, min_per_kind=None,
                      time_limit=time_limit, cover=cover, by_hours=by_hours,
                      include_uncontacted=include_uncontacted)
    return SitePlans(plans, city)


@dataclass
class _Ctx:
    G: nx.Graph
    start: pd.Timestamp | None
    end: pd.Timestamp | None


def _context(network: Network, start: object, end: object) -> _Ctx:
    from ..window import Window

    win = Window(start, end)
    G = network.graph(start, end, include_registry=True)
    return _Ctx(G, win.start, win.end)


def _resolve(network: Network, ctx: _Ctx, names: Iterable[str], what: str) -> list[str]:
    from ..identity import normalize_name

    out = []
    unknown = []
    for name in names:
        a = normalize_name(name)
        if a in network.actors.index:
            out.append(a)
        else:
            unknown.append(str(name))
    if unknown:
        from ..i18n import _

        text = {"include": _("cannot include {names}: no such actor in the logs or registry"),
                "force": _("cannot force {names}: no such actor in the logs or registry"),
                "exclude": _("cannot exclude {names}: no such actor in the logs or registry")}
        raise InputError(text.get(what, text["include"]).format(names=_few(unknown)))
    return out


def _site_plan(network: Network, ctx: _Ctx, site: str | None, targets: list[str], *,
               k, budget_hours, hops, method, exclude, include, min_per_kind,
               time_limit, cover=None, by_hours=False,
               include_uncontacted=False) -> AntennaPlan:
    from ..i18n import _, at_place, ngettext

    # registered actors with no contact at all in the window: not antennas
    # (they reach only themselves) nor targets, but listed apart
    not_met = tuple(t for t in targets if t not in ctx.G or ctx.G.degree(t) == 0)
    if not include_uncontacted and not_met:
        forced = set(include)
        gone = set(not_met) - forced
        targets = [t for t in targets if t not in gone]
        not_met = tuple(t for t in not_met if t in gone)
        if not targets:
            names = _few([network.name_of(a) for a in not_met])
            n = len(not_met)
            raise InputError(ngettext(
                "nobody {at_site} has a contact in this window: {names} is registered, not "
                "yet met (--include-uncontacted plans with them anyway)",
                "nobody {at_site} has a contact in this window: {names} are registered, not "
                "yet met (--include-uncontacted plans with them anyway)", n).format(
                    at_site=at_place(site), names=names)
                             if site is not None else ngettext(
                "nobody has a contact in this window: {names} is registered, not yet met "
                "(--include-uncontacted plans with them anyway)",
                "nobody has a contact in this window: {names} are registered, not yet met "
                "(--include-uncontacted plans with them anyway)", n).format(names=names))

    if cover is not None and (k is not None or budget_hours is not None):
        raise InputError(_("give one of a number of antennas (k), a budget in hours or a "
                           "share to reach (cover), not several"))
    if by_hours and cover is None:
        raise InputError(_("the cheapest antennas in hours (by_hours) go with a share to "
                           "reach (cover)"))
    G = ctx.G
    missing = [t for t in targets if t not in G]
    inc = _resolve(network, ctx, include, "force")
    exc = set(_resolve(network, ctx, exclude, "exclude"))
    if missing or any(a not in G for a in inc):
        G = G.copy()
        G.add_nodes_from(missing)
        G.add_nodes_from(a for a in inc if a not in G)
    team = network.actors["team"].astype(bool)
    is_team = set(team.index[team.to_numpy()])
    cands = [t for t in targets if t not in is_team and t not in exc]
    if not cands and not inc:
        from ..i18n import _

        raise InputError(_("no actor outside the team could be an antenna {at_site}").format(
            at_site=at_place(site)) if site is not None else
            _("no actor outside the team could be an antenna at any site"))
    cost = None
    if budget_hours is not None or by_hours:
        hours = network.actors["cost_hours"]
        need = [a for a in _unique(inc + cands) if pd.isna(hours.get(a, np.nan))]
        if need:
            from ..i18n import _

            raise InputError(_(
                "a budget in hours needs each possible antenna's cost_hours (column "
                "'cost_hours' or 'ore' of the actor registry); missing for {names}. Add their "
                "hours, or exclude them.").format(
                    names=_few([network.name_of(a) for a in need])))
        cost = {a: float(hours[a]) for a in _unique(inc + cands)}
    groups = None
    if min_per_kind:
        from ..identity import fold_key

        groups = {a: fold_key(network.actors.at[a, "kind"] or "") for a in inc + cands}
        min_per_kind = {fold_key(kd): int(q) for kd, q in min_per_kind.items()}
    if cover is not None:
        if min_per_kind:
            raise InputError(_("a minimum per kind goes with a number of antennas or a "
                               "budget, not with a share to reach"))
        plan = min_cover(G, cover, hops=hops, targets=targets, candidates=cands,
                         method=method, cost=cost, include=inc, time_limit=time_limit)
    else:
        plan = max_coverage(G, k, hops=hops, targets=targets, candidates=cands,
                            method=method, cost=cost, budget=budget_hours, include=inc,
                            exclude=(), time_limit=time_limit, groups=groups,
                            min_per_group=min_per_kind)
    names = {a: network.name_of(a) for a in targets}
    names.update({a: network.name_of(a) for a in plan.selected})
    names.update({a: network.name_of(a) for a in not_met})
    kinds = network.actors["kind"]
    kinds_of = {a: kinds.get(a) for a in not_met}
    return AntennaPlan(site, plan, tuple(names[a] for a in plan.selected),
                       tuple(kinds.get(a) for a in plan.selected), names, kinds_of,
                       ctx.start, ctx.end, not_met)
