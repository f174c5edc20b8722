"""Reading contact logs too big to hold as text: a million rows at a time.

A CSV log of ten million rows takes several GB as a table of text cells,
but the network it describes is small. :func:`check_contacts_chunked`
reads such a file in chunks of about :data:`CHUNK_ROWS` records, cut at
record ends (a line break outside quotes), each with the header line put
back in front: every chunk goes through the same reader and checks as a
whole file (:func:`reterete.ingest.files.read_csv_bytes`,
:func:`reterete.ingest.contacts.parse_log`), its rows numbered as in the
file. Each chunk's interactions are then *compacted* as the Dask path
compacts them (:func:`reterete.distributed.compact_codes`: one row per
date, source, target, site, kind and recorded_by, with the count ``n``),
as integer codes into categories shared by every chunk, so the text of the
file is never held whole.

What it gives is what :func:`reterete.ingest.check_contacts` gives on the
same files: the same errors and warnings (rows numbered as in the file,
in the same order, grouped the same way when shown), the same actors,
names and sites, and a Network whose every graph view, and so every
figure, is the same; its interactions are compacted (``n`` per row; no
``note``, ``event``, ``file`` or ``row``, as
:mod:`reterete.distributed` describes).

Files at or below :data:`CHUNK_ABOVE_MB` (and spreadsheets, Parquet and
UTF-16 text) are read whole. A big file is read whole too, with the same
result but the memory of the whole-file route, when a chunk shows what
only the whole column can decide: an attendance layout (an event's
participants may be rows apart), Unix times (seconds or milliseconds is
judged on the whole column), numbers that look like Unix times, cells over
the size limit (at most 20 are named per column), text encodings that
differ between chunks, or a chunk that cannot be read at all. Whether
every date reads both day-first and month-first is judged on the distinct
dates of all chunks, as on the whole column.

Quotes: a line break inside a quoted cell does not end a record; record
ends are the line breaks preceded by an even number of ``"``. A file with
a stray ``"`` in an unquoted cell *and* line breaks inside quoted cells
could be cut inside a record; no spreadsheet writes such a file.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "log.csv").write_text(
...     "Data;Attore 1;Attore 2\\n" + "02/09/2024;Ada;Bea\\n" * 3 + "03/09/2024;Bea;Cy\\n")
>>> net = read_contacts_chunked(folder / "log.csv", chunk_rows=2, above_mb=0)
>>> net.n_interactions, sorted(net.graph().edges(data="count"))
(4, [('ada', 'bea', 3), ('bea', 'cy', 1)])
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import IngestError, Problem
from ..i18n import _
from ..identity import distinct, normalize_series
from ..network import INTERACTION_COLUMNS, Network
from ..progress import task
from .files import Limits, RawTable, read_csv_bytes, read_raw

__all__ = ["read_contacts_chunked", "check_contacts_chunked", "chunked", "CHUNK_ROWS",
           "CHUNK_ABOVE_MB"]

#: Records per chunk (``RETERETE_CHUNK_ROWS`` changes it).
CHUNK_ROWS = 1_000_000
#: Files larger than this many MB are read in chunks (``RETERETE_CHUNK_MB``
#: changes it). L, 1 million rows, is 78 MB and peaks at about 0.8 GB read
#: whole; 200 MB is about 2.5 million rows.
CHUNK_ABOVE_MB = 200.0
_BLOCK = 1 << 24  # bytes scanned at once when looking for record ends
_NO_ROWS = "has a header but no rows: nothing was read from it"


def _setting(name: str, default: float, *, whole: bool = False) -> float:
    """A positive number from the environment variable ``name`` (else ``default``);
    anything else is an :class:`InputError` naming the variable."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    low_ok = value > 0 if whole else value >= 0  # RETERETE_CHUNK_MB=0: always in pieces
    if not (low_ok and math.isfinite(value)) or (whole and value != int(value)):
        from ..errors import InputError
        from ..i18n import _

        kind = _("a whole number above 0") if whole else _("a number (0 or more)")
        raise InputError(_("the environment variable {name} must be {kind}, not {value!r}: "
                           "correct it or remove it").format(name=name, kind=kind,
                                                             value=raw))
    return value


