"""Commands of a team workspace: ``users`` (accounts and roles) and ``backup``.

A workspace with accounts is opened by ``reterete app`` with a login page
instead of the access token (see :mod:`reterete.store.accounts`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from ._common import JsonOpt, app, console, emit, handle_errors

__all__ = ["users_app", "backup_command"]

users_app = typer.Typer(help="Accounts of a team workspace: who may log into the app, "
                             "with which role.", no_args_is_help=True)
app.add_typer(users_app, name="users")

Db = Annotated[Path, typer.Option("--db", help="The workspace (SQLite file).")]
Name = Annotated[str, typer.Argument(help="The account's name (the one typed to log in).")]
RoleOpt = Annotated[str, typer.Option(
    "--role", help="worker, coordinator or evaluator (operatore, coordinatore, valutatore).")]
StdinOpt = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from the first line of standard input "
                             "(for scripts) instead of asking twice.")]


def _password(from_stdin: bool) -> str:
    from ..errors import InputError

    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise InputError(_("no password on standard input"))
        return password
    first = typer.prompt(_("Password"), hide_input=True)
    again = typer.prompt(_("The same password again"), hide_input=True)
    if first != again:
        raise InputError(_("the two passwords differ: nothing was changed"))
    return first


def _ws(db: Path):
    from ..store import Workspace

    return Workspace(db)


@users_app.command("add")
@handle_errors
def users_add(name: Name, role: RoleOpt = "worker", db: Db = Path("reterete.db"),
              password_stdin: StdinOpt = False) -> None:
    """Add an account (the password is asked twice, never shown)."""
    from ..store import accounts

    role = accounts.role_of(role)
    user = accounts.add_user(_ws(db), name, role, _password(password_stdin))
    typer.echo(_("Account {name} added ({role}).").format(name=user.shown,
                                                           role=accounts.role_label(user.role)))


@users_app.command("list")
@handle_errors
def users_list(db: Db = Path("reterete.db"), json_out: JsonOpt = False) -> None:
    """List the accounts, their roles and whether they are disabled."""
    import pandas as pd

    from ..store import accounts

    rows = accounts.users(_ws(db))
    payload = {"users": [{"name": u.shown, "role": u.role, "disabled": u.disabled,
                          "created_at": u.created_at} for u in rows]}
    table = pd.DataFrame([{_("name"): u.shown, _("role"): accounts.role_label(u.role),
                           _("state"): _("disabled") if u.disabled else _("active")}
                          for u in rows])
    if not rows and not json_out:
        console.print(_("This workspace has no accounts: the app uses an access token."),
                      markup=False)
        return
    emit(payload, json_out=json_out, table=table, title=_("Accounts"))


def _changed(user, what: str) -> None:
    typer.echo(what.format(name=user.shown))


@users_app.command("disable")
@handle_errors
def users_disable(name: Name, db: Db = Path("reterete.db")) -> None:
    """Disable an account: it cannot log in, and its open sessions stop at once."""
    from ..store import accounts

    _changed(accounts.set_disabled(_ws(db), name, True), _("Account {name} disabled."))


@users_app.command("enable")
@handle_errors
def users_enable(name: Name, db: Db = Path("reterete.db")) -> None:
    """Enable a disabled account again."""
    from ..store import accounts

    _changed(accounts.set_disabled(_ws(db), name, False), _("Account {name} enabled."))


@users_app.command("password")
@handle_errors
def users_password(name: Name, db: Db = Path("reterete.db"),
                   password_stdin: StdinOpt = False) -> None:
    """Give an account a new password (its open sessions end)."""
    from ..store import accounts

    _changed(accounts.set_password(_ws(db), name, _password(password_stdin)),
             _("Password of {name} changed."))


@users_app.command("role")
@handle_errors
def users_role(name: Name, role: Annotated[str, typer.Argument(
        help="worker, coordinator or evaluator (operatore, coordinatore, valutatore).")],
        db: Db = Path("reterete.db")) -> None:
    """Change an account's role (its open sessions end)."""
    from ..store import accounts

    _changed(accounts.set_role(_ws(db), name, role), _("Role of {name} changed."))


@users_app.command("revoke")
@handle_errors
def users_revoke(name: Name, db: Db = Path("reterete.db")) -> None:
    """End every open session of an account (it can log in again)."""
    from ..store import accounts

    _changed(accounts.revoke(_ws(db), name), _("Sessions of {name} ended."))


@app.command("backup")
@handle_errors
def backup_command(
    db: Annotated[Path, typer.Option("--db", help="The workspace to copy (it may be in use).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The copy to write.")],
    restore: Annotated[bool, typer.Option(
        "--restore", help="Make a working copy of a backup (a backup opens read-only).")]
        = False,
) -> None:
    """Copy a workspace while the app or an import uses it (SQLite's online
    backup: the copy is the workspace at one moment). The copy opens
    read-only, as backups should; --restore makes a working copy of a backup."""
    from ..store.backup import backup

    out = backup(_ws(db), output, restore=restore)
    typer.echo(_("Backup written to {path}.").format(path=out) if not restore
               else _("Working copy written to {path}.").format(path=out))
