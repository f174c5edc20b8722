"""Antenna selection (maximum coverage): checked against brute force over all
sets and against a plain (non-lazy) greedy written here from the definition,
with reach computed by networkx BFS, independently of the sparse matrices."""

from __future__ import annotations

import math
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reterete.errors import InputError
from reterete.metrics.antennas import AntennaPlan, select_antennas, select_antennas_all
from reterete.metrics.coverage import (
    coverage_of,
    max_coverage,
    min_cover,
    parse_share,
    reach_matrix,
)
from reterete.network import Network

SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


# ----------------------------------------------------------- independent oracles
def balls(G, hops):
    """Closed h-neighbourhood of every node, by networkx BFS."""
    return {v: set(nx.single_source_shortest_path_length(G, v, cutoff=hops)) for v in G}


def covered_by(ball, nodes, targets):
    out = set()
    for v in nodes:
        out |= ball[v]
    return out & set(targets)


def brute_force(G, targets, candidates, hops, *, k=None, cost=None, budget=None,
                include=(), groups=None, quotas=None):
    """Best number of covered targets over every feasible set."""
    ball = balls(G, hops)
    free = [c for c in candidates if c not in include]
    best = -1
    top = len(free) if k is None else k - len(include)
    for r in range(0, max(top, 0) + 1):
        for extra in combinations(free, r):
            s = list(include) + list(extra)
            if budget is not None and sum(cost[v] for v in s) > budget + 1e-9:
                continue
            if quotas and any(sum(groups[v] == g for v in s) < q for g, q in quotas.items()):
                continue
            best = max(best, len(covered_by(ball, s, targets)))
    return best


def plain_greedy(G, targets, candidates, hops, k):
    """Textbook greedy: largest marginal gain, ties to the smallest str(label);
    stops when nothing adds coverage."""
    ball = balls(G, hops)
    chosen, cov = [], set()
    tset = set(targets)
    for _ in range(k):
        pool = [c for c in candidates if c not in chosen]
        if not pool:
            break
        g = {c: len((ball[c] & tset) - cov) for c in pool}
        best = min(pool, key=lambda c: (-g[c], str(c)))
        if g[best] == 0:
            break
        chosen.append(best)
        cov |= ball[best] & tset
    return chosen, len(cov)


@st.composite
def instances(draw, max_n=10):
    n = draw(st.integers(1, max_n))
    p = draw(st.floats(0.0, 0.6))
    seed = draw(st.integers(0, 10_000))
    G = nx.gnp_random_graph(n, p, seed=seed)
    nodes = list(G)
    targets = draw(st.lists(st.sampled_from(nodes), min_size=1, unique=True))
    candidates = draw(st.lists(st.sampled_from(nodes), min_size=1, unique=True))
    hops = draw(st.integers(0, 3))
    return G, targets, candidates, hops


# ------------------------------------------------------------------ hand-worked
def test_path_graph_by_hand():
    # 0-1-2-3-4-5-6: node i covers {i-1, i, i+1}; two nodes cover at most 6 of 7.
    G = nx.path_graph(7)
    plan = max_coverage(G, k=2)
    assert plan.selected == (1, 4)            # ties to the smallest label, 1 then 4
    assert plan.gains == (3, 3)
    assert plan.reaches == ((0, 1, 2), (3, 4, 5))
    assert plan.covered == frozenset(range(6))
    assert plan.coverage == pytest.approx(6 / 7)
    assert plan.targets == 7
    assert plan.bound >= 6 / 7
    exact = max_coverage(G, k=2, method="exact")
    assert exact.optimal is True and exact.coverage == pytest.approx(6 / 7)
    assert exact.bound == pytest.approx(6 / 7)


def test_star_is_covered_by_its_centre_and_greedy_proves_it():
    plan = max_coverage(nx.star_graph(5), k=3)
    assert plan.selected == (0,)              # one node covers all; nothing else adds
    assert plan.coverage == 1.0 and plan.optimal is True and plan.bound == 1.0


def test_hops_zero_covers_only_selected_targets():
    G = nx.complete_graph(4)
    plan = max_coverage(G, k=2, hops=0, targets=[0, 1], candidates=[1, 2, 3])
    assert plan.selected == (1,) and plan.coverage == 0.5 and plan.optimal is True


def test_any_node_labels_work():
    G = nx.Graph([(("a", 1), "b"), ("b", 3.5), (3.5, frozenset({1}))])
    plan = max_coverage(G, k=1, method="exact")
    assert plan.coverage == 0.75 and len(plan.selected) == 1


