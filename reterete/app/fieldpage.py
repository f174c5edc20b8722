"""The phone page for logging a contact where it happened (``GET /log``) and
its service worker (``GET /log-sw.js``), DESIGN.md "Team workspace".

The page is a form whose fields carry the JSON names of ``POST /api/contacts``
(``when``, ``site``, ``actors``, ``kind``, ``minutes``, ``note``); its script
(``static/log.js``) gives each entry a ``client_id`` made by the browser,
keeps it in the browser's storage while it waits, sends it when there is a
connection (the server stores a ``client_id`` once), and lists the worker's
own entries of today with a way to correct or delete them. The service
worker keeps the page and its files for when there is no signal.
"""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from typing import Any

from starlette.responses import Response

from .pages import data_of, handled, in_language
from .web import render

__all__ = ["log_page", "log_worker"]


def _choices(data: Any) -> dict[str, Any]:
    """Sites, actor names and kinds of contact the page proposes (the same lists
    as the Excel template), and the project's time zone."""
    from ..ingest.dates import local_timezone
    from ..template import template_lists

    net = data.network()
    registry = data.workspace.registry() if data.exists() else None
    lists = template_lists(registry=registry, network=net)
    zone = (getattr(net, "timezone", None) if net is not None else None) or local_timezone()
    return {"sites": lists["sites"], "actors": lists["actors"], "kinds": lists["kinds"],
            "zone": str(zone)}


def _now_in(zone: str) -> str:
    from zoneinfo import ZoneInfo

    try:
        return datetime.now(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")
    except (ValueError, OSError, KeyError):
        return datetime.now().strftime("%Y-%m-%dT%H:%M")


def _user(request: Any) -> str:
    """The name of the logged-in user (empty in the single-user token mode)."""
    try:
        from .security import session_of  # the team workspace's sessions
    except ImportError:
        return ""
    session = session_of(request)
    return str(getattr(session, "shown", "") or "") if session is not None else ""


@handled
async def log_page(request: Any) -> Response:
    info = await in_language(request, _choices, data_of(request))
    return render(request, "log.html.j2", active="log", now=_now_in(info["zone"]),
                  user=_user(request), **info)


async def log_worker(request: Any) -> Response:
    """The service worker, served from the root so that it may control ``/log``."""
    body = resources.files("reterete.app").joinpath("static/log-sw.js").read_bytes()
    return Response(body, media_type="text/javascript",
                    headers={"cache-control": "no-cache"})
