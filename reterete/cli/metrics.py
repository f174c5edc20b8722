"""``reterete summary``, ``reterete centrality`` and ``reterete timeline``."""

from __future__ import annotations

import contextlib
import sys
from typing import Annotated, Any

import typer

from ..errors import InputError
from ..i18n import _, at_place, format_decimal, ngettext, pgettext
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
    empty_window_lines,
    handle_errors,
    load_network,
    period_option,
    shown_as,
)

__all__ = ["summary", "centrality", "timeline"]

AttrOpt = Annotated[str, typer.Option(
    "--attr", help="Actor attribute whose groups the E-I index compares (sector, kind, ...).")]
FreqOpt = Annotated[str | None, typer.Option(
    "--freq", help="Period length: hour, day, week, month or quarter (default: from the span "
                   "of the data, e.g. days for a week of data, months for a few months).",
    show_default=False, callback=period_option)]

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
        "diameter": _("Diameter (longest shortest path, steps)"),
        "average_path_length": _("Average path length (steps)"),
        "path_sources": _("Actors the path figures start from"),
        "path_exact": _("Path figures exact (otherwise estimated from a sample)"),
        "reciprocity": _("Reciprocity (share of ties returned)"),
        "timezone": _("Time zone of Unix times in the logs"),
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
                      "closeness", "harmonic", "eigenvector", "pagerank", "reach2",
                      "reach_efficiency"]


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
    result = {k: v for k, v in payload.items() if k not in ("window", "not_met")}
    labels = figure_labels()
    table = pd.DataFrame({"figure": [labels.get(k, k) for k in result],
                          "value": pd.Series(list(result.values()), dtype=object)})
    title = (_("Network summary {at_site}").format(at_site=at_place(payload["window"]["site"]))
             if site
             else _("Network summary"))
    lines = [] if result["actors"] else (empty_window_lines(net, start, end) or
                                         [_("No interactions in this window.")])
    lines += site_lines(net, site, payload["not_met"])
    from ..i18n import Figure
    from ._common import print_table

    shown = table.assign(value=[Figure(v, k) for k, v in result.items()])
    emit(payload, json_out=json_out, csv_path=csv_path,
         xlsx_path=xlsx_path, sheet=pgettext("sheet", "Summary"), table=table, title=title,
         lines=lines, render=lambda: print_table(shown, title=title))


ExactOpt = Annotated[bool, typer.Option(
    "--exact", help="Compute betweenness and closeness exactly, however long it takes.")]
TopOpt = Annotated[int | None, typer.Option(
    "--top", help="Guarantee the K highest of each path measure (betweenness: KADABRA; "
                  "closeness: exact top-K search); the others are estimated.")]
EpsilonOpt = Annotated[float | None, typer.Option(
    "--epsilon", help="Error bound of approximate values (default 0.01 for betweenness; "
                      "with --top, about a tenth of the K-th value as a quick first run "
                      "estimates it, or 0.002 when the top is flat; 0.05 for closeness).")]
MeasuresOpt = Annotated[str | None, typer.Option(
    "--measures", help="Only these path and spectral measures, comma-separated: betweenness, "
                       "closeness, harmonic, eigenvector, pagerank.")]
BudgetOpt = Annotated[float, typer.Option(
    "--time-budget", help="Seconds the exact computation may take before reterete "
                          "approximates with a stated bound (default 30).")]
SeedOpt = Annotated[int | None, typer.Option("--seed", help="Seed of the approximations.")]


