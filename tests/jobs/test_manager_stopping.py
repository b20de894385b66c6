"""Stopping workers: cancel (queued, running, twice), soft and hard time limits, shut-down."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobManager, JobState
from tests.jobs.conftest import (
    child_pids,
    is_running,
    recorded_pids,
    scenario_file,
    wait_until_gone,
)
from tests.jobs.helpers import Recorder, run_job, wait_finished, wait_progress

MakeManager = Callable[..., JobManager]


def _worker_and_helper(path: Path) -> list[int]:
    """The fake worker's pid and its helper child's (same process group)."""
    return [int(p) for p in Path(f"{path}.pids").read_text().split()]


def test_a_queued_job_cancelled_never_starts(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager(concurrency=1)
    recorder = Recorder().attach(manager)
    with qtbot.waitSignal(manager.job_started):
        slow = manager.submit(scenario_file(inputs, "slow"))
        queued = manager.submit(scenario_file(inputs, "ok"))
    assert manager.running_count() == 1 and manager.waiting_count() == 1
    with qtbot.waitSignal(manager.job_finished, timeout=1000) as blocker:
        manager.cancel(queued)
    assert blocker.args == [
        queued,
        JobState.CANCELLED,
        {"result": None, "error": None, "log_path": None, "attempt": 1, "exit_code": None},
    ]
    assert manager.waiting_count() == 0
    manager.cancel(slow)
    assert wait_finished(qtbot, manager, slow)[0] is JobState.CANCELLED
    assert recorder.of("started", queued) == []
    assert manager.job(queued).started is None and manager.job(queued).log_path is None


def test_cancel_asks_a_running_worker_to_stop_and_reports_cancelled(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager()
    path = scenario_file(inputs, "slow")
    job_id = manager.submit(path)
    wait_progress(qtbot, manager, job_id)
    manager.cancel(job_id)
    state, summary = wait_finished(qtbot, manager, job_id)

    assert state is JobState.CANCELLED and summary["error"] is None
    assert summary["exit_code"] == 5  # the worker stopped itself: no kill was needed
    assert wait_until_gone(_worker_and_helper(path)) == []


def test_cancel_kills_a_worker_that_ignores_the_stop_request_with_its_process_group(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager()
    path = scenario_file(inputs, "hang")
    job_id = manager.submit(path)
    wait_progress(qtbot, manager, job_id)
    worker, helper = _worker_and_helper(path)
    assert is_running(worker) and is_running(helper)

    manager.cancel(job_id)
    state, summary = wait_finished(qtbot, manager, job_id)

    assert state is JobState.CANCELLED
    assert summary["exit_code"] == -9  # SIGKILL after the grace period
    assert worker not in child_pids()  # reaped
    # The helper was in the worker's process group, so the group kill ended it as well.
    assert wait_until_gone([helper]) == []


def test_cancel_is_idempotent_and_the_job_finishes_once(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager()
    recorder = Recorder().attach(manager)
    job_id = manager.submit(scenario_file(inputs, "hang"))
    wait_progress(qtbot, manager, job_id)
    manager.cancel(job_id)
    manager.cancel(job_id)
    wait_finished(qtbot, manager, job_id)
    manager.cancel(job_id)  # ended: nothing happens
    manager.cancel(job_id)
    # Deliver any stray queued signal from the pool thread before counting.
    assert manager.pool.waitForDone(3000)
    QCoreApplication.sendPostedEvents()

    assert len(recorder.of("finished", job_id)) == 1
    assert manager.job(job_id).state is JobState.CANCELLED


def test_soft_limit_stops_a_cooperative_worker_as_timed_out(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager(soft_limit_s=0.5, hard_limit_s=30)
    _, state, summary = run_job(qtbot, manager, scenario_file(inputs, "slow"))

    assert state is JobState.TIMED_OUT
    assert "time limit of 0.5 s" in summary["error"]
    assert summary["exit_code"] == 5  # it stopped when asked; no kill


def test_hard_limit_kills_a_worker_that_ignores_the_soft_limit(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager(soft_limit_s=0.3, hard_limit_s=1.0)
    recorder = Recorder().attach(manager)
    path = scenario_file(inputs, "hang")
    job_id, state, summary = run_job(qtbot, manager, path)

    assert state is JobState.TIMED_OUT
    assert "time limit of 1 s" in summary["error"] and "killed" in summary["error"]
    assert summary["exit_code"] == -9
    messages = [event[3] for event in recorder.of("progress", job_id)]
    assert "Time limit reached, stopping…" in messages  # the soft limit fired first
    assert wait_until_gone(_worker_and_helper(path)) == []
    elapsed = manager.job(job_id).elapsed
    assert elapsed is not None and elapsed >= 1.0


@pytest.mark.parametrize("wait", [True, False])
def test_shutdown_interrupts_every_job_and_leaves_no_process(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path, wait: bool
) -> None:
    manager = make_manager(concurrency=2)
    recorder = Recorder().attach(manager)
    running = [manager.submit(scenario_file(inputs, "hang", str(i))) for i in range(2)]
    queued = manager.submit(scenario_file(inputs, "ok"))
    for job_id in running:
        wait_progress(qtbot, manager, job_id)

    manager.shutdown(wait=wait)

    finished = {event[1]: event[2] for event in recorder.of("finished")}
    assert finished == {job_id: JobState.INTERRUPTED for job_id in [*running, queued]}
    assert manager.running_count() == 0 and manager.waiting_count() == 0
    if wait:
        assert manager.pool.activeThreadCount() == 0
        assert child_pids() == []
    else:
        assert manager.pool.waitForDone(5000)  # the pool threads reap the killed workers
    qtbot.waitUntil(lambda: not any(is_running(pid) for pid in recorded_pids(inputs)))
    with pytest.raises(RuntimeError):
        manager.submit(scenario_file(inputs, "ok"))


def test_a_result_that_arrives_after_cancel_is_not_shown(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager()
    job_id = manager.submit(scenario_file(inputs, "finish_anyway"))
    wait_progress(qtbot, manager, job_id)
    manager.cancel(job_id)  # the worker finishes with a result once it sees the stop file
    state, summary = wait_finished(qtbot, manager, job_id)

    assert state is JobState.CANCELLED
    assert summary["exit_code"] == 0 and summary["result"] is None
    assert manager.job(job_id).result is None
