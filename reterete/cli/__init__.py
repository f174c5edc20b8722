"""The ``reterete`` command line: one module per topic, all on one typer app."""

from __future__ import annotations

from . import (  # noqa: F401  (each module registers its commands on `app`)
    antennas,
    check,
    compare,
    demo,
    export,
    metrics,
    pages,
    template,
    webapp,
    workbook,
    workspace,
)
from ._common import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``reterete`` console script."""
    app()
