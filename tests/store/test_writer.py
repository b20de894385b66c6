"""The history's one writer thread: it alone writes, in order; callers need not wait."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import event

from docflags_gui.runner.states import JobState
from docflags_gui.store.history import HistoryStore
from tests.store.factories import make_result


def test_every_write_runs_on_the_one_writer_thread(store: HistoryStore) -> None:
    threads: set[str] = set()

    def remember(*_args: object) -> None:
        threads.add(threading.current_thread().name)

    event.listen(store._write, "before_cursor_execute", remember)
    job_id = store.record_queued(Path("/docs/a.pdf"))
    store.record_started(job_id)
    store.record_finished(job_id, JobState.SUCCESS, result=make_result("a.pdf"))
    store.later(store.delete_jobs, [job_id]).result(timeout=10)
    assert threads == {"docflags-history-writer"}


def test_later_returns_at_once_and_writes_in_order(store: HistoryStore) -> None:
    big = make_result("big.pdf", texts=tuple(f"passage {i}" for i in range(10_000)))
    started = time.perf_counter()
    queued = store.later(store.record_queued, Path("/docs/big.pdf"))
    store.later(store.record_started, queued)  # a Future stands for the id it will give
    finished = store.later(store.record_finished, queued, JobState.SUCCESS, result=big)
    asked_s = time.perf_counter() - started
    finished.result(timeout=60)
    assert asked_s < 0.05, "asking for writes must not wait for them"
    (job,) = store.list_jobs()
    assert job.id == queued.result() and job.state is JobState.SUCCESS and job.flags == 10_000


def test_a_failed_write_fails_its_future_and_the_writes_that_depend_on_it(
    store: HistoryStore,
) -> None:
    bad = store.later(store.record_finished, 1, "NOT_A_STATE")
    after = store.later(store.record_started, bad)
    with pytest.raises(ValueError, match="not a final job state"):
        bad.result(timeout=10)
    with pytest.raises(ValueError):
        after.result(timeout=10)
    assert store.record_queued(Path("/docs/b.pdf")) > 0  # the writer goes on


def test_close_finishes_what_was_asked_and_refuses_more(db_path: Path) -> None:
    store = HistoryStore(db_path)
    futures = [store.later(store.record_queued, Path(f"/docs/{n}.pdf")) for n in range(50)]
    store.close()
    assert all(f.done() and f.exception() is None for f in futures)
    with pytest.raises(RuntimeError, match="closed"):
        store.record_queued(Path("/docs/late.pdf"))
    with HistoryStore(db_path) as again:
        assert again.count_jobs() == 50
        assert {j.state for j in again.list_jobs()} == {JobState.INTERRUPTED}
