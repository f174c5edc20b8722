"""Small helpers every part of the workspace shares: names of the stored
fields, salted hashes, the ``meta`` table, JSON-safe values."""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import hmac
import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import WorkspaceError
from ..identity import is_missing, normalize_name

#: Environment variable holding the pseudonym key (overrides the workspace's).
KEY_ENV = "RETERETE_KEY"
#: Environment variable naming a file that holds the pseudonym key.
KEY_FILE_ENV = "RETERETE_KEY_FILE"

_INTERACTION_FIELDS = ("date", "source", "target", "site", "kind", "duration_min", "weight",
                       "recorded_by", "event", "note", "file", "row")


#: Who is making the changes of this context (the app's logged-in user); None
#: for the command line. Every row of the workspace's log records it.
_ACTING: contextvars.ContextVar[str | None] = contextvars.ContextVar("reterete_acting",
                                                                    default=None)


@contextlib.contextmanager
def acting_as(user: str | None) -> Iterator[None]:
    """Record ``user`` as the author of the workspace changes made inside."""
    token = _ACTING.set(user)
    try:
        yield
    finally:
        _ACTING.reset(token)


def _log(con: sqlite3.Connection, at: str, action: str, detail: str) -> int:
    """One row of the workspace's log, with the acting user; its id."""
    return int(con.execute("INSERT INTO log(at, action, detail, user) VALUES (?, ?, ?, ?)",
                           (at, action, detail, _ACTING.get())).lastrowid)


def _json(v: object) -> str:
    return json.dumps(v, ensure_ascii=False)


def _meta(con: sqlite3.Connection, name: str) -> str:
    row = con.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise WorkspaceError(f"the workspace lacks its {name!r}: it is damaged")
    return str(row[0])


def _hash(salt: str, actor: object) -> str:
    return hmac.new(salt.encode("ascii"), str(actor).encode("utf-8"), hashlib.sha256).hexdigest()


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


_missing = is_missing  # one cell missing as pandas sees it (the identity module's rule)


def _norm(v: object) -> str | None:
    if _missing(v):
        return None
    text = normalize_name(v)
    return text or None


def _text(v: object) -> str | None:
    return None if _missing(v) else str(v)


def _num(v: object) -> float | None:
    if _missing(v):
        return None
    return float(v)  # type: ignore[arg-type]


def _int(v: object) -> int | None:
    return None if _missing(v) else int(v)  # type: ignore[call-overload]


def _jsonable(v: object) -> Any:
    if isinstance(v, tuple):
        return list(v)
    if _missing(v):
        return None
    if isinstance(v, (pd.Timestamp, datetime)):
        return v.isoformat()
    if hasattr(v, "item"):
        return v.item()  # numpy scalar
    return v


def _label(source: object) -> str:
    if isinstance(source, pd.DataFrame):
        return "<actors>"
    return Path(os.fspath(source)).name  # type: ignore[arg-type]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _version() -> str:
    from .. import __version__

    return f"reterete {__version__}"
