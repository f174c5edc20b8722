"""Erasure (right to erasure): a person removed from every place the
workspace holds them, with only a salted hash kept so that later imports
leave their contacts out.

Where a name can live, and what :func:`forget` does there:

* contacts the person took part in (by actor id, after aliases): deleted;
* contacts they recorded (``recorded_by``): the name cleared;
* their registry entry and every alias naming them: deleted;
* their name written in text (matched as in :mod:`reterete.store.redact`):
  sites, kinds, event names and notes of other contacts, extra log columns
  (``Referente``), other actors' registry attributes, the names and paths of
  imported files, the log, the author of each change and the account that
  logged each entry in the app (a team workspace): the name is replaced by
  ``[…]``; an account of the person's is deleted;
* other spellings (a look-alike letter, an invisible character, another word
  order): listed in the report, never erased without the user's word;
* other actors whose own name contains the person's (``Bar di Paolo Rizzi``):
  listed, to forget or rename.

The erasure holds the file alone (SQLite exclusive locking): if another
program is reading the workspace it is refused, with nothing changed. After
the commit, on the same connection, ``VACUUM`` rebuilds the file and a
``wal_checkpoint(TRUNCATE)`` empties the ``-wal``, so neither holds a copy
(deleted pages are also overwritten, ``secure_delete``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import WorkspaceError
from ..i18n import _
from ..identity import normalize_name
from ._base import _hash, _log, _meta, _now
from .connection import connect
from .reading import _registry_frame
from .redact import Redactor, Variant, fold, text_variants, variants

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = ["ForgetReport", "forget"]

_TEXT_COLUMNS = ("site", "kind", "event", "note", "file", "recorded_by")


@dataclass(frozen=True)
class ForgetReport:
    """What :meth:`Workspace.forget` removed (counts only: the name is gone).

    ``interactions`` contacts deleted, ``recorded_by_cleared`` contacts whose
    recorder was the person, ``registry`` registry entries and ``aliases``
    aliases deleted, ``texts`` text cells of other contacts where the name was
    written (``[…]`` now), ``attributes`` other actors' registry entries
    rewritten likewise, ``provenance`` file names, paths and log entries
    rewritten. ``variants`` are likely other spellings still there,
    ``named_after`` other actors whose name holds the person's: both for the
    user to decide on, shown to them and never stored. ``already`` is true when
    the person had been erased before and only the copies were wiped.
    """

    interactions: int
    recorded_by_cleared: int
    registry: int
    aliases: int
    ids: tuple[str, ...] = field(default=(), repr=False)
    texts: int = 0
    attributes: int = 0
    provenance: int = 0
    variants: tuple[Variant, ...] = field(default=(), repr=False)
    named_after: tuple[str, ...] = field(default=(), repr=False)
    already: bool = False


def forget(ws: Workspace, name: str) -> ForgetReport:
    """Erase a person (see :meth:`Workspace.forget`)."""
    from ..ingest.actors import alias_map

    actor = normalize_name(name)
    if not actor:
        raise WorkspaceError(_("say whom to erase: reterete forget NAME --db PROJECT.db"))
    found: dict[str, Any] = {}
    with connect(ws.path, timeout=ws.timeout, write=True, exclusive=True,
                 finish=_wipe) as con:
        salt = _meta(con, "salt")
        reg = _registry_frame(con)
        merges = alias_map(reg) if reg is not None else {}
        merges.update(dict(con.execute("SELECT alias, canonical FROM aliases")))
        canonical = merges.get(actor, actor)
        ids = {actor, canonical} | {a for a, c in merges.items() if c == canonical}
        known = {r[0] for r in con.execute("SELECT hash FROM forgotten")}
        already = _hash(salt, actor) in known or _hash(salt, canonical) in known
        if not already and not _is_actor(con, reg, ids):
            _refuse_not_a_person(con, reg, name, actor, ws)
        forms = _forms(con, reg, ids, name)
        redactor = Redactor(forms)
        marks = ",".join("?" * len(ids))
        args = tuple(sorted(ids))
        n_inter = con.execute(f"DELETE FROM interactions WHERE source_id IN ({marks}) "
                              f"OR target_id IN ({marks})", args + args).rowcount
        recorders = [r for (r,) in con.execute(
            "SELECT DISTINCT recorded_by FROM interactions WHERE recorded_by IS NOT NULL")
            if normalize_name(r) in ids]
        n_rec = sum(con.execute("UPDATE interactions SET recorded_by = NULL "
                                "WHERE recorded_by = ?", (r,)).rowcount for r in recorders)
        n_reg = con.execute(f"DELETE FROM actors WHERE id IN ({marks})", args).rowcount
        n_alias = con.execute(f"DELETE FROM aliases WHERE alias IN ({marks}) OR canonical "
                              f"IN ({marks})", args + args).rowcount
        n_text = _redact_contacts(con, redactor)
        n_attr = _redact_registry(con, redactor)
        n_prov = _redact_provenance(con, redactor, ids)
        if not (n_inter or n_rec or n_reg or n_alias or n_text or n_attr or n_prov
                or already):
            raise WorkspaceError(_("nobody called {name} is in the workspace {path}: nothing "
                                   "was erased. Check the spelling against the list of "
                                   "actors").format(name=repr(name), path=ws.path))
        now = _now()
        hashed = set(args) | {normalize_name(f) for f in forms} | {fold(f) for f in forms}
        hashed |= {f"word:{w}" for f in forms for w in fold(f).split()}
        con.executemany("INSERT OR IGNORE INTO forgotten(hash, at) VALUES (?, ?)",
                        [(_hash(salt, i), now) for i in sorted(hashed) if i])
        # how many words the erased names have (not who): later imports look
        # for runs of that many words in text (store.redact.HashedRedactor)
        lengths = set(forgotten_lengths(con)) | {len(fold(f).split()) for f in forms}
        con.execute("INSERT INTO meta(name, value) VALUES ('forgotten_words', ?) "
                    "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                    (json.dumps(sorted(n for n in lengths if n)),))
        _log(con, now, "forget", json.dumps({"interactions": n_inter, "recorded_by": n_rec,
                                      "registry": n_reg, "aliases": n_alias,
                                      "texts": n_text, "attributes": n_attr,
                                      "provenance": n_prov}))
        found["variants"], found["named_after"] = _leftovers(con, forms, redactor)
    return ForgetReport(n_inter, n_rec, n_reg, n_alias, args, texts=n_text, attributes=n_attr,
                        provenance=n_prov, variants=tuple(found["variants"]),
                        named_after=tuple(found["named_after"]), already=already)


def _is_actor(con: sqlite3.Connection, reg: Any, ids: set[str]) -> bool:
    """Whether one of ``ids`` is an actor of the workspace: in a contact, in the
    registry, in an alias, or recorded a contact."""
    marks = ",".join("?" * len(ids))
    args = tuple(sorted(ids))
    if reg is not None and any(i in reg.index for i in ids):
        return True
    if con.execute(f"SELECT 1 FROM interactions WHERE source_id IN ({marks}) OR target_id "
                   f"IN ({marks}) LIMIT 1", args + args).fetchone():
        return True
    if con.execute(f"SELECT 1 FROM aliases WHERE alias IN ({marks}) OR canonical IN "
                   f"({marks}) LIMIT 1", args + args).fetchone():
        return True
    recorders = [r for (r,) in con.execute(
        "SELECT DISTINCT recorded_by FROM interactions WHERE recorded_by IS NOT NULL")]
    return any(normalize_name(r) in ids for r in recorders)


def _refuse_not_a_person(con: sqlite3.Connection, reg: Any, name: str, actor: str,
                         ws: Workspace) -> None:
    """Refuse to erase a name that is no actor of the workspace: a site, a kind of
    contact or of actor, a sector, an event, or nothing at all. Erasure is for
    persons; blanking a site's name out of every contact would destroy it."""
    what = {"site": _("a site"), "kind": _("a kind of contact"), "event": _("an event")}
    for column in ("site", "kind", "event"):
        values = [v for (v,) in con.execute(
            f"SELECT DISTINCT {column} FROM interactions WHERE {column} IS NOT NULL")]
        if any(normalize_name(v) == actor for v in values):
            raise WorkspaceError(_(
                "{name} is {what} in the workspace {path}, not a person: forget erases "
                "persons only, and nothing was changed. To take it out of the analysis, "
                "correct the log and import it into a new workspace").format(
                    name=repr(name), what=what[column], path=ws.path))
    if reg is not None:
        registry_what = {"kind": _("a kind of actor"), "sector": _("a sector"),
                         "sites": _("a site")}
        for column, label in registry_what.items():
            if column not in reg:
                continue
            for value in reg[column]:
                values = value if isinstance(value, (list, tuple)) else [value]
                if any(isinstance(v, str) and normalize_name(v) == actor for v in values):
                    raise WorkspaceError(_(
                        "{name} is {what} in the workspace {path}, not a person: forget "
                        "erases persons only, and nothing was changed. To take it out of "
                        "the analysis, correct the log and import it into a new "
                        "workspace").format(name=repr(name), what=label, path=ws.path))
    raise WorkspaceError(_("nobody called {name} is in the workspace {path}: nothing was "
                           "erased. Check the spelling against the list of actors").format(
                               name=repr(name), path=ws.path))


