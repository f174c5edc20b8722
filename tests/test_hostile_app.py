"""The app's refusals (issue 20): the entry redirect leads only to this
app's pages, "back" links come from the app's own routes (never the
Referer), a broken Parquet upload does not show the private temporary path,
a 405 says which methods are allowed (``Allow``), and the too-many-files and
too-large pages are in the app's layout and language with a way back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from reterete.app.server import Settings, create_app  # noqa: E402

TOKEN = "hostile-token-0123456789"
PORT = 8797
BASE = f"http://127.0.0.1:{PORT}"


def client_for(tmp_path: Path, **kw) -> tuple[TestClient, Settings]:
    settings = Settings(db=tmp_path / "project.db", token=TOKEN, port=PORT, **kw)
    client = TestClient(create_app(settings), base_url=BASE, follow_redirects=False)
    return client, settings


def logged_in(tmp_path: Path, **kw) -> tuple[TestClient, Settings]:
    client, settings = client_for(tmp_path, **kw)
    assert client.get(f"/?token={TOKEN}").status_code == 303
    return client, settings


@pytest.mark.parametrize(("path", "expected"), [
    ("//evil.example/", "/"), ("/\\evil.example", "/"), ("//evil.example/actors", "/"),
    ("/actors", "/actors"), ("/actors/nothing/here", "/actors"), ("/%2F%2Fevil", "/")])
def test_the_entry_redirect_stays_in_the_app(tmp_path, path, expected):
    client, _ = client_for(tmp_path)
    r = client.get(f"{BASE}{path}?token={TOKEN}&lang=it")
    assert r.status_code == 303
    location = r.headers["location"]
    assert location == f"{expected}?lang=it", location
    assert not location.startswith("//") and "evil" not in location


def test_back_links_never_come_from_the_referer(tmp_path):
    client, settings = logged_in(tmp_path)
    body = b"date,source,target\n2024-09-31,Ada,Bea\n"
    r = client.post("/import", files=[("files", ("bad.csv", body, "text/csv"))],
                    data={"csrf": settings.csrf, "action": "import"},
                    headers={"Referer": "javascript:alert(1)"})
    assert "javascript:" not in r.text
    r = client.post("/actors/forget", data={"csrf": settings.csrf, "id": "nobody",
                                            "confirm": "yes"},
                    headers={"Referer": "javascript:alert(1)"})
    assert r.status_code == 400 and "javascript:" not in r.text
    hrefs = re.findall(r'class="button" href="([^"]*)"', r.text)
    assert hrefs == ["/actors/forget"] or hrefs == ["/actors"], hrefs


def test_a_broken_parquet_upload_does_not_show_the_temporary_path(tmp_path):
    client, settings = logged_in(tmp_path)
    body = b"PAR1" + b"\x00" * 64 + b"not parquet at all"
    r = client.post("/import", files=[("files", ("dati.parquet", body,
                                                 "application/octet-stream"))],
                    data={"csrf": settings.csrf, "action": "import"})
    assert "dati.parquet" in r.text and "Parquet" in r.text
    assert "/tmp" not in r.text and "upload-0" not in r.text


def test_a_405_says_which_methods_are_allowed(tmp_path):
    client, settings = logged_in(tmp_path)
    r = client.put("/import", content=b"")
    assert r.status_code == 405
    assert set(r.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert 'class="button" href="/import"' in r.text


def test_too_many_files_is_a_page_of_the_app_with_a_way_back(tmp_path):
    client, settings = logged_in(tmp_path)
    files = [("files", (f"f{i}.csv", b"date,source,target\n", "text/csv")) for i in range(201)]
    r = client.post("/import?lang=it", files=files, data={"csrf": settings.csrf})
    assert r.status_code == 400
    assert "/static/app.css" in r.text  # the app's layout
    assert "200 file" in r.text and "Indietro" in r.text and "gruppi" in r.text
    assert 'href="/import"' in r.text


@pytest.mark.parametrize("declared", [True, False])
def test_too_large_is_a_page_of_the_app_with_a_way_back(tmp_path, declared):
    client, settings = logged_in(tmp_path, max_upload_mb=0.01)
    client.cookies.set("reterete_lang", "it")
    big = b"Data;Attore 1;Attore 2\n" + b"02/09/2024;A;B\n" * 2000
    if declared:
        r = client.post("/import", files=[("files", ("big.csv", big, "text/csv"))],
                        data={"csrf": settings.csrf})
    else:  # no Content-Length: the limit is found while reading
        payload = (b"--b\r\nContent-Disposition: form-data; name=\"files\"; "
                   b"filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\n" + big
                   + b"\r\n--b--\r\n")

        def chunks():
            yield payload
        r = client.post("/import", content=chunks(),
                        headers={"content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413
    assert "/static/app.css" in r.text and 'href="/import"' in r.text
    assert "Indietro" in r.text and "limite" in r.text


def test_refusal_pages_speak_the_users_language(tmp_path):
    client, settings = logged_in(tmp_path)
    client.cookies.set("reterete_lang", "it")
    headings = [re.findall(r"<h1>(.*?)</h1>", r.text)[0] for r in (
        client.get("/nope"), client.put("/import"),
        client.post("/actors/forget", data={"id": "x", "confirm": "yes"}))]
    assert headings == ["Pagina non trovata", "Non consentito", "Richiesta rifiutata"]
