"""recommend: hand-worked rankings, components recomputed independently
(networkx neighbourhoods, brute-force pair counts), and the score formula."""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reterete.errors import InputError
from reterete.metrics.recommend import COLUMNS, only_links, recommend
from reterete.network import Network


def _net():
    log = pd.DataFrame({
        "date": pd.to_datetime(["2024-09-02", "2024-09-20", "2024-09-21", "2024-11-28",
                                "2024-11-29", "2024-11-30", "2024-11-10", "2024-11-12"]),
        "source": ["Educatore", "Bar", "Bar", "Comitato", "Comitato", "Educatore", "Sara",
                   "Parroco"],
        "target": ["Bar", "Anna", "Luca", "Marta", "Sara", "Luca", "Parroco", "Vigile"],
        "site": ["Roma"] * 6 + ["Marconi", "Marconi"]})
    actors = pd.DataFrame({
        "name": ["Educatore", "Vigile", "Bar", "Comitato", "Sara", "Marta", "Anna", "Luca",
                 "Parroco"],
        "team": [True, True, False, False, False, False, False, False, False],
        "sector": ["educativa", "sicurezza", "commercio", "civico", "residenti", "residenti",
                   "residenti", "residenti", "religioso"]})
    return Network.from_interactions(log, actors=actors)


def test_hand_worked_ranking():
    net = _net()
    table = recommend(net, "Roma", n=10, end="2024-11-30")
    assert list(table.columns) == COLUMNS
    by = table.set_index("actor")
    # engaged: the team and Luca (team contact on 30 Nov); Bar's last team contact
    # (2 Sep) is 89 days old: fading. Sara's tie to Parroco who met the Vigile
    # doesn't make her engaged, but Parroco is engaged (met the Vigile) and so
    # Sara is already reached by someone engaged.
    assert "luca" not in by.index and "educatore" not in by.index
    assert by.loc["bar", "status"] == "fading" and by.loc["bar", "days_since_team"] == 89
    assert by.loc["sara", "status"] == "not engaged"
    assert np.isnan(by.loc["sara", "days_since_team"])
    # new reach at Roma (targets: educatore, bar, anna, luca, comitato, marta, sara),
    # on top of what the engaged reach (educatore, bar, luca, and sara via parroco):
    assert by["gain"].to_dict() == {"comitato": 2, "sara": 1, "marta": 2, "bar": 1, "anna": 1}
    # Sara adds one actor but is the only link between two sectors:
    # 0.5 * 1/2 + 0.3 * 1 + 0.2 * 2**(-1/60) beats Comitato's 0.5 * 1 + 0.2 * 2**(-1/60)
    assert table["actor"].tolist()[:2] == ["sara", "comitato"]
    assert "last contact with the team 89 days before 30 November 2024" in \
        by.loc["bar", "reasons"]
    assert by.loc["comitato", "reasons"][0] == \
        "reaches 2 actors at Roma that no one engaged is in touch with"


def test_score_is_the_documented_formula():
    table = recommend(_net(), "Roma", n=10)
    g = table["gain"] / table["gain"].max()
    b = table["bridging"] / table["bridging"].max() if table["bridging"].max() else 0
    r = 2.0 ** (-table["days_since_seen"] / 60)
    np.testing.assert_allclose(table["score"], 0.5 * g + 0.3 * b + 0.2 * r)
    assert table["score"].is_monotonic_decreasing
    np.testing.assert_allclose(table["recency"], r)


def test_bridging_and_only_links_by_hand():
    table = recommend(_net(), "Roma", n=10).set_index("actor")
    # Comitato's contacts Marta and Sara are both residents: no cross-sector pair.
    assert table.loc["comitato", "bridging"] == 0
    # Sara links Comitato (civico) and Parroco (religioso), who are not in touch;
    # and no one else touches both: the only link between civico and religioso.
    assert table.loc["sara", "bridging"] == 1
    assert ("civico", "religioso") in table.loc["sara", "only_link"]
    assert "only link between civico and religioso" in table.loc["sara", "reasons"]


