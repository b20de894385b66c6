"""The JobManager's edges: unknown ids, the owner thread, move-to-front announced, a start
that fails in an unexpected way, and a second executor plugged in."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobManager, JobState
from docflags_gui.runner.attempt import AttemptListener
from docflags_gui.runner.outcome import WorkerOutcome
from docflags_gui.runner.spec import JobSpec
from tests.jobs.conftest import scenario_file
from tests.jobs.helpers import run_job, wait_finished
from tests.store.factories import bare_result

MakeManager = Callable[..., JobManager]


def test_cancel_move_and_forget_of_an_unknown_job_do_nothing(make_manager: MakeManager) -> None:
    manager = make_manager()
    manager.cancel("nosuchid")
    manager.move_to_front("nosuchid")
    manager.forget("nosuchid")
    assert manager.jobs() == []
    with pytest.raises(KeyError):
        manager.job("nosuchid")


def test_every_method_refuses_another_thread(make_manager: MakeManager, inputs: Path) -> None:
    manager = make_manager(concurrency=1)
    job_id = manager.submit(scenario_file(inputs, "slow"))
    calls: dict[str, Callable[[], object]] = {
        "submit": lambda: manager.submit(inputs / "x.pdf"),
        "cancel": lambda: manager.cancel(job_id),
        "retry": lambda: manager.retry(job_id),
        "move_to_front": lambda: manager.move_to_front(job_id),
        "queued_ids": manager.queued_ids,
        "job": lambda: manager.job(job_id),
        "jobs": manager.jobs,
        "forget": lambda: manager.forget(job_id),
        "apply_settings": lambda: manager.apply_settings(manager.settings),
        "set_watchdog_interval": lambda: manager.set_watchdog_interval(100),
        "shutdown": manager.shutdown,
    }
    refused: list[str] = []

    def call_all() -> None:
        for name, call in calls.items():
            try:
                call()
            except RuntimeError:
                refused.append(name)

    thread = threading.Thread(target=call_all)
    thread.start()
    thread.join()
    assert refused == list(calls)
    manager.cancel(job_id)


def test_move_to_front_announces_the_new_order(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager(concurrency=1)
    with qtbot.waitSignal(manager.job_started):
        blocker = manager.submit(scenario_file(inputs, "slow"))
    first, second = (manager.submit(scenario_file(inputs, "ok", str(i))) for i in range(2))
    moved: list[str] = []
    manager.job_moved_to_front.connect(moved.append)
    manager.move_to_front(second)
    manager.move_to_front(second)  # already first: nothing to announce
    manager.move_to_front(blocker)  # running: not waiting
    assert moved == [second]
    assert manager.queued_ids() == [second, first]
    manager.cancel(blocker)
    for job_id in (first, second):
        wait_finished(qtbot, manager, job_id)


def test_an_unexpected_error_while_starting_fails_the_job_instead_of_leaving_it_queued(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = make_manager()

    def broken(*_args: object) -> None:
        raise ValueError("no spec for you")

    monkeypatch.setattr("docflags_gui.jobs.manager.analysis_spec", broken)
    _, state, summary = run_job(qtbot, manager, scenario_file(inputs, "ok"))
    assert state is JobState.FAILURE
    assert "no spec for you" in summary["error"]
    assert manager.waiting_count() == 0 and manager.running_count() == 0


class _InstantAttempt:
    """An attempt of an executor that is not a local process (as a cluster's would be)."""

    def __init__(self, spec: JobSpec, log_path: Path) -> None:
        self.spec = spec
        self._log_path = log_path

    @property
    def pid(self) -> int | None:
        return None

    @property
    def log_path(self) -> Path | None:
        return self._log_path

    def run(self, listener: AttemptListener) -> WorkerOutcome:
        listener.launched(0)
        listener.ready()
        listener.progress(50, "Remote page 1/2")
        return WorkerOutcome(launched=True, exit_code=0, result=bare_result(self.spec.input.name))

    def request_stop(self) -> None:
        pass

    def kill(self) -> None:
        pass

    def end_orphans(self) -> bool:
        return False


class _InstantExecutor:
    def __init__(self) -> None:
        self.specs: list[JobSpec] = []

    def attempt(self, spec: JobSpec, log_path: Path, label: str) -> _InstantAttempt:
        self.specs.append(spec)
        return _InstantAttempt(spec, log_path)


def test_another_executor_runs_the_jobs_with_the_same_bookkeeping(
    qtbot: QtBot, managers: list[JobManager], inputs: Path
) -> None:
    executor = _InstantExecutor()
    manager = JobManager(executor=executor)
    managers.append(manager)
    progress: list[tuple[str, int, str]] = []
    manager.job_progress.connect(lambda *args: progress.append(args))
    job_id, state, summary = run_job(qtbot, manager, inputs / "remote.pdf")
    assert state is JobState.SUCCESS and summary["result"]["file"] == "remote.pdf"
    assert [spec.input.name for spec in executor.specs] == ["remote.pdf"]
    assert (job_id, 50, "Remote page 1/2") in progress
