"""The exact plans are canonical: among the plans as good as the best (same
reach, then the fewest antennas or the least cost), the one whose members come
first in order of their labels. So the same data give the same plan whatever
version of scipy/HiGHS solves it, and whatever order the actors come in.

Every check is against an oracle written here over every subset of the
candidates, with reach by networkx BFS (not reterete's reach matrix)."""

from __future__ import annotations

import random
from itertools import combinations

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reterete.metrics.coverage import max_coverage, min_cover

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _subsets(items):
    for r in range(len(items) + 1):
        yield from combinations(items, r)


class Oracle:
    """Every subset of the candidates, with what it reaches and costs."""

    def __init__(self, G, targets, candidates, hops, include=(), cost=None, groups=None):
        ball = {v: set(nx.single_source_shortest_path_length(G, v, cutoff=hops)) for v in G}
        tset = set(targets)
        free = [c for c in candidates if c not in include]
        self.order = sorted(dict.fromkeys([*include, *free]), key=str)
        self.sets = []
        for extra in _subsets(free):
            s = frozenset([*include, *extra])
            reach = len(set().union(*(ball[v] for v in s)) & tset) if s else 0
            price = len(s) if cost is None else sum(cost[v] for v in s)
            self.sets.append((s, reach, price))
        self.groups = groups

    def first(self, ok):
        """The feasible set whose 0/1 membership in label order is largest."""
        pool = [s for s, reach, price in self.sets if ok(s, reach, price)]
        return max(pool, key=lambda s: tuple(v in s for v in self.order))


@st.composite
def instances(draw, max_n=8):
    """Small graphs, many with ties: random graphs, and cycles, stars, grids
    and complete bipartite graphs whose symmetric nodes tie."""
    shape = draw(st.sampled_from(["gnp", "gnp", "cycle", "bipartite", "grid", "stars"]))
    seed = draw(st.integers(0, 10_000))
    if shape == "gnp":
        G = nx.gnp_random_graph(draw(st.integers(1, max_n)), draw(st.floats(0.0, 0.6)),
                                seed=seed)
    elif shape == "cycle":
        G = nx.cycle_graph(draw(st.integers(3, max_n)))
    elif shape == "bipartite":
        G = nx.complete_bipartite_graph(draw(st.integers(1, 3)), draw(st.integers(1, 4)))
    elif shape == "grid":
        G = nx.grid_2d_graph(2, draw(st.integers(1, 4)))
    else:
        G = nx.disjoint_union(nx.star_graph(draw(st.integers(1, 3))),
                              nx.star_graph(draw(st.integers(1, 3))))
    nodes = list(G)
    labels = [f"a{i}" for i in range(len(nodes))]
    random.Random(seed).shuffle(labels)          # label order is not node order
    G = nx.relabel_nodes(G, dict(zip(nodes, labels, strict=True)))
    nodes = list(G)
    targets = draw(st.lists(st.sampled_from(nodes), min_size=1, unique=True))
    candidates = draw(st.lists(st.sampled_from(nodes), min_size=1, unique=True))
    hops = draw(st.integers(0, 2))
    return G, targets, candidates, hops


def _shuffled(G, seed):
    """The same graph with its nodes and edges in another order."""
    rng = random.Random(seed)
    nodes, edges = list(G), list(G.edges())
    rng.shuffle(nodes)
    rng.shuffle(edges)
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    return H


@SETTINGS
@given(instances(), st.integers(0, 4), st.data())
def test_best_k_plan_is_the_canonical_one(inst, k, data):
    G, targets, candidates, hops = inst
    include = data.draw(st.lists(st.sampled_from(candidates), max_size=min(k, 1), unique=True))
    o = Oracle(G, targets, candidates, hops, include=include)
    best = max(reach for s, reach, _ in o.sets if len(s) <= k)
    fewest = min(len(s) for s, reach, _ in o.sets if reach == best and len(s) <= k)
    canonical = o.first(lambda s, reach, _: reach >= best and len(s) <= fewest)
    plan = max_coverage(G, k=k, hops=hops, targets=targets, candidates=candidates,
                        include=include, method="exact")
    assert plan.optimal is True and len(plan.covered) == best
    assert plan.parameters["canonical"] is True
    assert frozenset(plan.selected) == canonical
    # the same plan from the same data in another order
    again = max_coverage(_shuffled(G, data.draw(st.integers(0, 99))), k=k, hops=hops,
                         targets=list(reversed(targets)), candidates=list(reversed(candidates)),
                         include=include, method="exact")
    assert again.selected == plan.selected


