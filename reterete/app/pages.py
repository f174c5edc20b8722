"""The app's HTML pages: home, Import, Actors, History, and the error pages.

The analysis pages (Network, Sites, Compare, Report) are in :mod:`.analysis`.
GET requests only read; every change is a POST carrying the CSRF token.
"""

from __future__ import annotations

import contextlib
import functools
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse, Response

from ..errors import IngestError, InputError, ReteretError
from ..i18n import gettext as _
from ..i18n import language
from .data import REGISTRY_FIELDS, Data, ImportOutcome, Upload
from .security import check_csrf, role_of, user_of
from .uploads import private_folder, save
from .web import back_of, pick_language, render

__all__ = ["handled", "data_of", "form_of", "in_language"]

#: Form limits (besides the body size): files per request and other fields.
MAX_FILES = 200
MAX_FIELDS = 100
#: How long the clean files of a refused import wait for "import only the clean files".
STAGE_SECONDS = 1800


# ------------------------------------------------------------------ helpers
def data_of(request: Any) -> Data:
    """The workspace as the request's role may see it: pseudonymised, without
    notes, for an evaluator (:meth:`Data.pseudonymised`)."""
    data = request.app.state.data
    return data.pseudonymised() if role_of(request) == "evaluator" else data


def handled(func: Callable) -> Callable:
    """A page whose reterete errors (bad input, a busy workspace) become a
    400 page with the error in plain words."""

    @functools.wraps(func)
    async def wrapper(request: Any) -> Response:
        try:
            with language(pick_language(request)[0]):  # errors raised in the handler too
                return await func(request)
        except IngestError as exc:
            with language(pick_language(request)[0]):
                lines = [_("The file has problems:")] + [str(p) for p in exc.problems[:50]]
                return render(request, "message.html.j2", 400, heading=_("Nothing was changed"),
                              lines=lines, back=back_of(request))
        except ReteretError as exc:
            with language(pick_language(request)[0]):
                return render(request, "message.html.j2", 400, heading=_("Nothing was changed"),
                              lines=[str(exc)], back=back_of(request))
        finally:
            await request.close()  # uploads spooled by the form parser

    return wrapper


async def form_of(request: Any):
    """The posted form (multipart or urlencoded), CSRF checked (its ``csrf``
    field, or the ``X-CSRF-Token`` header of a script)."""
    from starlette.exceptions import HTTPException

    try:
        form = await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS)
    except HTTPException as exc:  # too many files or fields, a malformed form
        if exc.status_code != 400:
            raise
        with language(pick_language(request)[0]):
            raise InputError(_("The form was refused: at most {files} files and {fields} fields "
                               "can be sent at once. Send the files in smaller groups.").format(
                                   files=MAX_FILES, fields=MAX_FIELDS)) from None
    check_csrf(request, form.get("csrf") or request.headers.get("x-csrf-token"))
    return form


def in_language(request: Any, func: Callable, *args: Any, **kwargs: Any):
    """Run ``func`` in a worker thread, speaking the request's language
    (plain-words lines computed by the library are then in it too)."""
    from ..store._base import acting_as

    lang = pick_language(request)[0]
    user = user_of(request) or ""  # "": the app without accounts (None: the command line)

    def call() -> Any:
        with language(lang), acting_as(user):
            return func(*args, **kwargs)

    return run_in_threadpool(call)


async def no_icon(request: Any) -> Response:
    """Browsers ask for an icon on their own; there is none (and no error)."""
    return Response(status_code=204)


# ------------------------------------------------------------------ home
@handled
async def home(request: Any) -> Response:
    from ..payloads import summary_payload

    data = data_of(request)

    def compute() -> dict[str, Any]:
        net = data.network()
        if net is None:
            return {}
        first, last = net.period
        return {"figures": summary_payload(net), "sites": net.sites, "first": first,
                "last": last}

    info = await in_language(request, compute)
    return render(request, "home.html.j2", active="home", info=info,
                  db=str(request.app.state.settings.db))


# ------------------------------------------------------------------ import
@handled
async def import_page(request: Any) -> Response:
    data = data_of(request)
    dups = await run_in_threadpool(data.duplicates)
    return render(request, "import.html.j2", active="import", outcome=None, check=None,
                  duplicates=dups.to_dict(orient="records"), staged=None,
                  done=request.query_params.get("done"))


