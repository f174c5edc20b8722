"""Who may do what in the app: settings, sessions, login throttling, roles, CSRF.

This module imports nothing else of the app, so that the guard
(:mod:`.server`), the route table (:mod:`.routes`) and the pages can all use
it without importing one another.

Sessions
    A session id is 32 random bytes (``secrets.token_urlsafe``), not the
    password and not the access token. The browser keeps it in an HttpOnly,
    SameSite=Strict cookie (``Secure`` when the app is reached over HTTPS);
    the server keeps only its SHA-256, with the account, the account's
    ``generation`` when it logged in, and two clocks: a session unused for
    ``Settings.idle_minutes`` or older than ``Settings.max_hours`` ends. A
    password change, a role change, disabling the account or revoking its
    sessions (``reterete users revoke``, the Accounts page) increases the
    account's generation, which ends its sessions at their next request.
    Sessions live in the server's memory: restarting the app logs everyone out.
Throttling
    After ``LOGIN_TRIES`` failed logins for one name, or from one address,
    the next attempts are answered 429 for ``Settings.login_wait`` seconds; each
    further failure doubles the wait. A successful login clears the name's
    and the address's count.
Roles
    ``worker``, ``coordinator``, ``evaluator`` (:mod:`reterete.store.accounts`);
    with no accounts (the single-user token mode) the one user is a coordinator.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any

__all__ = ["Settings", "Forbidden", "TooLarge", "check_csrf", "csrf_of", "Session",
           "Sessions", "Throttle", "role_of", "user_of", "LOGIN_TRIES", "ALL_ROLES",
           "DEFAULT_MAX_UPLOAD_MB"]

DEFAULT_MAX_UPLOAD_MB = 100.0
#: Failed logins (per name or per address) before a wait.
LOGIN_TRIES = 5
ALL_ROLES = ("worker", "coordinator", "evaluator")


@dataclass
class Settings:
    """How one app runs.

    Parameters
    ----------
    db : path
        The workspace (created by the first import if missing).
    token : str
        The access token of the single-user mode; a random one by default.
    lang : {"en", "it"} or None
        Language of the pages; None follows the browser (Accept-Language).
    host, port : where it listens (``port`` 0: a free port).
    max_upload_mb : float
        Largest request body accepted (uploads); larger ones get 413.
    allow_remote : bool
        Accept any ``Host`` header (needed when listening beyond 127.0.0.1).
    certfile, keyfile : path or None
        TLS certificate and key: the app is served over HTTPS.
    behind_proxy : str or None
        The reverse proxy's address: its ``X-Forwarded-*`` headers are trusted.
    idle_minutes, max_hours : float
        A session ends when unused this long, or this old.
    login_wait : float
        Seconds of the first wait after :data:`LOGIN_TRIES` failed logins.
    """

    db: Path
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    lang: str | None = None
    host: str = "127.0.0.1"
    port: int = 0
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB
    allow_remote: bool = False
    certfile: Path | None = None
    keyfile: Path | None = None
    behind_proxy: str | None = None
    idle_minutes: float = 120.0
    max_hours: float = 12.0
    login_wait: float = 30.0

    @property
    def csrf(self) -> str:
        """The CSRF token of the single-user mode's forms (derived from the token)."""
        return hmac.new(self.token.encode(), b"reterete-csrf", sha256).hexdigest()

    @property
    def cookie(self) -> str:
        """The session cookie's name: one per port, so two apps on one computer do not mix."""
        return f"reterete_session_{self.port}"

    @property
    def max_bytes(self) -> int:
        return int(self.max_upload_mb * 2**20)

    @property
    def tls(self) -> bool:
        return self.certfile is not None


class Forbidden(Exception):
    """A state-changing request without its CSRF token (or from another origin)."""


class TooLarge(Exception):
    """A request body over the upload limit."""


@dataclass
class Session:
    """One logged-in browser: ``user`` (login name; None in the single-user
    mode), ``shown``, ``role``, ``generation``, the clocks and its CSRF token."""

    user: str | None
    shown: str
    role: str
    generation: int
    csrf: str
    created: float = field(default_factory=time.monotonic)
    seen: float = field(default_factory=time.monotonic)


