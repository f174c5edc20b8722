"""The workspace: contact logs gathered month after month in one SQLite file.

A workspace loses nothing and doubles nothing:

* **All or nothing.** One ``import`` is one transaction (``BEGIN IMMEDIATE``):
  if any file has an invalid row, nothing is added and every bad row is
  reported; a crash or a kill in the middle leaves the workspace as it was.
* **Idempotent.** A contact is keyed by its *content*, not by file name or
  row: the date, the ordered pair of actor ids, the site, the kind, the
  duration, the weight, who recorded it, the event, the note and any extra
  column, each normalised like actor names (NFKC, case folding, spaces), and
  hashed (keyed BLAKE2b) with a salt kept in the workspace. Two identical
  contacts in one file (two separate 30-minute meetings on the same day) are told apart by
  their *occurrence* (first, second, ...) within that file, so importing a
  file again, or an export that overlaps an earlier one, adds nothing: the
  workspace holds the union of the files, occurrence by occurrence.
  Actor ids in the key are taken *before* aliases, so recording an alias
  never changes what counts as already imported.
* **Provenance.** Every contact keeps its file name, row and import;
  :meth:`Workspace.log` lists the imports, aliases and erasures.
* **Aliases** (``reterete alias``) and the registry (``--actors``) are stored
  and applied whenever the network is read, to old and new contacts alike:
  :meth:`Workspace.network` equals ``read_contacts(files, actors=registry,
  aliases=aliases)`` on the imported files (without their repeated rows).
* **Erasure.** :meth:`Workspace.forget` removes a person, every contact they
  took part in, their registry entry and aliases, and their name where they
  recorded contacts; deleted pages are overwritten (``secure_delete``). A
  salted hash of the forgotten ids is kept, so that re-importing an old file
  that still names them leaves their contacts out, with a warning. (The hash
  cannot give the name back, but someone holding the workspace file who
  guesses a name can check whether it was erased.)
* **Concurrency.** WAL mode: readers see the workspace before or after an
  import, never half of one; a second import that cannot get the write lock
  within ``timeout`` seconds fails with a :class:`~reterete.errors.WorkspaceError`.

The schema is versioned with ``PRAGMA user_version`` (see
:mod:`reterete.store_schema`).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import itertools
import json
import math
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import IngestError, Problem, WorkspaceError
from .identity import distinct, normalize_name, take
from .store_schema import LATEST, MIGRATIONS, TABLES

__all__ = ["Workspace", "ImportReport", "FileReport", "ForgetReport", "KEY_ENV", "KEY_FILE_ENV"]

#: Environment variable holding the pseudonym key (overrides the workspace's).
KEY_ENV = "RETERETE_KEY"
#: Environment variable naming a file that holds the pseudonym key.
KEY_FILE_ENV = "RETERETE_KEY_FILE"
#: Test hook only: a folder; an import writes ``paused`` there before it
#: commits and waits until ``resume`` appears.
_PAUSE_ENV = "RETERETE_TEST_IMPORT_PAUSE"

_INTERACTION_FIELDS = ("date", "source", "target", "site", "kind", "duration_min", "weight",
                       "recorded_by", "event", "note", "file", "row")


@dataclass(frozen=True)
class FileReport:
    """What one file of an import brought: contacts ``new`` to the workspace,
    ``present`` already, and ``left_out`` (contacts of forgotten persons)."""

    file: str
    layout: str | None
    rows: int
    new: int
    present: int
    left_out: int


@dataclass(frozen=True)
class ImportReport:
    """The result of :meth:`Workspace.import_files`."""

    files: tuple[FileReport, ...]
    actors_added: int = 0
    actors_updated: int = 0
    warnings: tuple[Problem, ...] = ()

    @property
    def new(self) -> int:
        return sum(f.new for f in self.files)

    @property
    def present(self) -> int:
        return sum(f.present for f in self.files)

    @property
    def left_out(self) -> int:
        return sum(f.left_out for f in self.files)

    def table(self) -> pd.DataFrame:
        """One row per file."""
        cols = ["file", "layout", "rows", "new", "present", "left_out"]
        return pd.DataFrame([[getattr(f, c) for c in cols] for f in self.files], columns=cols)


@dataclass(frozen=True)
class ForgetReport:
    """What :meth:`Workspace.forget` removed (counts only: the name is gone)."""

    interactions: int
    recorded_by_cleared: int
    registry: int
    aliases: int
    ids: tuple[str, ...] = field(default=(), repr=False)


class Workspace:
    """A reterete workspace: one SQLite file.

    Parameters
    ----------
    path : path
        The ``.db`` file. Importing or recording an alias creates it; reading
        a workspace that does not exist is an error.
    timeout : float
        Seconds to wait for another import to finish before giving up.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> log = folder / "september.csv"
    >>> _ = log.write_text("date,source,target,site\\n2024-09-02,Ada,Bea,Piazza Roma\\n"
    ...                    "2024-09-03,Bea,Cy,Piazza Roma\\n")
    >>> ws = Workspace(folder / "project.db")
    >>> ws.import_files([log]).new
    2
    >>> ws.import_files([log]).present    # again: nothing new
    2
    >>> sorted(ws.network().graph().edges())
    [('ada', 'bea'), ('bea', 'cy')]
    """

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 5.0):
        self.path = Path(path)
        self.timeout = float(timeout)

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    # ------------------------------------------------------------ connection
    @contextlib.contextmanager
    def _connect(self, *, write: bool, create: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection inside one transaction: ``BEGIN IMMEDIATE`` to write,
        a plain (snapshot) transaction to read. Commits on success."""
        if not self.path.exists():
            if not create:
                raise WorkspaceError(
                    f"there is no workspace at {self.path}: create one with "
                    f"`reterete import FILE --db {self.path}`")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.is_dir():
            raise WorkspaceError(f"{self.path} is a folder, not a workspace file")
        try:
            con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise WorkspaceError(f"cannot open the workspace {self.path}: {exc}") from None
        try:
            try:
                mode = con.execute("PRAGMA journal_mode").fetchone()[0]
                if mode != "wal":
                    con.execute("PRAGMA journal_mode=WAL")
                con.execute("PRAGMA foreign_keys=ON")
                con.execute("PRAGMA secure_delete=ON")
                self._upgrade(con)
                con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            except sqlite3.OperationalError as exc:
                raise self._lock_error(exc) from None
            except sqlite3.DatabaseError:
                raise WorkspaceError(f"{self.path} is not a reterete workspace (not an SQLite "
                                     "database)") from None
            try:
                yield con
            except BaseException:
                con.rollback()
                raise
            try:
                con.commit()
            except sqlite3.OperationalError as exc:
                raise self._lock_error(exc) from None
        finally:
            con.close()

    def _lock_error(self, exc: sqlite3.OperationalError) -> WorkspaceError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return WorkspaceError(
                f"the workspace {self.path} is busy: another import or erasure is writing to "
                f"it. Nothing was changed; try again when it has finished")
        return WorkspaceError(f"the workspace {self.path} could not be used: {text}")

    def _upgrade(self, con: sqlite3.Connection) -> None:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version == LATEST:
            return
        if version > LATEST:
            raise WorkspaceError(
                f"{self.path} was made by a newer reterete (schema {version}, this one knows "
                f"{LATEST}): upgrade reterete to use it")
        con.execute("BEGIN IMMEDIATE")
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]  # re-read under lock
            if version == 0:
                other = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                if other:
                    raise WorkspaceError(f"{self.path} is an SQLite file but not a reterete "
                                         "workspace: give a new file name")
            for step in range(version, LATEST):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        con.execute(statement)
            if version == 0:
                con.executemany("INSERT INTO meta(name, value) VALUES (?, ?)", [
                    ("salt", secrets.token_hex(32)), ("created_at", _now()),
                    ("created_by", _version())])
            con.execute(f"PRAGMA user_version = {LATEST}")
            con.commit()
        except BaseException:
            con.rollback()
            raise

    # ------------------------------------------------------------- queries
    @property
    def schema_version(self) -> int:
        """``PRAGMA user_version`` of the file (the number of migrations applied)."""
        with self._connect(write=False) as con:
            return int(con.execute("PRAGMA user_version").fetchone()[0])

    def aliases(self) -> dict[str, str]:
        """Recorded merges: alias actor id -> canonical actor id."""
        with self._connect(write=False) as con:
            return dict(con.execute("SELECT alias, canonical FROM aliases ORDER BY alias"))

    def registry(self) -> pd.DataFrame | None:
        """The stored actor registry, as :func:`reterete.ingest.read_actors`
        returns it (indexed by actor id), or None when none was imported."""
        with self._connect(write=False) as con:
            return _registry_frame(con)

    def interactions(self) -> pd.DataFrame:
        """Every stored contact with its provenance: ``content_key``,
        ``occurrence``, the contact's fields (actor ids before aliases in
        ``source_id`` / ``target_id``), ``file``, ``row`` and ``imported_at``."""
        with self._connect(write=False) as con:
            return _interactions_frame(con)

    def log(self) -> pd.DataFrame:
        """What was done to the workspace, oldest first: ``id``, ``at``,
        ``action`` (import, alias, forget) and ``detail`` (plain words)."""
        with self._connect(write=False) as con:
            rows = con.execute("SELECT id, at, action, detail FROM log ORDER BY id").fetchall()
            files = con.execute("SELECT log_id, file, new, present, left_out FROM import_files "
                                "ORDER BY log_id, seq").fetchall()
        per_log: dict[int, list[tuple]] = {}
        for log_id, *rest in files:
            per_log.setdefault(log_id, []).append(tuple(rest))
        out = []
        for log_id, at, action, detail in rows:
            info = json.loads(detail)
            out.append({"id": log_id, "at": at, "action": action,
                        "detail": _describe(action, info, per_log.get(log_id, [])),
                        "files": [f[0] for f in per_log.get(log_id, [])],
                        "new": sum(f[1] for f in per_log.get(log_id, [])) if action == "import"
                        else None})
        frame = pd.DataFrame(out, columns=["id", "at", "action", "detail", "files", "new"])
        frame["new"] = pd.Series([e["new"] for e in out], index=frame.index, dtype=object)
        return frame

    def dump(self) -> dict[str, list[tuple]]:
        """Every table's rows, sorted, plus ``user_version``: a snapshot to
        compare (tests, backups checks)."""
        with self._connect(write=False) as con:
            out: dict[str, list[tuple]] = {
                "user_version": [(con.execute("PRAGMA user_version").fetchone()[0],)]}
            for table in TABLES:
                out[table] = sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        return out

    def network(self):
        """The workspace's contacts as a :class:`~reterete.network.Network`,
        with the registry and every alias applied.

        Raises
        ------
        WorkspaceError
            If the workspace does not exist or holds no contact yet.
        """
        from .ingest import _assemble
        from .ingest.actors import alias_map

        with self._connect(write=False) as con:
            registry = _registry_frame(con)
            aliases = dict(con.execute("SELECT alias, canonical FROM aliases"))
            stored = con.execute(
                "SELECT date, source_name, target_name, site, kind, duration_min, weight, "
                "recorded_by, event, note, file, row, extra FROM interactions "
                "ORDER BY import_file, row, id").fetchall()
        if not stored:
            raise WorkspaceError(
                f"the workspace {self.path} holds no contact yet: add logs with "
                f"`reterete import FILE --db {self.path}`")
        cols = list(_INTERACTION_FIELDS)
        inter = pd.DataFrame([r[:-1] for r in stored], columns=cols)
        extras = [json.loads(r[-1]) if r[-1] else {} for r in stored]
        for name in dict.fromkeys(k for e in extras for k in e):
            inter[name] = [e.get(name) for e in extras]
        inter["date"] = pd.to_datetime(inter["date"]).astype("datetime64[ns]")
        inter["duration_min"] = pd.to_numeric(inter["duration_min"]).astype(float)
        inter["weight"] = pd.to_numeric(inter["weight"]).astype(float)
        inter["row"] = inter["row"].astype("Int64").astype(object)
        # as the reader does: an optional column nobody filled is not there at all
        empty = [c for c in ("site", "kind", "duration_min", "recorded_by", "event", "note")
                 if inter[c].isna().all()]
        inter = inter.drop(columns=empty)
        merges = alias_map(registry) if registry is not None else {}
        merges.update(aliases)
        return _assemble(inter, registry, merges, [])

    # ------------------------------------------------------------- privacy
    def key(self, key_file: str | os.PathLike[str] | None = None) -> bytes:
        """The secret that keys pseudonyms (``--anonymize``).

        The user's own key wins, looked for as :func:`reterete.privacy.load_key`
        does: the environment variable ``RETERETE_KEY``, then ``key_file``,
        then the file named by ``RETERETE_KEY_FILE``. Without any of them, the
        workspace's own random key, created on first use and kept in its
        ``meta`` table, so that pseudonyms stay the same from one page to the
        next. Whoever holds the workspace file can re-identify pseudonyms made
        with it: share outputs, not the workspace.
        """
        if key_file is not None or os.environ.get(KEY_ENV) or os.environ.get(KEY_FILE_ENV):
            from .privacy import load_key

            return load_key(key_file)
        with self._connect(write=False) as con:
            row = con.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
        if row is None:
            with self._connect(write=True) as con:
                con.execute("INSERT OR IGNORE INTO meta(name, value) VALUES ('key', ?)",
                            (secrets.token_hex(32),))
                row = con.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
        return bytes.fromhex(row[0])

    # -------------------------------------------------------------- writes
    def import_files(self, paths: Sequence[str | os.PathLike[str]] = (), *,
                     actors: str | os.PathLike[str] | pd.DataFrame | None = None,
                     layout: str | None = None) -> ImportReport:
        """Add contact logs (and optionally an actor registry) to the workspace.

        Every file is read and checked first; if any row of any file is
        invalid, nothing is added and an :class:`~reterete.errors.IngestError`
        lists every problem. Otherwise all contacts not already present (by
        content key and occurrence) are added in one transaction. A registry
        adds its actors and replaces the stored entries of actors it lists again.

        Raises
        ------
        IngestError
            With every problem of every file; the workspace is unchanged.
        WorkspaceError
            If another import holds the workspace longer than ``timeout``.
        """
        from .ingest import check_contacts
        from .ingest.actors import alias_map, parse_registry
        from .ingest.files import read_raw

        errors: list[Problem] = []
        warnings: list[Problem] = []
        registry = None
        if actors is not None:
            name = "<actors>" if isinstance(actors, pd.DataFrame) else None
            registry, reg_errors, reg_warnings = parse_registry(read_raw(actors, name=name))
            errors += reg_errors
            warnings += reg_warnings
        checked = []
        for path in paths:
            result = check_contacts([path], layout=layout)
            errors += result.errors
            warnings += result.warnings
            checked.append((Path(os.fspath(path)), result))
        if errors:
            raise IngestError(errors, warnings)
        if registry is None and not checked:
            raise WorkspaceError("nothing to import: name contact log files and/or --actors")
        with self._connect(write=True, create=True) as con:
            # random content keys land all over the key index: keep its pages in memory
            con.execute(f"PRAGMA cache_size = -{_IMPORT_CACHE_KIB}")
            salt = _meta(con, "salt")
            forgotten = {r[0] for r in con.execute("SELECT hash FROM forgotten")}
            stored_reg = _registry_frame(con)
            added = updated = 0
            if registry is not None:
                registry, dropped = _drop_forgotten_actors(registry, forgotten, salt)
                warnings += dropped
                merged = registry if stored_reg is None else pd.concat(
                    [stored_reg.drop(index=registry.index, errors="ignore"), registry])
                try:
                    alias_map(merged)
                except IngestError as exc:
                    raise IngestError(exc.problems, warnings) from None
                added, updated = _store_registry(con, registry)
                stored_reg = merged
            merges = alias_map(stored_reg) if stored_reg is not None else {}
            merges.update(dict(con.execute("SELECT alias, canonical FROM aliases")))
            log_id = con.execute(
                "INSERT INTO log(at, action, detail) VALUES (?, 'import', ?)",
                (_now(), json.dumps({"actors": None if registry is None else {
                    "file": _label(actors), "added": added, "updated": updated}}))).lastrowid
            reports = []
            for seq, (path, result) in enumerate(checked):
                rep, notes = _store_file(con, log_id, seq, path, result, salt, forgotten, merges)
                reports.append(rep)
                warnings += notes
            _test_pause()
        return ImportReport(tuple(reports), added, updated, tuple(warnings))

    def add_alias(self, name: str, canonical: str) -> tuple[str, str]:
        """Record that ``name`` is the same actor as ``canonical``.

        Both are matched like actor names. Chains are flattened: if
        ``canonical`` is itself an alias, ``name`` joins its canonical actor,
        and aliases that pointed at ``name`` now point at the canonical actor.
        Returns the ``(alias id, canonical id)`` recorded.

        Raises
        ------
        WorkspaceError
            If the two name the same actor, or either is empty.
        """
        alias, target = normalize_name(name), normalize_name(canonical)
        if not alias or not target:
            raise WorkspaceError("an alias needs two names: reterete alias NAME CANONICAL")
        with self._connect(write=True, create=True) as con:
            current = dict(con.execute("SELECT alias, canonical FROM aliases"))
            target = current.get(target, target)
            if alias == target:
                raise WorkspaceError(f"{name!r} and {canonical!r} are already the same actor")
            reg = _registry_frame(con)
            if reg is not None and alias in reg.index:
                raise WorkspaceError(
                    f"{name!r} is an actor of the registry: record the alias the other way "
                    f"round (reterete alias {canonical!r} {name!r}) or edit the registry")
            now = _now()
            con.execute("UPDATE aliases SET canonical = ? WHERE canonical = ?", (target, alias))
            con.execute("INSERT INTO aliases(alias, canonical, created_at) VALUES (?, ?, ?) "
                        "ON CONFLICT(alias) DO UPDATE SET canonical = excluded.canonical, "
                        "created_at = excluded.created_at", (alias, target, now))
            con.execute("INSERT INTO log(at, action, detail) VALUES (?, 'alias', ?)",
                        (now, json.dumps({"alias": alias, "canonical": target})))
        return alias, target

    def forget(self, name: str) -> ForgetReport:
        """Erase a person: every contact they took part in, their registry
        entry, the aliases naming them, their name where they recorded
        contacts, and log entries naming them. Their ids are kept only as
        salted hashes, so that later imports leave their contacts out.

        Notes written about other contacts may still mention them, and the
        original files still hold their name: both are outside the workspace.

        Raises
        ------
        WorkspaceError
            If nobody of that name is in the workspace.
        """
        from .ingest.actors import alias_map

        actor = normalize_name(name)
        with self._connect(write=True) as con:
            salt = _meta(con, "salt")
            reg = _registry_frame(con)
            merges = alias_map(reg) if reg is not None else {}
            merges.update(dict(con.execute("SELECT alias, canonical FROM aliases")))
            canonical = merges.get(actor, actor)
            ids = {actor, canonical} | {a for a, c in merges.items() if c == canonical}
            marks = ",".join("?" * len(ids))
            args = tuple(sorted(ids))
            n_inter = con.execute(f"DELETE FROM interactions WHERE source_id IN ({marks}) "
                                  f"OR target_id IN ({marks})", args + args).rowcount
            n_rec = con.execute(f"UPDATE interactions SET recorded_by = NULL "
                                f"WHERE recorded_by IN ({marks})", args).rowcount
            n_reg = con.execute(f"DELETE FROM actors WHERE id IN ({marks})", args).rowcount
            n_alias = con.execute(f"DELETE FROM aliases WHERE alias IN ({marks}) OR canonical "
                                  f"IN ({marks})", args + args).rowcount
            if not (n_inter or n_rec or n_reg or n_alias):
                raise WorkspaceError(f"nobody called {name!r} is in the workspace {self.path}")
            for log_id, detail in con.execute(
                    "SELECT id, detail FROM log WHERE action = 'alias'").fetchall():
                info = json.loads(detail)
                if info.get("alias") in ids or info.get("canonical") in ids:
                    con.execute("UPDATE log SET detail = ? WHERE id = ?",
                                (json.dumps({"redacted": True}), log_id))
            now = _now()
            con.executemany("INSERT OR IGNORE INTO forgotten(hash, at) VALUES (?, ?)",
                            [(_hash(salt, i), now) for i in args])
            con.execute("INSERT INTO log(at, action, detail) VALUES (?, 'forget', ?)",
                        (now, json.dumps({"interactions": n_inter, "recorded_by": n_rec,
                                          "registry": n_reg, "aliases": n_alias})))
        self._checkpoint()
        return ForgetReport(n_inter, n_rec, n_reg, n_alias, args)

    def _checkpoint(self) -> None:
        """Move the WAL into the main file and truncate it (erased rows must
        not linger in the journal)."""
        con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError:  # a reader holds it: the next checkpoint will do
            pass
        finally:
            con.close()


