"""The real window with real workers: drops, the empty state, the flags of finished jobs."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobSettings, JobState
from docflags_gui.ui.empty_state import empty_state_text
from docflags_gui.ui.main_window import MainWindow
from tests.ui.conftest import JOB_TIMEOUT_MS, drop_paths, job_row, table_texts, wait_all_final
from tests.ui.pdfs import Mark, make_pdf, simple_pdf


def test_empty_window_says_what_to_do_and_offers_open(window: MainWindow) -> None:
    current = window.stack.currentWidget()
    assert current is not None and current.objectName() == "emptyState"
    assert window.empty_label.text() == empty_state_text()
    assert window.findChild(QObject, "jobList") is window.job_list
    assert window.findChild(QObject, "flagsTable") is window.flags_table
    shortcuts: dict[str, QKeySequence] = {}
    for m in window.menuBar().actions():
        menu = m.menu()
        assert isinstance(menu, QMenu), f"{m.text()} in the menu bar is not a menu"
        shortcuts.update((a.text().replace("&", ""), a.shortcut()) for a in menu.actions())
    assert shortcuts["Open PDFs…"] == QKeySequence(QKeySequence.StandardKey.Open)
    assert shortcuts["Copy"] == QKeySequence(QKeySequence.StandardKey.Copy)
    assert "Settings…" in shortcuts and "Quit" in shortcuts and "About docflags" in shortcuts
    assert not window.windowIcon().isNull()


def test_drop_of_pdfs_folder_and_non_pdf_queues_only_the_pdfs(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    first = simple_pdf(tmp_path / "first.pdf", "quick brown fox")
    second = simple_pdf(tmp_path / "second.pdf", "lazy dog")
    folder = tmp_path / "folder"
    simple_pdf(folder / "a.pdf", "seven measurements")
    simple_pdf(folder / "nested" / "b.PDF", "repeated the questionnaire")
    (folder / "notes.txt").write_text("not a pdf")
    stray = tmp_path / "letter.docx"
    stray.write_bytes(b"PK\x03\x04 not a pdf")

    drop_paths(window, [first, second, folder, stray])
    assert window.empty_label.text() == empty_state_text()  # the drag's hint is gone again
    assert "letter.docx is not a PDF" in window.statusBar().currentMessage()

    jobs = window.manager.jobs()
    assert sorted(j.path.name for j in jobs) == ["a.pdf", "b.PDF", "first.pdf", "second.pdf"]
    assert window.stack.currentWidget() is window.workspace
    assert "letter.docx is not a PDF" in window.statusBar().currentMessage()
    assert window.job_list.count() == 4
    wait_all_final(qtbot, window)
    assert {j.state for j in window.manager.jobs()} == {JobState.SUCCESS}

    expected = {
        "first.pdf": "quick brown fox",
        "second.pdf": "lazy dog",
        "a.pdf": "seven measurements",
        "b.PDF": "repeated the questionnaire",
    }
    for info in window.manager.jobs():
        window.job_list.select_job(info.job_id)
        qtbot.waitUntil(lambda: window.flags_table.model().rowCount() == 1)
        assert table_texts(window) == [expected[info.path.name]]
        row = job_row(window, info.job_id)
        assert row.state_text == "Done"
        assert row.detail == "1 flagged passage"
        assert "retry" in row.actions and "cancel" not in row.actions
    assert window.queue_label.text() == "Idle · 4 jobs"


def test_command_line_paths_are_queued_and_bad_pdf_fails_in_words(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    good = make_pdf(tmp_path / "good.pdf", [Mark("quick brown fox", comment="Cite this")])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not really a PDF at all\n")
    window = make_window([str(good), str(broken)])
    assert len(window.manager.jobs()) == 2
    wait_all_final(qtbot, window)
    states = {j.path.name: j for j in window.manager.jobs()}
    assert states["good.pdf"].state == JobState.SUCCESS
    bad = states["broken.pdf"]
    assert bad.state == JobState.FAILURE
    row = job_row(window, bad.job_id)
    assert row.state_text == "Failed"
    reason = row.detail
    assert reason and "Traceback" not in reason
    assert reason[0].isupper()  # a sentence, not a bare "not a PDF file"
    # The file is the problem: its log holds only a command line, so none is offered.
    assert "log" not in row.actions
    window.job_list.select_job(bad.job_id)
    assert reason in window.preview.message() and "log" not in window.preview.message()
    # The first finished job is shown without being asked; the good one shows its comment.
    window.job_list.select_job(states["good.pdf"].job_id)
    model = window.flags_table.model()
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, 5).data() == "Cite this"
    assert model.index(0, 1).data() == "Highlight"


def test_progress_bar_shows_the_worker_message_while_running(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_WORKER_SLOW_S", "20")
    pdf = simple_pdf(tmp_path / "slow-1.pdf")
    (job_id,) = fake_window.open_paths([pdf])
    row = job_row(fake_window, job_id)
    qtbot.waitUntil(lambda: "Page" in row.progress_text, timeout=15_000)
    assert row.state_text == "Running"
    assert row.actions == ("cancel",)
    assert "1 running" in fake_window.queue_label.text()
    row.click(qtbot, "cancel")
    qtbot.waitUntil(lambda: fake_window.manager.job(job_id).state == JobState.CANCELLED)
    assert row.state_text == "Cancelled"


def test_killed_worker_fails_or_retries_alone_while_the_others_finish(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, corpus_dir: Path
) -> None:
    """The issue's acceptance check: several real workers, one killed mid-job."""
    window.manager.apply_settings(JobSettings(concurrency=3, retries=1))
    victim = tmp_path / "scanned report.pdf"
    shutil.copy(corpus_dir / "synthetic" / "tii-classic-id-s1.pdf", victim)  # OCR: seconds
    others = [simple_pdf(tmp_path / f"draft-{n}.pdf", "lazy dog") for n in range(4)]
    drop_paths(window, [victim, *others])
    victim_id = next(j.job_id for j in window.manager.jobs() if j.path == victim)
    qtbot.waitUntil(
        lambda: (
            window.manager.job(victim_id).percent > 0
            and window.manager.job(victim_id).pid is not None
        ),
        timeout=JOB_TIMEOUT_MS,
    )
    pid = window.manager.job(victim_id).pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    # The automatic retry (retries=1) runs it again and this time it ends normally.
    qtbot.waitUntil(lambda: window.manager.job(victim_id).attempt == 2, timeout=JOB_TIMEOUT_MS)
    wait_all_final(qtbot, window, timeout=3 * JOB_TIMEOUT_MS)
    infos = {j.path.name: j for j in window.manager.jobs()}
    assert all(infos[p.name].state == JobState.SUCCESS for p in others)
    assert infos[victim.name].state == JobState.SUCCESS
    assert infos[victim.name].attempt == 2
    assert window.isEnabled() and window.notifier.last_message == "5 documents analysed."
    window.job_list.select_job(victim_id)
    qtbot.waitUntil(lambda: window.flags_table.model().rowCount() > 10)


