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
    from .connection import check_integrity

    with ws._connect(write=False) as con:
        # the log is where a person looks when something seems wrong: it says
        # when the file itself is damaged, rather than list a history of it
        check_integrity(con, ws.path)
        rows = con.execute("SELECT id, at, action, detail, user FROM log ORDER BY id").fetchall()
        files = con.execute("SELECT log_id, file, new, present, left_out FROM import_files "
                            "ORDER BY log_id, seq").fetchall()
    per_log: dict[int, list[tuple]] = {}
    for log_id, *rest in files:
        per_log.setdefault(log_id, []).append(tuple(rest))
    out = []
    for log_id, at, action, detail, user in rows:
        info = json.loads(detail)
        out.append({"id": log_id, "at": at, "action": action, "user": user,
                    "detail": _describe(action, info, per_log.get(log_id, [])),
                    "files": [f[0] for f in per_log.get(log_id, [])],
                    "new": sum(f[1] for f in per_log.get(log_id, [])) if action == "import"
                    else None})
    frame = pd.DataFrame(out, columns=["id", "at", "action", "user", "detail", "files", "new"])
    frame["new"] = pd.Series([e["new"] for e in out], index=frame.index, dtype=object)
    return frame


def _describe(action: str, info: dict, files: list[tuple]) -> str:
    from ..i18n import _, ngettext

    if action == "import":
        def counts(n: int, p: int, o: int) -> str:
            said = [ngettext("%(num)d new contact", "%(num)d new contacts", n) % {"num": n},
                    ngettext("%(num)d already present", "%(num)d already present", p)
                    % {"num": p}]
            if o:
                said.append(ngettext("%(num)d left out", "%(num)d left out", o) % {"num": o})
            return ", ".join(said)

        parts = [_("{file}: {counts}").format(file=f, counts=counts(n, p, o))
                 for f, n, p, o in files]
        reg = info.get("actors")
        if reg:
            added, updated = reg["added"], reg["updated"]
            parts.append(_("registry {file}: {added}, {updated}").format(
                file=reg["file"],
                added=ngettext("%(num)d actor added", "%(num)d actors added", added)
                % {"num": added},
                updated=ngettext("%(num)d updated", "%(num)d updated", updated)
                % {"num": updated}))
        return "; ".join(parts) or _("nothing")
    if action == "alias":
        if info.get("redacted"):
            return _("an alias (removed by a later erasure)")
        if info.get("merged") is not None:
            return _("{alias} is the same actor as {canonical}; its registry entry was "
                     "merged into that one (kind, sector and sites of {canonical} kept; "
                     "the entry removed is recorded here)").format(
                         alias=repr(info["alias"]), canonical=repr(info["canonical"]))
        return _("{alias} is the same actor as {canonical}").format(
            alias=repr(info["alias"]), canonical=repr(info["canonical"]))
    if action == "forget":
        return _("a person erased: {interactions}; their name cleared from {recorded_by}; "
                 "{registry} and {aliases} removed").format(
                     interactions=ngettext("%(num)d contact removed", "%(num)d contacts removed",
                                           info["interactions"]) % {"num": info["interactions"]},
                     recorded_by=ngettext("%(num)d contact they recorded",
                                          "%(num)d contacts they recorded",
                                          info["recorded_by"]) % {"num": info["recorded_by"]},
                     registry=ngettext("%(num)d registry entry", "%(num)d registry entries",
                                       info["registry"]) % {"num": info["registry"]},
                     aliases=ngettext("%(num)d alias", "%(num)d aliases", info["aliases"])
                     % {"num": info["aliases"]})
    if action == "distinct":
        return _("two names marked as different actors")
    if action == "user":
        from .accounts import role_label

        words = {"added": _("account {user} added ({role})"),
                 "password": _("password of {user} changed"),
                 "role": _("role of {user} changed to {role}"),
                 "disabled": _("account {user} disabled"),
                 "enabled": _("account {user} enabled"),
                 "revoked": _("sessions of {user} ended")}
        role = info.get("role")
        return words.get(info.get("change"), "{user}").format(
            user=repr(info.get("user")), role=role_label(role) if role else "")
    if action in ("log", "edit"):
        text = (_("contact {entry} logged in the app") if action == "log"
                else _("contact {entry} corrected in the app")).format(entry=info.get("entry"))
        if info.get("new_actors"):
            from ..i18n import ngettext

            text += "; " + ngettext("{n} actor not in the registry",
                                    "{n} actors not in the registry",
                                    info["new_actors"]).format(n=info["new_actors"])
        return text
    if action == "delete":
        return _("contact {entry} deleted in the app").format(entry=info.get("entry"))
    return json.dumps(info)

