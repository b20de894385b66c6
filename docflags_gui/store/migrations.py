"""Versioned schema migrations of the history database (PRAGMA user_version), with a backup.

Each migration is frozen SQL: once released it never changes, so a database written by any
earlier docflags reaches the current schema by running the steps it has not seen, in order, in one
transaction. Before an existing database is migrated, a consistent copy of it (SQLite's online
backup, which includes what still sits in the WAL) is written next to it as
`<name>.v<old>.bak`, so a failed or regretted upgrade loses nothing.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from docflags_gui.store.connection import configure_connection

log = logging.getLogger(__name__)

# Version 1: the first schema (documents, jobs with their docflags/1 result, flags, sources).
_V1 = (
    """
    CREATE TABLE documents (
        sha256 VARCHAR(64) NOT NULL PRIMARY KEY,
        pages INTEGER,
        first_seen FLOAT NOT NULL,
        last_seen FLOAT NOT NULL
    )
    """,
    """
    CREATE TABLE jobs (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        sha256 VARCHAR(64) REFERENCES documents (sha256) ON DELETE SET NULL,
        path TEXT NOT NULL,
        file_name TEXT NOT NULL,
        state VARCHAR(16) NOT NULL,
        created FLOAT NOT NULL,
        started FLOAT,
        finished FLOAT,
        error TEXT,
        settings_json TEXT,
        engine_version VARCHAR(32) NOT NULL,
        origin VARCHAR(8) NOT NULL,
        owner_id VARCHAR(32),
        owner_pid INTEGER,
        manager_job_id VARCHAR(64),
        pages INTEGER,
        flag_count INTEGER,
        similarity INTEGER,
        result_json TEXT
    )
    """,
    "CREATE INDEX ix_jobs_created ON jobs (created)",
    "CREATE INDEX ix_jobs_sha256_engine ON jobs (sha256, engine_version)",
    "CREATE INDEX ix_jobs_state ON jobs (state)",
    "CREATE INDEX ix_jobs_owner ON jobs (owner_id)",
    """
    CREATE TABLE flags (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        n INTEGER NOT NULL,
        page INTEGER NOT NULL,
        kind VARCHAR(16) NOT NULL,
        color VARCHAR(16),
        text TEXT NOT NULL,
        source INTEGER,
        comment TEXT,
        ocr BOOLEAN NOT NULL,
        x0 FLOAT,
        y0 FLOAT,
        x1 FLOAT,
        y1 FLOAT
    )
    """,
    "CREATE INDEX ix_flags_job ON flags (job_id)",
    """
    CREATE TABLE sources (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        n INTEGER NOT NULL,
        name TEXT NOT NULL,
        type TEXT,
        percent INTEGER,
        label VARCHAR(16)
    )
    """,
    "CREATE INDEX ix_sources_job ON sources (job_id)",
)

# Version 2: what the job manager reports about each run (attempt number, worker log) so the
# History view can open a job's log, and a settings table shared by the app and the CLI
# (retention).
_V2 = (
    "ALTER TABLE jobs ADD COLUMN attempt INTEGER",
    "ALTER TABLE jobs ADD COLUMN log_path TEXT",
    """
    CREATE TABLE settings (
        key VARCHAR(64) NOT NULL PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
)

# Version 3: each document's size in bytes, so a dropped file whose size matches no stored
# result is known to be new without reading (hashing) it: a dropped folder of large PDFs stays
# responsive.
_V3 = (
    "ALTER TABLE documents ADD COLUMN size INTEGER",
    "CREATE INDEX ix_documents_size ON documents (size)",
)

# Version 4: review decisions (by report content and passage identity, so they survive a
# re-analysis) and each matched job's review rules and manuscript.
_V4 = (
    """
    CREATE TABLE review_decisions (
        report_sha256 VARCHAR(64) NOT NULL,
        passage_key VARCHAR(32) NOT NULL,
        status VARCHAR(16) NOT NULL,
        note TEXT,
        updated FLOAT NOT NULL,
        PRIMARY KEY (report_sha256, passage_key)
    )
    """,
    """
    CREATE TABLE review_jobs (
        job_id INTEGER NOT NULL PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
        rules_json TEXT NOT NULL,
        manuscript_path TEXT,
        updated FLOAT NOT NULL
    )
    """,
)

# Version 5: a file's path as its bytes, when they are not valid UTF-8 (a name made on another
# system, or on purpose): `path` then holds its display form (U+FFFD for each bad byte), and
# this column what it takes to open the file again.
_V5 = ("ALTER TABLE jobs ADD COLUMN path_bytes BLOB",)

# MIGRATIONS[i] takes a database from version i to version i + 1.
MIGRATIONS: tuple[Sequence[str], ...] = (_V1, _V2, _V3, _V4, _V5)
LATEST_VERSION = len(MIGRATIONS)


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer docflags than this one."""


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def backup_path_for(db_path: Path, from_version: int) -> Path:
    candidate = db_path.with_name(f"{db_path.name}.v{from_version}.bak")
    if candidate.exists():  # keep every earlier backup; never overwrite one
        stamp = time.strftime("%Y%m%d-%H%M%S")
        candidate = db_path.with_name(f"{db_path.name}.v{from_version}.{stamp}.bak")
    return candidate


def _backup(conn: sqlite3.Connection, target: Path) -> None:
    tmp = target.with_name(target.name + ".partial")
    dest = sqlite3.connect(tmp)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    tmp.replace(target)


def migrate(db_path: Path, target_version: int = LATEST_VERSION) -> Path | None:
    """Bring the database at `db_path` to `target_version`; returns the backup made, if any.

    Safe when two processes start at once: the version is read again under BEGIN IMMEDIATE, so
    only one of them runs each step.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path)
    backup: Path | None = None
    try:
        configure_connection(conn)
        version = schema_version(conn)
        if version > LATEST_VERSION:
            raise SchemaTooNewError(
                f"The history database {db_path} was written by a newer docflags (schema "
                f"version {version}; this one knows up to {LATEST_VERSION}). Update docflags, "
                f"or set DOCFLAGS_DATA_DIR to use another folder."
            )
        if version >= target_version:
            return None
        if version > 0:
            backup = backup_path_for(db_path, version)
            _backup(conn, backup)
            log.info("history database backed up to %s before migrating", backup)
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(conn)  # another process may have migrated meanwhile
            for step in range(version, target_version):
                for statement in MIGRATIONS[step]:
                    conn.execute(statement)
                log.info("history database migrated to schema version %d", step + 1)
            if version < target_version:
                conn.execute(f"PRAGMA user_version = {int(target_version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return backup
    finally:
        conn.close()
