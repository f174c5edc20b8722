"""``reterete app`` through Starlette's TestClient: the trust rules (token,
CSRF, size limit, upload names), the import page and API, the JSON keys
against the command line's, and both languages.

Expected values come from the command line run on the same files
(``reterete summary/antennas --json``), never from the app itself.
"""

from __future__ import annotations

import json
import re
import tempfile
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reterete.cli import app as cli

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from reterete.app.server import Settings, create_app  # noqa: E402

TOKEN = "test-token-0123456789"
PORT = 8799
BASE = f"http://127.0.0.1:{PORT}"
LOGS = ("contatti.csv", "diari_educatori.csv", "cabina_regia_equipe.csv")
BAD_LOG = ("Data;Attore 1;Attore 2;Luogo\n"
           "02/09/2024;Bar Portici;Oratorio S. Agata;Piazza Roma\n"
           "30/02/2024;Bar Portici;Liceo Manin;Piazza Roma\n"
           "03/09/2024;;Liceo Manin;Piazza Roma\n")


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return _copy(tmp_path / "data")


def _copy(target: Path) -> Path:
    from importlib import resources

    target.mkdir(parents=True)
    base = resources.files("reterete.examples").joinpath("data/cremona")
    for name in (*LOGS, "registro_attori.csv"):
        (target / name).write_bytes(base.joinpath(name).read_bytes())
    return target


def make_client(tmp_path: Path, **kw) -> tuple[TestClient, Settings]:
    settings = Settings(db=tmp_path / "project.db", token=TOKEN, port=PORT, **kw)
    client = TestClient(create_app(settings), base_url=BASE, follow_redirects=False)
    return client, settings


def logged_in(tmp_path: Path, **kw) -> tuple[TestClient, Settings]:
    client, settings = make_client(tmp_path, **kw)
    r = client.get(f"/?token={TOKEN}")
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    return client, settings


def upload(client: TestClient, settings: Settings, folder: Path, names=LOGS,
           registry: bool = True, action: str = "import"):
    files = [("files", (n, (folder / n).read_bytes(), "text/csv")) for n in names]
    if registry:
        files.append(("actors", ("registro_attori.csv",
                                 (folder / "registro_attori.csv").read_bytes(), "text/csv")))
    return client.post("/import", files=files, data={"csrf": settings.csrf, "action": action})


def cli_json(*args: str) -> dict:
    result = CliRunner().invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ---------------------------------------------------------------- trust
ROUTES = ["/", "/import", "/actors", "/network", "/network/page", "/sites", "/compare",
          "/report", "/history", "/static/app.css", "/api/summary", "/api/antennas?site=x",
          "/nowhere", "/actors/edit?id=x", "/report/abc"]


@pytest.mark.parametrize("path", ROUTES)
def test_every_route_refuses_without_the_token(tmp_path, folder, path):
    client, settings = logged_in(tmp_path)
    assert upload(client, settings, folder).status_code == 200
    stranger = TestClient(client.app, base_url=BASE, follow_redirects=False)
    for headers in ({}, {"Authorization": "Bearer wrong"},
                    {"Cookie": f"{settings.cookie}=wrong"}):
        r = stranger.get(path, headers=headers)
        assert r.status_code == 403, (path, headers)
        assert "Polizia" not in r.text and "Piazza" not in r.text
    assert stranger.get(path + ("&" if "?" in path else "?") + "token=wrong").status_code == 403
    for post in ("/import", "/api/import", "/api/alias", "/duplicates/same", "/actors/forget"):
        assert stranger.post(post, data={"csrf": settings.csrf}).status_code == 403


def test_token_in_the_address_becomes_a_cookie_and_leaves_the_address(tmp_path):
    client, settings = make_client(tmp_path)
    r = client.get(f"/network?site=Piazza+Roma&token={TOKEN}")
    assert r.status_code == 303
    assert r.headers["location"] == "/network?site=Piazza+Roma"
    assert client.get("/history").status_code == 200  # the cookie now does
    r = client.get("/history")
    assert "content-security-policy" in r.headers
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["cache-control"] == "no-store"


