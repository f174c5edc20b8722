"""The application object, the guard every request passes, and start-up.

The guard (:class:`Guard`, pure ASGI, outermost) checks in this order:

1. the ``Host`` header names this server (no DNS rebinding) unless the app
   was explicitly told to listen beyond this computer;
2. who is asking. In the single-user mode (a workspace without accounts) the
   access token: ``Authorization: Bearer T``, or the address with ``?token=T``,
   which starts a session (:mod:`.security`) and sends the browser to the same
   address without the token; the session's cookie holds a random session id,
   never the token. In a team workspace (``reterete users``) the session
   started by logging in (``/login``, ``POST /api/login``); the account is
   looked up again at every request, so a disabled account, or one whose
   password or role changed, stops at once. Anything else is answered 401/403
   with no data (a page asks to log in);
3. the body size: over the limit, 413 with a page saying so;

and adds to every answer a Content-Security-Policy that forbids any other
origin, ``no-store`` caching and ``nosniff``. What each role may open is said
once, in :mod:`.routes`. Form posts made with the cookie carry a CSRF token
(:func:`check_csrf`); calls with the Bearer header need none.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import re
import socket
import sys
import threading
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from .security import (
    DEFAULT_MAX_UPLOAD_MB,
    Forbidden,
    Session,
    Sessions,
    Settings,
    Throttle,
    TooLarge,
    check_csrf,
)

__all__ = ["Settings", "create_app", "serve", "APP_CSP", "Forbidden", "TooLarge",
           "check_csrf", "DEFAULT_MAX_UPLOAD_MB", "session_cookie"]

log = logging.getLogger("reterete.app")

#: The app's own pages: scripts, styles and frames from this server only.
APP_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           "frame-src 'self'; connect-src 'self'; form-action 'self'; "
           "frame-ancestors 'self'; base-uri 'none'; manifest-src 'self'; worker-src 'self'")

#: Paths a team workspace serves without a session (the login and what it needs).
PUBLIC = ("/login", "/api/login", "/favicon.ico")


def create_app(settings: Settings):
    """The Starlette application over ``settings.db``."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware

    from . import bare, routes
    from .data import Data
    from .web import pages_of

    data = Data(settings.db)
    auth = {"sessions": Sessions(settings.idle_minutes, settings.max_hours),
            "throttle": Throttle(settings.login_wait)}
    table = routes.routes()
    app = Starlette(routes=table,
                    middleware=[Middleware(Guard, settings=settings, data=data,
                                           sessions=auth["sessions"],
                                           pages=pages_of(table))],
                    exception_handlers=bare.exception_handlers())
    app.state.settings = settings
    app.state.data = data
    app.state.sessions = auth["sessions"]
    app.state.throttle = auth["throttle"]
    return app


def session_cookie(settings: Settings, sid: str, *, secure: bool, clear: bool = False) -> str:
    """The Set-Cookie value of a session (``clear``: ending it)."""
    value = "" if clear else sid
    cookie = f"{settings.cookie}={value}; HttpOnly; SameSite=Strict; Path=/"
    if clear:
        cookie += "; Max-Age=0"
    if secure:
        cookie += "; Secure"
    return cookie


