"""Job controls in the real window with the fake worker: cancel, retry, move to front, quit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobSettings, JobState
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.quit_question import QuitChoice
from tests.ui.conftest import child_pids, job_row, wait_state
from tests.ui.pdfs import simple_pdf


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_WORKER_SLOW_S", "30")


def _one_at_a_time(window: MainWindow) -> None:
    window.manager.apply_settings(JobSettings(concurrency=1, retries=0))


def test_cancel_a_waiting_job_and_move_another_to_the_front(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path, slow: None
) -> None:
    _one_at_a_time(fake_window)
    paths = [simple_pdf(tmp_path / f"slow-{n}.pdf") for n in range(1, 5)]
    first, second, third, fourth = fake_window.open_paths(paths)
    wait_state(qtbot, fake_window, first, JobState.RUNNING)
    assert fake_window.queue_label.text() == "1 running · 3 waiting"

    job_row(fake_window, fourth).click(qtbot, "front")
    assert fake_window.manager.queued_ids() == [fourth, second, third]
    assert fake_window.job_list.job_ids() == [first, fourth, second, third]

    job_row(fake_window, second).click(qtbot, "cancel")
    assert fake_window.manager.job(second).state == JobState.CANCELLED
    assert fake_window.manager.queued_ids() == [fourth, third]

    # Keyboard: Delete in the job list cancels the selected job (the running one here), once
    # the user has said yes; on an ended job it removes the row.
    asked: list[int] = []

    def say_yes(count: int) -> bool:
        asked.append(count)
        return True

    fake_window.job_list.confirm_cancel = say_yes
    fake_window.job_list.select_job(first)
    fake_window.job_list.setFocus()
    QTest.keyClick(fake_window.job_list, Qt.Key.Key_Delete)
    assert asked == [1]
    wait_state(qtbot, fake_window, first, JobState.CANCELLED, timeout=15_000)
    wait_state(qtbot, fake_window, fourth, JobState.RUNNING, timeout=15_000)
    fake_window.job_list.select_job(second)
    QTest.keyClick(fake_window.job_list, Qt.Key.Key_Delete)
    assert second not in fake_window.job_list.job_ids()
    assert asked == [1]


def test_failure_shows_its_reason_and_retry_replaces_the_job(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path
) -> None:
    pdf = simple_pdf(tmp_path / "error-1.pdf")
    (job_id,) = fake_window.open_paths([pdf])
    info = wait_state(qtbot, fake_window, job_id, JobState.FAILURE, timeout=30_000)
    row = job_row(fake_window, job_id)
    assert row.state_text == "Failed"
    assert info.error and row.detail == info.error
    assert "retry" in row.actions

    row.click(qtbot, "retry")
    (new_id,) = fake_window.job_list.job_ids()
    assert new_id != job_id
    assert fake_window.manager.job(new_id).path == pdf
    wait_state(qtbot, fake_window, new_id, JobState.FAILURE, timeout=30_000)


def test_crashed_job_fails_alone_while_the_others_finish(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path
) -> None:
    fake_window.manager.apply_settings(JobSettings(concurrency=2, retries=0))
    crash = simple_pdf(tmp_path / "crash_signal-1.pdf")
    oks = [simple_pdf(tmp_path / f"ok-{n}.pdf") for n in range(3)]
    ids = fake_window.open_paths([crash, *oks])
    info = wait_state(qtbot, fake_window, ids[0], JobState.CRASHED, timeout=30_000)
    for job_id in ids[1:]:
        wait_state(qtbot, fake_window, job_id, JobState.SUCCESS, timeout=30_000)
    row = job_row(fake_window, ids[0])
    assert row.state_text == "Crashed"
    assert row.detail == info.error
    fake_window.job_list.select_job(ids[1])
    qtbot.waitUntil(lambda: fake_window.flags_table.model().rowCount() == 3)


def test_quit_now_while_running_leaves_no_worker(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path, slow: None
) -> None:
    before = child_pids()
    fake_window.show()  # a hidden window quits without asking (see the next test)
    ids = fake_window.open_paths([simple_pdf(tmp_path / f"slow-{n}.pdf") for n in range(3)])
    wait_state(qtbot, fake_window, ids[0], JobState.RUNNING)
    # RUNNING is set as the job is handed to the pool; its process starts a moment later.
    qtbot.waitUntil(lambda: bool(child_pids() - before), timeout=15_000)
    asked: list[bool] = []

    def choose(choice: QuitChoice) -> QuitChoice:
        asked.append(True)
        return choice

    fake_window.ask_quit_choice = lambda: choose(QuitChoice.CANCEL)
    assert not fake_window.close()
    assert fake_window.manager.running_count() >= 1

    fake_window.ask_quit_choice = lambda: choose(QuitChoice.QUIT_NOW)
    assert fake_window.close()
    assert asked == [True, True]
    assert child_pids() - before == set()
    assert {fake_window.manager.job(j).state for j in ids} == {JobState.INTERRUPTED}


def test_a_window_never_shown_stops_its_workers_without_asking(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path, slow: None
) -> None:
    before = child_pids()
    ids = fake_window.open_paths([simple_pdf(tmp_path / "slow-1.pdf")])
    qtbot.waitUntil(lambda: bool(child_pids() - before), timeout=15_000)

    def must_not_ask() -> QuitChoice:
        raise AssertionError("asked with no window on screen")

    fake_window.ask_quit_choice = must_not_ask
    assert fake_window.close()
    assert child_pids() - before == set()
    assert fake_window.manager.job(ids[0]).state == JobState.INTERRUPTED


def test_finish_first_closes_the_window_when_the_last_job_ends(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_WORKER_SLOW_S", "1.5")
    fake_window.show()
    ids = fake_window.open_paths([simple_pdf(tmp_path / "slow-1.pdf")])
    wait_state(qtbot, fake_window, ids[0], JobState.RUNNING)
    fake_window.ask_quit_choice = lambda: QuitChoice.FINISH_FIRST
    assert not fake_window.close()
    assert fake_window.isVisible()
    assert "close when" in fake_window.statusBar().currentMessage()
    wait_state(qtbot, fake_window, ids[0], JobState.SUCCESS, timeout=30_000)
    qtbot.waitUntil(lambda: not fake_window.isVisible(), timeout=5_000)


def test_cancel_all_from_the_jobs_menu(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path, slow: None
) -> None:
    _one_at_a_time(fake_window)
    ids = fake_window.open_paths([simple_pdf(tmp_path / f"slow-{n}.pdf") for n in range(3)])
    wait_state(qtbot, fake_window, ids[0], JobState.RUNNING)
    (action,) = [a for a in fake_window.jobs_menu.actions() if a.text() == "Cancel &All"]
    assert action in fake_window.job_list.actions()  # also on a right-click in the list
    action.trigger()
    for job_id in ids:
        wait_state(qtbot, fake_window, job_id, JobState.CANCELLED, timeout=15_000)
    assert fake_window.queue_label.text() == "Idle · 3 jobs"


def test_a_file_already_waiting_or_running_is_not_queued_twice(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path, slow: None
) -> None:
    _one_at_a_time(fake_window)
    first, second = (simple_pdf(tmp_path / f"slow-{n}.pdf") for n in range(2))
    fake_window.open_paths([first, second])
    wait_state(qtbot, fake_window, fake_window.manager.jobs()[0].job_id, JobState.RUNNING)
    assert fake_window.open_paths([tmp_path, second]) == []  # the folder holds both again
    assert len(fake_window.manager.jobs()) == 2
    message = fake_window.statusBar().currentMessage()
    assert message == "slow-0.pdf, slow-1.pdf: already being analysed."
