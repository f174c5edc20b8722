"""Reading contact logs and actor registries into a :class:`~reterete.Network`."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import IngestError, Problem
from ..i18n import M_, MN_, _
from ..identity import distinct, normalize_name, take
from ..network import INTERACTION_COLUMNS, Network, actors_table
from ..progress import task
from .actors import alias_map, kinds_sheet, parse_registry, read_actors
from .contacts import parse_log
from .dates import parse_dates
from .duplicates import likely_duplicates
from .files import Limits, read_raw

__all__ = ["read_contacts", "read_actors", "check_contacts", "CheckResult", "likely_duplicates",
           "parse_dates", "Limits"]


def read_contacts(paths: object, actors: object = None, layout: str | None = None,
                  *, aliases: dict[str, str] | None = None, large_events: str | None = None,
                  large_event_size: int | None = None, dayfirst: bool | None = None,
                  timezone: str | None = None, time_origin: object = None) -> Network:
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
    large_events : {"keep", "skip", "star"}, optional
        How to count attendance events with more than ``large_event_size``
        participants (default 500); without a choice such an event is an
        error naming it. See :mod:`reterete.ingest.events`.
    large_event_size : int, optional
        The participant count above which an event is large.
    dayfirst : bool, optional
        How ``02/12/2013`` reads: None (default) day-first, with a warning
        when a whole date column reads far better month-first; True
        day-first; False month-first. ISO dates read one way only.
    timezone : str, optional
        IANA time zone (``Europe/Rome``) for Unix times in a column named as
        a time (``timestamp``, ``time``, ``t`` ...); default the local zone.
        Dates become that zone's wall-clock date-times.
    time_origin : str or Timestamp, optional
        The start of the study when the logs' time column counts seconds
        from it (sensor data sets' ``t``), not Unix times: each time is
        ``time_origin`` plus that many seconds, as a wall-clock date-time.

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
    result = check_contacts(paths, actors=actors, layout=layout, aliases=aliases,
                            large_events=large_events, large_event_size=large_event_size,
                            dayfirst=dayfirst, timezone=timezone, time_origin=time_origin)
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
                   *, aliases: dict[str, str] | None = None,
                   names: Sequence[str] | None = None,
                   actors_name: str | None = None, large_events: str | None = None,
                   large_event_size: int | None = None, dayfirst: bool | None = None,
                   timezone: str | None = None, time_origin: object = None) -> CheckResult:
    """Read and validate everything, collecting all problems instead of stopping.

    ``names`` (one per path) and ``actors_name`` are the file names problems
    and provenance show, instead of the paths' own names (an upload kept
    under a private temporary name is reported under the name it was sent with).
    ``dayfirst``, ``timezone`` and ``time_origin`` are as in :func:`read_contacts`.
    """
    from .dates import time_origin as origin_of_times

    with origin_of_times(time_origin):
        return _check_contacts(paths, actors, layout, aliases=aliases, names=names,
                               actors_name=actors_name, large_events=large_events,
                               large_event_size=large_event_size, dayfirst=dayfirst,
                               timezone=timezone)


def _check_contacts(paths: object, actors: object, layout: str | None, *,
                    aliases: dict[str, str] | None, names: Sequence[str] | None,
                    actors_name: str | None, large_events: str | None,
                    large_event_size: int | None, dayfirst: bool | None,
                    timezone: str | None) -> CheckResult:
    errors, warnings, registry, sources = _inputs(paths, actors, names, actors_name)
    logs = []
    files = []
    for k, src in enumerate(sources):
        label = _label(src, k, names)
        with task(_("Reading {file}").format(file=label)):
            raw = read_raw(src, name=label)
        with task(_("Checking {file}").format(file=label)):
            log = parse_log(raw, layout, large_events=large_events,
                            large_event_size=large_event_size, dayfirst=dayfirst,
                            timezone=timezone)
        errors += log.problems
        warnings += log.warnings
        logs.append(log)
        files.append({"file": label, "layout": log.layout, "rows": int(len(raw.rows)),
                      "encoding": raw.encoding, "separator": raw.separator,
                      "interactions": int(len(log.interactions))})
    if errors:
        return CheckResult(None, errors, warnings, files)
    frames = [log.interactions for log in logs if len(log.interactions)]
    inter = concat_logs(frames) if frames else pd.DataFrame(
        {c: pd.Series(dtype="datetime64[ns]" if c == "date" else object)
         for c in ("date", "source", "target", "file", "row")})
    with task(_("Building the network")):
        net = _assemble(inter, registry, merges_of(registry, aliases), warnings)
    zones = {log.timezone for log in logs if log.timezone is not None}
    if zones:
        net = replace(net, timezone=zones.pop())
    return CheckResult(net, errors, warnings, files)


def concat_logs(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The interactions of several logs one under the other, column by column.

    A column one log lacks, or holds no value in, takes the type the other
    logs give it (what ``pd.concat`` did before pandas 2.1 deprecated it, with a
    FutureWarning on pandas 2.x).

    Examples
    --------
    >>> a = pd.DataFrame({"row": [2], "site": [None]})
    >>> b = pd.DataFrame({"row": [2], "site": pd.Categorical(["Roma"]), "note": ["x"]})
    >>> out = concat_logs([a, b])
    >>> out.to_dict(orient="list"), str(out["site"].dtype)
    ({'row': [2, 2], 'site': [nan, 'Roma'], 'note': [nan, 'x']}, 'category')
    """
    columns = list(dict.fromkeys(c for f in frames for c in f.columns))
    out = {}
    for col in columns:
        pieces = [f[col] if col in f else None for f in frames]
        live = [p for p in pieces if p is not None and len(p) and p.notna().any()]
        dtype = live[0].dtype if live else object
        if pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            dtype = dtype if len(live) == len(frames) else np.dtype("float64")
        parts = [p.reset_index(drop=True) if p is not None and len(p) and p.notna().any()
                 else pd.Series(index=pd.RangeIndex(len(f)), dtype=dtype)
                 for p, f in zip(pieces, frames, strict=True)]
        out[col] = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return pd.DataFrame(out, columns=columns)


