"""The queue: concurrency, move to front, automatic and manual retries, settings, counts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobManager, JobSettings, JobState
from tests.jobs.conftest import child_pids, scenario_file
from tests.jobs.helpers import Recorder, run_job, wait_finished, wait_progress

MakeManager = Callable[..., JobManager]


def test_never_more_workers_run_than_the_concurrency_allows(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_WORKER_SLOW_S", "0.3")
    manager = make_manager(concurrency=2)
    peak = {"running": 0, "children": 0}

    def on_started(_job_id: str) -> None:
        peak["running"] = max(peak["running"], manager.running_count())
        peak["children"] = max(peak["children"], len(child_pids()))

    manager.job_started.connect(on_started)
    job_ids = [manager.submit(scenario_file(inputs, "slow", str(i))) for i in range(5)]
    for job_id in job_ids:
        assert wait_finished(qtbot, manager, job_id)[0] is JobState.SUCCESS

    assert peak["running"] == 2
    assert peak["children"] <= 2
    assert manager.pool.maxThreadCount() == 2


def test_a_job_moved_to_the_front_starts_next(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager(concurrency=1)
    recorder = Recorder().attach(manager)
    with qtbot.waitSignal(manager.job_started):
        blocker = manager.submit(scenario_file(inputs, "slow"))
    waiting = [manager.submit(scenario_file(inputs, "ok", str(i))) for i in range(3)]
    manager.move_to_front(waiting[2])
    manager.move_to_front(blocker)  # running: not in the queue, nothing happens
    assert manager.queued_ids() == [waiting[2], waiting[0], waiting[1]]

    manager.cancel(blocker)
    for job_id in waiting:
        wait_finished(qtbot, manager, job_id)

    started = [event[1] for event in recorder.of("started")]
    assert started == [blocker, waiting[2], waiting[0], waiting[1]]


def test_a_crashed_attempt_is_retried_as_the_same_job(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager(retries=1)
    recorder = Recorder().attach(manager)
    job_id, state, summary = run_job(qtbot, manager, scenario_file(inputs, "crash_then_ok"))

    assert state is JobState.SUCCESS and summary["attempt"] == 2
    retrying = recorder.of("retrying", job_id)
    assert len(retrying) == 1 and retrying[0][2] == 2
    assert "exited with code 4" in retrying[0][3]
    assert len(recorder.of("started", job_id)) == 2
    assert len(recorder.of("finished", job_id)) == 1
    assert len(recorder.of("queued", job_id)) == 1  # a retry is not a new job
    # Both attempts wrote to the same log, the first one's traceback included.
    assert "fake worker lost its way" in Path(summary["log_path"]).read_text()


def test_a_timed_out_attempt_is_retried(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    # Limits with room for a second attempt to start and finish on a loaded machine.
    manager = make_manager(retries=1, soft_limit_s=1.5, hard_limit_s=2.0)
    _, state, summary = run_job(qtbot, manager, scenario_file(inputs, "hang_then_ok"))

    assert state is JobState.SUCCESS and summary["attempt"] == 2


def test_retries_stop_after_the_configured_number(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager(retries=2)
    recorder = Recorder().attach(manager)
    job_id, state, summary = run_job(qtbot, manager, scenario_file(inputs, "crash_exit"))

    assert state is JobState.CRASHED and summary["attempt"] == 3
    assert [event[2] for event in recorder.of("retrying", job_id)] == [2, 3]


def test_failures_and_cancels_are_not_retried(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager(retries=3)
    recorder = Recorder().attach(manager)
    _, state, summary = run_job(qtbot, manager, scenario_file(inputs, "error"))
    assert state is JobState.FAILURE and summary["attempt"] == 1

    job_id = manager.submit(scenario_file(inputs, "hang"))
    wait_progress(qtbot, manager, job_id)
    manager.cancel(job_id)
    assert wait_finished(qtbot, manager, job_id)[0] is JobState.CANCELLED
    assert recorder.of("retrying") == []


def test_a_manual_retry_is_a_new_job_for_the_same_file(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager()
    path = scenario_file(inputs, "error")
    job_id, _, _ = run_job(qtbot, manager, path)
    new_id = manager.retry(job_id)
    assert new_id != job_id and manager.job(new_id).path == path
    assert manager.job(new_id).attempt == 1
    assert wait_finished(qtbot, manager, new_id)[0] is JobState.FAILURE
    assert [info.job_id for info in manager.jobs()] == [job_id, new_id]

    running = manager.submit(scenario_file(inputs, "slow"))
    with pytest.raises(ValueError):
        manager.retry(running)
    manager.cancel(running)
    wait_finished(qtbot, manager, running)


def test_raising_the_concurrency_starts_waiting_jobs_at_once(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager(concurrency=1)
    job_ids = [manager.submit(scenario_file(inputs, "slow", str(i))) for i in range(3)]
    qtbot.waitUntil(lambda: manager.running_count() == 1)
    assert manager.waiting_count() == 2

    with qtbot.waitSignal(manager.queue_changed, check_params_cb=lambda r, w: (r, w) == (3, 0)):
        manager.apply_settings(JobSettings(concurrency=3, retries=0))
    assert manager.pool.maxThreadCount() == 3
    for job_id in job_ids:
        manager.cancel(job_id)
    for job_id in job_ids:
        assert wait_finished(qtbot, manager, job_id)[0] is JobState.CANCELLED


def test_queue_changed_reports_running_and_waiting_counts(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager(concurrency=1)
    recorder = Recorder().attach(manager)
    first = manager.submit(scenario_file(inputs, "ok", "1"))
    second = manager.submit(scenario_file(inputs, "ok", "2"))
    wait_finished(qtbot, manager, first)
    wait_finished(qtbot, manager, second)

    counts = [event[1:] for event in recorder.of("counts")]
    assert counts[:3] == [(0, 1), (0, 2), (1, 1)]
    assert counts[-1] == (0, 0)
    assert all(running <= 1 for running, _ in counts)


def test_settings_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError):
        JobSettings(concurrency=0)
    with pytest.raises(ValueError):
        JobSettings(concurrency=17)
    with pytest.raises(ValueError):
        JobSettings(retries=-1)
    with pytest.raises(ValueError):
        JobSettings(hard_limit_s=0)
    assert 1 <= JobSettings().concurrency <= 16


def test_the_cores_left_over_by_concurrent_jobs_read_ocr(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Four cores: one job alone reads its raster pages with four OCR processes. Three jobs
    # submitted at once, two at a time: the first two start side by side and get two each; the
    # third starts when the quick one is done, beside the slow one still running: two as well.
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    monkeypatch.setenv("FAKE_WORKER_SLOW_S", "1.5")
    manager = make_manager(concurrency=2)
    alone = manager.submit(scenario_file(inputs, "ok", "alone"))
    wait_finished(qtbot, manager, alone)
    batch = [
        manager.submit(scenario_file(inputs, "slow")),
        manager.submit(scenario_file(inputs, "ok", "quick")),
        manager.submit(scenario_file(inputs, "ok", "third")),
    ]
    for job_id in batch:
        wait_finished(qtbot, manager, job_id)

    def ocr_processes(job_id: str) -> str:
        log_text = Path(manager.job(job_id).log_path or "").read_text()
        args = log_text.split("args ", 1)[1].splitlines()[0]
        return args.split("'--ocr-processes', '", 1)[1].split("'", 1)[0]

    assert [ocr_processes(j) for j in [alone, *batch]] == ["4", "2", "2", "2"]


def test_cancel_many_ends_the_waiting_jobs_in_one_signal(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    """2,000 waiting jobs cancelled at once were 2,000 job_finished emits, each repainting and
    writing the history: the window stood still for 300-600 ms. Now they are one."""
    manager = make_manager(concurrency=1)
    with qtbot.waitSignal(manager.job_started):
        running = manager.submit(scenario_file(inputs, "slow"))
    waiting = [manager.submit(scenario_file(inputs, "ok", str(i))) for i in range(50)]
    singles: list[str] = []
    batches: list[list[tuple[str, JobState, dict[str, object]]]] = []
    manager.job_finished.connect(lambda job_id, *_: singles.append(job_id))
    manager.jobs_finished.connect(batches.append)

    manager.cancel_many([*waiting, running, waiting[0], "unknown"])

    assert [[job_id for job_id, _, _ in batch] for batch in batches] == [waiting]
    assert {state for _, state, _ in batches[0]} == {JobState.CANCELLED}
    assert batches[0][0][2]["attempt"] == 1
    assert singles == [] and manager.waiting_count() == 0
    assert {manager.job(job_id).state for job_id in waiting} == {JobState.CANCELLED}
    # The running one stops in its own time and ends as any cancelled job does.
    assert wait_finished(qtbot, manager, running)[0] is JobState.CANCELLED
    assert singles == [running] and len(batches) == 1
    manager.cancel_many(waiting)  # all ended already: nothing more
    assert len(batches) == 1
