"""The JSON-ready results of the jobs people run: one builder per job.

The command line (``--json``) and the web application (``reterete app``'s
``/api/...`` routes and pages) both answer with these objects, so the keys
and their meaning are the same wherever a figure is read. Values may still
be numpy or pandas scalars: :func:`to_jsonable` makes plain JSON of them.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

__all__ = ["to_jsonable", "check_payload", "summary_payload", "window_payload", "antennas_payload",
           "recommend_payload", "import_payload", "compare_payload"]


def check_payload(result, threshold: float = 88.0, *, duplicates=None) -> dict[str, Any]:
    """``reterete check --json``: ``ok``, ``files``, ``errors``, ``warnings``,
    ``duplicates`` (each ``name_a``, ``name_b``, ``score``, ``difference``; and
    ``actors``, ``interactions``, ``sites``, ``timezone`` when clean) from a
    :class:`reterete.ingest.CheckResult`. ``duplicates`` takes the table of
    :meth:`~reterete.ingest.CheckResult.duplicates` when the caller has it
    already (the search is not free on big registries)."""
    dups = result.duplicates(threshold) if duplicates is None else duplicates
    payload: dict[str, Any] = {
        "ok": result.ok,
        "files": result.files,
        "errors": [p.to_dict() for p in result.errors],
        "warnings": [p.to_dict() for p in result.warnings],
        "duplicates": dups[["name_a", "name_b", "score", "difference"]]
        .to_dict(orient="records"),
    }
    if result.network is not None:
        net = result.network
        payload.update(actors=len(net.actors), interactions=net.n_interactions,
                       sites=net.sites, timezone=net.timezone)
    return payload


def window_payload(start: str | None, end: str | None, site: str | None, net
                   ) -> dict[str, Any]:
    """The window a figure was computed on: ``from``, ``to``, ``site`` (as
    the logs spell it)."""
    return {"from": start, "to": end,
            "site": net.site_names[net.site_key(site)] if site is not None else None}


def summary_payload(net, *, start: str | None = None, end: str | None = None,
                    site: str | None = None, attr: str = "sector") -> dict[str, Any]:
    """``reterete summary --json``: the whole-network figures of
    :func:`reterete.metrics.summary` plus ``window`` and ``timezone`` (the
    zone Unix times were read in, None when the logs had none). Computed from
    the window's tie table (:meth:`~reterete.Network.ties`), equal to
    :func:`~reterete.metrics.summary` of ``net.graph(start, end, site)``
    without building that graph."""
    from .metrics.structure import summary_of_ties

    ties = net.ties(start=start, end=end, site=site)
    return {**summary_of_ties(ties, net.actors, attr),
            "window": window_payload(start, end, site, net), "timezone": net.timezone,
            "not_met": [net.name_of(a) for a in not_met(net, start, end, site)]}


def not_met(net, start: object = None, end: object = None, site: str | None = None
            ) -> list[str]:
    """Ids of the registry's actors (those it places at ``site``, when given)
    with no contact at all in the window: registered, not yet met."""
    if site is not None:
        placed = net.placed_at(site)
    else:
        reg = net.actors["in_registry"].astype(bool)
        placed = list(reg.index[reg.to_numpy()])
    if not placed:  # no registry: nobody to list (and no scan of a big log)
        return []
    import pandas as pd

    inter = net.window(start, end)
    ids = pd.Index(placed)
    met = ids.isin(inter["source"]) | ids.isin(inter["target"])
    return sorted(ids[~met])


def antennas_payload(plan) -> dict[str, Any]:
    """``reterete antennas --json`` for one site's plan (a
    :class:`reterete.metrics.antennas.SitePlan`)."""
    return {
        "site": plan.site,
        "antennas": [{"actor": a, "name": nm, "kind": kd, "gain": g, "reaches": list(r),
                      "cost_hours": plan.plan.parameters.get("costs", {}).get(a)}
                     for a, nm, kd, g, r in zip(plan.selected, plan.names, plan.kinds,
                                                plan.gains, plan.reaches, strict=True)],
        "coverage": plan.coverage,
        "covered": len(plan.covered),
        "targets": plan.targets,
        "method": plan.method,
        "optimal": plan.optimal,
        # exact: True when the plan is the one the data define among equally
        # good plans (the same on every computer), False when time ran out first
        "canonical": plan.plan.parameters.get("canonical"),
        "bound": plan.bound,
        "hops": plan.plan.parameters.get("hops"),
        "cost_hours": plan.cost_hours,
        # cover=: the share asked, whether it is reached, and no plan needs
        # fewer antennas (or hours) than fewest_bound
        "cover": plan.cover,
        "cover_met": plan.cover_met,
        "fewest_bound": plan.plan.parameters.get("fewest_bound"),
        # k with exact: fewer than k antennas already reach the best coverage
        "k": plan.plan.parameters.get("k"),
        "fewer_than_k": plan.fewer_than_k,
        # registered actors of the site with no contact in the window: neither
        # antennas nor targets (unless --include-uncontacted), whom to meet first
        "not_met": [{"actor": a, "name": plan.name_of.get(a, a), "kind": plan.kinds_of.get(a)}
                    for a in plan.not_met],
        "summary": plan.summary(),
    }


def recommend_payload(table, site_name: str) -> dict[str, Any]:
    """``reterete recommend --json`` from :func:`reterete.metrics.recommend.recommend`'s
    table."""
    records = []
    for row in table.itertuples(index=False):
        records.append({
            "actor": row.actor, "name": row.name, "kind": row.kind, "score": row.score,
            "reasons": list(row.reasons), "status": row.status, "gain": row.gain,
            "bridging": row.bridging, "recency": row.recency,
            "days_since_seen": row.days_since_seen, "days_since_team": row.days_since_team,
        })
    return {"site": site_name, "recommendations": records,
            "reference_date": table.attrs.get("reference"),
            "notes": list(table.attrs.get("notes", []))}


def import_payload(report, db: object) -> dict[str, Any]:
    """``reterete import --json`` from a :class:`reterete.store.ImportReport`."""
    return {"ok": True, "db": str(db), "new": report.new, "present": report.present,
            "left_out": report.left_out, "rejected": 0,
            "files": report.table().to_dict(orient="records"),
            "actors_added": report.actors_added, "actors_updated": report.actors_updated,
            "warnings": [w.to_dict() for w in report.warnings]}


def compare_payload(result) -> dict[str, Any]:
    """``reterete compare --json`` from a :class:`reterete.metrics.compare` result."""
    return {"ok": True, **result.to_dict()}


def to_jsonable(value: Any) -> Any:
    """Plain JSON types for numpy / pandas values; NaN and inf become null."""
    import numpy as np
    import pandas as pd

    from .i18n import Message

    if isinstance(value, Message):  # a message says itself in the language in force
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return [to_jsonable(r) for r in value.reset_index().to_dict(orient="records")]
    if isinstance(value, pd.Series):
        return to_jsonable(value.to_dict())
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return f if math.isfinite(f) else None
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return value.isoformat()
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, Path):
        return str(value)
    return value
