"""A team workspace in the app: logging in and out, accounts, backups, and the
contacts logged one at a time (``/api/contacts``, DESIGN.md "Team workspace").

=================================  ==================================================
``POST /api/login``                JSON ``name``, ``password``: 200 ``ok``, ``name``,
                                   ``role``, ``csrf`` and the session cookie; 401
                                   wrong; 429 throttled (``Retry-After``, ``wait``).
``POST /api/logout``               ends the session.
``GET /api/me``                    ``name``, ``role``, ``csrf`` (the token to send as
                                   ``X-CSRF-Token`` with the JSON posts below).
``POST /api/contacts``             JSON ``client_id``, ``when``, ``site``, ``actors``,
                                   ``kind``, ``minutes``, ``note``: checked like an
                                   import; ``ok``, ``id``, ``duplicate``,
                                   ``new_actors``, ``warnings``; 422 with the
                                   ``check`` error keys (``ok``, ``errors``,
                                   ``warnings``), each problem with ``row`` 1
                                   (the entry), ``column`` and ``field`` (the
                                   JSON field) and ``message`` (the sentence,
                                   in the reader's language).
``GET /api/contacts``              ``entries`` the account logged today (``all=1``:
                                   every account's, for the coordinator).
``PUT /api/contacts/{id}``         corrects an entry (a worker: only their own).
``DELETE /api/contacts/{id}``      deletes an entry (a worker: only their own).
``GET /api/choices``               ``sites``, ``kinds``, ``actors``: what the log
                                   page proposes while typing.
=================================  ==================================================
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, RedirectResponse, Response

from ..errors import IngestError, InputError
from ..i18n import M_
from ..i18n import gettext as _
from .api import _answer, api
from .pages import data_of, form_of, handled, in_language
from .security import Session, check_csrf, role_of, session_of, user_of
from .web import render

__all__ = ["login_page", "login_form", "api_login", "api_logout", "logout_form", "api_me",
           "users_page", "users_post", "backup_download", "contacts_add", "contacts_list",
           "contacts_edit", "contacts_delete", "choices", "contacts_page"]


# ------------------------------------------------------------------ login
def _same_origin(request: Any) -> bool:
    """A login must come from this app's own page (or a non-browser client)."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        # browsers say where a request comes from even when the pages' no-referrer
        # policy makes them send ``Origin: null`` (Chromium does, for form posts)
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def _client(request: Any) -> str:
    return request.client.host if request.client else "?"


async def _login(request: Any, name: str, password: str) -> tuple[int, dict, str | None]:
    """Check a login: (status, JSON answer, session id or None)."""
    from ..store import accounts

    app = request.app.state
    if not app.data.is_team():
        return 400, {"ok": False, "error": _("This workspace has no accounts: open the "
                                             "address with the access token.")}, None
    keys = [("name", accounts.login_name(name)), ("address", _client(request))]
    wait = app.throttle.blocked(keys)
    if wait > 0:
        return 429, {"ok": False, "wait": math.ceil(wait), "error": _too_many(wait)}, None
    user = await run_in_threadpool(accounts.verify, app.data.workspace, name, password)
    if user is None:
        wait = app.throttle.fail(keys)
        if wait > 0:
            return 429, {"ok": False, "wait": math.ceil(wait), "error": _too_many(wait)}, None
        return 401, {"ok": False, "error": _("Wrong name or password.")}, None
    app.throttle.succeed(keys)
    session = Session(user.name, user.shown, user.role, user.generation, _new_csrf())
    sid = app.sessions.new(session)
    return 200, {"ok": True, "name": user.shown, "role": user.role, "csrf": session.csrf}, sid


def _new_csrf() -> str:
    import secrets

    return secrets.token_urlsafe(24)


def _too_many(wait: float) -> str:
    from ..i18n import ngettext

    seconds = math.ceil(wait)
    return ngettext("Too many wrong attempts: try again in {seconds} second.",
                    "Too many wrong attempts: try again in {seconds} seconds.",
                    seconds).format(seconds=seconds)


def _with_cookie(response: Response, request: Any, sid: str | None, *,
                 clear: bool = False) -> Response:
    from .server import session_cookie

    settings = request.app.state.settings
    response.headers.append("set-cookie", session_cookie(
        settings, sid or "", secure=request.url.scheme == "https", clear=clear))
    return response


async def api_login(request: Any) -> Response:
    if not _same_origin(request):
        return JSONResponse({"ok": False, "error": "login from another site refused"}, 403)
    try:
        body = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or not all(isinstance(body.get(k), str)
                                             for k in ("name", "password")):
        return JSONResponse({"ok": False, "error": "send a JSON object with name and "
                                                   "password"}, 400)
    status, answer, sid = await _login(request, body["name"], body["password"])
    response = JSONResponse(answer, status)
    if status == 429:
        response.headers["retry-after"] = str(answer["wait"])
    return _with_cookie(response, request, sid) if sid else response


def _next(value: Any) -> str:
    text = str(value or "/")
    safe = (text.startswith("/") and not text.startswith("//") and "\\" not in text
            and text.isprintable())
    return text if safe else "/"


