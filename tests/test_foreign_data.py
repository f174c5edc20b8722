"""Data reterete was not built for (issue 22): a sensor log of headerless
``t i j`` lines counting seconds from the start of a study, a registry with
its own kinds of actor and departments as sites, and registered actors who
never appear in the log. Generated here with the shape of the public hospital
and workplace contact logs (not the real files)."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from typer.testing import CliRunner

from reterete.cli import app

runner = CliRunner()
KINDS = ["NUR", "PAT", "MED", "ADM"]
DEPARTMENTS = ["DCAR", "DISQ", "DMCT", "SRH"]
ORIGIN = "2013-12-02T08:00"


def _generate(seed: int = 5, n: int = 40, never: int = 6, lines: int = 600):
    rng = random.Random(seed)
    ids = [1000 + 7 * k for k in range(n)]
    dep = {a: DEPARTMENTS[k % 4] for k, a in enumerate(ids)}
    kind = {a: KINDS[(k // 4) % 4] for k, a in enumerate(ids)}
    met = ids[:n - never]
    rows, t = [], 0
    for _ in range(lines):
        t += 20 * rng.randint(1, 30)  # 20-second sensor steps, about two days
        a = rng.choice(met)
        same = [b for b in met if dep[b] == dep[a] and b != a]
        b = rng.choice(same) if rng.random() < 0.7 else rng.choice([x for x in met if x != a])
        rows.append((t, a, b))
    return ids, dep, kind, met, rows


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    ids, dep, kind, met, rows = _generate()
    d = tmp_path_factory.mktemp("ward")
    log = d / "tij.dat"
    log.write_text("".join(f"{t}\t{a}\t{b}\n" for t, a, b in rows), encoding="utf-8")
    reg = d / "registry.csv"
    reg.write_text("name,kind,sector,sites\n" + "".join(
        f"{a},{kind[a]},{dep[a]},{dep[a]}\n" for a in ids), encoding="utf-8")
    return {"log": log, "registry": reg, "ids": ids, "dep": dep, "kind": kind, "met": met,
            "rows": rows, "args": [str(log), "--actors", str(reg), "--time-origin", ORIGIN]}


def _json(*args):
    result = runner.invoke(app, [*map(str, args), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_headerless_sensor_log_with_a_time_origin(study):
    out = _json("summary", *study["args"])
    G = nx.Graph((str(a), str(b)) for _, a, b in study["rows"])
    assert (out["actors"], out["ties"], out["interactions"]) == (
        G.number_of_nodes(), G.number_of_edges(), len(study["rows"]))
    first, last = study["rows"][0][0], study["rows"][-1][0]
    tl = _json("timeline", *study["args"], "--freq", "day")
    assert tl["periods"][0]["period"].startswith("2013-12-02")
    assert (last - first) < 3 * 86400
    # without the origin the numbers are not Unix times, and the error says what to do
    bad = runner.invoke(app, ["summary", str(study["log"])])
    assert bad.exit_code == 2
    assert "--time-origin" in bad.output and "row 1" in bad.output.replace("rows 1", "row 1")


def test_a_sites_actors_agree_across_commands(study):
    # departments are sites in the registry only: the log names no site
    for dep in DEPARTMENTS:
        members = {str(a) for a in study["ids"] if study["dep"][a] == dep}
        met = {str(a) for a in study["met"]}
        ties = {frozenset((str(a), str(b))) for _, a, b in study["rows"]
                if str(a) in members and str(b) in members}
        in_ties = set().union(*ties)
        summary = _json("summary", *study["args"], "--site", dep)
        assert summary["ties"] == len(ties) and summary["actors"] == len(in_ties)
        assert sorted(summary["not_met"]) == sorted(members - met)
        cen = _json("centrality", *study["args"], "--site", dep)
        assert {r["id"] for r in cen["actors"]} == in_ties
        plan = _json("antennas", *study["args"], "--site", dep, "-k", "2")
        # targets: the site's actors met (in its ties, or met elsewhere), the rest apart
        assert plan["targets"] + len(plan["not_met"]) == len(members)
        assert {a["name"] for a in plan["not_met"]} == members - met
        assert in_ties <= members
        # the page of the site draws the same actors, the report lists them all
        from reterete.ingest import read_contacts
        from reterete.viz.page import page_data

        net = read_contacts([study["log"]], actors=study["registry"], time_origin=ORIGIN)
        assert set(page_data(net, site=dep)["nodes"]["label"]) == in_ties
        assert set(net.site_actors(dep)) == in_ties | members
    shown = runner.invoke(app, ["summary", *study["args"], "--site", "DCAR"])
    assert shown.stdout.count("The logs name no site") == 1


def test_no_antenna_without_contacts_unless_asked(study):
    never = {str(a) for a in study["ids"]} - {str(a) for a in study["met"]}
    every = _json("antennas", *study["args"], "--all-sites", "-k", "3", "--exact")
    for plan in [*every["sites"], every["city"]]:
        assert not {a["actor"] for a in plan["antennas"]} & never
    assert {a["name"] for a in every["city"]["not_met"]} == never
    cover = _json("antennas", *study["args"], "--site", "DCAR", "--cover", "100%")
    assert not {a["actor"] for a in cover["antennas"]} & never and cover["cover_met"]
    asked = _json("antennas", *study["args"], "--site", "DCAR", "-k", "9",
                  "--include-uncontacted")
    assert {a["actor"] for a in asked["antennas"]} & never


def test_report_keeps_every_registry_attribute_and_names_the_grain(study, tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", *study["args"], "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    # departments intact: the Gaps tables group each department once, never "-"
    # for an actor the registry describes (one never met included)
    import re

    groups = re.findall(r'<tr><th scope="row">Sector</th><td>([^<]*)</td>', page)
    assert groups and "-" not in groups
    for dep in DEPARTMENTS:
        assert groups.count(dep) == 1, (dep, groups)
    never = str(study["ids"][-1])
    assert re.search(rf'<tr><th scope="row">{never}</th><td>{study["kind"][study["ids"][-1]]}'
                     rf'</td><td>{study["dep"][study["ids"][-1]]}</td>', page)
    assert "not yet met" in page
    # about two days of sensor data: day by day, not "Month by month"
    assert "Day by day" in page and "Month by month" not in page


def test_workbook_compares_first_and_last_period_by_default(study, tmp_path):
    out = tmp_path / "w.xlsx"
    payload = _json("workbook", *study["args"], "-o", out)
    sheets = payload["sheets"]
    assert len(sheets["compare"]["rows"]) > 0
    assert [r["period"] for r in sheets["timeline"]["rows"]] == [
        "2013-12-02", "2013-12-03", "2013-12-04"]
    statuses = [r["status"] for r in sheets["antennas"]["rows"]]
    assert "registered, not yet met" in statuses
    # every actor, met or not, with the registry's attributes; titles name the grain
    actors = {r["name"]: r for r in sheets["actors"]["rows"]}
    assert len(actors) == len(study["ids"])
    never = study["ids"][-1]
    assert actors[str(never)]["status"] == "registered, not yet met"
    assert actors[str(never)]["sector"] == study["dep"][never]
    assert actors[str(never)]["kind"] == study["kind"][never]
    import openpyxl

    assert "Activity by day" in openpyxl.load_workbook(out).sheetnames


def test_kinds_declared_by_the_registry(study, tmp_path):
    def kind_warnings(*extra):
        out = runner.invoke(app, ["check", *study["args"], *extra, "--json"])
        assert out.exit_code == 0, out.output
        return [w for w in json.loads(out.stdout)["warnings"] if "kind" in w["reason"]]

    assert kind_warnings()  # kinds reterete does not know: said once per column
    assert kind_warnings("--kinds-from-registry") == []
    # or declared in the registry itself, in a `kinds` column
    declared = tmp_path / "declared.csv"
    text = study["registry"].read_text(encoding="utf-8").splitlines()
    declared.write_text("\n".join([text[0] + ",kinds", text[1] + ",NUR|PAT|MED|ADM",
                                   *text[2:]]) + "\n", encoding="utf-8")
    out = runner.invoke(app, ["check", str(study["log"]), "--actors", str(declared),
                              "--time-origin", ORIGIN, "--json"])
    assert [w for w in json.loads(out.stdout)["warnings"] if "kind" in w["reason"]] == []
    # kept as written, case too, in every output
    cen = _json("centrality", *study["args"], "--kinds-from-registry")
    assert {r["kind"] for r in cen["actors"]} == set(KINDS)
    page = tmp_path / "page.html"
    runner.invoke(app, ["viz", *study["args"], "--kinds-from-registry", "-o", str(page)])
    html = page.read_text(encoding="utf-8")
    assert all(k in html for k in KINDS) and "adm" not in html.replace("ADM", "")
    gexf = tmp_path / "g.gexf"
    runner.invoke(app, ["export", *study["args"], "--kinds-from-registry", "-o", str(gexf)])
    assert 'value="ADM"' in gexf.read_text(encoding="utf-8")


def test_the_page_lists_registered_actors_not_yet_met(study, tmp_path):
    never = sorted(str(a) for a in set(study["ids"]) - set(study["met"]))
    page = tmp_path / "page.html"
    runner.invoke(app, ["viz", *study["args"], "-o", str(page)])
    html = page.read_text(encoding="utf-8")
    assert f"{len(never)} registered actors not yet met" in html
    assert ", ".join(never[:3]) in html
    hidden = tmp_path / "anon.html"
    runner.invoke(app, ["viz", *study["args"], "--anonymize", "-o", str(hidden)],
                  env={"RETERETE_KEY": "test-key"})
    text = hidden.read_text(encoding="utf-8")
    assert f"{len(never)} registered actors not yet met" in text
    assert not any(n in text for n in never)  # badge numbers name persons


def test_kinds_declared_on_a_sheet_of_the_registry(study, tmp_path):
    import csv

    import xlsxwriter

    book_path = tmp_path / "registry.xlsx"
    book = xlsxwriter.Workbook(str(book_path))
    actors = book.add_worksheet("actors")
    with study["registry"].open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh)):
            actors.write_row(i, 0, row)
    kinds = book.add_worksheet("tipi")
    kinds.write_column(0, 0, ["tipo", *KINDS])
    book.close()
    out = runner.invoke(app, ["check", str(study["log"]), "--actors", str(book_path),
                              "--time-origin", ORIGIN, "--json"])
    assert out.exit_code == 0, out.output
    assert [w for w in json.loads(out.stdout)["warnings"] if "kind" in w["reason"]] == []
    from reterete.ingest import read_actors

    assert set(read_actors(book_path)["kind"]) == set(KINDS)


def test_team_stays_definable_with_declared_kinds(study, tmp_path):
    # the registry's own kinds say nothing about the project's staff: its
    # team column still does (here: every ADM is staff, never an antenna)
    reg = tmp_path / "team.csv"
    lines = study["registry"].read_text(encoding="utf-8").splitlines()
    reg.write_text("\n".join([lines[0] + ",team"] + [
        line + (",yes" if line.split(",")[1] == "ADM" else ",no") for line in lines[1:]]) + "\n",
        encoding="utf-8")
    staff = {str(a) for a in study["ids"] if study["kind"][a] == "ADM"}
    args = [str(study["log"]), "--actors", str(reg), "--time-origin", ORIGIN,
            "--kinds-from-registry"]
    plans = _json("antennas", *args, "--all-sites", "-k", "2")
    for plan in [*plans["sites"], plans["city"]]:
        assert not {a["actor"] for a in plan["antennas"]} & staff
        assert {a["kind"] for a in plan["antennas"]} <= {"NUR", "PAT", "MED"}
