"""``reterete compare``: start versus end, with intervals and tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _, pgettext
from ._common import (
    ActorsOpt,
    CsvOpt,
    DbOpt,
    FilesArg,
    JsonOpt,
    LargeEventSizeOpt,
    LargeEventsOpt,
    LayoutOpt,
    SiteOpt,
    XlsxOpt,
    app,
    console,
    emit,
    handle_errors,
)

__all__ = ["compare"]

_TABLE_COLUMNS = ["name", "start", "end", "delta", "ci_low", "ci_high", "p_value",
                  "p_value_all", "se_boot", "se_jackknife", "delta_common", "n_start", "n_end",
                  "n_common"]


@app.command()
@handle_errors
def compare(
    files: FilesArg = None,
    start: Annotated[str, typer.Option(
        "--start", help="Start window FROM:TO, each YYYY-MM, YYYY-MM-DD or a date-time "
                        "YYYY-MM-DDTHH[:MM] (inclusive), e.g. 2024-09:2024-09 or "
                        "2013-12-02T08:2013-12-02T11.")] = "",
    end: Annotated[str, typer.Option(
        "--end", help="End window FROM:TO, e.g. 2024-12:2024-12.")] = "",
    site: SiteOpt = None,
    boot: Annotated[int, typer.Option(
        "--boot", help="Bootstrap resamples (and test relabellings).")] = 2000,
    seed: Annotated[int | None, typer.Option(
        "--seed", help="Random seed: the same seed gives the same intervals.")] = None,
    attr: Annotated[str, typer.Option(
        "--attr", help="Actor attribute for the E-I index and group pairs.")] = "sector",
    actors: ActorsOpt = None,
    large_events: LargeEventsOpt = None, large_event_size: LargeEventSizeOpt = None,
    db: DbOpt = None,
    layout: LayoutOpt = None,
    json_out: JsonOpt = False,
    csv_path: CsvOpt = None, xlsx_path: XlsxOpt = None,
    survey: Annotated[list[Path] | None, typer.Option(
        "--survey", help="Compare two waves of a partner survey instead of two windows of the "
                         "logs: --start and --end name the waves (2024-09 is enough for "
                         "2024-09-30).")] = None,
    scale: Annotated[int | None, typer.Option(
        "--scale", help="With --survey: top of the rating scale, 4 or 5 (default: 4, or 5 "
                        "when a 5 appears).")] = None,
) -> None:
    """Compare the start and the end of a project: each metric in both windows,
    the change, a bootstrap interval and a test, in plain words. With --survey,
    two waves of a partner survey: the same figures plus reciprocity, trust and value."""
    from ..errors import InputError
    from ..metrics.compare import compare as run_compare
    from ..payloads import compare_payload
    from ._common import load_network

    if survey and (not start or not end):
        raise InputError(_("give both waves: --start WAVE and --end WAVE (e.g. --start "
                           "2024-09 --end 2024-12)"))
    if not start or not end:
        raise InputError(_("give both windows: --start FROM:TO and --end FROM:TO "
                           "(e.g. --start 2024-09:2024-09 --end 2024-12:2024-12)"))
    if boot < 1:
        raise InputError(_("--boot must be at least 1, not {boot}").format(boot=boot))
    if survey:
        from ..survey import read_survey
        from ..survey.compare import compare_waves

        answers = read_survey(list(survey), actors=actors, scale=scale)
        result = compare_waves(answers, start, end, n_boot=boot, seed=seed, attr=attr)
    else:
        net = load_network(files, actors, db, layout)
        result = run_compare(net, start, end, site=site, n_boot=boot, seed=seed, attr=attr)
    payload = compare_payload(result)
    table = result.table.reset_index()
    lines = result.lines()

    def render() -> None:
        from rich.table import Table

        from ..i18n import format_p_value, format_range, format_value
        from ..metrics.compare import figure_label
        from ._common import _cell

        t = Table(title=lines[0].rstrip("."))
        columns = [_("figure"), _("start"), _("end"), "", _("change"), _("interval"), "p",
                   _("p (all)")]
        for i, col in enumerate(columns):
            t.add_column(col, justify="left" if i in (0, 3) else "right",
                         no_wrap=i > 0, overflow="fold")
        for row in result.table.itertuples():
            key = str(row.Index)
            interval = ("-" if row.ci_low != row.ci_low else format_range(
                format_value(row.ci_low, key, signed=True),
                format_value(row.ci_high, key, signed=True), short=True))
            t.add_row(figure_label(key), format_value(row.start, key),
                      format_value(row.end, key), _arrow(row.delta),
                      format_value(row.delta, key, signed=True), interval,
                      format_p_value(row.p_value), format_p_value(row.p_value_all))
        console.print(t)
        if result.sector_pairs is not None and len(result.sector_pairs):
            from ..readable import heading

            pairs = Table(title=_("Ties between {attr} groups").format(attr=heading(attr)))
            for col in [_("group"), _("group") + " ", _("start"), _("end"), _("change")]:
                pairs.add_column(col, justify="left" if col.startswith(_("group"))
                                 else "right")
            for r in result.sector_pairs.head(20).itertuples():
                pairs.add_row(_cell(r.group_a), _cell(r.group_b), str(r.start), str(r.end),
                              f"{_arrow(r.delta)} {r.delta:+d}")
            console.print(pairs)

    emit(payload, json_out=json_out, csv_path=csv_path,
         xlsx_path=xlsx_path, sheet=pgettext("sheet", "Comparison"),
         table=table[["metric"] + _TABLE_COLUMNS], lines=lines, render=render)


def _arrow(delta: float) -> str:
    if delta != delta:  # NaN
        return ""
    if abs(delta) < 1e-12:
        return "→"
    return "↑" if delta > 0 else "↓"
