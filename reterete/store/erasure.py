"""Erasure (right to erasure): a person removed from every place the
workspace holds them, with only a salted hash kept so that later imports
leave their contacts out."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from ..identity import normalize_name
from ._base import _hash, _meta, _now
from .reading import _registry_frame

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = ["ForgetReport", "forget"]


@dataclass(frozen=True)
class ForgetReport:
    """What :meth:`Workspace.forget` removed (counts only: the name is gone)."""

    interactions: int
    recorded_by_cleared: int
    registry: int
    aliases: int
    ids: tuple[str, ...] = field(default=(), repr=False)


def forget(ws: Workspace, name: str) -> ForgetReport:
    """Erase a person (see :meth:`Workspace.forget`)."""
    from ..ingest.actors import alias_map

    actor = normalize_name(name)
    with ws._connect(write=True) as con:
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
            raise WorkspaceError(f"nobody called {name!r} is in the workspace {ws.path}")
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
    checkpoint(ws)
    return ForgetReport(n_inter, n_rec, n_reg, n_alias, args)


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