@handled
async def import_post(request: Any) -> Response:
    form = await form_of(request)
    data = data_of(request)
    files = [f for f in form.getlist("files") if _given(f)]
    registry = form.get("actors")
    registry = registry if _given(registry) else None
    if not files and registry is None:
        with language(pick_language(request)[0]):
            return render(request, "message.html.j2", 400, heading=_("No file chosen"),
                          lines=[_("Choose one or more contact logs (and, if you have it, the "
                                   "registry of actors), then press the button.")], back="/import")
    check_only = form.get("action") == "check"
    staged = None
    with private_folder() as folder:
        uploads = [await save(f, folder, i) for i, f in enumerate(files)]
        reg = await save(registry, folder, len(files)) if registry is not None else None
        if check_only:
            check = await in_language(request, _check, uploads, reg)
            outcome = None
        else:
            check = None
            with _progress(request, form.get("ticket")) as listener:
                outcome = await in_language(request, _listened(listener, data.import_uploads),
                                            uploads, reg)
            if not outcome.ok and outcome.clean:
                staged = _stage(request, uploads, reg, outcome)
    dups = await run_in_threadpool(data.duplicates)
    # the page itself worked (it lists the problems): 200, so browsers log no error
    return render(request, "import.html.j2", active="import", outcome=outcome,
                  check=check, duplicates=dups.to_dict(orient="records"), staged=staged,
                  done=None)


@handled
async def import_clean(request: Any) -> Response:
    form = await form_of(request)
    data = data_of(request)
    entry = _unstage(request, str(form.get("staged", "")))
    if entry is None:
        with language(pick_language(request)[0]):
            return render(request, "message.html.j2", 400, heading=_("Nothing was changed"),
                          lines=[_("These files are no longer held: upload them again.")],
                          back="/import")
    with private_folder() as folder:
        uploads = []
        for i, (name, body) in enumerate(entry["files"]):
            path = folder / f"upload-{i}{entry['suffixes'][i]}"
            path.write_bytes(body)
            uploads.append(Upload(name, path))
        reg = None
        if entry["registry"] is not None:
            name, body, suffix = entry["registry"]
            path = folder / f"registry{suffix}"
            path.write_bytes(body)
            reg = Upload(name, path)
        with _progress(request, form.get("ticket")) as listener:
            outcome = await in_language(request, _listened(listener, data.import_uploads),
                                        uploads, reg)
    dups = await run_in_threadpool(data.duplicates)
    return render(request, "import.html.j2", active="import",
                  outcome=outcome, check=None, duplicates=dups.to_dict(orient="records"),
                  staged=None, done=None, rejected=entry["problems"])


class ProgressBoard:
    """The steps of the imports under way, by the ticket the page sent with its
    form (:mod:`reterete.progress` listener); ``/import/progress`` reads it.
    Labels are the library's sentences (a file name at most, never a person)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._steps: dict[str, dict[str, Any]] = {}

    def listener(self, ticket: str) -> _TicketListener:
        with self._lock:
            while len(self._steps) >= 64:
                del self._steps[next(iter(self._steps))]
            self._steps[ticket] = {"label": "", "done": 0, "total": None, "active": True}
        return _TicketListener(self, ticket)

    def set(self, ticket: str, **values: Any) -> None:
        with self._lock:
            if ticket in self._steps:
                self._steps[ticket].update(values)

    def get(self, ticket: str) -> dict[str, Any]:
        with self._lock:
            return dict(self._steps.get(ticket, {"active": False}))

    def drop(self, ticket: str) -> None:
        with self._lock:
            self._steps.pop(ticket, None)


class _TicketListener:
    def __init__(self, board: ProgressBoard, ticket: str):
        self.board, self.ticket = board, ticket

    def start(self, label: str, total: int | None) -> str:
        self.board.set(self.ticket, label=str(label), done=0, total=total)
        return str(label)

    def update(self, handle: Any, done: int, total: int | None, label: str) -> None:
        self.board.set(self.ticket, label=str(label), done=int(done), total=total)

    def stop(self, handle: Any) -> None:
        pass


def _board(request: Any) -> ProgressBoard:
    state = request.app.state
    if not hasattr(state, "progress"):
        state.progress = ProgressBoard()
    return state.progress


@contextlib.contextmanager
def _progress(request: Any, ticket: Any):
    """A listener for this request's import when its form sent a ticket."""
    ticket = str(ticket or "")
    if not (8 <= len(ticket) <= 64 and ticket.isalnum()):
        yield None
        return
    board = _board(request)
    listener = board.listener(ticket)
    try:
        yield listener
    finally:
        board.drop(ticket)


