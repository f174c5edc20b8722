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

import contextlib
import hashlib
import json
import re
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import IngestError, Problem
from ..i18n import M_
from ..identity import normalize_name
from ._base import _log, _meta, _now

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = ["Entry", "Checked", "FIELDS", "FILE_LABEL", "add_entry", "edit_entry", "delete_entry",
           "entries", "entry_owner", "check_entry", "problem_dict",
           "FIELD_LABELS"]

#: The JSON fields of an entry.
FIELDS = ("client_id", "when", "site", "actors", "kind", "minutes", "note")
#: The file name the contacts of entries carry as provenance.
FILE_LABEL = "app"
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


#: An entry is one row of what was sent: its problems name row 1 and the field.
ENTRY_ROW = 1
#: The columns of the checked table, each named by the JSON field it came from.
_HEADS = {"date": "when", "source": "actors", "target": "actors", "actor": "actors",
          "event": "actors", "site": "site", "kind": "kind", "duration_min": "minutes",
          "recorded_by": "recorded_by", "note": "note"}
#: The row of the checked table where an entry's first actor is (an import's
#: first data row: the header is row 1), kept as the contacts' provenance.
_FIRST_ROW = 2


def _problem(field: str, value: Any, reason: Any) -> Problem:
    return Problem(FILE_LABEL, ENTRY_ROW, field, None if value is None else str(value)[:200],
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


@dataclass(frozen=True)
class Checked:
    """One entry checked: its contacts as rows of the checked table
    (``interactions``: actor ids in ``source``, ``target`` and ``recorded_by``,
    as :func:`reterete.ingest.check_contacts` makes them), the names as written
    (``names``: id -> name), the ``layout`` (``pairwise``: two actors;
    ``attendance``: a meeting), the ``actors`` as written, once each."""

    interactions: pd.DataFrame
    names: pd.Series
    layout: str
    actors: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()


def check_entry(body: Mapping[str, Any], recorded_by: str, *, now: datetime | None = None,
                need_client_id: bool = True) -> Checked:
    """Check one entry like a row of an imported file, with the same rules in
    the same words (the cell checks of :func:`reterete.ingest.parse_log`, run on
    this one row), without reading a file: a :class:`Checked`, or
    :class:`IngestError` with every problem. A problem names row 1 (the entry)
    and the JSON field (``column``); one about an actor says which
    (``Problem.value``: the name, as sent).

    Examples
    --------
    >>> c = check_entry({"client_id": "abcdefgh-1", "when": "2024-09-20T10:30",
    ...                  "actors": ["Ada Rossi", "Bea Neri"], "minutes": "20"}, "Marta")
    >>> c.layout, c.interactions[["source", "target", "recorded_by"]].values.tolist()
    ('pairwise', [['ada rossi', 'bea neri', 'marta']])
    >>> try:
    ...     check_entry({"client_id": "abcdefgh-2", "when": "2024-02-30",
    ...                  "actors": ["Ada Rossi", "Bea Neri"]}, "Marta")
    ... except IngestError as exc:
    ...     [(p.row, p.column) for p in exc.problems]
    [(1, 'when')]
    """
    from ..ingest.contacts import ParsedLog, _validate

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
    seen: dict[str, str] = {}
    for a in actors:
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
    if isinstance(minutes, str) and not minutes.strip():
        minutes = None
    when = _text(body, "when")
    if when is None:
        when = (now or datetime.now()).replace(microsecond=0).isoformat()
    if problems:
        raise IngestError(problems)
    # the entry as the rows of a checked file (a meeting: one row per actor,
    # as the attendance layout writes it), checked cell by cell by the import's rules
    meeting = len(actors) > 2
    layout = "attendance" if meeting else "pairwise"
    one = {"date": when, "site": _text(body, "site"), "kind": _text(body, "kind"),
           "duration_min": minutes, "recorded_by": recorded_by, "note": _text(body, "note")}
    if meeting:
        event = "app " + hashlib.sha256(str(client_id or when).encode()).hexdigest()[:8]
        cells = [{**one, "event": event, "actor": a} for a in actors]
    else:
        cells = [{**one, "source": actors[0], "target": actors[1]}]
    frame = pd.DataFrame(cells, dtype=object)
    frame["row"] = np.arange(_FIRST_ROW, _FIRST_ROW + len(frame), dtype=np.int64)
    log = ParsedLog(FILE_LABEL, layout, pd.DataFrame())
    bad = _validate(frame, {c: _HEADS[c] for c in frame.columns if c != "row"}, FILE_LABEL,
                    log)
    if bad.any() or log.problems:
        raise IngestError(_as_entry(log.problems), _as_entry(log.warnings))
    ids = {a: normalize_name(a) for a in actors}
    date = frame["date"].iat[0]
    duration = frame["duration_min"].iat[0]
    base = {"date": date, "site": one["site"], "kind": one["kind"],
            "duration_min": float(duration), "weight": 1.0,
            "recorded_by": normalize_name(recorded_by), "note": one["note"]}
    if meeting:  # every pair, in the order the actors were given
        rows = [{**base, "source": ids[actors[i]], "target": ids[actors[j]], "event": event,
                 "row": _FIRST_ROW + i}
                for i in range(len(actors)) for j in range(i + 1, len(actors))]
    else:
        rows = [{**base, "source": ids[actors[0]], "target": ids[actors[1]], "event": None,
                 "row": _FIRST_ROW}]
    inter = pd.DataFrame(rows, columns=["date", "source", "target", "site", "kind",
                                        "duration_min", "weight", "recorded_by", "event",
                                        "note", "row"])
    names = pd.Series(list(ids), index=list(ids.values()), dtype=object)
    return Checked(inter, names, layout, tuple(actors), tuple(_as_entry(log.warnings)))


#: What the log page calls each field (the words a worker reads in a problem).
FIELD_LABELS = {"when": M_("When"), "site": M_("Site"), "actors": M_("Actors"),
                "kind": M_("Kind of contact"), "minutes": M_("Minutes"), "note": M_("Note"),
                "client_id": M_("Entry code"), "recorded_by": M_("Logged by")}


def problem_dict(problem: Problem) -> dict[str, Any]:
    """A problem of an entry as JSON, in the language in force: the
    :meth:`Problem.to_dict` keys (``row`` 1: the entry; ``column``: the JSON
    field), ``field`` (the same field) and ``message``, the whole sentence in
    plain words, naming the field as the log page does.

    Examples
    --------
    >>> from reterete.i18n import language
    >>> p = Problem(FILE_LABEL, 1, "kind", 12, M_("must be a text"))
    >>> with language("it"):
    ...     problem_dict(p)["message"]
    "Tipo di contatto: '12' deve essere un testo"
    """
    from ..errors import _blank, _sentence

    out = problem.to_dict()
    out["field"] = problem.column
    label = FIELD_LABELS.get(str(problem.column), problem.column or FILE_LABEL)
    value = None if _blank(problem.value) else repr(str(problem.value))
    out["message"] = _sentence(str(label), None, None, value, problem.reason)
    return out


def _as_entry(problems: list[Problem]) -> list[Problem]:
    """Problems of the checked rows as problems of the entry: row 1, the JSON
    field; said once (a meeting's date is on each of its rows)."""
    out = [Problem(FILE_LABEL, ENTRY_ROW, p.column, p.value, p.reason) for p in problems]
    return list(dict.fromkeys(out))


#: Each workspace's salt as last read (path -> salt): the rows of an entry are
#: built with it before its write turn, and used only if it is still the salt.
_SALTS: dict[str, str] = {}


def _prepare(ws: Workspace, checked: Checked) -> tuple[str, list[tuple]] | None:
    """The rows to insert for ``checked`` (content keys included, file id 0),
    built outside the write turn so that the turn is short; None until the
    workspace's salt is known."""
    from .importing import _records

    salt = _SALTS.get(str(ws.path.resolve()))
    if salt is None:
        return None
    records, _kept, _warnings = _records(checked.interactions, checked.names, 0, FILE_LABEL,
                                         salt, set(), {})
    return salt, list(records)


def _store(con: sqlite3.Connection, checked: Checked, file_id: int,
           prepared: tuple[str, list[tuple]] | None = None, key: str | None = None
           ) -> tuple[int, list[Problem]]:
    """The checked contacts into ``interactions`` under ``file_id``; each content
    key gets the next free occurrence (two equal contacts logged twice are two).
    ``prepared`` (:func:`_prepare`) is used when its salt is the workspace's and
    nobody was erased (else the rows are built again here, leaving out or
    blanking erased persons)."""
    from ..ingest.actors import alias_map
    from .erasure import forgotten_lengths
    from .importing import _records
    from .reading import _registry_frame
    from .redact import HashedRedactor

    salt = _meta(con, "salt")
    if key is not None:
        _SALTS[key] = salt
    forgotten = {r[0] for r in con.execute("SELECT hash FROM forgotten")}
    inter = checked.interactions
    if prepared is not None and prepared[0] == salt and not forgotten:
        records = [(r[0], r[1], file_id, *r[3:]) for r in prepared[1]]
        kept, warnings = len(records), []
    else:
        redact = HashedRedactor(salt, forgotten, forgotten_lengths(con)) if forgotten else None
        merges: dict[str, str] = {}
        if forgotten:
            reg = _registry_frame(con)
            merges = alias_map(reg) if reg is not None else {}
            merges.update(dict(con.execute("SELECT alias, canonical FROM aliases")))
        records, kept, warnings = _records(inter, checked.names, file_id, FILE_LABEL, salt,
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


_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


@contextlib.contextmanager
def _writing(ws: Workspace) -> Iterator[None]:
    """One entry written at a time by this process (the app's threads): they
    queue here instead of in SQLite's busy handler, which sleeps in steps of
    up to 100 ms between tries. Other processes still wait in SQLite."""
    key = str(ws.path.resolve())
    with _LOCKS_GUARD:
        lock = _LOCKS.setdefault(key, threading.Lock())
    with lock:
        yield


def add_entry(ws: Workspace, body: Mapping[str, Any], user: str) -> Entry:
    """Check and store one entry logged by ``user`` (see the module).

    Raises
    ------
    IngestError
        With every problem, named by the JSON fields; nothing is stored.
    """
    checked = check_entry(body, user)
    client_id = str(body["client_id"])
    prepared = _prepare(ws, checked)
    with _writing(ws), ws._connect(write=True, create=True) as con:
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
        new = _new_actors(con, list(checked.actors))
        log_id = _log(con, now, "log", json.dumps({"entry": entry_id,
                                                   "actors": len(checked.actors),
                                                   "new_actors": len(new)}))
        file_id = _file_row(con, log_id, checked)
        con.execute("UPDATE field_entries SET import_file = ? WHERE id = ?", (file_id, entry_id))
        _n, warnings = _store(con, checked, file_id, prepared, str(ws.path.resolve()))
    return Entry(int(entry_id), False, new, (*checked.warnings, *warnings))


def _file_row(con: sqlite3.Connection, log_id: int, checked: Checked) -> int:
    layout = checked.layout
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
    checked = check_entry(body, owner, need_client_id=False)
    actors = list(checked.actors)
    prepared = _prepare(ws, checked)
    with _writing(ws), ws._connect(write=True) as con:
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
        file_id = _file_row(con, log_id, checked)
        con.execute("UPDATE field_entries SET import_file = ?, updated_at = ? WHERE id = ?",
                    (file_id, now, int(entry_id)))
        _n, warnings = _store(con, checked, file_id, prepared, str(ws.path.resolve()))
    return Entry(int(entry_id), False, new, (*checked.warnings, *warnings))


def delete_entry(ws: Workspace, entry_id: int) -> None:
    """Remove entry ``entry_id``'s contacts (its ``client_id`` stays used)."""
    with _writing(ws), ws._connect(write=True) as con:
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
