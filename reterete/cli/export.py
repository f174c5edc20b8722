"""``reterete export``: the network for Gephi, igraph, yEd, Cytoscape and Kumu."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import (
    ActorsOpt,
    AnonymizeOpt,
    DbOpt,
    FilesArg,
    FromOpt,
    JsonOpt,
    KeyFileOpt,
    LargeEventSizeOpt,
    LargeEventsOpt,
    LayoutOpt,
    SiteOpt,
    ToOpt,
    WeightedOpt,
    app,
    emit,
    empty_window_lines,
    handle_errors,
    load_network,
    period_option,
    shown_as,
)

__all__ = ["export"]


@app.command()
@handle_errors
def export(
    files: FilesArg = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="File to write (with --format csv: NAME.csv gives "
                               "NAME-nodes.csv and NAME-edges.csv).")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="gexf (Gephi, with the months as a timeline), graphml (igraph, "
                         "yEd, Cytoscape) or csv (a nodes and an edges table: Kumu, Gephi). "
                         "Default: from the output's extension.")] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    site: SiteOpt = None,
    weighted: WeightedOpt = False,
    freq: Annotated[str | None, typer.Option(
        "--freq", help="Grain of the GEXF timeline: hour, day, week, month or quarter "
                       "(default: the data's grain).", callback=period_option)] = None,
    static: Annotated[bool, typer.Option(
        "--static", help="A GEXF without the timeline (no spells, one attributes block per "
                         "class), for web readers such as Gephi Lite.")] = False,
    anonymize: AnonymizeOpt = False,
    key_file: KeyFileOpt = None,
    actors: ActorsOpt = None,
    large_events: LargeEventsOpt = None, large_event_size: LargeEventSizeOpt = None,
    db: DbOpt = None,
    layout: LayoutOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Write the network (the actors and ties of `summary`) for other tools:
    GEXF 1.3, GraphML, or a pair of CSV tables."""
    from ..errors import InputError
    from ..export import FORMATS
    from ..export import export as write
    from ..i18n import _, ngettext

    if output is None:
        raise InputError(_("say where to write the network with -o FILE "
                           "(e.g. -o network.gexf)"))
    chosen = (fmt or output.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise InputError(_("unknown export format {format!r}: choose gexf, graphml or csv "
                           "with --format").format(format=chosen))
    if chosen == "csv":  # the files really written: NAME-nodes.csv, NAME-edges.csv
        from ..export import csv_pair_paths
        from ..outputs import refuse_overwriting_inputs

        refuse_overwriting_inputs(csv_pair_paths(output), [*(files or ()), actors, key_file],
                                  workspace=db)
    net = load_network(files, actors, db, layout, anonymize=anonymize, key_file=key_file)
    site = shown_as(net, anonymize=anonymize, db=db, key_file=key_file, site=site)[0]
    G, written = write(net, output, format=chosen, start=start, end=end, site=site,
                       weighted=weighted, freq=freq, static=static)
    payload = {"ok": True, "output": str(written[0]), "files": [str(p) for p in written],
               "format": chosen, "actors": G.number_of_nodes(), "ties": G.number_of_edges(),
               "freq": G.graph.get("freq"), "static": static}
    lines = [ngettext("{actors} actor and {ties} ties written to {files}",
                      "{actors} actors and {ties} ties written to {files}",
                      G.number_of_nodes()).format(actors=G.number_of_nodes(),
                                                  ties=G.number_of_edges(),
                                                  files=", ".join(map(str, written))),
             *empty_window_lines(net, start, end)]
    emit(payload, json_out=json_out, lines=lines)
