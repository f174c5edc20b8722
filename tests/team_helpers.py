"""Helpers for tests of a team workspace: the Cremona example imported, three
accounts (one per role), a logged-in TestClient, and the app under a real
uvicorn (HTTP or HTTPS) in a thread."""

from __future__ import annotations

import contextlib
import threading
from importlib import resources
from pathlib import Path

from starlette.testclient import TestClient

from reterete.app.server import Settings, create_app, free_socket, uvicorn_config
from reterete.store import Workspace, accounts

LOGS = ("contatti.csv", "diari_educatori.csv", "cabina_regia_equipe.csv")
PASSWORDS = {"Marta Operatrice": "worker-pass-123", "Carla Coordina": "coord-pass-123",
             "Valerio Valuta": "eval-pass-1234", "Ugo Operatore": "worker2-pass-123"}
ROLE_USER = {"worker": "Marta Operatrice", "coordinator": "Carla Coordina",
             "evaluator": "Valerio Valuta"}
PORT = 8798
BASE = f"http://127.0.0.1:{PORT}"


def example_folder(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    base = resources.files("reterete.examples").joinpath("data/cremona")
    for name in (*LOGS, "registro_attori.csv"):
        (target / name).write_bytes(base.joinpath(name).read_bytes())
    return target


def team_workspace(tmp_path: Path, *, data: bool = True) -> Path:
    """A workspace with the Cremona example (when ``data``) and four accounts."""
    db = tmp_path / "team.db"
    ws = Workspace(db)
    if data:
        folder = example_folder(tmp_path / "data")
        ws.import_files([folder / n for n in LOGS], actors=folder / "registro_attori.csv")
    accounts.add_user(ws, "Marta Operatrice", "operatore", PASSWORDS["Marta Operatrice"])
    accounts.add_user(ws, "Carla Coordina", "coordinator", PASSWORDS["Carla Coordina"])
    accounts.add_user(ws, "Valerio Valuta", "valutatore", PASSWORDS["Valerio Valuta"])
    accounts.add_user(ws, "Ugo Operatore", "worker", PASSWORDS["Ugo Operatore"])
    return db


def client_for(db: Path, **kw) -> TestClient:
    settings = Settings(db=db, port=PORT, **kw)
    return TestClient(create_app(settings), base_url=BASE, follow_redirects=False)


def login(client: TestClient, name: str, password: str | None = None) -> str:
    """Log ``client`` in as ``name``; its CSRF token."""
    r = client.post("/api/login", json={"name": name,
                                        "password": password or PASSWORDS[name]})
    assert r.status_code == 200, r.text
    return r.json()["csrf"]


def as_role(db: Path, role: str, **kw) -> tuple[TestClient, str]:
    client = client_for(db, **kw)
    return client, login(client, ROLE_USER[role])


@contextlib.contextmanager
def running(settings: Settings, wrap=None):
    """The app under uvicorn (HTTPS when ``settings.certfile``) in a thread;
    ``wrap`` (an ASGI middleware factory) stands between uvicorn and the app."""
    import uvicorn

    sock = free_socket("127.0.0.1", 0)
    settings.port = sock.getsockname()[1]
    app = create_app(settings)
    if wrap is not None:
        app = wrap(app)
    server = uvicorn.Server(uvicorn_config(app, settings))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        threading.Event().wait(0.05)
    assert server.started
    try:
        yield settings
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


class Http:
    """A plain HTTP(S) client (http.client) keeping the session cookie, for
    the app under uvicorn: one keep-alive connection, one thread."""

    def __init__(self, port: int, *, context=None, host: str = "127.0.0.1"):
        import http.client

        self.conn = (http.client.HTTPSConnection(host, port, context=context, timeout=120)
                     if context is not None else
                     http.client.HTTPConnection(host, port, timeout=120))
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, json_body=None,
                headers: dict[str, str] | None = None):
        import json as _json

        head = dict(headers or {})
        body = None
        if json_body is not None:
            body = _json.dumps(json_body).encode()
            head["content-type"] = "application/json"
        if self.cookies:
            head["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        import http.client

        try:
            self.conn.request(method, path, body=body, headers=head)
            r = self.conn.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # the server closed an idle keep-alive connection: send again, once
            self.conn.close()
            self.conn.request(method, path, body=body, headers=head)
            r = self.conn.getresponse()
        data = r.read()
        for value in r.headers.get_all("set-cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return Answer(r.status, {k.lower(): v for k, v in r.getheaders()},
                      r.headers.get_all("set-cookie") or [], data)

    def close(self) -> None:
        self.conn.close()


class Answer:
    def __init__(self, status: int, headers: dict[str, str], cookies: list[str], body: bytes):
        self.status_code, self.headers, self.set_cookies, self.content = (status, headers,
                                                                          cookies, body)

    def json(self):
        import json as _json

        return _json.loads(self.content)
