"""Schema migrations: from nothing, from the first schema (with a backup), and models agree."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from docflags_gui.store.history import HistoryStore
from docflags_gui.store.migrations import LATEST_VERSION, SchemaTooNewError, migrate
from docflags_gui.store.models import Base


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _write_first_schema_db(db_path: Path) -> None:
    """A history as the first release left it: schema 1 with one finished job and its flag."""
    migrate(db_path, target_version=1)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "INSERT INTO documents (sha256, pages, first_seen, last_seen) VALUES (?, 3, 1, 1)",
            ("b" * 64,),
        )
        conn.execute(
            "INSERT INTO jobs (id, sha256, path, file_name, state, created, finished, "
            "engine_version, origin, pages, flag_count, similarity, result_json) VALUES "
            "(7, ?, '/old/a.pdf', 'a.pdf', 'SUCCESS', 1, 2, '1', 'app', 3, 1, 5, '{\"x\": 1}')",
            ("b" * 64,),
        )
        conn.execute(
            "INSERT INTO flags (job_id, n, page, kind, text, ocr) "
            "VALUES (7, 1, 1, 'highlight', 'old words', 0)"
        )
    conn.close()


def test_fresh_database_gets_latest_schema_and_no_backup(db_path: Path) -> None:
    assert migrate(db_path) is None
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()
    assert not list(db_path.parent.glob("*.bak"))


def test_migration_from_first_schema_keeps_data_and_leaves_a_backup(db_path: Path) -> None:
    _write_first_schema_db(db_path)

    store = HistoryStore(db_path)
    try:
        assert store.backup_path == db_path.with_name("history.sqlite3.v1.bak")
        job = store.get_job(7)
        assert job is not None and job.state == "SUCCESS" and job.flags == 1
        stored = store.get_result(7)
        assert stored is not None and dict(stored) == {"x": 1}
        assert [j.id for j in store.list_jobs(search="old words")] == [7]
        assert job.attempt is None and job.log_path is None  # columns added by version 2
        assert store.retention_days is None  # table added by version 2
    finally:
        store.close()

    backup = sqlite3.connect(store.backup_path)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    assert backup.execute("SELECT file_name FROM jobs").fetchall() == [("a.pdf",)]
    assert "attempt" not in _columns(backup, "jobs")
    backup.close()
    migrated = sqlite3.connect(db_path)
    assert migrated.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    migrated.close()


def test_second_backup_never_overwrites_the_first(db_path: Path) -> None:
    _write_first_schema_db(db_path)
    first = migrate(db_path)
    other = db_path.with_name("other.sqlite3")
    _write_first_schema_db(other)
    other.replace(db_path)  # the user restored an old copy and starts docflags again
    second = migrate(db_path)
    assert first is not None and second is not None and first != second
    assert first.exists() and second.exists()


def test_migrated_schema_matches_the_models(db_path: Path) -> None:
    migrate(db_path)
    conn = sqlite3.connect(db_path)
    try:
        for table in Base.metadata.sorted_tables:
            assert _columns(conn, table.name) == {c.name for c in table.columns}, table.name
            indexes = {row[1] for row in conn.execute(f"PRAGMA index_list({table.name})")}
            assert {i.name for i in table.indexes} <= indexes, table.name
    finally:
        conn.close()


def test_database_from_a_newer_docflags_is_refused_untouched(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaTooNewError, match="newer docflags"):
        HistoryStore(db_path)
    assert not list(db_path.parent.glob("*.bak"))
