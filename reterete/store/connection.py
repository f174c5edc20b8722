"""Opening a workspace: one connection inside one transaction, the schema
brought up to date, clear words when the file is busy, foreign or newer."""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import WorkspaceError
from ..i18n import _
from ..store_schema import LATEST, MIGRATIONS
from ._base import _now, _version

__all__ = ["connect"]


@contextlib.contextmanager
def connect(path: Path, *, timeout: float, write: bool, create: bool = False,
            exclusive: bool = False,
            finish: Callable[[sqlite3.Connection], None] | None = None
            ) -> Iterator[sqlite3.Connection]:
    """A connection inside one transaction: ``BEGIN IMMEDIATE`` to write,
    a plain (snapshot) transaction to read. Commits on success.

    A reading connection is opened read-only (``mode=ro``): it never changes
    the file's bytes, its journal mode or its schema. A file that is not a
    reterete workspace, or one made by a newer reterete, is refused before
    anything is written to it, whether to read or to write.

    ``exclusive`` (to write only) takes the file for this connection alone
    (SQLite's exclusive locking mode): it fails, without changing anything,
    while another program is reading it, and nobody can start reading until
    the connection closes. ``finish`` then runs on the same connection after
    the commit, before anyone else can open the file (an erasure's VACUUM and
    checkpoint).
    """
    if not path.exists():
        if not create:
            raise WorkspaceError(
                _("there is no workspace at {path}: create one with "
                  "`reterete import FILE --db {path}`").format(path=path))
        path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise WorkspaceError(_("{path} is a folder, not a workspace file").format(path=path))
    if write and not (os.access(path.parent, os.W_OK)
                      and (not path.exists() or os.access(path, os.W_OK))):
        raise _read_only_error(path)
    con = _open(path, timeout, read_only=not write)
    try:
        try:
            if exclusive:
                con.execute("PRAGMA locking_mode=EXCLUSIVE")
            version = _vet(con, path, empty_ok=write)
            if version < LATEST and not write:
                # an older workspace: bring it up to date once, then read it
                con.close()
                with connect(path, timeout=timeout, write=True):
                    pass
                con = _open(path, timeout, read_only=True)
            if write:
                if version >= 1:
                    _refuse_backup(con, path)
                mode = con.execute("PRAGMA journal_mode").fetchone()[0]
                if mode != "wal":
                    con.execute("PRAGMA journal_mode=WAL")
                con.execute("PRAGMA foreign_keys=ON")
                con.execute("PRAGMA secure_delete=ON")
                _upgrade(con, path)
            con.execute("BEGIN EXCLUSIVE" if exclusive else "BEGIN IMMEDIATE" if write
                        else "BEGIN")
        except sqlite3.OperationalError as exc:
            raise _lock_error(exc, path, exclusive=exclusive) from None
        except sqlite3.DatabaseError as exc:
            if _damaged(exc):
                raise damaged_error(path) from None
            raise WorkspaceError(_("{path} is not a reterete workspace (not an SQLite "
                                   "database)").format(path=path)) from None
        try:
            yield con
        except sqlite3.OperationalError as exc:
            with contextlib.suppress(sqlite3.Error):
                con.rollback()
            if _plain_condition(exc):
                raise _lock_error(exc, path) from None
            raise
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(sqlite3.Error):
                con.rollback()
            if _damaged(exc):
                raise damaged_error(path) from None
            raise
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                con.rollback()
            raise
        try:
            con.commit()
            if finish is not None:
                finish(con)
        except sqlite3.OperationalError as exc:
            raise _lock_error(exc, path, exclusive=exclusive) from None
    finally:
        con.close()


def _open(path: Path, timeout: float, *, read_only: bool) -> sqlite3.Connection:
    target: str | Path = path
    if read_only:
        target = path.resolve().as_uri() + "?mode=ro"
        if not _writable_folder(path):
            # a read-only mount or folder: SQLite cannot make the -shm it needs
            # to read a WAL file, and nobody can be writing the file meanwhile
            target += "&immutable=1"
    try:
        return sqlite3.connect(target, timeout=timeout, isolation_level=None, uri=read_only)
    except sqlite3.Error as exc:
        raise WorkspaceError(_("cannot open the workspace {path}: {error}").format(
            path=path, error=exc)) from None


def _writable_folder(path: Path) -> bool:
    """Whether files can be created beside ``path`` (its -wal and -shm)."""
    folder = path.resolve().parent
    if not os.access(folder, os.W_OK):
        return False
    try:
        return not os.statvfs(folder).f_flag & os.ST_RDONLY
    except (OSError, AttributeError):
        return True


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    """SQLite's word for a file whose pages do not hold together."""
    text = str(exc).lower()
    return any(w in text for w in ("malformed", "corrupt", "disk image", "database disk"))