@app.command()
@handle_errors
def centrality(files: FilesArg = None, actors: ActorsOpt = None, db: DbOpt = None,
               large_events: LargeEventsOpt = None, large_event_size: LargeEventSizeOpt = None,
               layout: LayoutOpt = None, start: FromOpt = None, end: ToOpt = None,
               site: SiteOpt = None, weighted: WeightedOpt = False,
               anonymize: AnonymizeOpt = False, key_file: KeyFileOpt = None,
               json_out: JsonOpt = False, csv_path: CsvOpt = None,
               xlsx_path: XlsxOpt = None, exact: ExactOpt = False, top: TopOpt = None,
               epsilon: EpsilonOpt = None, measures: MeasuresOpt = None,
               time_budget: BudgetOpt = 30.0, seed: SeedOpt = None) -> None:
    """One row per actor: ties, degree, strength, betweenness, closeness,
    harmonic closeness, eigenvector and PageRank.

    Betweenness and closeness are exact when that fits in --time-budget
    seconds here (measured on the network first); beyond, the 20 highest
    (--top K) are guaranteed and the rest estimated, and the note says so.
    """
    from ..metrics._engine import DEFAULT_TOP
    from ..metrics.centrality import centrality as table_of

    net = load_network(files, actors, db, layout, anonymize=anonymize, key_file=key_file)
    site = shown_as(net, anonymize=anonymize, db=db, key_file=key_file, site=site)[0]
    G = net.graph(start=start, end=end, site=site)
    if exact and top is not None:
        raise InputError(_("Choose --exact or --top, not both."))
    if top is not None and top < 1:
        raise InputError(_("--top must be at least 1."))
    chosen = [m.strip() for m in measures.split(",") if m.strip()] if measures else None
    precision = "exact" if exact else ("top" if top is not None else "auto")
    fits = None
    if precision == "top" and G.number_of_nodes() and not G.is_directed():
        # the exact values rank every actor with certainty: a guaranteed top
        # K is only worth its uncertainty where exact would not fit the budget
        from ..metrics._engine import estimate_exact_seconds, prepare

        fits = estimate_exact_seconds(prepare(G, "weight" if weighted else None),
                                      weighted=weighted, seed=seed)
        if fits <= time_budget:
            precision = "exact"
    with _working(G.number_of_nodes(), json_out):
        df = table_of(G, weight="weight" if weighted else None, strength="weight",
                      precision=precision, top=top or DEFAULT_TOP, epsilon=epsilon,
                      time_budget=time_budget, seed=seed, measures=chosen)
    if top is not None and precision == "exact":
        df.attrs.update(top=int(top), estimated_exact_seconds=round(fits or 0.0, 3))
    df.insert(0, "name", [G.nodes[v].get("name", v) for v in df.index])
    order = ["betweenness", "degree"] if top is not None else ["degree", "betweenness"]
    df = df.sort_values(order, ascending=False, kind="stable")
    records = [{"actor": row["name"], "id": actor,
                **{c: row[c] for c in df.columns if c != "name"}}
               for actor, row in zip(df.index, df.to_dict(orient="records"), strict=True)]
    payload = {"actors": records, "weighted": weighted, "engine": df.attrs.get("engine"),
               "betweenness_method": df.attrs.get("betweenness"),
               "precision": _precision_of(df.attrs),
               "window": _window(start, end, site, net)}
    note = (_("Path measures use tie strength (distance = 1 / interactions).") if weighted
            else _("Binary ties; use --weighted to count how often actors meet."))
    note += " " + _("Eigenvector, PageRank and harmonic closeness: use --csv or --json.")
    lines = [note, *_precision_lines(df.attrs)] if len(df) else (
        empty_window_lines(net, start, end) or [_("No interactions in this window.")])
    if site is not None:
        from ..payloads import not_met

        lines += site_lines(net, site, [net.name_of(a) for a in not_met(net, start, end, site)])
    shown = df
    if top is not None and len(df) > top:
        shown = df.head(top)
        lines.append(ngettext("The {top} highest by betweenness of {n} actor; --csv or --json "
                              "give them all.",
                              "The {top} highest by betweenness of {n} actors; --csv or --json "
                              "give them all.", len(df)).format(top=top, n=len(df)))
    emit(payload, json_out=json_out, csv_path=csv_path,
         xlsx_path=xlsx_path, sheet=pgettext("sheet", "Centrality"),
         table=df[CENTRALITY_COLUMNS].rename_axis("id"), title=_("Centrality"), lines=lines,
         render=lambda: _print(shown.reset_index(drop=True), centrality_shown(),
                               _("Centrality"), max_rows=max(60, len(shown))))


def site_lines(net, site: str | None, unmet: list[str]) -> list[str]:
    """What a reader needs besides the figures: whether sites come from the
    registry only, or this one does while the logs name others (said once, in
    words: :meth:`Network.site_note`), and who is registered, not yet met."""
    from ..metrics.coverage import _few

    lines = [note] if (note := net.site_note(site)) else []
    if unmet:
        lines.append(ngettext("{n} registered actor not yet met (no contact in this window): "
                              "{names}.",
                              "{n} registered actors not yet met (no contact in this window): "
                              "{names}.", len(unmet)).format(n=len(unmet), names=_few(unmet)))
    return lines


def _precision_of(attrs: dict[str, Any]) -> dict[str, Any]:
    """How the path measures were computed, for ``--json``: method per measure and bounds."""
    out = {"mode": attrs.get("precision"),
           "methods": {m: attrs.get(m) for m in ("betweenness", "closeness", "harmonic")}}
    for key in ("epsilon", "delta", "top", "estimated_exact_seconds", "note", "measures",
                "details"):
        if attrs.get(key) is not None:
            out[key] = attrs[key]
    return out


