"""The analysis pages: Network, Sites, Compare and Report.

Each computes what the matching command computes (``reterete viz``,
``antennas`` and ``recommend``, ``compare``, ``report``), from the same
functions and with the same defaults, for the window and site chosen in a form.
"""

from __future__ import annotations

import secrets
import threading
import time
from typing import Any

from starlette.responses import HTMLResponse, Response

from ..errors import InputError
from ..i18n import gettext as _
from .pages import data_of, form_of, handled, in_language
from .security import role_of, session_of
from .web import pick_language, render

__all__ = ["antennas_for"]

#: Reports kept in memory for "open" and "download" (the newest few).
REPORTS_KEPT = 4


def _csp() -> str:
    """The network page's and the report's own policy (inline scripts, nothing
    fetched), and shown inside this app's pages only."""
    from ..viz.page import CSP

    return CSP + "; frame-ancestors 'self'"


def _window(request: Any) -> dict[str, str | None]:
    q = request.query_params
    return {k: (q.get(k) or "").strip() or None for k in ("start", "end", "site")}


def _need_network(data: Any):
    net = data.network()
    if net is None:
        raise InputError(_("This workspace holds no contact yet: import contact logs first."))
    return net


# ------------------------------------------------------------------ network
#: The colours the Network page offers (``reterete viz --color``).
COLORS = ("kind", "sector", "site", "community")


def _color(request: Any) -> str | None:
    """The page's ``color`` (one of :data:`COLORS`), None for the default."""
    value = (request.query_params.get("color") or "").strip()
    if value in ("", "kind"):
        return None
    if value not in COLORS:
        raise InputError(_("Colour by kind, sector, site or community, not {value}.").format(
            value=repr(value)))
    return value


@handled
async def network_page(request: Any) -> Response:
    from ..payloads import summary_payload

    data = data_of(request)
    w = _window(request)
    color = _color(request)

    def compute() -> dict[str, Any]:
        net = data.network()
        if net is None:
            return {}
        return {"sites": net.sites, "figures": summary_payload(net, **w)}

    info = await in_language(request, compute)
    frame = None
    if info:
        from .web import url

        frame = url("/network/page", **w, color=color)
    return render(request, "network.html.j2", active="network", info=info, w=w, frame=frame,
                  color=color or "kind")


@handled
async def network_frame(request: Any) -> Response:
    from ..viz.page import to_html

    data = data_of(request)
    w = _window(request)
    color = _color(request)
    lang = pick_language(request)[0]

    def compute() -> str:
        net = _need_network(data)
        return to_html(net, site=w["site"], start=w["start"], end=w["end"], lang=lang,
                       color=color)

    page = await in_language(request, compute)
    return HTMLResponse(page, headers={"content-security-policy": _csp()})


# ------------------------------------------------------------------ sites
def antennas_for(net: Any, params: dict[str, Any]):
    """The plan of ``reterete antennas`` for the page's or the API's parameters:
    ``site``; ``k`` (default 3), or ``budget`` (hours), or ``cover`` (a share to
    reach, with ``by_hours`` for the cheapest in hours); ``hops``, ``exact``,
    ``start``, ``end``."""
    from ..metrics.antennas import select_antennas

    kwargs: dict[str, Any] = {"hops": int(params.get("hops") or 1),
                              "method": "exact" if params.get("exact") else "greedy",
                              "start": params.get("start"), "end": params.get("end")}
    cover = params.get("cover")
    budget = params.get("budget")
    if cover not in (None, ""):
        kwargs["cover"] = str(cover)  # "90%", "90" or "0.9", read as the command reads it
        kwargs["by_hours"] = bool(params.get("by_hours"))
    elif budget not in (None, ""):
        kwargs["budget_hours"] = float(budget)
    else:
        kwargs["k"] = int(params.get("k") or 3)
    if not params.get("site"):
        raise InputError(_("Say which site."))
    return select_antennas(net, params["site"], **kwargs)


