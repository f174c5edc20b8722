"""``reterete viz`` and ``reterete report``: the pages a person opens."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .._gc import heap_frozen
from ..i18n import _
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
    LangOpt,
    LargeEventSizeOpt,
    LargeEventsOpt,
    LayoutOpt,
    PerSiteKOpt,
    SeedOpt,
    SiteOpt,
    ToOpt,
    app,
    emit,
    empty_window_lines,
    handle_errors,
    igraph_without_plotting,
    load_network,
    resolve_key,
)

__all__ = ["viz", "report"]

SizeOpt = Annotated[str, typer.Option(
    "--size-by", help="What node size shows: degree, strength, betweenness, closeness, "
                      "eigenvector, pagerank or none.")]
ColorOpt = Annotated[str | None, typer.Option(
    "--color", help="What the colours show: kind, sector, site, community (groups of "
                    "actors more tied among themselves, named by their most tied members) "
                    "or a column of the actor registry (default: kind, or sector when every "
                    "actor has the same kind).")]
AntennaOpt = Annotated[list[str] | None, typer.Option(
    "--antenna", help="An actor to highlight as antenna (repeat the option for several).")]


def _default_page(ctx: object, param: object, value: Path | None) -> Path:
    """``-o`` of ``viz``: ``network.html`` by default (``rete.html`` in Italian)."""
    from ..i18n import pgettext

    return value if value is not None else Path(pgettext("file name", "network.html"))


def _default_report(ctx: object, param: object, value: Path | None) -> Path:
    """``-o`` of ``report``: ``report.html`` by default (``rapporto.html`` in Italian)."""
    from ..i18n import pgettext

    return value if value is not None else Path(pgettext("file name", "report.html"))


@app.command()
@handle_errors
def viz(
    files: FilesArg = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="HTML file to write.", callback=_default_page,
        show_default=False)] = None,
    site: SiteOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    size_by: SizeOpt = "degree",
    color: ColorOpt = None,
    antenna: AntennaOpt = None,
    title: Annotated[str | None, typer.Option("--title", help="Heading of the page.")] = None,
    anonymize: AnonymizeOpt = False,
    key_file: KeyFileOpt = None,
    lang: LangOpt = None,
    actors: ActorsOpt = None,
    large_events: LargeEventsOpt = None, large_event_size: LargeEventSizeOpt = None,
    db: DbOpt = None,
    layout: LayoutOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Write the interactive network page: one HTML file that works offline."""
    from ..viz.page import PHYSICS_LIMIT, to_html

    net = load_network(files, actors, db, layout)
    if len(net.actors) > PHYSICS_LIMIT or color is not None:
        igraph_without_plotting()   # the page's layout, or its communities (Leiden)
    key = _key(anonymize, key_file, db)
    to_html(net, output, site=site, start=start, end=end, size_by=size_by,
            antennas=antenna or (), anonymize=anonymize, key=key, lang=lang, title=title,
            color=color)
    emit({"ok": True, "output": str(output)}, json_out=json_out,
         lines=[_("Network page written to {path}").format(path=output),
                *empty_window_lines(net, start, end)])


@app.command()
@handle_errors
def report(
    files: FilesArg = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="HTML file to write.", callback=_default_report,
        show_default=False)] = None,
    start: CompareStartOpt = None,
    end: CompareEndOpt = None,
    k: PerSiteKOpt = 3,
    boot: BootOpt = 1000,
    seed: SeedOpt = 0,
    color: ColorOpt = None,
    title: Annotated[str | None, typer.Option("--title", help="Heading of the report.")] =
        None,
    anonymize: AnonymizeOpt = False,
    key_file: KeyFileOpt = None,
    lang: LangOpt = None,
    actors: ActorsOpt = None,
    large_events: LargeEventsOpt = None, large_event_size: LargeEventSizeOpt = None,
    db: DbOpt = None,
    layout: LayoutOpt = None,
    json_out: JsonOpt = False,
    survey: Annotated[list[Path] | None, typer.Option(
        "--survey", help="A partner survey (roster, trust and value) to add as the section "
                         "\"What partners say\".")] = None,
    waves: Annotated[str | None, typer.Option(
        "--waves", help="With --survey: the start and end waves compared, START:END (default "
                        "the first and the last).")] = None,
) -> None:
    """Write the evaluation report: one HTML file to open, print to PDF and attach."""
    from ..viz.report import report_html

    igraph_without_plotting()   # the network picture's layout
    net = load_network(files, actors, db, layout)
    key = _key(anonymize, key_file, db)
    answers, pair = None, None
    if survey:
        from ..survey import read_survey
        from ..survey.compare import match_wave

        answers = read_survey(list(survey), actors=actors)
        if anonymize:
            from ..survey import anonymize_survey

            answers = anonymize_survey(answers, key)
        if waves:
            first, sep, last = waves.partition(":")
            if not sep or not first.strip() or not last.strip():
                from ..errors import InputError

                raise InputError(_("--waves takes two waves as START:END, for example "
                                   "2024-09:2024-12, not {value}").format(value=repr(waves)))
            pair = (match_wave(answers, first), match_wave(answers, last))
    with heap_frozen():   # the report makes and drops graphs of every window
        report_html(net, output, start=start, end=end, k=k, n_boot=boot, seed=seed,
                    title=title, anonymize=anonymize, key=key, lang=lang, color=color,
                    survey=answers, waves=pair)
    emit({"ok": True, "output": str(output)}, json_out=json_out,
         lines=[_("Report written to {path}").format(path=output)])


def _key(anonymize: bool, key_file: Path | None, db: Path | None) -> bytes | None:
    return resolve_key(db, key_file) if anonymize else None
