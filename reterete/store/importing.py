"""Importing contact logs and a registry: all or nothing, never twice.

Every file is checked first; then, in one transaction, each contact gets its
content key (:mod:`reterete.store.keys`), contacts already stored are skipped,
contacts of forgotten persons are left out with a warning, and each file's
name, path and SHA-256 are recorded as provenance.
"""

from __future__ import annotations

import itertools
import json
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import IngestError, Problem, WorkspaceError
from ..i18n import M_, MN_, _
from ..identity import normalize_name
from ..progress import task
from ._base import (
    _INTERACTION_FIELDS,
    _hash,
    _int,
    _json,
    _jsonable,
    _label,
    _log,
    _meta,
    _now,
    _sha256,
)
from .erasure import forgotten_lengths
from .keys import _occurrences, _per_value, content_keys
from .reading import _registry_frame
from .redact import HashedRedactor

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = ["FileReport", "ImportReport", "import_files"]

#: Test hook only: a folder; an import writes ``paused`` there before it
#: commits and waits until ``resume`` appears.
_PAUSE_ENV = "RETERETE_TEST_IMPORT_PAUSE"
#: Page cache (KiB) of an import's connection; SQLite's default, 2 MiB, makes
#: a million-row import re-read index pages from disk again and again.
_IMPORT_CACHE_KIB = 256 * 1024

@dataclass(frozen=True)
class FileReport:
    """What one file of an import brought: contacts ``new`` to the workspace,
    ``present`` already, and ``left_out`` (contacts of forgotten persons)."""

    file: str
    layout: str | None
    rows: int
    new: int
    present: int
    left_out: int


@dataclass(frozen=True)
class ImportReport:
    """The result of :meth:`Workspace.import_files`."""

    files: tuple[FileReport, ...]
    actors_added: int = 0
    actors_updated: int = 0
    warnings: tuple[Problem, ...] = ()

    @property
    def new(self) -> int:
        return sum(f.new for f in self.files)

    @property
    def present(self) -> int:
        return sum(f.present for f in self.files)

    @property
    def left_out(self) -> int:
        return sum(f.left_out for f in self.files)

    def table(self) -> pd.DataFrame:
        """One row per file."""
        cols = ["file", "layout", "rows", "new", "present", "left_out"]
        return pd.DataFrame([[getattr(f, c) for c in cols] for f in self.files], columns=cols)



def import_files(ws: Workspace, paths: Sequence[str | os.PathLike[str]] = (), *,
                 actors: str | os.PathLike[str] | pd.DataFrame | None = None,
                 layout: str | None = None, names: Sequence[str] | None = None,
                 actors_name: str | None = None, dayfirst: bool | None = None,
                 timezone: str | None = None) -> ImportReport:
    """Add contact logs and a registry (see :meth:`Workspace.import_files`)."""
    from ..ingest import check_contacts
    from ..ingest.actors import alias_map, kinds_sheet, parse_registry
    from ..ingest.files import read_raw

    errors: list[Problem] = []
    warnings: list[Problem] = []
    registry = None
    if names is not None and len(names) != len(paths):
        raise ValueError("give one name per contact log")
    if actors is not None:
        name = actors_name or ("<actors>" if isinstance(actors, pd.DataFrame) else None)
        registry, reg_errors, reg_warnings = parse_registry(read_raw(actors, name=name),
                                                            kinds_sheet(actors))
        errors += reg_errors
        warnings += reg_warnings
    checked = []
    for k, path in enumerate(paths):
        result = check_contacts([path], layout=layout,
                                names=None if names is None else [names[k]],
                                dayfirst=dayfirst, timezone=timezone)
        errors += result.errors
        warnings += result.warnings
        checked.append((Path(os.fspath(path)), result))
    if errors:
        raise IngestError(errors, warnings)
    if registry is None and not checked:
        raise WorkspaceError(_("nothing to import: name contact log files and/or --actors"))
    with ws._connect(write=True, create=True) as con:
        # random content keys land all over the key index: keep its pages in memory
        con.execute(f"PRAGMA cache_size = -{_IMPORT_CACHE_KIB}")
        salt = _meta(con, "salt")
        # the pseudonym key, made now (a write) so that reading never has to
        con.execute("INSERT OR IGNORE INTO meta(name, value) VALUES ('key', ?)",
                    (secrets.token_hex(32),))
        forgotten = {r[0] for r in con.execute("SELECT hash FROM forgotten")}
        redact = HashedRedactor(salt, forgotten, forgotten_lengths(con))
        stored_reg = _registry_frame(con)
        added = updated = 0
        if registry is not None:
            registry, dropped = _drop_forgotten_actors(registry, forgotten, salt)
            warnings += dropped
            merged = registry if stored_reg is None else pd.concat(
                [stored_reg.drop(index=registry.index, errors="ignore"), registry])
            try:
                alias_map(merged)
            except IngestError as exc:
                raise IngestError(exc.problems, warnings) from None
            added, updated = _store_registry(con, registry, redact)
            stored_reg = merged
        merges = alias_map(stored_reg) if stored_reg is not None else {}
        merges.update(dict(con.execute("SELECT alias, canonical FROM aliases")))
        log_id = _log(con, _now(), "import", json.dumps({"actors": None if registry is None
                                                        else {
                "file": redact(actors_name or _label(actors)), "added": added,
                "updated": updated}}))
        zones = {r.network.timezone for _, r in checked if r.network is not None} - {None}
        if zones:  # the zone Unix times were read in, stated with every analysis
            con.execute("INSERT OR REPLACE INTO meta(name, value) VALUES ('timezone', ?)",
                        (zones.pop(),))
        reports = []
        with task(_("Importing"), total=len(checked)) as step:
            for seq, (path, result) in enumerate(checked):
                shown = result.files[0]["file"] if result.files else path.name
                step.update(label=_("Importing {file}").format(file=shown))
                rep, notes = _store_file(con, log_id, seq, path, result, salt, forgotten,
                                         merges, redact)
                reports.append(rep)
                warnings += notes
                step.advance()
        _test_pause()
    return ImportReport(tuple(reports), added, updated, tuple(warnings))