def test_directed_graph_reaches_along_edges():
    G = nx.DiGraph([(0, 1), (1, 2)])
    assert coverage_of(G, [0], hops=1) == pytest.approx(2 / 3)
    assert coverage_of(G, [2], hops=2) == pytest.approx(1 / 3)


def test_graph_is_not_mutated():
    G = nx.karate_club_graph()
    before = (nx.to_dict_of_dicts(G), dict(G.nodes(data=True)))
    max_coverage(G, k=3, hops=2, method="exact")
    assert before == (nx.to_dict_of_dicts(G), dict(G.nodes(data=True)))


def test_karate_club_greedy_against_plain_greedy_and_exact():
    G = nx.karate_club_graph()
    for k in (1, 2, 3, 4):
        chosen, cov = plain_greedy(G, list(G), list(G), 1, k)
        plan = max_coverage(G, k=k)
        assert list(plan.selected) == chosen
        assert len(plan.covered) == cov
        exact = max_coverage(G, k=k, method="exact")
        assert exact.optimal is True
        assert exact.coverage >= plan.coverage
        assert plan.bound >= exact.coverage


# -------------------------------------------------------------- reach matrix
@SETTINGS
@given(instances())
def test_reach_matrix_matches_bfs(inst):
    G, targets, candidates, hops = inst
    R = reach_matrix(G, candidates, targets, hops=hops).toarray()
    ball = balls(G, hops)
    expected = np.array([[t in ball[c] for t in targets] for c in candidates], dtype=np.int8)
    np.testing.assert_array_equal(R, expected)


# -------------------------------------------------------------- properties
@SETTINGS
@given(instances(), st.integers(0, 4))
def test_exact_equals_brute_force_and_greedy_keeps_its_guarantee(inst, k):
    G, targets, candidates, hops = inst
    opt = brute_force(G, targets, candidates, hops, k=k)
    nt = len(targets)
    exact = max_coverage(G, k=k, hops=hops, targets=targets, candidates=candidates,
                         method="exact")
    assert exact.optimal is True
    assert len(exact.covered) == opt
    assert len(exact.selected) <= k
    assert exact.bound * nt == pytest.approx(opt)
    greedy = max_coverage(G, k=k, hops=hops, targets=targets, candidates=candidates)
    assert len(greedy.selected) <= k
    assert len(greedy.covered) >= (1 - 1 / math.e) * opt - 1e-9
    assert greedy.bound * nt >= opt - 1e-9
    assert greedy.bound >= greedy.coverage
    if greedy.optimal:
        assert len(greedy.covered) == opt
    # the lazy greedy makes exactly the textbook greedy's choices
    chosen, cov = plain_greedy(G, targets, candidates, hops, k)
    assert list(greedy.selected) == chosen and len(greedy.covered) == cov
    # what the plan says it covers is what it covers
    for plan in (exact, greedy):
        assert set(plan.covered) == covered_by(balls(G, hops), plan.selected, targets)
        assert sum(plan.gains) == len(plan.covered)
        assert set().union(*map(set, plan.reaches)) == set(plan.covered)
        assert set(plan.selected) <= set(candidates)


@SETTINGS
@given(instances(max_n=9))
def test_coverage_is_monotone_in_k(inst):
    G, targets, candidates, hops = inst
    for method in ("greedy", "exact"):
        cov = [max_coverage(G, k=k, hops=hops, targets=targets, candidates=candidates,
                            method=method).coverage for k in range(5)]
        assert cov == sorted(cov)


@SETTINGS
@given(instances(max_n=10), st.data())
def test_budget_exact_equals_brute_force_and_greedy_stays_within(inst, data):
    G, targets, candidates, hops = inst
    costs = {v: data.draw(st.integers(0, 4)) for v in candidates}
    budget = data.draw(st.integers(0, 8))
    opt = brute_force(G, targets, candidates, hops, cost=costs, budget=budget)
    exact = max_coverage(G, hops=hops, targets=targets, candidates=candidates, cost=costs,
                         budget=budget, method="exact")
    assert exact.optimal is True and len(exact.covered) == opt
    assert sum(costs[v] for v in exact.selected) <= budget
    greedy = max_coverage(G, hops=hops, targets=targets, candidates=candidates, cost=costs,
                          budget=budget)
    spent = sum(costs[v] for v in greedy.selected)
    assert spent <= budget and greedy.cost == pytest.approx(spent)
    # Khuller, Moss & Naor / Leskovec et al.: at least (1 - 1/e) / 2 of the optimum
    assert len(greedy.covered) >= 0.5 * (1 - 1 / math.e) * opt - 1e-9
    assert greedy.bound * len(targets) >= opt - 1e-9


