"""``reterete antennas`` / ``reterete recommend`` end to end on small CSV logs."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from reterete.cli import app

LOG = """date,source,target,site,kind
2024-09-02,Educatore Paolo,Bar Roma,Piazza Roma,visit
2024-09-03,Bar Roma,Anna,Piazza Roma,talk
2024-09-04,Bar Roma,Luca,Piazza Roma,talk
2024-09-05,Comitato,Marta,Piazza Roma,meeting
2024-09-06,Comitato,Luca,Piazza Roma,meeting
2024-10-01,Parroco,Sara,Piazza Marconi,talk
2024-10-02,Educatore Paolo,Parroco,Piazza Marconi,visit
"""
ACTORS = """name,kind,sector,team,cost_hours,sites
Educatore Paolo,third_sector,educativa,yes,,Piazza Roma
Bar Roma,business,commercio,no,4,Piazza Roma
Comitato,neighbourhood_committee,civico,no,6,Piazza Roma
Parroco,opinion_leader,religioso,no,3,Piazza Marconi
Anna,resident,residenti,no,1,Piazza Roma
Luca,resident,residenti,no,1,Piazza Roma
Marta,resident,residenti,no,1,Piazza Roma
Sara,resident,residenti,no,1,Piazza Marconi
"""


@pytest.fixture()
def files(tmp_path):
    log = tmp_path / "contacts.csv"
    log.write_text(LOG, encoding="utf-8")
    reg = tmp_path / "actors.csv"
    reg.write_text(ACTORS, encoding="utf-8")
    return [str(log), "--actors", str(reg)]


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result


def test_antennas_json_keys_and_values(files):
    r = run("antennas", *files, "--site", "piazza roma", "-k", "2", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    for key in ("site", "antennas", "coverage", "targets", "method", "optimal", "bound"):
        assert key in out
    assert out["site"] == "Piazza Roma" and out["method"] == "greedy"
    # Bar Roma reaches the educator, Anna, Luca and itself; Comitato adds itself and Marta
    assert [a["actor"] for a in out["antennas"]] == ["bar roma", "comitato"]
    assert [a["gain"] for a in out["antennas"]] == [4, 2]
    assert sorted(out["antennas"][1]["reaches"]) == ["comitato", "marta"]
    assert out["targets"] == 6 and out["coverage"] == 1.0
    assert out["optimal"] is True and out["bound"] == 1.0


def test_antennas_exact_budget_and_csv(files, tmp_path):
    csv = tmp_path / "ant.csv"
    r = run("antennas", *files, "--site", "Piazza Roma", "--budget-hours", "5", "--exact",
            "--json", "--csv", csv)
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["method"] == "exact" and out["optimal"] is True
    assert out["cost_hours"] <= 5
    table = pd.read_csv(csv, encoding="utf-8-sig")
    assert list(table["actor"]) == [a["actor"] for a in out["antennas"]]


def test_antennas_table_shows_names(files):
    r = run("antennas", *files, "--site", "Piazza Roma", "-k", "1", "--hops", "2")
    assert r.exit_code == 0, r.output
    assert "Bar Roma" in r.stdout and "bar roma" not in r.stdout
    assert "1 antenna reaches" in r.stdout


def test_antennas_all_sites(files):
    r = run("antennas", *files, "--all-sites", "-k", "1", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert {p["site"] for p in out["sites"]} == {"Piazza Roma", "Piazza Marconi"}
    assert out["city"]["site"] is None and len(out["city"]["antennas"]) <= 2
    r = run("antennas", *files, "--all-sites", "-k", "1")
    assert r.exit_code == 0 and "all sites together" in r.stdout


@pytest.mark.parametrize("args, words", [
    (["--site", "Piazza Roma"], "one of -k"),
    (["--site", "Piazza Roma", "-k", "1", "--budget-hours", "3"], "one of -k"),
    (["--site", "Piazza Roma", "-k", "1", "--cover", "90%"], "one of -k"),
    (["--site", "Piazza Roma", "--cover", "lots"], "share to reach"),
    (["--site", "Piazza Roma", "--cover", "120%"], "at most 100%"),
    (["--site", "Piazza Roma", "-k", "2", "--by-hours"], "--by-hours goes with --cover"),
    (["-k", "1"], "--site"),
    (["--site", "Nowhere", "-k", "1"], "no site"),
    (["--site", "Piazza Roma", "-k", "1", "--exclude", "Nobody"], "Nobody"),
])
def test_antennas_bad_input_exit_2(files, args, words):
    r = run("antennas", *files, *args, "--json")
    assert r.exit_code == 2
    out = json.loads(r.stdout)
    assert out["ok"] is False and words in out["error"]


def test_budget_without_hours_is_a_plain_error(tmp_path):
    log = tmp_path / "c.csv"
    log.write_text(LOG, encoding="utf-8")
    r = run("antennas", log, "--site", "Piazza Roma", "--budget-hours", "4")
    assert r.exit_code == 2
    assert "cost_hours" in r.stderr and "Traceback" not in r.output


def test_recommend_json(files):
    r = run("recommend", *files, "--site", "Piazza Roma", "-n", "3", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    recs = out["recommendations"]
    assert 1 <= len(recs) <= 3
    for rec in recs:
        assert {"actor", "score", "reasons"} <= set(rec)
        assert isinstance(rec["reasons"], list) and rec["reasons"]
    # Luca is the only link between the committee and the bar (civico, commercio);
    # Comitato and Marta each bring two actors no one engaged reaches
    assert [r["actor"] for r in recs] == ["luca", "comitato", "marta"]
    assert "only link between civico and commercio" in recs[0]["reasons"]
    assert [r["score"] for r in recs] == sorted((r["score"] for r in recs), reverse=True)
    assert "bar roma" not in {r["actor"] for r in recs}    # engaged with the team
    # ages count back from the last contact in the logs, and the output says so
    assert out["reference_date"] == "2024-10-02"
    assert out["notes"] == ["Days count back from 2 October 2024, the day of the last contact "
                            "in the logs, not from today."]


def test_recommend_table_and_errors(files):
    r = run("recommend", *files, "--site", "Piazza Roma")
    assert r.exit_code == 0 and "Comitato" in r.stdout
    assert "Days count back from 2 October 2024" in r.stdout
    r = run("recommend", *files)
    assert r.exit_code == 2
    r = run("recommend", *files, "--site", "Piazza Roma", "-n", "0")
    assert r.exit_code == 2


def test_antennas_cover_fewest_and_cheapest(files):
    # Piazza Roma's targets: Educatore Paolo (team), Bar Roma, Anna, Luca,
    # Comitato, Marta. Bar Roma reaches 4 of the 6, Comitato 3 (itself,
    # Marta, Luca), Marta 2 (herself, Comitato): by hand, 1 antenna reaches at
    # most 4/6 = 67 % < 90 %, and Bar Roma with Comitato or Marta reaches all 6
    # (the fewest for 90 % and for 100 %; only Bar Roma reaches the educator).
    for share in ("90%", "90", "0.9", "100%"):
        r = run("antennas", *files, "--site", "Piazza Roma", "--cover", share, "--exact",
                "--json")
        assert r.exit_code == 0, r.output
        out = json.loads(r.stdout)
        chosen = sorted(a["actor"] for a in out["antennas"])
        assert chosen in (["bar roma", "comitato"], ["bar roma", "marta"])
        assert out["covered"] == 6 and out["optimal"] is True and out["cover_met"] is True
        assert out["cover"] == pytest.approx(0.9 if share != "100%" else 1.0)
        assert "no smaller choice reaches" in out["summary"]
    # 50 %: Bar Roma alone (4 of 6)
    out = json.loads(run("antennas", *files, "--site", "Piazza Roma", "--cover", "50%",
                         "--json").stdout)
    assert [a["actor"] for a in out["antennas"]] == ["bar roma"]
    # cheapest in hours: Anna (1 h) reaches Bar Roma and herself; Luca (1 h)
    # reaches Bar Roma, Comitato and himself; Marta (1 h) Comitato and herself;
    # Bar Roma costs 4, Comitato 6. All 6 actors: Bar Roma (4) reaches
    # educatore, anna, luca, bar; + Marta (1) reaches marta, comitato: 5 hours,
    # and no cheaper set reaches the educator (only Bar Roma does).
    out = json.loads(run("antennas", *files, "--site", "Piazza Roma", "--cover", "100%",
                         "--by-hours", "--exact", "--json").stdout)
    assert sorted(a["actor"] for a in out["antennas"]) == ["bar roma", "marta"]
    assert out["cost_hours"] == 5 and out["optimal"] is True
    r = run("antennas", *files, "--site", "Piazza Roma", "--cover", "90%")
    assert r.exit_code == 0 and "reach 6 of the 6 actors" in r.stdout


def test_exact_k_larger_than_needed_uses_fewer_and_says_so(files):
    # two antennas already reach every actor of Piazza Roma: -k 3 --exact uses two
    r = run("antennas", *files, "--site", "Piazza Roma", "-k", "3", "--exact", "--json")
    out = json.loads(r.stdout)
    assert len(out["antennas"]) == 2 and out["coverage"] == 1.0
    assert out["fewer_than_k"] is True and out["k"] == 3
    assert out["canonical"] is True   # the plan the data define, not the solver
    assert "fewer antennas than the 3 asked" in out["summary"]


def test_all_sites_with_cover(files):
    # every site's plan and the city-wide plan reach the share asked, fewest proven
    r = run("antennas", *files, "--all-sites", "--cover", "100%", "--exact", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    for plan in [*out["sites"], out["city"]]:
        assert plan["cover"] == 1.0 and plan["optimal"] is True
        assert plan["covered"] == plan["targets"] if plan["cover_met"] else True
    roma = next(p for p in out["sites"] if p["site"] == "Piazza Roma")
    assert len(roma["antennas"]) == 2


def test_registered_actors_not_yet_met_are_listed_apart(files, tmp_path):
    # Giulia and Omar are in the registry at Piazza Roma but in no contact:
    # an antenna who has met nobody reaches only itself (issue 22)
    reg = tmp_path / "actors.csv"
    reg.write_text(ACTORS + "Giulia,resident,residenti,no,1,Piazza Roma\n"
                   "Omar,resident,residenti,no,1,Piazza Roma\n", encoding="utf-8")
    for extra in ([], ["--exact"], ["--cover", "100%"]):
        size = [] if extra == ["--cover", "100%"] else ["-k", "4"]
        out = json.loads(run("antennas", *files, "--site", "Piazza Roma", *size, *extra,
                             "--json").stdout)
        chosen = {a["actor"] for a in out["antennas"]}
        assert not chosen & {"giulia", "omar"}, (extra, chosen)
        assert [a["name"] for a in out["not_met"]] == ["Giulia", "Omar"]
        assert out["targets"] == 6 and out["coverage"] == 1.0
    shown = run("antennas", *files, "--site", "Piazza Roma", "-k", "4")
    assert "Registered" in shown.stdout and "│ Giulia" in shown.stdout  # a table of them
    assert "2 registered actors not yet met" in shown.stdout
    table = tmp_path / "antennas.csv"
    run("antennas", *files, "--site", "Piazza Roma", "-k", "2", "--csv", table)
    rows = pd.read_csv(table, encoding="utf-8-sig")
    assert rows["status"].tolist() == ["antenna", "antenna", "registered, not yet met",
                                       "registered, not yet met"]
    assert rows["name"].tolist()[2:] == ["Giulia", "Omar"]
    # asked for: they come back as targets and possible antennas
    asked = json.loads(run("antennas", *files, "--site", "Piazza Roma", "-k", "4",
                           "--include-uncontacted", "--json").stdout)
    assert asked["targets"] == 8
    assert {"giulia", "omar"} <= {a["actor"] for a in asked["antennas"]}
    every = json.loads(run("antennas", *files, "--all-sites", "-k", "1", "--exact",
                           "--json").stdout)
    for plan in [*every["sites"], every["city"]]:
        assert not {a["actor"] for a in plan["antennas"]} & {"giulia", "omar"}
    assert [a["name"] for a in every["city"]["not_met"]] == ["Giulia", "Omar"]


def test_summary_names_no_option_and_the_hint_stays_on_the_command_line(files):
    # Issue 21: "(--exact finds it)" and "method: greedy" reached web pages and
    # reports through the summary; the summary now names no option, the CLI
    # adds its own hint; and "1 step(s)" became a real plural.
    r = run("antennas", *files, "--site", "Piazza Roma", "-k", "1", "--json")
    summary = json.loads(r.stdout)["summary"]
    assert "--" not in summary and "greedy" not in summary and "(s)" not in summary
    assert "within 1 step" in summary
    human = run("antennas", *files, "--site", "Piazza Roma", "-k", "1")
    assert ("--exact" in human.stdout) == (json.loads(r.stdout)["optimal"] is not True)
