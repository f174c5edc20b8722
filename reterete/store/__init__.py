"""The workspace: contact logs gathered month after month in one SQLite file.

A workspace loses nothing and doubles nothing:

* **All or nothing.** One ``import`` is one transaction (``BEGIN IMMEDIATE``):
  if any file has an invalid row, nothing is added and every bad row is
  reported; a crash or a kill in the middle leaves the workspace as it was.
* **Idempotent.** A contact is keyed by its *content*, not by file name or
  row: the date, the ordered pair of actor ids, the site, the kind, the
  duration, the weight, who recorded it, the event, the note and any extra
  column, each normalised like actor names (NFKC, case folding, spaces), and
  hashed (keyed BLAKE2b) with a salt kept in the workspace. Two identical
  contacts in one file (two separate 30-minute meetings on the same day) are told apart by
  their *occurrence* (first, second, ...) within that file, so importing a
  file again, or an export that overlaps an earlier one, adds nothing: the
  workspace holds the union of the files, occurrence by occurrence.
  Actor ids in the key are taken *before* aliases, so recording an alias
  never changes what counts as already imported.
* **Provenance.** Every contact keeps its file name, row and import;
  :meth:`Workspace.log` lists the imports, aliases and erasures.
* **Aliases** (``reterete alias``) and the registry (``--actors``) are stored
  and applied whenever the network is read, to old and new contacts alike:
  :meth:`Workspace.network` equals ``read_contacts(files, actors=registry,
  aliases=aliases)`` on the imported files (without their repeated rows).
* **Erasure.** :meth:`Workspace.forget` removes a person, every contact they
  took part in, their registry entry and aliases, their name where they
  recorded contacts, and their name wherever it is *written* (other
  contacts' sites, events, notes and extra columns, other actors'
  attributes, file names and paths, the log: ``[…]`` in its place); see
  :mod:`reterete.store.erasure`. Likely other spellings are listed, not
  erased. It refuses while another program reads the workspace, and leaves
  no copy in the file or its ``-wal`` (``secure_delete``, ``VACUUM``,
  checkpoint). Salted hashes of the forgotten names (and how many words they
  have) are kept, so that re-importing an old file that still names them
  leaves their contacts out, with a warning, and later imports blank the
  name out of text, file names and registry attributes. (A hash cannot give
  the name back, but someone holding the workspace file who guesses a name
  can check whether it was erased.)
* **Reading never writes.** Analyses open the file read-only (SQLite
  ``mode=ro``): its bytes, journal mode and schema stay as they were. A file
  that is not a workspace, or was made by a newer reterete, is refused before
  anything touches it, by reading and writing commands alike. (A workspace of
  an older reterete is brought up to date once, the first time it is opened.)
* **Concurrency.** WAL mode: readers see the workspace before or after an
  import, never half of one; a second import that cannot get the write lock
  within ``timeout`` seconds fails with a :class:`~reterete.errors.WorkspaceError`.

The schema is versioned with ``PRAGMA user_version`` (see
:mod:`reterete.store_schema`).

Layout
------
:mod:`~reterete.store.workspace`
    the :class:`Workspace` class, a thin door onto the modules below;
:mod:`~reterete.store.connection`
    opening the file, transactions, schema upgrades;
:mod:`~reterete.store.importing`
    imports (all or nothing, provenance of each file);
:mod:`~reterete.store.keys`
    content keys (what makes a contact already imported);
:mod:`~reterete.store.aliases`
    merges recorded with ``reterete alias``;
:mod:`~reterete.store.erasure`
    ``reterete forget``;
:mod:`~reterete.store.provenance`
    the log in plain words;
:mod:`~reterete.store.reading`
    the registry, the contacts and the network read back.
"""

from __future__ import annotations

from ._base import KEY_ENV, KEY_FILE_ENV
from .erasure import ForgetReport
from .importing import FileReport, ImportReport
from .keys import content_keys
from .workspace import Workspace

__all__ = ["Workspace", "ImportReport", "FileReport", "ForgetReport", "KEY_ENV", "KEY_FILE_ENV",
           "content_keys"]