def _site_params(request: Any) -> dict[str, Any]:
    q = request.query_params
    out: dict[str, Any] = {k: (q.get(k) or "").strip() or None
                           for k in ("site", "k", "budget", "cover", "hops", "start", "end")}
    out["exact"] = q.get("exact") in ("1", "on", "true", "yes")
    out["by_hours"] = q.get("by_hours") in ("1", "on", "true", "yes")
    out["n"] = q.get("n") or "5"
    fields = {"k": _("Antennas"), "hops": _("Reach (steps)"), "n": _("How many to propose"),
              "budget": _("Hours available")}
    for key in ("k", "hops", "n"):
        if out.get(key) is not None and not str(out[key]).isdigit():
            raise InputError(_("{field} must be a whole number.").format(field=fields[key]))
    for key in ("budget",):
        if out.get(key) is not None:
            try:
                float(out[key])
            except ValueError:
                raise InputError(_("{field} must be a number.").format(
                    field=fields[key])) from None
    return out


def _site_tables(net: Any, p: dict[str, Any]) -> dict[str, Any]:
    from ..metrics.recommend import recommend
    from ..payloads import antennas_payload, recommend_payload

    plan = antennas_for(net, p)
    rec = recommend(net, p["site"], n=int(p["n"]), start=p["start"], end=p["end"],
                    hops=int(p.get("hops") or 1))
    site_name = net.site_names[net.site_key(p["site"])]
    return {"plan": antennas_payload(plan), "summary": plan.summary(),
            "reach_names": plan.table()["reaches"].tolist(),
            "recommend": recommend_payload(rec, site_name), "plan_obj": plan, "rec": rec}


@handled
async def sites_page(request: Any) -> Response:
    data = data_of(request)
    p = _site_params(request)

    def compute() -> dict[str, Any]:
        net = data.network()
        if net is None:
            return {}
        out: dict[str, Any] = {"sites": net.sites}
        if p["site"]:
            out.update(_site_tables(net, p))
        return out

    info = await in_language(request, compute)
    return render(request, "sites.html.j2", active="sites", info=info, p=p)


