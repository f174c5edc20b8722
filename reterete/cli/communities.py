"""``reterete communities``: groups of actors more tied among themselves than to others."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..i18n import _, format_decimal, ngettext, pgettext
from . import _common as opt  # the options every command shares, by one name
from ._common import app, handle_errors

__all__ = ["communities", "communities_payload"]

ResolutionOpt = Annotated[float, typer.Option(
    "--resolution", help="Higher gives more, smaller groups; lower fewer, larger ones "
                         "(default 1).")]
CommunitySeedOpt = Annotated[int | None, typer.Option(
    "--seed", help="Seed of the search: the same seed gives the same groups (default: a "
                   "new one each run, printed).")]


def communities_payload(found, G, *, window: dict[str, Any] | None = None) -> dict[str, Any]:
    """``reterete communities --json`` from a :class:`reterete.metrics.Communities`:
    ``communities`` (each ``id``, ``actors`` (names), ``ids``, ``size``, ``name``,
    ``leaders``, ``kinds``, ``sectors``, ``sites``, ``internal_ties``,
    ``external_ties``), ``modularity``, ``method``, ``resolution``, ``seed``,
    ``weighted`` and ``bridges`` (``actor``, ``id``, ``community``, ``participation``)."""
    from ..metrics.communities import group_name

    def name(a):
        return G.nodes[a].get("name", a)

    groups = []
    for gid, row in found.table.iterrows():
        leaders = [str(name(a)) for a in row["leaders"]]
        groups.append({
            "id": int(gid), "actors": [name(a) for a in row["actors"]],
            "ids": list(row["actors"]), "size": int(row["size"]),
            "name": group_name(leaders, int(row["size"])), "leaders": leaders,
            "kinds": row["kinds"], "sectors": row["sectors"], "sites": row["sites"],
            "internal_ties": row["internal_ties"], "external_ties": row["external_ties"]})
    bridges = found.bridges(10)
    return {"communities": groups, "modularity": found.modularity, "method": found.method,
            "resolution": found.resolution, "seed": found.seed,
            "weighted": found.weight is not None,
            "bridges": [{"actor": name(a), "id": a, "community": int(found.membership[a]),
                         "participation": float(p)} for a, p in bridges.items()],
            **({"window": window} if window is not None else {})}


def actors_table(found, G, *, kind: bool = True):
    """Each actor's group and participation, for the files a person opens:
    groups numbered from 1, as the report, the page and the terminal say them
    (``--json`` keeps the 0-based ``id``)."""
    import pandas as pd

    index = found.membership.index
    columns = {"name": [G.nodes[a].get("name", a) for a in index]}
    if kind:
        columns["kind"] = [G.nodes[a].get("kind") for a in index]
    columns["sector"] = [G.nodes[a].get("sector") for a in index]
    columns["community"] = found.membership.to_numpy() + 1
    columns["participation"] = found.participation.to_numpy()
    return pd.DataFrame(columns, index=index.rename("id")).sort_values(
        ["community", "name"], kind="stable")


@app.command()
@handle_errors
def communities(files: opt.FilesArg = None, actors: opt.ActorsOpt = None,
                db: opt.DbOpt = None, large_events: opt.LargeEventsOpt = None,
                large_event_size: opt.LargeEventSizeOpt = None, layout: opt.LayoutOpt = None,
                start: opt.FromOpt = None, end: opt.ToOpt = None, site: opt.SiteOpt = None,
                resolution: ResolutionOpt = 1.0, seed: CommunitySeedOpt = None,
                weighted: opt.WeightedOpt = False, anonymize: opt.AnonymizeOpt = False,
                key_file: opt.KeyFileOpt = None, json_out: opt.JsonOpt = False,
                csv_path: opt.CsvOpt = None, xlsx_path: opt.XlsxOpt = None) -> None:
    """Groups of actors more tied among themselves than to others (Leiden on
    modularity), each with its size, sectors and kinds, and the actors that
    bridge groups. A description at a resolution, not a fact: try --resolution."""
    import pandas as pd

    from ..metrics.communities import communities as find
    from ..payloads import window_payload
    opt.igraph_without_plotting()   # Leiden is igraph's; its plotting is not needed
    net = opt.load_network(files, actors, db, layout, anonymize=anonymize, key_file=key_file)
    site = opt.shown_as(net, anonymize=anonymize, db=db, key_file=key_file, site=site)[0]
    G = net.graph(start=start, end=end, site=site)
    found = find(G, resolution=resolution, seed=seed,
                 weight="weight" if weighted else None)
    payload = communities_payload(found, G, window=window_payload(start, end, site, net))
    per_actor = actors_table(found, G)
    lines = _lines(found, payload) if len(found) else [_("No interactions in this window.")]

    def render() -> None:
        rows = pd.DataFrame([{
            "id": g["id"] + 1, "size": g["size"], "name": g["name"],
            "sectors": _tally_words(g["sectors"]), "kinds": _tally_words(
                {_kind(k): n for k, n in g["kinds"].items()})}
            for g in payload["communities"][:40]])
        if len(rows):
            opt.print_table(rows, title=_("Groups of actors (communities)"), headers={
                "id": pgettext("short", "group"), "size": pgettext("short", "actors"),
                "name": pgettext("short", "most tied members"),
                "sectors": pgettext("short", "sectors"), "kinds": pgettext("short", "kinds")})

    opt.emit(payload, json_out=json_out, csv_path=csv_path, xlsx_path=xlsx_path,
         sheet=pgettext("sheet", "Communities"), table=per_actor, lines=lines, render=render)


def _lines(found, payload: dict[str, Any]) -> list[str]:
    k = len(found)
    lines = [ngettext("{n} group, modularity {q} (resolution {r}, seed {seed}).",
                      "{n} groups, modularity {q} (resolution {r}, seed {seed}).", k).format(
        n=k, q=format_decimal(found.modularity, 3), r=format_decimal(found.resolution, 2),
        seed=found.seed)]
    if payload["bridges"]:
        lines.append(_("Actors whose ties spread over several groups (bridges): {names}.")
                     .format(names=", ".join(str(b["actor"]) for b in payload["bridges"][:5])))
    lines.append(_("Groups are a description at a resolution, not a fact: a higher "
                   "--resolution splits them, a lower one merges them."))
    return lines


def _kind(kind: Any) -> str:
    from ..viz.labels import kind_label

    return kind_label(kind)


def _tally_words(counts: dict[Any, int], most: int = 3) -> str:
    items = list(counts.items())
    words = ", ".join(f"{k} {n}" for k, n in items[:most])
    if len(items) > most:
        words += " " + _("(+{n} more)").format(n=len(items) - most)
    return words