async def login_page(request: Any) -> Response:
    if session_of(request) is not None:
        return RedirectResponse(_next(request.query_params.get("next")), 303)
    return render(request, "login.html.j2", active="login", error=None,
                  next=_next(request.query_params.get("next")), name="")


async def login_form(request: Any) -> Response:
    if not _same_origin(request):
        return render(request, "message.html.j2", 403, heading=_("Request refused"),
                      lines=[_("This form did not come from this app.")], back="/login")
    form = await request.form(max_files=0, max_fields=10)
    name, password = str(form.get("name", "")), str(form.get("password", ""))
    status, answer, sid = await _login(request, name, password)
    target = _next(form.get("next"))
    if sid:
        return _with_cookie(RedirectResponse(target, 303), request, sid)
    return render(request, "login.html.j2", status, active="login", error=answer["error"],
                  next=target, name=name)


def _end(request: Any) -> None:
    settings = request.app.state.settings
    sid = request.cookies.get(settings.cookie)
    if sid:
        request.app.state.sessions.end(sid)


async def api_logout(request: Any) -> Response:
    _end(request)
    return _with_cookie(JSONResponse({"ok": True}), request, None, clear=True)


async def logout_form(request: Any) -> Response:
    form = await form_of(request)
    del form
    _end(request)
    target = "/login" if request.app.state.data.is_team() else "/"
    return _with_cookie(RedirectResponse(target, 303), request, None, clear=True)


async def api_me(request: Any) -> Response:
    from .security import csrf_of

    session = session_of(request)
    name = session.shown if session is not None and session.user is not None else None
    return JSONResponse({"ok": True, "name": name, "role": role_of(request),
                         "csrf": csrf_of(request)})


# ------------------------------------------------------------------ accounts
@handled
async def users_page(request: Any) -> Response:
    from ..store import accounts

    data = request.app.state.data
    rows = await run_in_threadpool(accounts.users, data.workspace)
    sessions = request.app.state.sessions
    table = [{"name": u.name, "shown": u.shown, "role": u.role, "disabled": u.disabled,
              "sessions": sessions.count(u.name)} for u in rows]
    return render(request, "users.html.j2", active="users", rows=table,
                  done=request.query_params.get("done"))


@handled
async def users_post(request: Any) -> Response:
    from ..store import accounts

    form = await form_of(request)
    action = str(form.get("action", ""))
    name = str(form.get("name", ""))
    ws = request.app.state.data.workspace
    if action == "add":
        await in_language(request, accounts.add_user, ws, name, str(form.get("role", "")),
                          str(form.get("password", "")))
    elif action in ("disable", "enable"):
        me = session_of(request)
        if action == "disable" and me is not None and me.user == accounts.login_name(name):
            raise InputError(_("You cannot disable your own account."))
        await in_language(request, accounts.set_disabled, ws, name, action == "disable")
    elif action == "role":
        await in_language(request, accounts.set_role, ws, name, str(form.get("role", "")))
    elif action == "password":
        await in_language(request, accounts.set_password, ws, name,
                          str(form.get("password", "")))
    elif action == "revoke":
        await in_language(request, accounts.revoke, ws, name)
    else:
        raise InputError(_("Unknown action."))
    if action != "add":
        request.app.state.sessions.end_user(accounts.login_name(name))
    return RedirectResponse(f"/users?done={action}", 303)


# ------------------------------------------------------------------ backups
@handled
async def backup_download(request: Any) -> Response:
    """A consistent copy of the workspace (SQLite's online backup), to download."""
    import tempfile
    from datetime import datetime
    from pathlib import Path

    from ..store.backup import backup

    ws = request.app.state.data.workspace

    def make() -> bytes:
        with tempfile.TemporaryDirectory(prefix="reterete-backup-") as folder:
            out = backup(ws, Path(folder) / "backup.db")
            return out.read_bytes()

    body = await in_language(request, make)
    name = f"reterete-backup-{datetime.now():%Y%m%d-%H%M}.db"
    return Response(body, media_type="application/vnd.sqlite3", headers={
        "content-disposition": f'attachment; filename="{name}"'})


# ------------------------------------------------------------------ contacts
def _body_error() -> Response:
    from ..errors import Problem
    from ..store import fieldlog

    problem = Problem(fieldlog.FILE_LABEL, fieldlog.ENTRY_ROW, None, None,
                      M_("send a JSON object"))
    return _answer({"ok": False, "errors": [fieldlog.problem_dict(problem)], "warnings": []},
                   422)


def _checked(request: Any, func: Any, *args: Any) -> Any:
    """``func`` run like :func:`in_language`; an entry refused becomes the 422
    answer, each problem with its row, field and sentence in the reader's words."""
    from ..store import fieldlog

    def call() -> Any:
        try:
            return func(*args)
        except IngestError as exc:
            return _answer({"ok": False,
                            "errors": [fieldlog.problem_dict(p) for p in exc.problems],
                            "warnings": [fieldlog.problem_dict(p) for p in exc.warnings]}, 422)

    return in_language(request, call)


