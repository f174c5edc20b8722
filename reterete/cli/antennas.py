"""``reterete antennas`` and ``reterete recommend``: whom to rely on at a site,
and whom to engage next."""

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
    XlsxOpt,
    app,
    emit,
    handle_errors,
    load_network,
    shown_as,
)

__all__ = ["antennas", "recommend"]

KOpt = Annotated[int | None, typer.Option("-k", help="Number of antennas.")]
BudgetOpt = Annotated[float | None, typer.Option(
    "--budget-hours", help="Hours available instead of a number of antennas "
    "(uses each actor's hours from the registry's Hours column).")]
HopsOpt = Annotated[int, typer.Option(
    "--hops", help="Reach: 1 = an antenna's direct contacts, 2 = their contacts too.")]
ExactOpt = Annotated[bool, typer.Option(
    "--exact", help="Search for the best possible set (slower) instead of the greedy choice.")]
AllSitesOpt = Annotated[bool, typer.Option(
    "--all-sites", help="A plan for every site, and one city-wide plan sharing antennas.")]
ExcludeOpt = Annotated[list[str] | None, typer.Option(
    "--exclude", help="An actor never to choose (repeat the option for several).")]
IncludeOpt = Annotated[list[str] | None, typer.Option(
    "--include", help="An actor to choose in any case (repeat for several).")]
CoverOpt = Annotated[str | None, typer.Option(
    "--cover", help="Instead of -k: the fewest antennas that reach at least this share of "
                    "the site's actors (90%, 90 or 0.9).")]
ByHoursOpt = Annotated[bool, typer.Option(
    "--by-hours", help="With --cover: the cheapest antennas in hours (the registry's Hours "
                       "column) rather than the fewest.")]
UncontactedOpt = Annotated[bool, typer.Option(
    "--include-uncontacted", help="Also plan with registered actors who have no contact in "
                                  "the window (by default they are listed apart as "
                                  "registered, not yet met).")]
TimeOpt = Annotated[float, typer.Option(
    "--time-limit", help="Seconds the --exact search may take.")]


@app.command()
@handle_errors
def antennas(files: FilesArg = None, actors: ActorsOpt = None, db: DbOpt = None,
             large_events: LargeEventsOpt = None, large_event_size: LargeEventSizeOpt = None,
             layout: LayoutOpt = None, start: FromOpt = None, end: ToOpt = None,
             site: SiteOpt = None, k: KOpt = None, budget_hours: BudgetOpt = None,
             cover: CoverOpt = None, by_hours: ByHoursOpt = False, hops: HopsOpt = 1,
             exact: ExactOpt = False, all_sites: AllSitesOpt = False,
             exclude: ExcludeOpt = None, include: IncludeOpt = None,
             time_limit: TimeOpt = 10.0, include_uncontacted: UncontactedOpt = False,
             anonymize: AnonymizeOpt = False,
             key_file: KeyFileOpt = None, json_out: JsonOpt = False,
             csv_path: CsvOpt = None, xlsx_path: XlsxOpt = None) -> None:
    """The antennas of a site: the few community actors (not the team) who
    together reach most of the site's actors, with what each one reaches."""
    from ..errors import InputError
    from ..metrics.antennas import select_antennas, select_antennas_all

    if sum(x is not None for x in (k, budget_hours, cover)) != 1:
        raise InputError(_("give one of -k (number of antennas), --budget-hours or --cover "
                           "(share to reach), and only one"))
    if by_hours and cover is None:
        raise InputError(_("--by-hours goes with --cover (the cheapest antennas that reach "
                           "a share)"))
    if site is None and not all_sites:
        raise InputError(_("say which site with --site, or use --all-sites"))
    if site is not None and all_sites:
        raise InputError(_("give --site or --all-sites, not both"))
    net = load_network(files, actors, db, layout, anonymize=anonymize, key_file=key_file)
    site, include = shown_as(net, anonymize=anonymize, db=db, key_file=key_file, site=site,
                             actors=include)
    exclude = shown_as(net, anonymize=anonymize, db=db, key_file=key_file, actors=exclude)[1]
    method = "exact" if exact else "greedy"
    common: dict[str, Any] = dict(k=k, budget_hours=budget_hours, hops=hops, method=method,
                                  exclude=exclude or (), include=include or (), start=start,
                                  end=end, time_limit=time_limit, cover=cover,
                                  by_hours=by_hours, include_uncontacted=include_uncontacted)
    if not all_sites:
        plan = select_antennas(net, site, **common)
        full = _with_not_met(plan.table(), plan)

        def render_one() -> None:
            from ._common import print_table

            print_table(_table(plan), title=_("Antennas of {site}").format(site=plan.site))
            _print_not_met(plan)

        emit(_payload(plan), json_out=json_out, csv_path=csv_path,
             xlsx_path=xlsx_path, sheet=pgettext("sheet", "Antennas"), table=full,
             render=render_one, lines=[plan.summary(), *filter(None, [
                 plan.hint(), net.site_note(plan.site)])])
        return
    plans = select_antennas_all(net, **common)
    payload = {"sites": [_payload(p) for p in plans.sites.values()],
               "city": _payload(plans.city)}
    import pandas as pd

    parts = [_with_not_met(p.table().assign(site=p.site), p)
             for p in [*plans.sites.values(), plans.city]]
    table = pd.DataFrame([r for part in parts for r in part.to_dict(orient="records")],
                         columns=list(parts[0].columns))
    table = table[["site"] + [c for c in table.columns if c != "site"]]

    def render() -> None:
        from ._common import console, print_table

        said = set()
        for p in [*plans.sites.values(), plans.city]:
            print_table(_table(p), title=_("Antennas of {site}").format(
                site=p.site or _("all sites together")))
            _print_not_met(p)
            console.print(p.summary(), markup=False, soft_wrap=True)
            if p.hint():
                console.print(p.hint(), markup=False, soft_wrap=True)
            note = net.site_note(p.site)
            if note and note not in said:      # "the logs name no site": once
                console.print(note, markup=False, soft_wrap=True)
                said.add(note)

    emit(payload, json_out=json_out, csv_path=csv_path,
         xlsx_path=xlsx_path, sheet=pgettext("sheet", "Antennas"), table=table, render=render)