@handled
async def sites_download(request: Any) -> Response:
    """A Sites table for spreadsheets: CSV (``write_csv``, as ``--csv``) or
    Excel (``write_xlsx``, as ``--xlsx``), written in a private temporary folder."""
    which, fmt = request.path_params["table"], request.path_params["fmt"]
    if which not in ("antennas", "recommend") or fmt not in ("csv", "xlsx"):
        raise InputError(_("There is no such table."))
    data = data_of(request)
    p = _site_params(request)

    def compute() -> tuple[bytes, str]:
        import tempfile
        from pathlib import Path

        from ..excel import write_xlsx
        from ..i18n import pgettext
        from ..outputs import write_csv

        # the sheet and the file are named in the reader's language, as the table is
        names = {"antennas": (pgettext("sheet", "Antennas"),
                              pgettext("file name", "antennas")),
                 "recommend": (pgettext("sheet", "Engage next"),
                               pgettext("file name", "engage_next"))}
        sheet, stem = names[which]

        net = _need_network(data)
        tables = _site_tables(net, p)
        if which == "antennas":
            table = tables["plan_obj"].table()
        else:
            table = tables["rec"][["name", "kind", "score", "reasons"]].copy()
        with tempfile.TemporaryDirectory(prefix="reterete-table-") as folder:
            if fmt == "xlsx":
                path = write_xlsx(table, Path(folder) / "table.xlsx", sheet=sheet)
            else:
                for col in ("reaches", "reasons"):
                    if col in table:
                        table[col] = table[col].map("; ".join)
                path = write_csv(table, Path(folder) / "table.csv")
            return path.read_bytes(), f"{stem}.{fmt}"

    body, filename = await in_language(request, compute)
    media = ("text/csv; charset=utf-8" if fmt == "csv" else
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return Response(body, media_type=media, headers={
        "content-disposition": f'attachment; filename="{filename}"'})


# ------------------------------------------------------------------ compare
@handled
async def compare_page(request: Any) -> Response:
    from ..metrics.compare import compare
    from ..payloads import compare_payload

    data = data_of(request)
    q = request.query_params
    p = {"start": (q.get("start") or "").strip(), "end": (q.get("end") or "").strip(),
         "site": (q.get("site") or "").strip() or None, "boot": q.get("boot") or "1000",
         "seed": q.get("seed") or "1"}
    for key, label in (("boot", _("Resamples")), ("seed", _("Seed"))):
        if not str(p[key]).isdigit():
            raise InputError(_("{field} must be a whole number.").format(field=label))

    def compute() -> dict[str, Any]:
        net = data.network()
        if net is None:
            return {}
        out: dict[str, Any] = {"sites": net.sites}
        first, last = net.period
        out["default_start"] = f"{first:%Y-%m}:{first:%Y-%m}" if first is not None else ""
        out["default_end"] = f"{last:%Y-%m}:{last:%Y-%m}" if last is not None else ""
        if p["start"] and p["end"]:
            result = compare(net, p["start"], p["end"], site=p["site"], n_boot=int(p["boot"]),
                             seed=int(p["seed"]))
            out["result"] = compare_payload(result)
            out["lines"] = result.lines()
        return out

    info = await in_language(request, compute)
    return render(request, "compare.html.j2", active="compare", info=info, p=p)


# ------------------------------------------------------------------ report
_reports_lock = threading.Lock()


@handled
async def report_page(request: Any) -> Response:
    return render(request, "report.html.j2", active="report", made=None)


@handled
async def report_post(request: Any) -> Response:
    from ..viz.report import report_html

    form = await form_of(request)
    data = request.app.state.data  # the evaluator's report: pseudonymised below, always
    anonymize = form.get("anonymize") in ("1", "on", "yes") or role_of(request) == "evaluator"
    lang = pick_language(request)[0]
    k = str(form.get("k") or "3")
    if not k.isdigit():
        raise InputError(_("{field} must be a whole number.").format(
            field=_("Antennas per site")))

    def compute() -> str:
        net = _need_network(data)
        key = data.workspace.key() if anonymize else None
        return report_html(net, k=int(k), seed=0, anonymize=anonymize, key=key, lang=lang)

    page = await in_language(request, compute)
    store = _reports(request)
    key = secrets.token_urlsafe(16)
    with _reports_lock:
        while len(store) >= REPORTS_KEPT:
            del store[next(iter(store))]
        store[key] = (time.time(), page, anonymize, _owner(request))
    return render(request, "report.html.j2", active="report", made={
        "key": key, "anonymize": anonymize, "size": len(page.encode("utf-8"))})


@handled
async def report_view(request: Any) -> Response:
    key = request.path_params["key"]
    with _reports_lock:
        entry = _reports(request).get(key)
    if entry is None or entry[3] != _owner(request):
        return render(request, "message.html.j2", 404, heading=_("Report not found"),
                      lines=[_("This report is no longer held: generate it again.")],
                      back="/report")
    _at, page, anonymize, _who = entry
    headers = {"content-security-policy": _csp()}
    if request.query_params.get("download") == "1":
        name = "report-anonymized.html" if anonymize else "report.html"
        headers["content-disposition"] = f'attachment; filename="{name}"'
    return HTMLResponse(page, headers=headers)


def _owner(request: Any) -> tuple[str | None, str]:
    """Whose report it is: a report is shown only to the account (and role) that made it."""
    s = session_of(request)
    return (None, "coordinator") if s is None else (s.user, s.role)


def _reports(request: Any) -> dict[str, Any]:
    state = request.app.state
    if not hasattr(state, "reports"):
        state.reports = {}
    return state.reports