def forgotten_lengths(con: sqlite3.Connection) -> list[int]:
    """Word counts of the names erased so far (see :class:`HashedRedactor`)."""
    row = con.execute("SELECT value FROM meta WHERE name = 'forgotten_words'").fetchone()
    return [int(n) for n in json.loads(row[0])] if row else []


def checkpoint(ws: Workspace) -> None:
    """Move the WAL into the main file and truncate it (erased rows must
    not linger in the journal)."""
    con = sqlite3.connect(ws.path, timeout=ws.timeout, isolation_level=None)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError:  # a reader holds it: the next checkpoint will do
        pass
    finally:
        con.close()


# ---------------------------------------------------------------------------
def _forms(con: sqlite3.Connection, reg: Any, ids: set[str], name: str) -> set[str]:
    """Every way the person is written in the workspace: the name given, their
    ids, registry name and aliases, and the spellings of their contacts."""
    forms = {name, *ids}
    if reg is not None:
        for a in ids & set(reg.index):
            forms.add(str(reg.at[a, "name"]))
            forms.update(str(x) for x in (reg.at[a, "aliases"] or ()) if "aliases" in reg)
    marks = ",".join("?" * len(ids))
    args = tuple(sorted(ids))
    for side in ("source", "target"):
        forms.update(r[0] for r in con.execute(
            f"SELECT DISTINCT {side}_name FROM interactions WHERE {side}_id IN ({marks})",
            args))
    return {f for f in forms if f and f.strip()}


