"""Pages made without a route: the guard's refusals, errors, and the
exception handlers (CSRF, size limit, 404, 405)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ..i18n import gettext as _
from ..i18n import language
from .security import Forbidden, Settings, TooLarge
from .web import (
    LANG_COOKIE,
    accept_language,
    back_of,
    own_path,
    pick_language,
    render,
    render_bare,
)

__all__ = ["refusal_page", "too_large_page", "error_page", "exception_handlers"]


def exception_handlers() -> dict:
    return {Forbidden: forbidden_csrf, TooLarge: too_large, 404: not_found,
            405: not_allowed}


def _lang_for(accept: str | None, settings: Settings) -> str:
    return settings.lang if settings.lang in ("en", "it") else accept_language(accept)


# ------------------------------------------------------------------ error pages
def refusal_page(accept: str | None, settings: Settings, *, team: bool = False) -> str:
    lang = _lang_for(accept, settings)
    with language(lang):  # the words of the page in its language, not the server's
        if team:
            return render_bare("bare.html.j2", lang, heading=_("Please log in"),
                               lines=[_("This workspace is shared by a team: open the login "
                                        "page (/login) and enter your name and password.")])
        return render_bare("bare.html.j2", lang, heading=_("Access token needed"),
                           lines=[_("This page needs the access token. Open the address "
                                    "that `reterete app` printed when it started (it ends "
                                    "with ?token=...).")])


def too_large_page(headers: dict[str, str], settings: Settings, path: str = "/",
                   pages: frozenset[str] = frozenset({"/"})) -> tuple[str, str]:
    """The 413 page the guard sends before the app reads the body: the app's
    own layout, in the user's language, with a way back (the user has the
    token, so the page may use the app's style sheet)."""
    lang = _lang_for(headers.get("accept-language"), settings)
    for part in headers.get("cookie", "").split(";"):
        name, _sep, value = part.strip().partition("=")
        if name == LANG_COOKIE and value in ("en", "it"):
            lang = value
    with language(lang):
        text = _too_large_text(settings)
        heading = _("File too large")
    page = render_bare("message.html.j2", lang, heading=heading, lines=[text],
                       back=own_path(path, pages), path="/", query={}, active="",
                       csrf=settings.csrf, who=None, role="anonymous")
    return page, text


def error_page(accept: str | None, settings: Settings) -> str:
    lang = _lang_for(accept, settings)
    with language(lang):
        return render_bare("bare.html.j2", lang, heading=_("Something went wrong"),
                           lines=[_("An internal error stopped this page; nothing was "
                                    "changed. Please report it (the app's terminal says "
                                    "which page).")])


async def forbidden_csrf(request: Any, exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        from starlette.responses import JSONResponse

        return JSONResponse({"ok": False, "error": "missing or wrong CSRF token"}, 403)
    with language(pick_language(request)[0]):
        return render(request, "message.html.j2", 403, heading=_("Request refused"),
                      lines=[_("This form is out of date or did not come from this app: nothing "
                               "was changed. Open the page again and repeat.")], back="/")


async def too_large(request: Any, exc: Exception) -> Response:
    settings = request.app.state.settings
    if request.url.path.startswith("/api/"):
        from starlette.responses import JSONResponse

        return JSONResponse({"ok": False, "error": too_large_page(
            dict(request.headers), settings)[1]}, 413)
    with language(pick_language(request)[0]):
        heading, text = _("File too large"), _too_large_text(settings)
    with language(pick_language(request)[0]):
        return render(request, "message.html.j2", 413, heading=heading, lines=[text],
                      back=back_of(request))


def _too_large_text(settings: Settings) -> str:
    return _("The upload is larger than the limit of {limit} MB: split the file, or start "
             "the app with a higher --max-upload-mb.").format(
                 limit=f"{settings.max_upload_mb:g}")


async def not_found(request: Any, exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        from starlette.responses import JSONResponse

        return JSONResponse({"ok": False, "error": "no such route"}, 404)
    with language(pick_language(request)[0]):
        return render(request, "message.html.j2", 404, heading=_("Page not found"),
                      lines=[_("There is no such page.")], back="/")


async def not_allowed(request: Any, exc: Exception) -> Response:
    with language(pick_language(request)[0]):
        response = render(request, "message.html.j2", 405, heading=_("Not allowed"),
                          lines=[_("This address does not take that kind of request.")],
                          back=back_of(request))
    # RFC 9110: a 405 says which methods the address takes; one path can have a
    # route per method, and Starlette names only the first one's
    methods: set[str] = set()
    for route in request.app.routes:
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(request.url.path):
            methods |= set(getattr(route, "methods", None) or ())
    allow = ", ".join(sorted(methods)) or (getattr(exc, "headers", None) or {}).get("Allow")
    if allow:
        response.headers["Allow"] = allow
    return response
