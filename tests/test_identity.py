"""The identity rule (NFKC, case folding, trimming, inner spaces), registry
aliases, and likely duplicates reported but never merged."""

from __future__ import annotations

import datetime
from unittest import mock

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete import identity
from reterete.identity import SMALL, distinct, fold_key, normalize_name, normalize_series
from reterete.ingest import check_contacts, likely_duplicates, read_contacts


@pytest.mark.parametrize("a, b", [
    ("Bar Roma", "bar roma"), ("  Bar Roma ", "Bar Roma"), ("Bar\u00a0Roma", "Bar Roma"),
    ("Bar \t\u2003 Roma", "Bar Roma"), ("Straße", "STRASSE"), ("ﬁore", "fiore"),
    ("Ｂａｒ", "bar"), ("Cafe\u0301", "Café"), ("ÉCOLE", "école"),
])
def test_names_equal_under_the_rule(a, b):
    assert normalize_name(a) == normalize_name(b)


@pytest.mark.parametrize("a, b", [("Coop. Cospes", "Cooperativa Cospes"), ("Cafe", "Café"),
                                  ("Bar Roma", "BarRoma")])
def test_names_the_rule_keeps_apart(a, b):
    assert normalize_name(a) != normalize_name(b)


def test_normalize_series_matches_the_scalar_rule_and_keeps_missing():
    values = pd.Series(["Bar Roma", None, " bar\u00a0roma", "Ada"])
    out = normalize_series(values)
    assert out.tolist() == ["bar roma", None, "bar roma", "ada"]


def test_fold_key():
    assert fold_key("Durata (min)") == fold_key("DURATA") == "durata"
    assert fold_key("Attore_1") == fold_key("attore-1") == fold_key("Attore 1")


def test_log_names_merge_under_the_rule_and_keep_the_first_spelling(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("date,source,target\n15/09/2024,Bar  Roma,Ada\n16/09/2024,BAR ROMA,ada\n",
                    encoding="utf-8")
    net = read_contacts(path)
    assert net.actors["name"].to_dict() == {"bar roma": "Bar  Roma", "ada": "Ada"}
    assert net.graph()["ada"]["bar roma"]["count"] == 2


def test_registry_aliases_merge_and_registry_names_show(tmp_path):
    log = pd.DataFrame({"date": ["2024-09-15", "2024-09-16"],
                        "source": ["Coop. Cospes", "Cooperativa Cospes"],
                        "target": ["Ada", "Ada"]})
    reg = pd.DataFrame({"name": ["Cooperativa Cospes"], "aliases": ["Coop. Cospes | Cospes"]})
    net = read_contacts(log, actors=reg)
    assert net.graph()["ada"]["cooperativa cospes"]["count"] == 2
    assert net.actors.loc["cooperativa cospes", "name"] == "Cooperativa Cospes"
    assert "coop. cospes" not in net.actors.index


def test_likely_duplicates_are_reported_never_merged(tmp_path):
    log = pd.DataFrame({"date": ["2024-09-15"] * 3,
                        "source": ["Coop. Cospes", "Cooperativa Cospes", "Parrocchia S. Ilario"],
                        "target": ["Ada", "Ada", "Parr. San Ilario"]})
    result = check_contacts(log)
    assert {"coop. cospes", "cooperativa cospes"} <= set(result.network.actors.index)
    dups = result.duplicates()
    pairs = {frozenset(p) for p in zip(dups["name_a"], dups["name_b"], strict=True)}
    assert frozenset({"Coop. Cospes", "Cooperativa Cospes"}) in pairs
    assert frozenset({"Parrocchia S. Ilario", "Parr. San Ilario"}) in pairs
    assert all(0 <= s <= 100 for s in dups["score"])


def test_likely_duplicates_scores_agree_with_rapidfuzz_directly():
    from rapidfuzz import fuzz

    names = pd.Series({"bar roma": "Bar Roma", "bar rome": "Bar Rome", "ada": "Ada"})
    dups = likely_duplicates(names, threshold=80)
    assert dups[["name_a", "name_b"]].values.tolist() == [["Bar Roma", "Bar Rome"]]
    # bug fixed: scores were rounded to whole numbers (87.5 reported as 88,
    # passing the default threshold of 88)
    assert dups["score"].iloc[0] == round(fuzz.token_sort_ratio("bar roma", "bar rome"), 1)
    assert likely_duplicates(names).empty


def test_display_name_is_the_spelling_met_first_in_row_order():
    """A name first written as a target and later in capitals as a source keeps
    the spelling of its first row, whatever the column."""
    import pandas as pd

    from reterete.ingest import read_contacts

    log = pd.DataFrame({"date": ["2024-09-02", "2024-09-03", "2024-09-04"],
                        "source": ["Ada", "CAFFÈ CENTRALE", "Bea"],
                        "target": ["Caffè Centrale", "Bea", "ada"]})
    names = read_contacts(log).actors["name"].to_dict()
    assert names == {"ada": "Ada", "caffè centrale": "Caffè Centrale", "bea": "Bea"}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.just(float("nan")), st.just(pd.NaT), st.just(pd.NA),
                          st.sampled_from(["a", "B", "a ", ""]), st.integers(-2, 2),
                          st.floats(allow_nan=False, width=16), st.booleans(),
                          st.sampled_from([pd.Timestamp("2024-09-02"),
                                           datetime.datetime(2024, 9, 2)])),
                max_size=SMALL))
def test_short_columns_factorize_as_pandas_does(values):
    """distinct's plain-Python route for short object columns (an entry logged
    in the app) gives what its pandas.factorize route gives."""
    column = pd.Series(values, dtype=object)
    codes, uniques = distinct(column)
    with mock.patch.object(identity, "SMALL", -1):
        want_codes, want_uniques = distinct(column)
    assert codes.tolist() == want_codes.tolist()
    assert uniques.dtype == want_uniques.dtype
    assert [(type(u), u) for u in uniques] == [(type(u), u) for u in want_uniques]
