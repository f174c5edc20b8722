"""The evaluation report: one self-contained HTML file to open, print and attach.

It gathers what an evaluator asks of a network project: the headline figures
at the start and at the end with intervals, the monthly timeline, the
activity by kind of action and month (laid out like a project timetable),
one section per site (who is there, who connects whom, the antenna plan,
whom to engage next, the gaps nobody on the team reaches), the brokers
across sectors, the groups of actors (communities, the sectors they mix and
who bridges them: :mod:`reterete.viz.report_communities`) and a picture of
the network. Each section that cannot be
computed says so in a note instead of failing the report.

Everything is escaped by the template (autoescape); charts are SVG written
by :mod:`reterete.viz.charts` (text escaped there), inlined. With
``anonymize=True`` the network is pseudonymised first
(:func:`reterete.privacy.anonymize_network`), so no section can show a
person's name.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InputError, ReteretError
from ..i18n import Figure, _, ngettext
from ..network import Network
from .page import CSP, LANGS, _env, _labels, iframe

__all__ = ["Report", "Section", "Block", "build_report", "report_html", "default_windows"]

#: Rows shown in long tables (the rest is counted in a note).
MAX_ROWS = 40


@dataclass(frozen=True)
class Block:
    """One piece of a section: ``kind`` is ``"h"`` (a sub-heading), ``"p"``
    (a paragraph), ``"note"``
    (a grey remark), ``"table"`` (``columns``, ``rows``; ``shade`` colours
    numeric cells by size) or ``"figure"`` (``svg``, ``text`` as caption)."""

    kind: str
    text: str = ""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    shade: bool = False
    svg: str = ""


@dataclass(frozen=True)
class Section:
    """A titled part of the report."""

    key: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    """The report's content, ready to render (see :func:`build_report`)."""

    title: str
    lang: str
    subtitle: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def to_html(self) -> str:
        """The whole report as one HTML page."""
        from markupsafe import Markup

        def cell(v: Any) -> str:
            return _fmt(v)

        def svg(b: Block) -> Markup:
            return Markup(b.svg)  # noqa: S704  (charts' SVG, text escaped by it)

        from ..i18n import format_date, language

        with language(self.lang):
            return _env().get_template("report.html.j2").render(
                report=self, L=_labels(self.lang), csp=CSP, cell=cell, svg=svg, shade=_shade,
                numeric=_numeric,
                generated=format_date(pd.Timestamp.now().date()))

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`to_html` to ``path`` (UTF-8)."""
        from ..outputs import write_atomic

        return write_atomic(path, self.to_html())

    def _repr_html_(self) -> str:
        return f"<div>{iframe(self.to_html(), height=800)}</div>"

    def __repr__(self) -> str:
        return f"<Report {self.title!r}: {', '.join(s.key for s in self.sections)}>"


def report_html(network: Network, path: str | os.PathLike[str] | None = None, *,
                start: object = None, end: object = None, k: int = 3, n_boot: int = 1000,
                seed: int | None = 0, anonymize: bool = False, key: bytes | str | None = None,
                lang: str | None = None, title: str | None = None,
                color: str | None = None, survey: Any = None,
                waves: tuple[str, str] | None = None) -> str:
    """The evaluation report as HTML text (and a file if ``path``).

    Takes :func:`build_report`'s parameters.

    Examples
    --------
    >>> net = Network.from_interactions(pd.DataFrame({
    ...     "date": ["2024-09-02", "2024-12-03"], "source": ["Ada", "Ada"],
    ...     "target": ["Bea", "Cy"], "site": ["Piazza Roma", "Piazza Roma"]}))
    >>> page = report_html(net, n_boot=50)
    >>> page.startswith("<!DOCTYPE html>") and "Piazza Roma" in page
    True
    """
    report = build_report(network, start=start, end=end, k=k, n_boot=n_boot, seed=seed,
                          anonymize=anonymize, key=key, lang=lang, title=title, color=color,
                          survey=survey, waves=waves)
    text = report.to_html()
    if path is not None:
        from ..outputs import write_atomic

        write_atomic(path, text)
    return text


def build_report(network: Network, *, start: object = None, end: object = None, k: int = 3,
                 n_boot: int = 1000, seed: int | None = 0, anonymize: bool = False,
                 key: bytes | str | None = None, lang: str | None = None,
                 title: str | None = None, color: str | None = None, survey: Any = None,
                 waves: tuple[str, str] | None = None) -> Report:
    """Compute every section of the evaluation report.

    Parameters
    ----------
    network : Network
    start, end : "FROM:TO" or (from, to), optional
        The windows compared (:func:`reterete.metrics.compare.compare`);
        default the first and the last period of the logs at the grain their
        span needs (:func:`default_windows`: months, days, hours ...).
    k : int
        Antennas per site (:func:`reterete.metrics.antennas.select_antennas`).
    n_boot, seed : int
        Bootstrap resamples and seed of the comparison and the layout.
    anonymize, key : optional
        Pseudonymise persons first (:func:`reterete.privacy.anonymize_network`;
        ``key`` defaults to :func:`reterete.privacy.load_key`).
    lang : {"en", "it"}, optional
        Language of every word, number and date of the report (sentences of
        the comparison, reasons of the recommendations included); default
        the language in force (:func:`reterete.i18n.get_language`).
    title : str, optional
    color : str, optional
        What the colours of the network picture show: ``"kind"``,
        ``"sector"``, ``"site"`` or a registry column
        (:func:`reterete.viz.colors.color_groups`); default kind, or sector
        when every actor has the same kind.
    survey : Survey, optional
        A roster survey (:func:`reterete.survey.read_survey`, read with the
        same registry): adds the section "What partners say"
        (:mod:`reterete.viz.report_survey`), comparing the ``waves`` (start,
        end; default the first and the last).

    Returns
    -------
    Report
    """
    from ..i18n import language

    if lang is not None and lang not in LANGS:
        raise InputError(f"lang must be 'en' or 'it', not {lang!r}")
    with language(lang) as code:
        return _build_report(network, start=start, end=end, k=k, n_boot=n_boot, seed=seed,
                             anonymize=anonymize, key=key, lang=code, title=title,
                             color=color, survey=survey, waves=waves)


def _build_report(network: Network, *, start: object, end: object, k: int, n_boot: int,
                  seed: int | None, anonymize: bool, key: bytes | str | None, lang: str,
                  title: str | None, color: str | None = None, survey: Any = None,
                  waves: tuple[str, str] | None = None) -> Report:
    from ..i18n import format_date

    if not isinstance(network, Network):
        raise InputError("the report needs a reterete Network (from read_contacts)")
    L = {**_labels(lang)["report"], "kind_names": _labels(lang)["kind_names"]}
    net = network
    if anonymize:
        from ..privacy import anonymize_network, load_key
        from .page import _check_anonymous_color

        _check_anonymous_color(network, color)

        net = anonymize_network(network, load_key() if key is None else key)
    first, last = net.period
    subtitle = (f"{format_date(first)} \u2013 {format_date(last)}" if first is not None
                else "")
    G = net.graph()
    from .colors import resolve_color

    color = resolve_color(G, color)   # a colour that does not exist is the user's error
    sections = [
        _section("overview", L["overview"], lambda: _overview(net, G, L, anonymize)),
        _section("compare", L["compare"], lambda: _compare(net, start, end, n_boot, seed, L)),
        _section("timeline", _timeline_title(net, L), lambda: _timeline(net, L)),
        _section("activity", L["activity"], lambda: _activity(net, L)),
        _section("picture", L["picture"], lambda: _picture(G, seed, lang, L, color,
                                                                 named=not anonymize)),
    ]
    for site in net.sites:
        sections.append(_section(f"site-{len(sections)}", f"{L['site']}: {site}",
                                 lambda site=site: _site(net, G, site, k, L)))
    sections.append(_section("brokers", L["brokers"], lambda: _brokers(G, L)))
    sections.append(_section("communities", _("Groups of actors (communities)"),
                             lambda: _communities(G, seed, L)))
    if survey is not None:
        from .report_survey import survey_blocks

        sections.append(_section("survey", _("What partners say"), lambda: survey_blocks(
            survey, net, n_boot=n_boot, seed=seed, L=L, waves=waves)))
    sections.append(Section("method", L["method"],
                            tuple(Block("p", t) for t in L["method_text"])))
    return Report(title=title or _labels(lang)["report_title"], lang=lang, subtitle=subtitle,
                  sections=tuple(sections))


# ---------------------------------------------------------------- sections
def _section(key: str, title: str, build: Callable[[], list[Block]]) -> Section:
    """A section, or a note saying why it is missing (a part of reterete not
    installed, or data that does not allow it)."""
    try:
        blocks = build()
    except (ImportError, ReteretError) as exc:
        blocks = [Block("note", _("Not available: {reason}").format(reason=exc))]
    return Section(key, title, tuple(blocks))


def _overview(net: Network, G: nx.Graph, L: dict[str, Any], anonymize: bool) -> list[Block]:
    blocks = [Block("table", columns=(L["what"], L["value"]), rows=(
        (L["n_actors"], len(net.actors)),
        (L["n_team"], len(net.team())),
        (L["n_interactions"], net.n_interactions),
        (L["n_sites"], ", ".join(net.sites) or "-"),
    ))]
    from ..metrics.structure import summary

    figures = summary(G)
    blocks.append(Block("table", columns=(L["measure"], L["value"]),
                        rows=tuple((_metric(k, L), Figure(v, k)) for k, v in figures.items())))
    if anonymize:
        blocks.append(Block("note", L["anonymized"]))
    if net.timezone:
        blocks.append(Block("note", _(
            "Dates and times are wall-clock times in the {zone} time zone: the logs' Unix "
            "times were read there.").format(zone=net.timezone)))
    return blocks


def default_windows(net: Network) -> tuple[str, str] | None:
    """The report's default comparison: the first and the last period of the
    logs at the grain their span needs (months for Cremona's four months,
    days for a week of data, hours for a day), as period labels; None when
    the logs cover a single period.

    Examples
    --------
    >>> net = Network.from_interactions(pd.DataFrame({
    ...     "date": ["2013-12-02 08:00", "2013-12-04 10:00", "2013-12-06 17:00"],
    ...     "source": ["a", "a", "b"], "target": ["b", "c", "c"]}))
    >>> default_windows(net)
    ('2013-12-02', '2013-12-06')
    """
    from ..metrics.temporal import FREQS, data_freq, period_label

    first, last = net.period
    if first is None:
        return None
    code = FREQS[data_freq(net.interactions["date"])]
    a, b = pd.Period(first, code), pd.Period(last, code)
    if a == b:
        return None
    return period_label(a), period_label(b)


def _compare(net: Network, start: object, end: object, n_boot: int, seed: int | None,
             L: dict[str, Any]) -> list[Block]:
    from ..i18n import format_p_value, format_period
    from ..metrics.compare import compare

    if start is None or end is None:
        windows = default_windows(net)
        if windows is None:
            if net.period[0] is None:
                return [Block("note", L["one_month"])]
            return [Block("note", _("The logs cover a single period ({period}): there is "
                                    "nothing to compare yet.").format(
                                        period=format_period(net.period[0].date())))]
        first, last = windows
        start = start if start is not None else (first, first)
        end = end if end is not None else (last, last)
    result = compare(net, start, end, n_boot=n_boot, seed=seed)
    t = result.table

    def fig(key: str, value: Any, signed: bool = False) -> Figure:
        return Figure(value, key, signed=signed)

    rows = tuple((_metric(key, L), fig(key, r["start"]), fig(key, r["end"]),
                  fig(key, r["delta"], True),
                  _interval(str(fig(key, r["ci_low"], True)), str(fig(key, r["ci_high"], True)))
                  if np.isfinite(r["ci_low"]) else "-",
                  format_p_value(r["p_value_all"]), format_p_value(r["p_value"]))
                 for key, r in t.iterrows())
    lines = result.lines()
    blocks = [Block("p", lines[0]),
              Block("table", columns=(L["measure"], L["start"], L["end"], L["change"],
                                      L["interval"], L["p_all"], L["p_common"]), rows=rows)]
    blocks.extend(Block("p", line) for line in lines[1:])
    return blocks


def _period_heading(freq: str, L: dict[str, Any]) -> str:
    if freq == "month":
        return L["month"]
    return {"hour": _("Hour"), "day": _("Day"), "week": _("Week"), "quarter": _("Quarter")}[freq]


def _timeline(net: Network, L: dict[str, Any]) -> list[Block]:
    from ..metrics.temporal import timeline

    tl = timeline(net, freq=None)
    if tl.empty:
        return [Block("note", L["no_data"])]
    keys = [c for c in ("actors", "ties", "density", "mean_degree", "ei_index",
                        "largest_component_share", "average_path_length", "diameter")
            if c in tl.columns]
    svg = _small_multiples(list(map(str, tl.index)), {_metric(k, L): tl[k] for k in keys})
    from ..i18n import format_period

    rows = tuple((format_period(p), *(Figure(tl.at[p, c], c) for c in keys))
                 for p in tl.index)
    return [Block("figure", svg=svg, text=_caption(tl.attrs["freq"], L)),
            Block("table", columns=(_period_heading(tl.attrs["freq"], L),
                                    *(_metric(k, L) for k in keys)), rows=rows)]


def _timeline_title(net: Network, L: dict[str, Any]) -> str:
    """The timeline's heading at the grain its table has (``timeline(freq=None)``)."""
    from ..metrics.temporal import data_freq

    freq = data_freq(net.interactions["date"])
    if freq == "month":
        return L["timeline"]
    return {"hour": _("Hour by hour"), "day": _("Day by day"), "week": _("Week by week"),
            "quarter": _("Quarter by quarter")}[freq]


def _caption(freq: str, L: dict[str, Any]) -> str:
    if freq == "month":
        return L["timeline_caption"]
    return {"hour": _("Figures of each hour's network (actors and ties with at least one "
                      "contact in that hour)."),
            "day": _("Figures of each day's network (actors and ties with at least one "
                     "contact that day)."),
            "week": _("Figures of each week's network (actors and ties with at least one "
                      "contact that week)."),
            "quarter": _("Figures of each quarter's network (actors and ties with at least "
                         "one contact that quarter).")}[freq]


def _activity(net: Network, L: dict[str, Any]) -> list[Block]:
    from ..metrics.temporal import activity

    table = activity(net, freq=None, by="kind")
    if table.empty:
        return [Block("note", L["no_data"])]
    rows = tuple((str(idx), *map(int, vals)) for idx, vals in zip(
        table.index, table.to_numpy(), strict=True))
    totals = (L["total"], *map(int, table.to_numpy().sum(axis=0)))
    return [Block("p", L["activity_caption"]),
            Block("table", columns=(L["action"], *map(str, table.columns)),
                  rows=(*rows, totals), shade=True)]


def _picture(G: nx.Graph, seed: int | None, lang: str, L: dict[str, Any],
             color: str | None = None, *, named: bool = True) -> list[Block]:
    from ..i18n import _
    from .colors import resolve_color

    if G.number_of_nodes() == 0:
        return [Block("note", L["no_data"])]
    attr = resolve_color(G, color)
    what = {"kind": None, "sector": _("the sector"), "site": _("the site"),
            "community": _("the group (community)")}.get(
        attr, _("'{attribute}'").format(attribute=attr))
    caption = L["picture_caption"] if what is None else _(
        "The whole period; colour shows {what}, size the number of ties, the most "
        "connected are named.").format(what=what)
    return [Block("figure", svg=_network_svg(G, seed, lang, color=attr, named=named),
                  text=caption)]


def _site(net: Network, G: nx.Graph, site: str, k: int, L: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = []
    ids = net.site_actors(site)
    Gs = net.graph(site=site)
    team = set(net.team())
    present = []
    for a in ids:
        # the registry's attributes for every actor, contacted or not
        attrs = _attributes(net, G, a)
        present.append((net.name_of(a), _kind_label(attrs.get("kind"), L), attrs.get("sector"),
                        L["yes"] if a in team else "", Gs.degree(a) if a in Gs else 0))
    present.sort(key=lambda r: (-r[4], str(r[0])))
    blocks.append(Block("h", L["who_is_here"]))
    blocks.append(Block("p", ngettext(
        "{n} actor was met at this site or is registered there.",
        "{n} actors were met at this site or are registered there.", len(ids)).format(
            n=len(ids))))
    if note := net.site_note(site):
        blocks.append(Block("note", note))
    blocks.extend(_table((L["name"], L["kind"], L["sector"], L["team"], L["ties_here"]),
                         present))
    from ..payloads import not_met

    unmet = [net.name_of(a) for a in not_met(net, site=site)]
    if unmet:
        from ..metrics.coverage import _few

        blocks.append(Block("note", ngettext(
            "{n} registered actor not yet met (no contact in this window): {names}.",
            "{n} registered actors not yet met (no contact in this window): {names}.",
            len(unmet)).format(n=len(unmet), names=_few(unmet))))

    # who connects whom: brokers of the site's own network
    if Gs.number_of_edges():
        bc = pd.Series(nx.betweenness_centrality(Gs))
        top = bc[bc > 0].sort_values(ascending=False).head(5)
        rows = []
        for a, value in top.items():
            groups = sorted({str(Gs.nodes[b].get("sector") or _kind_label(Gs.nodes[b]
                                                                            .get("kind"), L))
                             for b in Gs[a]})
            rows.append((net.name_of(a), Figure(float(value), "betweenness"),
                         ", ".join(groups)))
        blocks.append(Block("h", L["who_connects"]))
        blocks.append(Block("p", L["connectors"]))
        blocks.extend(_table((L["name"], L["betweenness"], L["links"]), rows) if rows
                      else [Block("note", L["no_connectors"])])

    blocks.extend(_antennas(net, site, k, L))
    blocks.extend(_recommend(net, site, L))
    blocks.extend(_gaps(net, G, ids, team, L))
    return blocks


def _attributes(net: Network, G: nx.Graph, actor: str) -> dict[str, Any]:
    """An actor's attributes: the graph's, else the registry's (an actor with no
    contact in the window is in the registry, not in the graph)."""
    if actor in G:
        return G.nodes[actor]
    if actor in net.actors.index:
        row = net.actors.loc[actor]
        return {k: v for k, v in row.items() if not (isinstance(v, float) and np.isnan(v))}
    return {}


def _antennas(net: Network, site: str, k: int, L: dict[str, Any]) -> list[Block]:
    try:
        from ..metrics.antennas import select_antennas

        plan = select_antennas(net, site, k=k)
    except (ImportError, ReteretError) as exc:
        return [Block("note", _("{part}: not available ({reason})").format(
            part=L["antennas"], reason=exc))]
    table = plan.table()
    rows = [(n, _kind_label(kd, L), g, ", ".join(r)) for n, kd, g, r in zip(
        table["name"], table["kind"], table["gain"], table["reaches"], strict=True)]
    return [Block("h", L["antennas"]), Block("p", plan.summary()),
            *_table((L["name"], L["kind"], L["gain"], L["reaches"]), rows)]


def _recommend(net: Network, site: str, L: dict[str, Any]) -> list[Block]:
    try:
        from ..metrics.recommend import recommend

        rec = recommend(net, site, n=5)
    except (ImportError, ReteretError) as exc:
        return [Block("note", _("{part}: not available ({reason})").format(
            part=L["engage"], reason=exc))]
    if rec.empty:
        return [Block("h", L["engage"]), Block("note", L["nobody_to_engage"])]
    rows = [(n, Figure(float(s), "score"),
             "; ".join(r) if isinstance(r, (list, tuple)) else str(r))
            for n, s, r in zip(rec["name"], rec["score"], rec["reasons"], strict=True)]
    return [Block("h", L["engage"]), *_table((L["name"], L["score"], L["reasons"]), rows),
            *(Block("note", note) for note in rec.attrs.get("notes", []))]


def _gaps(net: Network, G: nx.Graph, ids: Sequence[str], team: set[str],
          L: dict[str, Any]) -> list[Block]:
    """Kinds and sectors of the site's actors that nobody on the team reaches
    (no tie to a team actor anywhere in the logs)."""
    engaged = set(team)
    for t in team:
        if t in G:
            engaged.update(G[t])
    others = [a for a in ids if a not in team]
    if not others:
        return [Block("note", L["no_data"])]
    attrs = [_attributes(net, G, a) for a in others]
    frame = pd.DataFrame({
        "kind": [_kind_label(x.get("kind"), L) for x in attrs],
        "sector": [x.get("sector") or "-" for x in attrs],
        "reached": [a in engaged for a in others]})
    rows = []
    for col, word in (("kind", L["kind"]), ("sector", L["sector"])):
        grouped = frame.groupby(col)["reached"].agg(["size", "sum"])
        rows.extend((word, str(g), int(r["size"]), int(r["sum"]))
                    for g, r in grouped.iterrows())
    gaps = [r for r in rows if r[3] == 0 and r[1] != "-"]
    # in a sentence a kind reads in lower case ("kind business"); sectors and the
    # kinds a registry declares itself (NUR, ADM) are names, kept as written
    known = set(L.get("kind_names", {}).values())
    text = (L["gaps"] + ": " + "; ".join(
        f"{r[0].lower()} {r[1].lower() if r[0] == L['kind'] and r[1] in known else r[1]}"
        for r in gaps) + "." if gaps else L["no_gaps"])
    columns = (L["by"], L["group"], L["actors_here"], L["reached_by_team"])
    return [Block("h", L["gaps_title"]), Block("p", text), *_table(columns, rows)]


def _brokers(G: nx.Graph, L: dict[str, Any]) -> list[Block]:
    from ..metrics.brokerage import brokerage

    table = brokerage(G, attr="sector")
    total = pd.to_numeric(table["total"], errors="coerce").fillna(0)
    if table.empty or total.max() == 0:
        return [Block("note", L["no_connectors"])]
    top = table.loc[total[total > 0].sort_values(ascending=False, kind="stable").index[:10]]
    cols = [c for c in ("coordinator", "itinerant", "representative", "gatekeeper", "liaison",
                        "total") if c in top.columns]
    rows = [(G.nodes[a].get("name", a), G.nodes[a].get("sector") or "-",
             *(top.at[a, c] for c in cols)) for a in top.index]
    return [Block("p", L["brokers_text"]),
            *_table((L["name"], L["sector"], *(L["roles"][c] for c in cols)), rows)]


def _communities(G: nx.Graph, seed: int | None, L: dict[str, Any]) -> list[Block]:
    from .report_communities import communities_blocks

    return communities_blocks(G, seed=seed, L=L)


# ---------------------------------------------------------------- pictures
def _small_multiples(periods: list[str], series: dict[str, pd.Series]) -> str:
    from .charts import small_multiples

    return small_multiples(periods, {name: pd.to_numeric(values, errors="coerce")
                                     .to_numpy(dtype=float)
                                     for name, values in series.items()})


def _network_svg(G: nx.Graph, seed: int | None, lang: str, *, max_labels: int = 25,
                 color: str | None = None, title: str = "", named: bool = True) -> str:
    from .charts import network_picture
    from .colors import color_groups
    from .layout import spring_positions

    pos = spring_positions(G, seed=seed)
    ids = list(G)
    xy = pos.reindex(ids).to_numpy(dtype=float)
    index = {v: i for i, v in enumerate(ids)}
    ends = np.array([(index[u], index[v]) for u, v in G.edges()], dtype=np.int64).reshape(-1, 2)
    w = np.array([float(d.get("weight") or 1.0) for _, _, d in G.edges(data=True)])
    groups = color_groups(G, color, seed=seed, named=named)
    deg = np.array([G.degree(v) for v in ids], dtype=float)
    sizes = 20 + 180 * (deg / deg.max() if deg.max() > 0 else deg)
    order = np.argsort(-deg, kind="stable")[:max_labels]
    names = {int(i): str(G.nodes[ids[i]].get("name", ids[i])) for i in order}
    return network_picture(ids, xy, ends, w, sizes=sizes,
                           colors=[groups.groups[c]["color"] for c in groups.codes],
                           names=names, title=title,
                           legend=[(g["color"], str(g["label"])) for g in groups.groups])


# ---------------------------------------------------------------- helpers
def _table(columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]) -> list[Block]:
    out = [Block("table", columns=columns, rows=tuple(rows[:MAX_ROWS]))]
    if len(rows) > MAX_ROWS:
        n = len(rows) - MAX_ROWS
        out.append(Block("note", ngettext("... and {n} more row", "... and {n} more rows",
                                          n).format(n=n)))
    return out