def _inputs(paths: object, actors: object, names: Sequence[str] | None,
            actors_name: str | None
            ) -> tuple[list[Problem], list[Problem], pd.DataFrame | None, list[object]]:
    """Errors and warnings so far, the registry, the contact logs: how every
    reading of contact logs starts (:func:`check_contacts`, the chunked one)."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    registry = read_registry(actors, errors, warnings, name=actors_name)
    sources = _as_list(paths)
    if names is not None and len(names) != len(sources):
        raise ValueError("give one name per contact log")
    if not sources:
        errors.append(Problem("<input>", None, None, None, M_("no contact log given")))
    return errors, warnings, registry, sources


def _label(src: object, k: int, names: Sequence[str] | None) -> str:
    """The name problems show for the ``k``-th contact log."""
    if names is not None:
        return names[k]
    return f"<table {k + 1}>" if isinstance(src, pd.DataFrame) else Path(os.fspath(src)).name


def read_registry(actors: object, errors: list[Problem], warnings: list[Problem],
                  *, name: str | None = None) -> pd.DataFrame | None:
    """The registry (None without one); its problems and warnings are added
    to the caller's lists. ``name`` is the file name problems show."""
    if actors is None:
        return None
    raw = read_raw(actors, name=name or ("<actors>" if isinstance(actors, pd.DataFrame)
                                         else None))
    registry, problems, warned = parse_registry(raw, kinds_sheet(actors))
    errors += problems
    warnings += warned
    return registry


def merges_of(registry: pd.DataFrame | None, aliases: dict[str, str] | None
              ) -> dict[str, str]:
    """id -> canonical id: the registry's aliases, then the workspace's."""
    merges = dict(alias_map(registry)) if registry is not None else {}
    merges.update({normalize_name(k): normalize_name(v) for k, v in (aliases or {}).items()})
    return merges