@SETTINGS
@given(instances(), st.data())
def test_best_budget_plan_is_the_cheapest_then_canonical(inst, data):
    G, targets, candidates, hops = inst
    cost = {v: data.draw(st.integers(1, 4)) for v in candidates}
    budget = data.draw(st.integers(0, 8))
    o = Oracle(G, targets, candidates, hops, cost=cost)
    best = max(reach for s, reach, price in o.sets if price <= budget)
    cheapest = min(price for s, reach, price in o.sets if reach == best and price <= budget)
    canonical = o.first(lambda s, reach, price: reach >= best and price <= cheapest)
    plan = max_coverage(G, budget=budget, cost=cost, hops=hops, targets=targets,
                        candidates=candidates, method="exact")
    assert plan.optimal is True and len(plan.covered) == best
    assert plan.parameters["canonical"] is True
    assert frozenset(plan.selected) == canonical
    assert sum(cost[v] for v in plan.selected) == cheapest


@SETTINGS
@given(instances(), st.sampled_from([0.3, 0.5, 0.8, 1.0]), st.booleans(), st.data())
def test_fewest_or_cheapest_cover_is_the_widest_then_canonical(inst, share, costs, data):
    G, targets, candidates, hops = inst
    cost = {v: data.draw(st.integers(1, 4)) for v in candidates} if costs else None
    o = Oracle(G, targets, candidates, hops, cost=cost)
    reachable = max(reach for _, reach, _ in o.sets)
    need = min(-(-share * len(targets) // 1), reachable)
    least = min(price for s, reach, price in o.sets if reach >= need)
    widest = max(reach for s, reach, price in o.sets if price <= least)
    canonical = o.first(lambda s, reach, price: reach >= widest and price <= least)
    plan = min_cover(G, share, hops=hops, targets=targets, candidates=candidates,
                     cost=cost, method="exact")
    assert plan.optimal is True and plan.parameters["canonical"] is True
    assert len(plan.covered) == widest
    assert frozenset(plan.selected) == canonical


@SETTINGS
@given(instances(max_n=7), st.data())
def test_plan_with_a_minimum_per_group_is_canonical(inst, data):
    G, targets, candidates, hops = inst
    groups = {v: data.draw(st.sampled_from("xy")) for v in G}
    quotas = {g: min(1, sum(groups[c] == g for c in candidates)) for g in "xy"}
    k = data.draw(st.integers(sum(quotas.values()), 3))
    o = Oracle(G, targets, candidates, hops)

    def ok(s, reach=None, price=None):
        return len(s) <= k and all(sum(groups[v] == g for v in s) >= q
                                   for g, q in quotas.items())

    best = max(reach for s, reach, _ in o.sets if ok(s))
    canonical = o.first(lambda s, reach, price: reach >= best and ok(s))
    plan = max_coverage(G, k=k, hops=hops, targets=targets, candidates=candidates,
                        groups=groups, min_per_group=quotas, method="exact")
    assert len(plan.covered) == best and plan.parameters["canonical"] is True
    assert frozenset(plan.selected) == canonical


def test_hand_worked_tie_goes_to_the_first_labels():
    # the cycle f-b-d-c-e-a-(f): the antipodal pairs {f, c}, {b, e}, {d, a}
    # each reach all six with two antennas; the canonical plan holds a: {a, d}
    G = nx.cycle_graph("fbdcea")
    for order in (list(G), list(reversed(list(G)))):
        plan = max_coverage(G, k=2, candidates=order, method="exact")
        assert set(plan.selected) == {"a", "d"} and plan.coverage == 1.0
    # under a budget where b costs less than a, the cheapest plan comes first
    cost = {"a": 2, "b": 1, "c": 2, "d": 2, "e": 1, "f": 2}
    plan = max_coverage(G, budget=4, cost=cost, method="exact")
    assert set(plan.selected) == {"b", "e"} and plan.cost == 2


@pytest.mark.parametrize("hops", [1, 2])
def test_canonical_plan_is_not_slower_than_a_few_solves(hops):
    """Not a timing test: the canonical pass ends (``canonical`` is True) on a
    graph of the size of a ward within the default time limit."""
    G = nx.powerlaw_cluster_graph(120, 3, 0.2, seed=3)
    plan = max_coverage(G, k=5, hops=hops, method="exact")
    assert plan.optimal is True and plan.parameters["canonical"] is True
    cover = min_cover(G, 0.9, hops=hops, method="exact")
    assert cover.optimal is True and cover.parameters["canonical"] is True
