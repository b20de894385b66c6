"""Connection set-up: every connection gets WAL and its pragmas; writes begin IMMEDIATE."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, text

from docflags_gui.store.connection import BUSY_TIMEOUT_MS
from docflags_gui.store.db import make_engines
from docflags_gui.store.history import HistoryStore


def test_every_pooled_connection_has_wal_and_pragmas(db_path: Path) -> None:
    read, write = make_engines(db_path)
    try:
        # Two connections at once: both came through the connect listener.
        with read.connect() as first, write.connect() as second:
            for conn in (first, second):
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        read.dispose()


def test_write_engine_begins_immediate_and_read_engine_plain(db_path: Path) -> None:
    read, write = make_engines(db_path)
    seen: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    for engine in (read, write):  # each has a pool of its own (the writer owns one connection)
        event.listen(engine, "before_cursor_execute", remember)
    try:
        with write.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
        with read.begin() as conn:
            conn.execute(text("SELECT count(*) FROM t"))
    finally:
        read.dispose()
        write.dispose()
    begins = [s for s in seen if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]


def test_store_file_is_in_wal_mode_on_disk(db_path: Path) -> None:
    store = HistoryStore(db_path)
    store.record_queued(db_path.parent / "a.pdf")
    store.close()
    header = db_path.read_bytes()[:20]
    # Bytes 18 and 19 of the SQLite header are 2 in WAL mode (1 in rollback-journal mode).
    assert header[18] == 2 and header[19] == 2