# ---------------------------------------------------------------------------
#: Page cache (KiB) of an import's connection; SQLite's default, 2 MiB, makes
#: a million-row import re-read index pages from disk again and again.
_IMPORT_CACHE_KIB = 256 * 1024
#: Rows whose content texts are built and hashed at a time (bounds the memory
#: the texts take on a million-row log).
_CHUNK = 100_000
_KEY_COLUMNS = ("date", "source", "target", "site", "kind", "duration_min", "weight",
                "recorded_by", "event", "note")


def content_keys(inter: pd.DataFrame, salt: str) -> list[str]:
    """The salted content key of each interaction (see the module docstring).

    ``inter`` has :func:`reterete.ingest.check_contacts`'s interaction columns
    with actor ids before aliases in ``source``, ``target`` and ``recorded_by``.

    The key is the keyed BLAKE2b (256 bits, keyed by ``salt``) of the row's
    *content text*: the compact JSON array ``[date, source, target, site, kind,
    duration_min, weight, recorded_by, event, note, extras]``, where the date
    is ISO 8601, names and texts are normalised like actor names (``null``
    when missing or blank), numbers are floats (``-0.0`` counts as ``0.0``)
    and ``extras`` is the list of ``[column, normalised value]`` pairs of the
    other columns that hold something, sorted by column. JSON makes the text
    unambiguous: two different contents never give the same text.

    Each column is encoded once per distinct value and gathered back by
    code, so the only work per row is joining the pieces and the HMAC.
    """
    n = len(inter)
    encoders = {"date": lambda u: _json(pd.Timestamp(u).isoformat()),
                "source": _json, "target": _json,
                "duration_min": lambda u: _json(float(u) + 0.0),
                "weight": lambda u: _json(float(u) + 0.0)}
    pieces = [_per_value(inter[c], encoders.get(c, _json_norm), "null") for c in _KEY_COLUMNS]
    extra = sorted((str(c), c) for c in inter.columns if c not in _INTERACTION_FIELDS)
    if extra:
        pairs = [_per_value(inter[c], _pair_encoder(name), "") for name, c in extra]
        joined = pairs[0].copy() if len(pairs) == 1 else np.sum(pairs, axis=0)
        pieces.append(np.array(["[" + s[1:] + "]" for s in joined.tolist()], dtype=object))
    else:
        pieces.append(np.full(n, "[]", dtype=object))
    secret = salt.encode("ascii")
    blake = hashlib.blake2b
    keys: list[str] = []
    for start in range(0, n, _CHUNK):
        cols = [p[start:start + _CHUNK].tolist() for p in pieces]
        keys += [blake(("[" + ",".join(row) + "]").encode("utf-8"), key=secret,
                       digest_size=32).hexdigest() for row in zip(*cols, strict=True)]
    return keys


