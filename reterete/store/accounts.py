"""Accounts of a team workspace: login names, roles, argon2id password hashes.

A workspace with at least one (enabled) account is a *team* workspace:
``reterete app`` then asks for a login instead of printing an access token.
Three roles (Italian names accepted wherever a role is typed):

``worker`` (*operatore*)
    logs contacts, imports files, sees the analyses; sees only the notes
    they wrote.
``coordinator`` (*coordinatore*)
    everything: registry, aliases, erasure, accounts, backups.
``evaluator`` (*valutatore*)
    reads only, and everything it gets is pseudonymised, without notes.

Passwords are kept as argon2id hashes (argon2-cffi, RFC 9106 parameters of
its default profile), never as text. Each account has a ``generation``: a
password change, a role change, disabling or ``revoke`` increases it, and a
session issued under an older generation stops at its next request. Every
change is written in the workspace's log with the acting user.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError, WorkspaceError
from ..i18n import _
from ._base import _log, _now

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = ["ROLES", "User", "role_of", "role_label", "login_name", "add_user", "users", "get_user",
           "verify", "set_password", "set_role", "set_disabled", "revoke", "has_users",
           "MIN_PASSWORD"]

#: The roles, in English (stored) with the Italian names accepted when typed.
ROLES = ("worker", "coordinator", "evaluator")
_ITALIAN = {"operatore": "worker", "operatrice": "worker", "coordinatore": "coordinator",
            "coordinatrice": "coordinator", "valutatore": "evaluator",
            "valutatrice": "evaluator"}
#: Shortest password accepted.
MIN_PASSWORD = 10


@dataclass(frozen=True)
class User:
    """One account: ``name`` (login, folded), ``shown`` (as typed), ``role``,
    ``disabled`` and ``generation`` (see the module)."""

    name: str
    shown: str
    role: str
    disabled: bool
    generation: int
    created_at: str


def role_of(text: str) -> str:
    """The role a person typed (English or Italian, any case), as stored.

    >>> role_of("Coordinatore"), role_of("evaluator")
    ('coordinator', 'evaluator')
    """
    key = str(text).strip().casefold()
    if key in ROLES:
        return key
    if key in _ITALIAN:
        return _ITALIAN[key]
    raise InputError(_("{role} is not a role: say worker, coordinator or evaluator "
                       "(operatore, coordinatore, valutatore)").format(role=repr(text)))


def role_label(role: str) -> str:
    """A role in the language in force."""
    return {"worker": _("worker"), "coordinator": _("coordinator"),
            "evaluator": _("evaluator")}.get(role, role)


def login_name(text: str) -> str:
    """A login name as compared: spaces trimmed and collapsed, case folded."""
    return " ".join(str(text).split()).casefold()


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(_("the password is too short: use at least {n} characters").format(
            n=MIN_PASSWORD))


def _row(r: tuple) -> User:
    return User(r[0], r[1], r[2], bool(r[3]), int(r[4]), r[5])


_COLUMNS = "name, shown, role, disabled, generation, created_at"


def has_users(ws: Workspace) -> bool:
    """Whether the workspace has at least one enabled account (a team workspace)."""
    if not ws.path.exists():
        return False
    with ws._connect(write=False) as con:
        return con.execute("SELECT 1 FROM users WHERE disabled = 0 LIMIT 1").fetchone() is not None


def users(ws: Workspace) -> list[User]:
    """Every account, by login name."""
    if not ws.path.exists():
        return []
    with ws._connect(write=False) as con:
        return [_row(r) for r in con.execute(f"SELECT {_COLUMNS} FROM users ORDER BY name")]


def get_user(ws: Workspace, name: str) -> User | None:
    """The account called ``name`` (compared as :func:`login_name`), or None."""
    if not ws.path.exists():
        return None
    with ws._connect(write=False) as con:
        r = con.execute(f"SELECT {_COLUMNS} FROM users WHERE name = ?",
                        (login_name(name),)).fetchone()
    return None if r is None else _row(r)


def add_user(ws: Workspace, name: str, role: str, password: str) -> User:
    """Create an account (the workspace too, if it does not exist yet).

    Raises
    ------
    InputError
        If the name is empty or taken, the role unknown or the password short.
    """
    shown = " ".join(str(name).split())
    key = login_name(name)
    if not key or len(key) > 80:
        raise InputError(_("give the account a name (at most 80 characters)"))
    role = role_of(role)
    _check_password(password)
    digest = _hasher().hash(password)
    with ws._connect(write=True, create=True) as con:
        if con.execute("SELECT 1 FROM users WHERE name = ?", (key,)).fetchone():
            raise InputError(_("there is already an account called {name}").format(
                name=repr(shown)))
        now = _now()
        con.execute("INSERT INTO users(name, shown, role, hash, disabled, generation, "
                    "created_at) VALUES (?, ?, ?, ?, 0, 0, ?)", (key, shown, role, digest, now))
        _log(con, now, "user", json.dumps({"user": shown, "change": "added", "role": role},
                                          ensure_ascii=False))
    return User(key, shown, role, False, 0, now)


def _change(ws: Workspace, name: str, change: str, sql: str, params: tuple,
            extra: dict | None = None) -> User:
    key = login_name(name)
    with ws._connect(write=True) as con:
        r = con.execute("SELECT shown FROM users WHERE name = ?", (key,)).fetchone()
        if r is None:
            raise InputError(_("there is no account called {name}").format(name=repr(name)))
        con.execute(sql, (*params, key))
        _log(con, _now(), "user", json.dumps({"user": r[0], "change": change, **(extra or {})},
                                             ensure_ascii=False))
    user = get_user(ws, key)
    assert user is not None
    return user


def set_password(ws: Workspace, name: str, password: str) -> User:
    """Give an account a new password (its sessions end)."""
    _check_password(password)
    return _change(ws, name, "password",
                   "UPDATE users SET hash = ?, generation = generation + 1 WHERE name = ?",
                   (_hasher().hash(password),))


def set_role(ws: Workspace, name: str, role: str) -> User:
    """Change an account's role (its sessions end)."""
    role = role_of(role)
    return _change(ws, name, "role",
                   "UPDATE users SET role = ?, generation = generation + 1 WHERE name = ?",
                   (role,), {"role": role})