def chunked(paths: object, above_mb: float | None = None) -> bool:
    """Whether :func:`check_contacts_chunked` would cut any of ``paths``:
    a CSV file larger than ``above_mb`` (default :data:`CHUNK_ABOVE_MB`).

    Examples
    --------
    >>> chunked([pd.DataFrame({"a": [1]})])
    False
    """
    limit = _setting("RETERETE_CHUNK_MB", CHUNK_ABOVE_MB) if above_mb is None else above_mb
    _setting("RETERETE_CHUNK_ROWS", CHUNK_ROWS, whole=True)  # a wrong value is said at once
    return any(_csv_size(p) > limit * 2**20 for p in _sources(paths))


def read_contacts_chunked(paths: object, actors: object = None, layout: str | None = None,
                          **options) -> Network:
    """:func:`reterete.ingest.read_contacts`, reading big CSV files in chunks.

    Takes the arguments of :func:`check_contacts_chunked`; raises
    :class:`~reterete.errors.IngestError` with every problem, as
    :func:`~reterete.ingest.read_contacts` does.
    """
    result = check_contacts_chunked(paths, actors, layout, **options)
    if result.errors:
        raise IngestError(result.errors, result.warnings)
    return result.network


def check_contacts_chunked(paths: object, actors: object = None, layout: str | None = None,
                           *, aliases: dict[str, str] | None = None,
                           names: list[str] | None = None, actors_name: str | None = None,
                           large_events: str | None = None,
                           large_event_size: int | None = None, dayfirst: bool | None = None,
                           timezone: str | None = None, chunk_rows: int | None = None,
                           above_mb: float | None = None):
    """:func:`reterete.ingest.check_contacts`, reading big CSV files in chunks.

    Parameters
    ----------
    paths, actors, layout, aliases, names, actors_name, large_events, large_event_size,
    dayfirst, timezone
        As in :func:`reterete.ingest.check_contacts`.
    chunk_rows : int, optional
        Records per chunk (default :data:`CHUNK_ROWS`).
    above_mb : float, optional
        Files larger than this are cut (default :data:`CHUNK_ABOVE_MB`);
        0 cuts every CSV file.

    Returns
    -------
    CheckResult
        Errors, warnings and files as :func:`~reterete.ingest.check_contacts`
        gives them; the network's interactions are compacted (``n``).
    """
    from . import CheckResult, _inputs, _label, merges_of

    rows = int(_setting("RETERETE_CHUNK_ROWS", CHUNK_ROWS, whole=True)) if chunk_rows is None \
        else int(chunk_rows)
    limit = _setting("RETERETE_CHUNK_MB", CHUNK_ABOVE_MB) if above_mb is None else above_mb
    errors, warnings, registry, sources = _inputs(paths, actors, names, actors_name)
    merges = merges_of(registry, aliases)
    opts = {"layout": layout, "large_events": large_events,
            "large_event_size": large_event_size, "dayfirst": dayfirst, "timezone": timezone}
    acc = _Accumulator()
    files, assembled = [], []
    for k, src in enumerate(sources):
        label = _label(src, k, names)
        whole = not (_csv_size(src) > limit * 2**20)
        part = None if whole else _read_file(src, label, rows, merges, opts, bool(errors))
        if part is None:  # small, not CSV, or only the whole column can decide
            part = _read_file(src, label, None, merges, opts, bool(errors))
        errors += part.errors
        warnings += part.warnings
        assembled += part.assembled
        files.append(part.info)
        if not errors:
            acc.add(part)
    if errors:
        return CheckResult(None, errors, warnings, files)
    with task(_("Building the network")):
        net = acc.network(registry, warnings, assembled, merges)
    if acc.timezone is not None:
        net = replace(net, timezone=acc.timezone)
    return CheckResult(net, errors, list(net.warnings), files)


# --------------------------------------------------------------------- helpers
def _sources(paths: object) -> list[object]:
    from . import _as_list

    return _as_list(paths)