def _per_value(values: pd.Series, fn: Any, fill: object) -> np.ndarray:
    """``fn`` of each row's value as an object array, ``fill`` where it is
    missing; ``fn`` runs once per distinct value."""
    try:
        codes, uniques = distinct(values)
    except TypeError:  # unhashable cells (lists): one call per row
        out = np.empty(len(values), dtype=object)
        out[:] = [fill if _missing(v) else fn(v) for v in values.tolist()]
        return out
    done = np.empty(len(uniques), dtype=object)
    done[:] = [fn(u) for u in uniques.tolist()]
    return take(done, codes, fill)


def _json(v: object) -> str:
    return json.dumps(v, ensure_ascii=False)


def _json_norm(v: object) -> str:
    return _json(_norm(v))


def _pair_encoder(name: str) -> Any:
    head = ",[" + _json(name) + ","

    def encode(v: object) -> str:
        text = _norm(v)
        return "" if text is None else head + _json(text) + "]"
    return encode


def _occurrences(keys: list[str]) -> np.ndarray:
    """1 for the first row of each key, 2 for the second, ..."""
    codes, _ = pd.factorize(np.asarray(keys, dtype=object))
    return (pd.Series(codes).groupby(codes, sort=False).cumcount() + 1).to_numpy()


def _store_file(con: sqlite3.Connection, log_id: int, seq: int, path: Path, result: Any,
                salt: str, forgotten: set[str], merges: dict[str, str]
                ) -> tuple[FileReport, list[Problem]]:
    net = result.network
    info = result.files[0] if result.files else {}
    label = str(info.get("file", path.name))
    inter = net.interactions.reset_index(drop=True)
    file_id = con.execute(
        "INSERT INTO import_files(log_id, seq, file, path, sha256, layout, rows, new, present, "
        "left_out) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0)",
        (log_id, seq, label, str(path.resolve()), _sha256(path), info.get("layout"),
         int(info.get("rows", 0)))).lastrowid
    records, kept, warnings = _records(inter, net.actors["name"], file_id, label, salt,
                                       forgotten, merges)
    before = con.total_changes
    con.executemany(
        "INSERT OR IGNORE INTO interactions(content_key, occurrence, import_file, file, row, "
        "date, source_id, source_name, target_id, target_name, site, kind, duration_min, weight, "
        "recorded_by, event, note, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?)", records)
    new = con.total_changes - before
    left_out = len(inter) - kept
    con.execute("UPDATE import_files SET new = ?, present = ?, left_out = ? WHERE id = ?",
                (new, kept - new, left_out, file_id))
    report = FileReport(label, info.get("layout"), int(info.get("rows", 0)), new,
                        kept - new, left_out)
    return report, warnings


