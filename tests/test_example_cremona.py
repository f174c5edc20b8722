"""The bundled Cremona example: reproducible, and read back exactly as the
generator built it (figures computed here from the generator's own truth)."""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.examples import cremona
from reterete.identity import normalize_name


def truth_graph(truth, start=None, end=None) -> nx.Graph:
    """The tie graph straight from the generator's contacts, with sectors."""
    G = nx.Graph()
    sector = {normalize_name(a.name): a.sector for a in truth.actors}
    for c in truth.contacts:
        if (start and c.day < start) or (end and c.day > end):
            continue
        u, v = normalize_name(c.a), normalize_name(c.b)
        if G.has_edge(u, v):
            G[u][v]["count"] += 1
        else:
            G.add_edge(u, v, count=1)
    nx.set_node_attributes(G, {n: sector[n] for n in G}, "sector")
    return G


def test_bundled_files_are_what_the_generator_writes(tmp_path, cremona_dir):
    written = cremona.write(tmp_path)
    for path in written:
        assert path.read_bytes() == (cremona_dir / path.name).read_bytes(), path.name


def test_field_files_look_like_italian_excel(cremona_logs):
    raw = cremona_logs[1].read_bytes()
    assert b";" in raw.split(b"\r\n", 1)[0]
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # Windows-1252 accents, as Italian Excel writes
    assert raw.decode("cp1252").startswith("Data;Operatore;Attore")


def test_reader_recovers_every_contact(cremona_net, cremona_truth):
    inter = cremona_net.interactions
    assert len(inter) == len(cremona_truth.contacts)
    got = Counter(zip(inter["date"].dt.date, map(frozenset, zip(inter["source"], inter["target"],
                                                                strict=True)),
                      strict=True))
    want = Counter((c.day, frozenset((normalize_name(c.a), normalize_name(c.b))))
                   for c in cremona_truth.contacts)
    assert got == want
    names = {normalize_name(a.name): a.name for a in cremona_truth.actors}
    assert set(cremona_net.actors.index) == set(names)
    assert cremona_net.actors["name"].to_dict() == names
    persons = {normalize_name(a.name) for a in cremona_truth.actors if a.is_person}
    assert set(cremona_net.actors.index[cremona_net.actors["is_person"]]) == persons
    team = {normalize_name(a.name) for a in cremona_truth.actors if a.team}
    assert set(cremona_net.team()) == team


def test_summary_json_equals_generator_truth(cremona_logs, cremona_registry, cremona_truth):
    G = truth_graph(cremona_truth)
    n, m = G.number_of_nodes(), G.number_of_edges()
    degrees = [d for _, d in G.degree()]
    dmax = max(degrees)
    external = sum(G.nodes[u]["sector"] != G.nodes[v]["sector"] for u, v in G.edges())
    largest = max(len(c) for c in nx.connected_components(G))
    result = CliRunner().invoke(app, ["summary", *map(str, cremona_logs), "--actors",
                                      str(cremona_registry), "--json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert got["actors"] == n
    assert got["ties"] == m
    assert got["interactions"] == len(cremona_truth.contacts)
    assert got["density"] == pytest.approx(m / (n * (n - 1) / 2))
    assert got["mean_degree"] == pytest.approx(2 * m / n)
    assert got["components"] == nx.number_connected_components(G)
    assert got["largest_component_share"] == pytest.approx(largest / n)
    assert got["degree_centralization"] == pytest.approx(
        sum(dmax - d for d in degrees) / ((n - 1) * (n - 2)))
    assert got["ei_index"] == pytest.approx((external - (m - external)) / m)


def test_network_grows_and_integrates_month_by_month(cremona_net, cremona_truth):
    """The generator builds growth in; the reader must show it."""
    engaged = []
    cross = []
    for year, month in cremona.MONTHS:
        start = pd.Timestamp(year=year, month=month, day=1)
        G = cremona_net.graph(start=f"{year}-{month:02d}", end=f"{year}-{month:02d}")
        assert G.graph["start"] == start
        engaged.append(sum(1 for _, d in G.nodes(data=True) if not d.get("team")))
        cross.append(sum(G.nodes[u].get("sector") != G.nodes[v].get("sector")
                         for u, v in G.edges()))
    assert engaged == sorted(engaged) and engaged[-1] > engaged[0]
    assert cross[-1] > cross[0]


def test_timeline_shows_what_the_generator_built(cremona_net, cremona_truth):
    """Month by month, the timeline's figures equal those of the generator's
    own contacts of that month (not of the reader)."""
    from datetime import date

    from reterete.metrics.temporal import timeline

    table = timeline(cremona_net, freq="month")
    assert list(table.index) == [f"{y}-{m:02d}" for y, m in cremona.MONTHS]
    for (year, month), (_, row) in zip(cremona.MONTHS, table.iterrows(), strict=True):
        first = date(year, month, 1)
        last = (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()
        G = truth_graph(cremona_truth, first, last)
        n, m = G.number_of_nodes(), G.number_of_edges()
        external = sum(G.nodes[u]["sector"] != G.nodes[v]["sector"] for u, v in G.edges())
        assert row["actors"] == n and row["ties"] == m
        assert row["interactions"] == sum(1 for c in cremona_truth.contacts
                                          if first <= c.day <= last)
        assert row["density"] == pytest.approx(nx.density(G))
        assert row["components"] == nx.number_connected_components(G)
        assert row["ei_index"] == pytest.approx((2 * external - m) / m)


def test_compare_reproduces_the_change_built_in(cremona_net, cremona_truth):
    """The generator engages more of the community and more joint work each
    month: September against December must show more ties, a denser network
    and more ties across sectors, each beyond chance; and the point values are
    the truth's own."""
    from datetime import date

    from reterete.metrics.compare import compare

    result = compare(cremona_net, start=("2024-09", "2024-09"), end=("2024-12", "2024-12"),
                     n_boot=500, seed=7)
    table = result.table.set_index("name")
    sept = truth_graph(cremona_truth, date(2024, 9, 1), date(2024, 9, 30))
    dec = truth_graph(cremona_truth, date(2024, 12, 1), date(2024, 12, 31))
    assert table.loc["ties", "start"] == sept.number_of_edges()
    assert table.loc["ties", "end"] == dec.number_of_edges()
    assert table.loc["density", "start"] == pytest.approx(nx.density(sept))
    assert table.loc["density", "end"] == pytest.approx(nx.density(dec))
    for metric in ("ties", "density", "cross-sector ties", "mean degree"):
        row = table.loc[metric]
        assert row["delta"] > 0 and row["ci_low"] > 0, metric
        assert row["p_value"] < 0.05, metric