def _redact_contacts(con: sqlite3.Connection, redactor: Redactor) -> int:
    """The name blanked out of other contacts' text and extra columns; how
    many cells changed."""
    changed = 0
    for column in _TEXT_COLUMNS:
        values = [v for (v,) in con.execute(
            f"SELECT DISTINCT {column} FROM interactions WHERE {column} IS NOT NULL")]
        for value in values:
            if redactor.hits(value):
                changed += con.execute(f"UPDATE interactions SET {column} = ? "
                                       f"WHERE {column} = ?",
                                       (redactor(value), value)).rowcount
    extras = [v for (v,) in con.execute(
        "SELECT DISTINCT extra FROM interactions WHERE extra IS NOT NULL")]
    for value in extras:
        if redactor.hits(value):
            data = json.loads(value)
            new = json.dumps(_redact_json(data, redactor), ensure_ascii=False)
            changed += con.execute("UPDATE interactions SET extra = ? WHERE extra = ?",
                                   (new, value)).rowcount
    return changed


def _redact_registry(con: sqlite3.Connection, redactor: Redactor) -> int:
    """The name blanked out of other actors' registry attributes (their own
    name is theirs: an actor named after the person is left to the user)."""
    changed = 0
    for actor, data in con.execute("SELECT id, data FROM actors").fetchall():
        if not redactor.hits(data):
            continue
        record = json.loads(data)
        new = {k: (v if k == "name" else _redact_json(v, redactor)) for k, v in record.items()}
        if new != record:
            con.execute("UPDATE actors SET data = ? WHERE id = ?",
                        (json.dumps(new, ensure_ascii=False), actor))
            changed += 1
    return changed


def _redact_provenance(con: sqlite3.Connection, redactor: Redactor, ids: set[str]) -> int:
    """The name blanked out of imported files' names and paths and of the log."""
    changed = 0
    for row_id, file, path in con.execute(
            "SELECT id, file, path FROM import_files").fetchall():
        if redactor.hits(file) or redactor.hits(path):
            con.execute("UPDATE import_files SET file = ?, path = ? WHERE id = ?",
                        (redactor(file), None if path is None else redactor(path), row_id))
            changed += 1
    for log_id, action, detail in con.execute(
            "SELECT id, action, detail FROM log").fetchall():
        info = json.loads(detail)
        if action == "alias" and (info.get("alias") in ids or info.get("canonical") in ids):
            new = {"redacted": True}
        elif redactor.hits(detail):
            new = _redact_json(info, redactor)
        else:
            continue
        con.execute("UPDATE log SET detail = ? WHERE id = ?", (json.dumps(new), log_id))
        changed += 1
    changed += _redact_team(con, redactor, ids, salt=_meta(con, "salt"))
    return changed


