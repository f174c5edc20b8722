"""Commands on a workspace: ``import``, ``alias``, ``log`` and ``forget``.

A workspace (``--db PROJECT.db``) gathers contact logs month after month; see
:mod:`reterete.store` for what it promises.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import (
    ActorsOpt,
    FilesArg,
    JsonOpt,
    LayoutOpt,
    app,
    console,
    emit,
    err_console,
    handle_errors,
)

__all__ = ["import_", "alias", "log", "forget"]

DbRequired = Annotated[Path | None, typer.Option(
    "--db", help="The workspace (SQLite file); import creates it.", show_default=False)]


def _need(db: Path | None) -> Path:
    if db is None:
        from ..errors import ReteretError

        raise ReteretError("name the workspace with --db PROJECT.db")
    return db


@app.command("import")
@handle_errors
def import_(files: FilesArg = None, db: DbRequired = None, actors: ActorsOpt = None,
            layout: LayoutOpt = None, json_out: JsonOpt = False) -> None:
    """Add contact logs (and a registry) to a workspace: all of them or, if
    any row is wrong, none of them. Contacts already there are not added twice."""
    from ..errors import IngestError
    from ..payloads import import_payload
    from ..store import Workspace

    db = _need(db)
    try:
        report = Workspace(db).import_files(list(files or []), actors=actors, layout=layout)
    except IngestError:
        if not json_out:
            err_console.print(f"Nothing was added to {db}: fix the rows below and import "
                              "again.", markup=False)
        raise
    table = report.table().rename(columns={"present": "already present",
                                           "left_out": "left out"})
    lines = [f"{report.new} new contact(s), {report.present} already present, "
             f"{report.left_out} left out, in {db}."]
    if actors is not None:
        lines.append(f"Registry: {report.actors_added} actor(s) added, "
                     f"{report.actors_updated} updated.")
    lines += [f"Warning: {w}" for w in report.warnings]
    payload = import_payload(report, db)
    emit(payload, json_out=json_out, table=table if len(table) else None,
         title="Imported", lines=lines)


@app.command()
@handle_errors
def alias(name: Annotated[str, typer.Argument(help="The name to merge (as written in logs).")],
          canonical: Annotated[str, typer.Argument(help="The actor it is the same as.")],
          db: DbRequired = None, json_out: JsonOpt = False) -> None:
    """Record that NAME is the same actor as CANONICAL; every later analysis
    of the workspace applies it, to old and new contacts alike."""
    from ..store import Workspace

    db = _need(db)
    alias_id, canonical_id = Workspace(db).add_alias(name, canonical)
    emit({"ok": True, "alias": alias_id, "canonical": canonical_id}, json_out=json_out,
         lines=[f"{name!r} is now the same actor as {canonical_id!r} in {db}."])


@app.command()
@handle_errors
def log(db: DbRequired = None, json_out: JsonOpt = False) -> None:
    """List what was done to a workspace: imports (files, new contacts),
    aliases and erasures, oldest first."""
    from ..store import Workspace

    db = _need(db)
    entries = Workspace(db).log()
    payload = {"entries": entries.to_dict(orient="records")}
    emit(payload, json_out=json_out, table=entries[["id", "at", "action", "detail"]],
         title=f"Log of {db}")


@app.command()
@handle_errors
def forget(name: Annotated[str, typer.Argument(help="The person to erase.")],
           db: DbRequired = None, json_out: JsonOpt = False,
           yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")]
           = False) -> None:
    """Erase a person from a workspace (right to erasure): every contact they
    took part in, their registry entry and aliases. It cannot be undone."""
    from ..errors import ReteretError
    from ..store import Workspace

    db = _need(db)
    if not yes:
        if json_out:
            raise ReteretError("forget cannot be undone: add --yes to confirm")
        if not typer.confirm(f"Erase {name!r} and every contact of theirs from {db}? "
                             "This cannot be undone.", default=False):
            console.print("Nothing was erased.", markup=False)
            raise typer.Exit(1)
    report = Workspace(db).forget(name)
    caution = ("The original log files still hold the name: delete or edit them too. If they "
               "are imported again, this person's contacts are left out (the workspace keeps "
               "a salted hash of the name, not the name). Notes about other contacts may "
               "still mention them.")
    payload = {"ok": True, "interactions": report.interactions,
               "recorded_by_cleared": report.recorded_by_cleared,
               "registry": report.registry, "aliases": report.aliases, "warning": caution}
    emit(payload, json_out=json_out, lines=[
        f"Erased: {report.interactions} contact(s), their name from "
        f"{report.recorded_by_cleared} contact(s) they recorded, {report.registry} registry "
        f"entr{'y' if report.registry == 1 else 'ies'}, {report.aliases} alias(es).",
        f"Warning: {caution}"])