def _listened(listener: Any, func: Callable) -> Callable:
    from ..progress import listening

    def call(*args: Any, **kwargs: Any) -> Any:
        with listening(listener):
            return func(*args, **kwargs)

    return call


async def import_progress(request: Any) -> Response:
    """What the import of the page's ticket is doing (JSON; reads only)."""
    from starlette.responses import JSONResponse

    return JSONResponse(_board(request).get(request.query_params.get("ticket", "")))


def _check(uploads: list[Upload], registry: Upload | None) -> dict[str, Any]:
    from ..ingest import check_contacts
    from ..payloads import check_payload

    result = check_contacts([u.path for u in uploads], names=[u.name for u in uploads],
                            actors=registry.path if registry else None,
                            actors_name=registry.name if registry else None)
    return check_payload(result)


def _given(upload: Any) -> bool:
    return isinstance(upload, UploadFile) and bool(upload.filename)


_stage_lock = threading.Lock()


def _stage(request: Any, uploads: list[Upload], registry: Upload | None,
           outcome: ImportOutcome) -> dict[str, Any]:
    """Hold the clean files of a refused import in memory (never on disk) so
    that "import only the clean files" needs no second upload."""
    store = _stages(request)
    key = secrets.token_urlsafe(16)
    clean = [u for u in uploads if u.name in outcome.clean]
    reg = None
    if registry is not None and registry.name not in outcome.rejected and not any(
            p.file == registry.name for p in outcome.errors):
        reg = (registry.name, registry.path.read_bytes(), registry.path.suffix)
    entry = {"at": time.monotonic(), "files": [(u.name, u.path.read_bytes()) for u in clean],
             "suffixes": [u.path.suffix for u in clean], "registry": reg,
             "problems": [p.to_dict() for p in outcome.errors]}
    with _stage_lock:
        for old in [k for k, v in store.items() if time.monotonic() - v["at"] > STAGE_SECONDS]:
            del store[old]
        while len(store) >= 4:
            del store[next(iter(store))]
        store[key] = entry
    return {"key": key, "files": [u.name for u in clean]}


def _unstage(request: Any, key: str) -> dict[str, Any] | None:
    with _stage_lock:
        entry = _stages(request).pop(key, None)
    if entry is None or time.monotonic() - entry["at"] > STAGE_SECONDS:
        return None
    return entry


def _stages(request: Any) -> dict[str, Any]:
    state = request.app.state
    if not hasattr(state, "stages"):
        state.stages = {}
    return state.stages


@handled
async def duplicate_same(request: Any) -> Response:
    form = await form_of(request)
    await in_language(request, data_of(request).add_alias, str(form.get("name", "")),
                      str(form.get("canonical", "")))
    return RedirectResponse("/import?done=alias#duplicates", 303)


@handled
async def duplicate_distinct(request: Any) -> Response:
    form = await form_of(request)
    await in_language(request, data_of(request).mark_distinct, str(form.get("name_a", "")),
                      str(form.get("name_b", "")))
    return RedirectResponse("/import?done=distinct#duplicates", 303)


# ------------------------------------------------------------------ actors
SORTABLE = ("name", "kind", "sector", "sites", "team", "is_person", "cost_hours", "contacts")


@handled
async def actors_page(request: Any) -> Response:
    data = data_of(request)
    table = await run_in_threadpool(data.actors)
    q = request.query_params.get("q", "").strip()
    sort = request.query_params.get("sort", "name")
    sort = sort if sort in SORTABLE else "name"
    desc = request.query_params.get("desc") == "1"
    rows = table.to_dict(orient="records")
    if q:
        needle = q.casefold()
        rows = [r for r in rows if any(needle in _text(r[c]).casefold()
                                       for c in ("name", "kind", "sector", "sites"))]
    rows.sort(key=lambda r: _sort_key(r[sort]), reverse=desc)
    return render(request, "actors.html.j2", active="actors", rows=rows, q=q, sort=sort,
                  desc=desc, total=len(table), done=request.query_params.get("done"))


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (tuple, list)):
        return "; ".join(map(str, value))
    return str(value)


def _sort_key(value: Any) -> tuple:
    if value is None or (isinstance(value, float) and value != value):
        return (2, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, float(value))
    return (1, _text(value).casefold())