@SETTINGS
@given(instances(max_n=9), st.data())
def test_include_and_exclude_are_honoured(inst, data):
    G, targets, candidates, hops = inst
    nodes = list(G)
    include = data.draw(st.lists(st.sampled_from(nodes), max_size=2, unique=True))
    exclude = data.draw(st.lists(st.sampled_from([v for v in nodes if v not in include]
                                                 or [None]), max_size=2, unique=True))
    exclude = [v for v in exclude if v is not None]
    k = data.draw(st.integers(len(include), 4))
    pool = [c for c in candidates if c not in exclude]
    opt = brute_force(G, targets, list(dict.fromkeys(include + pool)), hops, k=k,
                      include=include)
    for method in ("greedy", "exact"):
        plan = max_coverage(G, k=k, hops=hops, targets=targets, candidates=candidates,
                            include=include, exclude=exclude, method=method)
        assert plan.selected[: len(include)] == tuple(include)
        assert not set(plan.selected) & set(exclude)
        assert len(plan.selected) <= k
        assert plan.bound * len(targets) >= opt - 1e-9
        if method == "exact":
            assert len(plan.covered) == opt


@SETTINGS
@given(instances(max_n=9), st.data())
def test_min_per_group(inst, data):
    G, targets, candidates, hops = inst
    groups = {v: data.draw(st.sampled_from("ab")) for v in G}
    have = {g: sum(groups[c] == g for c in candidates) for g in "ab"}
    quotas = {g: min(1, have[g]) for g in "ab"}
    k = data.draw(st.integers(sum(quotas.values()), 4))
    opt = brute_force(G, targets, candidates, hops, k=k, groups=groups, quotas=quotas)
    for method in ("greedy", "exact"):
        plan = max_coverage(G, k=k, hops=hops, targets=targets, candidates=candidates,
                            groups=groups, min_per_group=quotas, method=method)
        for g, q in quotas.items():
            assert sum(groups[v] == g for v in plan.selected) >= q
        assert len(plan.selected) <= k
        assert plan.bound * len(targets) >= opt - 1e-9
        if method == "exact":
            assert len(plan.covered) == opt


def test_deterministic_and_ties_break_by_label():
    # a 6-cycle: every node covers 3; the smallest str label wins, not insertion order
    G = nx.relabel_nodes(nx.cycle_graph(6), dict(enumerate("fedcba")))
    plan = max_coverage(G, k=2)
    assert plan.selected == ("a", "d")
    assert max_coverage(G, k=2).selected == plan.selected
    H = nx.Graph()
    H.add_edges_from(reversed(list(G.edges())))
    assert max_coverage(H, k=2).selected == plan.selected


def test_budget_with_best_single_fix():
    # ratio greedy takes the cheap actor (2 targets for 1 hour, then nothing fits);
    # one expensive hub covering 5 for 10 hours is better: the fix must take it.
    G = nx.Graph([("hub", x) for x in "abcd"] + [("cheap", "e")])
    cost = {"hub": 10, "cheap": 1, **{x: 50 for x in "abcde"}}
    plan = max_coverage(G, budget=10, cost=cost)
    assert plan.selected == ("hub",) and plan.cost == 10
    assert plan.bound * plan.targets >= 5


def test_cost_from_node_attribute():
    G = nx.path_graph(5)
    nx.set_node_attributes(G, {v: 1.0 + v for v in G}, "hours")
    plan = max_coverage(G, budget=3, cost="hours", method="exact")
    assert plan.optimal and sum(1.0 + v for v in plan.selected) <= 3


# ------------------------------------------------------------------- errors
@pytest.mark.parametrize("kwargs, words", [
    (dict(), "either"),
    (dict(k=2, budget=3, cost={}), "either"),
    (dict(k=-1), "whole number"),
    (dict(k=1, hops=-1), "hops"),
    (dict(k=1, hops=1.5), "hops"),
    (dict(k=1, targets=["nobody"]), "not in the network"),
    (dict(k=1, include=[0, 1]), "forced"),
    (dict(k=2, include=[0], exclude=[0]), "both forced and excluded"),
    (dict(budget=2), "cost"),
    (dict(budget=2, cost={0: 1}), "no cost"),
    (dict(budget=2, cost={v: -1 for v in range(4)}), "0 or more"),
    (dict(k=1, method="magic"), "method"),
    (dict(k=1, targets=[]), "no actors"),
])
def test_bad_options_are_plain_errors(kwargs, words):
    with pytest.raises(InputError, match=words):
        max_coverage(nx.path_graph(4), **kwargs)