async def _json_body(request: Any) -> Any:
    try:
        return await request.json()
    except (ValueError, UnicodeDecodeError):
        return None


@api
async def contacts_add(request: Any) -> Response:
    from ..store import fieldlog

    check_csrf(request, request.headers.get("x-csrf-token"))
    body = await _json_body(request)
    if not isinstance(body, dict):
        return _body_error()
    data = request.app.state.data
    user = user_of(request) or "app"
    entry = await _checked(request, fieldlog.add_entry, data.workspace, body, user)
    if isinstance(entry, Response):
        return entry
    data.forget_cache()
    return _answer({"ok": True, "id": entry.id, "duplicate": entry.duplicate,
                    "new_actors": list(entry.new_actors),
                    "warnings": [w.to_dict() for w in entry.warnings]},
                   200 if entry.duplicate else 201)


def _may_touch(request: Any, entry_id: int) -> bool | None:
    """None: no such entry; else whether the request's user may change it."""
    from ..store import fieldlog

    owner = fieldlog.entry_owner(request.app.state.data.workspace, entry_id)
    if owner is None:
        return None
    return role_of(request) == "coordinator" or owner == user_of(request)


def _entry_id(request: Any) -> int:
    text = request.path_params["entry"]
    if not str(text).isdigit():
        raise InputError(_("There is no such entry."))
    return int(text)


def _not_yours(allowed: bool | None) -> Response | None:
    if allowed is None:
        return _answer({"ok": False, "error": _("There is no such entry.")}, 404)
    if not allowed:
        return _answer({"ok": False, "error": _("Only its author or a coordinator can "
                                                "change this entry.")}, 403)
    return None


@api
async def contacts_edit(request: Any) -> Response:
    from ..store import fieldlog

    check_csrf(request, request.headers.get("x-csrf-token"))
    entry_id = _entry_id(request)
    refused = _not_yours(await run_in_threadpool(_may_touch, request, entry_id))
    if refused is not None:
        return refused
    body = await _json_body(request)
    if not isinstance(body, dict):
        return _body_error()
    data = request.app.state.data
    entry = await _checked(request, fieldlog.edit_entry, data.workspace, entry_id, body,
                           user_of(request) or "")
    if isinstance(entry, Response):
        return entry
    data.forget_cache()
    return _answer({"ok": True, "id": entry.id, "duplicate": False,
                    "new_actors": list(entry.new_actors),
                    "warnings": [w.to_dict() for w in entry.warnings]})


@api
async def contacts_delete(request: Any) -> Response:
    from ..store import fieldlog

    check_csrf(request, request.headers.get("x-csrf-token"))
    entry_id = _entry_id(request)
    refused = _not_yours(await run_in_threadpool(_may_touch, request, entry_id))
    if refused is not None:
        return refused
    data = request.app.state.data
    await in_language(request, fieldlog.delete_entry, data.workspace, entry_id)
    data.forget_cache()
    return _answer({"ok": True, "id": entry_id})


def _entries(request: Any, *, everyone: bool) -> list[dict[str, Any]]:
    from ..store import fieldlog

    q = request.query_params
    since = q.get("since") or fieldlog.today_start_utc()
    user = None if everyone else (user_of(request) or "app")
    return fieldlog.entries(request.app.state.data.workspace, user=user, since=since)


@api
async def contacts_list(request: Any) -> Response:
    everyone = request.query_params.get("all") == "1"
    if everyone and role_of(request) != "coordinator":
        return _answer({"ok": False, "error": _("Only a coordinator sees every account's "
                                                "entries.")}, 403)
    rows = await in_language(request, _entries, request, everyone=everyone)
    return _answer({"ok": True, "entries": rows})


@api
async def choices(request: Any) -> Response:
    """What the log page proposes: the workspace's sites, kinds of contact and
    actor names (the registry's first, then every other name in the contacts)."""
    data = data_of(request)

    def compute() -> dict[str, Any]:
        net = data.network()
        registry = data.workspace.registry() if data.exists() else None
        names: list[str] = []
        if registry is not None:
            names += [str(n) for n in registry["name"].tolist()]
        sites: list[str] = []
        kinds: list[str] = []
        if net is not None:
            names += [str(n) for n in net.actors["name"].tolist()]
            sites = [str(s) for s in net.sites]
            kinds = sorted({str(k) for k in net.interactions["kind"].dropna().unique()})
        return {"ok": True, "sites": sites, "kinds": kinds,
                "actors": list(dict.fromkeys(names))}

    return _answer(await in_language(request, compute))


@handled
async def contacts_page(request: Any) -> Response:
    """The coordinator's view of the contacts logged in the app: who logged
    what, actors not in the registry marked as new."""
    since = request.query_params.get("since") or ""

    def compute() -> list[dict[str, Any]]:
        from ..store import fieldlog

        return fieldlog.entries(request.app.state.data.workspace, since=since or None)

    rows = await in_language(request, compute)
    return render(request, "contacts.html.j2", active="contacts", rows=rows,
                  dumps=json.dumps)
