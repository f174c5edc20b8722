"""Reading logs too big for one machine: read and aggregate on Dask.

The contact log is what grows; the network it describes stays small (ten
thousand actors, a few hundred thousand ties). So only the first step, read
+ validate + aggregate, needs more than one machine. This module runs that
step on a ``dask.distributed`` cluster, one task per file (or per Parquet
row group), reduces the partial tables with a ``dask.dataframe`` groupby and
hands back an ordinary :class:`~reterete.Network` whose interactions are
*compacted*: one row per (date, source, target, site, kind, recorded_by)
with ``n``, the number of interactions it stands for. Every graph view
(:meth:`Network.graph` for any window, site, weight and direction), and so
every metric, antenna plan, comparison and page, gives the same answer on
it as on the full log (:func:`reterete.network.aggregate_ties` counts ``n``).

What compaction leaves out: ``note``, ``event``, ``file`` and ``row`` of
single interactions (they have no place in a graph); ``len(net.interactions)``
counts compacted rows, ``net.interactions["n"].sum()`` counts interactions.

Install the extra with ``pip install "reterete[dask]"``. Dask is imported
only when these functions run.

Examples
--------
On one machine, :func:`compact` gives the same graphs from fewer rows:

>>> import pandas as pd
>>> from reterete import Network
>>> net = Network.from_interactions(pd.DataFrame({
...     "date": ["2024-09-02", "2024-09-02", "2024-09-03"],
...     "source": ["Ada", "Ada", "Bea"], "target": ["Bea", "Bea", "Cy"],
...     "site": ["Piazza Roma"] * 3}))
>>> small = compact(net)
>>> len(small.interactions), int(small.interactions["n"].sum())
(2, 3)
>>> sorted(small.graph().edges(data="count")) == sorted(net.graph().edges(data="count"))
True

On a cluster (here a local one; give the scheduler's address in real use)::

    from dask.distributed import Client
    client = Client("tcp://scheduler:8786")
    net = read_contacts_dask("logs/", actors="registro_attori.csv", client=client)
    rr.metrics.summary(net.graph())
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import IngestError, Problem
from .i18n import M_
from .network import INTERACTION_COLUMNS, Network

__all__ = ["read_contacts_dask", "compact", "compact_interactions", "LOG_SUFFIXES", "KEY"]

#: Files a folder contributes to :func:`read_contacts_dask`.
LOG_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".ods", ".parquet")
#: Columns that identify one compacted row.
KEY = ["date", "source", "target", "site", "kind", "recorded_by"]
_SUMS = ["n", "minutes", "minutes_n", "weight"]


def compact_interactions(inter: pd.DataFrame) -> pd.DataFrame:
    """One row per (date, source, target, site, kind, recorded_by), vectorised.

    Returns the columns of :data:`KEY` then ``n`` (interactions), ``minutes``
    (sum of known durations), ``minutes_n`` (how many were known) and
    ``weight`` (sum). Summing these columns again over the same key is
    exact, which is what lets partial results from many workers combine.
    A table that is already compacted (has ``n``) is compacted further.

    Examples
    --------
    >>> t = pd.DataFrame({"date": pd.to_datetime(["2024-09-02"] * 3),
    ...                   "source": ["ada", "ada", "bea"], "target": ["bea", "bea", "cy"],
    ...                   "duration_min": [10.0, None, 5.0]})
    >>> compact_interactions(t)[["source", "target", "n", "minutes", "minutes_n"]]
      source target  n  minutes  minutes_n
    0    ada    bea  2     10.0          1
    1    bea     cy  1      5.0          1
    """
    codes, uniques, sums = compact_codes(inter)
    out = pd.DataFrame({c: (np.append(uniques[c], np.datetime64("NaT", "ns"))[codes[c]]
                            if c == "date" else _take(uniques[c], codes[c])) for c in KEY})
    for c in _SUMS:
        out[c] = sums[c]
    for c in KEY[1:]:
        out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out


def compact_codes(inter: pd.DataFrame
                  ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """:func:`compact_interactions` as integer codes: what it returns, before
    the key columns are made text again.

    Returns ``codes`` (key column -> one code per compacted row, -1 where
    missing), ``uniques`` (key column -> its sorted distinct values) and
    ``sums`` (``n``, ``minutes``, ``minutes_n``, ``weight`` -> one value per
    compacted row), rows sorted by the key's values. Each key column is
    factorised once and the rows are grouped by integer codes, not text: a
    chunked reader (:mod:`reterete.ingest.chunked`) keeps the codes.
    """
    m = len(inter)
    codes: dict[str, np.ndarray] = {}
    uniques: dict[str, np.ndarray] = {}
    for c in KEY:
        if c not in inter:
            codes[c], uniques[c] = np.full(m, -1, dtype=np.int64), np.zeros(0, dtype=object)
            continue
        col = pd.to_datetime(inter[c]) if c == "date" else inter[c]
        code, values = pd.factorize(col, sort=True, use_na_sentinel=True)
        codes[c] = code.astype(np.int64)
        uniques[c] = (np.asarray(values, dtype="datetime64[ns]") if c == "date"
                      else np.asarray(values, dtype=object))
    if "n" in inter:
        n = inter["n"].to_numpy(dtype=np.int64)
        minutes = pd.to_numeric(inter["minutes"]).fillna(0.0).to_numpy(dtype=float)
        minutes_n = inter["minutes_n"].to_numpy(dtype=np.int64)
    else:
        raw = (pd.to_numeric(inter["duration_min"], errors="coerce") if "duration_min"
               in inter else pd.Series(np.nan, index=inter.index)).to_numpy(dtype=float)
        n = np.ones(m, dtype=np.int64)
        minutes = np.nan_to_num(raw, nan=0.0)
        minutes_n = (~np.isnan(raw)).astype(np.int64)
    weight = (pd.to_numeric(inter["weight"], errors="coerce").fillna(1.0).to_numpy(dtype=float)
              if "weight" in inter else np.ones(m))
    # missing values group last, as a sort of the values puts them
    frame = pd.DataFrame({c: np.where(codes[c] < 0, len(uniques[c]), codes[c]) for c in KEY})
    frame["n"], frame["minutes"], frame["minutes_n"], frame["weight"] = \
        n, minutes, minutes_n, weight
    out = frame.groupby(KEY, sort=True)[_SUMS].sum().reset_index()
    keys = {c: out[c].to_numpy(dtype=np.int64) for c in KEY}
    keys = {c: np.where(k == len(uniques[c]), -1, k) for c, k in keys.items()}
    return keys, uniques, {c: out[c].to_numpy() for c in _SUMS}


def _take(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """``values[codes]`` as objects, None where a code is -1."""
    table = np.empty(len(values) + 1, dtype=object)
    table[:-1] = values
    table[-1] = None
    return table[codes]


def compact(net: Network) -> Network:
    """The same Network with compacted interactions (see the module's notes).

    Every graph view of the result equals the one of ``net``.
    """
    return replace(net, interactions=_as_interactions(compact_interactions(net.interactions)))


def read_contacts_dask(paths: object, actors: object = None, layout: str | None = None,
                       *, aliases: dict[str, str] | None = None, client: Any = None,
                       dayfirst: bool | None = None, timezone: str | None = None) -> Network:
    """Read, validate and aggregate contact logs on a Dask cluster.

    Parameters
    ----------
    paths : path or list of paths
        Contact log files; a folder stands for the log files in it
        (:data:`LOG_SUFFIXES`, sorted by name). A Parquet file with several
        row groups is read one row group per task. Every file is read exactly
        as :func:`reterete.read_contacts` reads it (headers, layouts, dates,
        encodings), on the workers.
    actors : path or DataFrame, optional
        The actor registry, read once, here.
    layout : {"pairwise", "attendance", "worker"}, optional
        Force the layout of every file.
    aliases : dict, optional
        Extra name -> canonical name merges.
    client : dask.distributed.Client, optional
        Where to run; by default the current client (or Dask's local
        threads when there is none).
    dayfirst, timezone : optional
        How dates read, as in :func:`reterete.read_contacts` (the column
        checks see one file or row group at a time).

    Returns
    -------
    Network
        Actors as :func:`reterete.read_contacts` makes them; interactions
        compacted (:func:`compact_interactions`), with ``n``.

    Raises
    ------
    IngestError
        With every problem of every file, rows numbered as in the file.
    """
    try:
        import dask
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - depends on the installation
        raise ImportError('reading on Dask needs the "dask" extra: '
                          'pip install "reterete[dask]"') from None
    from .ingest import merges_of, read_registry

    errors: list[Problem] = []
    warnings: list[Problem] = []
    registry = read_registry(actors, errors, warnings)
    merges = merges_of(registry, aliases)
    units = _units(paths)
    if not units:
        raise IngestError([Problem("<input>", None, None, None, M_("no contact log given"))])

    parts = [dask.delayed(_read_unit, pure=True)(u, layout, merges, dayfirst, timezone)
             for u in units]
    # each file is read once and kept on the workers; the small per-file
    # facts (problems, first spellings) and the reduced ties come back
    parts = list(client.persist(parts) if client is not None else dask.persist(*parts))
    ties = dd.from_delayed([dask.delayed(_ties_of)(p) for p in parts],
                           meta=_meta(), verify_meta=False)
    reduced = ties.groupby(KEY, dropna=False, sort=False)[_SUMS].sum().reset_index()
    infos = [dask.delayed(_info_of)(p) for p in parts]
    if client is not None:
        infos = client.gather(client.compute(infos))
        table = client.compute(reduced).result()
    else:
        infos = list(dask.compute(*infos))
        table = reduced.compute()

    for info in infos:
        errors += info.errors
        warnings += info.warnings
    if errors:
        raise IngestError(errors, warnings)
    net = _network(table, infos, registry, warnings)
    zones = {info.timezone for info in infos} - {None}
    return replace(net, timezone=zones.pop()) if zones else net


# --------------------------------------------------------------------- helpers
@dataclass
class _Unit:
    path: str
    row_group: int | None = None
    first_row: int = 2  # spreadsheet number of the unit's first record


@dataclass
class _Part:
    ties: pd.DataFrame
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    sites: dict[str, str] = field(default_factory=dict)
    timezone: str | None = None

    @property
    def info(self) -> _Part:
        return _Part(pd.DataFrame(), self.errors, self.warnings, self.names, self.sites,
                     self.timezone)


def _units(paths: object) -> list[_Unit]:
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(
        paths if isinstance(paths, Iterable) else [paths])
    files: list[Path] = []
    for item in items:
        p = Path(os.fspath(item))
        if p.is_dir():
            files += sorted(f for f in p.iterdir() if f.suffix.lower() in LOG_SUFFIXES)
        else:
            files.append(p)
    units = []
    for f in files:
        groups = _row_groups(f)
        if len(groups) > 1:
            starts = np.concatenate([[2], 2 + np.cumsum(groups[:-1])])
            units += [_Unit(str(f), i, int(s)) for i, s in enumerate(starts)]
        else:
            units.append(_Unit(str(f)))
    return units


def _row_groups(path: Path) -> list[int]:
    """Rows per row group of a Parquet file; [] for anything else."""
    try:
        with path.open("rb") as fh:
            if fh.read(4) != b"PAR1":
                return []
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(path).metadata
        return [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    except (OSError, ValueError):
        return []
    except Exception:  # a broken Parquet file: let the reader report it
        return []


def _read_unit(unit: _Unit, layout: str | None, merges: dict[str, str],
               dayfirst: bool | None = None, timezone: str | None = None) -> _Part:
    """Read one file (or row group) the way read_contacts does; compact it."""
    from .identity import normalize_series
    from .ingest import _assemble
    from .ingest.contacts import parse_log
    from .ingest.files import read_raw

    if unit.row_group is None:
        raw = read_raw(unit.path)
    else:
        import pyarrow.parquet as pq

        frame = pq.ParquetFile(unit.path).read_row_group(unit.row_group).to_pandas()
        raw = read_raw(frame, name=Path(unit.path).name)
        raw.rows = raw.rows + (unit.first_row - 2)
    log = parse_log(raw, layout, dayfirst=dayfirst, timezone=timezone)
    part = _Part(pd.DataFrame(), list(log.problems), list(log.warnings),
                 timezone=log.timezone)
    if part.errors or log.interactions.empty:
        return part
    inter = log.interactions
    # first spelling of each id, per column, as read_contacts takes them
    for col in ("source", "target", "recorded_by"):
        if col not in inter:
            continue
        part.names[col] = first_spellings(inter[col], merges)
    if "site" in inter and inter["site"].notna().any():
        part.sites = first_spellings(inter["site"])
    warned: list[Problem] = []
    net = _assemble(inter.copy(), None, merges, warned)
    part.warnings += warned
    rows = net.interactions.copy()
    if "site" in rows and rows["site"].notna().any():
        rows["site"] = normalize_series(rows["site"])  # keys; display names come later
    part.ties = compact_interactions(rows)
    return part


def first_spellings(spelled: pd.Series, merges: dict[str, str] | None = None
                    ) -> dict[str, str]:
    """id (normalised name, then merged) -> the spelling met first, in row order.

    Examples
    --------
    >>> first_spellings(pd.Series(["Bar Roma", "BAR  ROMA", None, "Po"]))
    {'bar roma': 'Bar Roma', 'po': 'Po'}
    """
    from .identity import normalize_series

    key = normalize_series(spelled)
    if merges:
        key = key.map(lambda k: merges.get(k, k) if k is not None else None)
    present = key.notna().to_numpy()
    first = pd.DataFrame({"id": key[present], "name": spelled[present]}).drop_duplicates("id")
    return dict(zip(first["id"], first["name"].astype(str), strict=True))


def _ties_of(part: _Part) -> pd.DataFrame:
    return part.ties if len(part.ties) else _meta()


def _info_of(part: _Part) -> _Part:
    return part.info


def _meta() -> pd.DataFrame:
    return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"),
                         **{c: pd.Series(dtype=object) for c in KEY[1:]},
                         "n": pd.Series(dtype=np.int64), "minutes": pd.Series(dtype=float),
                         "minutes_n": pd.Series(dtype=np.int64),
                         "weight": pd.Series(dtype=float)})


def _as_interactions(table: pd.DataFrame) -> pd.DataFrame:
    """Compacted rows in the shape of ``Network.interactions`` (plus ``n``)."""
    t = table.sort_values(["date", "source", "target"], kind="stable").reset_index(drop=True)
    n = len(t)
    none = np.full(n, None, dtype=object)
    known = t["minutes_n"].to_numpy() > 0
    out = pd.DataFrame({
        "date": pd.to_datetime(t["date"]),
        "source": t["source"].to_numpy(dtype=object),
        "target": t["target"].to_numpy(dtype=object),
        "site": t["site"].to_numpy(dtype=object),
        "kind": t["kind"].to_numpy(dtype=object),
        "duration_min": np.where(known, t["minutes"].to_numpy(dtype=float), np.nan),
        "weight": t["weight"].to_numpy(dtype=float),
        "recorded_by": t["recorded_by"].to_numpy(dtype=object),
        "event": none, "note": none,
        "file": np.full(n, "<compacted>", dtype=object), "row": none,
        "n": t["n"].to_numpy(dtype=np.int64),
        "minutes_n": t["minutes_n"].to_numpy(dtype=np.int64),
    })
    for c in ("site", "kind", "recorded_by"):
        out[c] = out[c].where(pd.notna(out[c]), None)
    return out[INTERACTION_COLUMNS + ["n", "minutes_n"]]


def _network(table: pd.DataFrame, infos: list[_Part], registry: pd.DataFrame | None,
             warnings: list[Problem]) -> Network:
    """Assemble the Network on the client, as read_contacts assembles it."""
    from .identity import normalize_name

    names: dict[str, str] = {}
    if registry is not None:
        names.update(zip(registry.index, registry["name"], strict=True))
    for col in ("source", "target", "recorded_by"):
        for info in infos:
            for k, v in info.names.get(col, {}).items():
                names.setdefault(k, v)
    site_names: dict[str, str] = {}
    if registry is not None and "sites" in registry:
        for sites in registry["sites"]:
            for s in sites:
                site_names.setdefault(normalize_name(s), s)
    for info in infos:
        for k, v in info.sites.items():
            site_names.setdefault(k, v)
    table = table.copy()
    table["site"] = [site_names.get(s) if isinstance(s, str) else None for s in table["site"]]
    inter = _as_interactions(table)
    seen = pd.unique(np.concatenate([inter["source"].to_numpy(dtype=object),
                                     inter["target"].to_numpy(dtype=object)]))
    from .ingest import registered_actors

    actors = registered_actors({a: names.get(a, a) for a in seen}, registry, warnings)
    return Network(actors, inter, tuple(warnings), site_names)
