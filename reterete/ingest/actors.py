"""The actor registry: who is who (kind, sector, sites, person or not,
aliases, project staff, hours it takes to engage them)."""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from ..errors import IngestError, Problem
from ..i18n import M_
from ..identity import fold_key, normalize_name
from ..schema import KINDS, canonical_kind, parse_bool, registry_column
from .files import RawTable, read_raw

__all__ = ["read_actors", "parse_registry", "alias_map", "kinds_from_registry",
           "KINDS_FROM_REGISTRY", "kinds_sheet"]

_SPLIT = re.compile(r"\s*[;|]\s*")

#: Whether every kind a registry uses is its own (``--kinds-from-registry``).
KINDS_FROM_REGISTRY: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "reterete_kinds_from_registry", default=False)


@contextlib.contextmanager
def kinds_from_registry(on: bool = True) -> Iterator[None]:
    """Within this block, every kind of actor a registry uses is one of its
    own: kept as written (NUR, PAT, MED, ADM), case too, without the warning
    for kinds reterete does not know. A registry can also declare its kinds
    in a ``kinds`` column (one or more a cell, separated by ``;`` or ``|``).

    Examples
    --------
    >>> reg = pd.DataFrame({"name": ["Ada", "Bea"], "kind": ["NUR", "Polizia locale"]})
    >>> read_actors(reg)["kind"].tolist()
    ['NUR', 'police']
    >>> with kinds_from_registry():
    ...     read_actors(reg)["kind"].tolist()
    ['NUR', 'Polizia locale']
    >>> read_actors(reg.assign(kinds=["NUR|PAT", None]))["kind"].tolist()
    ['NUR', 'police']
    """
    token = KINDS_FROM_REGISTRY.set(on)
    try:
        yield
    finally:
        KINDS_FROM_REGISTRY.reset(token)


def read_actors(source: object) -> pd.DataFrame:
    """Read an actor registry (CSV, XLSX, ODS, Parquet or a DataFrame).

    Returns a DataFrame indexed by actor id with columns ``name``, ``kind``
    (canonical where recognised, else as written), ``sector``, ``sites``
    (tuple), ``is_person`` and ``team`` (True / False / None when not said),
    ``aliases`` (tuple), ``cost_hours`` and any other column as written.
    Warnings (unknown kinds) are in ``.attrs["warnings"]``.

    Raises
    ------
    IngestError
        With every problem found: missing ``name`` column, the same actor
        twice, an alias naming two actors, values that are not yes/no or a
        number of hours.

    Examples
    --------
    >>> reg = read_actors(pd.DataFrame({"Nome": ["Oratorio San Luca"], "Tipo": ["oratorio"],
    ...                                 "Persona": ["no"], "Alias": ["Oratorio S. Luca"]}))
    >>> row = reg.loc["oratorio san luca"]
    >>> row["kind"], bool(row["is_person"]), row["aliases"]
    ('educational_agency', False, ('Oratorio S. Luca',))
    """
    raw = read_raw(source, name=None if not isinstance(source, pd.DataFrame) else "<actors>")
    table, problems, warnings = parse_registry(raw, kinds_sheet(source))
    if problems:
        raise IngestError(problems, warnings)
    table.attrs["warnings"] = warnings
    return table


_KINDS_SHEETS = frozenset({"kinds", "tipi", "tipi di attore", "kinds of actor"})


def kinds_sheet(source: object) -> list[str]:
    """The kinds a spreadsheet registry declares on a sheet of their own
    (named ``kinds`` or ``tipi``): its first column, below its header.
    Empty for anything else.

    Examples
    --------
    >>> kinds_sheet(pd.DataFrame({"name": ["Ada"]}))
    []
    """
    if isinstance(source, pd.DataFrame):
        return []
    path = os.fspath(source) if isinstance(source, (str, os.PathLike)) else None
    if path is None or not path.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")):
        return []
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(path)
        sheet = next((n for n in book.sheet_names if fold_key(n) in _KINDS_SHEETS), None)
        if sheet is None:
            return []
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=True)
    except Exception:  # noqa: BLE001 - the registry's own reading reports a broken file
        return []
    values = [str(r[0]).strip() for r in rows[1:] if r and str(r[0]).strip()]
    return [v for k in values for v in _SPLIT.split(k) if v]


