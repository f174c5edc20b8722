"""Backups of a workspace while it is in use (``reterete backup``).

:func:`backup` copies the workspace with SQLite's online backup API
(``sqlite3.Connection.backup``) in one step, inside one read transaction: the
copy is the workspace as it was at one moment, even while the app or an
import writes to it (WAL: readers never block writers). The copy is written
to a temporary file next to the destination and moved into place only when
complete (:func:`reterete.outputs.atomic_path`), and is never the workspace
itself (:func:`reterete.outputs.refuse_overwriting_inputs`).

A backup is marked as one (``meta.backup_at``): reterete opens it read-only,
so that nobody adds contacts to a copy by mistake. ``restore=True`` makes a
copy without the mark, to work on again.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from ..i18n import _
from ._base import _now

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = ["backup", "backup_mark"]


def backup(ws: Workspace, out: str | os.PathLike[str], *, restore: bool = False) -> Path:
    """Copy the workspace, consistent at one moment, to ``out``.

    Parameters
    ----------
    ws : Workspace
        The workspace (it may be in use).
    out : path
        The copy; an existing file there is replaced only once the copy is whole.
    restore : bool
        Make a working copy of a backup (without the read-only mark).

    Returns
    -------
    Path
        ``out``.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "log.csv").write_text("date,source,target\\n2024-09-02,Ada,Bea\\n")
    >>> from reterete.store import Workspace
    >>> ws = Workspace(folder / "project.db")
    >>> ws.import_files([folder / "log.csv"]).new
    1
    >>> copy = backup(ws, folder / "copy.db")
    >>> len(Workspace(copy).interactions())
    1
    >>> backup_mark(copy) is not None
    True
    """
    from ..outputs import atomic_path, check_output_folder, refuse_overwriting_inputs

    out = Path(out)
    refuse_overwriting_inputs([out], [], workspace=ws.path)
    check_output_folder(out)
    with ws._connect(write=False):  # refuses a file that is not a workspace, in plain words
        pass
    with atomic_path(out) as tmp:
        source = sqlite3.connect(ws.path.resolve().as_uri() + "?mode=ro", uri=True,
                                 timeout=ws.timeout)
        target = sqlite3.connect(tmp, isolation_level=None)
        try:
            source.backup(target)  # all pages in one step: one snapshot
            target.execute("PRAGMA journal_mode=DELETE")
            if restore:
                target.execute("DELETE FROM meta WHERE name = 'backup_at'")
            else:
                target.execute("INSERT OR REPLACE INTO meta(name, value) "
                               "VALUES ('backup_at', ?)", (_now(),))
        except sqlite3.Error as exc:
            raise WorkspaceError(_("the backup of {path} failed: {error}").format(
                path=ws.path, error=exc)) from None
        finally:
            target.close()
            source.close()
    return out


def backup_mark(path: str | os.PathLike[str]) -> str | None:
    """When the backup at ``path`` was taken (UTC, ISO), or None for a workspace."""
    con = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        row = con.execute("SELECT value FROM meta WHERE name = 'backup_at'").fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return None if row is None else str(row[0])
