"""Reading contact logs and actor registries into a :class:`~reterete.Network`."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import IngestError, Problem
from ..identity import normalize_name, normalize_series
from ..network import INTERACTION_COLUMNS, Network, actors_table
from .actors import alias_map, parse_registry, read_actors
from .contacts import parse_log
from .dates import parse_dates
from .duplicates import likely_duplicates
from .files import Limits, read_raw

__all__ = ["read_contacts", "read_actors", "check_contacts", "CheckResult", "likely_duplicates",
           "parse_dates", "Limits"]


def read_contacts(paths: object, actors: object = None, layout: str | None = None,
                  *, aliases: dict[str, str] | None = None) -> Network:
    """Read one or more contact logs (and a registry) into one Network.

    Parameters
    ----------
    paths : path, DataFrame, or a list of them
        Contact logs: CSV (``,`` ``;`` tab; UTF-8 or Windows-1252), XLSX, ODS,
        Parquet, or DataFrames. Headers may be English or Italian.
    actors : path or DataFrame, optional
        The actor registry (see :func:`read_actors`).
    layout : {"pairwise", "attendance", "worker"}, optional
        Force the layout instead of detecting it from the columns.
    aliases : dict, optional
        Extra name -> canonical name merges (a workspace's ``alias`` records).

    Raises
    ------
    IngestError
        With every problem of every file (file, row, column, value, reason).

    Examples
    --------
    >>> log = pd.DataFrame({"Data": ["02/09/2024", "16/09/2024"],
    ...                     "Attore 1": ["Polizia Locale", "Bar Roma"],
    ...                     "Attore 2": ["Bar Roma", "Comitato Quartiere Po"],
    ...                     "Luogo": ["Piazza Roma", "Piazza Roma"]})
    >>> net = read_contacts(log)
    >>> sorted(net.graph().edges())
    [('bar roma', 'comitato quartiere po'), ('bar roma', 'polizia locale')]
    """
    result = check_contacts(paths, actors=actors, layout=layout, aliases=aliases)
    if result.errors:
        raise IngestError(result.errors, result.warnings)
    return result.network


class CheckResult:
    """What :func:`check_contacts` found: the network (if every row was good),
    the errors, the warnings and the likely duplicate names."""

    def __init__(self, network: Network | None, errors: list[Problem],
                 warnings: list[Problem], files: list[dict]):
        self.network = network
        self.errors = errors
        self.warnings = warnings
        self.files = files

    @property
    def ok(self) -> bool:
        return not self.errors

    def duplicates(self, threshold: float = 88.0) -> pd.DataFrame:
        if self.network is None:
            return likely_duplicates(pd.Series(dtype=object), threshold=threshold)
        return likely_duplicates(self.network.actors["name"], threshold=threshold)


def _as_list(paths: object) -> list[object]:
    if isinstance(paths, (str, os.PathLike, pd.DataFrame)):
        return [paths]
    if isinstance(paths, Iterable):
        return list(paths)
    return [paths]


def check_contacts(paths: object, actors: object = None, layout: str | None = None,
                   *, aliases: dict[str, str] | None = None) -> CheckResult:
    """Read and validate everything, collecting all problems instead of stopping."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    registry = None
    if actors is not None:
        raw = read_raw(actors, name="<actors>" if isinstance(actors, pd.DataFrame) else None)
        registry, reg_problems, reg_warnings = parse_registry(raw)
        errors += reg_problems
        warnings += reg_warnings
    sources = _as_list(paths)
    if not sources:
        errors.append(Problem("<input>", None, None, None, "no contact log given"))
    logs = []
    files = []
    for k, src in enumerate(sources):
        label = f"<table {k + 1}>" if isinstance(src, pd.DataFrame) else Path(
            os.fspath(src)).name
        raw = read_raw(src, name=label)
        log = parse_log(raw, layout)
        errors += log.problems
        warnings += log.warnings
        logs.append(log)
        files.append({"file": label, "layout": log.layout, "rows": int(len(raw.rows)),
                      "encoding": raw.encoding, "separator": raw.separator,
                      "interactions": int(len(log.interactions))})
    if errors:
        return CheckResult(None, errors, warnings, files)
    frames = [log.interactions for log in logs if len(log.interactions)]
    inter = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        {c: pd.Series(dtype="datetime64[ns]" if c == "date" else object)
         for c in ("date", "source", "target", "file", "row")})
    merges = dict(alias_map(registry)) if registry is not None else {}
    merges.update({normalize_name(k): normalize_name(v) for k, v in (aliases or {}).items()})
    net = _assemble(inter, registry, merges, warnings)
    return CheckResult(net, errors, warnings, files)


