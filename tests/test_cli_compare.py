"""``reterete compare`` end to end: a small CSV in, JSON / table / CSV out."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from reterete.cli import app

LOG = """date,source,target,site,kind
2024-09-02,Polizia,Servizi,Roma,meeting
2024-09-03,Polizia,Coop,Roma,meeting
2024-09-10,Coop,Bar,Marconi,visit
2024-12-01,Polizia,Servizi,Roma,meeting
2024-12-02,Coop,Comitato,Roma,visit
2024-12-05,Comitato,Bar,Roma,visit
2024-12-09,Bar,Servizi,Marconi,visit
2024-12-12,Polizia,Bar,Roma,visit
"""
ACTORS = """name,kind,sector
Polizia,police,police
Servizi,institutional_service,social services
Coop,third_sector,educators
Bar,business,community
Comitato,neighbourhood_committee,community
"""
WINDOWS = ["--start", "2024-09:2024-09", "--end", "2024-12:2024-12"]


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    log, actors = tmp_path / "log.csv", tmp_path / "actors.csv"
    log.write_text(LOG, encoding="utf-8")
    actors.write_text(ACTORS, encoding="utf-8")
    return log, actors


def run(*args: str):
    return CliRunner().invoke(app, ["compare", *map(str, args)])


def test_json_has_the_contract_keys_and_matches_networkx(files):
    log, actors = files
    res = run(log, "--actors", actors, *WINDOWS, "--boot", "200", "--seed", "3", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    rows = {m["name"]: m for m in data["metrics"]}
    for m in data["metrics"]:
        assert {"name", "start", "end", "delta", "ci_low", "ci_high", "p_value"} <= set(m)
    # independent route: the two windows' graphs built by hand from the log
    table = pd.read_csv(log)
    graphs = []
    for month in ("2024-09", "2024-12"):
        part = table[table["date"].str.startswith(month)]
        graphs.append(nx.Graph(list(zip(part["source"], part["target"], strict=True))))
    assert rows["density"]["start"] == pytest.approx(nx.density(graphs[0]))
    assert rows["density"]["end"] == pytest.approx(nx.density(graphs[1]))
    assert rows["ties"]["delta"] == 2
    assert rows["actors"]["ci_low"] is None
    assert (data["actors_start"], data["actors_end"], data["actors_common"]) == (4, 5, 4)
    assert "present in both" in data["convention"]
    assert any("cautious" in note for note in data["notes"])
    assert any(p["group_a"] == "community" for p in data["sector_pairs"])
    again = json.loads(run(log, "--actors", actors, *WINDOWS, "--boot", "200", "--seed", "3",
                           "--json").stdout)
    assert again["metrics"] == data["metrics"]


def test_readable_table_arrows_lines_and_csv(files, tmp_path):
    log, actors = files
    out = tmp_path / "out.csv"
    res = run(log, "--actors", actors, *WINDOWS, "--boot", "100", "--seed", "1", "--csv", out)
    assert res.exit_code == 0, res.output
    assert "↑" in res.stdout and "→" in res.stdout
    assert "The network grew from 4 to 5 actors." in res.stdout
    assert "cannot show" in res.stdout
    assert "How to read the figures. The p value says" in res.stdout
    assert "read the p value" in res.stdout
    csv = pd.read_csv(out, encoding="utf-8-sig")
    assert {"metric", "start", "end", "delta", "ci_low", "ci_high", "p_value"} <= set(csv)


def test_site_option(files):
    log, actors = files
    res = run(log, "--actors", actors, *WINDOWS, "--site", "roma", "--boot", "50", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["site"] == "Roma"
    rows = {m["name"]: m for m in data["metrics"]}
    assert rows["ties"]["start"] == 2 and rows["ties"]["end"] == 4


@pytest.mark.parametrize("args, words", [
    (["--start", "2024-09", "--end", "2024-12:2024-12"], "FROM:TO"),
    (["--start", "2024-13:2024-14", "--end", "2024-12:2024-12"], "not a date"),
    (["--end", "2024-12:2024-12"], "--start"),
    (WINDOWS + ["--site", "Nowhere"], "no site"),
    (WINDOWS + ["--boot", "0"], "at least 1"),
])
def test_bad_input_exits_2_in_plain_words(files, args, words):
    log, _ = files
    res = run(log, *args, "--json")
    assert res.exit_code == 2
    data = json.loads(res.stdout)
    assert data["ok"] is False and words in data["error"]
