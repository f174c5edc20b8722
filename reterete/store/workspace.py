"""The :class:`Workspace` class: one SQLite file, and the methods a user
calls on it. Each method is a thin door onto the module that does the work:
:mod:`~reterete.store.importing`, :mod:`~reterete.store.aliases`,
:mod:`~reterete.store.erasure`, :mod:`~reterete.store.provenance`,
:mod:`~reterete.store.reading`."""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pandas as pd

from . import aliases as _aliases
from . import erasure as _erasure
from . import importing as _importing
from . import provenance as _provenance
from . import reading as _reading
from ._base import KEY_ENV, KEY_FILE_ENV
from .connection import connect
from .erasure import ForgetReport
from .importing import ImportReport

__all__ = ["Workspace"]


class Workspace:
    """A reterete workspace: one SQLite file.

    Parameters
    ----------
    path : path
        The ``.db`` file. Importing or recording an alias creates it; reading
        a workspace that does not exist is an error.
    timeout : float
        Seconds to wait for another import to finish before giving up.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> log = folder / "september.csv"
    >>> _ = log.write_text("date,source,target,site\\n2024-09-02,Ada,Bea,Piazza Roma\\n"
    ...                    "2024-09-03,Bea,Cy,Piazza Roma\\n")
    >>> ws = Workspace(folder / "project.db")
    >>> ws.import_files([log]).new
    2
    >>> ws.import_files([log]).present    # again: nothing new
    2
    >>> sorted(ws.network().graph().edges())
    [('ada', 'bea'), ('bea', 'cy')]
    """

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 5.0):
        self.path = Path(path)
        self.timeout = float(timeout)

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    # ------------------------------------------------------------ connection
    # ------------------------------------------------------------ connection
    @contextlib.contextmanager
    def _connect(self, *, write: bool, create: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection inside one transaction: ``BEGIN IMMEDIATE`` to write,
        a plain (snapshot) transaction to read. Commits on success."""
        with connect(self.path, timeout=self.timeout, write=write, create=create) as con:
            yield con

    # ------------------------------------------------------------- queries
    @property
    def schema_version(self) -> int:
        """``PRAGMA user_version`` of the file (the number of migrations applied)."""
        with self._connect(write=False) as con:
            return int(con.execute("PRAGMA user_version").fetchone()[0])

    def aliases(self) -> dict[str, str]:
        """Recorded merges: alias actor id -> canonical actor id."""
        with self._connect(write=False) as con:
            return dict(con.execute("SELECT alias, canonical FROM aliases ORDER BY alias"))

    def registry(self) -> pd.DataFrame | None:
        """The stored actor registry, as :func:`reterete.ingest.read_actors`
        returns it (indexed by actor id), or None when none was imported."""
        with self._connect(write=False) as con:
            return _reading._registry_frame(con)

    def interactions(self) -> pd.DataFrame:
        """Every stored contact with its provenance: ``content_key``,
        ``occurrence``, the contact's fields (actor ids before aliases in
        ``source_id`` / ``target_id``), ``file``, ``row`` and ``imported_at``."""
        with self._connect(write=False) as con:
            return _reading._interactions_frame(con)

    def log(self) -> pd.DataFrame:
        """What was done to the workspace, oldest first: ``id``, ``at``,
        ``action`` (import, alias, forget) and ``detail`` (plain words)."""
        return _provenance.log(self)

    def dump(self) -> dict[str, list[tuple]]:
        """Every table's rows, sorted, plus ``user_version``: a snapshot to
        compare (tests, backups checks)."""
        return _reading.dump(self)

    def network(self):
        """The workspace's contacts as a :class:`~reterete.network.Network`,
        with the registry and every alias applied.

        Raises
        ------
        WorkspaceError
            If the workspace does not exist or holds no contact yet.
        """
        return _reading.network(self)

    # ------------------------------------------------------------- privacy
    def key(self, key_file: str | os.PathLike[str] | None = None, *,
            on_create: Callable[[Path], None] | None = None) -> bytes:
        """The secret that keys pseudonyms (``--anonymize``).

        The user's own key wins, looked for as :func:`reterete.privacy.load_key`
        does: the environment variable ``RETERETE_KEY``, then ``key_file``,
        then the file named by ``RETERETE_KEY_FILE``. Without any of them, the
        workspace's own random key, created on first use and kept in its
        ``meta`` table, so that pseudonyms stay the same from one page to the
        next. Whoever holds the workspace file can re-identify pseudonyms made
        with it: share outputs, not the workspace.
        """
        if key_file is not None or os.environ.get(KEY_ENV) or os.environ.get(KEY_FILE_ENV):
            from ..privacy import load_key

            return load_key(key_file, on_create=on_create)
        with self._connect(write=False) as con:
            row = con.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
        if row is None:
            with self._connect(write=True) as con:
                con.execute("INSERT OR IGNORE INTO meta(name, value) VALUES ('key', ?)",
                            (secrets.token_hex(32),))
                row = con.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
        return bytes.fromhex(row[0])

    # -------------------------------------------------------------- writes
    def import_files(self, paths: Sequence[str | os.PathLike[str]] = (), *,
                     actors: str | os.PathLike[str] | pd.DataFrame | None = None,
                     layout: str | None = None, names: Sequence[str] | None = None,
                     actors_name: str | None = None, dayfirst: bool | None = None,
                     timezone: str | None = None) -> ImportReport:
        """Add contact logs (and optionally an actor registry) to the workspace.

        Every file is read and checked first; if any row of any file is
        invalid, nothing is added and an :class:`~reterete.errors.IngestError`
        lists every problem. Otherwise all contacts not already present (by
        content key and occurrence) are added in one transaction. A registry
        adds its actors and replaces the stored entries of actors it lists again.
        ``names`` (one per path) and ``actors_name`` are the file names kept
        as provenance and shown in problems instead of the paths' own names
        (an upload kept under a private temporary name). ``dayfirst`` and
        ``timezone`` read dates as :func:`reterete.read_contacts` does; dates
        are stored with their time of day, and the zone Unix times were read
        in is kept with the workspace (:attr:`Network.timezone`).

        Raises
        ------
        IngestError
            With every problem of every file; the workspace is unchanged.
        WorkspaceError
            If another import holds the workspace longer than ``timeout``.
        """
        return _importing.import_files(self, paths, actors=actors, layout=layout, names=names,
                                       actors_name=actors_name, dayfirst=dayfirst,
                                       timezone=timezone)

    def add_alias(self, name: str, canonical: str) -> tuple[str, str]:
        """Record that ``name`` is the same actor as ``canonical``.

        Both are matched like actor names. Chains are flattened: if
        ``canonical`` is itself an alias, ``name`` joins its canonical actor,
        and aliases that pointed at ``name`` now point at the canonical actor.
        Returns the ``(alias id, canonical id)`` recorded.

        When both are actors of the registry, their entries are merged: the
        alias's entry is removed, its name and aliases become aliases of the
        canonical actor (whose attributes are kept), and the removed entry is
        kept in the log. A registry actor cannot become the alias of an actor
        the registry does not list: record it the other way round.

        Raises
        ------
        WorkspaceError
            If the two name the same actor, either is empty, or ``name`` is
            in the registry and ``canonical`` is not.
        """
        return _aliases.add_alias(self, name, canonical)

    def mark_distinct(self, name_a: str, name_b: str) -> None:
        """Record that two names are *not* the same actor, so that
        :meth:`distinct_mask` leaves the pair out of likely duplicates.

        Only a salted hash of the pair of actor ids is kept (an erasure has
        nothing to remove); the log says that a pair was marked, not which.
        """
        _aliases.mark_distinct(self, name_a, name_b)

    def distinct_mask(self, pairs: Sequence[tuple[str, str]]) -> list[bool]:
        """For each pair of names, whether it was marked as two different
        actors with :meth:`mark_distinct` (all False when the workspace does
        not exist)."""
        return _aliases.distinct_mask(self, pairs)

    def forget(self, name: str) -> ForgetReport:
        """Erase a person: every contact they took part in, their registry
        entry, the aliases naming them, their name where they recorded
        contacts, and their name wherever it is written in the workspace
        (other contacts' sites, events, notes and extra columns, other
        actors' attributes, file names and paths, the log), replaced by
        ``[…]``. Their ids are kept only as salted hashes, so that later
        imports leave their contacts out. Afterwards the file and its
        ``-wal`` hold no copy (``VACUUM``, ``wal_checkpoint(TRUNCATE)``).

        Likely other spellings (look-alike letters, invisible characters,
        another word order) are not erased: the report lists them
        (``variants``), for the user to forget too if they are the same
        person. The original files still hold the name: they are outside
        the workspace.

        Raises
        ------
        WorkspaceError
            If nobody of that name is in the workspace, or another program
            is reading it (nothing is changed then).
        """
        return _erasure.forget(self, name)

    def _checkpoint(self) -> None:
        """Move the WAL into the main file and truncate it."""
        _erasure.checkpoint(self)
