"""Across a busy mix of jobs: every signal on the GUI thread, every job finalised exactly once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QThread
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobManager, JobState
from tests.jobs.conftest import scenario_file
from tests.jobs.helpers import wait_finished, wait_progress

MakeManager = Callable[..., JobManager]

EXPECTED = {
    "ok": JobState.SUCCESS,
    "flood": JobState.SUCCESS,
    "garbage": JobState.SUCCESS,
    "error": JobState.FAILURE,
    "crash_signal": JobState.CRASHED,
    "crash_exit": JobState.CRASHED,
}


def test_every_signal_comes_on_the_gui_thread_and_every_job_ends_once(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager(concurrency=3)
    gui_thread = QCoreApplication.instance().thread()  # type: ignore[union-attr]
    off_thread: list[str] = []
    finished: Counter[str] = Counter()

    def on_any(name: str) -> Callable[..., None]:
        def record(*args: object) -> None:
            if QThread.currentThread() is not gui_thread:
                off_thread.append(name)
            if name == "finished":
                finished[str(args[0])] += 1

        return record

    for name in ("job_queued", "job_started", "job_progress", "job_finished", "queue_changed"):
        getattr(manager, name).connect(on_any(name.removeprefix("job_")))

    expected = {
        manager.submit(scenario_file(inputs, name)): state for name, state in EXPECTED.items()
    }
    hanging = manager.submit(scenario_file(inputs, "hang"))
    queued_then_cancelled = manager.submit(scenario_file(inputs, "slow"))
    manager.cancel(queued_then_cancelled)
    wait_progress(qtbot, manager, hanging)
    manager.cancel(hanging)
    manager.cancel(hanging)
    expected[hanging] = expected[queued_then_cancelled] = JobState.CANCELLED

    for job_id, state in expected.items():
        assert wait_finished(qtbot, manager, job_id)[0] is state, manager.job(job_id)
    assert manager.pool.waitForDone(3000)
    QCoreApplication.sendPostedEvents()  # any late queued signal would count twice now

    assert off_thread == []
    assert finished == Counter({job_id: 1 for job_id in expected})
    assert manager.running_count() == manager.waiting_count() == 0


def test_calls_from_another_thread_fail_loudly(make_manager: MakeManager, inputs: Path) -> None:
    manager = make_manager()
    errors: list[BaseException] = []

    def submit_from_elsewhere() -> None:
        try:
            manager.submit(scenario_file(inputs, "ok"))
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=submit_from_elsewhere)
    thread.start()
    thread.join()
    assert len(errors) == 1 and manager.jobs() == []
