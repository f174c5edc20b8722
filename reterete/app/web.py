"""Rendering the app's pages: templates, language, numbers.

Every word goes through :mod:`reterete.i18n` (the same catalogs as the
command line and the report): templates call ``_()`` and ``ngettext()`` of
Jinja2's i18n extension, wired to reterete's functions, and each request is
rendered inside :func:`reterete.i18n.language` for its language.
"""

from __future__ import annotations

import functools
import math
from typing import Any
from urllib.parse import urlencode

from ..i18n import LANGUAGES, format_decimal, format_p_value, format_percent, language
from ..i18n import gettext as _

__all__ = ["env", "render", "pick_language", "LANG_COOKIE", "number", "url", "own_path",
           "pages_of"]

LANG_COOKIE = "reterete_lang"


@functools.lru_cache(maxsize=1)
def env():
    """The Jinja2 environment: autoescape on, gettext from reterete.i18n."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    from .. import i18n
    from ..textsafe import isolate

    # a name that could reorder the line around it is isolated wherever it is
    # printed (text and attributes); the guard takes the isolates off what
    # comes back in addresses and forms (server.unwrap_isolates)
    e = Environment(loader=PackageLoader("reterete.app", "templates"), autoescape=True,
                    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                    extensions=["jinja2.ext.i18n"], finalize=isolate)
    e.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True,
                                pgettext=i18n.pgettext)
    from ..errors import problem_lines

    e.globals.update(number=number, percent=format_percent, pvalue=format_p_value, url=url,
                     kind_label=kind_label, problem_lines=problem_lines, figure=figure,
                     span=i18n.format_range, period=i18n.format_period,
                     role_label=role_label)
    e.filters["breakable"] = breakable
    e.globals["figure_label"] = figure_label
    return e


def figure_label(key: str, fallback: str = "") -> str:
    """A figure of the network (``density``, ``mean_degree``...) named in the
    language in force, capitalised for a table's first column."""
    from ..readable import figure_words

    word = figure_words().get(str(key)) or fallback or str(key).replace("_", " ")
    return word[:1].upper() + word[1:]


def breakable(text: Any) -> Any:
    """``text`` (a path, a file name) escaped, with a line-break chance after
    each separator (``/ \\ _ - .``), so that a long one wraps between its parts
    on a phone instead of inside a word or past the screen's edge.

    Examples
    --------
    >>> str(breakable("a/b_c<d"))
    'a/<wbr>b_<wbr>c&lt;d'
    """
    import re

    from markupsafe import Markup, escape

    return Markup(re.sub(r"([/\\_\-.])", r"\1<wbr>", str(escape(str(text)))))


def kind_label(kind: Any) -> str:
    """A kind of actor as the network page and the report name it, in the
    language in force; a kind outside the canonical list as written."""
    from ..i18n import get_language
    from ..viz.page import _labels

    if kind is None or (isinstance(kind, float) and kind != kind):
        return ""
    return _labels(get_language())["kind_names"].get(str(kind), str(kind))


def role_label(role: str) -> str:
    """A role in the language in force."""
    from ..store.accounts import role_label as label

    return label(role)


def pick_language(request: Any) -> tuple[str, bool]:
    """The request's language and whether it was just chosen (``?lang=``):
    the choice, else the cookie, else ``--lang``, else Accept-Language, else English."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked, True
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in LANGUAGES:
        return cookie, False
    fixed = request.app.state.settings.lang
    if fixed in LANGUAGES:
        return fixed, False
    return accept_language(request.headers.get("accept-language")), False


def accept_language(header: str | None) -> str:
    """The first language of ``LANGUAGES`` an Accept-Language header prefers."""
    best, best_q = "en", -1.0
    for part in (header or "").split(","):
        tag, _sep, params = part.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q
    return best


def render(request: Any, template: str, status: int = 200, **context: Any):
    """An HTML response of ``template`` in the request's language."""
    from starlette.responses import HTMLResponse

    from .security import csrf_of, role_of, session_of

    lang, chosen = pick_language(request)
    session = session_of(request)
    who = (None if session is None or session.user is None
           else {"name": session.shown, "role": session.role})
    with language(lang):
        page = env().get_template(template).render(
            lang=lang, csrf=csrf_of(request), path=request.url.path, who=who,
            role=role_of(request),
            query=dict(request.query_params), active=context.pop("active", ""), **context)
    response = HTMLResponse(page, status_code=status)
    if chosen:
        response.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
    return response


def own_path(path: Any, pages: Any) -> str:
    r"""``path`` if it is one of this app's pages, else the nearest page above it,
    else ``/``: the only places a redirect or a "back" link may lead.

    Anything else (``//other.site/``, ``/\other.site``, ``javascript:``, a
    Referer) becomes a page of this app, never another site.

    Examples
    --------
    >>> pages = {"/", "/actors", "/actors/edit", "/import"}
    >>> own_path("/actors/registry", pages), own_path("//evil.example/", pages)
    ('/actors', '/')
    >>> own_path("/\\evil.example", pages), own_path("javascript:alert(1)", pages)
    ('/', '/')
    """
    if (not isinstance(path, str) or not path.startswith("/") or path.startswith("//")
            or "\\" in path or any(ord(c) < 32 or ord(c) == 127 for c in path)):
        return "/"
    while path and path not in pages:
        path = path.rsplit("/", 1)[0]
    return path or "/"


def pages_of(routes: Any) -> frozenset[str]:
    """The paths of an app's pages (routes answering GET), for :func:`own_path`."""
    return frozenset(getattr(r, "path", "") for r in routes
                     if "GET" in (getattr(r, "methods", None) or ()))


def back_of(request: Any) -> str:
    """Where a page's "back" link leads: the app's own page for this request's
    address (``/actors`` for a post to ``/actors/registry``), never the Referer."""
    return own_path(request.url.path, pages_of(request.app.routes))


def render_bare(template: str, lang: str, **context: Any) -> str:
    """A page rendered without a request (the guard's refusals)."""
    with language(lang):
        return env().get_template(template).render(lang=lang, **context)


def number(value: Any, digits: int = 3) -> str:
    """A figure for people: integers as integers, others rounded, '-' for none."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int,)) or (isinstance(value, float) and math.isfinite(value)
                                     and value.is_integer() and abs(value) < 1e15):
        return format_decimal(int(value), 0)
    if isinstance(value, float) and not math.isfinite(value):
        return "-"
    try:
        return format_decimal(float(value), digits)
    except (TypeError, ValueError):
        return str(value)


def figure(value: Any, metric: str, signed: bool = False) -> str:
    """A figure of the network by the precision rule of its kind
    (:func:`reterete.i18n.format_value`, :data:`reterete.i18n.FIGURE_KINDS`)."""
    from ..i18n import format_value

    return format_value(value, metric, signed=signed)


def url(path: str, **params: Any) -> str:
    """``path`` with the non-empty ``params`` as its query string."""
    query = {k: v for k, v in params.items() if v not in (None, "", False)}
    return path + (f"?{urlencode(query)}" if query else "")