def _store_file(con: sqlite3.Connection, log_id: int, seq: int, path: Path, result: Any,
                salt: str, forgotten: set[str], merges: dict[str, str],
                redact: HashedRedactor | None = None) -> tuple[FileReport, list[Problem]]:
    net = result.network
    info = result.files[0] if result.files else {}
    label = str(info.get("file", path.name))
    if redact:  # a file named after a person erased earlier keeps no trace of the name
        label = redact(label)
    inter = net.interactions.reset_index(drop=True)
    file_id = con.execute(
        "INSERT INTO import_files(log_id, seq, file, path, sha256, layout, rows, new, present, "
        "left_out) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0)",
        (log_id, seq, label, redact(str(path.resolve())) if redact else str(path.resolve()),
         _sha256(path), info.get("layout"),
         int(info.get("rows", 0)))).lastrowid
    records, kept, warnings = _records(inter, net.actors["name"], file_id, label, salt,
                                       forgotten, merges, redact=redact)
    before = con.total_changes
    con.executemany(
        "INSERT OR IGNORE INTO interactions(content_key, occurrence, import_file, file, row, "
        "date, source_id, source_name, target_id, target_name, site, kind, duration_min, weight, "
        "recorded_by, event, note, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?)", records)
    new = con.total_changes - before
    left_out = len(inter) - kept
    con.execute("UPDATE import_files SET new = ?, present = ?, left_out = ? WHERE id = ?",
                (new, kept - new, left_out, file_id))
    report = FileReport(label, info.get("layout"), int(info.get("rows", 0)), new,
                        kept - new, left_out)
    return report, warnings


def _records(inter: pd.DataFrame, names: pd.Series, file_id: int, label: str, salt: str,
             forgotten: set[str], merges: dict[str, str], *,
             redact: HashedRedactor | None = None
             ) -> tuple[Iterator[tuple], int, list[Problem]]:
    """The rows to insert into ``interactions`` (an iterator, built from whole
    columns), how many there are, and a warning per row left out because it
    names a forgotten person. With ``redact``, names erased earlier are
    blanked out of the text columns (content keys are those of the file as
    written, so re-importing it still finds its rows already there)."""
    text = (lambda u: redact(str(u))) if redact else str
    n = len(inter)
    keys = content_keys(inter, salt)
    occurrence = _occurrences(keys).tolist()
    source, target = inter["source"], inter["target"]
    recorded = inter["recorded_by"].to_numpy(dtype=object, na_value=None).copy()
    keep = None
    warnings: list[Problem] = []
    if forgotten:
        actors = pd.unique(pd.concat([source, target, inter["recorded_by"]], ignore_index=True)
                           .dropna().astype(object))
        gone = [a for a in actors.tolist()
                if _hash(salt, a) in forgotten or _hash(salt, merges.get(a, a)) in forgotten]
        if gone:
            out = (source.isin(gone) | target.isin(gone)).to_numpy()
            recorded[inter["recorded_by"].isin(gone).to_numpy()] = None
            keep = ~out
            rows = inter["row"].to_numpy(dtype=object, na_value=None)[out]
            warnings = [Problem(label, _int(r), None, None,
                                M_("holds a contact of a person erased from this workspace "
                                   "(reterete forget): left out")) for r in rows.tolist()]
    name_of = dict(zip(names.index.tolist(), names.tolist(), strict=True))
    extra = [c for c in inter.columns if c not in _INTERACTION_FIELDS]
    columns = [
        keys, occurrence, itertools.repeat(file_id, n), itertools.repeat(label, n),
        _ints(inter["row"]),
        _per_value(inter["date"], lambda u: pd.Timestamp(u).isoformat(), None).tolist(),
        source.tolist(), _per_value(source, lambda a: str(name_of.get(a, a)), None).tolist(),
        target.tolist(), _per_value(target, lambda a: str(name_of.get(a, a)), None).tolist(),
        _per_value(inter["site"], text, None).tolist(),
        _per_value(inter["kind"], text, None).tolist(),
        _floats(inter["duration_min"]), _floats(inter["weight"]),
        [redact(r) if redact and r is not None else r for r in recorded.tolist()],
        _per_value(inter["event"], text, None).tolist(),
        _per_value(inter["note"], text, None).tolist(),
        _extra_json(inter, extra, redact)]
    records: Iterator[tuple] = zip(*columns, strict=True)
    if keep is None:
        return records, n, warnings
    return itertools.compress(records, keep.tolist()), int(keep.sum()), warnings


