"""`forget` erases persons only (issue 20): a site, a kind of contact or of
actor, a sector, an event and a name not in the workspace are refused with a
sentence and nothing changes, on the command line and in the app (which calls
the same function)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.errors import WorkspaceError
from reterete.store import Workspace

runner = CliRunner()

LOG = ("date,source,target,site,kind,event\n"
       "2024-09-02,Ada Rossi,Bea Neri,Piazza Roma,visita,Festa di via\n"
       "2024-09-03,Bea Neri,Bar Roma,Piazza Roma,visita,\n"
       "2024-09-04,Bar Roma,Comitato Po,Piazza Marconi,riunione,\n")
REGISTRY = ("name,kind,sector,sites,is_person\n"
            "Ada Rossi,cittadina,residenti,Piazza Roma,yes\n"
            "Bar Roma,esercizio,commercio,Via Dante,no\n")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    log = tmp_path / "contatti.csv"
    log.write_text(LOG, encoding="utf-8")
    reg = tmp_path / "registro.csv"
    reg.write_text(REGISTRY, encoding="utf-8")
    path = tmp_path / "ws.db"
    result = runner.invoke(app, ["import", str(log), "--actors", str(reg), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize(("name", "what"), [
    ("Piazza Roma", "a site"), ("piazza marconi", "a site"), ("Via Dante", "a site"),
    ("visita", "a kind of contact"), ("Festa di via", "an event"),
    ("esercizio", "a kind of actor"), ("commercio", "a sector")])
def test_forget_refuses_what_is_not_a_person(db, name, what):
    before = Workspace(db).dump()
    result = runner.invoke(app, ["forget", name, "--db", str(db), "--yes"])
    assert result.exit_code == 2, result.output
    said = " ".join(result.stderr.split())
    assert f"is {what} in the workspace" in said
    assert "persons only" in said and "Traceback" not in result.output
    assert Workspace(db).dump() == before


def test_forget_refuses_a_name_not_in_the_workspace(db):
    before = Workspace(db).dump()
    result = runner.invoke(app, ["forget", "Nessuno Qui", "--db", str(db), "--yes"])
    assert result.exit_code == 2
    assert "nobody called 'Nessuno Qui'" in " ".join(result.stderr.split())
    assert Workspace(db).dump() == before
    log = Workspace(db).log()
    assert "forget" not in set(log["action"])


def test_forget_still_erases_a_person_and_says_it_in_italian(db):
    result = runner.invoke(app, ["forget", "Piazza Roma", "--db", str(db), "--yes",
                                 "--lang", "it"])
    assert result.exit_code == 2 and "non è una persona" in " ".join(result.stderr.split())
    gone = runner.invoke(app, ["forget", "Ada Rossi", "--db", str(db), "--yes", "--json"])
    assert gone.exit_code == 0, gone.output
    assert "ada rossi" not in Workspace(db).network().actors.index


def test_the_app_refuses_the_same_names(tmp_path, db):
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from reterete.app.server import Settings, create_app

    settings = Settings(db=db, token="t" * 24, port=8798)
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8798",
                        follow_redirects=False)
    assert client.get("/?token=" + "t" * 24).status_code == 303
    before = Workspace(db).dump()
    for name in ("Piazza Roma", "nessuno qui"):
        r = client.post("/actors/forget", data={"csrf": settings.csrf, "id": name,
                                                "confirm": "yes"})
        assert r.status_code == 400, r.text
        assert "Nothing was changed" in r.text
    assert Workspace(db).dump() == before
    with pytest.raises(WorkspaceError, match="a site"):
        client.app.state.data.forget("Piazza Roma")
