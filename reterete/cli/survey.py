"""``reterete survey``: what partners say about each other (roster surveys), and
how it compares with what workers logged."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..i18n import _, format_decimal, format_percent, ngettext, pgettext
from ._common import (
    AnonymizeOpt,
    DbOpt,
    JsonOpt,
    KeyFileOpt,
    LargeEventSizeOpt,
    LargeEventsOpt,
    LayoutOpt,
    SiteOpt,
    app,
    console,
    emit,
    handle_errors,
)

__all__ = ["survey", "survey_payload"]

SurveyFilesArg = Annotated[list[Path] | None, typer.Argument(
    help="Survey files (CSV, XLSX, ODS): one row per respondent and named partner per wave, "
         "with trust_*/fiducia_* and value_*/valore_* ratings.", show_default=False)]
SurveyActorsOpt = Annotated[Path | None, typer.Option(
    "--actors", "--registry", help="Actor registry file: every respondent and partner must "
                                   "be in it (aliases merge names).")]
LogsOpt = Annotated[list[Path] | None, typer.Option(
    "--logs", help="Contact logs to set against the survey (repeat for several files).")]
ScaleOpt = Annotated[int | None, typer.Option(
    "--scale", help="Top of the rating scale: 4 (1-4) or 5 (1-5). Default: 4, or 5 when a 5 "
                    "appears.")]
SurveyCsvOpt = Annotated[Path | None, typer.Option(
    "--csv", help="Also write the table of actors' scores as CSV for spreadsheets.")]
SurveyXlsxOpt = Annotated[Path | None, typer.Option(
    "--xlsx", help="Also write an Excel workbook: waves, actors, ties and, with --logs, the "
                   "agreement and the ties to look at.")]


def survey_payload(s, *, agree=None, differ=None) -> dict[str, Any]:
    """``reterete survey --json``: ``waves`` (each ``wave``, ``respondents``,
    ``actors``, ``ties``, ``density``, ``reciprocity``, ``trust``, ``value``),
    ``actors`` (each ``actor``, ``id``, ``wave``, ``responded``, ``named_by``,
    ``names``, ``trust_received``, ``value_received``), ``ties``, ``scale``,
    ``items`` and, with logs, ``agreement`` (each ``wave``, ``start``, ``end``,
    ``reported``, ``logged``, ``both``, ``jaccard``) and ``differences``."""
    from ..payloads import to_jsonable
    from ..survey import actor_scores, tie_scores, wave_summary

    waves = wave_summary(s).reset_index()
    actors = actor_scores(s).rename(columns={"actor": "id", "name": "actor"})
    ties = tie_scores(s)
    out: dict[str, Any] = {
        "waves": waves.to_dict(orient="records"),
        "actors": actors[["actor", "id", "wave", "responded", "named_by", "names",
                          "trust_received", "value_received"]].to_dict(orient="records"),
        "ties": ties.to_dict(orient="records"), "scale": s.scale,
        "items": {k: list(v) for k, v in s.items.items()}}
    if agree is not None:
        a = agree.reset_index()
        a["start"] = a["start"].map(lambda d: str(_day(d)))
        a["end"] = a["end"].map(lambda d: str(_day(d)))
        out["agreement"] = a.to_dict(orient="records")
        out["differences"] = differ.to_dict(orient="records")
    return to_jsonable(out)


@app.command()
@handle_errors
def survey(files: SurveyFilesArg = None, actors: SurveyActorsOpt = None, logs: LogsOpt = None,
           db: DbOpt = None, layout: LayoutOpt = None, large_events: LargeEventsOpt = None,
           large_event_size: LargeEventSizeOpt = None, site: SiteOpt = None,
           scale: ScaleOpt = None, anonymize: AnonymizeOpt = False,
           key_file: KeyFileOpt = None, json_out: JsonOpt = False,
           csv_path: SurveyCsvOpt = None, xlsx_path: SurveyXlsxOpt = None) -> None:
    """What partners say: each organisation names its partners and rates their trust
    and value. Per wave: density, reciprocity, mean trust and value; per actor the scores
    received; with --logs (or --db), the ties reported and the ties logged side by side."""
    from ..survey import agreement, agreement_ties, read_survey, wave_words
    from ._common import load_network, print_table

    if not files:
        from ..errors import InputError

        raise InputError(_("give the survey file(s), for example: reterete survey "
                           "questionario.xlsx --actors registro.csv"))
    s = read_survey(list(files), actors=actors, scale=scale)
    if anonymize:
        from ..survey import anonymize_survey
        from ._common import resolve_key

        s = anonymize_survey(s, resolve_key(db, key_file))
    agree = differ = None
    if logs or db is not None:
        net = load_network(logs, actors, db, layout, anonymize=anonymize, key_file=key_file)
        agree = agreement(s, net, site=site)
        differ = agreement_ties(s, net, site=site)
    payload = survey_payload(s, agree=agree, differ=differ)
    from ..survey import actor_scores, tie_scores, wave_summary

    waves = wave_summary(s)
    per_actor = actor_scores(s)
    if xlsx_path is not None:
        from ..excel import write_xlsx

        sheets = {pgettext("sheet", "Waves"): waves,
                  pgettext("sheet", "Actors"): per_actor,
                  pgettext("sheet", "Ties"): tie_scores(s)}
        if agree is not None:
            sheets[pgettext("sheet", "Agreement")] = agree
            sheets[pgettext("sheet", "To look at")] = differ
        write_xlsx(sheets, xlsx_path)

    def render() -> None:
        print_table(waves, title=_("What partners say, wave by wave"), headers={
            "wave": pgettext("short", "wave"), "respondents": pgettext("short", "respondents"),
            "actors": pgettext("short", "actors"), "ties": pgettext("short", "ties named"),
            "density": pgettext("short", "density"),
            "reciprocity": pgettext("short", "reciprocated"),
            "trust": pgettext("short", "trust"), "value": pgettext("short", "value")})
        last = s.waves[-1] if s.waves else None
        top = per_actor[(per_actor["wave"] == last) & (per_actor["named_by"] > 0)].sort_values(
            ["named_by", "trust_received", "name"], ascending=[False, False, True])
        if len(top):
            print_table(top, max_rows=15, title=_("Most named partners, wave {wave}").format(
                wave=wave_words(last)), headers={
                "name": pgettext("short", "actor"), "named_by": pgettext("short", "named by"),
                "names": pgettext("short", "names"),
                "trust_received": pgettext("short", "trust received"),
                "value_received": pgettext("short", "value received")})
        if agree is not None:
            print_table(agree.drop(columns=["start", "end"]), title=_(
                "What partners say and what workers logged"), headers={
                "wave": pgettext("short", "wave"), "reported": pgettext("short", "reported"),
                "logged": pgettext("short", "logged"), "both": pgettext("short", "both"),
                "jaccard": pgettext("short", "agreement (Jaccard)")})
            for status, title in (
                    ("reported_only", _("Reported by partners, never logged in the period")),
                    ("logged_only", _("Logged by workers, never reported by partners"))):
                rows = differ[differ["status"] == status]
                if len(rows):
                    print_table(rows, max_rows=20, title=title, more=_(
                        "all of them in the workbook: --xlsx FILE"), headers={
                        "wave": pgettext("short", "wave"),
                        "actor_a": pgettext("short", "actor"),
                        "actor_b": pgettext("short", "actor") + " ",
                        "named_by": pgettext("short", "named by"),
                        "interactions": pgettext("short", "contacts logged")})

    emit(payload, json_out=json_out, csv_path=csv_path, table=per_actor,
         lines=_lines(s, agree), render=render)
    if xlsx_path is not None and not json_out:
        console.print(_("Workbook written to {path}").format(path=xlsx_path), markup=False)


def _lines(s, agree) -> list[str]:
    from ..survey import wave_words

    n = len(s.waves)
    lines = [ngettext("{n} wave ({waves}); ratings on a 1-{top} scale.",
                      "{n} waves ({waves}); ratings on a 1-{top} scale.", n).format(
        n=n, waves=", ".join(wave_words(w) for w in s.waves), top=s.scale)]
    if agree is not None:
        for w, row in agree.iterrows():
            if row["jaccard"] == row["jaccard"]:
                lines.append(_("Wave {wave}: {both} of the {union} ties reported or logged "
                               "appear in both ({share}).").format(
                    wave=wave_words(w), both=format_decimal(int(row["both"]), 0),
                    union=format_decimal(int(row["reported"] + row["logged"] - row["both"]),
                                         0),
                    share=format_percent(row["jaccard"])))
    return lines


def _day(value: Any) -> Any:
    import pandas as pd

    try:
        return pd.Timestamp(value).date()
    except (TypeError, ValueError):
        return value
