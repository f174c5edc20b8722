"""Network.graph views against graphs built edge by edge here with networkx,
from the interaction table (an independent, slow route)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete.errors import InputError
from reterete.network import Network
from reterete.window import Window

NAMES = ["Ada", "Bea", "Cy", "Dan", "Eva"]
SITES = ["Piazza Roma", "Piazza Marconi", None]


def slow_graph(inter: pd.DataFrame, *, start=None, end=None, site=None, weight="count",
               half_life=30.0, directed=False) -> nx.Graph:
    win = Window(start, end)
    ref = win.end if win.end is not None else inter["date"].max()
    G = nx.DiGraph() if directed else nx.Graph()
    for r in inter.itertuples(index=False):
        r_site = r.site if isinstance(r.site, str) else None
        if win.start is not None and r.date < win.start:
            continue
        if win.end is not None and r.date > win.end:
            continue
        if site is not None and r_site != site:
            continue
        u, v = r.source, r.target
        if not directed and v < u:
            u, v = v, u
        add = {"count": 1.0, "duration": 0.0 if math.isnan(r.duration_min) else r.duration_min,
               "weight": r.weight,
               "decayed": 2 ** (-(ref - r.date).total_seconds() / 86400 / half_life)}[weight]
        if G.has_edge(u, v):
            d = G[u][v]
            d["weight"] += add
            d["count"] += 1
            d["first"], d["last"] = min(d["first"], r.date), max(d["last"], r.date)
            d["sites"] = tuple(sorted(set(d["sites"]) | ({r_site} if r_site else set())))
        else:
            G.add_edge(u, v, weight=add, count=1, first=r.date, last=r.date,
                       sites=(r_site,) if r_site else ())
    return G


@st.composite
def logs(draw):
    n = draw(st.integers(1, 25))
    rows = []
    for _ in range(n):
        a, b = draw(st.sampled_from(NAMES)), draw(st.sampled_from(NAMES))
        if a == b:
            continue
        rows.append({"date": pd.Timestamp("2024-09-01") + pd.Timedelta(
                        days=draw(st.integers(0, 120))),
                     "source": a, "target": b, "site": draw(st.sampled_from(SITES)),
                     "duration_min": draw(st.sampled_from([np.nan, 15.0, 30.0])),
                     "weight": draw(st.sampled_from([1.0, 2.5]))})
    if not rows:
        rows.append({"date": pd.Timestamp("2024-09-01"), "source": "Ada", "target": "Bea",
                     "site": None, "duration_min": np.nan, "weight": 1.0})
    return pd.DataFrame(rows)


def _same(G: nx.Graph, H: nx.Graph) -> None:
    assert set(G.nodes) == set(H.nodes)
    assert {frozenset(e) if not G.is_directed() else e for e in G.edges} == \
        {frozenset(e) if not H.is_directed() else e for e in H.edges}
    for u, v, d in H.edges(data=True):
        got = G[u][v]
        assert got["count"] == d["count"]
        assert got["weight"] == pytest.approx(d["weight"])
        assert (got["first"], got["last"]) == (d["first"], d["last"])
        assert got["sites"] == d["sites"]


@settings(max_examples=80, deadline=None)
@given(log=logs(), weight=st.sampled_from(["count", "duration", "weight", "decayed"]),
       window=st.sampled_from([(None, None), ("2024-09", "2024-10"), ("2024-10-15", None),
                               (None, "2024-11-30")]),
       site=st.sampled_from([None, "Piazza Roma"]), directed=st.booleans())
def test_graph_equals_edge_by_edge_build(log, weight, window, site, directed):
    net = Network.from_interactions(log)
    if site is not None and "piazza roma" not in net.site_names:
        with pytest.raises(InputError, match="no site called"):
            net.graph(site=site)
        return
    G = net.graph(start=window[0], end=window[1], site=site, weight=weight,
                  directed=directed)
    inter = net.interactions
    _same(G, slow_graph(inter, start=window[0], end=window[1], site=site, weight=weight,
                        directed=directed))
    assert G.is_directed() == directed
    for _, d in G.nodes(data=True):
        assert d["name"] in NAMES  # display names as written


def test_decayed_weight_by_hand():
    log = pd.DataFrame({"date": pd.to_datetime(["2024-09-01", "2024-09-30"]),
                        "source": ["Ada", "Ada"], "target": ["Bea", "Bea"]})
    G = Network.from_interactions(log).graph(end="2024-09-30", weight="decayed", half_life=30)
    # ages at the window's end (30 Sept 23:59:59.999...): ~30 days and ~1 day
    assert G["ada"]["bea"]["weight"] == pytest.approx(2 ** (-30 / 30) + 2 ** (-1 / 30),
                                                       rel=1e-6)


def test_graph_edges_are_independent_of_each_other_and_of_the_network():
    log = pd.DataFrame({"date": pd.to_datetime(["2024-09-01", "2024-09-02"]),
                        "source": ["Ada", "Bea"], "target": ["Bea", "Cy"]})
    net = Network.from_interactions(log)
    G = net.graph()
    G["ada"]["bea"]["weight"] = 99
    assert G["bea"]["cy"]["weight"] == 1.0
    assert net.graph()["ada"]["bea"]["weight"] == 1.0
    G.add_edge("ada", "cy")  # a normal networkx graph afterwards
    assert nx.shortest_path_length(G, "ada", "cy") == 1


def test_include_registry_adds_isolates_of_the_site():
    log = pd.DataFrame({"date": pd.to_datetime(["2024-09-01"]), "source": ["Ada"],
                        "target": ["Bea"], "site": ["Piazza Roma"]})
    registry = pd.DataFrame({"name": ["Oratorio", "Bar Po"],
                             "sites": [("Piazza Roma",), ("Piazza Marconi",)]})
    net = Network.from_interactions(log, actors=registry.assign(in_registry=True))
    assert set(net.graph(include_registry=True)) == {"ada", "bea", "oratorio", "bar po"}
    assert set(net.graph(site="Piazza Roma", include_registry=True)) == {"ada", "bea",
                                                                         "oratorio"}
    assert set(net.graph()) == {"ada", "bea"}


def test_bad_arguments_are_plain_errors():
    net = Network.from_interactions(pd.DataFrame({
        "date": pd.to_datetime(["2024-09-01"]), "source": ["Ada"], "target": ["Bea"]}))
    with pytest.raises(InputError, match="weight must be one of"):
        net.graph(weight="strength")
    with pytest.raises(InputError, match="starts .* after it ends"):
        net.graph(start="2024-10", end="2024-09")
    with pytest.raises(InputError, match="not a date"):
        net.graph(start="15/09/2024")