def test_bearer_token_opens_the_api_and_a_foreign_host_is_refused(tmp_path, folder):
    client, settings = logged_in(tmp_path)
    upload(client, settings, folder)
    bare = TestClient(client.app, base_url=BASE)
    r = bare.get("/api/summary", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.json()["actors"] > 0
    evil = TestClient(client.app, base_url=f"http://evil.example:{PORT}")
    assert evil.get("/api/summary", headers={"Authorization": f"Bearer {TOKEN}"}
                    ).status_code == 400


def test_posts_without_the_csrf_token_change_nothing(tmp_path, folder):
    client, settings = logged_in(tmp_path)
    files = [("files", (n, (folder / n).read_bytes(), "text/csv")) for n in LOGS]
    r = client.post("/import", files=files, data={"action": "import"})
    assert r.status_code == 403
    r = client.post("/import", files=files, data={"csrf": "forged", "action": "import"})
    assert r.status_code == 403
    assert not settings.db.exists()
    upload(client, settings, folder)
    before = client.app.state.data.workspace.dump()
    assert client.post("/duplicates/same", data={"name": "Bar Portici",
                                                 "canonical": "Liceo Manin"}).status_code == 403
    assert client.post("/actors/forget", data={"id": "bar portici", "confirm": "yes"}
                       ).status_code == 403
    assert client.post("/api/alias", json={"name": "Bar Portici", "canonical": "Liceo Manin"}
                       ).status_code == 403
    assert client.app.state.data.workspace.dump() == before


def test_get_changes_nothing(tmp_path, folder):
    client, settings = logged_in(tmp_path)
    upload(client, settings, folder)
    before = client.app.state.data.workspace.dump()
    for path in ["/", "/import", "/actors", "/network", "/network/page", "/sites",
                 "/sites?site=Piazza+Roma", "/compare?start=2024-09:2024-09&end=2024-12:"
                 "2024-12&boot=20", "/report", "/history", "/actors/forget?id=bar+portici",
                 "/duplicates/same", "/actors/edit?id=bar+portici"]:
        assert client.get(path).status_code in (200, 405), path
    assert client.app.state.data.workspace.dump() == before


def test_compare_page_takes_every_window_form_its_hint_names(tmp_path, folder):
    client, settings = logged_in(tmp_path)
    upload(client, settings, folder)
    page = client.get("/compare")
    assert "a week (2024-W37), a quarter (2024-Q3) or an hour" in page.text
    months = client.get("/compare?start=2024-09:2024-09&end=2024-12:2024-12&boot=20&seed=1")
    weeks = client.get("/compare?start=2024-W36:2024-W40&end=2024-12-01:2024-12-31"
                       "&boot=20&seed=1")
    quarter = client.get("/compare?start=2024-Q3:2024-Q3&end=2024-12-01T00:2024-12-31T23"
                         "&boot=20&seed=1")
    for r in (months, weeks, quarter):
        assert r.status_code == 200 and 'id="comparison"' in r.text
    # September 2024 is inside Q3 and inside weeks 36-40 (2 September - 6 October)
    assert 'data-metric="density"' in quarter.text


def test_oversize_upload_gets_413_with_a_message(tmp_path, folder):
    client, settings = logged_in(tmp_path, max_upload_mb=0.01)
    big = b"Data;Attore 1;Attore 2\n" + b"02/09/2024;A;B\n" * 2000
    r = client.post("/import", files=[("files", ("big.csv", big, "text/csv"))],
                    data={"csrf": settings.csrf})
    assert r.status_code == 413
    assert "larger than the limit" in r.text and "0.01 MB" in r.text
    r = client.post("/api/import", files=[("files", ("big.csv", big, "text/csv"))],
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 413 and "limit" in r.json()["error"]
    assert not settings.db.exists()


def test_a_hostile_upload_name_writes_nothing_outside(tmp_path, folder, monkeypatch):
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))  # where uploads are kept
    work = tmp_path / "deep" / "er"
    work.mkdir(parents=True)
    client, settings = logged_in(work)
    before = {p for p in tmp_path.rglob("*")}
    body = (folder / "contatti.csv").read_bytes()
    for name in ("../../x.csv", "..\\..\\x.csv", "/etc/x.csv", "x.csv\x00.txt"):
        r = client.post("/import", files=[("files", (name, body, "text/csv"))],
                        data={"csrf": settings.csrf, "action": "import"})
        assert r.status_code == 200
    after = {p for p in tmp_path.rglob("*")}
    assert list(private.iterdir()) == [], "the private upload folders are removed"
    assert {p.name for p in after - before} <= {"project.db", "project.db-wal",
                                                  "project.db-shm"}, after - before
    assert not (tmp_path / "x.csv").exists() and not Path("/etc/x.csv").exists()
    files = client.app.state.data.workspace.log()["files"].tolist()
    assert files[0] == ["x.csv"]  # shown by its last part, never used as a path


