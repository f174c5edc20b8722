"""Every route of the app and who may use it, in one table.

The pages (:mod:`.pages`, :mod:`.analysis`), the JSON API (:mod:`.api`) and the
team's routes (:mod:`.team`) only define handlers; this module alone puts
them at their addresses, each with the roles allowed to reach it. A request
from any other role is answered 403 with no data, before its handler runs.
(With no accounts, the single user is a coordinator.)

Roles: ``W`` worker, ``C`` coordinator, ``E`` evaluator; ``PUBLIC`` routes are
served before logging in (the guard lets them through, :mod:`.server`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..i18n import gettext as _
from .security import role_of
from .web import render

__all__ = ["TABLE", "routes", "ALL", "PUBLIC"]

W, C, E = "worker", "coordinator", "evaluator"
ALL = (W, C, E)
PUBLIC = ("anonymous", W, C, E)


def _table() -> list[tuple[str, Callable, tuple[str, ...], tuple[str, ...]]]:
    """(path, handler, methods, roles) of every route."""
    from . import analysis, api, fieldpage, pages, team

    return [
        ("/", pages.home, ("GET",), ALL),
        ("/import", pages.import_page, ("GET",), (W, C)),
        ("/import", pages.import_post, ("POST",), (W, C)),
        ("/import/clean", pages.import_clean, ("POST",), (W, C)),
        ("/import/progress", pages.import_progress, ("GET",), (W, C)),
        ("/duplicates/same", pages.duplicate_same, ("POST",), (C,)),
        ("/duplicates/distinct", pages.duplicate_distinct, ("POST",), (C,)),
        ("/actors", pages.actors_page, ("GET",), (C,)),
        ("/actors/edit", pages.actor_edit, ("GET",), (C,)),
        ("/actors/edit", pages.actor_edit_post, ("POST",), (C,)),
        ("/actors/forget", pages.actor_forget, ("GET",), (C,)),
        ("/actors/forget", pages.actor_forget_post, ("POST",), (C,)),
        ("/actors/registry", pages.registry_post, ("POST",), (C,)),
        ("/history", pages.history_page, ("GET",), ALL),
        ("/favicon.ico", pages.no_icon, ("GET",), PUBLIC),
        ("/network", analysis.network_page, ("GET",), ALL),
        ("/network/page", analysis.network_frame, ("GET",), ALL),
        ("/sites", analysis.sites_page, ("GET",), ALL),
        ("/sites/{table}.{fmt}", analysis.sites_download, ("GET",), ALL),
        ("/compare", analysis.compare_page, ("GET",), ALL),
        ("/report", analysis.report_page, ("GET",), ALL),
        ("/report", analysis.report_post, ("POST",), ALL),
        ("/report/{key}", analysis.report_view, ("GET",), ALL),
        ("/api/import", api.api_import, ("POST",), (W, C)),
        ("/api/summary", api.api_summary, ("GET",), ALL),
        ("/api/antennas", api.api_antennas, ("GET",), ALL),
        ("/api/alias", api.api_alias, ("POST",), (C,)),
        ("/login", team.login_page, ("GET",), PUBLIC),
        ("/login", team.login_form, ("POST",), PUBLIC),
        ("/logout", team.logout_form, ("POST",), ALL),
        ("/api/login", team.api_login, ("POST",), PUBLIC),
        ("/api/logout", team.api_logout, ("POST",), ALL),
        ("/api/me", team.api_me, ("GET",), ALL),
        ("/api/contacts", team.contacts_add, ("POST",), (W, C)),
        ("/api/contacts", team.contacts_list, ("GET",), (W, C)),
        ("/api/contacts/{entry}", team.contacts_edit, ("PUT",), (W, C)),
        ("/api/contacts/{entry}", team.contacts_delete, ("DELETE",), (W, C)),
        ("/api/choices", team.choices, ("GET",), (W, C)),
        ("/log", fieldpage.log_page, ("GET",), (W, C)),
        ("/log-sw.js", fieldpage.log_worker, ("GET",), (W, C)),
        ("/contacts", team.contacts_page, ("GET",), (C,)),
        ("/users", team.users_page, ("GET",), (C,)),
        ("/users", team.users_post, ("POST",), (C,)),
        ("/backup", team.backup_download, ("GET",), (C,)),
    ]


def allowed(handler: Callable, roles: tuple[str, ...]) -> Callable:
    """``handler`` behind a role check: 403 with no data for other roles."""

    @functools.wraps(handler)
    async def wrapper(request: Any) -> Response:
        if role_of(request) not in roles:
            return refused(request)
        return await handler(request)

    wrapper.roles = roles  # type: ignore[attr-defined]
    return wrapper


def refused(request: Any) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"ok": False, "error": "not allowed for your role"}, 403)
    return render(request, "message.html.j2", 403, heading=_("Not for your role"),
                  lines=[_("Your role cannot open this page. Ask the project's coordinator "
                           "if you need it.")], back="/")


#: The table, for tests and documentation: (path, methods, roles).
def table() -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(path, methods, roles) for path, _h, methods, roles in _table()]


TABLE = table


def routes() -> list[Any]:
    """Starlette's routes: the table's, and the static files."""
    out: list[Any] = [Route(path, allowed(handler, roles), methods=list(methods))
                      for path, handler, methods, roles in _table()]
    out.append(Mount("/static", app=StaticFiles(packages=[("reterete.app", "static")]),
                     name="static"))
    return out
