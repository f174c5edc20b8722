"""The workspace's SQLite schema, as numbered migrations.

``PRAGMA user_version`` holds the number of migrations applied. A workspace
made by an older reterete is brought up to date, in one transaction, the first
time a newer one opens it; a workspace made by a newer reterete is refused.

Tables (version 1)
------------------
meta
    ``name -> value``: the salt of content keys, the pseudonym key, when and
    by which version the workspace was made.
log
    One row per change: an import, an alias, a forget. ``detail`` is JSON.
import_files
    One row per file of an import: name, path, SHA-256 of its bytes, layout,
    and how many contacts were new, already present or left out.
interactions
    One row per contact, keyed by ``(content_key, occurrence)`` (see
    :mod:`reterete.store`), with the names as written, the actor ids before
    aliases, and where it came from (``import_file``, ``file``, ``row``).
actors
    The actor registry, one row per actor id; ``data`` is the JSON record.
aliases
    ``alias -> canonical`` actor ids recorded with ``reterete alias``.
forgotten
    Salted hashes of actor ids erased with ``reterete forget``.

Version 2 drops the indexes on ``interactions.source_id``, ``target_id`` and
``recorded_by``: only an erasure (rare) reads by them, and a scan of a million
contacts takes well under a second, while keeping them up to date cost an
import of a million-row log 10-20 seconds (insertions all over three trees).

Version 3 adds ``distinct_pairs``: salted hashes of pairs of actor ids that a
person said are *not* the same actor (``reterete app``'s "not the same"), so
the pair is not proposed as a likely duplicate again. Only hashes are kept, so
an erasure has nothing to remove there.

Version 4 makes the workspace a team's (``reterete users``, the app's field
log): ``log.user`` names who made each change (NULL: the command line);
``users`` holds the accounts (login name, role, an argon2id hash of the
password, disabled or not, and a ``generation`` that a password change, a
role change or a revocation increases, which ends the sessions issued
before); ``field_entries`` holds one row per contact logged in the app, keyed
by the ``client_id`` the browser made (UNIQUE: sent twice, stored once), with
its author and the ``import_files`` row its contacts belong to (the contacts
themselves are ordinary ``interactions`` rows, so analyses, erasure and
backups treat them as any import).
"""

from __future__ import annotations

__all__ = ["MIGRATIONS", "LATEST", "TABLES"]

_V1 = """
CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE TABLE import_files (
    id       INTEGER PRIMARY KEY,
    log_id   INTEGER NOT NULL REFERENCES log(id),
    seq      INTEGER NOT NULL,
    file     TEXT NOT NULL,
    path     TEXT,
    sha256   TEXT,
    layout   TEXT,
    rows     INTEGER NOT NULL,
    new      INTEGER NOT NULL,
    present  INTEGER NOT NULL,
    left_out INTEGER NOT NULL
);
CREATE TABLE interactions (
    id               INTEGER PRIMARY KEY,
    content_key      TEXT NOT NULL,
    occurrence       INTEGER NOT NULL,
    import_file      INTEGER NOT NULL REFERENCES import_files(id),
    file             TEXT NOT NULL,
    row              INTEGER,
    date             TEXT NOT NULL,
    source_id        TEXT NOT NULL,
    source_name      TEXT NOT NULL,
    target_id        TEXT NOT NULL,
    target_name      TEXT NOT NULL,
    site             TEXT,
    kind             TEXT,
    duration_min     REAL,
    weight           REAL,
    recorded_by      TEXT,
    event            TEXT,
    note             TEXT,
    extra            TEXT,
    UNIQUE (content_key, occurrence)
);
CREATE INDEX interactions_source ON interactions(source_id);
CREATE INDEX interactions_target ON interactions(target_id);
CREATE INDEX interactions_recorded_by ON interactions(recorded_by);
CREATE TABLE actors (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    data       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE aliases (
    alias      TEXT PRIMARY KEY,
    canonical  TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE forgotten (
    hash TEXT PRIMARY KEY,
    at   TEXT NOT NULL
);
"""

_V2 = """
DROP INDEX interactions_source;
DROP INDEX interactions_target;
DROP INDEX interactions_recorded_by;
"""

_V3 = """
CREATE TABLE distinct_pairs (
    hash TEXT PRIMARY KEY,
    at   TEXT NOT NULL
);
"""

_V4 = """
ALTER TABLE log ADD COLUMN user TEXT;
CREATE TABLE users (
    name       TEXT PRIMARY KEY,
    shown      TEXT NOT NULL,
    role       TEXT NOT NULL,
    hash       TEXT NOT NULL,
    disabled   INTEGER NOT NULL DEFAULT 0,
    generation INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE field_entries (
    id          INTEGER PRIMARY KEY,
    client_id   TEXT NOT NULL UNIQUE,
    user        TEXT NOT NULL,
    at          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    import_file INTEGER REFERENCES import_files(id),
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX interactions_import_file ON interactions(import_file);
"""

#: SQL scripts; migration ``i`` takes a workspace from version ``i`` to ``i + 1``.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4)
#: The schema version this reterete writes.
LATEST = len(MIGRATIONS)
#: Tables of the latest schema, in dependency order.
TABLES = ("meta", "log", "import_files", "interactions", "actors", "aliases", "forgotten",
          "distinct_pairs", "users", "field_entries")
