"""A team workspace (issue 23): accounts and roles, sessions and login
throttling, every route for every role, the evaluator's pseudonymised view,
contacts logged through ``/api/contacts`` (also 10 clients at once), the
history with its authors, backups, and serving over TLS or behind a proxy.

Expected values come from the library or the files (registry names, notes,
``check_contacts``' words), never from the app's own answers.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import threading
import time
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from team_helpers import (
    LOGS,
    PASSWORDS,
    Http,
    as_role,
    client_for,
    example_folder,
    login,
    running,
    team_workspace,
)
from typer.testing import CliRunner

from reterete.cli import app as cli
from reterete.store import Workspace, accounts

pytest.importorskip("argon2")


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return team_workspace(tmp_path)


def entry(client_id: str, actors=("Bar Portici", "Liceo Manin"), **kw) -> dict:
    body = {"client_id": client_id, "when": "2024-09-20T10:30", "site": "Piazza Roma",
            "actors": list(actors), "kind": "Presidio dei territori", "minutes": 20,
            "note": "nota riservata " + client_id}
    body.update(kw)
    return body


# ------------------------------------------------------------------ accounts (CLI)
def test_users_command(tmp_path: Path):
    db = tmp_path / "w.db"
    run = CliRunner()
    r = run.invoke(cli, ["users", "add", "Anna Bianchi", "--role", "coordinatore", "--db",
                         str(db), "--password-stdin"], input="una-password-lunga\n")
    assert r.exit_code == 0, r.output
    r = run.invoke(cli, ["users", "add", "Bruno", "--role", "operatore", "--db", str(db)],
                   input="password-bruno\npassword-bruno\n")
    assert r.exit_code == 0, r.output
    # twice, differently: refused, nothing added
    r = run.invoke(cli, ["users", "add", "Ciro", "--db", str(db)], input="password-ciro1\nx\n")
    assert r.exit_code == 2 and "differ" in r.output
    r = run.invoke(cli, ["users", "add", "Dario", "--role", "boss", "--db", str(db),
                         "--password-stdin"], input="password-dario\n")
    assert r.exit_code == 2 and "not a role" in r.output
    r = run.invoke(cli, ["users", "list", "--db", str(db), "--json"])
    got = json.loads(r.stdout)["users"]
    assert [(u["name"], u["role"], u["disabled"]) for u in got] == [
        ("Anna Bianchi", "coordinator", False), ("Bruno", "worker", False)]
    assert run.invoke(cli, ["users", "disable", "bruno", "--db", str(db)]).exit_code == 0
    assert run.invoke(cli, ["users", "role", "BRUNO", "valutatore", "--db",
                            str(db)]).exit_code == 0
    user = accounts.get_user(Workspace(db), "Bruno")
    assert user.disabled and user.role == "evaluator"
    # argon2id hashes, never the password
    with sqlite3.connect(db) as con:
        hashes = [r[0] for r in con.execute("SELECT hash FROM users")]
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any("una-password-lunga" in h for h in hashes)
    assert accounts.verify(Workspace(db), "anna bianchi", "una-password-lunga") is not None
    assert accounts.verify(Workspace(db), "anna bianchi", "wrong-password") is None
    # every change in the history, with the command line as its author
    log = Workspace(db).log()
    assert list(log["action"]) == ["user"] * 4 and log["user"].isna().all()


def test_schema_upgrade_keeps_an_old_workspace(tmp_path: Path):
    """A workspace of schema 3 (before accounts) opens, is upgraded, keeps its contacts."""
    from reterete.store_schema import MIGRATIONS

    folder = example_folder(tmp_path / "data")
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    for script in MIGRATIONS[:3]:
        con.executescript(script)
    con.execute("INSERT INTO meta VALUES ('salt', 'ab'), ('key', 'cd')")
    con.execute("PRAGMA user_version = 3")
    con.commit()
    con.close()
    ws = Workspace(db)
    ws.import_files([folder / LOGS[0]])
    n = len(ws.interactions())
    accounts.add_user(ws, "Anna", "worker", "password-anna")
    assert ws.schema_version == 4 and len(ws.interactions()) == n > 0
    assert ws.log()["action"].tolist() == ["import", "user"]


# ------------------------------------------------------------------ every route, every role
#: Who may use each route: written here, independently of reterete/app/routes.py.
EXPECTED = {
    ("/", "GET"): "WCE", ("/import", "GET"): "WC", ("/import", "POST"): "WC",
    ("/import/clean", "POST"): "WC", ("/import/progress", "GET"): "WC",
    ("/duplicates/same", "POST"): "C", ("/duplicates/distinct", "POST"): "C",
    ("/actors", "GET"): "C", ("/actors/edit", "GET"): "C", ("/actors/edit", "POST"): "C",
    ("/actors/forget", "GET"): "C", ("/actors/forget", "POST"): "C",
    ("/actors/registry", "POST"): "C", ("/history", "GET"): "WCE",
    ("/favicon.ico", "GET"): "WCE", ("/network", "GET"): "WCE",
    ("/network/page", "GET"): "WCE", ("/sites", "GET"): "WCE",
    ("/sites/{table}.{fmt}", "GET"): "WCE", ("/compare", "GET"): "WCE",
    ("/report", "GET"): "WCE", ("/report", "POST"): "WCE", ("/report/{key}", "GET"): "WCE",
    ("/api/import", "POST"): "WC", ("/api/summary", "GET"): "WCE",
    ("/api/antennas", "GET"): "WCE", ("/api/alias", "POST"): "C",
    ("/login", "GET"): "WCE", ("/login", "POST"): "WCE", ("/logout", "POST"): "WCE",
    ("/api/login", "POST"): "WCE", ("/api/logout", "POST"): "WCE", ("/api/me", "GET"): "WCE",
    ("/api/contacts", "POST"): "WC", ("/api/contacts", "GET"): "WC",
    ("/api/contacts/{entry}", "PUT"): "WC", ("/api/contacts/{entry}", "DELETE"): "WC",
    ("/api/choices", "GET"): "WC", ("/contacts", "GET"): "C", ("/users", "GET"): "C",
    ("/users", "POST"): "C", ("/backup", "GET"): "C",
    ("/log", "GET"): "WC", ("/log-sw.js", "GET"): "WC",
}
ROLES = {"W": "worker", "C": "coordinator", "E": "evaluator"}


def _call(client, path: str, method: str, csrf: str):
    url = (path.replace("{table}.{fmt}", "antennas.csv").replace("{key}", "nokey")
           .replace("{entry}", "999999"))
    headers = {"x-csrf-token": csrf}
    if method == "GET":
        return client.get(url, headers=headers)
    if url.startswith("/api/"):
        return client.request(method, url, headers=headers, json={})
    return client.request(method, url, headers=headers, data={"csrf": csrf})


def _registry_persons(db: Path) -> list[str]:
    reg = Workspace(db).registry()
    persons = reg[reg["is_person"] == True]  # noqa: E712
    names = list(persons["name"])
    for aliases in persons["aliases"]:
        names += list(aliases or ())
    assert len(names) >= 10
    return names


def _notes(folder: Path) -> list[str]:
    from reterete.ingest import read_contacts

    net = read_contacts([folder / n for n in LOGS])
    notes = {str(n) for n in net.interactions["note"].dropna() if len(str(n)) > 6}
    assert len(notes) >= 5
    return sorted(notes)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def test_every_route_every_role(db: Path):
    from reterete.app.routes import table

    listed = {(p, m) for p, methods, _roles in table() for m in methods}
    assert listed == set(EXPECTED), "a route was added or removed: say who may use it here"
    persons = [_fold(n) for n in _registry_persons(db)]
    for letter, role in ROLES.items():
        client, csrf = as_role(db, role)
        # the two that end the session go last
        order = sorted(EXPECTED, key=lambda k: k[0] in ("/logout", "/api/logout"))
        for path, method in order:
            r = _call(client, path, method, csrf)
            where = f"{role} {method} {path}"
            if letter in EXPECTED[(path, method)]:
                assert r.status_code != 403, where
            else:
                assert r.status_code == 403, where
                if path.startswith("/api/"):
                    assert r.json() == {"ok": False, "error": "not allowed for your role"}
                text = _fold(r.text)
                assert not any(n in text for n in persons), where
    # before logging in: nothing but the login (401 or a redirect to it), no data
    client = client_for(db)
    for path, method in EXPECTED:
        if path in ("/login", "/api/login", "/favicon.ico"):
            continue
        r = _call(client, path, method, "x")
        assert r.status_code in (303, 401), (method, path)
        assert r.status_code == 401 or r.headers["location"].startswith("/login")
        assert not any(n in _fold(r.text) for n in persons)


# ------------------------------------------------------------------ the evaluator
def test_evaluator_gets_no_name_and_no_note(db: Path, tmp_path: Path):
    worker, wcsrf = as_role(db, "worker")
    r = worker.post("/api/contacts", json=entry("secret-entry-1",
                                                actors=["Agente Stefano Marini",
                                                        "Bar Portici", "Giovanni Nuovo"]),
                    headers={"x-csrf-token": wcsrf})
    assert r.status_code == 201, r.text
    client, csrf = as_role(db, "evaluator")
    banned = [_fold(n) for n in [*_registry_persons(db), "Giovanni Nuovo",
                                 "Marta Operatrice", "nota riservata",
                                 *_notes(tmp_path / "data")]]
    answers: dict[str, str] = {}

    def get(url: str) -> None:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        answers[url] = r.text if not url.endswith(".xlsx") else _xlsx_text(r.content)

    for url in ("/", "/network", "/network/page", "/sites", "/compare", "/report", "/history",
                "/api/summary", "/api/me"):
        get(url)
    sites = json.loads(client.get("/api/summary").text)
    net = Workspace(db).network()
    from reterete.privacy import anonymize_network

    pseudo = anonymize_network(net, Workspace(db).key())
    site = pseudo.sites[0]
    assert site.startswith("Site ") and sites
    for url in (f"/sites?site={site}", f"/sites/antennas.csv?site={site}",
                f"/sites/recommend.csv?site={site}", f"/sites/antennas.xlsx?site={site}",
                f"/api/antennas?site={site}",
                "/compare?start=2024-09:2024-10&end=2024-11:2024-12&boot=50",
                "/network/page?start=2024-09-01&end=2024-12-31"):
        get(url)
    r = client.post("/report", data={"csrf": csrf, "k": "3"})
    assert r.status_code == 200
    key = re.search(r"/report/([\w-]+)", r.text).group(1)
    get(f"/report/{key}")
    get(f"/report/{key}?download=1")
    assert "Person " in answers[f"/report/{key}"]
    for url, text in answers.items():
        folded = _fold(text)
        found = [n for n in banned if n in folded]
        assert not found, (url, found[:3])
    # the same pages name persons for the coordinator (the grep can fail)
    coord, _ = as_role(db, "coordinator")
    folded = _fold(coord.get("/sites/antennas.csv?site=Piazza Roma").text
                   + coord.get("/network/page").text)
    assert any(n in folded for n in banned)


def _xlsx_text(content: bytes) -> str:
    sheets = pd.read_excel(io.BytesIO(content), sheet_name=None, header=None)
    return "\n".join(str(v) for df in sheets.values() for v in df.to_numpy().ravel())


# ------------------------------------------------------------------ login and sessions
def test_login_throttled_after_five_failures(db: Path):
    client = client_for(db, login_wait=0.5)
    codes = [client.post("/api/login", json={"name": "Carla Coordina",
                                             "password": "wrong"}).status_code
             for _ in range(5)]
    assert codes == [401, 401, 401, 401, 429]
    r = client.post("/api/login", json={"name": "Carla Coordina",
                                        "password": PASSWORDS["Carla Coordina"]})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    time.sleep(0.6)
    assert login(client, "Carla Coordina")
    # the wait doubles: 5 more failures for another name from the same address
    other = client_for(db, login_wait=0.5)
    for _ in range(5):
        other.post("/api/login", json={"name": "Ugo Operatore", "password": "no"})
    time.sleep(0.6)
    other.post("/api/login", json={"name": "Ugo Operatore", "password": "no"})  # 6th: 1 s
    time.sleep(0.6)
    r = other.post("/api/login", json={"name": "Ugo Operatore",
                                       "password": PASSWORDS["Ugo Operatore"]})
    assert r.status_code == 429
    time.sleep(0.5)
    assert login(other, "Ugo Operatore")


def test_session_cookie_and_its_end(db: Path):
    client = client_for(db)
    r = client.post("/api/login", json={"name": "marta operatrice",
                                        "password": PASSWORDS["Marta Operatrice"]})
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    sid = cookie.split(";")[0].split("=", 1)[1]
    assert len(sid) >= 40 and PASSWORDS["Marta Operatrice"] not in cookie
    assert client.get("/api/me").json()["name"] == "Marta Operatrice"
    # a disabled account stops at its next request
    accounts.set_disabled(Workspace(db), "Marta Operatrice", True)
    assert client.get("/api/me").status_code == 401
    assert client.get("/network").status_code == 303
    accounts.set_disabled(Workspace(db), "Marta Operatrice", False)
    assert client.get("/api/me").status_code == 401  # that session is over for good
    login(client, "Marta Operatrice")
    # a role change, a revocation, a new password end it too
    for change in (lambda ws: accounts.set_role(ws, "Marta Operatrice", "evaluator"),
                   lambda ws: accounts.revoke(ws, "Marta Operatrice"),
                   lambda ws: accounts.set_password(ws, "Marta Operatrice",
                                                    PASSWORDS["Marta Operatrice"])):
        login(client, "Marta Operatrice")
        assert client.get("/api/me").status_code == 200
        change(Workspace(db))
        assert client.get("/api/me").status_code == 401
    # logout ends it server-side: the old cookie is worth nothing
    login(client, "Marta Operatrice")
    old = client.cookies.get("reterete_session_8798")
    assert client.post("/api/logout").status_code == 200
    client.cookies.set("reterete_session_8798", old)
    assert client.get("/api/me").status_code == 401


def test_sessions_expire(db: Path):
    client = client_for(db, idle_minutes=0.5 / 60)
    login(client, "Carla Coordina")
    assert client.get("/api/me").status_code == 200
    time.sleep(0.7)
    assert client.get("/api/me").status_code == 401


def test_coordinator_revokes_from_the_accounts_page(db: Path):
    worker, _ = as_role(db, "worker")
    coord, csrf = as_role(db, "coordinator")
    page = coord.get("/users").text
    assert "Marta Operatrice" in page and "Valerio Valuta" in page
    r = coord.post("/users", data={"csrf": csrf, "name": "marta operatrice",
                                   "action": "revoke"})
    assert r.status_code == 303
    assert worker.get("/api/me").status_code == 401
    r = coord.post("/users", data={"csrf": "forged", "name": "Ugo Operatore",
                                   "action": "disable"})
    assert r.status_code == 403 and not accounts.get_user(Workspace(db), "Ugo Operatore").disabled


def test_token_mode_cookie_is_a_session_not_the_token(tmp_path: Path):
    from starlette.testclient import TestClient

    from reterete.app.server import Settings, create_app

    token = "the-access-token-123"
    settings = Settings(db=tmp_path / "solo.db", token=token, port=8797, idle_minutes=0.5 / 60)
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8797",
                        follow_redirects=False)
    r = client.get(f"/?token={token}")
    assert r.status_code == 303
    cookie = r.headers["set-cookie"]
    assert token not in cookie and "HttpOnly" in cookie
    assert client.get("/").status_code == 200
    # a cookie holding the token itself is refused
    other = TestClient(create_app(settings), base_url="http://127.0.0.1:8797",
                       follow_redirects=False)
    other.cookies.set(settings.cookie, token)
    assert other.get("/").status_code == 403
    time.sleep(0.7)  # idle expiry
    assert client.get("/").status_code == 403


# ------------------------------------------------------------------ contacts
def test_contacts_are_checked_like_an_import(db: Path, tmp_path: Path):
    from reterete.ingest import check_contacts

    client, csrf = as_role(db, "worker")
    h = {"x-csrf-token": csrf}
    r = client.post("/api/contacts", json=entry("bad-entry-01", when="2024-02-30",
                                                minutes="tanti"), headers=h)
    assert r.status_code == 422
    got = r.json()
    assert got["ok"] is False and set(got) >= {"errors", "warnings"}
    assert {e["column"] for e in got["errors"]} == {"when", "minutes"}
    bad = tmp_path / "bad.csv"
    bad.write_text("date,source,target,duration_min\n2024-02-30,A,B,tanti\n")
    words = {p.column: str(p.reason) for p in check_contacts([bad]).errors}
    by_field = {e["column"]: e["reason"] for e in got["errors"]}
    assert by_field == {"when": words["date"], "minutes": words["duration_min"]}
    # each problem names the entry's row (1), the field, and says it all in plain words
    assert all(e["row"] == 1 and e["field"] == e["column"] for e in got["errors"])
    when = next(e for e in got["errors"] if e["field"] == "when")
    assert when["message"] == f"When: '2024-02-30' {words['date']}"
    r = client.post("/api/contacts", json=entry("bad-entry-02", actors=["Solo"]), headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["column"] == "actors"
    # in the reader's language; an actor's problem names that actor
    r = client.post("/api/contacts", json=entry("bad-entry-03", actors=["Ada", "\u200b\u200b"],
                                                kind="Vi\x01sita"),
                    headers={**h, "accept-language": "it"})
    assert r.status_code == 422
    by_field = {e["field"]: e for e in r.json()["errors"]}
    assert set(by_field) == {"actors", "kind"}
    assert by_field["actors"]["row"] == 1
    assert by_field["actors"]["message"].startswith("Attori: 'U+200B U+200B' è fatto solo di")
    assert by_field["kind"]["message"].startswith("Tipo di contatto: 'ViU+0001sita' ")
    # without the CSRF header: refused
    assert client.post("/api/contacts", json=entry("good-entry-0")).status_code == 403
    n = len(Workspace(db).interactions())
    assert n == len(Workspace(db).interactions())


@pytest.mark.parametrize("actors", [["Ada Rossi", "Bea Neri"],
                                    ["Ada Rossi", "Bea Neri", "Cy Dati", "ada  rossi"]])
def test_an_entry_is_stored_as_an_import_would_store_it(tmp_path: Path, actors: list[str]):
    """The single-entry path (no file read) stores the contacts, content keys
    included, that ``check_contacts`` makes of the same entry as a file."""
    import hashlib

    from reterete.ingest import check_contacts
    from reterete.store import fieldlog
    from reterete.store.keys import content_keys

    ws = Workspace(tmp_path / "w.db")
    body = entry("same-as-file", actors=actors, when="20/09/2024 10:30", minutes="2,5",
                 site=" Piazza  Roma ")
    # a first entry: the second's rows are then built before its write turn
    fieldlog.add_entry(ws, entry("warming-up", actors=["Uno Primo", "Due Secondo"]), "Ugo")
    fieldlog.add_entry(ws, body, "Marta Operatrice")
    with sqlite3.connect(ws.path) as con:
        salt = con.execute("SELECT value FROM meta WHERE name = 'salt'").fetchone()[0]
        stored = con.execute("SELECT content_key, row, date, source_id, source_name, "
                             "target_id, target_name, site, kind, duration_min, weight, "
                             "recorded_by, event, note FROM interactions ORDER BY id"
                             ).fetchall()[1:]
    one = {"date": "20/09/2024 10:30", "site": "Piazza  Roma", "kind": body["kind"],
           "duration_min": "2,5", "recorded_by": "Marta Operatrice", "note": body["note"]}
    names = list(dict.fromkeys(actors[:3]))
    if len(names) == 2:
        frame = pd.DataFrame([{**one, "source": names[0], "target": names[1]}], dtype=object)
    else:
        event = "app " + hashlib.sha256(b"same-as-file").hexdigest()[:8]
        frame = pd.DataFrame([{**one, "event": event, "actor": a} for a in names],
                             dtype=object)
    net = check_contacts([frame], names=["app"]).network
    inter = net.interactions
    shown = dict(zip(net.actors.index, net.actors["name"], strict=True))
    expected = [(k, r.row, r.date.isoformat(), r.source, shown[r.source], r.target,
                 shown[r.target], r.site, r.kind, r.duration_min, r.weight, r.recorded_by,
                 None if pd.isna(r.event) else r.event, r.note)
                for k, r in zip(content_keys(inter, salt), inter.itertuples(), strict=True)]
    assert stored == expected


def test_contacts_stored_once_owned_and_in_history(db: Path):
    ws = Workspace(db)
    before = len(ws.interactions())
    marta, mc = as_role(db, "worker")
    ugo = client_for(db)
    uc = login(ugo, "Ugo Operatore")
    r = marta.post("/api/contacts", json=entry("marta-entry-1", actors=[
        "Bar Portici", "Liceo Manin", "Persona Mai Vista"]), headers={"x-csrf-token": mc})
    assert r.status_code == 201
    first = r.json()
    assert first["ok"] and not first["duplicate"] and first["new_actors"] == ["Persona Mai Vista"]
    again = marta.post("/api/contacts", json=entry("marta-entry-1"),
                       headers={"x-csrf-token": mc}).json()
    assert again["duplicate"] and again["id"] == first["id"]
    inter = ws.interactions()
    assert len(inter) == before + 3  # a meeting of three: three ties, stored once
    mine = inter[inter["file"] == "app"]
    assert set(mine["recorded_by"]) == {"marta operatrice"}  # an id, as imports keep it
    # the meeting is read back as an attendance of three
    G = ws.network().graph()
    assert G.has_edge("bar portici", "persona mai vista")
    # each worker lists only their own entries (and their notes)
    listed = marta.get("/api/contacts").json()["entries"]
    assert [e["id"] for e in listed] == [first["id"]]
    assert listed[0]["note"] == "nota riservata marta-entry-1"
    assert ugo.get("/api/contacts").json()["entries"] == []
    assert ugo.get("/api/contacts?all=1").status_code == 403
    # only the author (or a coordinator) corrects or deletes
    url = f"/api/contacts/{first['id']}"
    assert ugo.put(url, json=entry("x" * 8), headers={"x-csrf-token": uc}).status_code == 403
    assert ugo.delete(url, headers={"x-csrf-token": uc}).status_code == 403
    r = marta.put(url, json=entry("ignored1", actors=["Bar Portici", "Liceo Manin"],
                                  minutes=45), headers={"x-csrf-token": mc})
    assert r.status_code == 200
    assert len(ws.interactions()) == before + 1
    assert marta.get("/api/contacts").json()["entries"][0]["minutes"] == 45
    coord, cc = as_role(db, "coordinator")
    page = coord.get("/contacts").text
    assert "Marta Operatrice" in page and "nota riservata" not in page
    assert coord.delete(url, headers={"x-csrf-token": cc}).status_code == 200
    assert len(ws.interactions()) == before
    # every change with its author; the evaluator sees counts only
    log = ws.log()
    tail = log[log["action"].isin(["log", "edit", "delete"])]
    assert list(zip(tail["action"], tail["user"], strict=True)) == [
        ("log", "Marta Operatrice"), ("edit", "Marta Operatrice"),
        ("delete", "Carla Coordina")]
    assert "Marta Operatrice" in coord.get("/history").text
    ev, _ = as_role(db, "evaluator")
    text = ev.get("/history").text
    assert "Marta Operatrice" not in text and "history-counts" in text


def _raw_bytes(db: Path) -> bytes:
    wal = Path(f"{db}-wal")
    return db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _copies_of(db: Path, names: list[str]) -> list[str]:
    raw = _raw_bytes(db).lower()
    return sorted({n for n in names for enc in ("utf-8", "utf-16-le", "utf-16-be")
                   if n.lower().encode(enc) in raw})


def test_forget_leaves_no_byte_of_a_person_logged_in_the_app(db: Path):
    """A person logged from phones (in pairs, in a meeting, in a site's name and
    a note, in entries corrected or deleted since), and a worker who logged
    entries: after ``forget``, neither name is anywhere in the file or its
    journal: not in contacts, ``field_entries``, ``log.user``, the accounts."""
    marta, mc = as_role(db, "worker")
    ugo = client_for(db)
    uc = login(ugo, "Ugo Operatore")
    person, worker = "Teodoro Zanchetta", "Ugo Operatore"
    posts = [
        (marta, mc, entry("forget-app-01", actors=[person, "Bar Portici"])),
        (marta, mc, entry("forget-app-02", actors=["Liceo Manin", person, "Bar Portici"])),
        (ugo, uc, entry("forget-app-03", actors=["Bar Portici", "Liceo Manin"],
                        site=f"Casa di {person}", note=f"visto con {person}")),
        (ugo, uc, entry("forget-app-04", actors=[person, "Liceo Manin"])),
        (ugo, uc, entry(f"forget-{person.replace(' ', '-')}-05", actors=["Bar Portici",
                                                                           "Liceo Manin"])),
    ]
    ids = []
    for client, csrf, body in posts:
        r = client.post("/api/contacts", json=body, headers={"x-csrf-token": csrf})
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    # one corrected so that it no longer names him, one deleted
    r = ugo.put(f"/api/contacts/{ids[3]}", json=entry("ignored-1", actors=["Bar Portici",
                                                                          "Liceo Manin"]),
                headers={"x-csrf-token": uc})
    assert r.status_code == 200
    assert marta.delete(f"/api/contacts/{ids[0]}",
                        headers={"x-csrf-token": mc}).status_code == 200
    assert _copies_of(db, [person, worker]) == [person, worker]
    ws = Workspace(db)
    report = ws.forget(person)
    assert report.interactions == 2  # the meeting's two ties with him (the others are gone)
    ws.forget(worker)
    assert _copies_of(db, [person, worker, "Teodoro-Zanchetta", "Zanchetta", "Ugo"]) == []
    # what is left still works: the entries without them, the accounts of the others
    with sqlite3.connect(db) as con:
        users = {r[0] for r in con.execute("SELECT shown FROM users")}
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert users == {"Marta Operatrice", "Carla Coordina", "Valerio Valuta"}
    coord, _ = as_role(db, "coordinator")
    page = coord.get("/contacts").text
    assert "Marta Operatrice" in page and person not in page and worker not in page
    # the forgotten worker's session ends at its next request
    assert ugo.get("/api/contacts").status_code == 401


def _tables(con: sqlite3.Connection) -> dict[str, list[tuple]]:
    """The rows a backup must share with the workspace (accounts, contacts,
    entries, provenance, history; not meta, where a backup is marked)."""
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("users", "field_entries", "import_files", "interactions", "log")}


def _prefix(final: dict[str, list[tuple]], n: int) -> dict[str, list[tuple]]:
    """``final`` as it was right after its ``n``-th entry was written (entries
    only added, one at a time: each one's rows have higher ids than the one
    before, and nothing else was written meanwhile)."""
    log_of = {f[0]: f[1] for f in final["import_files"]}
    entry_logs = [log_of[e[5]] for e in final["field_entries"]]
    cut = entry_logs[n - 1] if n else entry_logs[0] - 1
    files = [f for f in final["import_files"] if f[1] <= cut]
    kept = {f[0] for f in files}
    return {"users": final["users"], "field_entries": final["field_entries"][:n],
            "import_files": files,
            "interactions": [i for i in final["interactions"] if i[3] in kept],
            "log": [row for row in final["log"] if row[0] <= cut]}


def test_ten_clients_post_a_thousand_contacts_while_a_backup_runs(tmp_path: Path):
    """10 clients x 100 contacts at once through HTTP: 1,000 stored, none lost,
    none twice; sent again, none added; backups taken meanwhile are whole."""
    from reterete.app.server import Settings
    from reterete.store.backup import backup

    db = team_workspace(tmp_path, data=False)
    ws = Workspace(db)
    with running(Settings(db=db)) as settings:
        clients = []
        for _ in range(10):
            c = Http(settings.port)
            r = c.request("POST", "/api/login", json_body={
                "name": "Marta Operatrice", "password": PASSWORDS["Marta Operatrice"]})
            clients.append((c, r.json()["csrf"]))
        results: list[list[dict]] = [[] for _ in clients]
        backups: list[Path] = []
        done = threading.Event()

        def post(k: int) -> None:
            c, csrf = clients[k]
            for i in range(100):
                actors = ([f"A{k}", f"B{i}", f"C{i}"] if i % 10 == 0
                          else [f"A{k}", f"B{i}"])
                r = c.request("POST", "/api/contacts",
                              json_body=entry(f"client-{k:02d}-{i:03d}", actors=actors),
                              headers={"x-csrf-token": csrf})
                results[k].append(r.json())

        def keep_backing_up() -> None:
            n = 0
            while not done.is_set():
                n += 1
                backups.append(backup(ws, tmp_path / f"backup-{n}.db"))
                time.sleep(0.2)

        threads = [threading.Thread(target=post, args=(k,)) for k in range(10)]
        bthread = threading.Thread(target=keep_backing_up)
        bthread.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        done.set()
        bthread.join()
        answers = [a for rs in results for a in rs]
        assert all(a["ok"] and not a["duplicate"] for a in answers)
        assert len({a["id"] for a in answers}) == 1000
        # the same 1,000 again, at once: nothing more
        results = [[] for _ in clients]
        threads = [threading.Thread(target=post, args=(k,)) for k in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert all(a["duplicate"] for rs in results for a in rs)
        for c, _ in clients:
            c.close()
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM field_entries").fetchone()[0] == 1000
        final = _tables(con)
        per_entry = dict(con.execute(
            "SELECT fe.client_id, count(i.id) FROM field_entries fe JOIN interactions i "
            "ON i.import_file = fe.import_file GROUP BY fe.id"))
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    expected = {f"client-{k:02d}-{i:03d}": 3 if i % 10 == 0 else 1
                for k in range(10) for i in range(100)}
    assert per_entry == expected
    assert len(backups) >= 2
    for path in backups:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            got = dict(con.execute(
                "SELECT fe.client_id, count(i.id) FROM field_entries fe LEFT JOIN "
                "interactions i ON i.import_file = fe.import_file GROUP BY fe.id"))
            # each entry the backup holds is whole: all its ties, or it is not there
            assert all(expected[cid] == n for cid, n in got.items())
            n_inter = con.execute("SELECT count(*) FROM interactions").fetchone()[0]
            assert n_inter == sum(got.values())
            copy = _tables(con)
        # and it is the workspace at one moment: entries are written one at a
        # time, so the backup holds the first N entries (ids 1..N), and every
        # table equals the final workspace's rows as they were after the N-th
        assert copy == _prefix(final, len(copy["field_entries"]))


# ------------------------------------------------------------------ backups
def test_the_app_opens_a_backup_and_shows_its_contacts(db: Path, tmp_path: Path):
    """``reterete app --db BACKUP``: the accounts log in, the contacts logged
    before the copy are shown, and a change is refused with a sentence."""
    from reterete.app.server import Settings
    from reterete.store.backup import backup

    marta, mc = as_role(db, "worker")
    r = marta.post("/api/contacts", json=entry("before-backup", actors=[
        "Bar Portici", "Liceo Manin", "Persona Nel Backup"]), headers={"x-csrf-token": mc})
    assert r.status_code == 201
    copy = backup(Workspace(db), tmp_path / "copia.db")
    before = copy.read_bytes()
    with running(Settings(db=copy)) as settings:
        c = Http(settings.port)
        r = c.request("POST", "/api/login", json_body={
            "name": "Carla Coordina", "password": PASSWORDS["Carla Coordina"]})
        assert r.status_code == 200
        csrf = r.json()["csrf"]
        page = c.request("GET", "/contacts")
        assert page.status_code == 200
        assert "Persona Nel Backup" in page.content.decode() and "Marta Operatrice" in \
            page.content.decode()
        summary = c.request("GET", "/api/summary")
        assert summary.status_code == 200
        assert summary.json()["actors"] == Workspace(db).network().graph().number_of_nodes()
        # a copy is read-only: a contact is refused in words, nothing written
        r = c.request("POST", "/api/contacts", json_body=entry("after-backup"),
                      headers={"x-csrf-token": csrf})
        assert r.status_code == 400 and "backup" in r.json()["error"]
        c.close()
    assert copy.read_bytes() == before


def test_backup_command_and_read_only_backup(db: Path, tmp_path: Path):
    run = CliRunner()
    out = tmp_path / "copia.db"
    r = run.invoke(cli, ["backup", "--db", str(db), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert Workspace(out).dump()["interactions"] == Workspace(db).dump()["interactions"]
    # a backup reads like the workspace, but refuses changes, with a sentence
    r = run.invoke(cli, ["summary", "--db", str(out), "--json"])
    assert r.exit_code == 0, r.output
    folder = tmp_path / "data"
    r = run.invoke(cli, ["import", str(folder / LOGS[0]), "--db", str(out)])
    assert r.exit_code == 2 and "backup" in r.output and "--restore" in r.output
    # never over the workspace itself
    r = run.invoke(cli, ["backup", "--db", str(db), "-o", str(db)])
    assert r.exit_code == 2
    work = tmp_path / "ripresa.db"
    assert run.invoke(cli, ["backup", "--db", str(out), "-o", str(work),
                            "--restore"]).exit_code == 0
    assert run.invoke(cli, ["import", str(folder / LOGS[0]), "--db",
                            str(work)]).exit_code == 0
    # the coordinator downloads one
    coord, _ = as_role(db, "coordinator")
    r = coord.get("/backup")
    assert r.status_code == 200 and r.content.startswith(b"SQLite format 3")


# ------------------------------------------------------------------ serving
def test_network_address_needs_tls_or_a_proxy(tmp_path: Path):
    r = CliRunner().invoke(cli, ["app", "--db", str(tmp_path / "w.db"), "--host", "0.0.0.0",
                                 "--allow-network", "--no-browser"])
    assert r.exit_code == 2
    assert "plain HTTP" in r.output and "--certfile" in r.output


def test_https_with_a_certificate_gives_a_secure_cookie(db: Path, tmp_path: Path):
    trustme = pytest.importorskip("trustme")
    from reterete.app.server import Settings

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    certfile, keyfile, cafile = (tmp_path / "cert.pem", tmp_path / "key.pem",
                                 tmp_path / "ca.pem")
    cert.cert_chain_pems[0].write_to_path(str(certfile))
    cert.private_key_pem.write_to_path(str(keyfile))
    ca.cert_pem.write_to_path(str(cafile))
    with running(Settings(db=db, certfile=certfile, keyfile=keyfile)) as settings:
        import ssl

        context = ssl.create_default_context(cafile=str(cafile))
        c = Http(settings.port, context=context)
        r = c.request("POST", "/api/login", json_body={
            "name": "Carla Coordina", "password": PASSWORDS["Carla Coordina"]})
        assert r.status_code == 200
        assert "Secure" in r.set_cookies[0] and "HttpOnly" in r.set_cookies[0]
        assert c.request("GET", "/api/me").json()["role"] == "coordinator"
        c.close()
        plain = Http(settings.port)
        with pytest.raises(Exception):  # noqa: B017  (no plain HTTP on the TLS port)
            plain.request("GET", "/login")
        plain.close()


@pytest.mark.parametrize("trusted", [True, False])
def test_forwarded_headers_only_from_the_proxy(db: Path, trusted: bool):
    from reterete.app.server import Settings

    proxy = "127.0.0.1" if trusted else "10.9.8.7"
    with running(Settings(db=db, behind_proxy=proxy, allow_remote=True)) as settings:
        c = Http(settings.port)
        r = c.request("POST", "/api/login", headers={"x-forwarded-proto": "https",
                                                     "x-forwarded-for": "203.0.113.9"},
                      json_body={"name": "Carla Coordina",
                                 "password": PASSWORDS["Carla Coordina"]})
        c.close()
        assert r.status_code == 200
        assert ("Secure" in r.set_cookies[0]) is trusted


def test_login_from_the_browser_with_a_null_origin(db: Path):
    # The app's pages send no Referer, so Chromium posts the login form with
    # ``Origin: null``; its Sec-Fetch-Site says the post is the app's own. A post
    # another site makes is still refused.
    client = client_for(db)
    form = {"name": "Carla Coordina", "password": PASSWORDS["Carla Coordina"]}
    own = client.post("/api/login", json=form,
                      headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"})
    assert own.status_code == 200, own.text
    other = client_for(db).post("/api/login", json=form,
                                headers={"Origin": "null", "Sec-Fetch-Site": "cross-site"})
    assert other.status_code == 403