def damaged_error(path: Path) -> WorkspaceError:
    """What to say about a damaged workspace file, for every command."""
    return WorkspaceError(_(
        "the workspace {path} is damaged (its file does not hold together: a disk "
        "error, a copy cut short, or a change made by another program). Nothing was "
        "changed. Restore it from a backup copy; the original log files can also be "
        "imported again into a new workspace").format(path=path))


def check_integrity(con: sqlite3.Connection, path: Path) -> None:
    """Refuse a workspace whose file is damaged (``PRAGMA quick_check``)."""
    try:
        rows = con.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if _damaged(exc):
            raise damaged_error(path) from None
        raise
    if rows != [("ok",)]:
        raise damaged_error(path)


def _vet(con: sqlite3.Connection, path: Path, *, empty_ok: bool) -> int:
    """The file's schema version, after refusing (without writing anything)
    a file made by a newer reterete or an SQLite file that is not a workspace."""
    version = int(con.execute("PRAGMA user_version").fetchone()[0])
    if version > LATEST:
        raise WorkspaceError(
            _("{path} was made by a newer reterete (schema {version}, this one knows "
              "{latest}): upgrade reterete to use it").format(path=path, version=version,
                                                               latest=LATEST))
    if version == 0:
        if con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise WorkspaceError(_("{path} is an SQLite file but not a reterete "
                                   "workspace: give a new file name").format(path=path))
        if not empty_ok:
            raise WorkspaceError(_(
                "{path} is an empty file, not a reterete workspace: create one with "
                "`reterete import FILE --db {path}`").format(path=path))
    return version


def _refuse_backup(con: sqlite3.Connection, path: Path) -> None:
    """A backup (``reterete backup``) is read only: say so, and how to restore it."""
    row = con.execute("SELECT value FROM meta WHERE name = 'backup_at'").fetchone()
    if row is not None:
        raise WorkspaceError(_(
            "{path} is a backup taken at {at} (UTC): it opens read-only, so nothing was "
            "changed. To work on it again, make a working copy: `reterete backup --db "
            "{path} -o NEW.db --restore`").format(path=path, at=str(row[0])[:19]))


def _read_only_error(path: Path) -> WorkspaceError:
    return WorkspaceError(_(
        "the workspace {path} cannot be changed: the file (or its folder) is read-only "
        "for you. Nothing was changed; ask for permission to write to it, or copy it "
        "to a folder of yours").format(path=path))


def _plain_condition(exc: sqlite3.OperationalError) -> bool:
    """A condition of the file the user can fix (busy, read-only), not a bug."""
    text = str(exc)
    return any(w in text for w in ("readonly", "read-only", "locked", "busy"))


def _lock_error(exc: sqlite3.OperationalError, path: Path, *, exclusive: bool = False
                ) -> WorkspaceError:
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return _read_only_error(path)
    if exclusive and ("locked" in text or "busy" in text):
        return WorkspaceError(_(
            "another program has the workspace {path} open (the app, an analysis still "
            "running, a backup): close it and try again. Nothing was changed: an erasure "
            "must be able to wipe every copy, which it cannot while the file is being "
            "read").format(path=path))
    if "locked" in text or "busy" in text:
        return WorkspaceError(
            _("the workspace {path} is busy: another import or erasure is writing to it. "
              "Nothing was changed; try again when it has finished").format(path=path))
    return WorkspaceError(_("the workspace {path} could not be used: {error}").format(
        path=path, error=text))


def _upgrade(con: sqlite3.Connection, path: Path) -> None:
    version = con.execute("PRAGMA user_version").fetchone()[0]
    if version == LATEST:
        return
    if version > LATEST:
        raise WorkspaceError(
            _("{path} was made by a newer reterete (schema {version}, this one knows "
              "{latest}): upgrade reterete to use it").format(path=path, version=version,
                                                               latest=LATEST))
    con.execute("BEGIN IMMEDIATE")
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]  # re-read under lock
        if version == 0:
            other = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if other:
                raise WorkspaceError(_("{path} is an SQLite file but not a reterete "
                                       "workspace: give a new file name").format(path=path))
        for step in range(version, LATEST):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    con.execute(statement)
        if version == 0:
            con.executemany("INSERT INTO meta(name, value) VALUES (?, ?)", [
                ("salt", secrets.token_hex(32)), ("key", secrets.token_hex(32)),
                ("created_at", _now()),
                ("created_by", _version())])
        con.execute(f"PRAGMA user_version = {LATEST}")
        con.commit()
    except BaseException:
        con.rollback()
        raise
