"""PlainHistoryWriter (the command line's sqlite3 writer): the same rows as HistoryStore, the
same opening rules (migrated, backed up, a newer schema refused), no pauses, no SQLAlchemy."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from docflags_gui.runner.states import JobState
from docflags_gui.store import result_values
from docflags_gui.store.history import HistoryStore
from docflags_gui.store.migrations import LATEST_VERSION, SchemaTooNewError, migrate
from docflags_gui.store.plain_writer import PlainHistoryWriter
from tests.store.factories import make_result

# Columns whose values differ between two runs: clocks, the random owner id, the pid.
_RUN_COLUMNS = {"created", "started", "finished", "first_seen", "last_seen", "owner_id"}


def _record_a_run(writer: HistoryStore | PlainHistoryWriter, folder: Path) -> None:
    """A run as `docflags analyze` records it: successes (one document twice), a failure, a
    file name that is not UTF-8, and two jobs left unfinished when the writer closes."""
    report = folder / "report.pdf"
    report.write_bytes(b"%PDF-1.7 twelve")
    settings = {"jobs": 2, "ocr": True, "ocr_languages": None, "timeout_s": 600.0}
    odd = make_result(texts=("one", "two", "three"))
    odd["flags"][0].update(rect=["a", 1, 2, 3], color={"not": "a colour"}, id=None, page=None)
    odd["flags"][1].update(rect=None, ocr=True, comment=5)
    odd["sources"].append({"n": None, "name": None})
    first = writer.record_queued(report, settings=settings)
    writer.record_started(first)
    writer.record_finished(first, JobState.SUCCESS, result=odd, log_path=folder / "1.log")
    again = writer.record_queued(report, settings=settings)
    writer.record_started(again)
    big = make_result(texts=tuple(f"passage {i}" for i in range(450)), similarity=None)
    big["pages"] = None  # the document keeps the pages it had
    writer.record_finished(again, JobState.SUCCESS, result=big)
    failed = writer.record_queued(Path(folder.as_posix() + "/bad-\udcff.pdf"), settings=None)
    writer.record_started(failed)
    writer.record_finished(failed, JobState.FAILURE, error="The file is not a PDF.")
    running = writer.record_queued(folder / "running.pdf", settings=settings)
    writer.record_started(running)
    writer.record_queued(folder / "queued.pdf", settings=settings)
    writer.close()


def _rows(db_path: Path, folder: Path) -> dict[str, list[dict[str, Any]]]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    tables: dict[str, list[dict[str, Any]]] = {}
    try:
        for table in ("documents", "jobs", "flags", "sources"):
            rows = [dict(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
            for row in rows:
                for column in _RUN_COLUMNS & row.keys():
                    row[column] = None if row[column] is None else "set"
                for column, value in row.items():  # each run has its own folder
                    if isinstance(value, str):
                        row[column] = value.replace(str(folder), "FOLDER")
                    elif isinstance(value, bytes):
                        row[column] = value.replace(bytes(folder), b"FOLDER")
            tables[table] = rows
    finally:
        conn.close()
    return tables


def test_both_writers_write_exactly_the_same_rows(tmp_path: Path) -> None:
    written = {}
    for name, kind in (("orm", HistoryStore), ("plain", PlainHistoryWriter)):
        folder = tmp_path / name
        folder.mkdir()
        db_path = folder / "history.sqlite3"
        _record_a_run(kind(db_path, origin="cli"), folder)
        written[name] = _rows(db_path, folder)
    plain = written["plain"]
    assert [row["state"] for row in plain["jobs"]] == [
        "SUCCESS", "SUCCESS", "FAILURE", "INTERRUPTED", "INTERRUPTED",
    ]  # fmt: skip
    assert len(plain["flags"]) == 3 + 450 and len(plain["sources"]) == 3 + 2
    assert plain["documents"] == [{**plain["documents"][0], "pages": 9, "size": 15}]
    assert written["plain"] == written["orm"]


def test_what_the_plain_writer_records_reads_back_through_the_store(db_path: Path) -> None:
    result = make_result(texts=("the first", "the second"))
    with PlainHistoryWriter(db_path) as writer:
        job_id = writer.record_queued("/docs/a.pdf", settings={"jobs": 1})
        writer.record_started(job_id)
        writer.record_finished(job_id, JobState.SUCCESS, result=result)
    with HistoryStore(db_path) as store:
        job = store.get_job(job_id)
        assert job is not None and job.state is JobState.SUCCESS and job.origin == "cli"
        assert job.flags == 2 and job.similarity == 43 and job.sha256 == "a" * 64
        assert store.get_result(job_id) == result
        assert [j.id for j in store.list_jobs(search="the second")] == [job_id]


def test_the_plain_writer_writes_big_results_without_pauses(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(time, "sleep", pauses.append)
    result = make_result(texts=tuple(f"passage {i}" for i in range(1000)))
    with PlainHistoryWriter(db_path) as writer:
        job_id = writer.record_queued("/docs/big.pdf")
        writer.record_finished(job_id, JobState.SUCCESS, result=result)
    assert pauses == []
    with HistoryStore(db_path) as store:  # the app's writer pauses for its GUI thread
        job_id = store.record_queued("/docs/big.pdf")
        store.record_finished(job_id, JobState.SUCCESS, result=result)
        assert pauses and set(pauses) == {result_values.PAUSE_S}
        assert store.get_result(job_id) == result


def test_a_fresh_data_folder_gets_the_schema(tmp_path: Path) -> None:
    db_path = tmp_path / "new" / "data" / "history.sqlite3"
    with PlainHistoryWriter(db_path) as writer:
        assert writer.backup_path is None
        writer.record_queued("/docs/a.pdf")
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_an_older_schema_is_backed_up_and_upgraded(db_path: Path) -> None:
    migrate(db_path, target_version=1)
    with PlainHistoryWriter(db_path) as writer:
        assert writer.backup_path == db_path.with_name("history.sqlite3.v1.bak")
        writer.record_queued("/docs/a.pdf")
    assert writer.backup_path is not None and writer.backup_path.exists()


def test_a_newer_schema_is_refused_with_the_stores_message(db_path: Path) -> None:
    migrate(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaTooNewError) as plain:
        PlainHistoryWriter(db_path)
    with pytest.raises(SchemaTooNewError) as orm:
        HistoryStore(db_path)
    assert str(plain.value) == str(orm.value) and "newer docflags" in str(plain.value)


def test_its_jobs_are_owned_while_it_is_open_and_closing_twice_does_nothing(
    db_path: Path,
) -> None:
    writer = PlainHistoryWriter(db_path)
    job_id = writer.record_queued("/docs/a.pdf")
    writer.record_started(job_id)
    with HistoryStore(db_path) as store:
        assert store.mark_interrupted() == []  # a live process's job is left alone
        writer.close()
        writer.close()
        job = store.get_job(job_id)
        assert job is not None and job.state is JobState.INTERRUPTED
        assert job.error is not None and "docflags was closed while it was running" in job.error
    assert list(writer.owners_dir.glob("*.lock")) == []


def test_a_state_that_is_not_final_is_refused(db_path: Path) -> None:
    with PlainHistoryWriter(db_path) as writer:
        job_id = writer.record_queued("/docs/a.pdf")
        with pytest.raises(ValueError, match="not a final job state"):
            writer.record_finished(job_id, JobState.RUNNING)