# ------------------------------------------------------------ Network level
def _net(registry=None):
    log = pd.DataFrame({
        "date": pd.to_datetime(["2024-09-02", "2024-09-03", "2024-09-04", "2024-09-05",
                                "2024-09-06", "2024-10-01", "2024-10-02"]),
        "source": ["Educatore Paolo", "Bar Roma", "Bar Roma", "Comitato", "Comitato",
                   "Parroco", "Educatore Paolo"],
        "target": ["Bar Roma", "Anna", "Luca", "Marta", "Luca", "Sara", "Parroco"],
        "site": ["Piazza Roma"] * 5 + ["Piazza Marconi", "Piazza Marconi"]})
    if registry is None:
        registry = pd.DataFrame({
            "name": ["Educatore Paolo", "Bar Roma", "Comitato", "Parroco", "Giulia"],
            "kind": ["third_sector", "business", "neighbourhood_committee", "opinion_leader",
                     "resident"],
            "team": [True, False, False, False, False],
            "cost_hours": [np.nan, 4.0, 6.0, 3.0, 2.0],
            "sites": [(), ("Piazza Roma",), ("Piazza Roma",), ("Piazza Marconi",),
                      ("Piazza Roma",)]})
    return Network.from_interactions(log, actors=registry)


def test_select_antennas_site_targets_team_and_registry():
    net = _net()
    plan = select_antennas(net, "piazza roma", k=5)
    assert isinstance(plan, AntennaPlan)
    # targets: the five at the site and the educator (team); Giulia (registry
    # only, no contact in the window) is listed apart, registered, not yet met
    assert plan.targets == 6
    assert plan.not_met == ("giulia",)
    assert "Giulia" in plan.summary() and "not yet met" in plan.summary()
    assert "educatore paolo" not in plan.selected           # team is never an antenna
    # Bar Roma reaches 4 (the educator too), Comitato 2 more: everyone met
    assert plan.selected == ("bar roma", "comitato")
    assert plan.gains == (4, 2)
    assert plan.coverage == 1.0 and plan.optimal is True
    # asked for: Giulia (an isolate from the registry) reaches only herself
    asked = select_antennas(net, "piazza roma", k=5, include_uncontacted=True)
    assert asked.targets == 7 and asked.not_met == ("giulia",)
    assert asked.selected == ("bar roma", "comitato", "giulia")
    assert asked.gains == (4, 2, 1)
    assert plan.site == "Piazza Roma"
    table = plan.table()
    assert list(table.columns) == ["actor", "name", "kind", "gain", "reaches", "cost_hours"]
    assert table["name"].iloc[0] == "Bar Roma"
    assert sorted(table["reaches"].iloc[0]) == ["Anna", "Bar Roma", "Educatore Paolo", "Luca"]


def test_distances_use_the_whole_window_graph():
    # Roma ties A-B and D-E; Marconi ties B-C and C-D. In the whole graph B is two
    # steps from D (through C, met at Marconi), so B reaches A, B and D of Roma.
    log = pd.DataFrame({"date": pd.to_datetime(["2024-09-02"] * 4),
                        "source": ["A", "D", "B", "C"], "target": ["B", "E", "C", "D"],
                        "site": ["Roma", "Roma", "Marconi", "Marconi"]})
    net = Network.from_interactions(log)
    plan = select_antennas(net, "Roma", k=1, hops=2)
    assert plan.targets == 4
    assert plan.selected == ("b",) and plan.gains == (3,)
    assert set(plan.covered) == {"a", "b", "d"}
    # by hand on the site's own graph B would reach only A and B
    assert coverage_of(net.graph(site="Roma"), ["b"], hops=2, targets=["a", "b", "d", "e"]) \
        == 0.5


def test_select_antennas_window_and_errors():
    net = _net()
    with pytest.raises(InputError, match="no site"):
        select_antennas(net, "Piazza Nowhere", k=1)
    with pytest.raises(InputError, match="cannot force"):
        select_antennas(net, "Piazza Roma", k=1, include=["Nobody"])
    plan = select_antennas(net, "Piazza Marconi", k=1, start="2024-10")
    assert plan.names == ("Parroco",)


