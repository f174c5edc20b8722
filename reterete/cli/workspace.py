"""Commands on a workspace: ``import``, ``alias``, ``log`` and ``forget``.

A workspace (``--db PROJECT.db``) gathers contact logs month after month; see
:mod:`reterete.store` for what it promises.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import N_, _, format_list, ngettext
from ._common import (
    ActorsOpt,
    FilesArg,
    JsonOpt,
    LargeEventSizeOpt,
    LargeEventsOpt,
    LayoutOpt,
    app,
    console,
    emit,
    err_console,
    handle_errors,
    read_options,
)

__all__ = ["import_", "alias", "log", "forget"]

DbRequired = Annotated[Path | None, typer.Option(
    "--db", help="The workspace (SQLite file); import creates it.", show_default=False)]


def _need(db: Path | None) -> Path:
    if db is None:
        from ..errors import ReteretError

        raise ReteretError(_("name the workspace with --db PROJECT.db"))
    return db


@app.command("import")
@handle_errors
def import_(files: FilesArg = None, db: DbRequired = None, actors: ActorsOpt = None,
            large_events: LargeEventsOpt = None, large_event_size: LargeEventSizeOpt = None,
            layout: LayoutOpt = None, json_out: JsonOpt = False) -> None:
    """Add contact logs (and a registry) to a workspace: all of them or, if
    any row is wrong, none of them. Contacts already there are not added twice."""
    from ..errors import IngestError
    from ..payloads import import_payload
    from ..store import Workspace

    db = _need(db)
    try:
        report = Workspace(db).import_files(list(files or []), actors=actors, layout=layout,
                                            **read_options())
    except IngestError:
        if not json_out:
            err_console.print(_("Nothing was added to {db}: fix the rows below and import "
                                "again.").format(db=db), markup=False)
        raise
    from ..errors import problem_lines
    from ..readable import layout_words

    table = report.table().rename(columns={"present": _("already present"),
                                           "left_out": _("left out")})
    if "layout" in table.columns:
        words = layout_words()
        table["layout"] = table["layout"].map(lambda v: words.get(v, v))
    # each count through ngettext: "1 contatto nuovo, 1 già presente, 0 esclusi"
    lines = [_("{new}, {present}, {left_out}, in {db}.").format(
        new=ngettext("%(num)d new contact", "%(num)d new contacts", report.new)
        % {"num": report.new},
        present=ngettext("%(num)d already present", "%(num)d already present", report.present)
        % {"num": report.present},
        left_out=ngettext("%(num)d left out", "%(num)d left out", report.left_out)
        % {"num": report.left_out}, db=db)]
    if actors is not None:
        lines.append(_("Registry: %(added)s, %(updated)s.") % {
            "added": ngettext("%(num)d actor added", "%(num)d actors added",
                              report.actors_added) % {"num": report.actors_added},
            "updated": ngettext("%(num)d updated", "%(num)d updated", report.actors_updated)
            % {"num": report.actors_updated}})
    lines += [_("Warning: {warning}").format(warning=w) for w in problem_lines(report.warnings)]
    payload = import_payload(report, db)
    emit(payload, json_out=json_out, table=table if len(table) else None,
         title=_("Imported"), lines=lines)


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
         lines=[_("{name} is now the same actor as {canonical} in {db}.").format(
             name=repr(name), canonical=repr(canonical_id), db=db)])


@app.command()
@handle_errors
def log(db: DbRequired = None, json_out: JsonOpt = False) -> None:
    """List what was done to a workspace: imports (files, new contacts),
    aliases and erasures, oldest first."""
    from ..store import Workspace

    db = _need(db)
    entries = Workspace(db).log()
    payload = {"entries": entries.to_dict(orient="records")}
    from ..readable import log_actions

    words = log_actions()
    shown = entries[["id", "at", "action", "detail"]].assign(
        action=entries["action"].map(lambda a: words.get(a, a)))
    emit(payload, json_out=json_out, table=shown,
         title=_("Log of {db}").format(db=db))


@app.command()
@handle_errors
def forget(name: Annotated[str, typer.Argument(help="The person to erase.")],
           db: DbRequired = None, json_out: JsonOpt = False,
           yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")]
           = False) -> None:
    """Erase a person from a workspace (right to erasure): every contact they
    took part in, their registry entry and aliases, and their name wherever it
    is written (events, sites, notes, other columns, file names). Likely other
    spellings are listed, to erase too. It cannot be undone."""
    from ..errors import ReteretError
    from ..i18n import _
    from ..store import Workspace

    db = _need(db)
    if not yes:
        if json_out:
            raise ReteretError(_("forget cannot be undone: add --yes to confirm"))
        if not _interactive():
            raise ReteretError(_(
                "forget cannot be undone and there is no terminal to ask for confirmation: "
                "add --yes to erase {name} from {db}").format(name=repr(name), db=db))
        if not ask_yes_no(_("Erase {name} and every contact of theirs from {db}? This "
                            "cannot be undone.").format(name=repr(name), db=db)):
            console.print(_("Nothing was erased."), markup=False)
            raise typer.Exit(1)
    workspace = Workspace(db)
    report = workspace.forget(name)
    reports = [report]
    spellings = sorted({v.spelling for v in report.variants})
    if spellings and not yes and not json_out and _interactive():
        _show_leftovers(report, db, ask=True)
        if ask_yes_no(_("Are these the same person? Erase them too?")):
            for spelling in spellings:
                reports.append(workspace.forget(spelling))
            report = reports[-1]
            spellings = sorted({v.spelling for v in report.variants})
    caution = _("The original log files still hold the name: delete or edit them too. If "
                "they are imported again, this person's contacts are left out (the workspace "
                "keeps a salted hash of the name, not the name).")
    total = {k: sum(getattr(r, k) for r in reports)
             for k in ("interactions", "recorded_by_cleared", "registry", "aliases", "texts",
                       "attributes", "provenance")}
    payload = {"ok": True, **total, "warning": caution,
               "variants": [{"spelling": v.spelling, "where": v.where, "reason": v.reason}
                            for v in report.variants],
               "named_after": list(report.named_after)}
    erased = [
        ngettext("{n} contact", "{n} contacts", total["interactions"]).format(
            n=total["interactions"]),
        ngettext("their name from {n} contact they recorded",
                 "their name from {n} contacts they recorded",
                 total["recorded_by_cleared"]).format(n=total["recorded_by_cleared"]),
        ngettext("{n} registry entry", "{n} registry entries", total["registry"]).format(
            n=total["registry"]),
        ngettext("{n} alias", "{n} aliases", total["aliases"]).format(n=total["aliases"])]
    blanked = [
        ngettext("{n} text cell of other contacts", "{n} text cells of other contacts",
                 total["texts"]).format(n=total["texts"]),
        ngettext("{n} other registry entry", "{n} other registry entries",
                 total["attributes"]).format(n=total["attributes"]),
        ngettext("{n} file name, path or log entry", "{n} file names, paths or log entries",
                 total["provenance"]).format(n=total["provenance"])]
    lines = [_("Erased: {what}.").format(what=format_list(erased)),
             _("Their name was also blanked out of {where}.").format(
                 where=format_list(blanked)),
             _("Warning: {warning}").format(warning=caution)]
    emit(payload, json_out=json_out, lines=lines)
    if not json_out and (report.variants or report.named_after):
        _show_leftovers(report, db, ask=False)


_WHERE = {"actor": N_("an actor's name"), "event": N_("an event name"),
          "note": N_("a note"), "site": N_("a site name"), "kind": N_("a kind of contact"),
          "file": N_("a file name"), "recorded_by": N_("who recorded a contact")}
_REASONS = {"look-alike letters": N_("letters of another alphabet that look the same"),
            "invisible characters": N_("invisible characters"),
            "accents": N_("other accents"), "word order": N_("the words in another order"),
            "similar spelling": N_("a spelling one or two letters away"),
            "spacing or punctuation": N_("other spacing or punctuation")}


def ask_yes_no(question: str) -> bool:
    """Ask a yes/no question at the terminal, in the language in force:
    ``[s/N]`` in Italian (``s``, ``sì``, ``si`` and ``y``, ``yes`` say yes),
    ``[y/N]`` in English; an empty answer is no. Asked again on anything else."""
    yes = {"y", "yes", "s", "si", "sì", "sí"}
    no = {"", "n", "no"}
    choices = _("y/N")
    while True:
        answer = typer.prompt(f"{question} [{choices}]", default="", show_default=False,
                              prompt_suffix=" ").strip().lower()
        if answer in yes:
            return True
        if answer in no:
            return False
        console.print(_("Please answer {yes} or {no}.").format(yes=_("y"), no=_("n")),
                      markup=False)


def _interactive() -> bool:
    """Whether a person can answer a question (stdin is a terminal)."""
    import sys

    return sys.stdin is not None and sys.stdin.isatty()


def _show_leftovers(report, db: Path, *, ask: bool) -> None:
    """What erasure could not be sure of, on the terminal only (never stored)."""
    from ..i18n import _

    if report.variants:
        console.print(_("Likely other spellings of the same person are still in the "
                        "workspace:"), markup=False)
        for v in report.variants:
            where = _(_WHERE[v.where]) if v.where in _WHERE else _(
                "the column {column}").format(column=repr(v.where))
            console.print(_("  {spelling} ({reason}; in {where})").format(
                spelling=repr(v.shown()), reason=_(_REASONS.get(v.reason, v.reason)),
                where=where), markup=False, soft_wrap=True)
        if not ask:
            console.print(_("If they are the same person, erase them too: reterete forget "
                            "SPELLING --db {db} --yes").format(db=db), markup=False)
    if report.named_after:
        console.print(_("Other actors' names contain the erased name (they were kept): "
                        "{names}. Erase or rename them if they identify the person.").format(
                            names=", ".join(map(repr, report.named_after))),
                      markup=False, soft_wrap=True)