def _records(inter: pd.DataFrame, names: pd.Series, file_id: int, label: str, salt: str,
             forgotten: set[str], merges: dict[str, str]
             ) -> tuple[Iterator[tuple], int, list[Problem]]:
    """The rows to insert into ``interactions`` (an iterator, built from whole
    columns), how many there are, and a warning per row left out because it
    names a forgotten person."""
    n = len(inter)
    keys = content_keys(inter, salt)
    occurrence = _occurrences(keys).tolist()
    source, target = inter["source"], inter["target"]
    recorded = inter["recorded_by"].to_numpy(dtype=object, na_value=None).copy()
    keep = None
    warnings: list[Problem] = []
    if forgotten:
        actors = pd.unique(pd.concat([source, target, inter["recorded_by"]], ignore_index=True)
                           .dropna().astype(object))
        gone = [a for a in actors.tolist()
                if _hash(salt, a) in forgotten or _hash(salt, merges.get(a, a)) in forgotten]
        if gone:
            out = (source.isin(gone) | target.isin(gone)).to_numpy()
            recorded[inter["recorded_by"].isin(gone).to_numpy()] = None
            keep = ~out
            rows = inter["row"].to_numpy(dtype=object, na_value=None)[out]
            warnings = [Problem(label, _int(r), None, None,
                                "holds a contact of a person erased from this workspace "
                                "(reterete forget): left out") for r in rows.tolist()]
    name_of = dict(zip(names.index.tolist(), names.tolist(), strict=True))
    extra = [c for c in inter.columns if c not in _INTERACTION_FIELDS]
    columns = [
        keys, occurrence, itertools.repeat(file_id, n), itertools.repeat(label, n),
        _ints(inter["row"]),
        _per_value(inter["date"], lambda u: pd.Timestamp(u).isoformat(), None).tolist(),
        source.tolist(), _per_value(source, lambda a: str(name_of.get(a, a)), None).tolist(),
        target.tolist(), _per_value(target, lambda a: str(name_of.get(a, a)), None).tolist(),
        _per_value(inter["site"], str, None).tolist(),
        _per_value(inter["kind"], str, None).tolist(),
        _floats(inter["duration_min"]), _floats(inter["weight"]), recorded.tolist(),
        _per_value(inter["event"], str, None).tolist(),
        _per_value(inter["note"], str, None).tolist(),
        _extra_json(inter, extra)]
    records: Iterator[tuple] = zip(*columns, strict=True)
    if keep is None:
        return records, n, warnings
    return itertools.compress(records, keep.tolist()), int(keep.sum()), warnings


