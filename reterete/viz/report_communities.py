"""The report's communities section: groups, the sectors they mix, the bridges.

Groups are :func:`reterete.metrics.communities.communities` of the whole
period's network (Leiden on modularity, resolution 1, the report's seed), the
same groups the picture shows with ``color="community"``. Each group is told
by its size, its most tied members, kinds, sectors and sites, and the ties
inside it and to other groups; groups whose members all share one sector are
named as possible silos; the bridges are the actors with the highest
participation coefficient (Guimerà and Amaral 2005: the more evenly an actor's
ties spread over groups, the closer to 1), with how many groups they reach and
their Gould-Fernandez brokerage between groups (every role but the
coordinator's, :func:`reterete.metrics.brokerage.brokerage` with the group as
attribute).
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

from ..i18n import _, ngettext

__all__ = ["communities_blocks"]

#: Bridges listed in the report.
BRIDGES = 10


def communities_blocks(G: nx.Graph, *, seed: int | None, L: dict[str, Any]) -> list:
    """The blocks of the report's communities section (see the module).

    ``L`` is the report's words (its ``kind_names`` name the kinds).

    Examples
    --------
    >>> G = nx.barbell_graph(4, 0)
    >>> blocks = communities_blocks(G, seed=0, L={})
    >>> [b.kind for b in blocks][:3], blocks[2].rows[0][:2]
    (['p', 'note', 'table'], ('Group 1', 4))
    """
    from ..metrics.brokerage import brokerage
    from ..metrics.communities import communities
    from .report import Block, _fmt, _kind_label, _table

    if G.number_of_edges() == 0:
        return [Block("note", _("No ties in this period: no groups to find."))]
    found = communities(G, seed=seed)
    table = found.table
    real = table[table["size"] > 1]
    alone = int((table["size"] == 1).sum())

    def name(a: Any) -> str:
        return str(G.nodes[a].get("name", a))

    k = len(real)
    blocks = [Block("p", ngettext(
        "The actors form {n} group more tied among themselves than to others "
        "(modularity {q}: 0 is no more than chance, above {marked} marked groups).",
        "The actors form {n} groups more tied among themselves than to others "
        "(modularity {q}: 0 is no more than chance, above {marked} marked groups).",
        k).format(n=k, q=_fmt(round(found.modularity, 2)), marked=_fmt(0.3)))]
    blocks.append(Block("note", _(
        "Groups are a description of the network at one resolution, not a fact about it: a "
        "higher resolution splits them into more, smaller groups, a lower one merges them, "
        "and partitions almost as good may draw the borders elsewhere. Read them as a "
        "question to put to the people who know the area.")))
    rows = []
    for gid, row in real.iterrows():
        rows.append((_("Group {n}").format(n=gid + 1), int(row["size"]),
                     ", ".join(name(a) for a in row["leaders"]),
                     _tally({_kind_label(x, L): n for x, n in row["kinds"].items()}),
                     _tally(row["sectors"]), _tally(row["sites"]),
                     int(row["internal_ties"]), int(row["external_ties"])))
    blocks.extend(_table((_("Group"), _("Actors"), _("Most tied members"), _("Kinds"),
                          _("Sectors"), _("Sites"), _("Ties inside"),
                          _("Ties to other groups")), rows))
    if alone:
        blocks.append(Block("note", ngettext(
            "{n} actor forms a group on its own, not listed.",
            "{n} actors form groups on their own, not listed.", alone).format(n=alone)))

    # what sectors they mix
    mixing = []
    silos = []
    for gid, row in real.iterrows():
        sectors = row["sectors"]
        if len(sectors) == 1 and sum(sectors.values()) == row["size"]:
            silos.append(_("Group {n} ({sector})").format(n=gid + 1,
                                                          sector=next(iter(sectors))))
        mixing.append(len(sectors))
    if any(len(r["sectors"]) for _g, r in real.iterrows()):
        blocks.append(Block("h", _("What sectors they mix")))
        many = sum(m > 1 for m in mixing)
        blocks.append(Block("p", ngettext(
            "{many} of {n} group brings together actors of more than one sector.",
            "{many} of {n} groups bring together actors of more than one sector.", k).format(
            many=many, n=k)))
        if silos:
            blocks.append(Block("p", ngettext(
                "A group of one sector only (a possible silo): {groups}.",
                "Groups of one sector only (possible silos): {groups}.", len(silos)).format(
                groups="; ".join(silos))))

    # who bridges them
    blocks.append(Block("h", _("Who bridges the groups")))
    bridges = found.bridges(BRIDGES)
    if bridges.empty:
        blocks.append(Block("note", _("No actor has ties in more than one group.")))
        return blocks
    H = nx.Graph(G)
    nx.set_node_attributes(H, found.membership.to_dict(), "_community")
    roles = brokerage(H, attr="_community")
    reached = {a: len({int(found.membership[b]) for b in G[a]} - {int(found.membership[a])})
               for a in bridges.index}
    blocks.append(Block("p", _(
        "The actors whose ties spread most evenly over several groups (participation "
        "coefficient: 0 when all of an actor's ties stay in its group, closer to 1 the more "
        "evenly they spread), with how many other groups they reach and how many times "
        "they stand between two actors of other groups (brokerage between groups).")))
    rows = [(name(a), _("Group {n}").format(n=int(found.membership[a]) + 1),
             G.nodes[a].get("sector") or "-", round(float(p), 2), reached[a],
             _between(roles, a))
            for a, p in bridges.items()]
    blocks.extend(_table((_("Name"), _("Group"), _("Sector"), _("Participation"),
                          _("Other groups reached"), _("Brokerage between groups")), rows))
    return blocks


def _between(roles: Any, actor: Any) -> int:
    """Gould-Fernandez brokerage of ``actor`` with groups as the attribute, every
    role but the coordinator's (whose three actors are all in one group)."""
    if actor not in roles.index:
        return 0
    total = float(np.nan_to_num(float(roles.at[actor, "total"])))
    inside = float(np.nan_to_num(float(roles.at[actor, "coordinator"])))
    return int(round(total - inside))


def _tally(counts: dict[Any, int], most: int = 3) -> str:
    """``"Sociale 5, Terzo settore 4 (+2 more)"``: the most frequent values."""
    items = [(str(k), n) for k, n in counts.items()]
    if not items:
        return "-"
    words = ", ".join(f"{k} {n}" for k, n in items[:most])
    if len(items) > most:
        words += " " + _("(+{n} more)").format(n=len(items) - most)
    return words
