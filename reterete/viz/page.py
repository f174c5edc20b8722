"""The interactive network page: one self-contained, offline HTML file.

The page inlines vis-network (the copy the pyvis package ships) and passes
the network as JSON in a ``<script type="application/json">`` element, escaped
so no name can leave that element; the page's own script builds the
legend, filters and tooltips with ``textContent``, never ``innerHTML``. A
Content-Security-Policy forbids every request, so opening the file sends
nothing anywhere. Following pyvis, the vis-network object is the global
``network`` and its DataSets the globals ``nodes`` and ``edges``.
"""

from __future__ import annotations

import functools
import gc
import html
import json
import os
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InputError
from ..identity import normalize_name
from ..network import Network
from .colors import KIND_COLORS, color_groups

__all__ = ["to_html", "page_data", "show", "KIND_COLORS", "SIZE_MEASURES", "PHYSICS_LIMIT"]

_EXTRA_COLORS = ("#BCBD22", "#9467BD", "#FF9896", "#98DF8A", "#C49C94", "#AEC7E8", "#F7B6D2")
#: Accepted ``size_by`` names (or pass a mapping node -> value).
SIZE_MEASURES = ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank",
                 "none")
#: Above this many actors positions are computed in Python and physics is off.
PHYSICS_LIMIT = 300
LANGS = ("en", "it")


def to_html(network_or_graph: Network | nx.Graph, path: str | os.PathLike[str] | None = None,
            *, site: str | None = None, start: object = None, end: object = None,
            size_by: str | Mapping[Any, float] | pd.Series = "degree",
            antennas: Iterable[str] = (), anonymize: bool = False,
            key: bytes | str | None = None, lang: str | None = None, title: str | None = None,
            positions: pd.DataFrame | Mapping[Any, tuple[float, float]] | None = None,
            seed: int | None = 0, color: str | None = None) -> str:
    """The interactive page of a network, as HTML text (and a file if ``path``).

    Nodes are coloured by ``color`` (with a legend that hides and shows its
    groups),
    sized by ``size_by``; antennas are drawn as stars; line width grows with
    tie strength as :math:`1 + 5 \\sqrt{w / w_{max}}`. The page filters by
    site (optionally with the site's actors' contacts elsewhere), sector and
    kind, shows the network of each month, finds names, and hides labels
    until zoomed in on large networks.

    Parameters
    ----------
    network_or_graph : Network or networkx.Graph
        A Network (per-month activity then comes from its interactions) or
        any graph; reterete's node attributes ``name``, ``kind``, ``sector``,
        ``sites``, ``is_person`` and edge attributes ``weight``, ``count``,
        ``first``, ``last``, ``sites`` are used when present (a plain graph's
        tie counts as active every month from ``first`` to ``last``).
    path : path, optional
        Also write the page there (UTF-8).
    site, start, end : optional
        Draw one site and/or window (as :meth:`Network.graph`).
    size_by : str or mapping
        One of :data:`SIZE_MEASURES` (networkx's definitions, unweighted
        except ``strength``), or a value per node.
    antennas : iterable of str
        Actor ids or names to highlight.
    anonymize : bool
        Show persons (``is_person``) under their pseudonyms
        (:func:`reterete.privacy.pseudonym`) with ``key``, or
        :func:`reterete.privacy.load_key` when ``key`` is None.
    lang : {"en", "it"}, optional
        Language of the page's words, numbers and dates; default the
        language in force (:func:`reterete.i18n.get_language`).
    title : str, optional
        Heading; by default says what is drawn.
    positions : DataFrame or mapping, optional
        Precomputed ``x``, ``y`` per node (physics is then off).
    seed : int, optional
        Seed of the communities (``color="community"``) and of the layout of
        large networks (more than :data:`PHYSICS_LIMIT` actors), drawn in
        Python by :func:`reterete.viz.layout.spring_positions`; smaller ones
        settle in the browser from a fixed seed.
    color : str, optional
        What the colours show: ``"kind"``, ``"sector"``, ``"site"`` (actors at
        several sites share one colour), ``"community"`` (the groups of
        :func:`reterete.metrics.communities.communities` with ``seed``, named
        by their most tied members, by number when ``anonymize``) or a column
        of the actor registry (:func:`reterete.viz.colors.color_groups`). Default: kind, or sector
        when every actor has the same kind.

    Returns
    -------
    str
        The page. Notes are never written.

    Examples
    --------
    >>> G = nx.Graph([("ada", "bea"), ("bea", "cy")])
    >>> page = to_html(G, title="<b>Demo</b>")
    >>> page.startswith("<!DOCTYPE html>"), "&lt;b&gt;Demo&lt;/b&gt;" in page, "<b>Demo" in page
    (True, True, False)
    >>> page_data(G)["nodes"]["label"]
    ['ada', 'bea', 'cy']
    """
    from ..i18n import _, language

    with language(_check_lang(lang)) as lang:
        data = page_data(network_or_graph, site=site, start=start, end=end, size_by=size_by,
                         antennas=antennas, anonymize=anonymize, key=key, lang=lang,
                         positions=positions, seed=seed, color=color)
        labels = _grain_labels(_labels(lang), data["grain"])
        zone_note = _("Times in the {zone} time zone.").format(zone=data["timezone"]) \
            if data["timezone"] else ""
        zone_note = " ".join(x for x in (zone_note, _not_met_note(
            network_or_graph, site, start, end, anonymize)) if x)
        if title is None:
            title = labels["page_title"] + (f" - {data['site']}" if data["site"] else "")
        js, css = _assets()
        page = _env().get_template("page.html.j2").render(
            title=str(title), L=labels, lang=lang, vis_js=js, vis_css=css,
            data=script_json(data), csp=CSP, zone_note=zone_note)
    if path is not None:
        from ..outputs import write_atomic

        write_atomic(path, page)
    return page


