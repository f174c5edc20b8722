"""``reterete check``: validate contact logs and list every problem by row."""

from __future__ import annotations

import typer

from ..i18n import _, format_decimal, format_percent, ngettext
from ._common import (
    ActorsOpt,
    FilesArg,
    JsonOpt,
    LargeEventSizeOpt,
    LargeEventsOpt,
    LayoutOpt,
    app,
    console,
    emit,
    handle_errors,
    print_problems,
    read_options,
    write_problems,
)

__all__ = ["check"]


@app.command()
@handle_errors
def check(files: FilesArg = None, actors: ActorsOpt = None, layout: LayoutOpt = None,
          large_events: LargeEventsOpt = None, large_event_size: LargeEventSizeOpt = None,
          json_out: JsonOpt = False,
          threshold: float = typer.Option(88.0, "--similarity",
                                          help="Report names at least this similar (0-100).")
          ) -> None:
    """Check contact logs: every error with file, row, column, value and reason;
    warnings; names that look like the same actor."""
    from ..errors import ReteretError
    from ..ingest import check_contacts
    from ..ingest.chunked import check_contacts_chunked, chunked
    from ..payloads import check_payload

    if not files:
        raise ReteretError(_("no contact log given: name one or more files to check"))
    checker = check_contacts_chunked if chunked(files) else check_contacts
    result = checker(list(files), actors=actors, layout=layout, **read_options())
    write_problems(result.errors, result.warnings)
    dups = result.duplicates(threshold)
    payload = check_payload(result, threshold, duplicates=dups)

    def render() -> None:
        from rich.table import Table

        columns = {"file": _("file"), "layout": _("layout"), "rows": _("rows"),
                   "interactions": _("interactions"), "encoding": _("encoding"),
                   "separator": _("separator")}
        files_table = Table(title=_("Files"))
        for col, heading in columns.items():
            numeric = col in ("rows", "interactions")
            files_table.add_column(heading, justify="right" if numeric else "left",
                                   no_wrap=numeric, overflow="fold")
        for f in result.files:
            files_table.add_row(*(_file_cell(c, f[c]) for c in columns))
        console.print(files_table)
        if result.errors:
            n = len(result.errors)
            console.print(ngettext("{n} error: nothing was imported",
                                   "{n} errors: nothing was imported", n).format(n=n),
                          style="bold red", markup=False)
            print_problems(result.errors)
        else:
            net = result.network
            n_actors, n_inter = len(net.actors), net.n_interactions
            console.print(_("OK: {actors}, {interactions}, sites: {sites}")
                          .format(actors=ngettext("{n} actor", "{n} actors", n_actors).format(
                                      n=format_decimal(n_actors)),
                                  interactions=ngettext("{n} interaction", "{n} interactions",
                                                        n_inter).format(
                                      n=format_decimal(n_inter)),
                                  sites=", ".join(net.sites) or _("none")),
                          style="bold green", markup=False)
        if result.warnings:
            n = len(result.warnings)
            console.print(ngettext("{n} warning:", "{n} warnings:", n).format(n=n),
                          style="yellow", markup=False)
            print_problems(result.warnings)
        if len(dups):
            console.print(_("Names that may be the same actor (merge them with aliases in the "
                            "registry if they are):"), style="yellow", markup=False)
            for a, b, s, diff in dups[["name_a", "name_b", "score", "difference"]].itertuples(
                    index=False):
                line = f"  {a!r} ~ {b!r} ({format_percent(s / 100)})"
                if diff:
                    line += "\n    " + _("they differ in: {difference}").format(difference=diff)
                console.print(line, markup=False, soft_wrap=True)

    emit(payload, json_out=json_out, render=render)
    if not result.ok:
        raise typer.Exit(2)


def _file_cell(column: str, value: object) -> str:
    if value is None:
        return "-"
    if column == "separator":
        return repr(value)
    if column in ("rows", "interactions"):
        return format_decimal(value)
    if column == "layout":
        from ..readable import layout_words

        return layout_words().get(str(value), str(value))
    return str(value)
