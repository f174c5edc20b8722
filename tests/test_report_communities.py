"""The report's communities section: the groups, the sectors they mix, the bridges.

Independent sources: the groups are those of ``communities`` (itself checked
against networkx in test_communities.py), recounted here from the graph; the
brokerage between groups is counted by brute force over the open two-paths
of the networkx graph; the silo is a hand-made case.
"""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from browser_helpers import KEY

from reterete.metrics.communities import communities
from reterete.viz.report import build_report, report_html
from reterete.viz.report_communities import communities_blocks


def _section(report):
    return next(s for s in report.sections if s.key == "communities")


def _tables(blocks):
    return [b for b in blocks if b.kind == "table"]


def test_cremona_groups_and_bridges(cremona_net):
    G = cremona_net.graph()
    report = build_report(cremona_net, n_boot=10, seed=3)
    section = _section(report)
    assert section.title == "Groups of actors (communities)"
    groups, bridges = _tables(section.blocks)
    found = communities(G, seed=3)
    assert len(groups.rows) == sum(len(g) > 1 for g in found.groups)
    for row, group in zip(groups.rows, found.groups, strict=False):
        members = set(group)
        assert row[1] == len(members)
        inside = G.subgraph(members).number_of_edges()
        across = sum(1 for u, v in G.edges() if (u in members) != (v in members))
        assert (row[6], row[7]) == (inside, across)
        assert row[2].split(", ")[0] == G.nodes[group[0]]["name"]   # the most tied first
    text = " ".join(b.text for b in section.blocks)
    assert "not a fact" in text and "resolution" in text
    # bridges: participation by hand, groups reached, brokerage by brute force
    member = found.membership
    for name, group, _sector, part, reached, between in bridges.rows:
        a = next(v for v in G if G.nodes[v]["name"] == name)
        k = G.degree(a)
        shares = {}
        for b in G[a]:
            shares[member[b]] = shares.get(member[b], 0) + 1
        assert part == pytest.approx(1 - sum((s / k) ** 2 for s in shares.values()), abs=0.006)
        assert group == f"Group {member[a] + 1}"
        assert reached == len(set(shares) - {member[a]})
        count = sum(1 for i, j in itertools.permutations(G[a], 2) if not G.has_edge(i, j)
                    and not (member[i] == member[a] == member[j]))
        assert between == count


def test_one_sector_group_is_named_a_possible_silo():
    G = nx.barbell_graph(4, 0)
    nx.set_node_attributes(G, {0: "Police", 1: "Police", 2: "Police", 3: "Police",
                               4: "Social", 5: "School", 6: "Social", 7: "School"}, "sector")
    text = [b.text for b in communities_blocks(G, seed=0, L={}) if b.kind == "p"]
    silo = communities(G, seed=0).membership[0] + 1
    assert "Groups of one sector only" not in " ".join(text)
    assert f"A group of one sector only (a possible silo): Group {silo} (Police)." in text
    assert "1 of 2 groups bring together actors of more than one sector." in text


def test_no_ties_and_no_bridges():
    blocks = communities_blocks(nx.empty_graph(3), seed=0, L={})
    assert [b.kind for b in blocks] == ["note"]
    two = nx.Graph([(0, 1), (2, 3)])
    blocks = communities_blocks(two, seed=0, L={})
    assert blocks[-1].text == "No actor has ties in more than one group."


def test_italian_and_anonymized(cremona_net):
    page = report_html(cremona_net, n_boot=10, lang="it")
    assert "Gruppi di attori (comunità)" in page and "Chi fa da ponte tra i gruppi" in page
    assert "non un fatto" in page
    # the timeline and the comparison carry the average path length (and the timeline
    # the diameter), named in Italian
    timeline = page[page.index('id="timeline"'):page.index('id="activity"')]
    assert "lunghezza media dei percorsi (passi)" in timeline and "diametro (passi)" in timeline
    compare = page[page.index('id="compare"'):page.index('id="timeline"')]
    assert "lunghezza media dei percorsi (passi)" in compare.lower()
    anon = build_report(cremona_net, n_boot=10, anonymize=True, key=KEY)
    shown = " ".join(str(c) for b in _section(anon).blocks for r in b.rows for c in r)
    persons = cremona_net.actors.loc[cremona_net.actors["is_person"].fillna(False)
                                     .astype(bool), "name"]
    assert len(persons) and not [p for p in persons if p in shown]
