"""Opening a workspace: one connection inside one transaction, the schema
brought up to date, clear words when the file is busy, foreign or newer."""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..errors import WorkspaceError
from ..store_schema import LATEST, MIGRATIONS
from ._base import _now, _version

__all__ = ["connect"]


@contextlib.contextmanager
def connect(path: Path, *, timeout: float, write: bool, create: bool = False
            ) -> Iterator[sqlite3.Connection]:
    """A connection inside one transaction: ``BEGIN IMMEDIATE`` to write,
    a plain (snapshot) transaction to read. Commits on success."""
    if not path.exists():
        if not create:
            raise WorkspaceError(
                f"there is no workspace at {path}: create one with "
                f"`reterete import FILE --db {path}`")
        path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise WorkspaceError(f"{path} is a folder, not a workspace file")
    try:
        con = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise WorkspaceError(f"cannot open the workspace {path}: {exc}") from None
    try:
        try:
            mode = con.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA foreign_keys=ON")
            con.execute("PRAGMA secure_delete=ON")
            _upgrade(con, path)
            con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.OperationalError as exc:
            raise _lock_error(exc, path) from None
        except sqlite3.DatabaseError:
            raise WorkspaceError(f"{path} is not a reterete workspace (not an SQLite "
                                 "database)") from None
        try:
            yield con
        except BaseException:
            con.rollback()
            raise
        try:
            con.commit()
        except sqlite3.OperationalError as exc:
            raise _lock_error(exc, path) from None
    finally:
        con.close()


def _lock_error(exc: sqlite3.OperationalError, path: Path) -> WorkspaceError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return WorkspaceError(
            f"the workspace {path} is busy: another import or erasure is writing to "
            f"it. Nothing was changed; try again when it has finished")
    return WorkspaceError(f"the workspace {path} could not be used: {text}")


def _upgrade(con: sqlite3.Connection, path: Path) -> None:
    version = con.execute("PRAGMA user_version").fetchone()[0]
    if version == LATEST:
        return
    if version > LATEST:
        raise WorkspaceError(
            f"{path} was made by a newer reterete (schema {version}, this one knows "
            f"{LATEST}): upgrade reterete to use it")
    con.execute("BEGIN IMMEDIATE")
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]  # re-read under lock
        if version == 0:
            other = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if other:
                raise WorkspaceError(f"{path} is an SQLite file but not a reterete "
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