def _actor_record(data: Data, actor: str) -> dict[str, Any] | None:
    from ..identity import normalize_name

    table = data.actors()
    match = table[table["actor"].isin([actor, normalize_name(actor)])]
    return None if match.empty else match.iloc[0].to_dict()


@handled
async def actor_edit(request: Any) -> Response:
    actor = request.query_params.get("id", "")
    record = await run_in_threadpool(_actor_record, data_of(request), actor)
    if record is None:
        with language(pick_language(request)[0]):
            return render(request, "message.html.j2", 404, heading=_("Actor not found"),
                          lines=[_("There is no such actor in this workspace.")], back="/actors")
    return render(request, "actor_edit.html.j2", active="actors", actor=record,
                  fields=REGISTRY_FIELDS, text=_text)


@handled
async def actor_edit_post(request: Any) -> Response:
    form = await form_of(request)
    actor = str(form.get("id", ""))
    values = {k: str(form.get(k, "")) for k in REGISTRY_FIELDS}
    await in_language(request, data_of(request).edit_actor, actor, values)
    return RedirectResponse("/actors?done=edited", 303)


@handled
async def actor_forget(request: Any) -> Response:
    actor = request.query_params.get("id", "")
    data = data_of(request)
    record = await run_in_threadpool(_actor_record, data, actor)
    if record is None:
        with language(pick_language(request)[0]):
            return render(request, "message.html.j2", 404, heading=_("Actor not found"),
                          lines=[_("There is no such actor in this workspace.")], back="/actors")
    preview = await run_in_threadpool(data.forget_preview, actor)
    return render(request, "forget.html.j2", active="actors", actor=record, preview=preview)


@handled
async def actor_forget_post(request: Any) -> Response:
    form = await form_of(request)
    if form.get("confirm") != "yes":
        return RedirectResponse("/actors", 303)
    report = await in_language(request, data_of(request).forget, str(form.get("id", "")))
    return render(request, "forgotten.html.j2", active="actors", report=report)


@handled
async def registry_post(request: Any) -> Response:
    form = await form_of(request)
    registry = form.get("actors")
    if not _given(registry):
        with language(pick_language(request)[0]):
            return render(request, "message.html.j2", 400, heading=_("No file chosen"),
                          lines=[_("Choose the registry file first.")], back="/actors")
    data = data_of(request)
    with private_folder() as folder:
        reg = await save(registry, folder, 0)
        outcome = await in_language(request, data.import_uploads, [], reg)
    if not outcome.ok:
        return render(request, "import.html.j2", active="import", outcome=outcome,
                      check=None, duplicates=[], staged=None, done=None)
    return RedirectResponse("/actors?done=registry", 303)


# ------------------------------------------------------------------ history
@handled
async def history_page(request: Any) -> Response:
    data = data_of(request)
    full = role_of(request) == "coordinator"

    def entries() -> tuple[list[dict[str, Any]], str]:
        if not data.exists():
            return [], ""
        zone = _project_zone(data.workspace)
        rows = data.workspace.log().to_dict(orient="records")
        for r in rows:
            r["when"] = _when(r["at"], zone)
        return rows, zone

    rows, zone = await in_language(request, entries)
    if full:
        return render(request, "history.html.j2", active="history", rows=rows, counts=None,
                      zone=zone)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["action"]] = counts.get(r["action"], 0) + 1
    return render(request, "history.html.j2", active="history", rows=[],
                  counts=sorted(counts.items()), zone=zone)


def _project_zone(workspace: Any) -> str:
    """The project's time zone: the one its logs' Unix times were read in,
    else this computer's (as ``--timezone`` defaults)."""
    import sqlite3

    from ..ingest.dates import local_timezone

    try:
        with sqlite3.connect(f"file:{workspace.path}?mode=ro", uri=True) as con:
            row = con.execute("SELECT value FROM meta WHERE name = 'timezone'").fetchone()
    except sqlite3.Error:
        row = None
    return row[0] if row and row[0] else local_timezone()


def _when(at: str, zone: str) -> str:
    """A UTC time of the workspace's log as people read it, in ``zone``."""
    from datetime import datetime, timezone

    from ..i18n import format_datetime
    from ..ingest.dates import timezone_of

    try:
        moment = datetime.fromisoformat(str(at))
    except ValueError:
        return str(at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return format_datetime(moment.astimezone(timezone_of(zone)).replace(tzinfo=None))
