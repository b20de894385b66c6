"""Honest results in the window: a result's warnings on its job row and above its table; one
job selected after Re-analyse; past work in sight after a restart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobState
from docflags_gui.ui.history_panel import HistoryPanel
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.quit_question import QuitChoice
from tests.ui.conftest import job_row, wait_all_final, wait_state
from tests.ui.pdfs import Mark, make_pdf


def _panel(window: MainWindow) -> HistoryPanel:
    panel = window.findChild(HistoryPanel)
    assert isinstance(panel, HistoryPanel)
    return panel


def test_a_result_with_warnings_says_so_on_its_row_and_above_its_table(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path
) -> None:
    pdf = tmp_path / "warned-truncated.pdf"
    pdf.write_bytes(b"%PDF-1.7 fake")
    (job_id,) = fake_window.open_paths([pdf])
    wait_state(qtbot, fake_window, job_id, JobState.SUCCESS, timeout=30_000)
    row = job_row(fake_window, job_id)
    assert row.state_text == "Done, with warnings"
    detail = row.detail
    assert "2 flagged passages" in detail and "was repaired to be read" in detail
    assert "page 3: empty, its content was lost" in detail
    fake_window.job_list.select_job(job_id)
    warnings = fake_window.flags_panel.warnings_label
    assert warnings.isVisibleTo(fake_window.flags_panel)
    assert warnings.text().startswith("⚠ 2 warnings: the file is damaged")


def test_a_clean_result_shows_no_warning(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path
) -> None:
    pdf = tmp_path / "ok-clean.pdf"
    pdf.write_bytes(b"%PDF-1.7 fake")
    (job_id,) = fake_window.open_paths([pdf])
    wait_state(qtbot, fake_window, job_id, JobState.SUCCESS, timeout=30_000)
    row = job_row(fake_window, job_id)
    assert row.state_text == "Done"
    assert row.button_text("retry") == "Re-analyse"
    fake_window.job_list.select_job(job_id)
    assert not fake_window.flags_panel.warnings_label.isVisibleTo(fake_window.flags_panel)


def test_reanalyse_from_history_leaves_only_the_new_job_selected(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path
) -> None:
    first, second = tmp_path / "ok-first.pdf", tmp_path / "ok-second.pdf"
    for pdf in (first, second):
        pdf.write_bytes(b"%PDF-1.7 fake " + pdf.name.encode())
    fake_window.open_paths([first, second])
    wait_all_final(qtbot, fake_window)
    jobs = fake_window.job_list
    jobs.selectAll()
    assert len(jobs.selected_job_ids()) == 2
    panel = _panel(fake_window)
    panel.reanalyse(first)
    assert len(jobs.selected_job_ids()) == 1
    (selected,) = jobs.selected_job_ids()
    assert fake_window.manager.job(selected).path == first
    assert selected not in {j.job_id for j in fake_window.manager.jobs()[:2]}
    wait_all_final(qtbot, fake_window)
    # Retry of a selected job also leaves just the new attempt selected.
    jobs.selectAll()
    new_id = jobs.retry(selected)
    assert jobs.selected_job_ids() == [new_id]
    wait_all_final(qtbot, fake_window)


def test_after_a_restart_the_stored_analyses_are_in_sight(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = make_window(fake=True)
    for n in range(3):
        pdf = tmp_path / f"ok-{n}.pdf"
        pdf.write_bytes(b"%PDF-1.7 fake " + bytes([n]))
        window.open_paths([pdf])
    wait_all_final(qtbot, window)
    window.close()

    again = make_window(fake=True)
    assert again.stack.currentWidget() is again.empty_state
    stored = again.empty_state.stored_label
    assert stored.isVisibleTo(again.empty_state)
    assert stored.text() == "3 analyses are stored in the history."
    panel = _panel(again)
    assert not panel.dock.isHidden()
    assert panel.view.model.rowCount() == 3


def test_a_job_stopped_by_quit_now_is_mentioned_at_the_next_start(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = make_window(fake=True)
    pdf = make_pdf(tmp_path / "slow-long.pdf", [Mark("quick brown fox")])
    (job_id,) = window.open_paths([pdf])
    wait_state(qtbot, window, job_id, JobState.RUNNING, timeout=30_000)
    window.ask_quit_choice = lambda: QuitChoice.QUIT_NOW
    window.close()

    again = make_window(fake=True)
    panel = _panel(again)
    assert not panel.dock.isHidden()
    (record,) = panel.view.selected_records()
    assert record.state == "INTERRUPTED" and record.file == "slow-long.pdf"
    assert "interrupted when docflags last stopped" in again.statusBar().currentMessage()
    assert "1 was stopped when docflags last closed" in again.empty_state.stored_label.text()


def test_a_stored_result_on_screen_is_not_replaced_by_another_job_finishing(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path
) -> None:
    shown = tmp_path / "ok-shown.pdf"
    shown.write_bytes(b"%PDF-1.7 fake shown")
    fake_window.open_paths([shown])
    wait_all_final(qtbot, fake_window)
    fake_window.job_list.clear_current()
    result = fake_window.manager.jobs()[0].result
    assert result is not None
    fake_window.workspace.show_stored_result(shown, result)  # as a re-dropped file shows it
    other = tmp_path / "ok-other.pdf"
    other.write_bytes(b"%PDF-1.7 fake other")
    (job_id,) = fake_window.open_paths([other])
    wait_state(qtbot, fake_window, job_id, JobState.SUCCESS, timeout=30_000)
    qtbot.wait(50)
    assert "(from history)" in fake_window.workspace.flags_title.text()
    assert fake_window.job_list.current_job_id() is None