class Guard:
    """Host check, who is asking, size limit and security headers (see the module)."""

    def __init__(self, app: Any, settings: Settings, data: Any, sessions: Sessions,
                 pages: frozenset[str] = frozenset({"/"})):
        self.app = app
        self.settings = settings
        self.data = data
        self.sessions = sessions
        self.pages = pages  # the app's own pages: the only places a redirect leads

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        if not self._host_ok(headers.get("host", "")):
            await _plain(send, 400, "Unknown host name.")
            return
        try:
            team = self.data.is_team()
        except Exception as exc:  # a damaged or foreign file: no way to tell who may enter
            log.error("cannot read the accounts: %s", type(exc).__name__)
            team = True
        auth, session = self._auth(scope, headers, team)
        path = scope.get("path", "")
        if auth is None:
            if team and path in PUBLIC or (team and path.startswith("/static/")):
                auth = "anonymous"
            else:
                await self._refuse(scope, headers, send, team)
                return
        if auth == "query":
            await self._enter(scope, send)
            return
        state = scope.setdefault("state", {})
        state["auth"] = auth
        state["session"] = session
        query = scope.get("query_string", b"")
        if _ISOLATE_BYTES.search(query):
            scope = {**scope, "query_string": unwrap_isolates(query)}
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.settings.max_bytes:
            await self._too_large(scope, headers, send)
            return
        limit = self.settings.max_bytes
        seen = 0

        async def counted_receive() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge()
            return message

        started = False

        async def secured_send(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = _secure(list(message.get("headers", [])))
            await send(message)

        try:
            urlencoded = headers.get("content-type", "").startswith(
                "application/x-www-form-urlencoded")
            await self.app(scope, _unwrapping(counted_receive) if urlencoded
                           else counted_receive, secured_send)
        except Exception as exc:  # no stack trace to the browser, no personal data in logs
            log.error("internal error on %s %s: %s", scope["method"], scope.get("path"),
                      type(exc).__name__, exc_info=bool(os.environ.get("RETERETE_DEBUG")))
            if not started:
                from .bare import error_page

                await _html(send, 500, error_page(headers.get("accept-language"),
                                                  self.settings))

    # -- helpers
    def _host_ok(self, host: str) -> bool:
        if self.settings.allow_remote:
            return True
        name, _, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
        if not name:
            name, port = host, ""
        if port and port != str(self.settings.port):
            return False
        return name.strip("[]") in ("127.0.0.1", "localhost", "::1", self.settings.host)

    def _cookie(self, headers: dict[str, str]) -> str | None:
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == self.settings.cookie and value:
                return value
        return None

    def _auth(self, scope: dict, headers: dict[str, str], team: bool
              ) -> tuple[str | None, Session | None]:
        sid = self._cookie(headers)
        if sid is not None:
            session = self.sessions.get(sid)
            if session is not None and self._still_valid(session, team):
                return "cookie", session
            if session is not None:
                self.sessions.end(sid)
        if team:
            return None, None
        token = self.settings.token.encode()
        bearer = headers.get("authorization", "")
        if bearer.lower().startswith("bearer "):
            given = bearer[7:].strip().encode("latin-1")
            return ("bearer" if hmac.compare_digest(given, token) else None), None
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        given_q = query.get("token")
        if (given_q is not None and scope["method"] == "GET"
                and hmac.compare_digest(given_q.encode("utf-8", "replace"), token)):
            return "query", None
        return None, None

    def _still_valid(self, session: Session, team: bool) -> bool:
        """A session of the single-user mode ends when the workspace gets
        accounts; an account's when it is gone, disabled or changed."""
        if session.user is None:
            return not team
        if not team:
            return False
        user = self.data.account(session.user)
        return (user is not None and not user.disabled
                and user.generation == session.generation and user.role == session.role)

    async def _enter(self, scope: dict, send: Any) -> None:
        """The address with ``?token=``: start a session, go to the same page without it."""
        query = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"))
                 if k != "token"]
        from .web import own_path

        # only to a page of this app: never //other.site/ or /\other.site
        target = own_path(scope.get("path", "/"), self.pages) + (
            f"?{urlencode(query)}" if query else "")
        sid = self.sessions.new(Session(None, "", "coordinator", 0, self.settings.csrf))
        cookie = session_cookie(self.settings, sid, secure=scope.get("scheme") == "https")
        await send({"type": "http.response.start", "status": 303, "headers": _secure([
            (b"location", target.encode("latin-1", "replace")),
            (b"set-cookie", cookie.encode("latin-1")),
            (b"content-length", b"0")])})
        await send({"type": "http.response.body", "body": b""})

    async def _refuse(self, scope: dict, headers: dict[str, str], send: Any,
                      team: bool) -> None:
        from .bare import refusal_page

        path = scope.get("path", "")
        if path.startswith("/api/"):
            if team:
                await _json(send, 401, {"ok": False, "error": "log in first"})
            else:
                await _json(send, 403, {"ok": False, "error": "missing or wrong access token"})
            return
        if team:
            if scope["method"] in ("GET", "HEAD"):
                query = scope.get("query_string", b"").decode("latin-1")
                back = path + (f"?{query}" if query else "")
                target = "/login" + (f"?next={quote(back, safe='')}" if back != "/" else "")
                await send({"type": "http.response.start", "status": 303, "headers": _secure([
                    (b"location", target.encode("latin-1", "replace")),
                    (b"content-length", b"0")])})
                await send({"type": "http.response.body", "body": b""})
                return
            await _html(send, 401, refusal_page(headers.get("accept-language"), self.settings,
                                                team=True))
            return
        await _html(send, 403, refusal_page(headers.get("accept-language"), self.settings))

    async def _too_large(self, scope: dict, headers: dict[str, str], send: Any) -> None:
        from .bare import too_large_page

        text = too_large_page(headers, self.settings, scope.get("path", "/"), self.pages)
        if scope.get("path", "").startswith("/api/"):
            await _json(send, 413, {"ok": False, "error": text[1]})
        else:  # the user has the token: the app's own layout and style sheet
            await _html(send, 413, text[0], csp=APP_CSP)


