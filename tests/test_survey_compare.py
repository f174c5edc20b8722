"""Survey waves compared: observed figures equal the per-wave summary, the
bootstrap's quadratic forms equal explicitly resampled networks, and the dyad
swaps equal swapping the answers by hand (hypothesis)."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete.metrics.compare import compare_graphs
from reterete.survey import read_survey, wave_summary
from reterete.survey.compare import _stats, _swaps, _wave, compare_waves

NAMES = list("ABCDEFG")


@st.composite
def two_waves(draw):
    rows = []
    for w in ("2024-09", "2024-12"):
        for r in NAMES[:draw(st.integers(3, len(NAMES)))]:
            if not draw(st.booleans()):
                continue
            partners = draw(st.lists(st.sampled_from([x for x in NAMES if x != r]),
                                     unique=True, min_size=1, max_size=4))
            for p in partners:
                rows.append({"respondent": r, "partner": p, "wave": w,
                             "trust_a": draw(st.one_of(st.none(), st.integers(1, 4))),
                             "value_a": draw(st.one_of(st.none(), st.integers(1, 4)))})
    frame = pd.DataFrame(rows, columns=["respondent", "partner", "wave", "trust_a", "value_a"])
    for w in ("2024-09", "2024-12"):  # both waves need a tie
        if not (frame["wave"] == w).any():
            frame.loc[len(frame)] = {"respondent": "A", "partner": "B", "wave": w,
                                     "trust_a": 3, "value_a": 2}
    return frame


def explicit(s, wave, order, counts):
    """Figures of a resampled wave built copy by copy."""
    copies = [a for a, c in zip(order, counts, strict=True)
              for _ in range(int(c)) if a in set(s.actors_of(wave))]
    t = s.ties[s.ties["wave"] == wave]
    arcs = {(a, b): (tr, va) for a, b, tr, va in zip(t["respondent"], t["partner"],
                                                     t["trust"], t["value"], strict=True)}
    named, mutual, trust, value = 0, 0, [], []
    for a, b in itertools.permutations(copies, 2):
        if a == b or (a, b) not in arcs:
            continue
        named += 1
        mutual += (b, a) in arcs
        tr, va = arcs[(a, b)]
        if tr == tr:
            trust.append(tr)
        if va == va:
            value.append(va)
    n = len(copies)
    pairs = sum(1 for a, b in itertools.permutations(copies, 2) if a != b)
    return {"named_ties": named, "named_density": named / pairs if pairs else np.nan,
            "reciprocity": mutual / named if named else np.nan,
            "trust_mean": np.mean(trust) if trust else np.nan,
            "value_mean": np.mean(value) if value else np.nan, "n": n}


@settings(max_examples=40, deadline=None)
@given(two_waves(), st.integers(0, 2**32 - 1))
def test_quadratic_forms_equal_explicit_resamples(frame, seed):
    s = read_survey(frame)
    order = sorted(set(s.actors_of("2024-09")) | set(s.actors_of("2024-12")))
    idx = {a: i for i, a in enumerate(order)}
    rng = np.random.default_rng(seed)
    counts = np.bincount(rng.integers(0, len(order), len(order)), minlength=len(order))
    for w in s.waves:
        W = _wave(s, w, idx, len(order))
        got = _stats(W, (counts * W["p"])[None, :].astype(float))
        want = explicit(s, w, order, counts)
        for k in got:
            assert got[k][0] == pytest.approx(want[k], nan_ok=True), k


@settings(max_examples=40, deadline=None)
@given(two_waves())
def test_observed_figures_equal_the_wave_summary(frame):
    s = read_survey(frame)
    res = compare_waves(s, "2024-09", "2024-12", n_boot=50, seed=3)
    summary = wave_summary(s)
    for key, col in (("named_ties", "ties"), ("named_density", "density"),
                     ("reciprocity", "reciprocity"), ("trust_mean", "trust"),
                     ("value_mean", "value")):
        assert res.table.at[key, "start"] == pytest.approx(summary.at["2024-09", col],
                                                           nan_ok=True)
        assert res.table.at[key, "end"] == pytest.approx(summary.at["2024-12", col],
                                                         nan_ok=True)
    # the undirected rows are compare_graphs on the networks with directions dropped
    base = compare_graphs(nx.Graph(s.graph("2024-09")), nx.Graph(s.graph("2024-12")),
                          n_boot=50, seed=3)
    pd.testing.assert_frame_equal(res.table.loc[base.table.index], base.table,
                                  check_names=False)


@settings(max_examples=30, deadline=None)
@given(two_waves(), st.integers(0, 2**32 - 1))
def test_dyad_swaps_equal_swapping_answers_by_hand(frame, seed):
    s = read_survey(frame)
    order = sorted(set(s.actors_of("2024-09")) | set(s.actors_of("2024-12")))
    idx = {a: i for i, a in enumerate(order)}
    N = len(order)
    S, E = _wave(s, "2024-09", idx, N), _wave(s, "2024-12", idx, N)
    keep = np.ones(N, dtype=bool)
    perm, obs = _swaps(S, E, keep, 20, np.random.default_rng(seed))
    # the same bits, drawn again, applied to whole dyads of the two matrices
    iu, ju = np.triu_indices(N, k=1)
    keys = ("A", "trust", "trust_n", "value", "value_n")
    # a dyad's answers matter through its totals (arcs, mutual arcs, rating sums and
    # counts over both directions): only dyads whose totals differ are drawn for
    differ = [k for k, (i, j) in enumerate(zip(iu, ju, strict=True))
              if any(S[m][i, j] + S[m][j, i] != E[m][i, j] + E[m][j, i] for m in keys)
              or S["A"][i, j] * S["A"][j, i] != E["A"][i, j] * E["A"][j, i]]
    K = len(differ)
    rng = np.random.default_rng(seed)
    bits = (np.unpackbits(rng.integers(0, 256, (20, (K + 7) // 8), dtype=np.uint8), axis=1,
                          count=K) if K else np.zeros((20, 0), dtype=np.uint8))
    n_s, n_e = S["p"].sum(), E["p"].sum()

    def figures(W, n):
        A = W["A"]
        arcs = A.sum()
        return {"named_ties": arcs, "named_density": arcs / (n * (n - 1)),
                "reciprocity": (A * A.T).sum() / arcs if arcs else np.nan,
                "trust_mean": W["trust"].sum() / W["trust_n"].sum() if W["trust_n"].sum()
                else np.nan,
                "value_mean": W["value"].sum() / W["value_n"].sum() if W["value_n"].sum()
                else np.nan}

    for r in range(20):
        S2 = {m: S[m].copy() for m in keys}
        E2 = {m: E[m].copy() for m in keys}
        for b, k in zip(bits[r], differ, strict=True):
            if b:
                i, j = iu[k], ju[k]
                for m in keys:
                    for a, c in ((i, j), (j, i)):
                        S2[m][a, c], E2[m][a, c] = E[m][a, c], S[m][a, c]
        fs, fe = figures(S2, n_s), figures(E2, n_e)
        for k in perm:
            assert perm[k][r] == pytest.approx(fe[k] - fs[k], nan_ok=True), k
    fs, fe = figures(S, n_s), figures(E, n_e)
    for k in obs:
        assert obs[k] == pytest.approx(fe[k] - fs[k], nan_ok=True)


def test_the_example_wave_change_is_found(cremona_dir, cremona_registry):
    from reterete.examples import cremona

    s = read_survey(cremona_dir / cremona.FILES["survey"], actors=cremona_registry)
    res = compare_waves(s, "2024-09", "2024-12", n_boot=500, seed=1)
    row = res.table.loc["trust_mean"]
    assert row["delta"] > 0 and row["ci_low"] > 0 and row["p_value_all"] < 0.01
    again = compare_waves(s, "2024-09", "2024-12", n_boot=500, seed=1)
    pd.testing.assert_frame_equal(res.table, again.table)
    assert res.lines()[-1].startswith("What this can show: whether what partners say")


def test_an_unknown_wave_is_named():
    from reterete.errors import InputError

    s = read_survey(pd.DataFrame({"respondent": ["A"], "partner": ["B"], "wave": ["w1"]}))
    with pytest.raises(InputError, match="'w9' is not a wave of the survey: its waves are w1"):
        compare_waves(s, "w1", "w9")
