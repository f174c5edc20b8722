"""The workspace behind the app, and the computations its pages and API share.

Every figure comes from the library functions the command line calls, and
every JSON object from :mod:`reterete.payloads`. The network read from the
workspace is cached until the workspace file changes (an import from this app,
from another tab or from the command line), so pages stay fast.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import IngestError, Problem, WorkspaceError
from ..i18n import gettext as _

__all__ = ["Data", "ImportOutcome", "Upload", "REGISTRY_FIELDS"]

#: The registry fields a person can edit in the Actors page, in their order.
REGISTRY_FIELDS = ("kind", "sector", "sites", "team", "is_person", "cost_hours")


@dataclass(frozen=True)
class Upload:
    """One uploaded file kept in a private folder: ``name`` as sent (shown,
    never used as a path) and ``path`` (a name the app chose)."""

    name: str
    path: Path


@dataclass
class ImportOutcome:
    """What an import through the app did: the report when it happened, else
    the problems, and which files were clean."""

    report: Any = None
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    clean: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()
    files: tuple[dict, ...] = ()

    @property
    def ok(self) -> bool:
        return self.report is not None


class Data:
    """One workspace, shared by every request of the app (thread-safe)."""

    def __init__(self, db: str | os.PathLike[str]):
        from ..store import Workspace

        # imports from two tabs queue here (and on SQLite's lock across processes)
        self.workspace = Workspace(db, timeout=120.0)
        self._import_lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._cached: tuple[tuple, Any] | None = None
        self._accounts: tuple[tuple, dict[str, Any]] | None = None
        self._pseudo: Pseudonymised | None = None

    # ----------------------------------------------------------- reading
    def _signature(self) -> tuple:
        out = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(f"{self.workspace.path}{suffix}")
                out.append((st.st_mtime_ns, st.st_size, st.st_ino))
            except FileNotFoundError:
                out.append(None)
        return tuple(out)

    def exists(self) -> bool:
        return self.workspace.path.exists()

    # ----------------------------------------------------------- accounts
    def accounts(self) -> dict[str, Any]:
        """The workspace's accounts by login name (read again when the file changes)."""
        from ..store import accounts

        if not self.exists():
            return {}
        sig = self._signature()
        cached = self._accounts
        if cached is not None and cached[0] == sig:
            return cached[1]
        found = {u.name: u for u in accounts.users(self.workspace)}
        self._accounts = (sig, found)
        return found

    def is_team(self) -> bool:
        """Whether the workspace has accounts (the app then asks for a login)."""
        return any(not u.disabled for u in self.accounts().values())

    def account(self, name: str) -> Any:
        return self.accounts().get(name)

    def pseudonymised(self) -> Pseudonymised:
        """This workspace as an evaluator sees it (see :class:`Pseudonymised`)."""
        if self._pseudo is None:
            self._pseudo = Pseudonymised(self)
        return self._pseudo

    def network(self):
        """The workspace's Network (registry and aliases applied), or None
        when it holds no contact yet."""
        if not self.exists():
            return None
        with self._cache_lock:
            sig = self._signature()
            if self._cached is not None and self._cached[0] == sig:
                return self._cached[1]
            try:
                net = self.workspace.network()
            except WorkspaceError:
                if self._has_contacts():
                    raise
                net = None
            self._cached = (sig, net)
            return net

    def _has_contacts(self) -> bool:
        return len(self.workspace.interactions()) > 0

    def forget_cache(self) -> None:
        with self._cache_lock:
            self._cached = None

    def duplicates(self, threshold: float = 88.0) -> pd.DataFrame:
        """Likely duplicate names among the workspace's actors, less the pairs
        marked "not the same"; ``keep`` and ``merge`` say which name an alias
        would keep (a registry actor, else the one with more contacts)."""
        from ..ingest import likely_duplicates

        net = self.network()
        cols = ["name_a", "name_b", "score", "keep", "merge"]
        if net is None:
            return pd.DataFrame(columns=cols)
        dups = likely_duplicates(net.actors["name"], threshold=threshold)
        if not len(dups):
            return pd.DataFrame(columns=cols)
        pairs = list(zip(dups["name_a"], dups["name_b"], strict=True))
        marked = self.workspace.distinct_mask(pairs)
        dups = dups[[not m for m in marked]].copy()
        registry = self.workspace.registry()
        listed = set(registry.index) if registry is not None else set()
        G = net.graph()
        keep, merge = [], []
        from ..identity import normalize_name

        for a, b in zip(dups["name_a"], dups["name_b"], strict=True):
            ia, ib = normalize_name(a), normalize_name(b)
            a_first = (ia in listed, G.degree(ia) if ia in G else 0) >= (
                ib in listed, G.degree(ib) if ib in G else 0)
            keep.append(a if a_first else b)
            merge.append(b if a_first else a)
        dups["keep"], dups["merge"] = keep, merge
        return dups[cols].reset_index(drop=True)

    def actors(self) -> pd.DataFrame:
        """The Actors page's table: one row per actor of the workspace, with its
        registry fields and its number of contacts."""
        net = self.network()
        cols = ["actor", "name", "kind", "sector", "sites", "team", "is_person", "cost_hours",
                "contacts", "registered"]
        if net is None:
            return pd.DataFrame(columns=cols)
        table = net.actors.copy()
        inter = net.interactions
        counts = pd.concat([inter["source"], inter["target"]]).value_counts()
        registry = self.workspace.registry()
        listed = set(registry.index) if registry is not None else set()
        table["contacts"] = [int(counts.get(a, 0)) for a in table.index]
        table["registered"] = [a in listed for a in table.index]
        table = table.rename_axis("actor").reset_index()
        for col in cols:
            if col not in table:
                table[col] = None
        return table[cols]

    # ----------------------------------------------------------- writing
    def import_uploads(self, uploads: Sequence[Upload], registry: Upload | None = None,
                       *, only: Sequence[str] | None = None) -> ImportOutcome:
        """Check then import: every file and the registry, all or nothing.

        When a file has a bad row nothing is imported and the outcome lists
        every problem and which files were clean; ``only`` (file names) then
        imports just those.
        """
        chosen = [u for u in uploads if only is None or u.name in only]
        with self._import_lock:
            try:
                report = self.workspace.import_files(
                    [u.path for u in chosen], names=[u.name for u in chosen],
                    actors=registry.path if registry else None,
                    actors_name=registry.name if registry else None)
            except IngestError as exc:
                bad = {p.file for p in exc.problems}
                names = [u.name for u in chosen]
                return ImportOutcome(
                    errors=tuple(exc.problems), warnings=tuple(exc.warnings),
                    clean=tuple(n for n in names if n not in bad),
                    rejected=tuple(n for n in names if n in bad))
            finally:
                self.forget_cache()
        return ImportOutcome(report=report, warnings=tuple(report.warnings),
                             clean=tuple(u.name for u in chosen))

    def edit_actor(self, actor: str, values: dict[str, str]) -> None:
        """Store an actor's registry entry with ``values`` (texts as a person
        types them in a registry: sites separated by ``;``, yes/no, hours),
        through the same registry import as ``reterete import --actors``."""
        registry = self.workspace.registry()
        net = self.network()
        if registry is not None and actor in registry.index:
            record = registry.loc[actor].to_dict()
        elif net is not None and actor in net.actors.index:
            record = net.actors.loc[actor].to_dict()
        else:
            raise WorkspaceError(_("There is no such actor in this workspace."))
        row: dict[str, Any] = {"name": record.get("name") or actor}
        extras = {k: v for k, v in record.items()
                  if k not in ("name", "file", "aliases", *REGISTRY_FIELDS)
                  and registry is not None and k in registry.columns}
        aliases = record.get("aliases") or ()
        row["aliases"] = "; ".join(aliases) if isinstance(aliases, (tuple, list)) else ""
        for key in REGISTRY_FIELDS:
            row[key] = (values.get(key) or "").strip()
        row.update({k: (None if _blank(v) else v) for k, v in extras.items()})
        frame = pd.DataFrame([row], dtype=object)
        with self._import_lock:
            try:
                self.workspace.import_files(actors=frame, actors_name="app")
            finally:
                self.forget_cache()

    def forget_preview(self, actor: str) -> dict[str, int]:
        """What :meth:`Workspace.forget` would erase for ``actor``, counted
        before anything is erased."""
        from ..ingest.actors import alias_map

        registry = self.workspace.registry()
        merges = alias_map(registry) if registry is not None else {}
        merges.update(self.workspace.aliases())
        canonical = merges.get(actor, actor)
        ids = {actor, canonical} | {a for a, c in merges.items() if c == canonical}
        inter = self.workspace.interactions()
        took_part = inter["source_id"].isin(ids) | inter["target_id"].isin(ids)
        recorded = inter["recorded_by"].isin(ids)
        return {"interactions": int(took_part.sum()),
                "recorded_by": int((recorded & ~took_part).sum()),
                "registry": int(sum(1 for i in ids if registry is not None
                                    and i in registry.index)),
                "aliases": int(sum(1 for a, c in self.workspace.aliases().items()
                                   if a in ids or c in ids)),
                "names": len(ids)}

    def forget(self, actor: str):
        with self._import_lock:
            try:
                return self.workspace.forget(actor)
            finally:
                self.forget_cache()

    def add_alias(self, name: str, canonical: str) -> tuple[str, str]:
        with self._import_lock:
            try:
                return self.workspace.add_alias(name, canonical)
            finally:
                self.forget_cache()

    def mark_distinct(self, a: str, b: str) -> None:
        with self._import_lock:
            self.workspace.mark_distinct(a, b)


def _blank(v: object) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and v != v:
        return True
    return isinstance(v, str) and not v.strip()


class Pseudonymised:
    """A read-only view of :class:`Data` for the evaluator: the network
    pseudonymised with the workspace's key (:func:`reterete.privacy.anonymize_network`:
    persons, sites, events and files under pseudonyms, notes and free text left
    out), no registry, no likely duplicates, no way to change anything."""

    def __init__(self, data: Data):
        self.base = data
        self.workspace = data.workspace
        self._lock = threading.Lock()
        self._cached: tuple[Any, Any] | None = None

    def exists(self) -> bool:
        return self.base.exists()

    def network(self):
        from ..privacy import anonymize_network

        net = self.base.network()
        if net is None:
            return None
        with self._lock:
            if self._cached is not None and self._cached[0] is net:
                return self._cached[1]
            pseudo = anonymize_network(net, self.workspace.key())
            self._cached = (net, pseudo)
            return pseudo

    def duplicates(self, threshold: float = 88.0) -> pd.DataFrame:
        return pd.DataFrame(columns=["name_a", "name_b", "score", "keep", "merge"])

    def __getattr__(self, name: str) -> Any:
        raise WorkspaceError(_("Your role reads pseudonymised figures only."))