def _precision_lines(attrs: dict[str, Any]) -> list[str]:
    """The printed note on how betweenness and closeness were computed, with their bounds."""
    mode = attrs.get("precision")
    seconds = attrs.get("estimated_exact_seconds")
    if mode in (None, "exact"):
        lines = []
        if attrs.get("note"):
            lines.append(_("Directed network: betweenness and closeness are exact."))
        elif attrs.get("top") is not None:
            lines.append(_("Betweenness and closeness are exact: here that fits the time budget "
                           "(about {seconds} s), so the {top} highest are certain.")
                         .format(seconds=format_decimal(seconds or 0.0, 1), top=attrs["top"]))
        elif seconds is not None:
            lines.append(_("Betweenness and closeness are exact (about {seconds} s here).")
                         .format(seconds=format_decimal(seconds, 1)))
        return lines
    if mode == "sampled":
        return [_("Betweenness is estimated from sampled actors ({how}), without a stated "
                  "error bound.").format(how=attrs.get("betweenness"))]
    eps = attrs.get("epsilon") or {}
    p = format_decimal(1 - (attrs.get("delta") or 0.1), 2)
    top = attrs.get("top")
    details = attrs.get("details") or {}
    lines = []
    if mode == "top" and seconds is not None:
        lines.append(_("Exact betweenness and closeness would take about {seconds} s here, "
                       "more than the time budget: the {top} highest actors of each are "
                       "guaranteed and the others estimated. --exact computes them all.")
                     .format(seconds=format_decimal(seconds, 0), top=top))
    elif mode == "top":
        lines.append(_("The {top} highest actors of each path measure are guaranteed; the "
                       "others are estimated.").format(top=top))
    method = (details.get("betweenness") or {}).get("method")
    b_eps = format_decimal(eps.get("betweenness"), 4)
    b_details = details.get("betweenness") or {}
    if method in ("kadabra-top", "kadabra"):
        lines.append(_("Betweenness: every value within {eps} of the exact one, plus at most "
                       "{bias} for the sampler's own lean, with probability {p} or more "
                       "(KADABRA, Borassi and Natale 2019).").format(
                           eps=b_eps, p=p, bias=format_decimal(b_details.get("bias") or 0, 4)))
    if method == "kadabra-top":
        lines.extend(_certainty_lines(b_details, top, seconds))
    elif method != "kadabra":
        lines.append(_("Betweenness: every value within {eps} of the exact one with "
                       "probability {p} or more (Riondato and Kornaropoulos 2016, {samples} "
                       "sampled paths).").format(
                           eps=b_eps, p=p,
                           samples=(details.get("betweenness") or {}).get("samples")))
    largest = (details.get("betweenness") or {}).get("largest")
    if method != "kadabra-top" and largest is not None and eps.get("betweenness") and \
            eps["betweenness"] >= largest / 2:
        lines.append(_("The bound is not small against the highest betweenness ({largest}): "
                       "ranks by betweenness say little; use a smaller --epsilon, --top or "
                       "--exact.").format(largest=format_decimal(largest, 4)))
    close = details.get("closeness") or {}
    if not close.get("sources"):
        lines.append(_("Closeness and harmonic closeness: exact."))
    elif mode == "top":
        lines.append(_("Closeness and harmonic closeness: the {top} highest found and "
                       "computed exactly; the others estimated from {sources} sampled actors, "
                       "each within its bound (harmonic: {eps} per actor) with probability {p} "
                       "or more (Eppstein and Wang 2004).").format(
                           top=top, sources=close["sources"], p=p,
                           eps=format_decimal(eps.get("harmonic"), 3)))
    else:
        lines.append(_("Closeness and harmonic closeness: estimated from {sources} sampled "
                       "actors, each within its bound (harmonic: {eps} per actor) with "
                       "probability {p} or more (Eppstein and Wang 2004).").format(
                           sources=close["sources"], p=p,
                           eps=format_decimal(eps.get("harmonic"), 3)))
    return lines


