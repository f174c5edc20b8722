"""The JSON API (DESIGN.md, "App"): the same keys as the command line's ``--json``.

=============================  =====================================================
``POST /api/import``           multipart ``files`` (one or more), optional ``actors``:
                               check then import, all of a file or nothing. The
                               ``check`` keys (``ok``, ``files``, ``errors``,
                               ``warnings``, ``duplicates``) plus ``imported`` (the
                               ``import`` keys, or null when nothing was imported:
                               status 422).
``GET /api/summary``           ``start``, ``end``, ``site``: the ``summary`` keys.
``GET /api/antennas``          ``site``, ``k`` (default 3) or ``budget`` (hours) or
                               ``cover`` (a share: ``90%``, ``0.9``; ``by_hours=1``
                               for the cheapest), ``hops``, ``exact``, ``start``,
                               ``end``: the ``antennas`` keys.
``POST /api/alias``            JSON ``name``, ``canonical``: like ``reterete alias``.
=============================  =====================================================

Every call carries the token (``Authorization: Bearer T``). Errors answer
``{"ok": false, "error": ...}`` (or ``errors`` with one object per bad row)
with status 400, 403, 413 or 422.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..errors import IngestError, ReteretError
from .pages import data_of, form_of, in_language
from .security import check_csrf
from .uploads import private_folder, save

__all__ = ["api", "api_import", "api_summary", "api_antennas", "api_alias"]


def _answer(payload: dict[str, Any], status: int = 200) -> Response:
    from ..payloads import to_jsonable

    return Response(json.dumps(to_jsonable(payload), ensure_ascii=False, allow_nan=False),
                    status, media_type="application/json")


def api(func: Callable) -> Callable:
    """reterete's errors as JSON with status 400 (422 for bad rows)."""

    @functools.wraps(func)
    async def wrapper(request: Any) -> Response:
        try:
            return await func(request)
        except IngestError as exc:
            return _answer({"ok": False, "errors": [p.to_dict() for p in exc.problems],
                            "warnings": [p.to_dict() for p in exc.warnings]}, 422)
        except ReteretError as exc:
            return _answer({"ok": False, "error": str(exc)}, 400)
        except (ValueError, TypeError) as exc:
            return _answer({"ok": False, "error": f"bad parameter: {exc}"}, 400)
        finally:
            await request.close()

    return wrapper


@api
async def api_import(request: Any) -> Response:
    from ..payloads import import_payload

    form = await form_of(request)
    files = [f for f in form.getlist("files") if getattr(f, "filename", None)]
    registry = form.get("actors")
    registry = registry if getattr(registry, "filename", None) else None
    if not files and registry is None:
        return _answer({"ok": False, "error": "no file: send one or more 'files' and/or "
                                              "'actors'"}, 400)
    data = data_of(request)
    with private_folder() as folder:
        uploads = [await save(f, folder, i) for i, f in enumerate(files)]
        reg = await save(registry, folder, len(files)) if registry is not None else None
        outcome = await in_language(request, data.import_uploads, uploads, reg)
    if not outcome.ok:
        files_info = [{"file": u.name, "ok": u.name in outcome.clean} for u in uploads]
        return _answer({"ok": False, "files": files_info,
                        "errors": [p.to_dict() for p in outcome.errors],
                        "warnings": [p.to_dict() for p in outcome.warnings],
                        "duplicates": [], "imported": None}, 422)
    dups = await run_in_threadpool(data.duplicates)
    report = outcome.report
    return _answer({"ok": True, "files": report.table().to_dict(orient="records"),
                    "errors": [], "warnings": [w.to_dict() for w in report.warnings],
                    "duplicates": dups[["name_a", "name_b", "score"]].to_dict(
                        orient="records"),
                    "imported": import_payload(report, data.workspace.path)})


@api
async def api_summary(request: Any) -> Response:
    from ..payloads import summary_payload
    from .analysis import _need_network, _window

    data = data_of(request)
    w = _window(request)

    def compute() -> dict[str, Any]:
        return summary_payload(_need_network(data), **w)

    return _answer(await in_language(request, compute))


@api
async def api_antennas(request: Any) -> Response:
    from ..payloads import antennas_payload
    from .analysis import _need_network, _site_params, antennas_for

    data = data_of(request)
    p = _site_params(request)

    def compute() -> dict[str, Any]:
        return antennas_payload(antennas_for(_need_network(data), p))

    return _answer(await in_language(request, compute))


@api
async def api_alias(request: Any) -> Response:
    check_csrf(request, request.headers.get("x-csrf-token"))
    try:
        body = await request.json()
    except ValueError:
        return _answer({"ok": False, "error": "send a JSON object with name and canonical"},
                       400)
    if not isinstance(body, dict) or not all(isinstance(body.get(k), str)
                                             for k in ("name", "canonical")):
        return _answer({"ok": False, "error": "send a JSON object with name and canonical"},
                       400)
    alias_id, canonical_id = await in_language(
        request, data_of(request).add_alias, body["name"], body["canonical"])
    return _answer({"ok": True, "alias": alias_id, "canonical": canonical_id})