def test_errors_show_no_stack_trace(tmp_path, folder, monkeypatch):
    client, settings = logged_in(tmp_path)
    upload(client, settings, folder)

    def boom(*a, **k):
        raise RuntimeError("secret name Mario Rossi")

    monkeypatch.setattr("reterete.app.data.Data.actors", boom)
    r = client.get("/actors")
    assert r.status_code == 500
    assert "Traceback" not in r.text and "Mario Rossi" not in r.text
    assert "internal error" in r.text.lower()


# ---------------------------------------------------------------- import
def test_import_then_nothing_new_and_bad_rows_import_nothing(tmp_path, folder):
    client, settings = logged_in(tmp_path)
    r = upload(client, settings, folder)
    assert r.status_code == 200
    expected = cli_json("check", *(str(folder / n) for n in LOGS), "--actors",
                        str(folder / "registro_attori.csv"))
    page = text_of(r.text)
    assert f"{expected['interactions']} new contacts" in page
    r = upload(client, settings, folder)
    assert f"{expected['interactions']} already present" in text_of(r.text)
    before = client.app.state.data.workspace.dump()
    bad = [("files", ("bad.csv", BAD_LOG.encode(), "text/csv")),
           ("files", ("contatti.csv", (folder / "contatti.csv").read_bytes(), "text/csv"))]
    r = client.post("/import", files=bad, data={"csrf": settings.csrf, "action": "import"})
    assert r.status_code == 200
    page = text_of(r.text)
    assert "Nothing was imported" in page
    assert "30/02/2024" in page and " 3 " in page and " 4 " in page
    assert client.app.state.data.workspace.dump() == before
    # the clean file alone, on request
    key = re.search(r'name="staged" value="([^"]+)"', r.text).group(1)
    r = client.post("/import/clean", data={"csrf": settings.csrf, "staged": key})
    assert r.status_code == 200 and "Imported" in r.text and "30/02/2024" in r.text


def test_api_import_and_summary_and_antennas_match_the_command_line(tmp_path, folder):
    client, settings = make_client(tmp_path)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    files = [("files", (n, (folder / n).read_bytes(), "text/csv")) for n in LOGS]
    files.append(("actors", ("registro_attori.csv",
                             (folder / "registro_attori.csv").read_bytes(), "text/csv")))
    r = client.post("/api/import", files=files, headers=auth)
    assert r.status_code == 200
    got = r.json()
    assert {"ok", "files", "errors", "warnings", "duplicates", "imported"} <= set(got)
    db = tmp_path / "cli.db"
    want = cli_json("import", *(str(folder / n) for n in LOGS), "--actors",
                    str(folder / "registro_attori.csv"), "--db", str(db))
    assert got["imported"]["new"] == want["new"]
    assert got["imported"]["files"] == want["files"]
    summary = client.get("/api/summary?start=2024-10&end=2024-12&site=Piazza+Roma",
                         headers=auth).json()
    assert summary == cli_json("summary", "--db", str(db), "--from", "2024-10", "--to",
                               "2024-12", "--site", "Piazza Roma")
    ant = client.get("/api/antennas?site=Piazza+Marconi&k=3&hops=1&exact=1",
                     headers=auth).json()
    assert ant == cli_json("antennas", "--db", str(db), "--site", "Piazza Marconi", "-k", "3",
                           "--hops", "1", "--exact")
    cover = client.get("/api/antennas?site=Piazza+Roma&cover=90%25&exact=1",
                       headers=auth).json()
    assert cover == cli_json("antennas", "--db", str(db), "--site", "Piazza Roma", "--cover",
                             "90%", "--exact")
    r = client.post("/api/import", files=[("files", ("bad.csv", BAD_LOG.encode(),
                                                     "text/csv"))], headers=auth)
    assert r.status_code == 422
    assert {e["row"] for e in r.json()["errors"]} == {3, 4}
    assert r.json()["imported"] is None


