"""Aliases: merges recorded with ``reterete alias`` and applied whenever the
network is read, to old and new contacts alike."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from ..i18n import _
from ..identity import normalize_name
from ._base import _hash, _log, _meta, _now
from .reading import _registry_frame

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = ["add_alias", "mark_distinct", "distinct_mask"]


def add_alias(ws: Workspace, name: str, canonical: str) -> tuple[str, str]:
    """Record that ``name`` is the same actor as ``canonical`` (see
    :meth:`Workspace.add_alias`)."""
    alias, target = normalize_name(name), normalize_name(canonical)
    if not alias or not target:
        raise WorkspaceError(_("an alias needs two names: reterete alias NAME CANONICAL"))
    with ws._connect(write=True, create=True) as con:
        current = dict(con.execute("SELECT alias, canonical FROM aliases"))
        target = current.get(target, target)
        if alias == target:
            raise WorkspaceError(_("{name} and {canonical} are already the same actor").format(
                name=repr(name), canonical=repr(canonical)))
        reg = _registry_frame(con)
        merged = None
        if reg is not None and alias in reg.index:
            if target not in reg.index:
                raise WorkspaceError(_(
                    "{name} is an actor of the registry and {canonical} is not: record the "
                    "alias the other way round, so the registry entry is kept: reterete "
                    "alias {canonical} {name}").format(name=repr(name),
                                                       canonical=repr(canonical)))
            merged = _merge_registry_entries(con, alias, target)
        now = _now()
        con.execute("UPDATE aliases SET canonical = ? WHERE canonical = ?", (target, alias))
        con.execute("INSERT INTO aliases(alias, canonical, created_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(alias) DO UPDATE SET canonical = excluded.canonical, "
                    "created_at = excluded.created_at", (alias, target, now))
        detail = {"alias": alias, "canonical": target}
        if merged is not None:
            detail["merged"] = merged
        _log(con, now, "alias", json.dumps(detail, ensure_ascii=False))
    return alias, target


def _merge_registry_entries(con, alias: str, target: str) -> dict:
    """Two registry actors are one: the alias's entry is folded into the
    target's (its name and aliases become the target's aliases; the target's
    attributes win) and removed. Returns the removed entry, kept in the log
    so the merge is on record and can be undone by hand."""
    rows = dict(con.execute("SELECT id, data FROM actors WHERE id IN (?, ?)", (alias, target)))
    gone, kept = json.loads(rows[alias]), json.loads(rows[target])
    names = [*(kept.get("aliases") or []), gone.get("name") or alias,
             *(gone.get("aliases") or [])]
    seen: set[str] = {normalize_name(kept.get("name") or target)}
    aliases = []
    for n in names:
        if normalize_name(n) not in seen:
            seen.add(normalize_name(n))
            aliases.append(n)
    kept["aliases"] = aliases
    con.execute("UPDATE actors SET data = ?, updated_at = ? WHERE id = ?",
                (json.dumps(kept, ensure_ascii=False), _now(), target))
    con.execute("DELETE FROM actors WHERE id = ?", (alias,))
    return gone


def mark_distinct(ws: Workspace, name_a: str, name_b: str) -> None:
    """Record that two names are different actors (see :meth:`Workspace.mark_distinct`)."""
    a, b = normalize_name(name_a), normalize_name(name_b)
    if not a or not b or a == b:
        raise WorkspaceError(_("say which two different actors are not the same"))
    with ws._connect(write=True, create=True) as con:
        now = _now()
        con.execute("INSERT OR IGNORE INTO distinct_pairs(hash, at) VALUES (?, ?)",
                    (_pair_hash(_meta(con, "salt"), a, b), now))
        _log(con, now, "distinct", "{}")


def distinct_mask(ws: Workspace, pairs: Sequence[tuple[str, str]]) -> list[bool]:
    """Which pairs of names were marked different (see :meth:`Workspace.distinct_mask`)."""
    if not ws.path.exists():
        return [False] * len(pairs)
    with ws._connect(write=False) as con:
        salt = _meta(con, "salt")
        marked = {r[0] for r in con.execute("SELECT hash FROM distinct_pairs")}
    return [_pair_hash(salt, normalize_name(a), normalize_name(b)) in marked for a, b in pairs]


def _pair_hash(salt: str, a: str, b: str) -> str:
    first, second = sorted((a, b))
    return _hash(salt, f"{first}\x00{second}")