def _extra_json(inter: pd.DataFrame, extra: list, redact: HashedRedactor | None = None
                ) -> list[str | None]:
    """The ``extra`` column: each row's other columns as a JSON object of
    the cells that hold something, None when none does."""
    if not extra:
        return [None] * len(inter)
    pieces = [_per_value(inter[c], _item_encoder(c, redact), "") for c in extra]
    joined = pieces[0] if len(pieces) == 1 else np.sum(pieces, axis=0)
    return [("{" + s[2:] + "}") if s else None for s in joined.tolist()]


def _item_encoder(column: object, redact: HashedRedactor | None = None) -> Any:
    def encode(v: object) -> str:
        value = _jsonable(v)
        if redact and isinstance(value, str):
            value = redact(value)
        return "" if value is None else f", {_json(column)}: {_json(value)}"
    return encode


def _ints(values: pd.Series) -> list[int | None]:
    if values.dtype.kind in "iu":
        return values.tolist()
    return [_int(v) for v in values.tolist()]


def _floats(values: pd.Series) -> list[float | None]:
    numbers = values.to_numpy(dtype=float, na_value=np.nan)
    out = numbers.astype(object)
    out[np.isnan(numbers)] = None
    return out.tolist()


def _store_registry(con: sqlite3.Connection, registry: pd.DataFrame,
                    redact: HashedRedactor | None = None) -> tuple[int, int]:
    existing = {r[0] for r in con.execute("SELECT id FROM actors")}
    now = _now()
    rows = []
    for actor, rec in zip(registry.index, registry.to_dict(orient="records"), strict=True):
        data = {k: _jsonable(v) for k, v in rec.items()}
        if redact:  # names erased earlier, written in other actors' attributes
            data = {k: v if k == "name" else _redacted(v, redact) for k, v in data.items()}
        rows.append((actor, str(rec["name"]), json.dumps(data, ensure_ascii=False), now))
    con.executemany("INSERT INTO actors(id, name, data, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET name = excluded.name, data = excluded.data, "
                    "updated_at = excluded.updated_at", rows)
    updated = sum(1 for r in rows if r[0] in existing)
    return len(rows) - updated, updated


def _redacted(value: Any, redact: HashedRedactor) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redacted(v, redact) for v in value]
    return value


def _drop_forgotten_actors(registry: pd.DataFrame, forgotten: set[str], salt: str
                           ) -> tuple[pd.DataFrame, list[Problem]]:
    if not forgotten or registry.empty:
        return registry, []
    gone = [a for a in registry.index if _hash(salt, a) in forgotten or any(
        _hash(salt, normalize_name(x)) in forgotten for x in registry.at[a, "aliases"] or ())]
    if not gone:
        return registry, []
    file = str(registry["file"].iloc[0]) if "file" in registry else "<actors>"
    note = Problem(file, None, None, None,
                   MN_("{n} actor of the registry was erased from this workspace "
                       "(reterete forget): left out",
                       "{n} actors of the registry were erased from this workspace "
                       "(reterete forget): left out", len(gone)))
    return registry.drop(index=gone), [note]



def _test_pause() -> None:
    folder = os.environ.get(_PAUSE_ENV)
    if not folder:
        return
    Path(folder, "paused").touch()
    resume = Path(folder, "resume")
    for _attempt in range(6000):  # at most about a minute
        if resume.exists():
            return
        time.sleep(0.01)

