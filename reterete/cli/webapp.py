"""``reterete app``: the workspace in a browser (see :mod:`reterete.app`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from ._common import app, err_console, handle_errors

__all__ = ["app_command"]


@app.command("app")
@handle_errors
def app_command(
    db: Annotated[Path, typer.Option(
        "--db", help="The workspace (SQLite file); the first import creates it.")] =
        Path("reterete.db"),
    port: Annotated[int, typer.Option(
        "--port", help="Port to listen on (0 or a busy port: a free one).")] = 8765,
    token: Annotated[str | None, typer.Option(
        "--token", help="Access token to require (default: a new random one, printed in "
                        "the address).")] = None,
    no_browser: Annotated[bool, typer.Option(
        "--no-browser", help="Do not open the browser; just print the address.")] = False,
    lang: Annotated[str | None, typer.Option(
        "--lang", help="Language of the pages: it or en (default: the browser's).")] = None,
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on. Anything but 127.0.0.1 / localhost also "
                       "needs --allow-network.")] = "127.0.0.1",
    allow_network: Annotated[bool, typer.Option(
        "--allow-network", help="Really listen on --host beyond this computer (see the "
                                "warning it prints).")] = False,
    max_upload_mb: Annotated[float, typer.Option(
        "--max-upload-mb", help="Largest upload accepted, in MB.")] = 100.0,
    certfile: Annotated[Path | None, typer.Option(
        "--certfile", help="TLS certificate (PEM): serve HTTPS (with --keyfile).")] = None,
    keyfile: Annotated[Path | None, typer.Option(
        "--keyfile", help="The certificate's private key (PEM).")] = None,
    behind_proxy: Annotated[str | None, typer.Option(
        "--behind-proxy", help="Address of the reverse proxy (Caddy, nginx) that serves "
                               "HTTPS in front of the app: its X-Forwarded-* headers are "
                               "trusted, nobody else's.")] = None,
) -> None:
    """Open the workspace in the browser: import logs (checked first), merge
    duplicates, edit the registry, see the network, antennas, comparisons,
    the report and the history, without typing commands.

    It runs on this computer only (127.0.0.1) and prints its address with an
    access token, as Jupyter does: every page needs the token, so other users
    of the computer cannot read the workspace. Stop it with Ctrl+C.
    """
    from ..app.server import Settings, is_loopback, serve
    from ..errors import InputError

    if lang is not None and lang not in ("it", "en"):
        raise InputError(_("--lang must be it or en, not {value}").format(value=repr(lang)))
    if max_upload_mb <= 0:
        raise InputError(_("--max-upload-mb must be more than 0"))
    if token is not None and len(token) < 8:
        raise InputError(_("--token must be at least 8 characters"))
    remote = not is_loopback(host)
    if remote and not allow_network:
        raise InputError(_("--host {host} would let other computers reach the workspace: "
                           "add --allow-network if that is what you want").format(host=host))
    if (certfile is None) != (keyfile is None):
        raise InputError(_("give both --certfile and --keyfile (the certificate and its key)"))
    for path in (certfile, keyfile):
        if path is not None and not path.is_file():
            raise InputError(_("file not found: {file}").format(file=path))
    if certfile is not None and behind_proxy is not None:
        raise InputError(_("choose one: --certfile/--keyfile (the app serves HTTPS) or "
                           "--behind-proxy (a reverse proxy serves it)"))
    if behind_proxy is not None:
        _check_proxy(behind_proxy)
    if remote and certfile is None and behind_proxy is None:
        raise InputError(_(
            "the app does not serve plain HTTP on a network address: the passwords and the "
            "personal data would travel unencrypted. Give it a certificate (--certfile and "
            "--keyfile) or run it behind a reverse proxy that serves HTTPS (--behind-proxy "
            "ADDRESS, with --host 127.0.0.1 as the proxy's target); see the README, \"A team "
            "on one server\""))
    if remote:
        err_console.print(
            _("Warning: listening on {host}. Anyone who can reach this computer on the "
              "network can reach the login page of the workspace, which holds personal "
              "data: give accounts strong passwords, and keep the server up to date.").format(
                host=host), style="bold yellow", markup=False)
    settings = Settings(db=db, lang=lang, host=host, port=port, max_upload_mb=max_upload_mb,
                        allow_remote=remote or behind_proxy is not None, certfile=certfile,
                        keyfile=keyfile, behind_proxy=behind_proxy)
    if token:
        settings.token = token

    from ..i18n import get_language, language
    from ..store import Workspace
    from ..store.accounts import has_users

    team = db.exists() and has_users(Workspace(db))

    # the server may call back from its own thread, where this context's
    # language is not set: speak --lang (else the command's language) there
    speak = lang or get_language()

    def echo(url: str) -> None:
        with language(speak):
            typer.echo(_("reterete app on {db}").format(db=db))
            if team:
                typer.echo(_("Open this address in the browser and log in:"))
            else:
                typer.echo(_("Open this address in the browser (it holds the access token; "
                             "keep it private):"))
            typer.echo(f"    {url}")
            typer.echo(_("Stop with Ctrl+C."))

    serve(settings, open_browser=not no_browser, echo=echo)


def _check_proxy(address: str) -> None:
    """``--behind-proxy`` names an address (or addresses, comma-separated)."""
    import ipaddress

    from ..errors import InputError

    for part in address.split(","):
        try:
            ipaddress.ip_network(part.strip(), strict=False)
        except ValueError:
            raise InputError(_("--behind-proxy needs the proxy's IP address (like 127.0.0.1), "
                               "not {value}").format(value=repr(part.strip()))) from None
