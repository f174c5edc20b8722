"""Time as it is recorded (issue 11, items 1-3): date-times and Unix times,
windows and periods at any grain, and the date order of a whole column.

The acceptance case is a sensor log like the public high-school one: a
seeded generator (``benchmarks/generate.py``, :func:`school_log`) writes it
whitespace-separated with Unix seconds, and every figure reterete gives is
checked against networkx on the generator's own table."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.errors import InputError
from reterete.ingest import check_contacts, read_contacts
from reterete.window import parse_bound

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate  # noqa: E402

runner = CliRunner()
PARIS = "Europe/Paris"
SCHOOL = {"n_actors": 327, "days": 5, "seed": 7, "rows": 40_000}


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def school(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("school")
    files = generate.write_school(folder, **SCHOOL)
    truth = generate.school_log(SCHOOL["n_actors"], SCHOOL["days"], seed=SCHOOL["seed"],
                                rows=SCHOOL["rows"])
    local = pd.to_datetime(truth["t"], unit="s", utc=True).dt.tz_convert(PARIS)
    truth = truth.assign(when=local.dt.tz_localize(None), u=truth["i"].astype(str),
                         v=truth["j"].astype(str))
    return {**files, "truth": truth}


def graph_of(rows: pd.DataFrame) -> nx.Graph:
    """The truth's network of some records, built by networkx alone."""
    G = nx.Graph()
    G.add_edges_from(zip(rows["u"], rows["v"], strict=True))
    return G


