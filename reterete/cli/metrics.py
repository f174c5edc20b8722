"""``reterete summary``, ``reterete centrality`` and ``reterete timeline``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..i18n import _, pgettext
from ._common import (
    ActorsOpt,
    AnonymizeOpt,
    CsvOpt,
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
    XlsxOpt,
    app,
    emit,
    handle_errors,
    load_network,
    shown_as,
)

__all__ = ["summary", "centrality", "timeline"]

AttrOpt = Annotated[str, typer.Option(
    "--attr", help="Actor attribute whose groups the E-I index compares (sector, kind, ...).")]
FreqOpt = Annotated[str, typer.Option("--freq", help="Period length: week, month or quarter.")]

def figure_labels() -> dict[str, str]:
    """How the summary figures are called in readable output (language in force)."""
    return {
        "actors": _("Actors"), "ties": _("Ties (pairs in contact)"),
        "interactions": _("Interactions"),
        "density": _("Density (share of possible ties)"),
        "mean_degree": _("Mean ties per actor"),
        "components": _("Separate groups (components)"),
        "largest_component_share": _("Share of actors in the largest group"),
        "degree_centralization": _("Degree centralization (0 even, 1 star)"),
        "ei_index": _("E-I index (-1 within groups, +1 across)"),
        "isolates": _("Isolated actors"),
        "valued_density": _("Interactions per possible tie"),
        "average_clustering": _("Average clustering"), "transitivity": _("Transitivity"),
        "assortativity": _("Assortativity (same-group ties)"),
    }


def timeline_shown() -> dict[str, str]:
    """Columns of the readable timeline and their short headers (CSV and JSON have them
    all)."""
    return {"actors": pgettext("short", "actors"), "ties": pgettext("short", "ties"),
            "interactions": pgettext("short", "contacts"),
            "density": pgettext("short", "density"),
            "mean_degree": pgettext("short", "mean ties"),
            "components": pgettext("short", "groups"), "ei_index": "E-I"}


def centrality_shown() -> dict[str, str]:
    """Columns of the readable centrality table and their short headers."""
    return {"name": pgettext("short", "actor"), "kind": pgettext("short", "kind"),
            "ties": pgettext("short", "ties"), "strength": pgettext("short", "contacts"),
            "betweenness": pgettext("short", "between"),
            "closeness": pgettext("short", "close")}


CENTRALITY_COLUMNS = ["name", "kind", "sector", "ties", "degree", "strength", "betweenness",
                      "closeness", "harmonic", "eigenvector", "pagerank"]


@app.command()
@handle_errors
def summary(files: FilesArg = None, actors: ActorsOpt = None, db: DbOpt = None,
            large_events: LargeEventsOpt = None, large_event_size: LargeEventSizeOpt = None,
            layout: LayoutOpt = None, start: FromOpt = None, end: ToOpt = None,
            site: SiteOpt = None, attr: AttrOpt = "sector", json_out: JsonOpt = False,
            csv_path: CsvOpt = None, xlsx_path: XlsxOpt = None) -> None:
    """Whole-network figures for a window and site: actors, ties, density,
    components, centralization, E-I index."""
    import pandas as pd

    from ..payloads import summary_payload

    net = load_network(files, actors, db, layout)
    payload: dict[str, Any] = summary_payload(net, start=start, end=end, site=site, attr=attr)
    result = {k: v for k, v in payload.items() if k != "window"}
    labels = figure_labels()
    table = pd.DataFrame({"figure": [labels.get(k, k) for k in result],
                          "value": pd.Series(list(result.values()), dtype=object)})
    title = (_("Network summary at {site}").format(site=payload["window"]["site"]) if site
             else _("Network summary"))
    lines = [] if result["actors"] else [_("No interactions in this window.")]
    emit(payload, json_out=json_out, csv_path=csv_path,
         xlsx_path=xlsx_path, sheet=pgettext("sheet", "Summary"), table=table, title=title,
         lines=lines)


@app.command()
@handle_errors
def centrality(files: FilesArg = None, actors: ActorsOpt = None, db: DbOpt = None,
               large_events: LargeEventsOpt = None, large_event_size: LargeEventSizeOpt = None,
               layout: LayoutOpt = None, start: FromOpt = None, end: ToOpt = None,
               site: SiteOpt = None, weighted: WeightedOpt = False,
               anonymize: AnonymizeOpt = False, key_file: KeyFileOpt = None,
               json_out: JsonOpt = False, csv_path: CsvOpt = None,
               xlsx_path: XlsxOpt = None) -> None:
    """One row per actor: ties, degree, strength, betweenness, closeness,
    harmonic closeness, eigenvector and PageRank."""
    from ..metrics.centrality import centrality as table_of

    net = load_network(files, actors, db, layout, anonymize=anonymize, key_file=key_file)
    site = shown_as(net, anonymize=anonymize, db=db, key_file=key_file, site=site)[0]
    G = net.graph(start=start, end=end, site=site)
    df = table_of(G, weight="weight" if weighted else None, strength="weight")
    df.insert(0, "name", [G.nodes[v].get("name", v) for v in df.index])
    df = df.sort_values(["degree", "betweenness"], ascending=False, kind="stable")
    records = [{"actor": row["name"], "id": actor,
                **{c: row[c] for c in df.columns if c != "name"}}
               for actor, row in zip(df.index, df.to_dict(orient="records"), strict=True)]
    payload = {"actors": records, "weighted": weighted, "engine": df.attrs.get("engine"),
               "betweenness_method": df.attrs.get("betweenness"),
               "window": _window(start, end, site, net)}
    note = (_("Path measures use tie strength (distance = 1 / interactions).") if weighted
            else _("Binary ties; use --weighted to count how often actors meet."))
    note += " " + _("Eigenvector, PageRank and harmonic closeness: use --csv or --json.")
    lines = [note] if len(df) else [_("No interactions in this window.")]
    emit(payload, json_out=json_out, csv_path=csv_path,
         xlsx_path=xlsx_path, sheet=pgettext("sheet", "Centrality"),
         table=df[CENTRALITY_COLUMNS].rename_axis("id"), title=_("Centrality"), lines=lines,
         render=lambda: _print(df.reset_index(drop=True), centrality_shown(),
                               _("Centrality")))


@app.command()
@handle_errors
def timeline(files: FilesArg = None, actors: ActorsOpt = None, db: DbOpt = None,
             large_events: LargeEventsOpt = None, large_event_size: LargeEventSizeOpt = None,
             layout: LayoutOpt = None, start: FromOpt = None, end: ToOpt = None,
             site: SiteOpt = None, freq: FreqOpt = "month", attr: AttrOpt = "sector",
             json_out: JsonOpt = False, csv_path: CsvOpt = None,
             xlsx_path: XlsxOpt = None) -> None:
    """The summary figures period by period (week, month or quarter)."""
    from ..metrics.temporal import timeline as per_period

    net = load_network(files, actors, db, layout)
    df = per_period(net, freq, site, attr, start=start, end=end)
    records = [{"period": p, **row, "start": row["start"].date(), "end": row["end"].date()}
               for p, row in zip(df.index, df.to_dict(orient="records"), strict=True)]
    payload = {"periods": records, "freq": freq, "window": _window(start, end, site, net)}
    emit(payload, json_out=json_out, csv_path=csv_path,
         xlsx_path=xlsx_path, sheet=pgettext("sheet", "Timeline"), table=df,
         render=lambda: _print(df.rename_axis("period").reset_index(),
                               {"period": pgettext("short", "period"), **timeline_shown()},
                               _by_period(freq)))


# ---------------------------------------------------------------------------
def _window(start: str | None, end: str | None, site: str | None, net) -> dict[str, Any]:
    from ..payloads import window_payload

    return window_payload(start, end, site, net)


def _by_period(freq: str) -> str:
    titles = {"hour": _("Network by hour"), "day": _("Network by day"),
              "week": _("Network by week"), "month": _("Network by month"),
              "quarter": _("Network by quarter")}
    return titles.get(freq, _("Network by {period}").format(period=freq))


def _print(table, columns: dict[str, str], title: str, max_rows: int = 60) -> None:
    """A compact rich table: short headers, names shortened, numbers never cut."""
    import pandas as pd

    from ._common import print_table

    shown = table[list(columns)].copy()
    if "kind" in shown:
        from ..viz.labels import kind_label

        shown["kind"] = shown["kind"].map(kind_label)
    for col in columns:
        numeric = pd.api.types.is_numeric_dtype(shown[col])
        if numeric and shown[col].notna().all() and (shown[col] % 1 == 0).all():
            shown[col] = shown[col].astype("int64")  # 44, not 44.000
        elif not numeric:
            shown[col] = shown[col].map(lambda v: v.replace("_", " ") if isinstance(v, str)
                                        else v)
    print_table(shown, title=title, headers=columns, max_rows=max_rows)