_ISOLATE_BYTES = re.compile(rb"(?i)%E2%81%A8")
_WRAPPED = re.compile(rb"(?i)(^|[=&])%E2%81%A8((?:(?!%E2%81%A9)[^&])*)%E2%81%A9(?=&|$)")


def unwrap_isolates(encoded: bytes) -> bytes:
    """A query string or form with each value's FSI ... PDI wrapper taken off.

    Pages print names isolated (:func:`reterete.textsafe.isolate`), hidden
    form fields and links included; what the browser sends back is the name
    itself again. Only a wrapper around a whole value is removed.

    Examples
    --------
    >>> unwrap_isolates(b"id=%E2%81%A8%D8%B9%E2%81%A9&csrf=x")
    b'id=%D8%B9&csrf=x'
    >>> unwrap_isolates(b"q=a%E2%81%A8b")
    b'q=a%E2%81%A8b'
    """
    return _WRAPPED.sub(rb"\1\2", encoded)


def _unwrapping(receive: Any) -> Any:
    """``receive`` for a urlencoded form: the whole (small) body, unwrapped."""
    state = {"done": False}

    async def inner() -> dict:
        if state["done"]:
            return await receive()
        body = b""
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return message
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        state["done"] = True
        return {"type": "http.request", "body": unwrap_isolates(body), "more_body": False}

    return inner


def _secure(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    names = {k.lower() for k, _ in headers}
    extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
             (b"cache-control", b"no-store"), (b"x-frame-options", b"SAMEORIGIN"),
             (b"cross-origin-opener-policy", b"same-origin"),
             (b"cross-origin-resource-policy", b"same-origin")]
    if b"content-security-policy" not in names:
        extra.append((b"content-security-policy", APP_CSP.encode()))
    return headers + [(k, v) for k, v in extra if k not in names]


async def _send(send: Any, status: int, body: bytes, ctype: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": _secure([
        (b"content-type", ctype), (b"content-length", str(len(body)).encode())])})
    await send({"type": "http.response.body", "body": body})


async def _plain(send: Any, status: int, text: str) -> None:
    await _send(send, status, text.encode(), b"text/plain; charset=utf-8")


#: The guard's own pages (no access to /static yet): one inline style sheet.
BARE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
            "form-action 'none'")


async def _html(send: Any, status: int, page: str, *, csp: str = BARE_CSP) -> None:
    body = page.encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": _secure([
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-security-policy", csp.encode()),
        (b"content-length", str(len(body)).encode())])})
    await send({"type": "http.response.body", "body": body})


async def _json(send: Any, status: int, payload: dict) -> None:
    import json

    await _send(send, status, json.dumps(payload).encode(), b"application/json")


# ---------------------------------------------------------------- start-up
def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer only (127.0.0.1, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def free_socket(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``: ``port``, or a free port when it is 0 or taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for candidate in ((port, 0) if port else (0,)):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, candidate))
        except OSError:
            sock.close()
            continue
        sock.listen(128)
        return sock
    raise OSError(f"cannot listen on {host}")


def uvicorn_config(app: Any, settings: Settings):
    """uvicorn's configuration for ``settings``: TLS from ``certfile``/``keyfile``;
    ``X-Forwarded-*`` trusted from ``behind_proxy`` only (never otherwise)."""
    import uvicorn

    tls: dict[str, Any] = {}
    if settings.certfile is not None:
        tls = {"ssl_certfile": str(settings.certfile), "ssl_keyfile": str(settings.keyfile)}
    return uvicorn.Config(app, access_log=False, log_level="warning", server_header=False,
                          date_header=False, lifespan="off",
                          proxy_headers=settings.behind_proxy is not None,
                          forwarded_allow_ips=settings.behind_proxy or "", **tls)


def address(settings: Settings, *, team: bool) -> str:
    """The address to open: with the token in the single-user mode, the login page else."""
    shown = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    shown = f"[{shown}]" if ":" in shown else shown
    scheme = "https" if settings.tls else "http"
    base = f"{scheme}://{shown}:{settings.port}/"
    return base + ("login" if team else f"?token={settings.token}")


def serve(settings: Settings, *, open_browser: bool = True, echo=print) -> None:
    """Run the app until Ctrl+C: print its address (with the token in the
    single-user mode), open the browser."""
    import uvicorn

    sock = free_socket(settings.host, settings.port)
    settings.port = sock.getsockname()[1]
    app = create_app(settings)
    team = app.state.data.is_team()
    url = address(settings, team=team)
    server = uvicorn.Server(uvicorn_config(app, settings))
    echo(url)
    if open_browser:
        import webbrowser

        def _open() -> None:
            for _ in range(100):
                if server.started:
                    break
                threading.Event().wait(0.05)
            webbrowser.open(url)

        threading.Thread(target=_open, daemon=True).start()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    server.run(sockets=[sock])