def _extra_json(inter: pd.DataFrame, extra: list) -> list[str | None]:
    """The ``extra`` column: each row's other columns as a JSON object of
    the cells that hold something, None when none does."""
    if not extra:
        return [None] * len(inter)
    pieces = [_per_value(inter[c], _item_encoder(c), "") for c in extra]
    joined = pieces[0] if len(pieces) == 1 else np.sum(pieces, axis=0)
    return [("{" + s[2:] + "}") if s else None for s in joined.tolist()]


def _item_encoder(column: object) -> Any:
    def encode(v: object) -> str:
        value = _jsonable(v)
        return "" if value is None else f", {_json(column)}: {_json(value)}"
    return encode


def _ints(values: pd.Series) -> list[int | None]:
    if values.dtype.kind in "iu":
        return values.tolist()
    return [_int(v) for v in values.tolist()]


def _floats(values: pd.Series) -> list[float | None]:
    numbers = values.to_numpy(dtype=float, na_value=np.nan)
    out = numbers.astype(object)
    out[np.isnan(numbers)] = None
    return out.tolist()


def _store_registry(con: sqlite3.Connection, registry: pd.DataFrame) -> tuple[int, int]:
    existing = {r[0] for r in con.execute("SELECT id FROM actors")}
    now = _now()
    rows = []
    for actor, rec in zip(registry.index, registry.to_dict(orient="records"), strict=True):
        data = {k: _jsonable(v) for k, v in rec.items()}
        rows.append((actor, str(rec["name"]), json.dumps(data, ensure_ascii=False), now))
    con.executemany("INSERT INTO actors(id, name, data, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET name = excluded.name, data = excluded.data, "
                    "updated_at = excluded.updated_at", rows)
    updated = sum(1 for r in rows if r[0] in existing)
    return len(rows) - updated, updated