def _assemble(inter: pd.DataFrame, registry: pd.DataFrame | None, merges: dict[str, str],
              warnings: list[Problem]) -> Network:
    """Ids, display names, aliases, sites, self-contacts: one Network."""
    names: dict[str, str] = {}
    if registry is not None:
        names.update(zip(registry.index, registry["name"], strict=True))
    ids = {}
    for col in ("source", "target", "recorded_by"):
        if col not in inter:
            continue
        raw = inter[col]
        key = normalize_series(raw)
        if merges:
            key = key.map(lambda k: merges.get(k, k) if k is not None else None)
        ids[col] = key
        present = key.notna()
        first = pd.DataFrame({"id": key[present], "name": raw[present]}).drop_duplicates("id")
        for i, n in zip(first["id"], first["name"], strict=True):
            names.setdefault(i, str(n))
    for col, key in ids.items():
        inter[col] = key
    site_names: dict[str, str] = {}
    if registry is not None and "sites" in registry:
        for sites in registry["sites"]:
            for s in sites:
                site_names.setdefault(normalize_name(s), s)
    if "site" in inter and inter["site"].notna().any():
        site_key = normalize_series(inter["site"])
        present = site_key.notna()
        first = pd.DataFrame({"k": site_key[present], "s": inter["site"][present]}) \
            .drop_duplicates("k")
        for k, s in zip(first["k"], first["s"], strict=True):
            site_names.setdefault(k, str(s))
        inter["site"] = site_key.map(site_names)
    self_mask = (inter["source"] == inter["target"]).to_numpy() if len(inter) else \
        np.zeros(0, bool)
    for file, row, who in zip(inter["file"].to_numpy()[self_mask],
                              inter["row"].to_numpy()[self_mask],
                              inter["source"].to_numpy()[self_mask], strict=True):
        warnings.append(Problem(str(file), int(row), None, names.get(who, who),
                                "is a contact of an actor with itself: left out"))
    inter = inter[~self_mask]
    for col, default in (("site", None), ("kind", None), ("duration_min", np.nan),
                         ("weight", 1.0), ("recorded_by", None), ("event", None),
                         ("note", None)):
        if col not in inter:
            inter[col] = default
    inter["weight"] = pd.to_numeric(inter["weight"]).fillna(1.0)
    inter["duration_min"] = pd.to_numeric(inter["duration_min"]).astype(float)
    extra = [c for c in inter.columns if c not in INTERACTION_COLUMNS]
    inter = inter[INTERACTION_COLUMNS + extra].sort_values(["date", "file", "row"],
                                                           kind="stable").reset_index(drop=True)
    inter["date"] = pd.to_datetime(inter["date"])
    # only people who took part in a contact are actors; a worker id in
    # recorded_by of a pairwise log is provenance, not a tie
    seen = pd.unique(np.concatenate([inter["source"].to_numpy(dtype=object),
                                     inter["target"].to_numpy(dtype=object)]))
    log_names = {a: names.get(a, a) for a in seen}
    table = actors_table(log_names, registry)
    if registry is not None:
        table.loc[registry.index, "name"] = registry["name"].to_numpy()
        unseen = [a for a in registry.index if a not in log_names]
        file = str(registry["file"].iloc[0]) if "file" in registry and len(registry) else \
            "<actors>"
        if unseen:
            shown = ", ".join(registry.loc[unseen[:10], "name"])
            more = f" and {len(unseen) - 10} more" if len(unseen) > 10 else ""
            warnings.append(Problem(file, None, None, None,
                                    f"{len(unseen)} registry actor(s) have no contact in the "
                                    f"logs: {shown}{more}"))
    return Network(table, inter, tuple(warnings), site_names)