def _redact_team(con: sqlite3.Connection, redactor: Redactor, ids: set[str], *,
                 salt: str) -> int:
    """The name blanked out of where a team workspace keeps names beside the
    contacts: the author of each change (``log.user``), the account that
    logged each entry in the app (``field_entries.user``) and the entries'
    codes (``client_id``, made by the browser: a changed one keeps its
    uniqueness). The person's own account (its name is theirs, not one that
    merely contains it) is deleted: their sessions end at their next request."""
    changed = 0
    for (user,) in con.execute("SELECT DISTINCT user FROM log WHERE user IS NOT NULL"
                               ).fetchall():
        if redactor.hits(user):
            changed += con.execute("UPDATE log SET user = ? WHERE user = ?",
                                   (redactor(user), user)).rowcount
    for (user,) in con.execute("SELECT DISTINCT user FROM field_entries").fetchall():
        if redactor.hits(user):
            changed += con.execute("UPDATE field_entries SET user = ? WHERE user = ?",
                                   (redactor(user), user)).rowcount
    for entry_id, client_id in con.execute("SELECT id, client_id FROM field_entries"
                                           ).fetchall():
        if redactor.hits(client_id):
            con.execute("UPDATE field_entries SET client_id = ? WHERE id = ?",
                        ("erased-" + _hash(salt, client_id)[:32], entry_id))
            changed += 1
    for name, shown in con.execute("SELECT name, shown FROM users").fetchall():
        if normalize_name(name) in ids or normalize_name(shown) in ids:
            changed += con.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount
    return changed


def _redact_json(value: Any, redactor: Redactor) -> Any:
    if isinstance(value, str):
        return redactor(value)
    if isinstance(value, list):
        return [_redact_json(v, redactor) for v in value]
    if isinstance(value, dict):
        return {k: _redact_json(v, redactor) for k, v in value.items()}
    return value


def _leftovers(con: sqlite3.Connection, forms: Iterable[str], redactor: Redactor
               ) -> tuple[list[Variant], list[str]]:
    """What erasure leaves for the user to decide: likely other spellings of
    the person (actor names first, then spellings inside text), and other
    actors whose own name holds the person's."""
    forms = list(forms)
    names: set[str] = set()
    for query in ("SELECT DISTINCT source_name FROM interactions",
                  "SELECT DISTINCT target_name FROM interactions",
                  "SELECT DISTINCT recorded_by FROM interactions WHERE recorded_by IS NOT NULL",
                  "SELECT name FROM actors", "SELECT alias FROM aliases"):
        names.update(r[0] for r in con.execute(query))
    for (data,) in con.execute("SELECT data FROM actors"):
        names.update(str(a) for a in json.loads(data).get("aliases") or ())
    named_after = sorted({n for n in names if redactor.hits(n)}, key=normalize_name)
    found = variants(forms, sorted(names))
    texts: list[tuple[str, str]] = []
    for column in ("site", "kind", "event", "note", "file"):
        texts += [(column, v) for (v,) in con.execute(
            f"SELECT DISTINCT {column} FROM interactions WHERE {column} IS NOT NULL")]
    for (extra,) in con.execute("SELECT DISTINCT extra FROM interactions "
                                "WHERE extra IS NOT NULL"):
        texts += [(str(k), str(v)) for k, v in json.loads(extra).items() if v is not None]
    for (data,) in con.execute("SELECT data FROM actors"):
        texts += [(str(k), str(v)) for k, v in json.loads(data).items()
                  if k not in ("name", "aliases") and isinstance(v, str)]
    texts += [("file", f) for (f,) in con.execute("SELECT file FROM import_files")]
    spelled = {v.spelling for v in found}
    found += [v for v in text_variants(forms, texts) if v.spelling not in spelled]
    return found, named_after


def _wipe(con: sqlite3.Connection) -> None:
    """After the commit: rebuild the file and empty the ``-wal``, so that no
    page of either still holds what was erased."""
    con.execute("VACUUM")
    busy, _log, _done = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:  # cannot happen while the file is held alone; said plainly if it does
        raise WorkspaceError(_(
            "the person was erased, but another program kept the workspace open, so old "
            "copies may remain in its journal: close every program using it and run the "
            "same forget again to wipe them"))
