"""Plain sqlite3 connections to the history: their pragmas, and one write transaction.

Every history connection (SQLAlchemy's pools in db.py, the migration runner, the command
line's plain writer) gets WAL, synchronous=NORMAL, a busy timeout and foreign keys here, and is
put in autocommit mode so that BEGIN is emitted explicitly: BEGIN IMMEDIATE for writes, so a
read-then-write transaction takes the write lock first (waiting up to the busy timeout) instead
of failing with "database is locked" when it tries to upgrade. Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_MS = 15_000


def configure_connection(dbapi_connection: sqlite3.Connection) -> None:
    """The pragmas every history connection needs."""
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def connect(db_path: Path) -> sqlite3.Connection:
    """A configured connection to the database at `db_path` (its folder is made if missing)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        configure_connection(conn)
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT on a configured connection; ROLLBACK when the block raises."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
