"""``reterete check``: validate contact logs and list every problem by row."""

from __future__ import annotations

import typer

from ._common import ActorsOpt, FilesArg, JsonOpt, LayoutOpt, app, console, emit, handle_errors

__all__ = ["check"]


@app.command()
@handle_errors
def check(files: FilesArg = None, actors: ActorsOpt = None, layout: LayoutOpt = None,
          json_out: JsonOpt = False,
          threshold: float = typer.Option(88.0, "--similarity",
                                          help="Report names at least this similar (0-100).")
          ) -> None:
    """Check contact logs: every error with file, row, column, value and reason;
    warnings; names that look like the same actor."""
    from ..errors import ReteretError
    from ..ingest import check_contacts

    if not files:
        raise ReteretError("no contact log given: name one or more files to check")
    result = check_contacts(list(files), actors=actors, layout=layout)
    dups = result.duplicates(threshold)
    payload = {
        "ok": result.ok,
        "files": result.files,
        "errors": [p.to_dict() for p in result.errors],
        "warnings": [p.to_dict() for p in result.warnings],
        "duplicates": dups[["name_a", "name_b", "score"]].to_dict(orient="records"),
    }
    if result.network is not None:
        net = result.network
        payload.update(actors=len(net.actors), interactions=net.n_interactions,
                       sites=net.sites)

    def render() -> None:
        from rich.table import Table

        files_table = Table(title="Files")
        for col in ("file", "layout", "rows", "interactions", "encoding", "separator"):
            files_table.add_column(col)
        for f in result.files:
            files_table.add_row(*(("-" if f[c] is None else repr(f[c]) if c == "separator"
                                   else str(f[c])) for c in
                                  ("file", "layout", "rows", "interactions", "encoding",
                                   "separator")))
        console.print(files_table)
        if result.errors:
            console.print(f"{len(result.errors)} error(s): nothing was imported", style="bold red")
            for p in result.errors:
                console.print(f"  {p}", markup=False, soft_wrap=True)
        else:
            net = result.network
            console.print(f"OK: {len(net.actors)} actors, {net.n_interactions} interactions, "
                          f"sites: {', '.join(net.sites) or 'none'}", style="bold green")
        if result.warnings:
            console.print(f"{len(result.warnings)} warning(s):", style="yellow")
            for p in result.warnings[:50]:
                console.print(f"  {p}", markup=False, soft_wrap=True)
            if len(result.warnings) > 50:
                console.print(f"  ... and {len(result.warnings) - 50} more (use --json)",
                              markup=False)
        if len(dups):
            console.print("Names that may be the same actor (merge them with aliases in the "
                          "registry if they are):", style="yellow")
            for a, b, s in dups[["name_a", "name_b", "score"]].itertuples(index=False):
                console.print(f"  {a!r} ~ {b!r} ({s:.0f}%)", markup=False)

    emit(payload, json_out=json_out, render=render)
    if not result.ok:
        raise typer.Exit(2)