def test_duplicates_same_records_an_alias_and_not_the_same_is_remembered(tmp_path, folder):
    client, settings = logged_in(tmp_path)
    upload(client, settings, folder)
    extra = ("Data;Attore 1;Attore 2;Luogo\n"
             "05/09/2024;Oratorio S.Agata;Bar Portici;Piazza Roma\n"
             "06/09/2024;Liceo Manin;Bar Portici;Piazza Roma\n")
    client.post("/import", files=[("files", ("extra.csv", extra.encode(), "text/csv"))],
                data={"csrf": settings.csrf, "action": "import"})
    data = client.app.state.data
    dups = data.duplicates()
    assert len(dups)
    row = dups[(dups["name_a"] == "Oratorio S.Agata") | (dups["name_b"] == "Oratorio S.Agata")]
    assert len(row) == 1
    actors_before = data.network().graph().number_of_nodes()
    r = client.post("/duplicates/same", data={"csrf": settings.csrf,
                                              "name": row["merge"].iloc[0],
                                              "canonical": row["keep"].iloc[0]})
    assert r.status_code == 303
    assert data.network().graph().number_of_nodes() == actors_before - 1
    # a pair said to be different is not proposed again
    pairs = data.duplicates()
    if len(pairs):
        a, b = pairs["name_a"].iloc[0], pairs["name_b"].iloc[0]
        client.post("/duplicates/distinct", data={"csrf": settings.csrf, "name_a": a,
                                                  "name_b": b})
        again = data.duplicates()
        assert not ((again["name_a"] == a) & (again["name_b"] == b)).any()


def test_two_imports_at_once_leave_the_workspace_consistent(tmp_path, folder):
    client, settings = logged_in(tmp_path)
    results = []

    def run(names):
        results.append(upload(client, settings, folder, names=names, registry=False))

    threads = [threading.Thread(target=run, args=(LOGS,)),
               threading.Thread(target=run, args=(LOGS[:2],))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in results] == [200, 200]
    inter = client.app.state.data.workspace.interactions()
    assert not inter.duplicated(["content_key", "occurrence"]).any()
    expected = cli_json("check", *(str(folder / n) for n in LOGS))["interactions"]
    assert len(inter) == expected


def test_sites_tables_download_as_csv_and_excel(tmp_path, folder):
    import io

    import openpyxl

    client, settings = logged_in(tmp_path)
    upload(client, settings, folder)
    want = cli_json("antennas", "--db", str(settings.db), "--site", "Piazza Roma", "-k", "3")
    names = [a["name"] for a in want["antennas"]]
    r = client.get("/sites/antennas.xlsx?site=Piazza+Roma&k=3")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    column = [c.value for c in next(sheet.iter_rows(max_row=1))].index("name")
    assert [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)] == names
    r = client.get("/sites/antennas.csv?site=Piazza+Roma&k=3")
    text = r.content.decode("utf-8-sig")
    assert all(n in text for n in names)
    assert client.get("/sites/other.csv?site=Piazza+Roma").status_code == 400


# ---------------------------------------------------------------- pages and languages
def test_actor_edit_and_forget_with_confirmation(tmp_path, folder):
    client, settings = logged_in(tmp_path)
    upload(client, settings, folder)
    r = client.post("/actors/edit", data={"csrf": settings.csrf, "id": "bar portici",
                                          "kind": "business", "sector": "Commercio",
                                          "sites": "Piazza Roma", "team": "no",
                                          "is_person": "no", "cost_hours": "4,5"})
    assert r.status_code == 303
    reg = client.app.state.data.workspace.registry()
    assert reg.loc["bar portici", "cost_hours"] == 4.5
    assert reg.loc["bar portici", "sector"] == "Commercio"
    r = client.get("/actors/forget?id=bar+portici")
    assert "cannot be undone" in r.text
    n = int(re.search(r"(\d+) contacts? they took part in", text_of(r.text)).group(1))
    assert n > 0
    r = client.post("/actors/forget", data={"csrf": settings.csrf, "id": "bar portici",
                                            "confirm": "yes"})
    assert r.status_code == 200
    assert f"{n} contacts they took part in deleted" in text_of(r.text)
    assert "bar portici" not in client.app.state.data.network().actors.index


