"""SQLAlchemy engines of the history: per-connection pragmas, explicit BEGIN / BEGIN IMMEDIATE.

Every connection gets the pragmas of store.connection from a `connect` listener, so no code path
can forget them. Python's sqlite3 module is put in autocommit mode and SQLAlchemy's `begin`
listener emits the BEGIN itself: plain BEGIN for reads, BEGIN IMMEDIATE on `write_engine`, so a
read-then-write transaction takes the write lock first (waiting up to the busy timeout) instead
of failing with "database is locked" when it tries to upgrade.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import ConnectionPoolEntry

from docflags_gui.store.connection import BUSY_TIMEOUT_MS, configure_connection

# An execution option on the derived engine used for writes.
_IMMEDIATE = "docflags_begin_immediate"


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


def driver_connection(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under `conn`, inside its transaction (for store.job_rows, whose
    plain SQL the command line's writer shares)."""
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw
