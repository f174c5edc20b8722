"""Take the network elsewhere: GEXF for Gephi, GraphML for igraph, yEd and
Cytoscape, a CSV pair for Kumu and Gephi's spreadsheet import.

:func:`export_graph` makes the graph every format writes: the actors and
ties of ``summary`` for a window and site (``Network.graph``), each actor
with its attributes (name, kind, sector, sites, team, person) and
centralities (:func:`reterete.metrics.centrality`), each tie with its
weight, number of contacts, minutes, first and last contact and sites, and
both with the months they were active, so a timeline can replay the project.

- :func:`write_gexf` writes GEXF 1.3 [1]_ with ``xml.etree`` (networkx writes
  1.2draft by default and its 1.3 header names the wrong XML Schema instance
  namespace): a dynamic graph whose actors and ties carry ``spells``, one per
  run of consecutive active months, so Gephi's timeline plays the project
  month by month.
- :func:`write_graphml` uses :func:`networkx.write_graphml` [2]_; every value
  is a plain string, number or boolean (lists are joined with ``"; "``).
- :func:`write_csv_pair` writes ``NAME-nodes.csv`` and ``NAME-edges.csv``:
  ``Label`` and ``From``/``To`` first, ``Type`` a category and ``|`` between
  several values, as Kumu's spreadsheet import expects [3]_; ``Id`` and
  ``Source``/``Target``/``Weight`` for Gephi's import spreadsheet.

Ids are the same in every file (:func:`export_id`). Note for R igraph and
Gephi: the edge attribute ``weight`` is the number of contacts, a strength;
igraph's ``betweenness()``, ``closeness()`` and shortest paths, and Gephi's
weighted shortest paths, take ``weight`` as a *distance* (a longer road). To
get reterete's figures in R use ``weights = NA`` (binary, as ``centrality``)
or ``weights = 1 / E(g)$weight`` (as ``centrality --weighted``); in Gephi,
compute path measures on the unweighted graph.

Spells, attribute names and values never depend on the language.

References
----------
.. [1] GEXF Working Group, "GEXF 1.3 Primer", https://gexf.net/ (2022).
.. [2] U. Brandes et al., "GraphML Progress Report", Graph Drawing 2001, LNCS 2265.
.. [3] Kumu, "Importing data from spreadsheets", https://docs.kumu.io/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import InputError

if TYPE_CHECKING:
    import networkx as nx

    from .network import Network

__all__ = ["FORMATS", "export_graph", "export", "write_gexf", "write_graphml",
           "write_csv_pair", "csv_pair_paths", "month_spells", "period_spells",
           "GRAIN_ATTRIBUTE", "export_id"]

#: Formats :func:`export` writes.
FORMATS = ("gexf", "graphml", "csv")

GEXF_NS = "http://gexf.net/1.3"
_CENTRALITIES = ("ties", "degree", "strength", "betweenness", "closeness", "harmonic",
                 "eigenvector", "pagerank")
_NODE_ATTRS = ("kind", "sector", "sites", "team", "is_person", "cost_hours")
_EDGE_ATTRS = ("count", "minutes", "first", "last", "sites")


def export_graph(net: Network, *, start: object = None, end: object = None,
                 site: str | None = None, weighted: bool = False,
                 freq: str | None = None) -> nx.Graph:
    """The graph the exports write: ``summary``'s actors and ties, with
    attributes, centralities and active months.

    Parameters
    ----------
    net : Network
        Anonymise it first (:func:`reterete.privacy.anonymize_network`) to
        leave persons' names out.
    start, end : optional
        The window (``YYYY-MM`` or ``YYYY-MM-DD``, inclusive).
    site : str, optional
        One site's interactions only.
    weighted : bool
        Centralities use tie strength (distance = 1 / strength for path
        measures), as ``centrality --weighted``.
    freq : {"hour", "day", "week", "month", "quarter"}, optional
        The grain of the timeline (spells and interactions per period);
        default the data's grain (:func:`reterete.metrics.temporal.data_freq`:
        months for months of logs, days or hours for a few days of sensor
        data). The active periods are listed under ``months``, ``days``,
        ``hours``, ``weeks`` or ``quarters``; ``G.graph["freq"]`` says which.

    Returns
    -------
    networkx.Graph
        Nodes: ``label`` (the name), ``kind``, ``sector``, ``sites`` (joined
        with ``"; "``), ``team``, ``is_person``, ``cost_hours`` (when known),
        the centralities ``ties``, ``degree``, ``strength``, ``betweenness``,
        ``closeness``, ``harmonic``, ``eigenvector``, ``pagerank``, ``months``
        (``"2024-09; 2024-10"``), ``spells`` (list of ``(first day, last
        day)`` ISO strings) and ``interactions`` (list of ``(count, first day,
        last day)`` per active month: a dynamic attribute in GEXF, left out of
        GraphML and CSV). Edges: ``weight`` (interactions), ``count``,
        ``minutes``, ``first`` and ``last`` (ISO dates), ``sites``, ``months``,
        ``spells``, ``interactions``.

    Examples
    --------
    >>> from reterete.network import Network
    >>> net = Network.from_interactions(pd.DataFrame({
    ...     "date": ["2024-09-02", "2024-10-20", "2024-12-05"],
    ...     "source": ["Ada", "Ada", "Bea"], "target": ["Bea", "Bea", "Cy"]}))
    >>> G = export_graph(net)
    >>> G.edges["ada", "bea"]["spells"]
    [('2024-09-01', '2024-10-31')]
    >>> G.nodes["bea"]["months"], G.nodes["bea"]["degree"]
    ('2024-09; 2024-10; 2024-12', 1.0)
    """
    from .i18n import _, format_decimal
    from .metrics.centrality import centrality
    from .metrics.temporal import FREQS, data_freq
    from .progress import task

    G = net.graph(start=start, end=end, site=site)
    with task(_("Computing centralities of {n} actors...").format(
            n=format_decimal(G.number_of_nodes(), 0)), total=None):
        table = centrality(G, weight="weight" if weighted else None, strength="weight")
    # one dict per column: table.at[v, key] per actor cost a pandas lookup (and a
    # deep copy of the table's attrs) each, 70 s of a 40,000-actor export
    columns = {key: table[key].to_dict() for key in _CENTRALITIES if key in table.columns}
    inter = net.window(start, end, site)
    if freq is None:
        freq = data_freq(inter["date"])
    if freq not in FREQS:
        raise InputError(_("--freq must be one of {choices}, not {value}").format(
            choices=", ".join(FREQS), value=repr(freq)))
    node_months, edge_months = _monthly(inter, freq)
    info = _period_info(inter, freq)
    periods = GRAIN_ATTRIBUTE[freq]
    # the registry's own columns (a department, a ward) travel with every actor
    from .network import ACTOR_COLUMNS

    extra = [c for c in net.actors.columns if c not in ACTOR_COLUMNS and c != "file"
             and c not in _CENTRALITIES and c not in ("label", "spells", "interactions")]
    H = type(G)()
    H.graph.update(start=_iso(G.graph.get("start")), end=_iso(G.graph.get("end")),
                   site=net.site_names[net.site_key(site)] if site is not None else None,
                   weighted=weighted, freq=freq)
    n, m = G.number_of_nodes(), G.number_of_edges()
    step = max(1, (n + m) // 200)
    with task(_("Preparing {actors} actors and {ties} ties").format(
            actors=format_decimal(n, 0), ties=format_decimal(m, 0)), total=n + m) as t:
        for i, (v, data) in enumerate(G.nodes(data=True)):
            attrs: dict[str, Any] = {"label": str(data.get("name", v))}
            for key in (*_NODE_ATTRS, *extra):
                value = _scalar(data.get(key))
                if value is not None:
                    attrs[key] = value
            for key, column in columns.items():
                value = _scalar(column.get(v))
                if value is not None:
                    attrs[key] = value
            counts = node_months.get(v, {})
            attrs[periods] = _labels(counts, freq, info)
            attrs["spells"] = _spells_of(counts, info)
            attrs["interactions"] = _counts_of(counts, info)
            H.add_node(v, **attrs)
            if i % step == 0:
                t.update(done=i)
        for i, (u, v, data) in enumerate(G.edges(data=True), start=n):
            attrs = {"weight": float(data["weight"])}
            for key in _EDGE_ATTRS:
                value = _scalar(data.get(key))
                if value is not None:
                    attrs[key] = value
            counts = edge_months.get((u, v) if str(u) <= str(v) else (v, u), {})
            attrs[periods] = _labels(counts, freq, info)
            attrs["spells"] = _spells_of(counts, info)
            attrs["interactions"] = _counts_of(counts, info)
            H.add_edge(u, v, **attrs)
            if i % step == 0:
                t.update(done=i)
    return H


def _period_info(inter: pd.DataFrame, freq: str) -> dict[str, tuple[int, str, str, str]]:
    """For each period label :func:`_monthly` gives: its ordinal, first and
    last instant (as :func:`_bounds` writes them) and readable label, computed
    once per distinct period (a pandas Period per actor and tie was most of an
    export's time)."""
    from .metrics.temporal import FREQS, period_label

    if inter.empty:
        return {}
    code = FREQS[freq]
    found = pd.PeriodIndex(pd.unique(inter["date"].dt.to_period(code)), freq=code)
    info = {}
    for p in found:
        key = p.strftime("%Y-%m") if freq == "month" else str(p)
        first, last = _bounds(p, p, freq)
        info[key] = (int(p.ordinal), first, last,
                     key if freq == "month" else period_label(p))
    return info


def _spells_of(counts: dict[str, int], info: dict[str, tuple[int, str, str, str]]
               ) -> list[tuple[str, str]]:
    """:func:`period_spells` from the periods' precomputed bounds."""
    spells: list[tuple[str, str]] = []
    prev = None
    for key in sorted(counts, key=lambda k: info[k][0]):
        ordinal, first, last, _label = info[key]
        if prev is not None and ordinal == prev + 1:
            spells[-1] = (spells[-1][0], last)
        else:
            spells.append((first, last))
        prev = ordinal
    return spells


def _counts_of(counts: dict[str, int], info: dict[str, tuple[int, str, str, str]]
               ) -> list[tuple[int, str, str]]:
    """:func:`_by_month` from the periods' precomputed bounds."""
    return [(int(counts[k]), info[k][1], info[k][2]) for k in sorted(counts)]


#: The attribute listing the periods an actor or tie was active, per grain.
GRAIN_ATTRIBUTE = {"hour": "hours", "day": "days", "week": "weeks", "month": "months",
                   "quarter": "quarters"}


def export(net: Network, path: str | os.PathLike[str], *, format: str = "gexf",
           start: object = None, end: object = None, site: str | None = None,
           weighted: bool = False, freq: str | None = None,
           static: bool = False) -> tuple[nx.Graph, list[Path]]:
    """Write the network of a window and site in ``format``; returns the graph
    written and the files (two for ``csv``).

    ``freq`` is the timeline's grain (:func:`export_graph`); ``static`` leaves
    the timeline out of the GEXF (no spells, no values per period: one
    ``<attributes>`` block per class, what web readers such as graphology's
    and Gephi Lite take).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reterete.network import Network
    >>> net = Network.from_interactions(pd.DataFrame({
    ...     "date": ["2024-09-02"], "source": ["Ada"], "target": ["Bea"]}))
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> G, files = export(net, folder / "net.csv", format="csv")
    >>> [f.name for f in files]
    ['net-nodes.csv', 'net-edges.csv']
    """
    if format not in FORMATS:
        from .i18n import _

        raise InputError(_("unknown export format {format!r}: choose gexf, graphml or "
                           "csv").format(format=format))
    from .i18n import _
    from .progress import task

    G = export_graph(net, start=start, end=end, site=site, weighted=weighted, freq=freq)
    with task(_("Writing {file}").format(file=Path(path).name), total=None):
        if format == "gexf":
            grain = "no timeline" if static else f"timeline by {G.graph['freq']}"
            return G, [write_gexf(G, path, static=static,
                                  description=f"reterete network ({grain})")]
        if format == "graphml":
            return G, [write_graphml(G, path)]
        return G, list(write_csv_pair(G, path))


def month_spells(months: Iterable[str]) -> list[tuple[str, str]]:
    """Runs of consecutive months as ``(first day, last day)`` ISO pairs.

    Examples
    --------
    >>> month_spells(["2024-09", "2024-10", "2024-12"])
    [('2024-09-01', '2024-10-31'), ('2024-12-01', '2024-12-31')]
    """
    return period_spells(months, "month")


def period_spells(periods: Iterable[str], freq: str = "month") -> list[tuple[str, str]]:
    """Runs of consecutive periods (as ``str(pd.Period)``) as ``(start, end)``
    ISO pairs, inclusive: days for a day or coarser grain, date-times by hour.

    Examples
    --------
    >>> period_spells(["2013-12-02", "2013-12-03", "2013-12-05"], "day")
    [('2013-12-02', '2013-12-03'), ('2013-12-05', '2013-12-05')]
    >>> period_spells(["2013-12-02 08:00", "2013-12-02 09:00"], "hour")
    [('2013-12-02T08:00:00', '2013-12-02T09:59:59')]
    """
    from .metrics.temporal import FREQS

    found = sorted({pd.Period(m, freq=FREQS[freq]) for m in periods})
    spells: list[tuple[str, str]] = []
    run_start = prev = None
    for p in found:
        if prev is not None and p == prev + 1:
            prev = p
            continue
        if run_start is not None:
            spells.append(_bounds(run_start, prev, freq))
        run_start = prev = p
    if run_start is not None:
        spells.append(_bounds(run_start, prev, freq))
    return spells


def _bounds(first: pd.Period, last: pd.Period, freq: str) -> tuple[str, str]:
    if freq == "hour":
        return (first.start_time.isoformat(), last.end_time.floor("s").isoformat())
    return first.start_time.date().isoformat(), last.end_time.date().isoformat()


def write_gexf(G: nx.Graph, path: str | os.PathLike[str], *,
               description: str | None = None, static: bool = False) -> Path:
    """Write ``G`` as GEXF 1.3, dynamic when nodes or edges carry ``spells``
    (unless ``static``: then no spells and no values per period, and one
    ``<attributes>`` block per class, as web readers require).

    Node attribute ``label`` becomes the GEXF label and edge attribute
    ``weight`` the GEXF weight; ``spells`` (list of ``(start, end)`` ISO
    dates, inclusive) become ``<spells>``; every other attribute is declared
    once with its type (``boolean``, ``long``, ``double`` or ``string``).

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("a", label="Ada", spells=[("2024-09-01", "2024-09-30")])
    >>> G.add_edge("a", "b", weight=2.0, count=2)
    >>> out = write_gexf(G, pathlib.Path(tempfile.mkdtemp()) / "g.gexf")
    >>> import xml.etree.ElementTree as ET
    >>> root = ET.parse(out).getroot()
    >>> [n.get("label") for n in root.iter(f"{{{GEXF_NS}}}node")]
    ['Ada', 'b']
    >>> [(s.get("start"), s.get("end")) for s in root.iter(f"{{{GEXF_NS}}}spell")]
    [('2024-09-01', '2024-09-30')]
    """
    import xml.etree.ElementTree as ET

    from . import __version__
    from .outputs import atomic_path

    ET.register_namespace("", GEXF_NS)

    def q(tag: str) -> str:
        return f"{{{GEXF_NS}}}{tag}"

    # no xsi:schemaLocation: the official 1.3 XSD it would point to does not
    # compile (gephi/gexf#19), and the 1.3 grammar (RELAX NG) does not allow it
    root = ET.Element(q("gexf"), {"version": "1.3"})
    meta = ET.SubElement(root, q("meta"), {"lastmodifieddate": date.today().isoformat()})
    ET.SubElement(meta, q("creator")).text = f"reterete {__version__}"
    if description:
        ET.SubElement(meta, q("description")).text = description
    dynamic = not static and (any(d.get("spells") for _, d in G.nodes(data=True)) or
                              any(d.get("spells") for _, _, d in G.edges(data=True)))
    graph_attrs = {"defaultedgetype": "directed" if G.is_directed() else "undirected",
                   "mode": "dynamic" if dynamic else "static"}
    if dynamic:
        hourly = G.graph.get("freq") == "hour"
        graph_attrs.update(timeformat="dateTime" if hourly else "date",
                           timerepresentation="interval")
    graph = ET.SubElement(root, q("graph"), graph_attrs)
    reserved = {"node": {"label", "spells"}, "edge": {"weight", "spells", "label", "id"}}
    node_types = _types((d for _, d in G.nodes(data=True)), reserved["node"])
    edge_types = _types((d for _, _, d in G.edges(data=True)), reserved["edge"])
    if dynamic:
        node_dyn = _types((_dynamic_first(d) for _, d in G.nodes(data=True)), reserved["node"])
        edge_dyn = _types((_dynamic_first(d) for _, _, d in G.edges(data=True)),
                          reserved["edge"])
    else:
        node_dyn, edge_dyn = {}, {}
    for cls, mode, types in (("node", "static", node_types), ("node", "dynamic", node_dyn),
                             ("edge", "static", edge_types), ("edge", "dynamic", edge_dyn)):
        if types:
            # GEXF 1.3's grammar has no mode on <attributes>; Gephi still reads
            # mode="dynamic" to keep a value per period (and gexf.net's own 1.3
            # example writes it), so only the dynamic blocks say it
            block = ET.SubElement(graph, q("attributes"),
                                  {"class": cls, "mode": mode} if dynamic else {"class": cls})
            for key, kind in types.items():
                ET.SubElement(block, q("attribute"), {"id": key, "title": key, "type": kind})
    nodes = ET.SubElement(graph, q("nodes"))
    for v, data in G.nodes(data=True):
        el = ET.SubElement(nodes, q("node"), {"id": export_id(v),
                                              "label": xml_safe(str(data.get("label", v)))})
        _attvalues(el, q, data, node_types, node_dyn)
        _spells(el, q, data.get("spells") if dynamic else None)
    edges = ET.SubElement(graph, q("edges"))
    for i, (u, v, data) in enumerate(G.edges(data=True)):
        attrs = {"id": str(i), "source": export_id(u), "target": export_id(v)}
        if data.get("weight") is not None:
            attrs["weight"] = repr(float(data["weight"]))
        el = ET.SubElement(edges, q("edge"), attrs)
        _attvalues(el, q, data, edge_types, edge_dyn)
        _spells(el, q, data.get("spells") if dynamic else None)
    ET.indent(root)
    with atomic_path(path) as tmp:
        ET.ElementTree(root).write(tmp, encoding="utf-8", xml_declaration=True)
    return Path(path)


def write_graphml(G: nx.Graph, path: str | os.PathLike[str]) -> Path:
    """Write ``G`` as GraphML with :func:`networkx.write_graphml`; spells are
    left out (``months`` says when each actor and tie was active) and list
    values joined with ``"; "`` so every value is a GraphML scalar.

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx
    >>> G = nx.Graph([("a", "b", {"weight": 1.0, "sites": ("x", "y")})])
    >>> out = write_graphml(G, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
    >>> nx.read_graphml(out).edges["a", "b"]["sites"]
    'x; y'
    """
    import networkx as nx

    from .outputs import atomic_path

    H = type(G)()
    H.add_nodes_from((export_id(v), _scalars(d)) for v, d in G.nodes(data=True))
    H.add_edges_from((export_id(u), export_id(v), _scalars(d))
                     for u, v, d in G.edges(data=True))
    with atomic_path(path) as tmp:
        nx.write_graphml(H, tmp, encoding="utf-8")
    return Path(path)


def csv_pair_paths(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """``NAME-nodes.csv`` and ``NAME-edges.csv`` beside ``path`` (``.csv`` dropped).

    Examples
    --------
    >>> [p.name for p in csv_pair_paths("out/net.csv")]
    ['net-nodes.csv', 'net-edges.csv']
    """
    p = Path(path)
    stem = p.name[:-4] if p.name.lower().endswith(".csv") else p.name
    return p.with_name(f"{stem}-nodes.csv"), p.with_name(f"{stem}-edges.csv")


def write_csv_pair(G: nx.Graph, path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write the nodes and edges tables of ``G`` as two CSV files, laid out as
    Kumu's spreadsheet import asks [3]_ and read by Gephi's.

    Elements (nodes): ``Label`` first (Kumu), ``Id`` (Gephi), ``Type`` (the
    kind of actor, a category), then every node attribute. Connections
    (edges): ``From`` and ``To`` first (the labels, Kumu), ``Type`` (the
    category ``contact``), ``Direction``, ``Weight``, ``Source`` and
    ``Target`` (the ids, Gephi), then every other edge attribute. Several
    values in one cell (sites, active periods) are separated by ``|``, as
    Kumu splits them. UTF-8 with BOM; cells starting with ``= + - @`` are
    neutralised so a spreadsheet never runs them, and ids are the same as in
    the GEXF and GraphML files (:func:`export_id`).

    The column names are always the English ones Kumu and Gephi expect; in
    another language (``--lang it``) the categories a person reads in those
    tools are words of that language: the kind of actor (``Type`` and
    ``kind``: ``Agenzia educativa``, not ``educational_agency``) and the
    connections' ``Type`` (``contatto``). Numbers, dates, ``True``/``False``
    and ``Direction`` stay as the tools read them.
    """
    from .i18n import pgettext
    from .outputs import atomic_open
    from .readable import _kind, is_readable_language

    words = is_readable_language()
    nodes_path, edges_path = csv_pair_paths(path)
    node_rows = []
    for v, data in G.nodes(data=True):
        kind = _scalar(data.get("kind"))
        row = {"Label": str(data.get("label", v)), "Id": export_id(v),
               "Type": _kind(kind) if words else kind}
        row.update({k: _kumu(val) for k, val in _scalars(data).items() if k != "label"})
        if words and "kind" in row:
            row["kind"] = row["Type"]
        node_rows.append(row)
    contact = pgettext("a tie in Kumu", "contact") if words else "contact"
    label = {v: str(d.get("label", v)) for v, d in G.nodes(data=True)}
    directed = G.is_directed()
    edge_rows = []
    for u, v, data in G.edges(data=True):
        row = {"From": label[u], "To": label[v], "Type": contact,
               "Direction": "directed" if directed else "undirected",
               "Weight": data.get("weight"), "Source": export_id(u), "Target": export_id(v)}
        row.update({k: _kumu(val) for k, val in _scalars(data).items() if k != "weight"})
        edge_rows.append(row)
    for rows, dest, first in ((node_rows, nodes_path, ["Label", "Id", "Type"]),
                              (edge_rows, edges_path, ["From", "To", "Type", "Direction",
                                                       "Weight", "Source", "Target"])):
        frame = pd.DataFrame(rows, columns=_columns(rows, first))
        for col in frame.columns:
            if col in ("Id", "Source", "Target"):
                continue  # export_id: already safe, and the GEXF's ids
            if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
                frame[col] = frame[col].map(_neutralise)
        with atomic_open(dest, "w", encoding="utf-8-sig", newline="") as fh:
            frame.to_csv(fh, index=False, lineterminator="\r\n")
    return nodes_path, edges_path


def export_id(actor: Any) -> str:
    """An actor's id in every export (GEXF, GraphML, CSV): its reterete id,
    with a ``'`` in front when it starts with ``= + - @`` (what a spreadsheet
    would run as a formula), the same in each file so they join.

    Examples
    --------
    >>> export_id("bar roma"), export_id("+39 333"), export_id("=cmd")
    ('bar roma', "'+39 333", "'=cmd")
    """
    return _neutralise(xml_safe(str(actor)))


#: Characters XML 1.0 forbids; ``check`` refuses them in a log (docs/DESIGN.md),
#: and a value that still holds one (an older workspace) is written with the
#: character as its code point, ``U+000B``, in every export.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with each character XML 1.0 forbids written as ``U+XXXX``.

    Examples
    --------
    >>> xml_safe("Ada\x0bRossi"), xml_safe("città")
    ('AdaU+000BRossi', 'città')
    """
    if _XML_FORBIDDEN.search(text) is None:
        return text
    return _XML_FORBIDDEN.sub(lambda m: f"U+{ord(m.group()):04X}", text)


def _kumu(value: Any) -> Any:
    """Several values in one cell as Kumu splits them: ``|`` between."""
    return value.replace("; ", "|") if isinstance(value, str) and "; " in value else value


# ---------------------------------------------------------------------------
def _monthly(inter: pd.DataFrame, freq: str = "month"
             ) -> tuple[dict[str, dict[str, int]], dict[tuple[str, str], dict[str, int]]]:
    """Interactions per period (``str(pd.Period)``; months by default) of each
    actor and of each (undirected) pair."""
    if inter.empty:
        return {}, {}
    from .metrics.temporal import FREQS

    n = inter["n"].to_numpy() if "n" in inter else np.ones(len(inter), dtype=np.int64)
    month = (inter["date"].dt.strftime("%Y-%m") if freq == "month" else
             inter["date"].dt.to_period(FREQS[freq]).astype(str)).to_numpy(dtype=object)
    src = inter["source"].to_numpy(dtype=object)
    tgt = inter["target"].to_numpy(dtype=object)
    nodes: dict[str, dict[str, int]] = {}
    edges: dict[tuple[str, str], dict[str, int]] = {}
    for a, b, m, k in zip(src, tgt, month, n.tolist(), strict=True):
        for actor in (a, b):
            per = nodes.setdefault(actor, {})
            per[m] = per.get(m, 0) + k
        pair = (a, b) if str(a) <= str(b) else (b, a)
        per = edges.setdefault(pair, {})
        per[m] = per.get(m, 0) + k
    return nodes, edges


def _by_month(counts: dict[str, int], freq: str = "month") -> list[tuple[int, str, str]]:
    """``(interactions, start, end)`` of each active period, in order."""
    from .metrics.temporal import FREQS

    out = []
    for m in sorted(counts):
        p = pd.Period(m, freq=FREQS[freq])
        out.append((int(counts[m]), *_bounds(p, p, freq)))
    return out


def _labels(counts: dict[str, int], freq: str,
            info: dict[str, tuple[int, str, str, str]] | None = None) -> str:
    """The active periods as people read them, ``"; "`` between."""
    if freq == "month":
        return "; ".join(sorted(counts))
    if info is not None:
        return "; ".join(info[m][3] for m in sorted(counts))
    from .metrics.temporal import FREQS, period_label

    return "; ".join(period_label(pd.Period(m, freq=FREQS[freq])) for m in sorted(counts))


def _scalar(value: Any) -> Any:
    """A value GEXF, GraphML and CSV can hold, or None for missing."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return _iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return xml_safe("; ".join(str(v) for v in value)) or None  # none: no value, not ""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, (bool, int, float)):
        return value
    return xml_safe(str(value))


def _scalars(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if key == "spells" or _is_dynamic(value):
            continue
        value = _scalar(value)
        if value is not None:
            out[key] = value
    return out


def _iso(value: Any) -> str | None:
    if value is None or value is pd.NaT:
        return None
    stamp = pd.Timestamp(value)
    return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()


def _types(records: Iterable[dict[str, Any]], reserved: set[str]) -> dict[str, str]:
    """GEXF type of every attribute: the widest of the values seen."""
    found: dict[str, str] = {}
    for data in records:
        for key, value in data.items():
            if key in reserved or _is_dynamic(value):
                continue
            value = _scalar(value)
            if value is None:
                continue
            kind = ("boolean" if isinstance(value, bool) else "long" if isinstance(value, int)
                    else "double" if isinstance(value, float) else "string")
            old = found.get(key)
            if old is None:
                found[key] = kind
            elif old != kind:
                found[key] = "double" if {old, kind} <= {"long", "double"} else "string"
    return found


def _attvalues(el: Any, q: Any, data: dict[str, Any], types: dict[str, str],
               dynamic: dict[str, str]) -> None:
    import xml.etree.ElementTree as ET

    values = []
    for key, kind in types.items():
        value = _scalar(data.get(key))
        if value is not None:
            values.append({"for": key, "value": _text(value, kind)})
    for key, kind in dynamic.items():
        for value, start, end in data.get(key) or ():
            values.append({"for": key, "value": _text(value, kind), "start": str(start),
                           "end": str(end)})
    if values:
        block = ET.SubElement(el, q("attvalues"))
        for attrs in values:
            ET.SubElement(block, q("attvalue"), attrs)


def _text(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    return str(value)


def _is_dynamic(value: Any) -> bool:
    """A dynamic attribute: a list of ``(value, start, end)`` triples."""
    return (isinstance(value, list) and bool(value)
            and all(isinstance(v, tuple) and len(v) == 3 for v in value))


def _dynamic_first(data: dict[str, Any]) -> dict[str, Any]:
    """The first value of each dynamic attribute (to declare its type)."""
    return {k: v[0][0] for k, v in data.items() if _is_dynamic(v)}


def _spells(el: Any, q: Any, spells: Any) -> None:
    import xml.etree.ElementTree as ET

    if not spells:
        return
    block = ET.SubElement(el, q("spells"))
    for start, end in spells:
        ET.SubElement(block, q("spell"), {"start": str(start), "end": str(end)})


def _columns(rows: list[dict[str, Any]], first: list[str]) -> list[str]:
    cols = list(first)
    for row in rows:
        cols.extend(k for k in row if k not in cols)
    return cols


_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value