@app.command()
@handle_errors
def recommend(files: FilesArg = None, actors: ActorsOpt = None, db: DbOpt = None,
              large_events: LargeEventsOpt = None, large_event_size: LargeEventSizeOpt = None,
              layout: LayoutOpt = None, start: FromOpt = None, end: ToOpt = None,
              site: SiteOpt = None,
              n: Annotated[int, typer.Option("-n", help="How many actors to list.")] = 10,
              stale_days: Annotated[float, typer.Option(
                  "--stale-days",
                  help="A team contact older than this many days is fading.")] = 60,
              hops: HopsOpt = 1, anonymize: AnonymizeOpt = False,
              key_file: KeyFileOpt = None, json_out: JsonOpt = False,
              csv_path: CsvOpt = None, xlsx_path: XlsxOpt = None) -> None:
    """Whom to engage next at a site: actors not yet in touch with the team (or
    drifting away), ranked by what they would add, with the reasons."""
    from ..errors import InputError
    from ..i18n import at_place
    from ..metrics.recommend import recommend as rank
    from ..payloads import recommend_payload

    if site is None:
        raise InputError(_("say which site with --site"))
    net = load_network(files, actors, db, layout, anonymize=anonymize, key_file=key_file)
    site = shown_as(net, anonymize=anonymize, db=db, key_file=key_file, site=site)[0]
    table = rank(net, site, n=n, start=start, end=end, stale_days=stale_days, hops=hops)
    site_name = net.site_names[net.site_key(site)]
    payload = recommend_payload(table, site_name)
    shown = table[["name", "kind", "score", "reasons"]].copy()
    shown["reasons"] = shown["reasons"].map("; ".join)
    notes = payload["notes"]
    lines = [] if len(table) else [
        _("Everyone {at_site} is already in touch with the team.").format(
            at_site=at_place(site_name))]
    lines += notes

    def render() -> None:
        from ..viz.labels import kind_label
        from ._common import print_table

        readable = shown.assign(kind=shown["kind"].map(kind_label))
        print_table(readable, title=_("Whom to engage next {at_site}").format(
            at_site=at_place(site_name)))

    emit(payload, json_out=json_out, csv_path=csv_path,
         xlsx_path=xlsx_path, sheet=pgettext("sheet", "Engage next"), table=shown,
         render=render, lines=lines)


def _payload(plan) -> dict[str, Any]:
    from ..payloads import antennas_payload

    return antennas_payload(plan)


def _with_not_met(table, plan):
    """The plan's table for --csv/--xlsx: the antennas, then the registered
    actors not yet met, told apart by ``status``."""
    import pandas as pd

    table = table.copy()
    table["reaches"] = table["reaches"].map(", ".join)
    table.insert(1, "status", pgettext("antenna status", "antenna"))
    if plan.not_met:
        # rows built as records: no concatenation of all-missing columns
        status = pgettext("antenna status", "registered, not yet met")
        rows = table.to_dict(orient="records")
        for a in plan.not_met:
            rows.append({**dict.fromkeys(table.columns), "actor": a, "status": status,
                         "name": plan.name_of.get(a, a), "kind": plan.kinds_of.get(a),
                         **({"site": plan.site} if "site" in table else {})})
        table = pd.DataFrame(rows, columns=list(table.columns))
    return table


def _print_not_met(plan) -> None:
    if not plan.not_met:
        return
    from ..viz.labels import kind_label
    from ._common import print_table

    apart = plan.not_met_table()[["name", "kind"]]
    apart["kind"] = apart["kind"].map(kind_label)
    print_table(apart, title=_("Registered, not yet met"))


def _table(plan):
    table = plan.table()[["name", "kind", "gain", "reaches", "cost_hours"]].copy()
    if table["cost_hours"].isna().all():
        table = table.drop(columns="cost_hours")
    table["reaches"] = table["reaches"].map(", ".join)
    from ..viz.labels import kind_label

    table["kind"] = table["kind"].map(kind_label)
    return table