def _assemble(inter: pd.DataFrame, registry: pd.DataFrame | None, merges: dict[str, str],
              warnings: list[Problem]) -> Network:
    """Ids, display names, aliases, sites, self-contacts: one Network.

    Everything is worked out over distinct spellings and integer codes, then
    gathered once per column: a million rows name a few thousand actors.
    Each spelling is normalised once however many columns hold it, and where
    each first appears is one hash pass over its column's codes."""
    names: dict[str, str] = {}
    if registry is not None:
        names.update(zip(registry.index, registry["name"], strict=True))
    # one id space for every actor column: codes into `ids`, -1 where missing
    cols = [c for c in ("source", "target", "recorded_by") if c in inter]
    key_of = _id_keys(merges)
    local = {}
    for col in cols:
        codes, uniques = distinct(inter[col])
        local[col] = (codes, uniques, [key_of(u) for u in uniques])
    gid_of_key, ids = pd.factorize(pd.Index([k for c in cols for k in local[c][2]],
                                            dtype=object))
    ids = np.asarray(ids, dtype=object)
    gids, offset = {}, 0
    spellings, first_gid, first_pos, first_spell = [], [], [], []
    firsts = {}  # column -> the ids in the order they first appear in it
    positions = np.arange(len(inter), dtype=np.int64)
    for k, col in enumerate(cols):
        codes, uniques, keys = local[col]
        to_gid = np.append(gid_of_key[offset:offset + len(keys)], -1)
        gids[col] = to_gid[codes]
        # where each spelling first appears (row order), as row * columns + column
        at = _first_rows(codes, len(uniques), positions)
        seen = codes[at].astype(np.int64)
        firsts[col] = pd.unique(to_gid[seen])
        at, seen = at[seen >= 0], seen[seen >= 0]
        first_gid.append(to_gid[seen])
        first_pos.append(at * len(cols) + k)
        first_spell.append(seen + len(spellings))
        spellings.extend(str(u) for u in uniques)
        offset += len(keys)
    # display name: the spelling met first in row order (source before target)
    if first_gid:
        g, pos, sp_code = (np.concatenate(x) for x in (first_gid, first_pos, first_spell))
        order = np.lexsort((pos, g))
        g, sp_code = g[order], sp_code[order]
        lead = np.r_[True, g[1:] != g[:-1]] if len(g) else np.zeros(0, bool)
        for gid, code in zip(g[lead].tolist(), sp_code[lead].tolist(), strict=True):
            names.setdefault(ids[gid], spellings[code])
    site_names: dict[str, str] = {}
    if registry is not None and "sites" in registry:
        for sites in registry["sites"]:
            for s in sites:
                site_names.setdefault(normalize_name(s), s)
    site = None
    if "site" in inter:
        codes, uniques = distinct(inter["site"])
        keys = [normalize_name(u) for u in uniques]
        for u in pd.unique(codes):
            if u >= 0:
                site_names.setdefault(keys[u], str(uniques[u]))
        site = _text([site_names[k] for k in keys], codes)
    src, tgt = gids["source"], gids["target"]
    self_mask = (src == tgt) & (src >= 0)
    for j in np.flatnonzero(self_mask):
        who = ids[src[j]]
        warnings.append(Problem(str(inter["file"].iat[j]), int(inter["row"].iat[j]), None,
                                names.get(who, who),
                                M_("is a contact of an actor with itself: left out")))
    n = len(inter)
    columns: dict[str, object] = {}
    for col in INTERACTION_COLUMNS:
        if col in gids:
            columns[col] = take(ids, gids[col])
        elif col == "site" and site is not None:
            columns[col] = site
        elif col in inter:
            columns[col] = inter[col].to_numpy() if not isinstance(
                inter[col].dtype, pd.CategoricalDtype) else inter[col]
        else:
            columns[col] = {"duration_min": np.nan, "weight": 1.0}.get(col)
    extra = [c for c in inter.columns if c not in INTERACTION_COLUMNS]
    for col in extra:
        columns[col] = inter[col].to_numpy()
    none = _column(None, n, "")  # one column of None for every absent one (copy on write)
    columns = {c: none if v is None else _column(v, n, c) for c, v in columns.items()}
    weight = pd.Series(columns["weight"], copy=False)
    if weight.dtype != np.float64 or weight.isna().any():
        columns["weight"] = pd.to_numeric(weight).fillna(1.0)
    if np.asarray(columns["duration_min"]).dtype != np.float64:
        columns["duration_min"] = pd.to_numeric(pd.Series(columns["duration_min"],
                                                          copy=False)).astype(float)
    if not (isinstance(columns["date"], np.ndarray) and columns["date"].dtype.kind == "M"):
        columns["date"] = pd.to_datetime(pd.Series(columns["date"], copy=False))
    out = pd.DataFrame(columns, index=pd.RangeIndex(n), copy=False)
    keep = ~self_mask
    order = _order(out["date"], out["file"], out["row"], keep,
                   one_file="file" in inter and _one_file(inter["file"]))
    if order is not None:
        out = out.take(order).reset_index(drop=True)
        src, tgt = src[order], tgt[order]
    # only people who took part in a contact are actors; a worker id in
    # recorded_by of a pairwise log is provenance, not a tie
    if not len(out):
        seen = np.array([], object)
    elif order is None and (src >= 0).all() and (tgt >= 0).all():
        # the rows as read: the ids in order of first appearance, from the
        # first appearances of each spelling
        seen = ids[pd.unique(np.concatenate([firsts["source"], firsts["target"]]))]
    else:
        seen = ids[pd.unique(np.concatenate([src, tgt]))]
    table = registered_actors({a: names.get(a, a) for a in seen}, registry, warnings)
    return Network(table, out, tuple(warnings), site_names)