def test_budget_needs_hours_and_respects_them():
    net = _net()
    with pytest.raises(InputError, match="missing for Anna, Luca, Marta"):
        select_antennas(net, "Piazza Roma", budget_hours=8)
    reg = net.actors.reset_index(drop=True)
    reg["cost_hours"] = reg["cost_hours"].fillna(1.0)
    net = _net(reg)
    plan = select_antennas(net, "Piazza Roma", budget_hours=8, method="exact")
    assert plan.cost_hours <= 8 and plan.optimal
    assert plan.table()["cost_hours"].sum() == pytest.approx(plan.cost_hours)
    greedy = select_antennas(net, "Piazza Roma", budget_hours=8)
    assert greedy.cost_hours <= 8
    assert greedy.bound >= plan.coverage
    reg.loc[reg["name"] == "Comitato", "cost_hours"] = np.nan
    with pytest.raises(InputError, match="missing for Comitato"):
        select_antennas(_net(reg), "Piazza Roma", budget_hours=8)
    ok = select_antennas(_net(reg), "Piazza Roma", budget_hours=8, exclude=["Comitato"])
    assert ok.cost_hours <= 8 and "comitato" not in ok.selected


def test_min_per_kind_and_html():
    net = _net()
    # the only resident (Giulia) has no contact yet: asked for all the same
    plan = select_antennas(net, "Piazza Roma", k=2, min_per_kind={"resident": 1},
                           include_uncontacted=True)
    kinds = list(plan.kinds)
    assert "resident" in kinds
    html = plan._repr_html_()
    assert "<table>" in html and "Bar Roma" in html or "Giulia" in html


def test_html_escapes_names():
    log = pd.DataFrame({"date": pd.to_datetime(["2024-09-02"]),
                        "source": ["<img src=x onerror=alert(1)>"], "target": ["Anna"],
                        "site": ["Roma"]})
    plan = select_antennas(Network.from_interactions(log), "Roma", k=1)
    page = plan._repr_html_()
    assert "<img" not in page and "&lt;img" in page


def test_select_antennas_all_sites_and_city():
    net = _net()
    plans = select_antennas_all(net, k=1)
    assert set(plans.sites) == {"Piazza Roma", "Piazza Marconi"}
    assert plans.city.site is None
    union = set(net.site_actors("Piazza Roma")) | set(net.site_actors("Piazza Marconi"))
    # Giulia (registry only, never met) is listed apart, not a target
    assert plans.city.targets == len(union) - 1 and plans.city.not_met == ("giulia",)
    assert plans.sites["Piazza Roma"].not_met == ("giulia",)
    assert len(plans.city.selected) <= 2
    table = plans.table()
    assert set(table["site"].dropna()) == {"Piazza Roma", "Piazza Marconi"}
    assert table["site"].isna().sum() == len(plans.city.selected)


# ------------------------------------------------------------- fewest antennas
def fewest_by_brute_force(G, targets, candidates, hops, need, *, cost=None, include=()):
    """Smallest size (or cost) of a set of candidates reaching ``need`` targets
    (forced ones included), over every subset; None when no set does."""
    ball = balls(G, hops)
    free = [c for c in candidates if c not in include]
    best = None
    for r in range(0, len(free) + 1):
        for extra in combinations(free, r):
            s = list(include) + list(extra)
            if len(covered_by(ball, s, targets)) >= need:
                value = len(s) if cost is None else sum(cost[v] for v in s)
                best = value if best is None else min(best, value)
        if cost is None and best is not None:
            return best
    return best


def _harmonic(d):
    return sum(1 / i for i in range(1, d + 1))


