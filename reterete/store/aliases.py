"""Aliases: merges recorded with ``reterete alias`` and applied whenever the
network is read, to old and new contacts alike."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from ..identity import normalize_name
from ._base import _now
from .reading import _registry_frame

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = ["add_alias"]


def add_alias(ws: Workspace, name: str, canonical: str) -> tuple[str, str]:
    """Record that ``name`` is the same actor as ``canonical`` (see
    :meth:`Workspace.add_alias`)."""
    alias, target = normalize_name(name), normalize_name(canonical)
    if not alias or not target:
        raise WorkspaceError("an alias needs two names: reterete alias NAME CANONICAL")
    with ws._connect(write=True, create=True) as con:
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