def _certainty_lines(details: dict[str, Any], top: int,
                     exact_seconds: float | None = None) -> list[str]:
    """Which of the top betweenness actors are sure, how many compete, or that the top is flat."""
    if "certain" not in details:
        return []
    certain = len(details["certain"])
    contested = details.get("competing", len(details["possible"]) - certain)
    if details.get("rankable") is False:
        lines = [ngettext(
            "The {top} highest by betweenness cannot be ranked at this budget: {n} actor has "
            "a value within the error of the {top}th, and the error ({eps}) is not small "
            "against that value ({kth}).",
            "The {top} highest by betweenness cannot be ranked at this budget: {n} actors "
            "have values within the error of the {top}th, and the error ({eps}) is not small "
            "against that value ({kth}).", contested + certain).format(
                top=top, n=format_decimal(contested + certain, 0),
                eps=format_decimal(details["bounds_tried"][-1], 4),
                kth=format_decimal(details.get("kth") or 0, 4))]
        if details.get("needed_epsilon"):
            lines.append(_("Ranking them needs an error of about {needed} (a tenth of that "
                           "value): about {samples} sampled paths, some {seconds} s here.")
                         .format(needed=format_decimal(details["needed_epsilon"], 5),
                                 samples=format_decimal(details["needed_samples"], 0),
                                 seconds=format_decimal(details.get("needed_seconds") or 0,
                                                        0)))
        if exact_seconds is not None:
            lines.append(_("The exact values (--exact) would take about {seconds} s here.")
                         .format(seconds=format_decimal(exact_seconds, 0)))
        else:
            lines.append(_("--exact computes every value exactly."))
        return lines
    top = min(top, certain + contested)
    if certain >= top:
        return [_("All {top} are told apart from the others: the list is certain.")
                .format(top=top)]
    return [_("{certain} of the {top} are certain whatever the error; {contested} actors "
              "with values within the error of each other compete for the other {places} "
              "places (`--json` lists both; a smaller --epsilon or --exact settles them).")
            .format(certain=certain, top=top, contested=contested,
                    places=top - certain)]


@contextlib.contextmanager
def _working(actors: int, quiet: bool):
    """A spinner on the terminal while a large network's centralities are computed."""
    if quiet or actors < 5000 or not sys.stderr.isatty():
        yield
        return
    from ._common import err_console

    with err_console.status(_("Computing centralities of {n} actors...").format(
            n=format_decimal(actors, 0))):
        yield


@app.command()
@handle_errors
def timeline(files: FilesArg = None, actors: ActorsOpt = None, db: DbOpt = None,
             large_events: LargeEventsOpt = None, large_event_size: LargeEventSizeOpt = None,
             layout: LayoutOpt = None, start: FromOpt = None, end: ToOpt = None,
             site: SiteOpt = None, freq: FreqOpt = None, attr: AttrOpt = "sector",
             json_out: JsonOpt = False, csv_path: CsvOpt = None,
             xlsx_path: XlsxOpt = None) -> None:
    """The summary figures period by period (hour, day, week, month or quarter;
    by default the grain the span of the data needs)."""
    from ..metrics.temporal import timeline as per_period

    net = load_network(files, actors, db, layout)
    df = per_period(net, freq, site, attr, start=start, end=end)
    freq = df.attrs["freq"]

    def when(stamp):
        return stamp.isoformat() if freq == "hour" else stamp.date()

    records = [{"period": p, **row, "start": when(row["start"]), "end": when(row["end"])}
               for p, row in zip(df.index, df.to_dict(orient="records"), strict=True)]
    payload = {"periods": records, "freq": freq, "window": _window(start, end, site, net),
               "timezone": net.timezone}
    lines = [_("Times are wall-clock times in {zone} (Unix times were read there).").format(
        zone=net.timezone)] if net.timezone else []
    lines += empty_window_lines(net, start, end)
    emit(payload, json_out=json_out, csv_path=csv_path,
         xlsx_path=xlsx_path, sheet=pgettext("sheet", "Timeline"), table=df, lines=lines,
         render=lambda: _print(_periods_in_words(df.rename_axis("period").reset_index()),
                               {"period": pgettext("short", "period"), **timeline_shown()},
                               _by_period(freq)))


# ---------------------------------------------------------------------------
def _window(start: str | None, end: str | None, site: str | None, net) -> dict[str, Any]:
    from ..payloads import window_payload

    return window_payload(start, end, site, net)


def _periods_in_words(table):
    """The readable table's periods as people name them (``terzo trimestre 2024``,
    ``Settimana 37, 2024``, ``settembre 2024``); CSV and JSON keep the labels."""
    from ..i18n import format_period

    return table.assign(period=[format_period(p) for p in table["period"]])


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
    from ..i18n import Figure

    for col in columns:
        numeric = pd.api.types.is_numeric_dtype(shown[col]) and not \
            pd.api.types.is_bool_dtype(shown[col])
        if numeric:  # by the precision rule of the figure (44, 4,59, 0,107, 100%)
            shown[col] = pd.Series([Figure(v, col) for v in shown[col]], index=shown.index,
                                   dtype=object)
        elif not numeric:
            shown[col] = shown[col].map(lambda v: v.replace("_", " ") if isinstance(v, str)
                                        else v)
    print_table(shown, title=title, headers=columns, max_rows=max_rows)