def _metric(key: str, L: dict[str, Any]) -> str:
    """A figure's name in the report's language."""
    return L.get("metric_names", {}).get(key, key.replace("_", " "))


def _kind_label(kind: Any, L: dict[str, Any] | None = None) -> str:
    """A kind of actor as people read it, in the report's language."""
    if kind is None or (isinstance(kind, float) and np.isnan(kind)) or kind == "":
        return "-"
    if L is not None and str(kind) in L.get("kind_names", {}):
        return L["kind_names"][str(kind)]
    return str(kind).replace("_", " ")


def _interval(low: Any, high: Any) -> str:
    from ..i18n import format_range

    if isinstance(low, str):
        return format_range(low, high, short=True)
    if not (np.isfinite(low) and np.isfinite(high)):
        return "-"
    return format_range(_fmt(low), _fmt(high), short=True)


def _fmt(v: Any) -> str:
    if v is None or v is pd.NA or v is pd.NaT:
        return "-"
    from ..i18n import format_date, format_decimal

    if isinstance(v, Figure):
        return str(v)
    if isinstance(v, (bool, np.bool_)):
        return _("yes") if v else _("no")
    if isinstance(v, (int, np.integer)):
        return format_decimal(int(v), 0)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if not np.isfinite(f):
            return "-"
        if f.is_integer() and abs(f) < 1e12:
            return format_decimal(int(f), 0)
        if abs(f) >= 1000:
            return format_decimal(f, 0)
        return format_decimal(float(f"{f:.3g}"), 6)
    if isinstance(v, pd.Timestamp):
        return "-" if pd.isna(v) else format_date(v, "medium")
    return str(v)


def _numeric(v: Any) -> bool:
    """Whether a table cell holds a number (right-aligned), a figure included."""
    return isinstance(v, (Figure, int, float, np.integer, np.floating)) and not isinstance(
        v, (bool, np.bool_))


def _shade(v: Any, row: Sequence[Any]) -> str:
    """Background for a timetable cell: darker for more interactions."""
    nums = [float(x) for x in row[1:] if isinstance(x, (int, float, np.integer, np.floating))]
    if not nums or not isinstance(v, (int, float, np.integer, np.floating)) or max(nums) <= 0:
        return ""
    alpha = 0.08 + 0.6 * float(v) / max(nums) if v > 0 else 0.0
    return f"background: rgba(0, 114, 178, {alpha:.2f})"
