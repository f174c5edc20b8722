"""The graph reterete hands out leaves Python: networkx's writers, JSON and
pyvis take ``net.graph(plain=True)`` (issue 22), and the registry's own
attributes travel with every actor, met or not."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest

from reterete.ingest import read_contacts
from reterete.network import plain_value

LOG = """date,source,target,site,duration_min
2024-09-02 10:00,Ada,Bea,Piazza Roma,30
2024-09-03 11:15,Ada,Bea,Via Po,
2024-09-04 09:00,Bea,Cy,,15
"""
REGISTRY = """name,kind,sector,sites,team,cost_hours,reparto
Ada,police,safety,Piazza Roma,yes,2,DCAR
Bea,association,,Piazza Roma|Via Po,,,DISQ
Cy,resident,social,,,,DCAR
Dora,resident,social,Via Po,,1.5,DISQ
"""


@pytest.fixture
def net(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    reg = tmp_path / "actors.csv"
    reg.write_text(REGISTRY, encoding="utf-8")
    return read_contacts([log], actors=reg)


def _all_values(G):
    yield from G.graph.values()
    for _, d in G.nodes(data=True):
        yield from d.values()
    for *_, d in G.edges(data=True):
        yield from d.values()


def test_the_raw_graph_is_not_plain(net):
    # the reason for plain=True: Timestamps, tuples and missing values
    G = net.graph(include_registry=True)
    with pytest.raises((nx.NetworkXError, TypeError, KeyError, ValueError)):
        nx.write_gexf(G, "/dev/null")


def test_plain_graph_writes_everywhere(net, tmp_path):
    G = net.graph(include_registry=True, plain=True)
    assert set(G) == {"ada", "bea", "cy", "dora"}
    for v in _all_values(G):
        assert isinstance(v, (str, int, float, bool)), (type(v), v)
        assert v == v  # no NaN
    e = G.edges["ada", "bea"]
    assert e["first"] == "2024-09-02T10:00:00" and e["last"] == "2024-09-03T11:15:00"
    assert e["sites"] == "Piazza Roma|Via Po" and e["count"] == 2
    assert G.nodes["bea"]["sites"] == "Piazza Roma|Via Po"
    assert "sector" not in G.nodes["bea"]  # missing: left out, not None
    # registry columns outside the schema travel with every actor, met or not
    assert G.nodes["dora"]["reparto"] == "DISQ" and G.nodes["cy"]["reparto"] == "DCAR"

    nx.write_graphml(G, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.nodes["ada"]["name"] == "Ada"
    assert back.edges["ada", "bea"]["first"] == "2024-09-02T10:00:00"

    nx.write_gexf(G, tmp_path / "g.gexf")
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_edges() == 2

    text = json.dumps(nx.node_link_data(G, edges="edges"))
    data = json.loads(text)
    assert {n["id"] for n in data["nodes"]} == set(G)

    from pyvis.network import Network as PyvisNetwork

    page = PyvisNetwork(cdn_resources="in_line")
    page.from_nx(G)
    assert {n["id"] for n in page.nodes} == set(G)
    page.write_html(str(tmp_path / "g.html"), notebook=False)
    assert "Dora" in (tmp_path / "g.html").read_text(encoding="utf-8")


def test_plain_value():
    assert plain_value(pd.Timestamp("2024-09-02")) == "2024-09-02T00:00:00"
    assert plain_value(pd.NaT) is None and plain_value(float("nan")) is None
    assert plain_value(["a", None, "b"]) == "a|b"
    assert plain_value(True) is True and plain_value(2.5) == 2.5


def test_summary_says_nothing_on_stderr_with_warnings_as_errors(cremona_logs, cremona_registry):
    # on every Python of the CI matrix: no DeprecationWarning or FutureWarning
    # from numpy or pandas reaches a user (issue 22: numpy's NaT on 3.13)
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-W", "error", "-m", "reterete", "summary",
                          *map(str, cremona_logs), "--actors", str(cremona_registry)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