def set_disabled(ws: Workspace, name: str, disabled: bool) -> User:
    """Disable (its sessions end at their next request) or enable an account."""
    return _change(ws, name, "disabled" if disabled else "enabled",
                   "UPDATE users SET disabled = ?, generation = generation + 1 WHERE name = ?",
                   (int(disabled),))


def revoke(ws: Workspace, name: str) -> User:
    """End every session of an account (it can log in again)."""
    return _change(ws, name, "revoked",
                   "UPDATE users SET generation = generation + 1 WHERE name = ?", ())


#: A hash checked when the name is unknown, so that the answer takes as long.
_DUMMY: list[str] = []


def verify(ws: Workspace, name: str, password: str) -> User | None:
    """The enabled account ``name`` when ``password`` is its password, else None
    (an unknown name costs the same time as a wrong password)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    key = login_name(name)
    row = None
    if ws.path.exists():
        try:
            with ws._connect(write=False) as con:
                row = con.execute(f"SELECT {_COLUMNS}, hash FROM users WHERE name = ?",
                                  (key,)).fetchone()
        except WorkspaceError:
            row = None
    if row is None:
        if not _DUMMY:
            _DUMMY.append(hasher.hash("reterete: no such account"))
        try:
            hasher.verify(_DUMMY[0], password)
        except (VerificationError, InvalidHashError):
            pass
        return None
    try:
        hasher.verify(row[6], password)
    except (VerificationError, InvalidHashError):
        return None
    user = _row(row[:6])
    return None if user.disabled else user
