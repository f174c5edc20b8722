"""``reterete app``: one workspace in the browser, for people who do not program.

A Starlette application served by uvicorn on the user's own computer. It sits
*above* the library, as the command line does: every figure it shows comes
from the same functions (``Workspace``, ``metrics.summary``,
``select_antennas``, ``recommend``, ``compare``, ``viz.page``, ``viz.report``)
and the same JSON builders (:mod:`reterete.payloads`); all state lives in the
workspace file. Nothing in the library imports this package.

Modules: :mod:`.server` (settings, the guard every request passes: token,
CSRF, size limit, headers; start-up), :mod:`.data` (the workspace and the
computations the pages and the API share), :mod:`.uploads` (uploaded files
into a private temporary folder), :mod:`.pages` (HTML), :mod:`.api` (JSON).
"""

from __future__ import annotations

__all__ = ["Settings", "create_app", "serve"]


def __getattr__(name: str):
    if name in __all__:
        from . import server

        return getattr(server, name)
    raise AttributeError(name)
