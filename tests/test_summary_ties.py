"""``summary_of_ties`` (figures from the tie table, no graph) against
``summary`` of the networkx graph view, on random logs and the bundled example."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reterete import Network
from reterete.distributed import compact
from reterete.metrics.structure import SUMMARY_KEYS, summary, summary_of_ties
from reterete.metrics.temporal import timeline
from reterete.payloads import summary_payload

NAMES = ["Ada", "Bea", "Cy", "Dan", "Eva", "Fil", "Gio", "Ugo"]
SITES = ["Piazza Roma", "Piazza Marconi", None]
SECTORS = ["police", "school", "health", None]


def same_figures(a: dict, b: dict) -> None:
    assert list(a) == list(b)
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, float) and math.isnan(x):
            assert isinstance(y, float) and math.isnan(y), key
        elif isinstance(x, (int, np.integer)) and not isinstance(x, bool):
            assert x == y and isinstance(y, (int, np.integer)), key
        else:
            assert x == pytest.approx(y, rel=1e-12, abs=1e-15), key


@st.composite
def logs(draw):
    n = draw(st.integers(0, 40))
    rows = draw(st.lists(st.tuples(st.integers(0, 60), st.sampled_from(NAMES),
                                   st.sampled_from(NAMES), st.sampled_from(SITES),
                                   st.one_of(st.none(), st.integers(1, 90)),
                                   st.sampled_from([1.0, 0.5, 2.25])),
                         min_size=n, max_size=n))
    inter = pd.DataFrame(rows, columns=["day", "source", "target", "site", "duration_min",
                                        "weight"])
    inter["date"] = pd.Timestamp("2024-09-01") + pd.to_timedelta(inter["day"], unit="D")
    sectors = draw(st.lists(st.sampled_from(SECTORS), min_size=len(NAMES),
                            max_size=len(NAMES)))
    registry = pd.DataFrame({"name": NAMES, "sector": sectors,
                             "kind": ["police"] * 3 + ["resident"] * 5})
    registry = registry.iloc[:draw(st.integers(0, len(NAMES)))]
    return Network.from_interactions(inter.drop(columns="day"), registry)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs(), st.sampled_from(["count", "duration", "decayed", "weight"]),
       st.sampled_from([(None, None), ("2024-09-10", "2024-10-15"), ("2024-10", None)]),
       st.sampled_from([None, "Piazza Roma"]), st.sampled_from(["sector", "kind", "team",
                                                                 "name", "nothing"]),
       st.booleans())
def test_tie_table_figures_equal_the_graph_ones(net, weight, window, site, attr, directed):
    if site is not None and site not in net.site_names.values():
        site = None   # a log drawn without that site
    start, end = window
    G = net.graph(start, end, site, weight=weight, directed=directed)
    ties = net.ties(start, end, site, weight=weight, directed=directed)
    same_figures(summary_of_ties(ties, net.actors, attr, directed=directed), summary(G, attr))
    same_figures(summary_of_ties(ties, net.actors, attr, weight=None, directed=directed),
                 summary(G, attr, weight=None))
    # the tie table is the graph's edges
    want = sorted((u, v, d["count"], d["weight"]) for u, v, d in G.edges(data=True))
    got = sorted(ties[["u", "v", "count", "weight"]].itertuples(index=False, name=None))
    assert [g[:3] for g in got] == [w[:3] for w in want]
    assert [g[3] for g in got] == pytest.approx([w[3] for w in want])


@settings(max_examples=40, deadline=None)
@given(logs())
def test_compacted_log_gives_the_same_figures(net):
    small = compact(net)
    want = summary(net.graph())
    got = summary_payload(small)
    same_figures({k: got[k] for k in want}, want)


def test_reciprocal_and_repeated_rows_are_one_tie():
    ties = pd.DataFrame({"u": ["a", "b", "a", "c", "c"], "v": ["b", "a", "c", "c", "b"],
                         "count": [2, 1, 1, 5, 3], "weight": [2.0, 1.0, 1.0, 5.0, 3.0]})
    G = nx.DiGraph()
    for u, v, c, w in ties.itertuples(index=False, name=None):
        G.add_edge(u, v, count=c, weight=w)
    got = summary_of_ties(ties, directed=True)
    assert got["ties"] == 3 and got["interactions"] == 7  # the self-tie is left out
    same_figures(got, summary(G))
    assert got["reciprocity"] == pytest.approx(nx.reciprocity(nx.DiGraph(
        [(u, v) for u, v in G.edges() if u != v])))


def test_empty_table():
    empty = pd.DataFrame({"u": [], "v": [], "count": [], "weight": []})
    same_figures(summary_of_ties(empty), summary(nx.Graph()))


def test_bundled_example(cremona_net):
    net = cremona_net
    for window in [(None, None), ("2024-10", "2024-11")]:
        for site in [None, *net.sites[:2]]:
            G = net.graph(*window, site=site)
            figures = summary_payload(net, start=window[0], end=window[1], site=site)
            same_figures({k: figures[k] for k in summary(G)}, summary(G))
    # the timeline's periods are the graph figures of each period
    tl = timeline(net, "month")
    for _, row in tl.iterrows():
        G = net.graph(row["start"], row["end"])
        same_figures({k: row[k] for k in SUMMARY_KEYS},
                     {k: summary(G)[k] for k in SUMMARY_KEYS})


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 60), st.lists(st.tuples(st.integers(0, 59), st.integers(0, 59)),
                                    max_size=80), st.integers(0, 3))
def test_component_roots_are_networkx_components(n, pairs, rounds):
    import reterete.metrics.structure as structure

    pairs = [(a % n, b % n) for a, b in pairs]
    u = np.array([a for a, _ in pairs], dtype=np.int64)
    v = np.array([b for _, b in pairs], dtype=np.int64)
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(pairs)
    want = {min(c): sorted(c) for c in nx.connected_components(G)}
    old = structure.HOOK_ROUNDS
    structure.HOOK_ROUNDS = rounds or old  # few rounds: scipy finishes the work
    try:
        root = structure.component_roots(u, v, n)
    finally:
        structure.HOOK_ROUNDS = old
    got: dict[int, list[int]] = {}
    for node, r in enumerate(root.tolist()):
        got.setdefault(r, []).append(node)
    assert got == want


def test_summary_imports_no_graph_library(tmp_path):
    import subprocess
    import sys

    code = ("import sys, pandas as pd; from reterete import Network; "
            "from reterete.payloads import summary_payload; "
            "net = Network.from_interactions(pd.DataFrame({'date': ['2024-09-02'] * 3, "
            "'source': ['a', 'b', 'c'], 'target': ['b', 'c', 'd']})); "
            "p = summary_payload(net); assert p['components'] == 1, p; "
            "print(sorted(m for m in ('networkx', 'scipy', 'igraph') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