def page_data(network_or_graph: Network | nx.Graph, *, site: str | None = None,
              start: object = None, end: object = None,
              size_by: str | Mapping[Any, float] | pd.Series = "degree",
              antennas: Iterable[str] = (), anonymize: bool = False,
              key: bytes | str | None = None, lang: str | None = None,
              positions: pd.DataFrame | Mapping[Any, tuple[float, float]] | None = None,
              seed: int | None = 0, color: str | None = None) -> dict[str, Any]:
    """What the page draws, as JSON-ready columns (see :func:`to_html`).

    Node ``i`` of the page is the ``i``-th node of the graph; ids (which are
    normalised names) are not included, only display names.

    Examples
    --------
    >>> d = page_data(nx.Graph([("ada", "bea")]), antennas=["Bea"])
    >>> d["nodes"]["antenna"], d["edges"]["from"], d["edges"]["to"]
    ([0, 1], [0], [1])
    """
    from ..i18n import get_language

    lang = _check_lang(lang) or get_language()
    labels = _labels(lang)
    if anonymize:  # pseudonymise first; a real site or antenna name still finds its own
        _check_anonymous_color(network_or_graph, color)
        network_or_graph, site, antennas = _anonymized(network_or_graph, site, antennas, key)
    G, inter, site_name = _view(network_or_graph, site=site, start=start, end=end)
    ids = list(G)
    n = len(ids)
    index = {v: i for i, v in enumerate(ids)}
    attrs = [G.nodes[v] for v in ids]

    names = [str(a.get("name", v)) for v, a in zip(ids, attrs, strict=True)]
    ant = _antenna_mask(ids, names, antennas)

    # kinds: canonical order first, then others as given, "not given" last
    kinds_raw = [_text(a.get("kind")) for a in attrs]
    present = set(kinds_raw)
    canon = [k for k in KIND_COLORS if k and k in present]
    others = sorted(present - set(KIND_COLORS))
    kind_list = canon + others + ([""] if "" in present else [])
    kind_code = {k: i for i, k in enumerate(kind_list)}
    kind_names = labels["kind_names"]
    extra = iter(_EXTRA_COLORS * (1 + len(others) // len(_EXTRA_COLORS)))
    tally = Counter(kinds_raw)
    kinds = [{"key": k, "label": kind_names.get(k, k),
              "color": KIND_COLORS.get(k) or next(extra), "count": tally[k]} for k in kind_list]
    sectors_raw = [_text(a.get("sector")) for a in attrs]
    sector_list = sorted({s for s in sectors_raw if s}, key=normalize_name)
    sector_code = {s: i for i, s in enumerate(sector_list)}

    # edges, as columns (one pass over the graph; the collector is paused
    # while the tuples are made, as it would walk the whole graph many times)
    paused = gc.isenabled()
    gc.disable()
    try:
        rows = [(index[u], index[v], d.get("weight"), d.get("count"), d.get("minutes"),
                 d.get("first"), d.get("last"), d.get("sites") or ())
                for u, v, d in G.edges(data=True)]
        m = len(rows)
        cols = list(zip(*rows, strict=True)) if m else [()] * 8
        del rows
    finally:
        if paused:
            gc.enable()
    eu = np.fromiter(cols[0], dtype=np.int64, count=m)
    ev = np.fromiter(cols[1], dtype=np.int64, count=m)
    count = pd.to_numeric(pd.Series(cols[3], dtype=object), errors="coerce").to_numpy(float)
    w = pd.to_numeric(pd.Series(cols[2], dtype=object), errors="coerce").to_numpy(float)
    w = np.where(np.isnan(w), np.where(np.isnan(count), 1.0, count), w)
    w = np.where(np.isfinite(w) & (w > 0), w, 0.0)
    width = 1.0 + 5.0 * np.sqrt(w / w.max()) if m and w.max() > 0 else np.ones(m)
    minutes = pd.to_numeric(pd.Series(cols[4], dtype=object), errors="coerce").to_numpy(float)
    first = pd.to_datetime(pd.Series(cols[5], dtype=object))
    last = pd.to_datetime(pd.Series(cols[6], dtype=object))
    esites = _site_tuples(cols[7])

    # sites: the registry's and those of each actor's ties
    site_list = sorted({x for t in esites for x in t}
                       | {str(x) for a in attrs for x in (a.get("sites") or ())},
                       key=normalize_name)
    site_code = {x: i for i, x in enumerate(site_list)}
    ecodes = _memo_map(esites, lambda t: [site_code[x] for x in t])
    lens = np.fromiter(map(len, ecodes), dtype=np.int64, count=m)
    flat = np.fromiter((c for t in ecodes for c in t), dtype=np.int64, count=int(lens.sum()))
    reg = [[site_code[str(x)] for x in (a.get("sites") or ())] for a in attrs]
    rlens = np.fromiter(map(len, reg), dtype=np.int64, count=n)
    node_of = np.concatenate([np.repeat(eu, lens), np.repeat(ev, lens),
                              np.repeat(np.arange(n), rlens)])
    code_of = np.concatenate([flat, flat, np.fromiter((c for t in reg for c in t),
                                                      dtype=np.int64, count=int(rlens.sum()))])
    nsites = _group_lists(node_of, code_of, n)
    ptr, idx = nsites
    from ..i18n import language

    with language(lang):   # the legend's words
        colors = color_groups(G, color, node_sites=[
            {site_list[c] for c in idx[ptr[i]:ptr[i + 1]]} for i in range(n)],
            seed=seed, named=not anonymize)
        legend = {"by": colors.attr, "title": _legend_title(colors.attr, labels),
                  "word": _color_word(colors.attr), "groups": colors.groups}

    degree = np.bincount(np.concatenate([eu, ev]), minlength=n)
    first_day, last_day = _days(first), _days(last)
    last_node = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(last_node, np.concatenate([eu, ev]), np.concatenate([last_day, last_day]))
    value = _sizes(G, ids, size_by, eu, ev, w)

    with language(lang):
        months, month_edges, grain = _months(inter, ids, eu, ev, first, last, labels)
    pos = None
    if positions is not None or n > PHYSICS_LIMIT:
        pos = _positions(G, ids, positions, seed)

    out: dict[str, Any] = {
        "lang": lang,
        "site": site_name,
        "size_by": _size_label(size_by, labels),
        "physics": pos is None,
        "label_threshold": 9 if n > PHYSICS_LIMIT else 5,
        "kinds": kinds,
        "colors": legend,
        "sectors": sector_list,
        "sites": site_list,
        "months": months,
        "month_edges": month_edges,
        "grain": grain,
        "timezone": getattr(network_or_graph, "timezone", None),
        "nodes": {
            "label": names,
            "degree": degree.tolist(),
            "last": _nullable_days(last_node),
            "kind": [kind_code[k] for k in kinds_raw],
            "sector": [sector_code.get(s, -1) for s in sectors_raw],
            "sites_ptr": nsites[0],
            "sites_idx": nsites[1],
            "value": np.round(value, 6).tolist(),
            "antenna": ant.astype(int).tolist(),
            "color": colors.codes,
        },
        "edges": {
            "from": eu.tolist(), "to": ev.tolist(),
            "width": np.round(width, 3).tolist(),
            "count": _nullable(count),
            "minutes": _nullable(minutes),
            "first": _nullable_days(first_day),
            "last": _nullable_days(last_day),
            "sites": ecodes,
        },
    }
    if pos is not None:
        out["nodes"]["x"] = np.round(pos[:, 0], 1).tolist()
        out["nodes"]["y"] = np.round(pos[:, 1], 1).tolist()
    return out


def _legend_title(attr: str, labels: dict[str, Any]) -> str:
    """The legend's heading: what the colours show."""
    from ..i18n import _

    return {"kind": labels["kinds"], "sector": _("Sectors"), "site": _("Sites"),
            "community": _("Groups (communities)")}.get(
        attr, _("Colour: {attribute}").format(attribute=attr))


def _color_word(attr: str) -> str:
    """What a node's tooltip calls the colour's attribute."""
    from ..i18n import pgettext

    return {"community": pgettext("tooltip", "Group")}.get(attr, attr)


def show(network_or_graph: Network | nx.Graph, *, height: int = 650, **kwargs: Any):
    """Display the page inline in Jupyter (an ``<iframe srcdoc>``, sandboxed).

    Takes :func:`to_html`'s keywords; returns an ``IPython.display.HTML``.
    """
    from IPython.display import HTML

    return HTML(f"<div>{iframe(to_html(network_or_graph, **kwargs), height=height)}</div>")


def iframe(page: str, *, height: int = 650) -> str:
    """A sandboxed ``<iframe>`` holding ``page`` (escaped into ``srcdoc``).

    Examples
    --------
    >>> iframe("<p>a&b</p>", height=100)[:41]
    '<iframe srcdoc="&lt;p&gt;a&amp;b&lt;/p&gt'
    """
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{int(height)}px;border:0"></iframe>')


# ---------------------------------------------------------------- helpers
#: Nothing may be fetched: scripts and styles are inline, images data: URLs.
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; "
       "base-uri 'none'")

_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                   ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(payload: Any):
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>``, ``&``, U+2028 and U+2029 only occur inside JSON strings,
    where their ``\\uXXXX`` forms mean the same, so ``</script>`` in a name
    cannot end the element and ``JSON.parse`` gives the name back unchanged.

    Examples
    --------
    >>> str(script_json({"name": "</script><b>"}))
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    from markupsafe import Markup

    text = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for raw, escaped in _SCRIPT_ESCAPES:
        text = text.replace(raw, escaped)
    return Markup(text)  # noqa: S704  (escaped just above)


@functools.lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    from ..textsafe import isolate

    # every printed value is a name, a word or a number: a name that could
    # reorder the line around it (U+202E, right-to-left letters) is isolated
    return Environment(loader=PackageLoader("reterete.viz", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       finalize=isolate)


def _check_lang(lang: str | None) -> str | None:
    if lang is not None and lang not in LANGS:
        raise InputError(f"lang must be 'en' or 'it', not {lang!r}")
    return lang


def _labels(lang: str | None = None) -> dict[str, Any]:
    """The page's and the report's words in ``lang`` (default: the language in force)."""
    from ..i18n import language
    from .labels import labels

    with language(lang):
        return labels()


@functools.lru_cache(maxsize=1)
def _assets():
    """vis-network's script and style sheet, as shipped by pyvis, marked safe
    for inlining after checking they cannot close their elements early."""
    from markupsafe import Markup

    base = resources.files("pyvis").joinpath("lib/vis-9.1.2")
    js = base.joinpath("vis-network.min.js").read_text("utf-8")
    css = base.joinpath("vis-network.css").read_text("utf-8")
    js = re.sub(r"//# sourceMappingURL=\S*\s*$", "", js)  # no source map to look for
    if "</script" in js.lower() or "<!--" in js or "</style" in css.lower():
        raise RuntimeError("the vis-network files cannot be inlined safely")
    return Markup(js), Markup(css)  # noqa: S704  (checked above)


def _view(obj: Network | nx.Graph, *, site: str | None, start: object, end: object):
    """The graph to draw, the interactions behind it (or None), the site name."""
    if isinstance(obj, Network):
        G = obj.graph(start=start, end=end, site=site)
        inter = obj.window(start, end, site)
        name = obj.site_names[obj.site_key(site)] if site is not None else None
        return G, inter, name
    if not isinstance(obj, nx.Graph):
        raise InputError("to draw a network give a reterete Network or a networkx graph, "
                         f"not {type(obj).__name__}")
    G = obj
    if G.is_directed() or G.is_multigraph():
        G = nx.Graph(G.to_undirected())
    if site is not None or start is not None or end is not None:
        from ..window import Window

        win = Window(start, end)
        key = normalize_name(site) if site is not None else None
        keep = []
        for u, v, d in G.edges(data=True):
            f, lt = d.get("first"), d.get("last")
            if win.start is not None and lt is not None and pd.Timestamp(lt) < win.start:
                continue
            if win.end is not None and f is not None and pd.Timestamp(f) > win.end:
                continue
            if key is not None and key not in {normalize_name(s) for s in d.get("sites", ())}:
                continue
            keep.append((u, v))
        G = G.edge_subgraph(keep)
    return G, None, site


def _not_met_note(obj: Network | nx.Graph, site: str | None, start: object, end: object,
                  anonymize: bool) -> str:
    """Registered actors with no contact in the window, listed apart (drawn
    without ties): by name, or only how many on an anonymised page."""
    if not isinstance(obj, Network):
        return ""
    from ..i18n import ngettext
    from ..metrics.coverage import _few
    from ..payloads import not_met

    try:
        ids = not_met(obj, start, end, site)
    except InputError:
        return ""
    if not ids:
        return ""
    n = len(ids)
    if anonymize:
        return ngettext("{n} registered actor not yet met (no contact in this window), drawn "
                        "without ties.",
                        "{n} registered actors not yet met (no contact in this window), drawn "
                        "without ties.", n).format(n=n)
    return ngettext("{n} registered actor not yet met (no contact in this window): {names}.",
                    "{n} registered actors not yet met (no contact in this window): {names}.",
                    n).format(n=n, names=_few([obj.name_of(a) for a in ids]))


def _check_anonymous_color(obj: Network | nx.Graph, color: str | None) -> None:
    """Pseudonymising leaves out the registry's other columns (they may name
    people): colouring by one of them is refused in words that say why."""
    from ..i18n import _
    from .colors import resolve_color

    G = obj.graph(include_registry=True) if isinstance(obj, Network) else obj
    attr = resolve_color(G, color)
    if attr not in ("kind", "sector", "site", "community"):
        raise InputError(_("with --anonymize the actors can be coloured by kind, sector, "
                           "site or community only: the registry's other columns, such as "
                           "{attr!r}, may name people and are left out").format(attr=attr))


def _anonymized(obj: Network | nx.Graph, site: str | None, antennas: Iterable[str],
                key: bytes | str | None) -> tuple[Network | nx.Graph, str | None, list[str]]:
    """The network or graph pseudonymised (:mod:`reterete.privacy`), and the
    site and antennas asked for, by real name or pseudonym, as it shows them."""
    from ..privacy import anonymize_graph, anonymize_network, load_key, prefixes, shown_name

    secret = load_key() if key is None else key
    if isinstance(obj, Network):
        anon: Network | nx.Graph = anonymize_network(obj, secret)
        ids, sites = set(anon.actors.index), set(anon.site_names)
    elif isinstance(obj, nx.Graph):
        anon = anonymize_graph(obj, secret)
        ids = set(anon)
        sites = {normalize_name(x) for _, t in anon.nodes(data="sites") for x in (t or ())}
        sites |= {normalize_name(x) for *_, t in anon.edges(data="sites") for x in (t or ())}
    else:
        return obj, site, list(antennas)
    shown_site = None if site is None else shown_name(site, secret, sites,
                                                      prefix=prefixes()["site"])
    return (anon, shown_site,
            [shown_name(str(a), secret, ids) for a in antennas])


def _antenna_mask(ids: list, names: list[str], antennas: Iterable[str]) -> np.ndarray:
    wanted = {normalize_name(a) for a in antennas}
    if not wanted:
        return np.zeros(len(ids), dtype=bool)
    hit = np.array([normalize_name(v) in wanted or normalize_name(nm) in wanted
                    for v, nm in zip(ids, names, strict=True)], dtype=bool)
    found = {normalize_name(v) for v, h in zip(ids, hit, strict=True) if h} | \
            {normalize_name(nm) for nm, h in zip(names, hit, strict=True) if h}
    missing = len(wanted - found)
    if missing:
        warnings.warn(f"{missing} of the antennas asked for are not in the network drawn",
                      stacklevel=3)
    return hit


def _sizes(G: nx.Graph, ids: list, size_by: Any, eu: np.ndarray, ev: np.ndarray,
           w: np.ndarray) -> np.ndarray:
    n = len(ids)
    if isinstance(size_by, (Mapping, pd.Series)):
        values = pd.Series(size_by, dtype=float).reindex(ids)
        return values.fillna(0.0).to_numpy(dtype=float)
    if size_by not in SIZE_MEASURES:
        from ..i18n import _

        raise InputError(_("--size-by must be one of {choices}, not {value}").format(
            choices=", ".join(SIZE_MEASURES), value=repr(size_by)))
    if size_by == "none" or n == 0:
        return np.ones(n)
    if size_by == "degree":
        return np.bincount(np.concatenate([eu, ev]), minlength=n).astype(float)
    if size_by == "strength":
        return np.bincount(np.concatenate([eu, ev]), weights=np.concatenate([w, w]),
                           minlength=n)
    func = {"betweenness": nx.betweenness_centrality, "closeness": nx.closeness_centrality,
            "eigenvector": lambda H: nx.eigenvector_centrality_numpy(H) if H.number_of_edges()
            else dict.fromkeys(H, 0.0), "pagerank": nx.pagerank}[size_by]
    values = func(G)
    return np.array([values[v] for v in ids], dtype=float)


def _size_label(size_by: Any, labels: dict[str, Any]) -> str:
    if isinstance(size_by, str):
        return labels["size_by"] + labels["sizes"].get(size_by, size_by)
    return labels["size_by"] + str(getattr(size_by, "name", None) or "")


def _months(inter: pd.DataFrame | None, ids: list, eu: np.ndarray, ev: np.ndarray,
            first: pd.Series, last: pd.Series, labels: dict[str, Any]):
    """Period names and, for each period, the ids of the ties active in it.

    The periods are months, or the grain the span of the dates needs
    (:func:`reterete.metrics.temporal.default_freq`: hours for a day of
    data, days for a few weeks); the grain comes third."""
    from ..metrics.temporal import FREQS, data_freq

    m = len(eu)
    if inter is not None:
        if inter.empty or m == 0:
            return [], [], "month"
        grain = data_freq(inter["date"])
        code = FREQS[grain]
        node_ids = np.array(ids, dtype=object)
        a, b = node_ids[eu], node_ids[ev]
        swap = a > b
        edge_keys = pd.DataFrame({"a": np.where(swap, b, a), "b": np.where(swap, a, b),
                                  "edge": np.arange(m)})
        src = inter["source"].to_numpy(dtype=object)
        tgt = inter["target"].to_numpy(dtype=object)
        swap = src > tgt
        acts = pd.DataFrame({"a": np.where(swap, tgt, src), "b": np.where(swap, src, tgt),
                             "period": inter["date"].dt.to_period(code).to_numpy()})
        acts = acts.merge(edge_keys, on=["a", "b"], how="inner")
        periods = pd.PeriodIndex(acts["period"], freq=code)
        edge_of = acts["edge"].to_numpy()
    else:
        ok = (first.notna() & last.notna()).to_numpy()
        if not ok.any():
            return [], [], "month"
        grain = data_freq(pd.concat([first[ok], last[ok]], ignore_index=True))
        code = FREQS[grain]
        f_ord = first[ok].dt.to_period(code).array.asi8
        span = last[ok].dt.to_period(code).array.asi8 - f_ord + 1
        edge_of = np.repeat(np.flatnonzero(ok), span)
        offsets = np.arange(span.sum()) - np.repeat(np.cumsum(span) - span, span)
        periods = pd.PeriodIndex.from_ordinals(np.repeat(f_ord, span) + offsets, freq=code)
    if len(periods) == 0:
        return [], [], grain
    full = pd.period_range(periods.min(), periods.max(), freq=code)
    code_of = (periods.asi8 - full[0].ordinal).astype(np.int64)
    ptr, idx = _group_lists(code_of, edge_of, len(full))
    month_edges = [idx[a:b] for a, b in zip(ptr[:-1], ptr[1:], strict=True)]
    names = [_period_name(p, grain, labels) for p in full]
    return names, month_edges, grain


def _period_name(p: pd.Period, grain: str, labels: dict[str, Any]) -> str:
    """How the page names a period: ``September 2024``, ``2 Dec 2013``,
    ``2 Dec 2013, 08:00-08:59``, ``Week 37, 2024``, ``Q3 2024``."""
    from ..i18n import _, format_date

    if grain == "month":
        return f"{labels['months'][p.month - 1]} {p.year}"
    start = p.start_time
    if grain == "day":
        return format_date(start.date(), "medium")
    if grain == "hour":
        return _("{day}, {hour:02d}:00-{hour:02d}:59").format(
            day=format_date(start.date(), "medium"), hour=start.hour)
    if grain == "week":
        iso = start.isocalendar()
        return _("Week {week}, {year}").format(week=iso.week, year=iso.year)
    return _("Q{quarter} {year}").format(quarter=p.quarter, year=p.year)


def _grain_labels(labels: dict[str, Any], grain: str) -> dict[str, Any]:
    """The page's words with its time control named at ``grain``."""
    from ..i18n import _

    if grain == "month":
        return labels
    heading, every = {"hour": (_("Hour"), _("All hours")), "day": (_("Day"), _("All days")),
                      "week": (_("Week"), _("All weeks")),
                      "quarter": (_("Quarter"), _("All quarters"))}[grain]
    return {**labels, "month": heading, "all_months": every}


def _positions(G: nx.Graph, ids: list, positions: Any, seed: int | None) -> np.ndarray:
    if positions is None:
        from .layout import spring_positions

        frame = spring_positions(G, seed=seed)
    elif isinstance(positions, pd.DataFrame):
        frame = positions[["x", "y"]]
    else:
        frame = pd.DataFrame.from_dict(dict(positions), orient="index", columns=["x", "y"])
    xy = frame.reindex(ids).to_numpy(dtype=float)
    if np.isnan(xy).any():
        raise InputError("positions are missing for some actors of the network")
    return xy


def _site_tuples(raw: Iterable) -> list[tuple[str, ...]]:
    """``[tuple(map(str, t)) for t in raw]``; ties share few distinct site
    tuples, so each distinct one is converted once (when all are strings,
    for which equal keys mean equal text)."""
    memo: dict = {}
    try:
        out = [memo[t] if t in memo else memo.setdefault(t, tuple(map(str, t))) for t in raw]
    except TypeError:  # an unhashable list of sites
        return [tuple(map(str, t)) for t in raw]
    if all(type(x) is str for t in memo for x in t):
        return out
    return [tuple(map(str, t)) for t in raw]  # 1 and 1.0 are equal keys, not equal text


def _memo_map(items: list, func: Any) -> list:
    """``[func(x) for x in items]``, calling ``func`` once per distinct
    (hashable) item; equal items then share one result object."""
    memo: dict = {}
    try:
        return [memo[x] if x in memo else memo.setdefault(x, func(x)) for x in items]
    except TypeError:  # an unhashable item (a list of sites, say)
        return [func(x) for x in items]


def _group_lists(keys: np.ndarray, values: np.ndarray, n: int) -> tuple[list[int], list[int]]:
    """For each key 0..n-1 the sorted distinct values paired with it, as
    compressed rows: values of key ``i`` are ``idx[ptr[i]:ptr[i + 1]]``."""
    if len(keys) == 0:
        return [0] * (n + 1), []
    span = int(values.max()) + 1
    pairs = np.unique(keys.astype(np.int64) * span + values)
    ptr = np.searchsorted(pairs // span, np.arange(n + 1))
    return ptr.tolist(), (pairs % span).tolist()


_NO_DAY = np.iinfo(np.int64).min


def _days(stamps: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 (``_NO_DAY`` where missing)."""
    if len(stamps) == 0:
        return np.zeros(0, dtype=np.int64)
    days = stamps.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    out = days.astype(np.int64)
    out[np.isnat(days)] = _NO_DAY
    return out


def _nullable_days(days: np.ndarray) -> list[int | None]:
    return np.where(days == _NO_DAY, None, days).tolist()


def _nullable(values: np.ndarray) -> list[float | None]:
    ok = np.isfinite(values)
    return np.where(ok, np.round(np.where(ok, values, 0.0), 3), None).tolist()


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    return str(v).strip()


def _num(v: Any, default: float) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return default
    return f if np.isfinite(f) else default
