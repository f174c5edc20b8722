"""The benchmark generator: the logs it writes have the promised shape and
read back through reterete's own reader to the table it generated."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate  # noqa: E402


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return generate.generate_log("S", seed=3)


def test_same_seed_same_log_other_seed_other_log(log):
    pd.testing.assert_frame_equal(log, generate.generate_log("S", seed=3))
    assert not log.equals(generate.generate_log("S", seed=4))


def test_size_and_no_self_contacts(log):
    size = generate.SIZES["S"]
    assert len(log) == size.rows
    assert (log["source"] != log["target"]).all()
    assert log["site"].nunique() == size.sites
    assert pd.concat([log["source"], log["target"]]).nunique() <= size.actors
    assert log["date"].min() >= pd.Timestamp(size.start)
    assert log["date"].max() < pd.Timestamp(size.start) + pd.Timedelta(days=size.days)


def test_cremona_sites_first_and_zipf_popularity():
    log = generate.generate_log(generate.Size("t", 20_000, 1_000, 8, "2024-01-01", 90), seed=0)
    counts = log["site"].value_counts()
    assert list(counts.index[:3]) == list(generate.CREMONA_SITES)
    assert counts.iloc[0] > 1.5 * counts.iloc[1]  # Zipf, not uniform


def test_activity_is_heavy_tailed_and_ties_mostly_local(log):
    degree = pd.concat([log["source"], log["target"]]).value_counts()
    assert degree.max() > 10 * degree.median()
    registry = generate.generate_registry("S", seed=3).set_index("Nome")["Luoghi"]
    same = registry.reindex(log["source"]).to_numpy() == registry.reindex(log["target"]).to_numpy()
    assert same.mean() > 0.7
    per_tie = log.groupby(["source", "target"]).size()
    assert per_tie.max() > 5 * per_tie.median()


def test_written_files_read_back_to_the_generated_log(tmp_path):
    from reterete.ingest import read_contacts

    files = generate.write("S", tmp_path, seed=5)
    raw = files["it_csv"].read_bytes()
    assert raw.startswith(";".join(generate.ITALIAN_HEADER).encode("cp1252"))
    assert b"Caff\xe8" in raw  # Windows-1252, not UTF-8
    truth = generate.generate_log("S", seed=5)
    expected = sorted(zip(truth["date"], truth["source"].str.casefold(),
                          truth["target"].str.casefold(), strict=True))
    for key in ("it_csv", "iso_csv", "parquet"):
        net = read_contacts(files[key], actors=files["registry"])
        inter = net.interactions
        got = sorted(zip(inter["date"], inter["source"], inter["target"], strict=True))
        assert got == expected, key
        assert np.isclose(inter["duration_min"].sum(), truth["duration_min"].sum())
        assert set(net.sites) == set(truth["site"])


def test_the_results_table_says_met_missed_and_not_landed():
    """The runner's table: one row per step run, a verdict from its target."""
    import argparse

    import run

    results = {
        "read_L": run.finish({"times": [3.0, 1.0, 2.0], "ref_times": [1.0, 1.0, 1.0]}),
        "graph_L": run.finish({"times": [0.5], "profile": "0.5 graph  network.py:1"}),
        "page_20k": {"not_landed": "reterete.viz.page"},
    }
    args = argparse.Namespace(quick=False, only="", repeat=3)
    text = run.render(results, args, "today", 60.0)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines()
            if line.startswith("| ")}
    read = rows["read + validate + parse dates, L (day-first `;` cp1252 CSV)"]
    assert "2.000 s" in read and "2.00x" in read and "| yes |" in read
    assert "| yes |" in rows["L -> weighted graph view (`net.graph()`)"]
    assert "not landed yet: reterete.viz.page" in rows["page for 20k actors written"]
    assert "## Machine" in text and "0.5 graph  network.py:1" in text
    assert "centrality" not in "".join(rows)  # steps not run are left out


# ------------------------------------------------------- the school sensor log
@pytest.fixture(scope="module")
def school() -> pd.DataFrame:
    return generate.school_log(120, days=3, seed=2, ties_per_day=400, rows=12_000)


def test_school_log_is_seeded_and_has_the_promised_shape(school):
    pd.testing.assert_frame_equal(
        school, generate.school_log(120, days=3, seed=2, ties_per_day=400, rows=12_000))
    assert not school.equals(generate.school_log(120, days=3, seed=3, ties_per_day=400,
                                                 rows=12_000))
    assert list(school.columns) == ["t", "i", "j", "Ci", "Cj"]
    assert len(school) == 12_000 and (school["i"] != school["j"]).all()
    assert (school["t"] % 20 == 0).all() and school["t"].is_monotonic_increasing
    assert not school.duplicated().any()  # one record per pair and 20-second slot
    local = pd.to_datetime(school["t"], unit="s", utc=True).dt.tz_convert("Europe/Paris")
    assert local.dt.hour.between(8, 17).all()  # school hours, Paris time
    assert sorted(local.dt.strftime("%Y-%m-%d").unique()) == [
        "2013-12-02", "2013-12-03", "2013-12-04"]
    pair = pd.DataFrame({"d": local.dt.date, "u": school[["i", "j"]].min(axis=1),
                         "v": school[["i", "j"]].max(axis=1)}).drop_duplicates()
    assert (pair.groupby("d").size() == 400).all()  # ties_per_day distinct pairs each day
    inside = pair.merge(school.assign(u=school[["i", "j"]].min(axis=1),
                                      v=school[["i", "j"]].max(axis=1))[["u", "v", "Ci", "Cj"]]
                        .drop_duplicates(["u", "v"]), on=["u", "v"])
    assert 0.6 < (inside["Ci"] == inside["Cj"]).mean() < 0.8  # classes are groups


def test_school_registry_matches_the_classes_of_the_log(school):
    reg = generate.school_registry(120, seed=2).set_index("name")["sector"]
    for who, klass in (("i", "Ci"), ("j", "Cj")):
        assert (reg.reindex(school[who].astype(str)).to_numpy() == school[klass].to_numpy()).all()
    assert set(reg) <= set(generate.SCHOOL_CLASSES)


def test_school_file_is_written_as_the_real_one(tmp_path):
    files = generate.write_school(tmp_path, n_actors=60, days=2, seed=1, rows=2_000,
                                  ties_per_day=100)
    lines = files["log"].read_text().splitlines()
    assert lines[0] == "t i j Ci Cj" and len(lines) == 2_001
    t, i, j, ci, cj = lines[1].split(" ")
    assert 1_385_000_000 < int(t) < 1_386_500_000 and ci in generate.SCHOOL_CLASSES
    assert generate.ensure_school(tmp_path, n_actors=60, days=2, seed=1, rows=2_000) == files


def test_big_sizes_are_written_in_slices_to_the_same_bytes(tmp_path):
    whole = generate.write("S", tmp_path / "whole", seed=2)
    sliced = generate.write_big("S", tmp_path / "sliced", seed=2, slice_rows=700)
    assert sliced["it_csv"].read_bytes() == whole["it_csv"].read_bytes()
    assert sliced["registry"].read_bytes() == whole["registry"].read_bytes()
    xl, big = generate.SIZES["XL"], generate.SIZES["L"]
    assert (xl.rows, xl.actors, xl.sites) == (10 * big.rows, 10 * big.actors, 10 * big.sites)
    assert xl.rows > generate.BIG_ROWS >= big.rows
