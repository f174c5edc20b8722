"""Colour by what matters: actors grouped by one attribute, one colour per group.

The network page and the report's picture colour actors by an attribute
(``kind`` by default, ``sector``, ``site`` or any registry column), or by
``community`` (the groups :func:`reterete.metrics.communities.communities`
finds, each named by its most tied members), and draw a legend of the
groups. :func:`color_groups` makes the groups once for both, so the page and
the report agree on the colours.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..errors import InputError
from ..identity import normalize_name

__all__ = ["KIND_COLORS", "PALETTE", "NOT_GIVEN_COLOR", "COMMUNITY_COLORS", "ColorGroups",
           "color_groups", "resolve_color"]

#: Colour of each canonical kind of actor (Okabe-Ito first, colour-blind safe).
KIND_COLORS: dict[str, str] = {
    "association": "#E69F00", "educational_agency": "#56B4E9", "opinion_leader": "#009E73",
    "key_informant": "#F0E442", "neighbourhood_committee": "#0072B2",
    "institutional_service": "#D55E00", "police": "#3B4CC0", "third_sector": "#CC79A7",
    "business": "#8C564B", "resident": "#17BECF", "other": "#7F7F7F", "": "#C8C8C8",
}
#: Colours of the groups of any other attribute, in order (Okabe-Ito, then
#: Tableau's softer tones); they repeat beyond the 17th group.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#3B4CC0", "#8C564B", "#17BECF", "#BCBD22", "#9467BD", "#FF9896", "#98DF8A",
           "#C49C94", "#AEC7E8", "#F7B6D2")
#: Colour of actors without a value.
NOT_GIVEN_COLOR = "#C8C8C8"

_ALIASES = {"kind": "kind", "tipo": "kind", "type": "kind",
            "sector": "sector", "settore": "sector", "ambito": "sector",
            "site": "site", "sites": "site", "luogo": "site", "luoghi": "site", "sito": "site",
            "siti": "site", "place": "site",
            "community": "community", "communities": "community", "comunita": "community",
            "comunità": "community", "group": "community", "groups": "community",
            "gruppo": "community", "gruppi": "community"}
#: At most this many communities get a colour and a name of their own; the
#: smaller ones (and single actors) share one grey entry of the legend.
COMMUNITY_COLORS = 12
#: Attributes never used as colours: they name people or hold free text.
_PRIVATE = {"name", "nome", "aliases", "alias", "note", "notes"}


@dataclass(frozen=True)
class ColorGroups:
    """Actors grouped by one attribute.

    Attributes
    ----------
    attr : str
        The attribute used (``"kind"``, ``"sector"``, ``"site"`` or a column).
    codes : list of int
        Group of each node, in the order the nodes were given.
    groups : list of dict
        One per group, legend order: ``key`` (the value; ``""`` for not
        given), ``label`` (as people read it), ``color`` (``#RRGGBB``) and
        ``count`` (actors in it); by site, ``"*"`` is the group of actors at
        several sites.
    """

    attr: str
    codes: list[int]
    groups: list[dict[str, Any]]


def resolve_color(G: nx.Graph, by: str | None = None) -> str:
    """The attribute to colour by: ``by`` matched to a node attribute (case,
    accents and Italian names ignored: ``tipo``, ``settore``, ``luogo``), or
    by default ``kind``, falling back to ``sector`` when every actor has the
    same kind (or none) and sectors tell them apart.

    Examples
    --------
    >>> G = nx.Graph([("a", "b")])
    >>> nx.set_node_attributes(G, {"a": "resident", "b": "resident"}, "kind")
    >>> nx.set_node_attributes(G, {"a": "north", "b": "south"}, "sector")
    >>> resolve_color(G), resolve_color(G, "Tipo"), resolve_color(G, "luogo")
    ('sector', 'kind', 'site')
    """
    from ..i18n import _

    if by is None or str(by).strip() == "":
        kinds = {_value(d.get("kind")) for _, d in G.nodes(data=True)}
        sectors = {_value(d.get("sector")) for _, d in G.nodes(data=True)}
        if len(kinds) <= 1 and len(sectors) > 1:
            return "sector"
        return "kind"
    key = normalize_name(str(by)).replace(" ", "_")
    if key in _ALIASES:
        return _ALIASES[key]
    if key in _PRIVATE:
        raise InputError(_("actors cannot be coloured by {attr!r}: it holds names or free "
                           "text").format(attr=str(by)))
    found = {}
    for _v, d in G.nodes(data=True):
        for name in d:
            found.setdefault(normalize_name(str(name)).replace(" ", "_"), name)
    if key in found:
        return str(found[key])
    usable = sorted({str(n) for k, n in found.items()
                     if k not in _PRIVATE and k not in ("file", "in_registry", "is_person",
                                                        "team", "cost_hours")}
                    | {"kind", "sector", "site"}, key=str.lower)
    raise InputError(_("no attribute {attr!r} to colour actors by: use kind, sector, site or "
                       "a column of the actor registry ({names})").format(
        attr=str(by), names=", ".join(usable)))


def color_groups(G: nx.Graph, by: str | None = None, *,
                 node_sites: list[set[str]] | None = None, seed: int | None = 0,
                 named: bool = True) -> ColorGroups:
    """Group ``G``'s actors by an attribute and give each group a colour.

    Parameters
    ----------
    G : networkx graph
    by : str, optional
        ``"kind"`` (canonical kinds keep their colours), ``"sector"``,
        ``"site"`` or any node attribute (a registry column); matched as
        :func:`resolve_color` does. Default: kind, or sector when every actor
        has the same kind.
    node_sites : list of sets, optional
        With ``by="site"``, each node's sites (in ``list(G)`` order);
        default its ``sites`` attribute plus the ``sites`` of its ties. An
        actor at one site is in that site's group; at several, in "several
        sites".
    seed : int, optional
        With ``by="community"``, the seed of the search (the same seed gives
        the same groups, as ``reterete communities --seed``).
    named : bool
        With ``by="community"``, name each group by its most tied members
        (``"Ada, Bea, Cy and 4 others"``); False (anonymised outputs): by
        number only (``"Group 1"``), so the legend holds no name.

    Returns
    -------
    ColorGroups
        Groups in legend order: canonical kinds first for kinds, else by
        name; "not given" last, grey.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "north", "b": "south", "c": "north"}, "zone")
    >>> cg = color_groups(G, "zone")
    >>> cg.attr, cg.codes, [(g["label"], g["count"]) for g in cg.groups]
    ('zone', [0, 1, 0], [('north', 2), ('south', 1)])
    """
    from ..i18n import _
    from .labels import labels

    attr = resolve_color(G, by)
    if attr == "community":
        return _community_groups(G, seed=seed, named=named)
    nodes = list(G)
    L = labels()
    if attr == "site":
        if node_sites is None:
            node_sites = [set(map(str, G.nodes[v].get("sites") or ())) for v in nodes]
            index = {v: i for i, v in enumerate(nodes)}
            for u, v, d in G.edges(data=True):
                for s in d.get("sites") or ():
                    node_sites[index[u]].add(str(s))
                    node_sites[index[v]].add(str(s))
        several = "\x00several"
        values = [next(iter(s)) if len(s) == 1 else (several if s else "")
                  for s in node_sites]
    else:
        values = [_value(G.nodes[v].get(attr)) for v in nodes]
    tally = Counter(values)
    present = [x for x in tally if x != ""]
    if attr == "kind":
        order = [k for k in KIND_COLORS if k and k in tally]
        order += sorted(set(present) - set(order))
    else:
        order = sorted(present, key=lambda x: (x == "\x00several", normalize_name(x)))
    if "" in tally:
        order.append("")
    kind_names = L["kind_names"]
    groups = []
    extra = 0
    for key in order:
        if key == "":
            label = kind_names[""] if attr == "kind" else L["unknown"]
            color = NOT_GIVEN_COLOR
        elif key == "\x00several":
            label, color = _("several sites"), "#7F7F7F"
        elif attr == "kind" and key in KIND_COLORS:
            label, color = kind_names.get(key, key), KIND_COLORS[key]
        else:
            label = kind_names.get(key, key) if attr == "kind" else key
            color = PALETTE[extra % len(PALETTE)]
            extra += 1
        groups.append({"key": "*" if key == "\x00several" else key, "label": label,
                       "color": color, "count": tally[key]})
    code = {k: i for i, k in enumerate(order)}
    return ColorGroups(attr, [code[x] for x in values], groups)


def _community_groups(G: nx.Graph, *, seed: int | None, named: bool) -> ColorGroups:
    """Colour groups of the communities of ``G``: the :data:`COMMUNITY_COLORS`
    largest groups of two or more actors each with a colour and a name (its
    most tied members, each isolated as :func:`reterete.textsafe.isolate`
    does, or its number when not ``named``), the rest in one grey group."""
    from ..i18n import _, ngettext
    from ..metrics.communities import communities, group_name
    from ..textsafe import isolate

    found = communities(G, seed=seed)
    shown = [g for g, members in enumerate(found.groups)
             if len(members) > 1][:COMMUNITY_COLORS]
    code = {g: i for i, g in enumerate(shown)}
    rest = len(found.groups) - len(shown)
    groups = []
    for i, g in enumerate(shown):
        row = found.table.loc[g]
        if named:
            leaders = [isolate(str(G.nodes[a].get("name", a))) for a in row["leaders"]]
            label = group_name(leaders, int(row["size"]))
        else:
            label = _("Group {n}").format(n=i + 1)
        groups.append({"key": str(i + 1), "label": label, "color": PALETTE[i % len(PALETTE)],
                       "count": int(row["size"])})
    membership = found.membership.to_numpy()
    if rest:
        other = len(shown)
        groups.append({"key": "*", "label": ngettext(
            "{n} smaller group or actor on its own", "{n} smaller groups or actors on their own",
            rest).format(n=rest), "color": NOT_GIVEN_COLOR,
            "count": int(sum(len(m) for g, m in enumerate(found.groups) if g not in code))})
        codes = [code.get(int(g), other) for g in membership]
    else:
        codes = [code[int(g)] for g in membership]
    return ColorGroups("community", codes, groups)


def _value(x: Any) -> str:
    """A node's attribute as a group name; "" when not given."""
    from ..i18n import _

    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if isinstance(x, bool):
        return _("yes") if x else _("no")
    if isinstance(x, (tuple, list, set, frozenset)):
        return ", ".join(sorted(map(str, x)))
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x).strip()
