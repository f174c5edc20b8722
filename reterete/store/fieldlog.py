"""Contacts logged one at a time (the app's ``/log`` page and ``POST /api/contacts``).

An entry is what a worker logs where it happened: when, the site, two actors
(a contact) or more (a meeting: every pair of them is tied, as the
``attendance`` layout of an import ties the actors of one event), the kind of
contact, the minutes and a note. It is checked by the same functions as an
import (:func:`reterete.ingest.check_contacts`), so it is refused for the same
reasons in the same words, and stored as ordinary contacts with their own
``import_files`` row (file ``app``), so every analysis, erasure and backup
treats it like an imported file. ``recorded_by`` is the account's name.

The browser gives each entry a ``client_id``; ``field_entries.client_id`` is
UNIQUE and the check and the insert happen in one write transaction, so the
same entry sent twice (a retry after a lost answer, a queue replayed when the
signal returns) is stored once, also when both arrive at the same moment.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import IngestError, Problem
from ..i18n import M_
from ..identity import normalize_name
from ._base import _log, _meta, _now

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = ["Entry", "FIELDS", "FILE_LABEL", "add_entry", "edit_entry", "delete_entry",
           "entries", "entry_owner", "check_entry"]

#: The JSON fields of an entry.
FIELDS = ("client_id", "when", "site", "actors", "kind", "minutes", "note")
#: The file name the contacts of entries carry as provenance.
FILE_LABEL = "app"
#: The fields of the checked table each JSON field became.
_COLUMN_FIELD = {"date": "when", "source": "actors", "target": "actors", "actor": "actors",
                 "event": "actors", "site": "site", "kind": "kind", "duration_min": "minutes",
                 "note": "note", "recorded_by": "recorded_by"}
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{8,100}$")
#: Longest texts and most actors of one entry.
MAX_TEXT = 2000
MAX_ACTORS = 50


@dataclass(frozen=True)
class Entry:
    """What :func:`add_entry` did: the entry's ``id``, whether its
    ``client_id`` was stored before (``duplicate``: nothing added now), and
    the actors not in the registry (``new_actors``, as written)."""

    id: int
    duplicate: bool
    new_actors: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()


def _problem(field: str, value: Any, reason: Any) -> Problem:
    return Problem(FILE_LABEL, None, field, None if value is None else str(value)[:200],
                   reason)


def _text(body: Mapping[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def check_entry(body: Mapping[str, Any], recorded_by: str, *, now: datetime | None = None,
                need_client_id: bool = True):
    """Check one entry like a file of an import: the checked contacts
    (:class:`reterete.ingest.CheckResult`), or :class:`IngestError` with
    every problem (columns named by the JSON fields)."""
    from ..ingest import check_contacts

    problems: list[Problem] = []
    if not isinstance(body, Mapping):
        raise IngestError([_problem("client_id", None, M_(
            "send a JSON object with the fields client_id, when, site, actors, kind, minutes, "
            "note"))])
    client_id = body.get("client_id")
    if need_client_id and not (isinstance(client_id, str) and _CLIENT_ID.match(client_id)):
        problems.append(_problem("client_id", client_id, M_(
            "must be 8 to 100 letters, digits or - _ . : made by the browser for this entry")))
    actors = body.get("actors")
    if not isinstance(actors, list) or not all(isinstance(a, str) for a in actors):
        problems.append(_problem("actors", actors, M_("must be a list of names")))
        actors = []
    actors = [" ".join(a.split()) for a in actors if a.strip()]
    unique = list(dict.fromkeys(actors, None))
    seen: dict[str, str] = {}
    for a in unique:
        seen.setdefault(normalize_name(a), a)
    actors = list(seen.values())
    if len(actors) < 2:
        problems.append(_problem("actors", "; ".join(actors), M_(
            "needs two different actors or more (two: a contact; more: a meeting)")))
    if len(actors) > MAX_ACTORS:
        problems.append(_problem("actors", len(actors), M_("has more than {n} actors",
                                                                    n=MAX_ACTORS)))
    for key in ("site", "kind", "note"):
        value = body.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(_problem(key, value, M_("must be a text")))
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            problems.append(_problem(key, len(value), M_("is longer than {n} characters",
                                                                 n=MAX_TEXT)))
    minutes = body.get("minutes")
    if isinstance(minutes, bool) or (minutes is not None and not isinstance(minutes,
                                                                            (int, float, str))):
        problems.append(_problem("minutes", minutes,
                                 M_("must be a number of minutes (0 or more)")))
        minutes = None
    when = _text(body, "when")
    if when is None:
        when = (now or datetime.now()).replace(microsecond=0).isoformat()
    if problems:
        raise IngestError(problems)
    row = {"date": when, "site": _text(body, "site"), "kind": _text(body, "kind"),
           "duration_min": minutes if minutes not in ("",) else None,
           "recorded_by": recorded_by, "note": _text(body, "note")}
    if len(actors) == 2:
        frame = pd.DataFrame([{**row, "source": actors[0], "target": actors[1]}], dtype=object)
    else:
        event = "app " + hashlib.sha256(str(client_id or when).encode()).hexdigest()[:8]
        frame = pd.DataFrame([{**row, "event": event, "actor": a} for a in actors],
                             dtype=object)
    result = check_contacts([frame], names=[FILE_LABEL])
    if result.errors:
        raise IngestError(_as_fields(result.errors), _as_fields(result.warnings))
    return result, actors


def _as_fields(problems: Any) -> list[Problem]:
    """Problems of the checked table, named by the JSON fields (no row: one entry)."""
    out = []
    for p in problems:
        field = _COLUMN_FIELD.get(str(p.column), p.column)
        out.append(Problem(FILE_LABEL, None, field, p.value, p.reason))
    unique = list(dict.fromkeys(out))
    return unique


def _store(con: sqlite3.Connection, result: Any, file_id: int) -> tuple[int, list[Problem]]:
    """The checked contacts into ``interactions`` under ``file_id``; each content
    key gets the next free occurrence (two equal contacts logged twice are two)."""
    from ..ingest.actors import alias_map
    from .erasure import forgotten_lengths
    from .importing import _records
    from .reading import _registry_frame
    from .redact import HashedRedactor

    salt = _meta(con, "salt")
    forgotten = {r[0] for r in con.execute("SELECT hash FROM forgotten")}
    redact = HashedRedactor(salt, forgotten, forgotten_lengths(con)) if forgotten else None
    merges: dict[str, str] = {}
    if forgotten:
        reg = _registry_frame(con)
        merges = alias_map(reg) if reg is not None else {}
        merges.update(dict(con.execute("SELECT alias, canonical FROM aliases")))
    net = result.network
    inter = net.interactions.reset_index(drop=True)
    records, kept, warnings = _records(inter, net.actors["name"], file_id, FILE_LABEL, salt,
                                       forgotten, merges, redact=redact)
    rows = []
    for rec in records:
        top = con.execute("SELECT max(occurrence) FROM interactions WHERE content_key = ?",
                          (rec[0],)).fetchone()[0]
        rows.append((rec[0], (top or 0) + 1, *rec[2:]))
    con.executemany(
        "INSERT INTO interactions(content_key, occurrence, import_file, file, row, "
        "date, source_id, source_name, target_id, target_name, site, kind, duration_min, weight, "
        "recorded_by, event, note, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?)", rows)
    con.execute("UPDATE import_files SET rows = ?, new = ?, present = 0, left_out = ? "
                "WHERE id = ?", (len(inter), len(rows), len(inter) - kept, file_id))
    return len(rows), warnings


def _new_actors(con: sqlite3.Connection, actors: list[str]) -> tuple[str, ...]:
    known = {r[0] for r in con.execute("SELECT id FROM actors")}
    known |= {r[0] for r in con.execute("SELECT alias FROM aliases")}
    for (data,) in con.execute("SELECT data FROM actors"):
        known |= {normalize_name(a) for a in (json.loads(data).get("aliases") or [])}
    return tuple(a for a in actors if normalize_name(a) not in known)


def add_entry(ws: Workspace, body: Mapping[str, Any], user: str) -> Entry:
    """Check and store one entry logged by ``user`` (see the module).

    Raises
    ------
    IngestError
        With every problem, named by the JSON fields; nothing is stored.
    """
    result, actors = check_entry(body, user)
    client_id = str(body["client_id"])
    with ws._connect(write=True, create=True) as con:
        row = con.execute("SELECT id FROM field_entries WHERE client_id = ?",
                          (client_id,)).fetchone()
        if row is not None:
            return Entry(int(row[0]), True)
        now = _now()
        try:
            entry_id = con.execute(
                "INSERT INTO field_entries(client_id, user, at, updated_at) VALUES (?, ?, ?, ?)",
                (client_id, user, now, now)).lastrowid
        except sqlite3.IntegrityError:  # the same client_id from another process
            row = con.execute("SELECT id FROM field_entries WHERE client_id = ?",
                              (client_id,)).fetchone()
            return Entry(int(row[0]), True)
        new = _new_actors(con, actors)
        log_id = _log(con, now, "log", json.dumps({"entry": entry_id, "actors": len(actors),
                                                   "new_actors": len(new)}))
        file_id = _file_row(con, log_id, result)
        con.execute("UPDATE field_entries SET import_file = ? WHERE id = ?", (file_id, entry_id))
        _n, warnings = _store(con, result, file_id)
    return Entry(int(entry_id), False, new, tuple(warnings))


def _file_row(con: sqlite3.Connection, log_id: int, result: Any) -> int:
    layout = result.files[0]["layout"] if result.files else None
    return int(con.execute(
        "INSERT INTO import_files(log_id, seq, file, path, sha256, layout, rows, new, present, "
        "left_out) VALUES (?, 0, ?, NULL, NULL, ?, 0, 0, 0, 0)",
        (log_id, FILE_LABEL, layout)).lastrowid)


def entry_owner(ws: Workspace, entry_id: int) -> str | None:
    """The account that logged entry ``entry_id`` (None: no such entry, or deleted)."""
    if not ws.path.exists():
        return None
    with ws._connect(write=False) as con:
        row = con.execute("SELECT user FROM field_entries WHERE id = ? AND deleted = 0",
                          (int(entry_id),)).fetchone()
    return None if row is None else str(row[0])


def edit_entry(ws: Workspace, entry_id: int, body: Mapping[str, Any], user: str) -> Entry:
    """Replace entry ``entry_id``'s contacts with the ones ``body`` describes
    (checked like a new entry; ``recorded_by`` stays its author's)."""
    owner = entry_owner(ws, entry_id)
    if owner is None:
        raise KeyError(entry_id)
    result, actors = check_entry(body, owner, need_client_id=False)
    with ws._connect(write=True) as con:
        row = con.execute("SELECT import_file FROM field_entries WHERE id = ? AND deleted = 0",
                          (int(entry_id),)).fetchone()
        if row is None:
            raise KeyError(entry_id)
        con.execute("DELETE FROM interactions WHERE import_file = ?", (row[0],))
        now = _now()
        new = _new_actors(con, actors)
        log_id = _log(con, now, "edit", json.dumps({"entry": int(entry_id),
                                                    "actors": len(actors),
                                                    "new_actors": len(new)}))
        file_id = _file_row(con, log_id, result)
        con.execute("UPDATE field_entries SET import_file = ?, updated_at = ? WHERE id = ?",
                    (file_id, now, int(entry_id)))
        _n, warnings = _store(con, result, file_id)
    return Entry(int(entry_id), False, new, tuple(warnings))


def delete_entry(ws: Workspace, entry_id: int) -> None:
    """Remove entry ``entry_id``'s contacts (its ``client_id`` stays used)."""
    with ws._connect(write=True) as con:
        row = con.execute("SELECT import_file FROM field_entries WHERE id = ? AND deleted = 0",
                          (int(entry_id),)).fetchone()
        if row is None:
            raise KeyError(entry_id)
        con.execute("DELETE FROM interactions WHERE import_file = ?", (row[0],))
        con.execute("UPDATE field_entries SET deleted = 1, updated_at = ? WHERE id = ?",
                    (_now(), int(entry_id)))
        _log(con, _now(), "delete", json.dumps({"entry": int(entry_id)}))


def entries(ws: Workspace, *, user: str | None = None, since: str | None = None,
            limit: int = 500) -> list[dict[str, Any]]:
    """Entries logged in the app, newest first: ``id``, ``client_id``,
    ``user``, ``logged_at``, ``when``, ``site``, ``actors``, ``kind``,
    ``minutes``, ``note``, ``new_actors``. ``user`` keeps one account's,
    ``since`` (ISO, UTC) those logged from then on."""
    if not ws.path.exists():
        return []
    where, params = ["fe.deleted = 0"], []
    if user is not None:
        where.append("fe.user = ?")
        params.append(user)
    if since is not None:
        where.append("fe.at >= ?")
        params.append(since)
    with ws._connect(write=False) as con:
        heads = con.execute(
            f"SELECT id, client_id, user, at, import_file FROM field_entries fe "
            f"WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?",
            (*params, int(limit))).fetchall()
        out = []
        for entry_id, client_id, who, at, file_id in heads:
            rows = con.execute(
                "SELECT date, source_name, target_name, site, kind, duration_min, note "
                "FROM interactions WHERE import_file = ? ORDER BY id", (file_id,)).fetchall()
            if not rows:
                continue
            names = list(dict.fromkeys([n for r in rows for n in (r[1], r[2])]))
            first = rows[0]
            out.append({"id": int(entry_id), "client_id": client_id, "user": who,
                        "logged_at": at, "when": first[0], "site": first[3],
                        "actors": names, "kind": first[4], "minutes": first[5],
                        "note": first[6], "new_actors": list(_new_actors(con, names))})
    return out


def today_start_utc(now: datetime | None = None) -> str:
    """The start of today (this computer's time zone) as a UTC ISO text."""
    local = (now or datetime.now().astimezone()).astimezone()
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start.astimezone(timezone.utc).isoformat(timespec="seconds")