def test_n_and_window_and_errors():
    net = _net()
    assert len(recommend(net, "Roma", n=2)) == 2
    with pytest.raises(InputError):
        recommend(net, "Roma", n=0)
    with pytest.raises(InputError):
        recommend(net, "Roma", stale_days=0)
    with pytest.raises(InputError, match="no site"):
        recommend(net, "Nowhere")
    # with a long memory Bar is engaged again
    assert "bar" not in set(recommend(net, "Roma", stale_days=365)["actor"])


def test_ages_count_back_from_the_logs_end_not_from_today():
    # Regression: a 2013 log said "last seen today" (meaning the log's last
    # day). Ages count back from the window's end, else from the last contact,
    # and the table says which, once.
    log = pd.DataFrame({"date": pd.to_datetime(["2013-12-02", "2013-12-04", "2013-12-06"]),
                        "source": ["Educatore", "Bar", "Anna"],
                        "target": ["Luca", "Anna", "Marta"], "site": ["Roma"] * 3})
    net = Network.from_interactions(log, actors=pd.DataFrame({"name": ["Educatore"],
                                                              "team": [True]}))
    by = recommend(net, "Roma").set_index("actor")
    assert by.loc["marta", "reasons"][-1] == "last seen on 6 December 2013"
    assert by.loc["bar", "reasons"][-1] == "last seen 2 days before 6 December 2013"
    assert not any("today" in r or "yesterday" in r or "ago" in r
                   for reasons in by["reasons"] for r in reasons)
    table = recommend(net, "Roma")
    assert table.attrs["reference"] == "2013-12-06"
    assert table.attrs["notes"] == ["Days count back from 6 December 2013, the day of the last "
                                    "contact in the logs, not from today."]
    windowed = recommend(net, "Roma", end="2013-12-10")
    assert windowed.attrs["reference"] == "2013-12-10"
    assert "the end of the window" in windowed.attrs["notes"][0]
    assert windowed.set_index("actor").loc["marta", "reasons"][-1] == \
        "last seen 4 days before 10 December 2013"


def test_without_a_team_it_is_said_once_not_on_every_actor():
    # Regression: with no team every actor's reasons said "not in touch with
    # the team yet". Say once that no team is defined; drop that reason.
    log = pd.DataFrame({"date": pd.to_datetime(["2024-09-02", "2024-09-04"]),
                        "source": ["Bar", "Anna"], "target": ["Anna", "Marta"],
                        "site": ["Roma"] * 2})
    net = Network.from_interactions(log)
    assert net.team() == [] or len(net.team()) == 0
    table = recommend(net, "Roma")
    assert len(table) == 3
    assert not any("team" in r for reasons in table["reasons"] for r in reasons)
    assert sum("No team is defined" in n for n in table.attrs["notes"]) == 1
    with_team = recommend(_net(), "Roma", end="2024-11-30")
    assert not any("No team" in n for n in with_team.attrs["notes"])
    assert "not in touch with the team yet" in with_team.set_index("actor").loc[
        "sara", "reasons"]


def test_everyone_engaged_gives_an_empty_table():
    log = pd.DataFrame({"date": pd.to_datetime(["2024-09-02"]), "source": ["Educatore"],
                        "target": ["Bar"], "site": ["Roma"]})
    net = Network.from_interactions(log, actors=pd.DataFrame({"name": ["Educatore"],
                                                              "team": [True]}))
    table = recommend(net, "Roma")
    assert table.empty and list(table.columns) == COLUMNS


@st.composite
def grouped_graphs(draw):
    n = draw(st.integers(2, 9))
    G = nx.gnp_random_graph(n, draw(st.floats(0.1, 0.7)), seed=draw(st.integers(0, 9999)))
    groups = {v: draw(st.sampled_from("abc")) for v in G if draw(st.booleans()) or v % 2}
    return G, groups


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grouped_graphs())
def test_only_links_against_brute_force(inst):
    G, groups = inst
    got = only_links(G, None, groups)
    labels = sorted(set(groups.values()))

    def touches(v, g):
        return any(groups.get(u) == g for u in [v, *G[v]])

    for v in G:
        want = [(a, b) for a, b in combinations(labels, 2)
                if touches(v, a) and touches(v, b)
                and sum(touches(u, a) and touches(u, b) for u in G) == 1]
        assert got[v] == want
