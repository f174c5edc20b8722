"""Per-period figures, tie turnover and activity tables."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete.errors import InputError
from reterete.metrics import activity, summary, tie_dynamics, timeline
from reterete.metrics.structure import SUMMARY_KEYS
from reterete.network import Network


def _net():
    return Network.from_interactions(pd.DataFrame({
        "date": ["2024-09-02", "2024-09-03", "2024-09-20", "2024-10-05", "2024-10-07",
                 "2024-12-01", "2024-12-30"],
        "source": ["Ada", "Ada", "Ada", "Ada", "Dan", "Eva", "Eva"],
        "target": ["Bea", "Bea", "Cy", "Bea", "Bea", "Ada", "Cy"],
        "site": ["Piazza Roma", "Piazza Roma", "Piazza Marconi", "Piazza Roma",
                 "Piazza Roma", "Via Orti Romani", "Piazza Roma"],
        "kind": ["walkabout", "walkabout", "meeting", None, "meeting", "board", "board"],
    }))


def _by_hand(net, month, site=None):
    """Independent route: filter the table with pandas, build the graph with networkx."""
    inter = net.interactions
    keep = inter["date"].dt.strftime("%Y-%m") == month
    if site is not None:
        keep &= inter["site"] == site
    G = nx.Graph()
    for s, t in zip(inter.loc[keep, "source"], inter.loc[keep, "target"], strict=True):
        if G.has_edge(s, t):
            G[s][t]["count"] += 1
        else:
            G.add_edge(s, t, count=1)
    return G


def test_timeline_matches_graphs_built_by_hand():
    net = _net()
    df = timeline(net)
    assert list(df.index) == ["2024-09", "2024-10", "2024-11", "2024-12"]
    assert list(df.columns[:2]) == ["start", "end"]
    assert list(df.columns[2:2 + len(SUMMARY_KEYS)]) == list(SUMMARY_KEYS)
    for month in df.index:
        ref = summary(_by_hand(net, month))
        for key in ("actors", "ties", "interactions", "density", "components"):
            got, want = df.loc[month, key], ref[key]
            assert (pd.isna(got) and pd.isna(want)) or got == pytest.approx(want)
    assert df.loc["2024-09", "interactions"] == 3 and df.loc["2024-09", "ties"] == 2
    assert df.loc["2024-11", "actors"] == 0  # empty month kept
    assert df.loc["2024-12", "end"] == pd.Timestamp("2024-12-31")


def test_timeline_site_and_window():
    net = _net()
    df = timeline(net, site="piazza roma")
    assert df.loc["2024-09", "interactions"] == 2
    assert df.loc["2024-12", "ties"] == summary(_by_hand(net, "2024-12", "Piazza Roma"))["ties"]
    clipped = timeline(net, start="2024-09-10", end="2024-10")
    assert list(clipped.index) == ["2024-09", "2024-10"]
    assert clipped.loc["2024-09", "start"] == pd.Timestamp("2024-09-10")
    assert clipped.loc["2024-09", "interactions"] == 1  # only 2024-09-20


def test_week_and_quarter_labels():
    net = _net()
    weeks = timeline(net, freq="week")
    # 2024-09-02 is the Monday of ISO week 36; 2024-12-30 is in ISO week 1 of 2025
    assert weeks.index[0] == "2024-W36" and weeks.index[-1] == "2025-W01"
    assert weeks["interactions"].sum() == len(net.interactions)
    quarters = timeline(net, freq="quarter")
    assert list(quarters.index) == ["2024-Q3", "2024-Q4"]
    assert quarters.loc["2024-Q4", "interactions"] == 4
    with pytest.raises(InputError, match="freq"):
        timeline(net, freq="fortnight")


def test_tie_dynamics_hand_worked():
    df = tie_dynamics(_net())
    # Sep ties {ada-bea, ada-cy}; Oct {ada-bea, bea-dan}; Nov none; Dec {ada-eva, cy-eva}
    oct_ = df.loc["2024-10"]
    assert oct_["previous"] == "2024-09"
    assert (oct_["new_ties"], oct_["kept_ties"], oct_["lost_ties"]) == (1, 1, 1)
    assert oct_["tie_retention"] == pytest.approx(0.5)
    assert (oct_["new_actors"], oct_["lapsed_actors"], oct_["first_seen"]) == (1, 1, 1)
    nov = df.loc["2024-11"]
    assert (nov["ties"], nov["lost_ties"], nov["lapsed_actors"]) == (0, 2, 3)
    dec = df.loc["2024-12"]
    assert np.isnan(dec["tie_retention"])
    assert (dec["new_ties"], dec["first_seen"]) == (2, 1)  # Eva is new; Ada and Cy come back


def test_activity_table():
    net = _net()
    table = activity(net)
    assert list(table.columns) == ["2024-09", "2024-10", "2024-11", "2024-12"]
    assert table.loc["walkabout", "2024-09"] == 2
    assert table.loc["(unspecified)", "2024-10"] == 1
    assert int(table.to_numpy().sum()) == len(net.interactions)
    assert (table["2024-11"] == 0).all()
    by_site = activity(net, by="site", freq="quarter")
    assert by_site.loc["Piazza Roma", "2024-Q3"] == 2
    with pytest.raises(InputError, match="cannot count"):
        activity(net, by="mood")


def test_window_outside_the_log_gives_empty_periods():
    net = _net()
    df = timeline(net, start="2025-01", end="2025-02")
    assert list(df.index) == ["2025-01", "2025-02"] and (df["actors"] == 0).all()
    assert tie_dynamics(net, start="2025-01", end="2025-01").empty
    assert activity(net, start="2025-01", end="2025-02").empty


@st.composite
def logs(draw):
    n = draw(st.integers(1, 30))
    rng = np.random.default_rng(draw(st.integers(0, 10_000)))
    people = np.array(["ada", "bea", "cy", "dan", "eva", "fra"])
    src = rng.choice(people, n)
    tgt = rng.choice(people, n)
    keep = src != tgt
    if not keep.any():
        src, tgt = np.array(["ada"]), np.array(["bea"])
        keep = np.array([True])
        n = 1
    days = pd.Timestamp("2024-09-01") + pd.to_timedelta(rng.integers(0, 150, n), unit="D")
    return Network.from_interactions(pd.DataFrame({
        "date": days[keep], "source": src[keep], "target": tgt[keep],
        "kind": rng.choice(["walkabout", "meeting"], n)[keep]}))


@settings(max_examples=50, deadline=None)
@given(logs(), st.sampled_from(["week", "month", "quarter"]))
def test_turnover_and_totals_add_up(net, freq):
    tl = timeline(net, freq=freq)
    assert tl["interactions"].sum() == len(net.interactions)
    assert int(activity(net, freq=freq).to_numpy().sum()) == len(net.interactions)
    dyn = tie_dynamics(net, freq=freq)
    if dyn.empty:
        return
    prev_ties = tl["ties"].shift(1).loc[dyn.index]
    assert ((dyn["new_ties"] + dyn["kept_ties"]) == dyn["ties"]).all()
    assert ((dyn["kept_ties"] + dyn["lost_ties"]) == prev_ties).all()
    assert (dyn["ties"] == tl.loc[dyn.index, "ties"]).all()


def _activity_by_crosstab(net, freq, by, start=None, end=None):
    """The route before the bincount (pandas' crosstab of the text values), kept
    as the oracle."""
    from reterete.metrics.temporal import UNSPECIFIED, _freq, _resolve, period_label, periods

    inter = net.window(start, end)
    freq = _resolve(net, freq, start, end)
    spans = periods(net, freq, start=start, end=end)
    labels = [period_label(p) for p in spans]
    values = inter[by].astype(object).where(inter[by].notna(), UNSPECIFIED).astype(str)
    when = inter["date"].dt.to_period(_freq(freq))
    label_of = {p: period_label(p) for p in spans}
    if "n" in inter:
        table = pd.crosstab(values.to_numpy(), when.map(label_of).to_numpy(),
                            values=inter["n"].to_numpy(), aggfunc="sum").fillna(0)
    else:
        table = pd.crosstab(values.to_numpy(), when.map(label_of).to_numpy())
    table = table.reindex(columns=labels, fill_value=0).astype(np.int64)
    table.index = pd.Index(table.index.astype(object), name=by, dtype=object)
    table.columns = pd.Index(labels, name="period", dtype=object)
    return table.sort_index(key=lambda s: s.map(str))


@settings(max_examples=60, deadline=None)
@given(logs(), st.sampled_from(["day", "week", "month", "quarter"]),
       st.sampled_from(["kind", "site"]), st.booleans(), st.integers(0, 10_000),
       st.sampled_from([(None, None), ("2024-10", None), ("2024-10-15", "2024-12-20")]))
def test_activity_equals_the_crosstab_route(net, freq, by, compacted, seed, window):
    import dataclasses

    rng = np.random.default_rng(seed)
    inter = net.interactions.copy()
    m = len(inter)
    # missing values, a number and its text (one row in both routes), a site per row
    inter["kind"] = rng.choice(np.array(["walkabout", None, "1", 1, "meeting"], dtype=object), m)
    inter["site"] = rng.choice(np.array(["Piazza Roma", None, "Via Po"], dtype=object), m)
    if compacted:
        inter["n"] = rng.integers(1, 5, m)
    net = dataclasses.replace(net, interactions=inter)
    got = activity(net, freq=freq, by=by, start=window[0], end=window[1])
    want = _activity_by_crosstab(net, freq, by, *window)
    if want.empty:
        assert got.empty and list(got.columns) == list(want.columns)
    else:
        pd.testing.assert_frame_equal(got, want)


def test_timeline_carries_path_figures_and_reciprocity_per_period():
    # each period's diameter and average path length are those of its own largest
    # component (networkx); reciprocity only when source -> target is a direction
    log = pd.DataFrame({"date": ["2024-09-02", "2024-09-03", "2024-09-04", "2024-10-01",
                                 "2024-10-02", "2024-10-03"],
                        "source": ["a", "b", "c", "a", "b", "c"],
                        "target": ["b", "c", "d", "b", "a", "a"]})
    net = Network.from_interactions(log)
    tl = timeline(net)
    for period, (a, b) in (("2024-09", ("2024-09", "2024-09")),
                           ("2024-10", ("2024-10", "2024-10"))):
        G = net.graph(a, b)
        H = G.subgraph(max(nx.connected_components(G), key=len))
        assert tl.at[period, "diameter"] == nx.diameter(H)
        assert tl.at[period, "average_path_length"] == nx.average_shortest_path_length(H)
        assert np.isnan(tl.at[period, "reciprocity"])
    directed = timeline(net, directed=True)
    # September a->b, b->c, c->d: none returned; October a->b, b->a, c->a: 2 of 3
    assert directed.at["2024-09", "reciprocity"] == 0.0
    assert directed.at["2024-10", "reciprocity"] == nx.overall_reciprocity(
        net.graph("2024-10", "2024-10", directed=True)) == pytest.approx(2 / 3)


def _timeline_period_by_period(net, freq, site=None, start=None, end=None, weight="count",
                               directed=False):
    """The route before the grouping: ``net.ties`` of each period's own window
    (the whole log filtered once per period), kept as the oracle."""
    from reterete.metrics.structure import summary_of_ties
    from reterete.metrics.temporal import _clip, _resolve, period_label, periods
    from reterete.window import Window

    freq = _resolve(net, freq, start, end)
    rows, index = [], []
    for p in periods(net, freq, start=start, end=end):
        a, b = _clip(p, Window(start, end))
        ties = net.ties(start=a, end=b, site=site, weight=weight, directed=directed)
        rows.append(summary_of_ties(ties, net.actors, "sector", weight="weight",
                                    directed=directed))
        index.append(period_label(p))
    return pd.DataFrame(rows, index=pd.Index(index, name="period", dtype=object))


@settings(max_examples=60, deadline=None)
@given(logs(), st.sampled_from(["day", "week", "month", "quarter"]),
       st.sampled_from(["count", "duration", "decayed"]), st.booleans(), st.integers(0, 99),
       st.sampled_from([(None, None), ("2024-10", None), ("2024-10-15", "2024-12-20"),
                        ("2023-01", "2023-03")]), st.booleans())
def test_timeline_equals_the_period_by_period_route(net, freq, weight, by_site, seed, window,
                                                    directed):
    import dataclasses

    rng = np.random.default_rng(seed)
    inter = net.interactions.copy()
    inter["site"] = rng.choice(np.array(["Piazza Roma", "Via Po"], dtype=object), len(inter))
    inter["minutes"] = rng.integers(5, 60, len(inter)).astype(float)
    net = dataclasses.replace(net, interactions=inter,
                              site_names={"piazza roma": "Piazza Roma", "via po": "Via Po"})
    site = "Piazza Roma" if by_site else None
    got = timeline(net, freq, site, start=window[0], end=window[1], weight=weight,
                   directed=directed)
    want = _timeline_period_by_period(net, freq, site, *window, weight=weight,
                                      directed=directed)
    assert list(got.index) == list(want.index)
    if not want.empty:
        pd.testing.assert_frame_equal(got[want.columns], want, check_dtype=False)


def _since_1900():
    """A 2024 log with one row dated 1900 (a typing error): 125 years of periods."""
    return Network.from_interactions(pd.DataFrame({
        "date": ["1900-01-01", "2024-09-02", "2024-10-05", "2024-12-30"],
        "source": ["Ada", "Ada", "Bea", "Cy"], "target": ["Bea", "Cy", "Cy", "Dan"]}))


@pytest.mark.parametrize("freq", ["hour", "day", "week"])
@pytest.mark.parametrize("table", [timeline, activity, tie_dynamics])
def test_too_many_periods_ask_for_a_coarser_grain(freq, table):
    from reterete.metrics.temporal import MAX_PERIODS

    with pytest.raises(InputError) as err:
        table(_since_1900(), freq)
    text = str(err.value)
    assert "1900-01-01" in text and "2024-12-30" in text
    assert "--freq month" in text and "1,500" in text and f"{MAX_PERIODS:,}" in text


def test_a_century_by_month_is_answered_with_its_empty_months():
    net = _since_1900()
    tl = timeline(net, "month")
    assert len(tl) == 1500 and tl.index[0] == "1900-01" and tl.index[-1] == "2024-12"
    assert tl["interactions"].sum() == 4 and (tl["interactions"] > 0).sum() == 4
    assert tl.loc["1950-06", "actors"] == 0 and pd.isna(tl.loc["1950-06", "density"])
    assert timeline(net, None).attrs["freq"] == "quarter" and len(timeline(net, None)) == 500
    # a window inside the span is as fine as it is short
    assert len(timeline(net, "day", start="2024-09", end="2024-12")) == 122


def test_no_grain_fits_then_only_a_shorter_window_is_suggested(monkeypatch):
    from reterete.metrics import temporal

    monkeypatch.setattr(temporal, "MAX_PERIODS", 400)  # 500 quarters do not fit
    with pytest.raises(InputError, match="shorter window") as err:
        timeline(_since_1900(), "quarter")
    assert "--freq" not in str(err.value)
