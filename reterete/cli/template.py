"""``reterete template``: an Excel contact log for workers to fill in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import ActorsOpt, DbOpt, JsonOpt, app, emit, handle_errors

__all__ = ["template"]


@app.command()
@handle_errors
def template(
    output: Annotated[Path, typer.Option("-o", "--output", help="Excel file to write.")] =
        Path("registro_contatti.xlsx"),
    actors: ActorsOpt = None,
    db: DbOpt = None,
    layout: Annotated[str, typer.Option(
        "--layout", help="pairwise (two actors per row), attendance (one actor at a "
                         "meeting per row) or worker (a worker and an actor per row).")] =
        "pairwise",
    rows: Annotated[int, typer.Option(
        "--rows", help="Rows that get the drop-down lists and checks.")] = 1000,
    json_out: JsonOpt = False,
) -> None:
    """Write an Excel contact log to fill in: the right headers, drop-down lists
    of actors, sites, kinds of contact and workers (from --actors or --db),
    day-first dates, and a sheet of instructions."""
    from ..i18n import _
    from ..template import template_lists, write_template

    registry = network = None
    if actors is not None:
        from ..ingest import read_actors

        registry = read_actors(actors)
    if db is not None:
        from ..store import Workspace

        network = Workspace(db).network()
    lists = template_lists(registry=registry, network=network)
    write_template(output, lists=lists, layout=layout, rows=rows)
    payload = {"ok": True, "output": str(output), "layout": layout,
               "lists": {k: len(v) for k, v in lists.items()}}
    emit(payload, json_out=json_out, lines=[
        _("Contact log template written to {path}: {actors}, {sites}, {kinds} and {workers} "
          "in its lists.").format(path=output, **_counts({k: len(v) for k, v in lists.items()}))])


def _counts(n: dict[str, int]) -> dict[str, str]:
    """The template's lists counted in words, each through ngettext ("1 site")."""
    from ..i18n import ngettext

    return {"actors": ngettext("{n} actor", "{n} actors", n["actors"]).format(n=n["actors"]),
            "sites": ngettext("{n} site", "{n} sites", n["sites"]).format(n=n["sites"]),
            "kinds": ngettext("{n} kind of contact", "{n} kinds of contact",
                              n["kinds"]).format(n=n["kinds"]),
            "workers": ngettext("{n} worker", "{n} workers", n["workers"]).format(
                n=n["workers"])}