def _csv_size(src: object) -> int:
    """Bytes of a file that may be cut: a regular text file, not a
    spreadsheet, Parquet or UTF-16; 0 for anything else."""
    if isinstance(src, pd.DataFrame):
        return 0
    try:
        path = Path(os.fspath(src))
        if not path.is_file():
            return 0
        size = path.stat().st_size
        if size > Limits.from_env().file_mb * 2**20:
            return 0  # the whole-file route refuses it, naming the limit
        with path.open("rb") as fh:
            head = fh.read(8)
    except (OSError, TypeError):
        return 0
    if head.startswith((b"PAR1", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\xff\xfe", b"\xfe\xff")) \
            or path.suffix.lower() in (".parquet", ".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"):
        return 0
    return size


@dataclass
class _Part:
    """One file's contribution: its problems, its compacted rows as codes
    into its own tables of values, the first spellings of ids and sites."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    assembled: list[Problem] = field(default_factory=list)  # self-contacts, after all files
    info: dict = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    sites: dict[str, str] = field(default_factory=dict)
    tables: list[tuple[dict, dict, dict]] = field(default_factory=list)
    timezone: str | None = None


def _record_ends(path: Path, every: int) -> tuple[int, list[int]] | None:
    """The header's end and the end of every ``every``-th record after it
    (byte offsets just past the line feed), or None when the file has no
    line feed. A line feed ends a record when an even number of ``"``
    precede it."""
    header_end, cuts, quotes, records, offset = None, [], 0, 0, 0
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            arr = np.frombuffer(block, dtype=np.uint8)
            feeds = np.flatnonzero(arr == 10)
            qpos = np.flatnonzero(arr == 34)
            if len(qpos):  # a line feed inside quotes ends no record
                feeds = feeds[(quotes + np.searchsorted(qpos, feeds)) % 2 == 0]
                quotes += len(qpos)
            ends = feeds + (offset + 1)
            offset += len(block)
            if header_end is None:
                if not len(ends):
                    continue
                header_end, ends = int(ends[0]), ends[1:]
            # body records are numbered from 0; cut after numbers every-1, 2 every-1 ...
            cuts += ends[(every - 1 - records) % every::every].tolist()
            records += len(ends)
    return None if header_end is None else (header_end, cuts)


def _chunks(path: Path, every: int) -> Iterator[tuple[bytes, int]] | None:
    """(header + the chunk's records, records before the chunk), in file order."""
    found = _record_ends(path, every)
    if found is None:
        return None
    header_end, cuts = found

    def gen() -> Iterator[tuple[bytes, int]]:
        with path.open("rb") as fh:
            header = fh.read(header_end)
            start, before = header_end, 0
            for end in [*cuts, None]:
                fh.seek(start)
                body = fh.read() if end is None else fh.read(end - start)
                if body:
                    yield header + body, before
                if end is not None:
                    before, start = before + every, end

    return gen()


def _shift(problems: list[Problem], by: int) -> list[Problem]:
    """Row numbers of a chunk's problems as the file numbers them (the
    header, row 1, and whole-file problems stay)."""
    if not by:
        return list(problems)
    return [replace(p, row=p.row + by) if p.row is not None and p.row > 1 else p
            for p in problems]


def _whole_column(problems: list[Problem]) -> bool:
    """Problems that only the whole file can judge (see the module's notes)."""
    return any("Unix time" in p.reason or "characters long, over the limit" in p.reason
               for p in problems)


def _read_file(src: object, label: str, every: int | None, merges: dict[str, str],
               opts: dict, failed: bool) -> _Part | None:
    """Read, check and compact one file; in chunks of ``every`` records, or
    whole when None. None: the file must be read whole after all."""
    from .contacts import _map_header, parse_log

    chunk_dayfirst = opts["dayfirst"]
    if every is None:
        pieces: Iterator[tuple[RawTable, int]] = iter([(read_raw(src, name=label), 0)])
    else:
        found = _chunks(Path(os.fspath(src)), every)
        if found is None:
            return None
        limits = Limits.from_env()
        pieces = ((read_csv_bytes(data, label, limits), before) for data, before in found)
        if chunk_dayfirst is None:
            chunk_dayfirst = True  # ambiguity is judged on all the chunks' dates below
    part = _Part()
    encodings: set[str] = set()
    first_problems: list[Problem] = []
    rows = interactions = 0
    layout = raw_encoding = first_encoding = separator = None
    dates: dict[object, None] = {}
    date_head = None
    for number, (raw, before) in enumerate(pieces):
        if every is not None and not raw.header:
            return None  # the whole-file route says what is wrong with the file
        raw.rows = raw.rows + before
        raw.problems = _shift(raw.problems, before)
        raw.warnings = _shift(raw.warnings, before)
        text = raw.encoding is not None and not _ascii(raw)
        if text:  # the encoding of a chunk with accents is the file's
            encodings.add(raw.encoding)
            if len(encodings) > 1:
                return None
            raw_encoding = raw_encoding or raw.encoding
        first_encoding = first_encoding or raw.encoding
        with task(_("Checking {file}").format(file=label)):
            log = parse_log(raw, opts["layout"], large_events=opts["large_events"],
                            large_event_size=opts["large_event_size"],
                            dayfirst=chunk_dayfirst, timezone=opts["timezone"])
        if every is not None and (log.layout in (None, "attendance") or log.timezone
                                  or _whole_column(log.problems)):
            return None
        if number == 0:
            layout, separator = log.layout, raw.separator
            first_problems = [p for p in log.problems + log.warnings
                              if p.row is None or p.row <= 1]
        else:  # the header's problems once, as for the whole file
            log.problems = [p for p in log.problems if not (
                (p.row is None or p.row <= 1) and p in first_problems)]
            log.warnings = [p for p in log.warnings if not (
                (p.row is None or p.row <= 1) and p in first_problems)]
        if every is not None and opts["dayfirst"] is None and raw.header:
            columns, _extras = _map_header(raw, type(log)(label, None, pd.DataFrame()))
            at = columns.get("date", columns.get("time"))
            if at is not None:
                date_head = raw.header[at]
                from .contacts import _clean

                _codes, values = distinct(_clean(raw.cells[at]))
                dates.update(dict.fromkeys(values))
        rows += len(raw.rows)
        interactions += len(log.interactions)
        part.timezone = part.timezone or log.timezone
        part.errors += log.problems
        part.warnings += log.warnings
        if not (failed or part.errors):
            _compact_into(part, log, merges)
        del raw, log
    if every is not None:
        if rows:  # a chunk of blank lines said so; the file has rows
            part.warnings = [p for p in part.warnings if p.reason != _NO_ROWS]
        if dates and date_head is not None:
            from .contacts import ambiguity_warning
            from .dates import parse_date_column

            amb = parse_date_column(pd.Series(list(dates), dtype=object)).ambiguous
            if amb is not None:
                part.warnings.append(ambiguity_warning(label, date_head, amb))
        part.errors.sort(key=lambda p: (p.row or 0))
        part.warnings.sort(key=lambda p: (p.row or 0))
    part.info = {"file": label, "layout": layout, "rows": int(rows),
                 "encoding": raw_encoding or first_encoding,
                 "separator": separator, "interactions": int(interactions)}
    return part


def _ascii(raw: RawTable) -> bool:
    """Every cell of the chunk is ASCII text (it reads the same in any encoding)."""
    for i in raw.cells.columns:
        _codes, values = distinct(raw.cells[i])
        if not all(v.isascii() for v in values if isinstance(v, str)):
            return False
    return all(h.isascii() for h in raw.header)


def _compact_into(part: _Part, log, merges: dict[str, str]) -> None:
    """Ids, names and sites of one chunk (as the whole-file route makes
    them), and its compacted rows."""
    from ..distributed import compact_codes, first_spellings
    from . import _assemble

    inter = log.interactions
    if inter.empty:
        return
    warned: list[Problem] = []
    net = _assemble(inter, None, merges, warned)
    part.assembled += warned
    # display names: each id's first spelling in row order (source, target,
    # recorded_by within a row), self-contacts included, as _assemble takes them
    cols = [c for c in ("source", "target", "recorded_by") if c in inter]
    spelled = np.column_stack([inter[c].to_numpy(dtype=object) for c in cols]).ravel()
    for actor, name in first_spellings(pd.Series(spelled, dtype=object), merges).items():
        part.names.setdefault(actor, name)
    if "site" in inter and inter["site"].notna().any():
        for key, name in first_spellings(inter["site"]).items():
            part.sites.setdefault(key, name)
    rows = net.interactions
    if "site" in rows:
        rows = rows.assign(site=normalize_series(rows["site"]))
    part.tables.append(compact_codes(rows))


class _Accumulator:
    """Compacted rows of every file as codes into shared tables of values."""

    def __init__(self) -> None:
        self.values: dict[str, dict[object, int]] = {"actor": {}, "site": {}, "kind": {}}
        self.columns: dict[str, list[np.ndarray]] = {}
        self.names: dict[str, str] = {}
        self.sites: dict[str, str] = {}
        self.timezone: str | None = None

    def _codes(self, space: str, uniques: np.ndarray, codes: np.ndarray) -> np.ndarray:
        table = self.values[space]
        mapped = np.array([table.setdefault(v, len(table)) for v in uniques.tolist()] + [-1],
                          dtype=np.int32)
        return mapped[codes]

    def add(self, part: _Part) -> None:
        self.timezone = self.timezone or part.timezone
        for k, v in part.names.items():
            self.names.setdefault(k, v)
        for k, v in part.sites.items():
            self.sites.setdefault(k, v)
        for codes, uniques, sums in part.tables:
            cols = {"date": np.append(uniques["date"], np.datetime64("NaT", "ns"))[
                codes["date"]]}
            for col, space in (("source", "actor"), ("target", "actor"),
                               ("recorded_by", "actor"), ("site", "site"), ("kind", "kind")):
                cols[col] = self._codes(space, uniques[col], codes[col])
            cols["n"] = sums["n"].astype(np.int64)
            cols["minutes"] = sums["minutes"].astype(float)
            cols["minutes_n"] = sums["minutes_n"].astype(np.int32)
            cols["weight"] = sums["weight"].astype(float)
            for col, arr in cols.items():
                self.columns.setdefault(col, []).append(arr)
        part.tables.clear()

    def network(self, registry: pd.DataFrame | None, warnings: list[Problem],
                assembled: list[Problem], merges: dict[str, str]) -> Network:
        """The Network of everything added; ``assembled``: the chunks'
        self-contact warnings, which name the actor as the whole log does."""
        from ..identity import normalize_name
        from . import registered_actors

        cols = {c: np.concatenate(v) for c, v in self.columns.items()}
        self.columns.clear()
        n = len(cols.get("date", ()))
        names: dict[str, str] = {}
        if registry is not None:
            names.update(zip(registry.index, registry["name"], strict=True))
        for k, v in self.names.items():
            names.setdefault(k, v)
        for p in assembled:
            key = normalize_name(p.value)
            warnings.append(replace(p, value=names.get(merges.get(key, key), p.value)))
        site_names: dict[str, str] = {}
        if registry is not None and "sites" in registry:
            for sites in registry["sites"]:
                for s in sites:
                    site_names.setdefault(normalize_name(s), s)
        for k, v in self.sites.items():
            site_names.setdefault(k, v)
        if n == 0:
            inter = pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c == "date"
                                               else object) for c in INTERACTION_COLUMNS})
            actors = registered_actors({}, registry, warnings)
            return Network(actors, inter, tuple(warnings), site_names)
        order = None if (np.diff(cols["date"].view(np.int64)) >= 0).all() else \
            np.argsort(cols["date"], kind="stable")
        if order is not None:
            cols = {c: v[order] for c, v in cols.items()}

        def categorical(space: str, codes: np.ndarray, shown=None) -> pd.Categorical:
            values = list(self.values[space])
            if shown is not None:
                values = [shown.get(v, v) for v in values]
            # categories in text order, so sorting by them sorts by the text
            rank = np.argsort(np.asarray(values, dtype=object), kind="stable")
            new = np.empty(len(values) + 1, dtype=np.int32)
            new[rank] = np.arange(len(values), dtype=np.int32)
            new[-1] = -1
            cats = pd.Index(np.asarray(values, dtype=object)[rank], dtype=object)
            return pd.Categorical.from_codes(new[codes], categories=cats)

        known = cols["minutes_n"] > 0
        blank = pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8),
                                          categories=pd.Index([], dtype=object))
        inter = pd.DataFrame({
            "date": cols["date"],
            "source": categorical("actor", cols["source"]),
            "target": categorical("actor", cols["target"]),
            "site": categorical("site", cols["site"], site_names),
            "kind": categorical("kind", cols["kind"]),
            "duration_min": np.where(known, cols["minutes"], np.nan),
            "weight": cols["weight"],
            "recorded_by": categorical("actor", cols["recorded_by"]),
            "event": blank, "note": blank.copy(),
            "file": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8),
                                              categories=["<compacted>"]),
            "row": blank.copy(),
            "n": cols["n"], "minutes_n": cols["minutes_n"],
        })
        src = inter["source"].cat.codes.to_numpy()
        tgt = inter["target"].cat.codes.to_numpy()
        cats = inter["source"].cat.categories
        seen = np.asarray(cats, dtype=object)[pd.unique(np.concatenate([src, tgt]))]
        actors = registered_actors({a: names.get(a, a) for a in seen}, registry, warnings)
        return Network(actors, inter, tuple(warnings), site_names)
