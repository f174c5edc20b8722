"""`reterete summary`, `centrality` and `timeline`: JSON keys, options, exit codes."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from reterete.cli import app

runner = CliRunner()

LOG = """date,source,target,site,kind
2024-09-02,Ada,Bea,Piazza Roma,walkabout
2024-09-03,Ada,Bea,Piazza Roma,walkabout
2024-09-04,Ada,Bea,Piazza Roma,walkabout
2024-09-20,Ada,Cy,Piazza Marconi,meeting
2024-09-21,Cy,Dan,Piazza Marconi,meeting
2024-10-05,Bea,Dan,Piazza Roma,meeting
2024-10-07,Dan,Eva,Piazza Roma,meeting
2024-12-01,Eva,Ada,Via Orti Romani,board
"""
REGISTRY = """name,kind,sector
Ada,police,safety
Bea,association,social
Cy,association,social
Dan,third_sector,social
Eva,resident,
"""
SUMMARY_KEYS = ["actors", "ties", "interactions", "density", "mean_degree", "components",
                "largest_component_share", "degree_centralization", "ei_index"]


@pytest.fixture
def files(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    reg = tmp_path / "actors.csv"
    reg.write_text(REGISTRY, encoding="utf-8")
    return log, reg


def run(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def test_summary_json(files):
    log, reg = files
    result = run("summary", log, "--actors", reg, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(SUMMARY_KEYS) <= set(out)
    assert (out["actors"], out["ties"], out["interactions"]) == (5, 6, 8)
    assert out["density"] == pytest.approx(6 / 10)
    # ties with both sectors known: ada-bea E, ada-cy E, cy-dan I, bea-dan I
    assert out["ei_index"] == pytest.approx(0.0)
    assert out["window"] == {"from": None, "to": None, "site": None}


def test_summary_window_site_and_attr(files):
    log, reg = files
    out = json.loads(run("summary", log, "--actors", reg, "--site", "PIAZZA ROMA", "--to",
                         "2024-09", "--json").stdout)
    assert (out["actors"], out["ties"], out["interactions"]) == (2, 1, 3)
    assert out["window"] == {"from": None, "to": "2024-09", "site": "Piazza Roma"}
    by_kind = json.loads(run("summary", log, "--actors", reg, "--attr", "kind", "--json").stdout)
    # by kind every one of the 6 ties joins two different kinds (Bea and Cy,
    # both associations, are not tied): all external
    assert by_kind["ei_index"] == pytest.approx(1.0)
    readable = run("summary", log)
    assert readable.exit_code == 0 and "Density" in readable.stdout


def test_centrality_json_and_weighted(files):
    log, reg = files
    result = run("centrality", log, "--actors", reg, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    rows = {r["actor"]: r for r in out["actors"]}
    assert set(rows) == {"Ada", "Bea", "Cy", "Dan", "Eva"}
    need = {"actor", "kind", "degree", "strength", "betweenness", "closeness", "eigenvector",
            "pagerank", "harmonic", "sector", "id"}
    assert all(need <= set(r) for r in out["actors"])
    assert rows["Ada"]["kind"] == "police" and rows["Ada"]["id"] == "ada"
    assert rows["Ada"]["strength"] == 5.0  # 3 with Bea, 1 with Cy, 1 with Eva
    assert out["weighted"] is False
    degrees = [r["degree"] for r in out["actors"]]
    assert degrees == sorted(degrees, reverse=True)
    weighted = json.loads(run("centrality", log, "--weighted", "--json").stdout)
    assert weighted["weighted"] is True
    wrows = {r["actor"]: r for r in weighted["actors"]}
    # the strong Ada-Bea tie makes Ada-Bea-Dan shorter than Ada-Cy-Dan (1/3 + 1 < 2)
    assert wrows["Bea"]["betweenness"] > rows["Bea"]["betweenness"]


def test_centrality_csv_and_table(files, tmp_path):
    log, reg = files
    path = tmp_path / "out.csv"
    result = run("centrality", log, "--actors", reg, "--csv", path)
    assert result.exit_code == 0, result.output
    assert "Ada" in result.stdout and "between" in result.stdout
    with path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["name"] for r in rows} == {"Ada", "Bea", "Cy", "Dan", "Eva"}
    assert {"id", "kind", "degree", "betweenness", "pagerank"} <= set(rows[0])


def test_centrality_anonymize(files):
    log, reg = files
    result = run("centrality", log, "--actors", reg, "--anonymize", "--json",
                 env={"RETERETE_KEY": "test secret"})
    assert result.exit_code == 0, result.output
    names = {r["actor"] for r in json.loads(result.stdout)["actors"]}
    assert "Eva" not in names  # a resident: a person
    assert "Ada" in names  # police: an organisation


def test_timeline_json_and_freq(files):
    log, reg = files
    result = run("timeline", log, "--actors", reg, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    periods = out["periods"]
    assert [p["period"] for p in periods] == ["2024-09", "2024-10", "2024-11", "2024-12"]
    assert all({"period", *SUMMARY_KEYS} <= set(p) for p in periods)
    assert periods[0]["interactions"] == 5 and periods[2]["actors"] == 0
    assert periods[2]["density"] is None  # an empty month has no density
    assert periods[0]["start"] == "2024-09-01" and periods[0]["end"] == "2024-09-30"
    weeks = json.loads(run("timeline", log, "--freq", "week", "--json").stdout)
    assert weeks["periods"][0]["period"] == "2024-W36"
    readable = run("timeline", log, "--freq", "quarter")
    assert readable.exit_code == 0 and "third" in readable.stdout  # "third quarter of 2024"
    assert "2024-Q3" not in readable.stdout


@pytest.mark.parametrize("command", ["summary", "centrality", "timeline"])
def test_bad_input_exits_2_in_plain_words(files, command):
    log, _ = files
    result = run(command, log, "--site", "Piazza Nowhere", "--json")
    assert result.exit_code == 2
    assert "no site called" in json.loads(result.stdout)["error"]
    missing = run(command)
    assert missing.exit_code == 2
    bad_date = run(command, log, "--from", "15/09/2024")
    assert bad_date.exit_code == 2 and "Traceback" not in bad_date.output


def test_bad_freq(files):
    log, _ = files
    result = run("timeline", log, "--freq", "fortnight", "--json")
    assert result.exit_code == 2
    assert "freq must be one of" in json.loads(result.stdout)["error"]


def test_centrality_precision_options_and_note(files, tmp_path):
    log, reg = files
    exact = json.loads(runner.invoke(app, ["centrality", str(log), "--actors", str(reg),
                                           "--exact", "--json"]).stdout)
    assert exact["precision"]["mode"] == "exact"
    assert exact["precision"]["methods"]["betweenness"] == "exact"
    top = runner.invoke(app, ["centrality", str(log), "--actors", str(reg), "--top", "2",
                              "--seed", "1", "--time-budget", "0", "--json"])
    assert top.exit_code == 0, top.output
    p = json.loads(top.stdout)["precision"]
    assert p["mode"] == "top" and p["top"] == 2 and p["delta"] == 0.1
    # issue 25: the bound is planned from a quick pilot run (a tenth of the K-th
    # value, at most the pilot's own 0.01), and the note states the final one
    eps = p["epsilon"]["betweenness"]
    assert eps == p["details"]["betweenness"]["bounds_tried"][-1] and 0.0005 <= eps <= 0.01
    assert "KADABRA" in p["methods"]["betweenness"]
    assert p["details"]["betweenness"]["method"] == "kadabra-top"
    certain = p["details"]["betweenness"]["certain"]
    assert set(certain) <= set(p["details"]["betweenness"]["possible"])
    ids = {r["id"] for r in json.loads(top.stdout)["actors"]}
    assert set(p["details"]["betweenness"]["possible"]) <= ids
    shown = runner.invoke(app, ["centrality", str(log), "--actors", str(reg), "--top", "2",
                                "--seed", "1", "--time-budget", "0"])
    assert f"every value within {eps:g} of the exact one, plus at most" in shown.stdout
    assert "with probability 0.9 or more" in shown.stdout
    settled = "All 2 are told apart from the others" in shown.stdout
    assert settled == (len(certain) == 2)
    assert settled or "of the 2 are certain whatever the error" in shown.stdout
    it = runner.invoke(app, ["centrality", str(log), "--actors", str(reg), "--top", "2",
                             "--seed", "1", "--time-budget", "0", "--lang", "it"])
    assert (f"ogni valore dista meno di {eps:g} da quello esatto, più al massimo"
            .replace(".", ",") in it.stdout)
    assert ("Tutti e 2 sono distinti dagli altri" in it.stdout) == settled
    # a flat top: nobody is certain, and the note says how many compete
    from reterete.cli.metrics import _certainty_lines
    flat = _certainty_lines({"certain": [], "possible": list("abcdef")}, 3)
    assert flat == ["0 of the 3 are certain whatever the error; 6 actors with values within "
                    "the error of each other compete for the other 3 places (`--json` lists "
                    "both; a smaller --epsilon or --exact settles them)."]
    # a top that cannot be ranked at this budget is said in words (issue 25)
    words = {"certain": [], "possible": [], "competing": 19_998, "rankable": False,
             "kth": 0.0011, "bounds_tried": [0.002], "needed_epsilon": 0.00011,
             "needed_samples": 2_000_000, "needed_seconds": 900.0}
    assert _certainty_lines(words, 20, 144.0) == [
        "The 20 highest by betweenness cannot be ranked at this budget: 19,998 actors have "
        "values within the error of the 20th, and the error (0.002) is not small against "
        "that value (0.0011).",
        "Ranking them needs an error of about 0.00011 (a tenth of that value): about "
        "2,000,000 sampled paths, some 900 s here.",
        "The exact values (--exact) would take about 144 s here."]
    from reterete.i18n import language
    with language("it"):
        it_words = _certainty_lines(words, 20)
    assert it_words[0].startswith("Con questo tempo non si possono mettere in ordine i 20")
    assert "19.998 attori" in it_words[0] and it_words[-1].startswith("--exact calcola")
    both = runner.invoke(app, ["centrality", str(log), "--actors", str(reg), "--exact",
                               "--top", "2"])
    assert both.exit_code == 2 and "--exact or --top" in both.output
    some = json.loads(runner.invoke(app, ["centrality", str(log), "--actors", str(reg),
                                          "--measures", "closeness", "--json"]).stdout)
    assert some["precision"]["measures"] == ["closeness"]
    assert all(r["betweenness"] is None for r in some["actors"])
    assert all(r["closeness"] is not None for r in some["actors"])


def test_precision_note_warns_when_the_bound_is_as_large_as_the_values():
    from reterete.cli.metrics import _precision_lines
    from reterete.i18n import language

    attrs = {"precision": "approx", "epsilon": {"betweenness": 0.01, "harmonic": 0.05},
             "delta": 0.1, "details": {"betweenness": {"method": "kadabra", "largest": 0.0016},
                                       "closeness": {"sources": 2580}}}
    lines = _precision_lines(attrs)
    assert any("not small against the highest betweenness (0.0016)" in x for x in lines)
    attrs["details"]["betweenness"]["largest"] = 0.3
    assert not any("not small" in x for x in _precision_lines(attrs))
    attrs["details"]["betweenness"]["largest"] = 0.0016
    with language("it"):
        assert any("più alta centralità di intermediazione (0,0016)" in x
                   for x in _precision_lines(attrs))


def test_centrality_top_is_exact_where_exact_fits_and_prints_k_rows(tmp_path):
    # 75 actors (the hospital ward's size): exact takes milliseconds, so --top
    # gives the exact values and the same K actors on every run, K rows shown
    import networkx as nx

    G = nx.connected_watts_strogatz_graph(75, 4, 0.3, seed=7)
    rows = ["date,source,target"] + [f"2024-09-0{1 + k % 5},A{u:02d},A{v:02d}"
                                     for k, (u, v) in enumerate(G.edges())]
    log = tmp_path / "ward.csv"
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    runs = [json.loads(run("centrality", log, "--top", "10", "--json").stdout)
            for _ in range(2)]
    for out in runs:
        assert out["precision"]["mode"] == "exact" and out["precision"]["top"] == 10
        assert out["precision"]["methods"]["betweenness"] == "exact"
    exact = nx.betweenness_centrality(nx.relabel_nodes(G, lambda v: f"a{v:02d}"))
    best = sorted(exact, key=lambda a: -exact[a])[:10]
    for out in runs:
        got = [r["id"] for r in out["actors"][:10]]
        assert [exact[a] for a in got] == pytest.approx([exact[a] for a in best])
    shown = run("centrality", log, "--top", "10")
    assert shown.exit_code == 0, shown.output
    assert "so the 10 highest are certain" in shown.stdout
    assert "The 10 highest by betweenness of 75 actors" in shown.stdout
    listed = [line for line in shown.stdout.splitlines() if line.lstrip("│ ").startswith("A")]
    assert len(listed) == 10, shown.stdout
