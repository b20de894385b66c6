"""The window under the fake worker's hard paths: garbage, floods, hangs past the limits,
crashes, 100,000 flags. Each job ends in a state the window shows in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobSettings, JobState
from docflags_gui.ui.main_window import MainWindow
from tests.ui.conftest import job_row, wait_state
from tests.ui.pdfs import simple_pdf


@pytest.mark.parametrize(
    ("scenario", "state", "words"),
    [
        ("garbage", JobState.SUCCESS, "1 flagged passage"),
        ("flood", JobState.SUCCESS, "2 flagged passages"),
        ("crash_exit", JobState.CRASHED, ""),
        ("hang", JobState.TIMED_OUT, ""),
        ("hang_then_ok", JobState.SUCCESS, "3 flagged passages"),
    ],
)
def test_hard_paths_end_in_a_state_the_window_explains(
    qtbot: QtBot,
    fake_window: MainWindow,
    tmp_path: Path,
    scenario: str,
    state: JobState,
    words: str,
) -> None:
    manager = fake_window.manager
    retries = 1 if scenario.endswith("_then_ok") else 0
    manager.apply_settings(JobSettings(soft_limit_s=1.0, hard_limit_s=2.0, retries=retries))
    manager.set_watchdog_interval(100)
    manager.retry_backoff_s = 0.1
    (job_id,) = fake_window.open_paths([simple_pdf(tmp_path / f"{scenario}-1.pdf")])
    info = wait_state(qtbot, fake_window, job_id, state, timeout=30_000)
    row = job_row(fake_window, job_id)
    shown = row.detail
    if words:
        assert shown == words
    else:  # a failure: its reason in words, never a traceback
        assert shown and shown == info.error and not shown.startswith("Traceback")
    assert "retry" in row.actions and "cancel" not in row.actions


def test_hundred_thousand_flags_fill_the_table(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path
) -> None:
    (job_id,) = fake_window.open_paths([simple_pdf(tmp_path / "big-1.pdf")])
    wait_state(qtbot, fake_window, job_id, JobState.SUCCESS, timeout=60_000)
    fake_window.job_list.select_job(job_id)
    table = fake_window.flags_table
    qtbot.waitUntil(lambda: table.model().rowCount() == 100_000, timeout=10_000)
    assert fake_window.flags_panel.count_label.text() == "100000 flags"
    QTest.keyClicks(fake_window.flags_panel.search_box, "number 99999")
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    assert table.model().index(0, 4).data() == "flagged passage number 99999"


def test_open_log_shows_the_workers_log_in_the_app(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path
) -> None:
    fake_window.manager.apply_settings(JobSettings(retries=0))
    (job_id,) = fake_window.open_paths([simple_pdf(tmp_path / "crash_exit-1.pdf")])
    wait_state(qtbot, fake_window, job_id, JobState.CRASHED, timeout=30_000)
    with qtbot.waitSignal(fake_window.job_list.log_dialog_opened) as opened:
        job_row(fake_window, job_id).click(qtbot, "log")
    dialog = opened.args[0]
    assert "Traceback (most recent call last):" in dialog.text.toPlainText()
    assert dialog.windowTitle() == "Log of crash_exit-1.pdf"
    dialog.close()