class Sessions:
    """The server's sessions, by the SHA-256 of their id (see the module)."""

    def __init__(self, idle_minutes: float, max_hours: float):
        self.idle = idle_minutes * 60.0
        self.max_age = max_hours * 3600.0
        self._lock = threading.Lock()
        self._by_hash: dict[str, Session] = {}

    @staticmethod
    def _key(sid: str) -> str:
        return sha256(sid.encode("utf-8", "replace")).hexdigest()

    def new(self, session: Session) -> str:
        """Keep ``session``; the id to give the browser."""
        sid = secrets.token_urlsafe(32)
        with self._lock:
            now = time.monotonic()
            for k in [k for k, s in self._by_hash.items() if self._expired(s, now)]:
                del self._by_hash[k]
            self._by_hash[self._key(sid)] = session
        return sid

    def _expired(self, s: Session, now: float) -> bool:
        return now - s.seen > self.idle or now - s.created > self.max_age

    def get(self, sid: str) -> Session | None:
        """The live session of ``sid`` (its idle clock restarted), or None."""
        key = self._key(sid)
        with self._lock:
            s = self._by_hash.get(key)
            if s is None:
                return None
            now = time.monotonic()
            if self._expired(s, now):
                del self._by_hash[key]
                return None
            s.seen = now
            return s

    def end(self, sid: str) -> None:
        with self._lock:
            self._by_hash.pop(self._key(sid), None)

    def end_user(self, user: str) -> int:
        """End every session of account ``user``; how many there were."""
        with self._lock:
            gone = [k for k, s in self._by_hash.items() if s.user == user]
            for k in gone:
                del self._by_hash[k]
        return len(gone)

    def count(self, user: str) -> int:
        now = time.monotonic()
        with self._lock:
            return sum(1 for s in self._by_hash.values()
                       if s.user == user and not self._expired(s, now))


class Throttle:
    """Failed logins per name and per address (see the module)."""

    def __init__(self, wait: float, tries: int = LOGIN_TRIES):
        self.wait = float(wait)
        self.tries = tries
        self._lock = threading.Lock()
        self._state: dict[tuple[str, str], list[float]] = {}  # key -> [failures, until]

    def blocked(self, keys: list[tuple[str, str]]) -> float:
        """Seconds still to wait before ``keys`` may try again (0: now)."""
        now = time.monotonic()
        with self._lock:
            return max([max(0.0, self._state.get(k, [0, 0.0])[1] - now) for k in keys] + [0.0])

    def fail(self, keys: list[tuple[str, str]]) -> float:
        """Count a failure; the wait it starts (0: none yet)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            if len(self._state) > 10_000:
                self._state = {k: v for k, v in self._state.items() if v[1] > now}
            for k in keys:
                entry = self._state.setdefault(k, [0, 0.0])
                entry[0] += 1
                if entry[0] >= self.tries:
                    w = min(self.wait * 2 ** (entry[0] - self.tries), 86400.0)
                    entry[1] = now + w
                    wait = max(wait, w)
        return wait

    def succeed(self, keys: list[tuple[str, str]]) -> None:
        with self._lock:
            for k in keys:
                self._state.pop(k, None)


def _state(request: Any) -> dict:
    return request.scope.get("state", {})


def session_of(request: Any) -> Session | None:
    return _state(request).get("session")


def role_of(request: Any) -> str:
    """The role of the request's user: "coordinator" in the single-user mode,
    "anonymous" before logging in."""
    s = session_of(request)
    if s is not None:
        return s.role
    return "coordinator" if _state(request).get("auth") == "bearer" else "anonymous"


def user_of(request: Any) -> str | None:
    """The shown name of the request's account (None in the single-user mode)."""
    s = session_of(request)
    return None if s is None or s.user is None else s.shown


def csrf_of(request: Any) -> str:
    """The CSRF token the request's forms must carry."""
    s = session_of(request)
    if s is not None:
        return s.csrf
    return request.app.state.settings.csrf


def check_csrf(request: Any, supplied: str | None) -> None:
    """Refuse a state-changing request made with the cookie but without the
    form's CSRF token (Bearer calls need none: no browser adds that header)."""
    if _state(request).get("auth") == "bearer":
        return
    if not supplied or not hmac.compare_digest(str(supplied), csrf_of(request)):
        raise Forbidden()
