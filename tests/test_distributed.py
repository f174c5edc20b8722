"""The Dask path (reterete.distributed) against the in-process reader.

Independent route: :func:`reterete.read_contacts` on the same files, and
graphs compared edge by edge for several windows, sites and weights.
The log is the benchmark's size M itself (100,000 rows, 2,000 actors, 12
sites, a year; heavy-tailed activity, Zipf sites), with a different seed;
the whole file takes about 20 s on 2 shared cores.
"""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete import Network
from reterete.distributed import compact, compact_interactions, read_contacts_dask
from reterete.errors import IngestError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate  # noqa: E402

ROWS = generate.SIZES["M"].rows
VIEWS = [
    {},
    {"weight": "duration"},
    {"weight": "decayed", "half_life": 20},
    {"site": "Piazza Roma"},
    {"start": "2024-03", "end": "2024-06-15", "weight": "decayed"},
    {"directed": True},
    {"include_registry": True},
]


def assert_same_graph(G: nx.Graph, H: nx.Graph) -> None:
    assert type(G) is type(H)
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert G.number_of_edges() == H.number_of_edges()
    for u, v, d in G.edges(data=True):
        e = H.edges[u, v]
        assert set(d) == set(e)
        for k, x in d.items():
            if isinstance(x, float):
                assert e[k] == pytest.approx(x, rel=1e-12, nan_ok=True), (u, v, k)
            else:
                assert e[k] == x, (u, v, k)


@pytest.fixture(scope="module")
def logs(tmp_path_factory) -> dict[str, object]:
    """The log split four ways: two Italian CSVs, an ISO CSV, a Parquet file
    with two row groups; plus its registry."""
    size = generate.SIZES["M"]
    log = generate.generate_log(size, seed=7)
    folder = tmp_path_factory.mktemp("dask_logs")
    quarter = np.array_split(np.arange(ROWS), 4)
    italian = log.copy()
    italian["date"] = log["date"].dt.strftime("%d/%m/%Y")
    italian.columns = generate.ITALIAN_HEADER
    files = []
    for k in (0, 1):
        p = folder / f"a{k}_contatti.csv"
        italian.iloc[quarter[k]].to_csv(p, sep=";", index=False, encoding="cp1252")
        files.append(p)
    iso = log.iloc[quarter[2]].copy()
    iso["date"] = iso["date"].dt.strftime("%Y-%m-%d")
    files.append(folder / "b_iso.csv")
    iso.to_csv(files[-1], index=False)
    files.append(folder / "c.parquet")
    log.iloc[quarter[3]].to_parquet(files[-1], index=False, row_group_size=13_000)
    registry = tmp_path_factory.mktemp("dask_registry") / "registro.csv"
    reg = generate.generate_registry(size, seed=7)
    reg = pd.concat([reg, pd.DataFrame({"Nome": ["Mai Visto"], "Tipo": ["Residente"],
                                        "Luoghi": ["Piazza Roma"]})], ignore_index=True)
    reg.to_csv(registry, sep=";", index=False, encoding="cp1252")
    return {"folder": folder, "files": files, "registry": registry}


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("dask.distributed")
    # processes=True: tasks and results really cross process boundaries (pickled)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def in_process(logs) -> Network:
    from reterete.ingest import read_contacts

    return read_contacts(logs["files"], actors=logs["registry"])


@pytest.fixture(scope="module")
def on_dask(logs, client) -> Network:
    return read_contacts_dask(logs["folder"], actors=logs["registry"], client=client)


def test_the_folder_is_read_in_file_order(logs, in_process, on_dask):
    # the folder lists a0, a1, b, c: the order the in-process reader was given
    assert sorted(p.name for p in logs["folder"].iterdir()) == [p.name for p in logs["files"]]
    assert int(on_dask.interactions["n"].sum()) == len(in_process.interactions) == ROWS


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: ",".join(map(str, v.values())) or "all")
def test_dask_graphs_equal_in_process_graphs(in_process, on_dask, view):
    assert_same_graph(in_process.graph(**view), on_dask.graph(**view))


def test_dask_network_equals_in_process_network(in_process, on_dask):
    pd.testing.assert_frame_equal(in_process.actors.sort_index(), on_dask.actors.sort_index())
    assert in_process.site_names == on_dask.site_names
    assert set(generate.CREMONA_SITES) <= set(on_dask.sites)
    assert [str(w) for w in in_process.warnings] == [str(w) for w in on_dask.warnings]
    assert on_dask.site_actors("Piazza Marconi") == in_process.site_actors("Piazza Marconi")
    assert len(on_dask.interactions) < len(in_process.interactions)


