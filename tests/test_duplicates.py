"""reterete.ingest.duplicates: the blocked search finds exactly the pairs the full
n x n table finds (issue 12, item 7), and the table a person reads shows what
the eye cannot see (homoglyphs, invisible characters)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete.ingest import duplicates as dup
from reterete.ingest.duplicates import describe_difference, likely_duplicates, similar_pairs

# small alphabets make many near pairs, the hard case for a filter
words = st.text(alphabet="aeiorstnl", min_size=1, max_size=9)
name_sets = st.lists(st.lists(words, min_size=1, max_size=3).map(" ".join),
                     min_size=2, max_size=60, unique=True)


def _reference(keys: list[str], threshold: float) -> set[tuple[int, int, float]]:
    """Every pair scored one by one with rapidfuzz: the independent route."""
    from rapidfuzz import fuzz

    out = set()
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            s = fuzz.ratio(keys[i], keys[j])
            if s >= threshold:
                out.add((i, j, round(s, 3)))
    return out


def _as_set(i, j, s) -> set[tuple[int, int, float]]:
    return {(int(a), int(b), round(float(c), 3)) for a, b, c in zip(i, j, s, strict=True)}


@settings(max_examples=150, deadline=None)
@given(name_sets, st.floats(66.7, 100.0))
def test_blocked_finds_exactly_the_pairs_of_the_full_table(keys, threshold):
    full = _as_set(*similar_pairs(keys, threshold=threshold, method="full"))
    blocked = _as_set(*similar_pairs(keys, threshold=threshold, method="blocked"))
    assert blocked == full == _reference(keys, threshold)


def test_blocked_on_many_similar_names():
    rng = np.random.default_rng(3)
    base = ["mario rossi", "giulia bianchi", "cooperativa cospes", "bar portici",
            "comitato centro storico", "ada"]
    keys = set(base)
    while len(keys) < 1500:  # typos: a deletion, an insertion, a substitution
        w = list(base[rng.integers(len(base))])
        for _ in range(rng.integers(1, 4)):
            p = int(rng.integers(len(w)))
            op = rng.integers(3)
            if op == 0 and len(w) > 1:
                del w[p]
            elif op == 1:
                w.insert(p, "abcdefghilmnoprstuvz"[rng.integers(20)])
            else:
                w[p] = "abcdefghilmnoprstuvz"[rng.integers(20)]
        keys.add("".join(w))
    keys = sorted(keys)
    for threshold in (70.0, 88.0, 95.0):
        full = _as_set(*similar_pairs(keys, threshold=threshold, method="full"))
        blocked = _as_set(*similar_pairs(keys, threshold=threshold, method="blocked"))
        assert blocked == full and len(full) > 1000


def test_likely_duplicates_same_table_blocked_or_not(monkeypatch):
    rng = np.random.default_rng(0)
    first = ["Mario", "Maria", "Luca", "Luka", "Anna", "Ana", "Paolo", "Pablo"]
    last = ["Rossi", "Rosi", "Bianchi", "Bianki", "Verdi", "Verde", "Neri", "Nero"]
    names = {f"{f} {s} {k}": f"{f} {s} {k}" for f in first for s in last
             for k in ("", "jr", "sr")}
    series = pd.Series(names).sample(frac=1, random_state=int(rng.integers(100)))
    series["mario rossi bis"] = "MARIO  ROSSI"  # same key as "Mario Rossi ": scores 100
    monkeypatch.setattr(dup, "FULL_UP_TO", 10**9)
    full = likely_duplicates(series, threshold=80, limit=10**6)
    monkeypatch.setattr(dup, "FULL_UP_TO", 0)
    blocked = likely_duplicates(series, threshold=80, limit=10**6)
    pd.testing.assert_frame_equal(full, blocked)
    assert (full["score"] == 100).any()


def test_old_full_table_is_reproduced():
    """The table before blocking: rapidfuzz's token_sort_ratio over the n x n cdist."""
    from rapidfuzz import fuzz, process

    names = pd.Series({f"id{i}": n for i, n in enumerate(
        ["Coop. Cospes", "Cooperativa Cospes", "Rossi Mario", "Mario Rossi", "Mario Rosi",
         "Bar Roma", "Bar Rome", "Parr. San Ilario", "Parrocchia S. Ilario", "Ada"])})
    got = likely_duplicates(names, threshold=85)
    keys = [dup._comparable(n) for n in names]
    scores = process.cdist(keys, keys, scorer=fuzz.token_sort_ratio, dtype=np.float32,
                           score_cutoff=85.0)
    i, j = np.nonzero(np.triu(scores, k=1))
    want = pd.DataFrame({"name_a": names.to_numpy()[i], "name_b": names.to_numpy()[j],
                         "score": scores[i, j].astype(float).round(1)})
    want = want.sort_values(["score", "name_a", "name_b"], ascending=[False, True, True],
                            kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(got[["name_a", "name_b", "score"]], want)


def test_too_many_names_are_skipped_with_a_word(monkeypatch):
    monkeypatch.setattr(dup, "MAX_NAMES", 3)
    names = pd.Series({k: k for k in ["ada", "bea", "cy", "dan"]})
    with pytest.warns(UserWarning, match="skipped"):
        assert likely_duplicates(names).empty


def test_homoglyphs_and_invisible_characters_are_shown():
    cyr = "Mari\u043e Rossi"  # a Cyrillic o
    out = likely_duplicates(pd.Series({"a": "Mario Rossi", "b": cyr}), threshold=50)
    diff = out["difference"].iloc[0]
    assert "U+043E CYRILLIC SMALL LETTER O" in diff and "U+006F" in diff
    zw = describe_difference("Paolo Rizzi", "Paolo\u200b Rizzi")
    assert "U+200B ZERO WIDTH SPACE" in zw and "(invisible)" in zw
    assert describe_difference("Bar Roma", "Bar Rome") is None
    assert "U+00E8" in describe_difference("Caffe", "Caff\u00e8")
