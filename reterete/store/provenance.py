"""Provenance: what was done to a workspace, in plain words."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = ["log"]


def log(ws: Workspace) -> pd.DataFrame:
    """The workspace's log, oldest first (see :meth:`Workspace.log`)."""
    with ws._connect(write=False) as con:
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
        if info.get("merged") is not None:
            from ..i18n import _

            return _("{alias} is the same actor as {canonical}; its registry entry was "
                     "merged into that one (kind, sector and sites of {canonical} kept; "
                     "the entry removed is recorded here)").format(
                         alias=repr(info["alias"]), canonical=repr(info["canonical"]))
        return f"{info['alias']!r} is the same actor as {info['canonical']!r}"
    if action == "forget":
        return (f"a person erased: {info['interactions']} contacts removed, their name cleared "
                f"from {info['recorded_by']} contacts they recorded, {info['registry']} registry "
                f"entries and {info['aliases']} aliases removed")
    if action == "distinct":
        return "two names marked as different actors"
    return json.dumps(info)