def _first_rows(codes: np.ndarray, k: int, positions: np.ndarray | None = None
                ) -> np.ndarray:
    """The row where each of ``k`` codes (or -1) first appears, in row order
    (``positions``: ``arange(len(codes))``, made once for every column).

    >>> _first_rows(np.array([2, 0, 2, -1, 0, 1]), 3).tolist()
    [0, 1, 3, 5]
    """
    n = len(codes)
    first = np.full(k + 1, n, dtype=np.int64)
    np.minimum.at(first, np.add(codes, 1, dtype=np.intp),
                  np.arange(n, dtype=np.int64) if positions is None else positions)
    return np.sort(first[first < n])


def _id_keys(merges: dict[str, str]):
    """name -> actor id (normalised, then merged), remembering each text
    already seen: the source and target columns repeat the same names."""
    done: dict[str, str] = {}

    def key(name: object) -> str:
        if type(name) is str and name in done:
            return done[name]
        k = normalize_name(name)
        k = merges.get(k, k)
        if type(name) is str:
            done[name] = k
        return k

    return key


def registered_actors(log_names: dict[str, str], registry: pd.DataFrame | None,
                      warnings: list[Problem]) -> pd.DataFrame:
    """The actors table of the actors seen in the logs (id -> name as
    written) and the registry's, the registry's names winning; registry
    actors never seen in a log are reported in ``warnings``."""
    table = actors_table(log_names, registry)
    if registry is None:
        return table
    table.loc[registry.index, "name"] = registry["name"].to_numpy()
    unseen = [a for a in registry.index if a not in log_names]
    if unseen:
        file = str(registry["file"].iloc[0]) if "file" in registry and len(registry) else \
            "<actors>"
        shown_names = ", ".join(registry.loc[unseen[:10], "name"])
        more = M_(" and {n} more", n=len(unseen) - 10) if len(unseen) > 10 else ""
        warnings.append(Problem(file, None, None, None,
                                MN_("{n} actor of the registry has no contact in the logs: "
                                    "{names}{more}",
                                    "{n} actors of the registry have no contact in the logs: "
                                    "{names}{more}", len(unseen), names=shown_names,
                                    more=more)))
    return table