def test_hostile_names_show_as_text(tmp_path):
    from browser_helpers import HOSTILE

    client, settings = logged_in(tmp_path)
    rows = "".join(f'2024-09-0{i + 1},"{h.replace(chr(34), chr(34) * 2)}",Caritas,'
                   f'"<b>Piazza</b>"\n' for i, h in enumerate(HOSTILE))
    body = ("date,source,target,site\n" + rows).encode()
    r = client.post("/import", files=[("files", ("<img src=x onerror=alert(1)>.csv", body,
                                                 "text/csv"))],
                    data={"csrf": settings.csrf, "action": "import"})
    assert r.status_code == 200
    for path in ["/", "/actors", "/network", "/history", "/import",
                 "/sites?site=%3Cb%3EPiazza%3C%2Fb%3E"]:
        page = client.get(path).text
        for h in HOSTILE[:3]:
            assert h not in page, (path, h)
        assert page.count("</script>") == 1  # the app's own script tag only
        assert "<b>Piazza</b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get("/actors").text


@pytest.mark.parametrize("lang, accept, words", [
    ("en", "en-GB,en;q=0.9", ["Import contact logs", "Check and import", "Actors"]),
    ("it", "it-IT,it;q=0.9,en;q=0.5", ["Importa i registri dei contatti", "Controlla e importa",
                                       "Attori"]),
])
def test_pages_in_italian_and_english(tmp_path, lang, accept, words):
    client, settings = logged_in(tmp_path)
    r = client.get("/import", headers={"Accept-Language": accept})
    assert f'<html lang="{lang}">' in r.text
    for w in words:
        assert w in r.text
    # an explicit choice wins and sticks
    other = "en" if lang == "it" else "it"
    r = client.get(f"/import?lang={other}", headers={"Accept-Language": accept})
    assert f'<html lang="{other}">' in r.text
    assert f'<html lang="{other}">' in client.get("/history",
                                                  headers={"Accept-Language": accept}).text


def test_fixed_language_and_refusal_page_language(tmp_path):
    client, settings = make_client(tmp_path, lang="it")
    r = client.get("/")
    assert r.status_code == 403 and '<html lang="it">' in r.text
    client.get(f"/?token={TOKEN}")
    assert '<html lang="it">' in client.get("/import").text


