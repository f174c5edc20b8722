"""Cheap measures from a tie table (issue 25): the same values as from the graph.

``prepare_ties`` builds the array form straight from ``Network.ties()``; every
cheap measure that takes a graph takes it too, and ``degree`` gives
``centrality``'s column without the rest of the table.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete import Network
from reterete.metrics import (
    centrality,
    constraint,
    degree,
    degree_centralization,
    density,
    eigenvector,
    mean_degree,
    prepare_ties,
)

NAMES = [f"p{i}" for i in range(12)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES),
                          st.integers(1, 28)), min_size=1, max_size=40))
def test_tie_table_gives_the_graphs_values(rows):
    log = pd.DataFrame({"date": [f"2024-02-{d:02d}" for _, _, d in rows],
                        "source": [a for a, _, _ in rows],
                        "target": [b for _, b, _ in rows]})
    net = Network.from_interactions(log)
    G = net.graph()
    P = prepare_ties(net.ties(), actors=list(G))
    assert P.nodes == list(G)
    for a, b in ((density(P), density(G)), (mean_degree(P), mean_degree(G)),
                 (degree_centralization(P), degree_centralization(G)),
                 (density(P, weight="weight"), density(G, weight="weight"))):
        assert (np.isnan(a) and np.isnan(b)) or a == pytest.approx(b)
    pd.testing.assert_series_equal(constraint(P), constraint(G))
    pd.testing.assert_series_equal(constraint(P, weight="weight"),
                                   constraint(G, weight="weight"))
    pd.testing.assert_series_equal(eigenvector(P), eigenvector(G))
    table = centrality(G, measures=[])
    pd.testing.assert_series_equal(degree(P), table["degree"])
    pd.testing.assert_series_equal(degree(G, normalized=False), table["ties"])


def test_degree_against_networkx_directed_and_undirected():
    G = nx.gnp_random_graph(30, 0.2, seed=3)
    ref = pd.Series(nx.degree_centrality(G))
    np.testing.assert_allclose(degree(G).to_numpy(), ref.reindex(list(G)).to_numpy())
    D = nx.gnp_random_graph(30, 0.2, seed=3, directed=True)
    np.testing.assert_allclose(degree(D, normalized=False).to_numpy(),
                               [D.in_degree(v) + D.out_degree(v) for v in D])


def test_tie_table_names_every_actor_given():
    ties = pd.DataFrame({"u": ["a"], "v": ["b"], "weight": [3.0]})
    P = prepare_ties(ties, actors=["a", "b", "c"])
    assert degree(P, normalized=False).tolist() == [1, 1, 0]
    with pytest.raises(Exception, match="not in the actors"):
        prepare_ties(ties, actors=["a"])
