"""The SQLite engine of the history: per-connection pragmas and explicit BEGIN / BEGIN IMMEDIATE.

Every connection gets WAL, synchronous=NORMAL, a busy timeout and foreign keys from a `connect`
listener, so no code path can forget them. Python's sqlite3 module is put in autocommit mode and
SQLAlchemy's `begin` listener emits the BEGIN itself: plain BEGIN for reads, BEGIN IMMEDIATE on
`write_engine`, so a read-then-write transaction takes the write lock first (waiting up to the busy
timeout) instead of failing with "database is locked" when it tries to upgrade.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import ConnectionPoolEntry

BUSY_TIMEOUT_MS = 15_000
# An execution option on the derived engine used for writes.
_IMMEDIATE = "docflags_begin_immediate"


def configure_connection(dbapi_connection: sqlite3.Connection) -> None:
    """The pragmas every history connection needs (also used by the migration runner)."""
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    configure_connection(dbapi_connection)


def _on_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(_IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _engine(db_path: Path, **pool: Any) -> Engine:
    engine = create_engine(
        f"sqlite:///{db_path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **pool
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def make_engines(db_path: Path) -> tuple[Engine, Engine]:
    """(read_engine, write_engine) for the database at `db_path`, each with its own pool.

    The write engine holds one connection, used only by the store's writer thread
    (store.writer); reads take connections of their own from the read engine's pool.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    write_engine = _engine(db_path, pool_size=1, max_overflow=0).execution_options(
        **{_IMMEDIATE: True}
    )
    return _engine(db_path), write_engine