def test_command_refuses_other_hosts_without_the_flag():
    result = CliRunner().invoke(cli, ["app", "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 2
    assert "--allow-network" in result.output
    help_text = CliRunner().invoke(cli, ["app", "--help"]).output
    assert "--token" in help_text and "--db" in help_text and "--no-browser" in help_text


def test_the_command_starts_prints_its_address_and_serves(tmp_path):
    import os
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "reterete", "app", "--no-browser", "--port",
                             "0", "--db", str(tmp_path / "new.db"), "--lang", "it"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = None
        said = []
        for _ in range(10):
            line = proc.stdout.readline()
            said.append(line)
            if "?token=" in line:
                url = line.strip()
                break
        assert url and url.startswith("http://127.0.0.1:")
        # --lang it speaks Italian on the terminal too (the server calls back
        # from its own thread, where the command's language was not set)
        assert any(x.startswith("Apri questo indirizzo nel browser") for x in said), said
        base, token = url.split("/?token=")
        req = urllib.request.Request(base + "/history",
                                     headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req, timeout=30) as res:
            page = res.read().decode()
        assert res.status == 200 and '<html lang="it">' in page
        try:
            urllib.request.urlopen(base + "/history", timeout=30)
            raise AssertionError("served without the token")
        except urllib.error.HTTPError as exc:
            assert exc.code == 403
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        proc.stdout.close()
        proc.stderr.close()


def test_check_only_imports_nothing_and_actors_filter_and_sort(tmp_path, folder):
    client, settings = logged_in(tmp_path)
    r = upload(client, settings, folder, action="check")
    assert r.status_code == 200 and "No problems found" in r.text
    assert not settings.db.exists() or client.app.state.data.network() is None
    upload(client, settings, folder)
    table = client.app.state.data.actors()
    r = client.get("/actors?sort=contacts&desc=1")
    first = re.search(r"<tbody>\s*<tr>\s*<td>([^<]+)</td>", r.text).group(1)
    assert first == table.sort_values("contacts", ascending=False)["name"].iloc[0]
    r = client.get("/actors?q=polizia")
    shown = re.findall(r'href="/actors/edit\?id=([^"]+)"', r.text)
    assert shown and len(shown) < len(table)
    assert f"{len(shown)} of {len(table)} actors" in text_of(r.text)


def test_import_progress_is_shown_while_the_import_runs(tmp_path, folder, monkeypatch):
    pause = tmp_path / "pause"
    pause.mkdir()
    monkeypatch.setenv("RETERETE_TEST_IMPORT_PAUSE", str(pause))
    client, settings = logged_in(tmp_path)
    ticket = "abc123def456"
    files = [("files", (n, (folder / n).read_bytes(), "text/csv")) for n in LOGS]
    done = []
    worker = threading.Thread(target=lambda: done.append(client.post(
        "/import", files=files, data={"csrf": settings.csrf, "action": "import",
                                      "ticket": ticket})))
    worker.start()
    try:
        for _ in range(600):
            if (pause / "paused").exists():
                break
            threading.Event().wait(0.05)
        step = client.get(f"/import/progress?ticket={ticket}").json()
        assert step["active"] is True
        assert step["label"] == "Importing cabina_regia_equipe.csv"  # the name sent
        assert step["done"] == step["total"] == 3
    finally:
        (pause / "resume").touch()
        worker.join(timeout=60)
    assert done[0].status_code == 200 and "Imported" in done[0].text
    assert client.get(f"/import/progress?ticket={ticket}").json() == {"active": False}


def test_sites_tables_download_in_italian(tmp_path, folder):
    # the app's downloads speak the page's language, as --csv/--xlsx with --lang it (#21)
    import io

    import openpyxl

    client, settings = logged_in(tmp_path)
    upload(client, settings, folder)
    r = client.get("/sites/antennas.csv?site=Piazza+Roma&k=3&lang=it")
    assert r.status_code == 200 and 'filename="antenne.csv"' in r.headers["content-disposition"]
    text = r.content.decode("utf-8-sig")
    head = text.splitlines()[0].split(";")
    assert "nome" in head and "tipo" in head and "name" not in head
    r = client.get("/sites/recommend.xlsx?site=Piazza+Roma&lang=it")
    assert 'filename="da_coinvolgere.xlsx"' in r.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert book.sheetnames[0] == "Chi coinvolgere ora"
    assert [c.value for c in book.worksheets[0][1]][:2] == ["nome", "tipo"]
    r = client.get("/sites/antennas.csv?site=Piazza+Roma&k=3&lang=en")
    assert 'filename="antennas.csv"' in r.headers["content-disposition"]
    assert r.content.decode("utf-8-sig").splitlines()[0].startswith("actor,") or \
        "name" in r.content.decode("utf-8-sig").splitlines()[0].split(",")


def test_network_page_colours_by_community(tmp_path, folder):
    # the Network page offers the command's --color; community draws the groups
    # named by their most tied members, as `reterete viz --color community` does
    client, settings = logged_in(tmp_path)
    upload(client, settings, folder)
    r = client.get("/network?color=community")
    assert r.status_code == 200
    assert '<option value="community" selected>' in r.text
    assert "/network/page?color=community" in r.text
    page = client.get("/network/page?color=community").text
    m = re.search(r'<script type="application/json" id="rr-data">(.*?)</script>', page, re.S)
    data = json.loads(m.group(1))
    assert data["colors"]["by"] == "community" and len(data["colors"]["groups"]) > 1
    assert client.get("/network/page?color=zodiac").status_code == 400
    it = client.get("/network?color=community", headers={"Accept-Language": "it"}).text
    assert "Colora per" in it and "gruppo (comunità)" in it
