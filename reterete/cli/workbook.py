"""``reterete workbook``: every table of a project in one Excel workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import (
    ActorsOpt,
    AnonymizeOpt,
    BootOpt,
    CompareEndOpt,
    CompareStartOpt,
    DbOpt,
    FilesArg,
    FromOpt,
    JsonOpt,
    KeyFileOpt,
    LayoutOpt,
    PerSiteKOpt,
    SeedOpt,
    ToOpt,
    app,
    emit,
    empty_window_lines,
    handle_errors,
    load_network,
    period_option,
)

__all__ = ["workbook"]

def sheet_titles(freq: str = "month") -> dict[str, str]:
    """The sheet of each table, in the language in force; the activity sheet's
    title names its grain."""
    from ..i18n import pgettext

    activity = {"hour": pgettext("sheet", "Activity by hour"),
                "day": pgettext("sheet", "Activity by day"),
                "week": pgettext("sheet", "Activity by week"),
                "quarter": pgettext("sheet", "Activity by quarter")}.get(
        freq, pgettext("sheet", "Activity by month"))
    return {"summary": pgettext("sheet", "Summary"),
            "centrality": pgettext("sheet", "Centrality"),
            "antennas": pgettext("sheet", "Antennas"),
            "recommend": pgettext("sheet", "Engage next"),
            "compare": pgettext("sheet", "Comparison"),
            "timeline": pgettext("sheet", "Timeline"),
            "activity": activity,
            "actors": pgettext("sheet", "Actors")}


@app.command()
@handle_errors
def workbook(
    files: FilesArg = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Excel file to write.")] =
        Path("reterete.xlsx"),
    start: FromOpt = None,
    end: ToOpt = None,
    compare_start: CompareStartOpt = None,
    compare_end: CompareEndOpt = None,
    k: PerSiteKOpt = 3,
    hops: Annotated[int, typer.Option("--hops", help="Reach of an antenna in steps.")] = 1,
    n: Annotated[int, typer.Option("-n", help="Actors to engage next, per site.")] = 10,
    freq: Annotated[str | None, typer.Option("--freq", help="Period of the timeline and the "
                                                            "activity sheet (default: the "
                                                            "data's grain, as in the report).",
                                              callback=period_option)] = None,
    boot: BootOpt = 1000,
    seed: SeedOpt = 0,
    anonymize: AnonymizeOpt = False,
    key_file: KeyFileOpt = None,
    actors: ActorsOpt = None,
    db: DbOpt = None,
    layout: LayoutOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Write one Excel workbook with a sheet per table: summary, centrality,
    antennas and whom to engage next per site, start versus end, timeline,
    activity by kind of contact and month."""
    from ..excel import project_tables, write_xlsx
    from ..i18n import _
    from .metrics import figure_labels

    net = load_network(files, actors, db, layout, anonymize=anonymize, key_file=key_file)
    tables = project_tables(net, start=start, end=end, compare_start=compare_start,
                            compare_end=compare_end, k=k, hops=hops, n=n, n_boot=boot,
                            seed=seed, freq=freq)
    summary = tables["summary"]
    labels = figure_labels()
    summary.insert(1, "figure", [labels.get(key, key) for key in summary["key"]])
    titles = sheet_titles(tables["activity"].attrs.get("freq", "month"))
    write_xlsx({titles[key]: table for key, table in tables.items()}, output)
    payload = {"ok": True, "output": str(output),
               "sheets": {key: {"name": titles[key], "rows": table}
                          for key, table in tables.items()}}
    emit(payload, json_out=json_out,
         lines=[_("Workbook written to {path}").format(path=output),
                *empty_window_lines(net, start, end)])