def test_errors_from_every_file_are_reported_with_their_rows(tmp_path, client):
    (tmp_path / "a.csv").write_text("date,source,target\n2024-09-01,Ada,Bea\n"
                                    "2024-02-30,Ada,Cy\n")
    (tmp_path / "b.csv").write_text("date,source,target\n2024-09-01,,Bea\n")
    with pytest.raises(IngestError) as err:
        read_contacts_dask(tmp_path, client=client)
    where = sorted((p.file, p.row) for p in err.value.problems)
    assert where == [("a.csv", 3), ("b.csv", 2)]


def test_parquet_row_groups_keep_the_file_row_numbers(tmp_path, client):
    frame = pd.DataFrame({"date": ["2024-09-01"] * 6, "source": list("abcdef"),
                          "target": list("bcdefa")})
    frame.loc[4, "date"] = "not a date"
    frame.to_parquet(tmp_path / "log.parquet", row_group_size=2)
    with pytest.raises(IngestError) as err:
        read_contacts_dask(tmp_path / "log.parquet", client=client)
    assert [(p.file, p.row) for p in err.value.problems] == [("log.parquet", 6)]


# ---------------------------------------------------- compaction, in process
_names = st.sampled_from(["ada", "bea", "cy", "dan", "eva"])
_rows = st.lists(st.tuples(st.integers(0, 40), _names, _names,
                           st.sampled_from(["Piazza Roma", "Piazza Marconi", None]),
                           st.one_of(st.none(), st.integers(1, 90))),
                 min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(_rows, st.sampled_from(["count", "duration", "decayed", "weight"]), st.booleans())
def test_compacting_keeps_every_graph_view(rows, weight, directed):
    """Hypothesis: any log, any weight, whole or split: the same graph."""
    frame = pd.DataFrame(rows, columns=["day", "source", "target", "site", "duration_min"])
    frame["date"] = pd.Timestamp("2024-09-01") + pd.to_timedelta(frame.pop("day"), "D")
    frame["duration_min"] = frame["duration_min"].astype(float)
    net = Network.from_interactions(frame)
    if net.interactions.empty:
        return
    small = compact(net)
    assert_same_graph(net.graph(weight=weight, directed=directed),
                      small.graph(weight=weight, directed=directed))
    # partial compactions combine exactly (what the cluster's reduce does)
    half = len(net.interactions) // 2
    parts = pd.concat([compact_interactions(net.interactions.iloc[:half]),
                       compact_interactions(net.interactions.iloc[half:])])
    again = compact_interactions(parts)
    pd.testing.assert_frame_equal(again, compact_interactions(net.interactions))


def _plain_ties(frame: pd.DataFrame, weight: str, directed: bool, end) -> dict:
    """aggregate_ties by a plain Python loop over rows: the independent route."""
    out: dict = {}
    for r in frame.itertuples(index=False):
        key = (r.source, r.target) if directed else tuple(sorted((r.source, r.target)))
        n = getattr(r, "n", 1)
        d = out.setdefault(key, {"count": 0, "minutes": 0.0, "weight": 0.0, "first": r.date,
                                 "last": r.date, "sites": set()})
        d["count"] += n
        d["minutes"] += 0.0 if pd.isna(r.duration_min) else r.duration_min
        d["first"], d["last"] = min(d["first"], r.date), max(d["last"], r.date)
        if isinstance(r.site, str):
            d["sites"].add(r.site)
        age = (end - r.date).total_seconds() / 86400.0
        d["weight"] += {"count": n, "duration": 0.0 if pd.isna(r.duration_min)
                        else r.duration_min, "weight": r.weight,
                        "decayed": n * 2.0 ** (-max(age, 0.0) / 30.0)}[weight]
    return out


@settings(max_examples=80, deadline=None)
@given(_rows, st.sampled_from(["count", "duration", "decayed", "weight"]), st.booleans(),
       st.lists(st.integers(1, 4), min_size=40, max_size=40))
def test_aggregate_ties_matches_a_plain_loop(rows, weight, directed, ns):
    from reterete.network import aggregate_ties

    frame = pd.DataFrame(rows, columns=["day", "source", "target", "site", "duration_min"])
    frame["date"] = pd.Timestamp("2024-09-01") + pd.to_timedelta(frame.pop("day"), "D")
    frame["duration_min"] = frame["duration_min"].astype(float)
    frame["weight"] = 0.5 + np.arange(len(frame)) % 3
    frame["n"] = ns[:len(frame)]
    frame = frame[frame["source"] != frame["target"]].reset_index(drop=True)
    if frame.empty:
        return
    end = pd.Timestamp("2024-10-15")
    got = aggregate_ties(frame, weight=weight, directed=directed, end=end)
    want = _plain_ties(frame, weight, directed, end)
    assert list(zip(got["u"], got["v"], strict=True)) == sorted(want)
    for row in got.itertuples(index=False):
        d = want[(row.u, row.v)]
        assert row.count == d["count"] and row.first == d["first"] and row.last == d["last"]
        assert row.sites == tuple(sorted(d["sites"]))
        assert row.minutes == pytest.approx(d["minutes"])
        assert row.weight == pytest.approx(d["weight"], rel=1e-12)
