"""How a worker run ends becomes the job's final state: success, failure, crash, garbage, floods."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobManager, JobState
from tests.jobs.conftest import scenario_file
from tests.jobs.helpers import Recorder, run_job

MakeManager = Callable[..., JobManager]


def test_success_delivers_the_result_document_and_a_summary(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager()
    recorder = Recorder().attach(manager)
    job_id, state, summary = run_job(qtbot, manager, scenario_file(inputs, "ok"))

    assert state is JobState.SUCCESS
    assert summary["result"]["schema"] == "docflags/1"
    assert len(summary["result"]["flags"]) == 3
    assert summary["error"] is None and summary["attempt"] == 1 and summary["exit_code"] == 0
    assert Path(summary["log_path"]).is_file()
    info = manager.job(job_id)
    assert info.state is JobState.SUCCESS and info.percent == 100
    assert info.result == summary["result"]
    assert info.started is not None and info.finished is not None
    assert info.first_progress_latency is not None and info.first_progress_latency > 0
    assert info.worker_ready_at is not None and info.first_progress_at is not None
    assert info.queued_at <= info.worker_ready_at <= info.first_progress_at
    assert [e[0] for e in recorder.events if e[0] in ("queued", "started", "finished")] == [
        "queued",
        "started",
        "finished",
    ]
    assert recorder.of("progress", job_id)[-1][2:] == (100, "Page 5/5")


def test_an_error_message_is_a_failure_with_the_workers_words(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager()
    job_id, state, summary = run_job(qtbot, manager, scenario_file(inputs, "error"))

    assert state is JobState.FAILURE
    assert summary["error"] == "This file is not a PDF."
    assert summary["result"] is None and summary["exit_code"] == 3
    assert manager.job(job_id).error == "This file is not a PDF."


def test_a_worker_killed_by_a_signal_is_crashed_with_its_log_tail(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager()
    _, state, summary = run_job(qtbot, manager, scenario_file(inputs, "crash_signal"))

    assert state is JobState.CRASHED
    assert "killed by SIGKILL" in summary["error"]
    assert "about to die by a signal" in summary["error"]  # the stderr log's tail


def test_a_worker_exiting_without_a_terminal_message_is_crashed(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager()
    _, state, summary = run_job(qtbot, manager, scenario_file(inputs, "crash_exit"))

    assert state is JobState.CRASHED
    assert "exited with code 4" in summary["error"]
    assert "RuntimeError: fake worker lost its way" in summary["error"]
    assert summary["exit_code"] == 4


def test_garbage_partial_and_unknown_lines_are_tolerated(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager()
    recorder = Recorder().attach(manager)
    job_id, state, summary = run_job(qtbot, manager, scenario_file(inputs, "garbage"))

    assert state is JobState.SUCCESS
    assert len(summary["result"]["flags"]) == 1
    # The line written in two halves was read whole: its progress (1/4 = 25 %) may have been
    # coalesced away, but never a value from a wrong-version or broken line.
    assert {e[2] for e in recorder.of("progress", job_id)} <= {25, 100}


def test_a_progress_flood_is_coalesced_to_a_few_signals(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager()
    recorder = Recorder().attach(manager)
    job_id, state, _ = run_job(qtbot, manager, scenario_file(inputs, "flood"))

    assert state is JobState.SUCCESS
    emitted = recorder.of("progress", job_id)
    # 10,000 progress lines; the manager shows the first at once, then at most one per 100 ms.
    assert 1 <= len(emitted) <= 50, len(emitted)
    assert emitted[-1][2:] == (100, "Page 10000/10000")


def test_a_big_result_arrives_whole(qtbot: QtBot, make_manager: MakeManager, inputs: Path) -> None:
    manager = make_manager()
    _, state, summary = run_job(qtbot, manager, scenario_file(inputs, "big"), timeout_ms=60_000)

    assert state is JobState.SUCCESS
    flags = summary["result"]["flags"]
    assert len(flags) == 100_000
    assert flags[-1]["text"] == "flagged passage number 100000"


def test_a_worker_that_cannot_start_is_a_failure_saying_why(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager(worker_command=[str(inputs / "no-such-worker")])
    _, state, summary = run_job(qtbot, manager, scenario_file(inputs, "ok"))

    assert state is JobState.FAILURE
    assert summary["error"].startswith("The analysis could not start:")


def test_worker_arguments_carry_the_ocr_settings(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path
) -> None:
    manager = make_manager(ocr=False, ocr_languages="eng")
    _, state, summary = run_job(qtbot, manager, scenario_file(inputs, "ok"))

    assert state is JobState.SUCCESS
    log_text = Path(summary["log_path"]).read_text()
    assert "--no-ocr" in log_text and "--stop-file" in log_text
    assert sys.executable in log_text


def test_an_unwritable_logs_folder_fails_the_job_in_words(
    qtbot: QtBot, make_manager: MakeManager, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = inputs / "data-is-a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DOCFLAGS_DATA_DIR", str(blocker))
    manager = make_manager()
    _, state, summary = run_job(qtbot, manager, scenario_file(inputs, "ok"))

    assert state is JobState.FAILURE
    assert summary["error"].startswith("The analysis could not start:")