@SETTINGS
@given(instances(max_n=9), st.sampled_from([0.3, 0.5, 0.9, 1.0]))
def test_min_cover_exact_is_brute_force_and_greedy_keeps_wolseys_bound(inst, share):
    G, targets, candidates, hops = inst
    ball = balls(G, hops)
    reachable = len(covered_by(ball, candidates, targets))
    need = min(math.ceil(share * len(targets) - 1e-9), reachable)
    fewest = fewest_by_brute_force(G, targets, candidates, hops, need)
    exact = min_cover(G, share, hops=hops, targets=targets, candidates=candidates,
                      method="exact")
    greedy = min_cover(G, share, hops=hops, targets=targets, candidates=candidates)
    assert exact.optimal is True and len(exact.selected) == fewest
    assert exact.parameters["need"] == need and exact.parameters["reachable"] == reachable
    assert exact.parameters["cover_met"] == (math.ceil(share * len(targets) - 1e-9)
                                             <= reachable)
    d = max([min(len(ball[c] & set(targets)), need) for c in candidates] + [1])
    assert fewest <= len(greedy.selected) <= _harmonic(d) * fewest + 1e-9
    assert greedy.parameters["fewest_bound"] <= fewest
    if greedy.optimal:
        assert len(greedy.selected) == fewest
    for plan in (exact, greedy):
        assert set(plan.covered) == covered_by(ball, plan.selected, targets)
        assert len(plan.covered) >= need
        assert set(plan.selected) <= set(candidates)


@SETTINGS
@given(instances(max_n=8), st.sampled_from([0.5, 0.8, 1.0]), st.data())
def test_cheapest_cover_with_costs_and_forced_actors(inst, share, data):
    G, targets, candidates, hops = inst
    cost = {v: data.draw(st.sampled_from([0.0, 1.0, 2.0, 3.5])) for v in G}
    include = data.draw(st.lists(st.sampled_from(candidates), max_size=1, unique=True))
    ball = balls(G, hops)
    reachable = len(covered_by(ball, candidates, targets))
    need = min(math.ceil(share * len(targets) - 1e-9), reachable)
    cheapest = fewest_by_brute_force(G, targets, candidates, hops, need, cost=cost,
                                     include=include)
    exact = min_cover(G, share, hops=hops, targets=targets, candidates=candidates,
                      method="exact", cost=cost, include=include)
    assert exact.optimal is True
    assert exact.cost == pytest.approx(cheapest)
    assert set(include) <= set(exact.selected)
    greedy = min_cover(G, share, hops=hops, targets=targets, candidates=candidates,
                       cost=cost, include=include)
    assert len(greedy.covered) >= need and set(include) <= set(greedy.selected)
    assert greedy.parameters["fewest_bound"] <= cheapest + 1e-9
    assert greedy.cost >= cheapest - 1e-9


@SETTINGS
@given(instances(max_n=9), st.integers(1, 4))
def test_exact_with_k_uses_the_fewest_that_reach_the_best(inst, k):
    G, targets, candidates, hops = inst
    best = brute_force(G, targets, candidates, hops, k=k)
    fewest = fewest_by_brute_force(G, targets, candidates, hops, best)
    plan = max_coverage(G, k=k, hops=hops, targets=targets, candidates=candidates,
                        method="exact")
    assert len(plan.covered) == best
    assert len(plan.selected) == fewest == plan.parameters["fewest"]
    assert plan.parameters["fewer_than_k"] == (fewest < k)


def test_two_reach_everyone_so_k3_exact_uses_two():
    # Hand-worked (the case): two hubs reach every target; a third
    # antenna adds nothing, so -k 3 --exact returns the two and says so.
    G = nx.Graph([("h1", "a"), ("h1", "b"), ("h2", "c"), ("h2", "d"), ("a", "c")])
    plan = max_coverage(G, k=3, method="exact")
    assert set(plan.selected) == {"h1", "h2"} and plan.coverage == 1.0
    assert plan.parameters["fewer_than_k"] is True and plan.parameters["fewest"] == 2


def test_min_cover_unreachable_share_reaches_what_it_can():
    # the isolated target z can be reached by no candidate: 100 % is not
    # possible, the plan reaches the 4 others and says so
    G = nx.Graph([("h", "a"), ("h", "b"), ("a", "c")])
    G.add_node("z")
    plan = min_cover(G, "100%", candidates=["h", "a"], method="exact")
    assert plan.parameters["cover_met"] is False and plan.parameters["reachable"] == 4
    assert set(plan.covered) == {"h", "a", "b", "c"} and plan.bound == 0.8


@pytest.mark.parametrize(("value", "share"), [("90%", 0.9), ("90 %", 0.9), ("90", 0.9),
                                               (90, 0.9), (0.9, 0.9), ("0,9", 0.9),
                                               ("100%", 1.0), (1, 1.0), ("1", 1.0)])
def test_share_forms(value, share):
    assert parse_share(value) == pytest.approx(share)


@pytest.mark.parametrize("value", ["0", "0%", "120%", "lots", "", -5, True])
def test_bad_shares_are_plain_errors(value):
    with pytest.raises(InputError, match="share to reach"):
        parse_share(value)
