"""``reterete summary``, ``reterete centrality`` and ``reterete timeline``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..i18n import pgettext
from ._common import (
    ActorsOpt,
    AnonymizeOpt,
    CsvOpt,
    DbOpt,
    FilesArg,
    FromOpt,
    JsonOpt,
    KeyFileOpt,
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

#: How the summary figures are called in readable output.
LABELS = {
    "actors": "Actors", "ties": "Ties (pairs in contact)", "interactions": "Interactions",
    "density": "Density (share of possible ties)", "mean_degree": "Mean ties per actor",
    "components": "Separate groups (components)",
    "largest_component_share": "Share of actors in the largest group",
    "degree_centralization": "Degree centralization (0 even, 1 star)",
    "ei_index": "E-I index (-1 within groups, +1 across)", "isolates": "Isolated actors",
    "valued_density": "Interactions per possible tie", "average_clustering":
    "Average clustering", "transitivity": "Transitivity", "assortativity":
    "Assortativity (same-group ties)",
}
#: Columns of the readable tables and their short headers (CSV and JSON have them all).
TIMELINE_SHOWN = {"actors": "actors", "ties": "ties", "interactions": "contacts",
                  "density": "density", "mean_degree": "mean ties", "components": "groups",
                  "ei_index": "E-I"}
CENTRALITY_SHOWN = {"name": "actor", "kind": "kind", "ties": "ties", "strength": "contacts",
                    "betweenness": "between", "closeness": "close"}
CENTRALITY_COLUMNS = ["name", "kind", "sector", "ties", "degree", "strength", "betweenness",
                      "closeness", "harmonic", "eigenvector", "pagerank"]


@app.command()
@handle_errors
def summary(files: FilesArg = None, actors: ActorsOpt = None, db: DbOpt = None,
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
    table = pd.DataFrame({"figure": [LABELS.get(k, k) for k in result],
                          "value": pd.Series(list(result.values()), dtype=object)})
    title = "Network summary" + (f" at {payload['window']['site']}" if site else "")
    lines = [] if result["actors"] else ["No interactions in this window."]
    emit(payload, json_out=json_out, csv_path=csv_path,
         xlsx_path=xlsx_path, sheet=pgettext("sheet", "Summary"), table=table, title=title,
         lines=lines)


@app.command()
@handle_errors
def centrality(files: FilesArg = None, actors: ActorsOpt = None, db: DbOpt = None,
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
    note = ("Path measures use tie strength (distance = 1 / interactions)." if weighted
            else "Binary ties; use --weighted to count how often actors meet.")
    note += " Eigenvector, PageRank and harmonic closeness: use --csv or --json."
    lines = [note] if len(df) else ["No interactions in this window."]
    emit(payload, json_out=json_out, csv_path=csv_path,
         xlsx_path=xlsx_path, sheet=pgettext("sheet", "Centrality"),
         table=df[CENTRALITY_COLUMNS].rename_axis("id"), title="Centrality", lines=lines,
         render=lambda: _print(df.reset_index(drop=True), CENTRALITY_SHOWN, "Centrality"))


@app.command()
@handle_errors
def timeline(files: FilesArg = None, actors: ActorsOpt = None, db: DbOpt = None,
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
                               {"period": "period", **TIMELINE_SHOWN}, f"Network by {freq}"))


# ---------------------------------------------------------------------------
def _window(start: str | None, end: str | None, site: str | None, net) -> dict[str, Any]:
    from ..payloads import window_payload

    return window_payload(start, end, site, net)


def _print(table, columns: dict[str, str], title: str, max_rows: int = 60) -> None:
    """A compact rich table: short headers, the first column never cut."""
    import pandas as pd
    from rich.table import Table

    from ._common import _cell, console

    out = Table(title=title)
    shown = table[list(columns)].head(max_rows).copy()
    for i, (col, header) in enumerate(columns.items()):
        numeric = pd.api.types.is_numeric_dtype(shown[col])
        if numeric and shown[col].notna().all() and (shown[col] % 1 == 0).all():
            shown[col] = shown[col].astype("int64")  # 44, not 44.000
        elif not numeric:
            shown[col] = shown[col].map(lambda v: v.replace("_", " ") if isinstance(v, str)
                                        else v)
        out.add_column(header, justify="right" if numeric else "left", no_wrap=True,
                       overflow="ellipsis", min_width=len(header),
                       max_width=None if numeric else (24 if i == 0 else 12))
    for row in shown.itertuples(index=False, name=None):
        out.add_row(*(_cell(v) for v in row))
    console.print(out)
    if len(table) > max_rows:
        console.print(f"... {len(table) - max_rows} more rows (use --csv to get them all)",
                      markup=False)
