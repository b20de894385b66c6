"""INTERRUPTED: unfinished jobs of a process that is gone, and never those of a live one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from docflags_gui.store.history import HistoryStore

WRITER = Path(__file__).with_name("history_writer.py")


@pytest.fixture
def live_writer(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another docflags process with one running and one queued job, alive until the test ends."""
    process = subprocess.Popen(
        [sys.executable, str(WRITER), str(db_path), "hold"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


def _states(store: HistoryStore) -> dict[str, str]:
    return {job.file: job.state for job in store.list_jobs()}


def test_jobs_of_a_live_process_are_never_marked_interrupted(
    store: HistoryStore, live_writer: subprocess.Popen[str]
) -> None:
    assert len(store.mark_interrupted()) == 0
    assert _states(store) == {"live-running.pdf": "RUNNING", "live-queued.pdf": "QUEUED"}


def test_jobs_of_a_killed_process_become_interrupted_with_a_reason(
    store: HistoryStore, live_writer: subprocess.Popen[str]
) -> None:
    live_writer.send_signal(signal.SIGKILL)
    live_writer.wait(timeout=10)
    assert len(store.mark_interrupted()) == 2
    jobs = {job.file: job for job in store.list_jobs()}
    assert {name: job.state for name, job in jobs.items()} == {
        "live-running.pdf": "INTERRUPTED",
        "live-queued.pdf": "INTERRUPTED",
    }
    assert "while it was running" in (jobs["live-running.pdf"].error or "")
    assert "before it started" in (jobs["live-queued.pdf"].error or "")
    assert all(job.finished is not None for job in jobs.values())
    assert len(store.mark_interrupted()) == 0  # idempotent


def test_orderly_exit_interrupts_own_unfinished_jobs(
    store: HistoryStore, live_writer: subprocess.Popen[str]
) -> None:
    assert live_writer.stdin is not None
    live_writer.stdin.close()  # the writer calls store.close() and exits 0
    assert live_writer.wait(timeout=20) == 0
    assert set(_states(store).values()) == {"INTERRUPTED"}
    assert "was closed" in (store.list_jobs()[0].error or "")


def test_own_unfinished_jobs_are_left_alone(store: HistoryStore) -> None:
    job_id = store.record_queued("/docs/mine.pdf")
    store.record_started(job_id)
    assert len(store.mark_interrupted()) == 0
    job = store.get_job(job_id)
    assert job is not None and job.state == "RUNNING"


def test_a_reused_pid_does_not_keep_a_dead_owner_alive(store: HistoryStore, db_path: Path) -> None:
    # A job row left by a dead process whose pid now belongs to a live one (this test process):
    # liveness is decided by the owner's lock, never by the pid.
    job_id = store.record_queued("/docs/orphan.pdf")
    with store._write.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE jobs SET state = 'RUNNING', owner_id = 'deadbeef', owner_pid = ? WHERE id = ?",
            (os.getpid(), job_id),
        )
    assert len(store.mark_interrupted()) == 1
    job = store.get_job(job_id)
    assert job is not None and job.state == "INTERRUPTED"


def test_a_row_without_owner_is_treated_as_orphaned(store: HistoryStore) -> None:
    job_id = store.record_queued("/docs/legacy.pdf")
    with store._write.begin() as conn:
        conn.exec_driver_sql("UPDATE jobs SET owner_id = NULL WHERE id = ?", (job_id,))
    assert len(store.mark_interrupted()) == 1


def test_two_processes_write_at_once_without_database_locked(
    db_path: Path, store: HistoryStore
) -> None:
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(db_path), "write", "150"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip() == "done" and "locked" not in err
    assert store.count_jobs(state="FAILURE") == 300
    assert store.count_jobs() == 300
    with store._read.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
