"""The bundled example's antenna plans and recommendations, checked against
brute force computed here with networkx (not with reterete's reach matrix)."""

from __future__ import annotations

import math
from itertools import combinations

import networkx as nx
import pytest

from reterete.examples import cremona
from reterete.metrics.antennas import select_antennas
from reterete.metrics.recommend import recommend


def _reach(G: nx.Graph, actor: str, hops: int) -> set[str]:
    return set(nx.single_source_shortest_path_length(G, actor, cutoff=hops)) if actor in G \
        else {actor}


def _brute_force(net, site: str, k: int, hops: int) -> tuple[int, int]:
    """Most site targets any k non-team candidates reach, over all k-sets."""
    G = net.graph()
    targets = set(net.site_actors(site))
    candidates = sorted(targets - set(net.team()))
    reach = {c: _reach(G, c, hops) & targets for c in candidates}
    best = max(len(set().union(*(reach[c] for c in chosen)))
               for chosen in combinations(candidates, min(k, len(candidates))))
    return best, len(targets)


@pytest.mark.parametrize("site", cremona.SITES)
@pytest.mark.parametrize("hops", [1, 2])
def test_site_plans_match_brute_force(cremona_net, site, hops):
    best, n_targets = _brute_force(cremona_net, site, 3, hops)
    exact = select_antennas(cremona_net, site, k=3, hops=hops, method="exact")
    greedy = select_antennas(cremona_net, site, k=3, hops=hops)
    assert exact.optimal is True
    assert exact.targets == n_targets
    assert math.isclose(exact.coverage, best / n_targets)
    assert greedy.coverage >= (1 - 1 / math.e) * exact.coverage
    assert greedy.bound >= exact.coverage - 1e-12
    team = set(cremona_net.team())
    assert not team & set(exact.selected) and len(exact.selected) <= 3


@pytest.mark.parametrize("site", cremona.SITES)
def test_hours_plans_match_brute_force(cremona_net, site):
    G = cremona_net.graph()
    targets = set(cremona_net.site_actors(site))
    candidates = sorted(targets - set(cremona_net.team()))
    reach = {c: _reach(G, c, 1) & targets for c in candidates}
    cost = cremona_net.actors["cost_hours"].to_dict()
    best = 0
    for size in range(1, 7):  # the cheapest actor costs 2 hours: 6 fit in 12 at most
        for chosen in combinations(candidates, size):
            if sum(cost[c] for c in chosen) <= 12:
                best = max(best, len(set().union(*(reach[c] for c in chosen))))
    plan = select_antennas(cremona_net, site, budget_hours=12, method="exact")
    assert plan.optimal is True
    assert sum(cost[a] for a in plan.selected) <= 12
    assert math.isclose(plan.coverage, best / len(targets))


@pytest.mark.parametrize("site", cremona.SITES)
def test_recommendations_in_september_and_october(cremona_net, site):
    """Early in the project some community actors are not engaged yet: the
    recommendations are exactly those actors, ranked, with reasons, and each
    one's reach gain is the brute-force count of site actors it newly reaches."""
    table = recommend(cremona_net, site, n=50, end="2024-10")
    G = cremona_net.graph(end="2024-10")
    team = set(cremona_net.team())
    targets = set(cremona_net.site_actors(site, end="2024-10"))
    engaged = team | {v for t in team if t in G for v in G[t]}
    not_engaged = {a for a in targets - team if a not in engaged}
    assert set(table.loc[table["status"] == "not engaged", "actor"]) == not_engaged
    assert list(table["score"]) == sorted(table["score"], reverse=True)
    covered = set().union(*(_reach(G, e, 1) for e in engaged if e in G)) & targets
    for actor, gain, reasons in table[["actor", "gain", "reasons"]].itertuples(index=False):
        assert gain == len((_reach(G, actor, 1) & targets) - covered)
        assert reasons and all(isinstance(r, str) and r for r in reasons)


def test_readme_shows_the_plans_the_code_makes(cremona_net):
    """The README's antenna table is what the code computes today."""
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1:-1] for line in readme.splitlines()
            if line.startswith("| ") and line.count("|") == 6
            and line.split("|")[1].strip() in cremona.SITES]
    assert len(rows) == len(cremona.SITES)
    for site, exact_names, exact_reach, hours_names, hours_reach in rows:
        site = site.strip()
        for plan, names, reach in (
                (select_antennas(cremona_net, site, k=3, method="exact"), exact_names,
                 exact_reach),
                (select_antennas(cremona_net, site, budget_hours=12, method="exact"),
                 hours_names, hours_reach)):
            assert [cremona_net.name_of(a) for a in plan.selected] == \
                [n.strip() for n in names.split(",")]
            assert f"{plan.coverage:.0%}".replace("%", " %") == reach.strip()


def test_readme_states_the_fewest_antennas_the_code_finds(cremona_net):
    """The README's fewest-antennas table (--cover 90% / 100%, reach 1 and 2)
    is what the exact plans are today, and each is the brute-force minimum."""
    import re
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1:-1] for line in readme.splitlines()
            if line.startswith("| ") and line.count("|") == 7
            and line.split("|")[1].strip() in cremona.SITES]
    assert len(rows) == len(cremona.SITES)
    cell = re.compile(r"(\d+) antennas?, (\d+) %( \(most possible\))?$")
    for site, *cells, names in rows:
        site = site.strip()
        asks = [("90%", 1), ("100%", 1), ("90%", 2), ("100%", 2)]
        for (share, hops), text in zip(asks, cells, strict=True):
            plan = select_antennas(cremona_net, site, cover=share, hops=hops, method="exact")
            count, percent, most = cell.match(text.strip()).groups()
            assert plan.optimal is True
            assert len(plan.selected) == int(count)
            assert f"{plan.coverage:.0%}" == f"{percent}%"
            assert (most is not None) == (not plan.cover_met)
            if hops == 1 and share == "100%":
                assert [cremona_net.name_of(a) for a in plan.selected] == \
                    [n.strip() for n in names.split(",")]
            # the brute-force minimum: no smaller set of candidates reaches as many
            G = cremona_net.graph()
            targets = set(cremona_net.site_actors(site))
            cands = sorted(targets - set(cremona_net.team()))
            reach = {c: _reach(G, c, hops) & targets for c in cands}
            need = len(plan.covered)
            if most is not None:   # every candidate together reaches no more
                assert len(set().union(*reach.values())) == need
            smaller = len(plan.selected) - 1
            assert not any(len(set().union(*(reach[c] for c in chosen))) >= need
                           for chosen in combinations(cands, smaller)) if smaller else True