def _registry_frame(con: sqlite3.Connection) -> pd.DataFrame | None:
    rows = con.execute("SELECT id, data FROM actors ORDER BY rowid").fetchall()
    if not rows:
        return None
    records = [json.loads(d) for _, d in rows]
    table = pd.DataFrame.from_records(records, index=pd.Index([r[0] for r in rows],
                                                               name="actor", dtype=object))
    for col in ("sites", "aliases"):
        if col in table:
            table[col] = [tuple(v) if isinstance(v, list) else () for v in table[col]]
    if "cost_hours" in table:
        table["cost_hours"] = pd.to_numeric(table["cost_hours"]).astype(float)
    for col in ("is_person", "team"):
        if col in table:
            table[col] = table[col].astype(object).where(table[col].notna(), None)
    return table


def _interactions_frame(con: sqlite3.Connection) -> pd.DataFrame:
    cur = con.execute(
        "SELECT i.content_key, i.occurrence, i.date, i.source_id, i.source_name, i.target_id, "
        "i.target_name, i.site, i.kind, i.duration_min, i.weight, i.recorded_by, i.event, "
        "i.note, i.extra, i.file, i.row, l.at AS imported_at, l.id AS import_id "
        "FROM interactions i JOIN import_files f ON f.id = i.import_file "
        "JOIN log l ON l.id = f.log_id ORDER BY i.import_file, i.row, i.id")
    cols = [c[0] for c in cur.description]
    frame = pd.DataFrame(cur.fetchall(), columns=cols)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    return frame