#: columns whose text reaches people as pandas' string dtype
_TEXT = ("site", "kind", "file")
#: pandas 3's default string dtype ("str": Arrow-backed, NaN for missing),
#: spelled so pandas 2.x makes the same one (there "str" is numpy's str, and
#: None became the text 'None')
_STR = pd.StringDtype("pyarrow", na_value=np.nan)


def _column(values: object, n: int, name: str) -> object:
    """One interactions column: text of a categorical as Arrow-backed strings
    (decoded in Arrow, not cell by cell), a default broadcast to ``n`` rows."""
    if values is None:  # an object column of None, said so (no scan for a dtype)
        return pd.Series(np.empty(n, dtype=object), dtype=object, copy=False)
    if np.ndim(values) == 0:
        return np.full(n, values, dtype=float)
    if isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        return _text(values.cat.categories, np.asarray(values.cat.codes))
    if name in _TEXT and not isinstance(values, pd.Series):
        return pd.Series(values, dtype=object).astype(_STR)
    if isinstance(values, np.ndarray) and values.dtype == object:
        return pd.Series(values, dtype=object, copy=False)  # no guessing a string dtype
    return values


def _text(values: object, codes: np.ndarray) -> pd.Series:
    """``values[codes]`` (None where -1) as pandas' string dtype, gathered in Arrow."""
    import pyarrow as pa

    values = pa.array([None if v is None else str(v) for v in values], type=pa.string())
    if len(values) == 1 and values[0].is_valid and not (codes < 0).any():
        # one text in every row (the file name): its bytes repeated, no gather
        one = values[0].as_py().encode("utf-8")
        offsets = np.arange(len(codes) + 1, dtype=np.int64) * len(one)
        arr = pa.Array.from_buffers(pa.large_string(), len(codes),
                                    [None, pa.py_buffer(offsets), pa.py_buffer(one * len(codes))])
        return pd.Series(pd.array(arr, dtype=_STR))
    arr = pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), values)
    return pd.Series(pd.array(arr.cast(pa.string()), dtype=_STR))


def _order(dates: pd.Series, files: pd.Series, rows: pd.Series,
           keep: np.ndarray, *, one_file: bool = False) -> np.ndarray | None:
    """Positions of the kept rows sorted by date, file and row (stable), or
    None when every row is kept and already in that order. ``one_file``:
    every row is known to come from one file."""
    d = dates.to_numpy()
    if dates.isna().any() or rows.isna().any():  # pandas puts missing values last
        frame = pd.DataFrame({"d": dates, "f": files, "r": rows})[keep]
        return frame.sort_values(["d", "f", "r"], kind="stable").index.to_numpy()
    r = rows.to_numpy(dtype=np.int64)
    d = d.view(np.int64)
    if keep.all() and one_file and bool((d[1:] >= d[:-1]).all()) and \
            bool((r[1:] >= r[:-1]).all()):
        return None  # one file read in date order (the common case): no pass needed
    f, _ = pd.factorize(files, sort=True)
    if keep.all() and len(d) > 1:
        step_d, step_f, step_r = np.diff(d), np.diff(f), np.diff(r)
        if ((step_d > 0) | ((step_d == 0) & ((step_f > 0) | ((step_f == 0) & (step_r >= 0)))))\
                .all():
            return None
    idx = np.flatnonzero(keep)
    return idx[np.lexsort((r[idx], f[idx], d[idx]))]


def _one_file(files: pd.Series) -> bool:
    """Every row names the same file (a categorical of one file, as
    :func:`~reterete.ingest.contacts.parse_log` gives, at no cost)."""
    if isinstance(files.dtype, pd.CategoricalDtype):
        codes = files.cat.codes.to_numpy()
        return len(files.cat.categories) == 1 and not (codes < 0).any()
    return files.nunique(dropna=False) <= 1