# ------------------------------------------------------------------ item 1
def test_school_log_imports_with_a_time_zone(school):
    result = run("check", school["log"], "--actors", school["registry"], "--timezone", PARIS,
                 "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["ok"] and out["errors"] == [] and out["timezone"] == PARIS
    assert out["files"][0]["separator"] == " " and out["files"][0]["layout"] == "pairwise"
    assert out["interactions"] == SCHOOL["rows"] and out["actors"] == SCHOOL["n_actors"]
    net = read_contacts(school["log"], actors=school["registry"], timezone=PARIS)
    truth = school["truth"]
    # every record keeps its second, as the school's clocks showed it
    got = sorted(zip(net.interactions["date"], net.interactions["source"],
                     net.interactions["target"], strict=True))
    assert got == sorted(zip(truth["when"], truth["u"], truth["v"], strict=True))
    assert net.period == (truth["when"].min(), truth["when"].max())
    assert net.period[0].hour == 8  # school starts at 08:00 in Paris
    utc = read_contacts(school["log"], timezone="UTC")
    assert utc.period[0] == net.period[0] - pd.Timedelta(hours=1)  # Paris is UTC+1 in December
    assert net.actors.loc["451" if "451" in net.actors.index else net.actors.index[0],
                          "sector"] in generate.SCHOOL_CLASSES


def test_timeline_by_day_matches_networkx(school):
    result = run("timeline", school["log"], "--actors", school["registry"], "--timezone",
                 PARIS, "--freq", "day", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    truth = school["truth"]
    expected = {}
    for day, rows in truth.groupby(truth["when"].dt.strftime("%Y-%m-%d")):
        G = graph_of(rows)
        expected[day] = (G.number_of_nodes(), G.number_of_edges(), len(rows))
    got = {p["period"]: (p["actors"], p["ties"], p["interactions"]) for p in out["periods"]}
    assert got == expected
    assert out["freq"] == "day" and out["timezone"] == PARIS
    assert out["periods"][0]["start"] == "2013-12-02" == out["periods"][0]["end"]
    # a week of data: days are the default grain
    default = json.loads(run("timeline", school["log"], "--timezone", PARIS, "--json").stdout)
    assert default["freq"] == "day" and [p["period"] for p in default["periods"]] == list(got)


@pytest.mark.parametrize("bounds", [
    ("2013-12-03T10:00", "2013-12-03T13"),          # to the end of hour 13
    ("2013-12-03 10:00", "2013-12-03 13:59"),       # to the end of minute 13:59
    ("2013-12-03T10", "2013-12-03T13:59:59"),
])
def test_a_four_hour_window_gives_the_right_actors_and_ties(school, bounds):
    start, end = bounds
    result = run("summary", school["log"], "--timezone", PARIS, "--from", start, "--to", end,
                 "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    truth = school["truth"]
    inside = truth[(truth["when"] >= pd.Timestamp("2013-12-03 10:00"))
                   & (truth["when"] < pd.Timestamp("2013-12-03 14:00"))]
    G = graph_of(inside)
    assert 0 < len(inside) < len(truth) / 5
    assert (out["actors"], out["ties"], out["interactions"]) == (
        G.number_of_nodes(), G.number_of_edges(), len(inside))
    assert out["density"] == pytest.approx(nx.density(G))


def test_the_report_compares_the_first_and_the_last_day(school):
    from reterete.viz.report import build_report, default_windows

    net = read_contacts(school["log"], actors=school["registry"], timezone=PARIS)
    assert default_windows(net) == ("2013-12-02", "2013-12-06")
    report = build_report(net, n_boot=20, seed=1)
    sections = {s.key: s for s in report.sections}
    compare = sections["compare"].blocks
    assert compare[0].text == "Comparing 2 December 2013 with 6 December 2013."
    table = next(b for b in compare if b.kind == "table")
    ties = next(r for r in table.rows if r[0] in ("ties", "Ties"))
    truth = school["truth"]
    day = truth["when"].dt.strftime("%Y-%m-%d")
    first, last = graph_of(truth[day == "2013-12-02"]), graph_of(truth[day == "2013-12-06"])
    # the report writes each figure by its precision rule (counts as whole numbers)
    # (cells hold Figure objects, written by that rule when shown)
    assert (str(ties[1]), str(ties[2])) == (f"{first.number_of_edges():,}",
                                            f"{last.number_of_edges():,}")
    timeline = next(b for b in sections["timeline"].blocks if b.kind == "table")
    assert [r[0] for r in timeline.rows] == [f"{d} December 2013" for d in range(2, 7)]
    assert timeline.columns[0] == "Day"
    overview = " ".join(b.text for b in sections["overview"].blocks)
    assert PARIS in overview
    html = report.to_html()
    assert "single month" not in html and PARIS in html


def test_the_page_steps_through_days(school):
    from reterete.viz.page import page_data, to_html

    net = read_contacts(school["log"], timezone=PARIS)
    data = page_data(net)
    assert data["grain"] == "day" and len(data["months"]) == 5
    assert data["months"][0] == "2 Dec 2013"
    truth = school["truth"]
    names = data["nodes"]["label"]
    day = truth["when"].dt.strftime("%Y-%m-%d")
    for k, d in enumerate(sorted(day.unique())):
        ties = {frozenset((names[data["edges"]["from"][e]], names[data["edges"]["to"][e]]))
                for e in data["month_edges"][k]}
        assert ties == {frozenset(e) for e in graph_of(truth[day == d]).edges()}
    page = to_html(net, lang="it")
    assert ">Giorno<" in page and "Tutti i giorni" in page and PARIS in page


def test_the_workspace_keeps_times_and_zone(school, tmp_path):
    db = tmp_path / "school.db"
    result = run("import", school["log"], "--db", db, "--timezone", PARIS, "--json")
    assert result.exit_code == 0, result.output
    from reterete.store import Workspace

    net = Workspace(db).network()
    direct = read_contacts(school["log"], timezone=PARIS)
    assert net.timezone == PARIS
    assert sorted(net.interactions["date"]) == sorted(direct.interactions["date"])
    out = json.loads(run("summary", "--db", db, "--from", "2013-12-03T10", "--to",
                         "2013-12-03T13", "--json").stdout)
    assert out["timezone"] == PARIS and out["interactions"] > 0
    # the readable table names the zone in words, not by its JSON key
    shown = run("summary", "--db", db, "--from", "2013-12-03T10", "--to", "2013-12-03T13")
    assert "Time zone of Unix times in the logs" in shown.stdout and PARIS in shown.stdout
    assert "timezone" not in shown.stdout


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_whitespace_separated_files_with_runs_of_blanks(tmp_path):
    log = _write(tmp_path / "log.txt", "timestamp   source target\n"
                 "1385974800  a      b\n1385974820\tb  c  \n\n1385974840 a c\n")
    result = check_contacts(log, timezone="UTC")
    assert result.ok, result.errors
    inter = result.network.interactions
    assert list(inter["date"].astype(str)) == ["2013-12-02 09:00:00", "2013-12-02 09:00:20",
                                               "2013-12-02 09:00:40"]
    assert list(inter["row"]) == [2, 3, 5]  # rows as an editor numbers them
    assert result.files[0]["separator"] == " "


def test_a_one_column_csv_is_not_taken_for_a_whitespace_table(tmp_path):
    # a header with a space but one cell on the next line: not whitespace-separated
    log = _write(tmp_path / "one.csv", "Data contatto\n02/09/2024\n")
    result = check_contacts(log)
    assert not result.ok and "no recognisable contact-log columns" in result.errors[0].reason


@pytest.mark.parametrize("header", ["timestamp", "time", "t", "datetime", "Data e ora", "TS"])
def test_unix_seconds_and_milliseconds_in_a_time_column(tmp_path, header):
    for scale in (1, 1000):
        log = pd.DataFrame({header: [1385974800 * scale, 1385978420 * scale],
                            "source": ["a", "b"], "target": ["b", "c"]})
        net = read_contacts(log, timezone="Europe/Rome")
        assert list(net.interactions["date"].astype(str)) == [
            "2013-12-02 10:00:00", "2013-12-02 11:00:20"], (header, scale)
        assert net.timezone == "Europe/Rome"


def test_epochs_follow_daylight_saving_time():
    # 2024-03-31 01:30 UTC is 03:30 in Rome (summer time began at 02:00)
    log = pd.DataFrame({"timestamp": ["1711848600", "1711842000"], "source": ["a", "b"],
                        "target": ["b", "c"]})
    net = read_contacts(log, timezone="Europe/Rome")
    assert sorted(net.interactions["date"].astype(str)) == ["2024-03-31 00:40:00",
                                                            "2024-03-31 03:30:00"]


def test_date_times_are_read_with_their_time():
    log = pd.DataFrame({"Data": ["2013-12-02 11:00:20", "02/12/2013 11:00", "2013-12-02T08:05"],
                        "Attore 1": ["a", "b", "c"], "Attore 2": ["b", "c", "a"]})
    net = read_contacts(log)
    assert sorted(net.interactions["date"].astype(str)) == [
        "2013-12-02 08:05:00", "2013-12-02 11:00:00", "2013-12-02 11:00:20"]
    assert net.timezone is None  # no Unix time: no zone to state


def test_spreadsheet_date_time_cells_keep_their_time(tmp_path):
    import openpyxl

    path = tmp_path / "log.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Data", "Attore 1", "Attore 2"])
    sheet.append([pd.Timestamp("2013-12-02 11:15").to_pydatetime(), "a", "b"])
    sheet["A2"].number_format = "dd/mm/yyyy hh:mm"
    book.save(path)
    net = read_contacts(path)
    assert str(net.interactions["date"].iloc[0]) == "2013-12-02 11:15:00"


def test_a_date_and_a_time_of_day_column_are_joined():
    log = pd.DataFrame({"Data": ["02/12/2013", "03/12/2013", "04/12/2013"],
                        "Ora": ["08:30", "", "17.05"],
                        "Attore 1": ["a", "b", "c"], "Attore 2": ["b", "c", "a"]})
    net = read_contacts(log)
    assert list(net.interactions["date"].astype(str)) == [
        "2013-12-02 08:30:00", "2013-12-03 00:00:00", "2013-12-04 17:05:00"]
    bad = check_contacts(log.assign(Ora=["08:30", "25:00", "17.05"]))
    assert [(p.row, p.column, p.value) for p in bad.errors] == [(3, "Ora", "25:00")]


def test_unix_times_in_a_date_column_are_one_error_with_the_fix(tmp_path):
    rows = "\n".join(f"{1385974800 + 20 * k},a{k % 7},b{k % 5}" for k in range(500))
    log = _write(tmp_path / "log.csv", "date,source,target\n" + rows + "\n")
    result = run("check", log, "--json")
    assert result.exit_code == 2
    errors = json.loads(result.stdout)["errors"]
    assert len(errors) == 1  # one for the column, not one per row
    e = errors[0]
    assert (e["row"], e["column"], e["value"]) == (2, "date", "1385974800")
    assert "Unix time" in e["reason"] and "timestamp" in e["reason"]
    assert "499 other numbers" in e["reason"]
    # the same numbers under a time header are read
    ok = _write(tmp_path / "ok.csv", "timestamp,source,target\n" + rows + "\n")
    assert run("check", ok, "--timezone", "UTC", "--json").exit_code == 0


def test_an_unknown_time_zone_is_one_plain_error(school):
    result = run("summary", school["log"], "--timezone", "Europe/Milano", "--json")
    assert result.exit_code == 2
    assert "is not a time zone" in json.loads(result.stdout)["error"]
    with pytest.raises(InputError, match="not a time zone"):
        read_contacts(pd.DataFrame({"t": [1385974800], "source": ["a"], "target": ["b"]}),
                      timezone="Mars/Olympus")


def test_an_implausible_unix_time_is_an_error_for_its_row():
    log = pd.DataFrame({"timestamp": [1385974800, 12], "source": ["a", "b"],
                        "target": ["b", "c"]})
    result = check_contacts(log, timezone="UTC")
    assert [(p.row, p.column) for p in result.errors] == [(3, "timestamp")]
    assert "Unix time" in result.errors[0].reason


# ------------------------------------------------------------------ item 2
@pytest.mark.parametrize("text, side, expected", [
    ("2013-12-03", "end", "2013-12-03 23:59:59.999999999"),
    ("2013-12-03T08", "end", "2013-12-03 08:59:59.999999999"),
    ("2013-12-03T08:00", "end", "2013-12-03 08:00:59.999999999"),
    ("2013-12-03 08:00", "start", "2013-12-03 08:00:00"),
    ("2013-12-03T08:00:20", "end", "2013-12-03 08:00:20.999999999"),
    ("2024-12", "end", "2024-12-31 23:59:59.999999999"),
    ("2024-W37", "end", "2024-09-15 23:59:59.999999999"),
    ("2024-Q3", "start", "2024-07-01 00:00:00"),
    ("2024-Q4", "end", "2024-12-31 23:59:59.999999999"),
])
def test_bounds_are_inclusive_at_their_grain(text, side, expected):
    assert parse_bound(text, side=side) == pd.Timestamp(expected)


@pytest.mark.parametrize("text", ["2013-12-03T25", "2013-12-03T08:61", "03/12/2013", "2024-W60",
                                  "2024-Q5", "2013-12-03X08"])
def test_unreadable_bounds_are_plain_errors(text):
    with pytest.raises(InputError, match="is not a date"):
        parse_bound(text, side="start")


def test_timeline_grains_and_labels():
    from reterete.metrics.temporal import default_freq, timeline
    from reterete.network import Network

    net = Network.from_interactions(pd.DataFrame({
        "date": ["2013-12-02 08:10", "2013-12-02 08:50", "2013-12-02 10:05"],
        "source": ["a", "a", "b"], "target": ["b", "c", "c"]}))
    hours = timeline(net, freq=None)
    assert hours.attrs["freq"] == "hour"
    assert list(hours.index) == ["2013-12-02T08", "2013-12-02T09", "2013-12-02T10"]
    assert list(hours["ties"]) == [2, 0, 1]
    assert str(hours["start"].iloc[0]) == "2013-12-02 08:00:00"
    assert str(hours["end"].iloc[0]) == "2013-12-02 08:59:59"
    assert list(timeline(net, freq="quarter").index) == ["2013-Q4"]
    assert [default_freq("2024-01-01", x) for x in ("2024-01-02", "2024-02-10", "2024-12-31",
                                                    "2027-01-01")] == [
        "hour", "day", "month", "quarter"]


def test_cli_timeline_by_hour(tmp_path):
    log = _write(tmp_path / "log.csv", "date,source,target\n2013-12-02 08:10,a,b\n"
                 "2013-12-02 09:50,a,c\n2013-12-02 09:55,b,c\n")
    out = json.loads(run("timeline", log, "--json").stdout)
    assert out["freq"] == "hour"
    assert [(p["period"], p["ties"]) for p in out["periods"]] == [
        ("2013-12-02T08", 1), ("2013-12-02T09", 2)]
    assert out["periods"][1]["start"] == "2013-12-02T09:00:00"
    assert out["timezone"] is None



@pytest.mark.parametrize("lang", ["en", "it"])
def test_cli_timeline_of_a_century_by_hour_asks_for_a_coarser_grain(tmp_path, lang):
    """One row dated 1900 in a 2024 log (issue 20, item 11): by hour that is a
    million periods (it did not end in 240 s); the command says how many and
    which grain fits, exit 2, at once."""
    log = _write(tmp_path / "log.csv", "date,source,target\n01/01/1900,a,b\n"
                 "02/09/2024,a,c\n30/12/2024,b,c\n")
    out = run("timeline", log, "--freq", "hour", "--lang", lang)
    assert out.exit_code == 2 and "Traceback" not in out.output
    words = " ".join(out.output.split())
    assert "1900-01-01" in words and "2024-12-30" in words
    assert ("--freq month gives 1,500" in words if lang == "en" else
            "--freq mese ne dà 1.500" in words)
    ok = json.loads(run("timeline", log, "--freq", "month", "--json").stdout)
    assert len(ok["periods"]) == 1500 and sum(p["interactions"] for p in ok["periods"]) == 3

def test_compare_windows_take_date_times(school):
    result = run("compare", school["log"], "--timezone", PARIS,
                 "--start", "2013-12-02T08:00:2013-12-02T11",
                 "--end", "2013-12-06T08:2013-12-06T11:59", "--boot", 20, "--seed", 1,
                 "--json")
    assert result.exit_code == 0, result.output
    ties = next(m for m in json.loads(result.stdout)["metrics"] if m["name"] == "ties")
    truth = school["truth"]

    def ties_in(a, b):
        rows = truth[(truth["when"] >= pd.Timestamp(a)) & (truth["when"] < pd.Timestamp(b))]
        return graph_of(rows).number_of_edges()

    assert ties["start"] == ties_in("2013-12-02 08:00", "2013-12-02 12:00")
    assert ties["end"] == ties_in("2013-12-06 08:00", "2013-12-06 12:00")


# ------------------------------------------------------------------ item 3
MONTH_FIRST = "Data,Attore 1,Attore 2\n" + "".join(
    f"12/0{d}/2013,a{d},b{d}\n12/0{d}/2013,b{d},c\n" for d in range(2, 7))


def test_a_month_first_column_is_warned_once_and_json_carries_it(tmp_path):
    log = _write(tmp_path / "mf.csv", MONTH_FIRST)
    result = run("check", log, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    warned = [w for w in out["warnings"] if "month-first" in w["reason"]]
    assert len(warned) == 1
    w = warned[0]
    assert w["column"] == "Data" and w["row"] is None
    assert "day-first" in w["reason"] and "--monthfirst" in w["reason"]
    assert "2013-12-02" in w["reason"] and "2013-12-06" in w["reason"]  # the other reading
    readable = run("check", log)
    assert readable.output.count("--monthfirst") == 1
    # forcing either reading silences it; --monthfirst reads December
    forced = json.loads(run("check", log, "--monthfirst", "--json").stdout)
    assert forced["warnings"] == []
    net = read_contacts(log, dayfirst=False)
    assert net.period == (pd.Timestamp("2013-12-02"), pd.Timestamp("2013-12-06"))
    kept = read_contacts(log, dayfirst=True)
    assert kept.period == (pd.Timestamp("2013-02-12"), pd.Timestamp("2013-06-12"))
    assert kept.warnings == ()
    summary = json.loads(run("summary", log, "--monthfirst", "--to", "2013-12-04",
                             "--json").stdout)
    assert summary["interactions"] == 6


def test_a_plausible_italian_day_first_file_is_not_warned(tmp_path):
    # Cremona-like: September to December, every day 12 or less, so every
    # value also reads month-first, but day-first is a compact four months
    days = [f"{d:02d}/{m:02d}/2024" for m in (9, 10, 11, 12) for d in (2, 5, 9, 12)]
    log = _write(tmp_path / "it.csv", "Data;Attore 1;Attore 2\n" + "".join(
        f"{d};Bar Roma;Comitato {k % 3}\n" for k, d in enumerate(days)))
    out = json.loads(run("check", log, "--json").stdout)
    assert out["ok"] and out["warnings"] == []
    assert read_contacts(log).period == (pd.Timestamp("2024-09-02"), pd.Timestamp("2024-12-12"))


def test_month_first_reading_of_values_that_only_read_one_way():
    log = pd.DataFrame({"date": ["12/25/2013", "13/12/2013"], "source": ["a", "b"],
                        "target": ["b", "c"]})
    result = check_contacts(log, dayfirst=False)
    assert str(result.errors[0].row) == "3" and "month 13 does not exist" in \
        result.errors[0].reason
    ok = read_contacts(log.iloc[:1], dayfirst=False)
    assert str(ok.interactions["date"].iloc[0]) == "2013-12-25 00:00:00"
    # ISO dates read one way whatever the option
    iso = read_contacts(pd.DataFrame({"date": ["2013-12-02"], "source": ["a"],
                                      "target": ["b"]}), dayfirst=False)
    assert str(iso.interactions["date"].iloc[0]) == "2013-12-02 00:00:00"


def test_a_single_ambiguous_date_is_not_a_guess():
    from reterete.ingest.dates import parse_date_column

    assert parse_date_column(pd.Series(["05/06/2024"] * 3)).ambiguous is None
    # a day above 12 settles the order: no warning
    assert parse_date_column(pd.Series(["12/02/2013", "12/06/2013", "13/06/2013"])
                             ).ambiguous is None
    assert parse_date_column(pd.Series(["12/02/2013", "12/06/2013"])).ambiguous is not None


@pytest.mark.parametrize("command", ["summary", "centrality", "timeline", "antennas",
                                     "recommend", "compare", "viz", "report", "import"])
def test_every_command_that_reads_logs_takes_the_reading_options(command):
    help_text = run(command, "--help").output
    assert "--timezone" in help_text and "--monthfirst" in help_text


def test_plain_words_in_italian_for_the_new_messages(tmp_path):
    from reterete.i18n import language

    log = _write(tmp_path / "mf.csv", MONTH_FIRST)
    warned = check_contacts(log).warnings
    with language("it"):  # reasons are translated when shown
        reason = str(warned[0].reason)
        problem = str(warned[0])
    assert "--monthfirst" in reason and "giorno" in reason and "giorno" in problem
    assert np.all([isinstance(w.reason, str) for w in warned])
    with language("it"):
        unix = check_contacts(pd.DataFrame({"date": [1385974800, 1385974820],
                                            "source": ["a", "b"], "target": ["b", "c"]}))
        assert "sembrano tempi Unix" in str(unix.errors[0].reason)


def test_dask_reads_unix_times_in_the_same_zone(school):
    from reterete.distributed import read_contacts_dask

    net = read_contacts_dask(school["log"], timezone=PARIS)
    direct = read_contacts(school["log"], timezone=PARIS)
    assert net.timezone == PARIS and net.n_interactions == direct.n_interactions
    assert net.period == direct.period