def test_file_open_queues_the_chosen_files(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = [str(simple_pdf(tmp_path / "chosen.pdf")), str(tmp_path / "gone.pdf")]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (chosen, "PDF files"))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert [j.path.name for j in window.manager.jobs()] == ["chosen.pdf"]
    assert "gone.pdf could not be found" in window.statusBar().currentMessage()
    wait_all_final(qtbot, window)


def test_a_big_drop_becomes_jobs_without_blocking_the_window(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_WORKER_SLOW_S", "30")
    fake_window.manager.apply_settings(JobSettings(concurrency=1))
    folder = tmp_path / "many"
    for n in range(40):
        simple_pdf(folder / f"slow-{n:02d}.pdf")
    fake_window.open_paths([folder], gradually=True)  # what a drop does
    # Nothing is done inside the drop: the folder is expanded and queued on later turns.
    assert fake_window.manager.jobs() == [] and fake_window.pending_intake() == 1
    qtbot.waitUntil(lambda: fake_window.pending_intake() == 0)
    assert fake_window.statusBar().currentMessage() == "Queued 40 PDFs."
    names = [j.path.name for j in fake_window.manager.jobs()]
    assert names == [f"slow-{n:02d}.pdf" for n in range(40)]  # in order
    assert fake_window.job_list.count() == 40
