"""Roster surveys: reading, per-wave figures against a plain pandas computation
(random surveys from hypothesis), row-level errors, agreement with logs
against a set computation."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete import Network
from reterete.errors import IngestError
from reterete.identity import normalize_name
from reterete.survey import (
    actor_scores,
    agreement,
    agreement_ties,
    read_survey,
    scores_by,
    tie_scores,
    wave_summary,
)

ORGS = ["Caritas Cremonese", "Arci Cremona", "Auser Cremona", "Liceo Manin",
        "Oratorio Cristo Re", "Comitato Centro Storico", "Servizio Minori e Famiglie",
        "Cooperativa Cospes"]
WAVES = ["2024-09", "2024-12", "2025-03"]


@st.composite
def surveys(draw):
    """A random survey: respondents naming random partners with random ratings,
    some left unanswered, some respondents naming nobody, in 1-3 waves."""
    n_orgs = draw(st.integers(2, len(ORGS)))
    orgs = ORGS[:n_orgs]
    waves = WAVES[:draw(st.integers(1, 3))]
    rating = st.one_of(st.none(), st.integers(1, 4))
    rows = []
    for w in waves:
        for r in orgs:
            if not draw(st.booleans()):
                continue  # did not answer this wave
            partners = draw(st.lists(st.sampled_from([o for o in orgs if o != r]),
                                     unique=True, max_size=n_orgs - 1))
            if not partners:
                rows.append({"Rispondente": r, "Partner": None, "Ondata": w,
                             "Fiducia - affidabilità": None, "Fiducia (impegno)": None,
                             "Valore": None, "Frequenza": None})
            for p in partners:
                rows.append({"Rispondente": r, "Partner": p, "Ondata": w,
                             "Fiducia - affidabilità": draw(rating),
                             "Fiducia (impegno)": draw(rating), "Valore": draw(rating),
                             "Frequenza": draw(st.sampled_from(["mensile", "settimanale"]))})
    if not rows:
        rows.append({"Rispondente": orgs[0], "Partner": orgs[1], "Ondata": waves[0],
                     "Fiducia - affidabilità": 3, "Fiducia (impegno)": None, "Valore": 2,
                     "Frequenza": None})
    return pd.DataFrame(rows)


def plain_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """Per-wave figures the plain way, straight from the answers."""
    out = {}
    for w, g in frame.groupby("Ondata", sort=False):
        ties = g[g["Partner"].notna()]
        actors = set(g["Rispondente"]) | set(ties["Partner"])
        n, m = len(actors), len(ties)
        pairs = set(zip(ties["Rispondente"], ties["Partner"], strict=True))
        recip = sum((b, a) in pairs for a, b in pairs) / m if m else np.nan
        trust = ties[["Fiducia - affidabilità", "Fiducia (impegno)"]].astype(float).mean(axis=1)
        value = ties["Valore"].astype(float)
        out[w] = {"respondents": g["Rispondente"].nunique(), "actors": n, "ties": m,
                  "density": m / (n * (n - 1)) if n > 1 else np.nan, "reciprocity": recip,
                  "trust": trust.mean(), "value": value.mean()}
    return pd.DataFrame(out).T


@settings(max_examples=60, deadline=None)
@given(surveys())
def test_wave_figures_equal_a_plain_computation(frame):
    got = wave_summary(read_survey(frame))
    want = plain_figures(frame).loc[list(got.index)]
    pd.testing.assert_frame_equal(got.astype(float), want.astype(float), check_names=False,
                                  check_index_type=False)


@settings(max_examples=40, deadline=None)
@given(surveys())
def test_wave_figures_equal_networkx_on_the_wave_graphs(frame):
    s = read_survey(frame)
    table = wave_summary(s)
    for w in s.waves:
        G = s.graph(w)
        assert table.at[w, "density"] == pytest.approx(nx.density(G), nan_ok=True) \
            if G.number_of_nodes() > 1 else np.isnan(table.at[w, "density"])
        if G.number_of_edges():
            assert table.at[w, "reciprocity"] == pytest.approx(nx.overall_reciprocity(G))


@settings(max_examples=40, deadline=None)
@given(surveys())
def test_received_scores_are_means_over_the_respondents_naming(frame):
    s = read_survey(frame)
    got = actor_scores(s).set_index(["wave", "actor"])
    ties = frame[frame["Partner"].notna()].copy()
    ties["trust"] = ties[["Fiducia - affidabilità", "Fiducia (impegno)"]].astype(float).mean(
        axis=1)
    for (w, p), g in ties.groupby(["Ondata", "Partner"]):
        row = got.loc[(w, normalize_name(p))]
        assert row["named_by"] == len(g)
        assert row["trust_received"] == pytest.approx(g["trust"].mean(), nan_ok=True)
        assert row["value_received"] == pytest.approx(g["Valore"].astype(float).mean(),
                                                      nan_ok=True)
    named = set(zip(ties["Ondata"], ties["Partner"].map(normalize_name), strict=True))
    for (w, a), row in got.iterrows():
        if (w, a) not in named:
            assert row["named_by"] == 0 and np.isnan(row["trust_received"])


def test_reading_csv_semicolon_windows_1252_xlsx_and_ods(tmp_path):
    frame = pd.DataFrame({"Rispondente": ["Società Dante", "Arci"],
                          "Partner": ["Arci", "Società Dante"],
                          "Ondata": ["30/09/2024", "30/09/2024"], "Fiducia": [4, 3],
                          "Valore": [3, 2]})
    csv = tmp_path / "questionario.csv"
    csv.write_bytes(frame.to_csv(sep=";", index=False, lineterminator="\r\n").encode("cp1252"))
    xlsx = tmp_path / "questionario.xlsx"
    frame.to_excel(xlsx, index=False)
    ods = tmp_path / "questionario.ods"
    frame.to_excel(ods, index=False, engine="odf")
    for path in (csv, xlsx, ods):
        s = read_survey(path)
        assert s.waves == ("2024-09-30",)
        assert s.name_of("società dante") == "Società Dante"
        assert s.periods["2024-09-30"][0] == pd.Timestamp("2024-09-01")
        assert wave_summary(s).at["2024-09-30", "reciprocity"] == 1.0


def test_english_headers_and_a_five_point_scale():
    s = read_survey(pd.DataFrame({"respondent": ["A", "B"], "partner": ["B", "A"],
                                  "wave": ["spring", "spring"], "trust_reliability": [5, 2],
                                  "value_resources": [1, None]}))
    assert s.scale == 5 and s.waves == ("spring",) and s.periods["spring"] is None
    assert s.items == {"trust": ("trust_reliability",), "value": ("value_resources",)}


def test_bad_rows_are_named_with_row_and_column():
    registry = pd.DataFrame({"name": ["Arci", "Auser", "Caritas"]})
    frame = pd.DataFrame({
        "Rispondente": ["Arci", "Arci", "Arci", "Auser", "Auser", None, "Caritas"],
        "Partner": ["Auser", "Auser", "Ghost", "Arci", "Auser", "Arci", None],
        "Ondata": ["2024-09"] * 6 + [None],
        "Fiducia": [3, 4, 2, 7, "tanta", 2, None]})
    with pytest.raises(IngestError) as err:
        read_survey(frame, actors=registry, names=["q.csv"])
    got = {(p.row, p.column, str(p.value), p.reason.split(":")[0]) for p in err.value.problems}
    assert got == {
        (3, "Partner", "Auser", "is named twice by the same respondent in the same wave"),
        (4, "Partner", "Ghost", "is not in the actor registry"),
        (5, "Fiducia", "7", "is off the scale"),
        (6, "Fiducia", "tanta", "is not a rating"),
        (6, "Partner", "Auser", "is the respondent itself"),
        (7, "Rispondente", "None", "is empty"),
        (8, "Ondata", "None", "is empty"),
    }
    text = str(err.value)
    assert "q.csv, row 5, column 'Fiducia': '7' is off the scale: ratings go from 1 to 4" in text


def test_a_missing_column_is_named():
    with pytest.raises(IngestError) as err:
        read_survey(pd.DataFrame({"Rispondente": ["A"], "Fiducia": [3]}), names=["q.csv"])
    (p,) = err.value.problems
    assert p.row == 1 and "partner, wave" in p.reason


def test_repeated_problems_read_as_one_line():
    frame = pd.DataFrame({"respondent": ["A"] * 5, "partner": list("BCDEF"),
                          "wave": ["w"] * 5, "trust": [9] * 5})
    with pytest.raises(IngestError) as err:
        read_survey(frame, names=["q.csv"])
    lines = str(err.value).splitlines()
    assert len(lines) == 2 and "rows 2, 3, 4 and 2 more rows" in lines[1]


def test_aliases_of_the_registry_merge_names():
    registry = pd.DataFrame({"name": ["Cooperativa Cospes", "Arci"], "alias": ["Coop. Cospes", ""],
                             "sector": ["Educativa", "Associazioni"]})
    s = read_survey(pd.DataFrame({"respondent": ["Coop. Cospes", "Arci"],
                                  "partner": ["Arci", "Cooperativa Cospes"], "wave": ["w", "w"],
                                  "valore": [4, 2]}), actors=registry)
    assert wave_summary(s).at["w", "reciprocity"] == 1.0
    assert set(tie_scores(s)["respondent"]) == {"Cooperativa Cospes", "Arci"}
    by = scores_by(s).set_index("group")
    assert by.at["Associazioni", "value"] == 4.0 and by.at["Educativa", "value"] == 2.0


@st.composite
def survey_and_logs(draw):
    frame = draw(surveys())
    names = ORGS + ["Educatrice Marta Pini"]
    logs = []
    for w in frame["Ondata"].unique():
        month = pd.Period(w, "M")
        for a, b in itertools.combinations(names, 2):
            if draw(st.integers(0, 3)) == 0:
                day = draw(st.integers(1, month.days_in_month))
                logs.append({"date": f"{w}-{day:02d}", "source": a, "target": b})
    if not logs:
        logs.append({"date": "2024-08-01", "source": names[0], "target": names[1]})
    return frame, pd.DataFrame(logs)


@settings(max_examples=40, deadline=None)
@given(survey_and_logs())
def test_agreement_with_logs_equals_a_set_computation(data):
    frame, logs = data
    s = read_survey(frame)
    net = Network.from_interactions(logs)
    got = agreement(s, net)
    diff = agreement_ties(s, net)
    roster = set(frame["Rispondente"].map(normalize_name)) | set(
        frame["Partner"].dropna().map(normalize_name))
    for w, g in frame.groupby("Ondata"):
        ties = g[g["Partner"].notna()]
        reported = {frozenset((normalize_name(a), normalize_name(b)))
                    for a, b in zip(ties["Rispondente"], ties["Partner"], strict=True)}
        answered = set(g["Rispondente"].map(normalize_name))
        month = logs[logs["date"].str.startswith(w)]
        logged = {frozenset((normalize_name(a), normalize_name(b)))
                  for a, b in zip(month["source"], month["target"], strict=True)}
        logged = {p for p in logged if p <= roster and p & answered}
        row = got.loc[w]
        assert (row["reported"], row["logged"], row["both"]) == (
            len(reported), len(logged), len(reported & logged))
        union = reported | logged
        assert row["jaccard"] == pytest.approx(len(reported & logged) / len(union)
                                               if union else np.nan, nan_ok=True)
        d = diff[diff["wave"] == w]
        pairs = {s_: {frozenset(p) for p in zip(x["id_a"], x["id_b"], strict=True)}
                 for s_, x in d.groupby("status")}
        assert pairs.get("reported_only", set()) == reported - logged
        assert pairs.get("logged_only", set()) == logged - reported


def test_a_wave_without_a_date_cannot_meet_the_logs():
    from reterete.errors import InputError

    s = read_survey(pd.DataFrame({"respondent": ["A"], "partner": ["B"], "wave": ["primavera"]}))
    net = Network.from_interactions(pd.DataFrame({"date": ["2024-09-01"], "source": ["A"],
                                                  "target": ["B"]}))
    with pytest.raises(InputError, match="primavera"):
        agreement(s, net)
    assert agreement(s, net, periods={"primavera": ("2024-09", "2024-09")}).at[
        "primavera", "jaccard"] == 1.0


@settings(max_examples=40, deadline=None)
@given(surveys(), st.data())
def test_every_bad_rating_is_named_at_its_row_and_column(frame, data):
    """Ratings made bad at random cells: each is named at its spreadsheet row
    (header = 1) and column, and nothing else is."""
    frame = frame.copy().astype(object)
    rated = [i for i in range(len(frame)) if frame.at[i, "Partner"] is not None]
    if not rated:
        return
    columns = ["Fiducia - affidabilità", "Fiducia (impegno)", "Valore"]
    cells = data.draw(st.sets(st.tuples(st.sampled_from(rated), st.sampled_from(columns)),
                              min_size=1, max_size=5))
    for i, col in cells:
        frame.at[i, col] = data.draw(st.sampled_from([0, 5, 9, "tanta", 2.5, -1]))
    with pytest.raises(IngestError) as err:
        read_survey(frame, names=["q.csv"], scale=4)
    got = {(p.row, p.column) for p in err.value.problems}
    assert got == {(i + 2, col) for i, col in cells}
    assert all(p.file == "q.csv" for p in err.value.problems)
