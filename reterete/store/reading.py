"""Reading a workspace back: its registry, its contacts with their
provenance, and the :class:`~reterete.network.Network` they make."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import WorkspaceError
from ..store_schema import TABLES
from ._base import _INTERACTION_FIELDS

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = ["network", "dump"]


def dump(ws: Workspace) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, plus ``user_version`` (see :meth:`Workspace.dump`)."""
    with ws._connect(write=False) as con:
        out: dict[str, list[tuple]] = {
            "user_version": [(con.execute("PRAGMA user_version").fetchone()[0],)]}
        for table in TABLES:
            out[table] = sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
    return out


def network(ws: Workspace):
    """The workspace's contacts as a Network (see :meth:`Workspace.network`)."""
    from ..ingest import _assemble
    from ..ingest.actors import alias_map

    with ws._connect(write=False) as con:
        registry = _registry_frame(con)
        aliases = dict(con.execute("SELECT alias, canonical FROM aliases"))
        zone = con.execute("SELECT value FROM meta WHERE name = 'timezone'").fetchone()
        stored = con.execute(
            "SELECT date, source_name, target_name, site, kind, duration_min, weight, "
            "recorded_by, event, note, file, row, extra FROM interactions "
            "ORDER BY import_file, row, id").fetchall()
    if not stored:
        from ..i18n import _

        raise WorkspaceError(
            _("the workspace {path} holds no contact yet: add logs with "
              "`reterete import FILE --db {path}`").format(path=ws.path))
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
    net = _assemble(inter, registry, merges, [])
    return net if zone is None else replace(net, timezone=zone[0])


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