def parse_registry(raw: RawTable, declared_kinds: Iterable[str] = ()
                   ) -> tuple[pd.DataFrame, list[Problem], list[Problem]]:
    """The registry's table, its problems and its warnings, from a raw table.

    ``declared_kinds`` are kinds of actor the registry declares elsewhere (a
    ``kinds`` sheet, :func:`kinds_sheet`), as its ``kinds`` column does.
    """
    problems, warnings = list(raw.problems), list(raw.warnings)
    empty = pd.DataFrame(columns=["name"]).rename_axis("actor")
    if not raw.header:
        return empty, problems, warnings
    columns: dict[str, int] = {}
    extras: dict[str, int] = {}
    for i, head in enumerate(raw.header):
        canon = registry_column(head) if head else None
        if canon is None:
            if head:
                if head in extras:
                    problems.append(Problem(raw.name, 1, head, None,
                                            M_("appears twice in the header")))
                else:
                    extras[head] = i
            continue
        if canon in columns:
            problems.append(Problem(raw.name, 1, head, None,
                                    M_("means the same as column {other}",
                                       other=repr(raw.header[columns[canon]]))))
            continue
        columns[canon] = i
    if "name" not in columns:
        problems.append(Problem(raw.name, 1, None, None,
                                M_("has no name column (Name / Nome): the registry lists "
                                   "actors by name")))
        return empty, problems, warnings
    rows = raw.rows
    head = {c: raw.header[i] for c, i in columns.items()}

    # each column stripped once (not once per row: that was quadratic)
    stripped = {c: [v.strip() if isinstance(v, str) else v for v in raw.cells[i]]
                for c, i in columns.items()}
    nothing = [None] * len(rows)

    def col(c: str) -> list[object]:
        return stripped.get(c, nothing)

    def text(v: object) -> str | None:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        s = str(v).strip()
        return s or None

    # kinds the registry declares itself: a `kinds` column, or every kind it
    # uses (--kinds-from-registry); kept as written (case too), no warning
    declared: set[str] = {fold_key(k) for k in declared_kinds}
    for v in col("kinds"):
        cell = text(v)
        if cell:
            declared.update(fold_key(k) for k in _SPLIT.split(cell) if k.strip())
    every_kind = KINDS_FROM_REGISTRY.get()

    records = []
    for j, row in enumerate(rows):
        row = int(row)
        name = text(col("name")[j])
        if name is None:
            problems.append(Problem(raw.name, row, head["name"], None,
                                    M_("is empty: every actor needs a name")))
            continue
        if len(name) > 32_767:  # more than a spreadsheet cell holds (contacts.CELL_LIMIT)
            from .contacts import TOO_LONG_REASON, _cut

            problems.append(Problem(raw.name, row, head["name"], _cut(name), TOO_LONG_REASON))
            continue
        rec: dict[str, object] = {"actor": normalize_name(name), "name": name, "row": row}
        kind_text = text(col("kind")[j])
        own = kind_text is not None and (every_kind or fold_key(kind_text) in declared)
        kind = kind_text if own else canonical_kind(kind_text) if kind_text else None
        if kind_text and kind is None:
            warnings.append(Problem(raw.name, row, head["kind"], kind_text,
                                    M_("is not a known kind of actor: kept as written "
                                       "(known: {kinds})", kinds=KnownKinds())))
            kind = kind_text
        rec["kind"] = kind
        rec["sector"] = text(col("sector")[j])
        sites = text(col("sites")[j])
        rec["sites"] = tuple(s for s in _SPLIT.split(sites) if s) if sites else ()
        aliases = text(col("aliases")[j])
        rec["aliases"] = tuple(s for s in _SPLIT.split(aliases) if s) if aliases else ()
        for flag in ("is_person", "team"):
            value = col(flag)[j]
            if text(value) is None:
                rec[flag] = None
                continue
            parsed = parse_bool(value)
            if parsed is None:
                problems.append(Problem(raw.name, row, head[flag], value,
                                        M_("must be yes or no (sì/no, true/false, 1/0)")))
            rec[flag] = parsed
        cost = text(col("cost_hours")[j])
        if cost is None:
            rec["cost_hours"] = np.nan
        else:
            try:
                hours = float(cost.replace(",", "."))
                if not np.isfinite(hours) or hours < 0:
                    raise ValueError
                rec["cost_hours"] = hours
            except ValueError:
                problems.append(Problem(raw.name, row, head["cost_hours"], cost,
                                        M_("must be a number of hours (0 or more)")))
                rec["cost_hours"] = np.nan
        for extra, i in extras.items():
            rec[extra] = raw.cells[i].iat[j]
        records.append(rec)
    table = pd.DataFrame.from_records(records) if records else \
        pd.DataFrame(columns=["actor", "name", "row"])
    if len(table):
        dup = table.duplicated("actor", keep=False)
        for _, r in table[dup].iterrows():
            first = table.loc[table["actor"] == r["actor"], "row"].min()
            if r["row"] != first:
                problems.append(Problem(raw.name, int(r["row"]), head["name"], r["name"],
                                        M_("is the same actor as row {row}: list each actor "
                                           "once", row=first)))
        table = table.drop_duplicates("actor", keep="first")
    table = table.set_index("actor")
    table["file"] = raw.name
    try:
        alias_map(table)
    except IngestError as exc:
        problems.extend(exc.problems)
    return table.drop(columns=["row"]), problems, warnings


def alias_map(registry: pd.DataFrame | None) -> dict[str, str]:
    """alias id -> canonical actor id, from the registry's ``aliases`` column.

    Raises IngestError if an alias names two actors or is itself an actor.
    """
    if registry is None or "aliases" not in registry:
        return {}
    mapping: dict[str, str] = {}
    problems = []
    file = str(registry["file"].iloc[0]) if "file" in registry and len(registry) else "<actors>"
    for actor, aliases in zip(registry.index, registry["aliases"], strict=True):
        for alias in aliases or ():
            key = normalize_name(alias)
            if key == actor:
                continue
            if key in registry.index:
                problems.append(Problem(file, None, "aliases", alias,
                                        M_("is listed as an alias of {actor} but is also an "
                                           "actor of its own", actor=repr(actor))))
            elif mapping.get(key, actor) != actor:
                problems.append(Problem(file, None, "aliases", alias,
                                        M_("is an alias of both {a} and {b}",
                                           a=repr(mapping[key]), b=repr(actor))))
            else:
                mapping[key] = actor
    if problems:
        raise IngestError(problems)
    return mapping


class KnownKinds(str):
    """The kinds of actor reterete knows, said in the language in force when a
    message shows them (``Associazione, Agenzia educativa, ...``), never as
    internal codes; each is also a spelling the registry accepts."""

    def __new__(cls) -> KnownKinds:
        return super().__new__(cls, ", ".join(KINDS))

    def __format__(self, spec: str) -> str:
        from ..viz.labels import kind_label

        return format(", ".join(kind_label(k) for k in KINDS), spec)

    def __reduce__(self) -> tuple:
        return (KnownKinds, ())

