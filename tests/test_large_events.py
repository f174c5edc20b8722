"""Large attendance events (issue 12, item 8): named by `check`, refused by the
analysis commands unless the user chooses keep, skip or star; never 12.5M
pairs by surprise."""

from __future__ import annotations

import json
from math import comb

import pandas as pd
import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.errors import IngestError, InputError
from reterete.identity import normalize_name
from reterete.ingest import check_contacts, read_contacts
from reterete.ingest.events import event_node_name, large_events

runner = CliRunner()


def attendance(n_big: int, *, cell: bool = False) -> pd.DataFrame:
    """One event of ``n_big`` people (rows 2..), then a small meeting of three."""
    people = [f"Persona {i}" for i in range(n_big)]
    if cell:
        rows = [{"date": "2024-09-15", "event": "Festa", "participants": " | ".join(people),
                 "site": "Piazza Roma"}]
    else:
        rows = [{"date": "2024-09-15", "event": "Festa", "actor": p, "site": "Piazza Roma"}
                for p in people]
    small = [{"date": "2024-09-16", "event": "Riunione", "site": "Piazza Marconi",
              ("participants" if cell else "actor"): p} for p in ("Ada", "Bea", "Cy")]
    return pd.DataFrame(rows + small)


@pytest.mark.parametrize("cell", [False, True])
def test_without_a_choice_the_event_is_named_with_size_and_row(cell):
    result = check_contacts(attendance(6, cell=cell), large_event_size=5)
    assert not result.ok
    (problem,) = result.errors
    assert (problem.row, problem.column, problem.value) == (2, "event", "Festa")
    assert "6 participants" in str(problem.reason) and "15 ties" in str(problem.reason)


def test_at_the_limit_nothing_changes():
    net = read_contacts(attendance(5), large_event_size=5)
    assert net.n_interactions == comb(5, 2) + comb(3, 2)


def test_keep_builds_every_pair():
    net = read_contacts(attendance(7), large_events="keep", large_event_size=5)
    G = net.graph()
    assert G.number_of_edges() == comb(7, 2) + comb(3, 2)


def test_skip_leaves_the_event_out_and_says_so():
    result = check_contacts(attendance(7), large_events="skip", large_event_size=5)
    assert result.ok
    G = result.network.graph()
    assert G.number_of_edges() == 3 and G.number_of_nodes() == 3
    assert any(w.value == "Festa" and "left out" in str(w.reason) for w in result.warnings)


@pytest.mark.parametrize("cell", [False, True])
def test_star_ties_each_participant_to_the_event_node(cell):
    net = read_contacts(attendance(7, cell=cell), large_events="star", large_event_size=5)
    G = net.graph()
    hub = normalize_name(event_node_name("Festa", "2024-09-15"))
    assert hub == "festa [2024-09-15]"
    assert G.degree(hub) == 7
    assert G.number_of_edges() == 7 + 3  # a star, and the small meeting's triangle
    assert {net.name_of(a) for a in G.neighbors(hub)} == {f"Persona {i}" for i in range(7)}
    # the event's site is kept on its ties
    sites = net.interactions.loc[net.interactions["target"] == hub, "site"]
    assert set(map(str, sites)) <= {"piazza roma", "Piazza Roma"}


def test_the_context_manager_and_bad_choices():
    with large_events("skip", size=5):
        net = read_contacts(attendance(6))
    assert net.graph().number_of_nodes() == 3
    with pytest.raises(InputError, match="keep, skip or star"):
        read_contacts(attendance(6), large_events="drop")
    with pytest.raises(IngestError):
        read_contacts(attendance(501))


def test_cli_check_summary_and_choices(tmp_path):
    log = tmp_path / "eventi.csv"
    attendance(8).to_csv(log, index=False)
    res = runner.invoke(app, ["check", str(log), "--large-event-size", "5", "--json"])
    assert res.exit_code == 2
    err = json.loads(res.stdout)["errors"][0]
    assert (err["row"], err["value"]) == (2, "Festa") and "--large-events" in err["reason"]
    res = runner.invoke(app, ["summary", str(log), "--large-event-size", "5", "--json"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["summary", str(log), "--large-event-size", "5",
                              "--large-events", "star", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["ties"] == 8 + 3
    res = runner.invoke(app, ["summary", str(log), "--large-events", "everything"])
    assert res.exit_code == 2 and "keep, skip or star" in res.output