def _drop_forgotten_actors(registry: pd.DataFrame, forgotten: set[str], salt: str
                           ) -> tuple[pd.DataFrame, list[Problem]]:
    if not forgotten or registry.empty:
        return registry, []
    gone = [a for a in registry.index if _hash(salt, a) in forgotten or any(
        _hash(salt, normalize_name(x)) in forgotten for x in registry.at[a, "aliases"] or ())]
    if not gone:
        return registry, []
    file = str(registry["file"].iloc[0]) if "file" in registry else "<actors>"
    note = Problem(file, None, None, None,
                   f"{len(gone)} actor(s) of the registry were erased from this workspace "
                   "(reterete forget): left out")
    return registry.drop(index=gone), [note]


def _describe(action: str, info: dict, files: list[tuple]) -> str:
    if action == "import":
        parts = [f"{f}: {n} new, {p} already present" + (f", {o} left out" if o else "")
                 for f, n, p, o in files]
        reg = info.get("actors")
        if reg:
            parts.append(f"registry {reg['file']}: {reg['added']} actors added, "
                         f"{reg['updated']} updated")
        return "; ".join(parts) or "nothing"
    if action == "alias":
        if info.get("redacted"):
            return "an alias (removed by a later erasure)"
        return f"{info['alias']!r} is the same actor as {info['canonical']!r}"
    if action == "forget":
        return (f"a person erased: {info['interactions']} contacts removed, their name cleared "
                f"from {info['recorded_by']} contacts they recorded, {info['registry']} registry "
                f"entries and {info['aliases']} aliases removed")
    return json.dumps(info)


def _test_pause() -> None:
    folder = os.environ.get(_PAUSE_ENV)
    if not folder:
        return
    Path(folder, "paused").touch()
    resume = Path(folder, "resume")
    for _ in range(6000):  # at most about a minute
        if resume.exists():
            return
        time.sleep(0.01)


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


def _missing(v: object) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


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
    from . import __version__

    return f"reterete {__version__}"
