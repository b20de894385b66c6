"""Fixtures for the window's tests: the real window, its manager, drops, child-process checks."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from docflags_gui.app import build_main_window
from docflags_gui.jobs import JobInfo, JobState
from docflags_gui.ui.history_recorder import HistoryRecorder
from docflags_gui.ui.job_list_model import ACTIONS_ROLE, DETAIL_ROLE, INFO_ROLE, STATE_TEXT_ROLE
from docflags_gui.ui.job_words import action_label, progress_text
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.quit_question import QuitChoice
from tests import processes
from tests.processes import FAKE_COMMAND, is_running

FAKE_WORKER = FAKE_COMMAND
# Real workers on small PDFs take a second or two; the margin covers a busy shared machine.
JOB_TIMEOUT_MS = 90_000


def child_pids() -> set[int]:
    """Live (non-zombie) processes whose parent is this test process."""
    return {pid for pid in processes.child_pids() if is_running(pid)}


def _close(window: MainWindow) -> None:
    window.ask_quit_choice = lambda: QuitChoice.QUIT_NOW
    window.close()
    window.shutdown()


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[Callable[..., MainWindow]]:
    """Builds real windows (build_main_window) and closes them at the end; then no worker or
    pool thread may be left behind."""
    before = child_pids()
    windows: list[MainWindow] = []

    def factory(
        argv: list[str] | None = None, fake: bool = False, sized: bool = True
    ) -> MainWindow:
        window = build_main_window(argv or [], worker_command=FAKE_WORKER if fake else None)
        # The window's default size, which offscreen Qt's 800x800 screen would shrink (a size
        # remembered from an earlier window of the test is kept).
        if sized and window.settings.value("window/geometry") is None:
            window.resize(1280, 800)
        qtbot.addWidget(window, before_close_func=_close)
        window.manager.shutdown_grace_s = 0.2
        window.manager.kill_grace_s = 0.5
        windows.append(window)
        return window

    yield factory
    for window in windows:
        _close(window)
        assert window.manager.pool.activeThreadCount() == 0
    assert child_pids() - before == set(), "a worker process outlived its window"


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()


@pytest.fixture
def fake_window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window(fake=True)


def drop_paths(window: MainWindow, paths: list[Path]) -> None:
    """A real drag-and-drop of file URLs onto the window: enter, move, drop, as Qt sends them."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    position = QPointF(window.width() / 2, window.height() / 2)
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(position.toPoint(), *args)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted(), "the window refused the drag"
    move = QDragMoveEvent(position.toPoint(), *args)
    QApplication.sendEvent(window, move)
    drop = QDropEvent(position, *args)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted(), "the window refused the drop"
    # A drop becomes jobs one per event-loop turn; let them all be submitted, as a user would.
    deadline = time.monotonic() + 30
    while window.pending_intake() and time.monotonic() < deadline:
        QApplication.processEvents()
    assert window.pending_intake() == 0


def wait_all_final(qtbot: QtBot, window: MainWindow, timeout: int = JOB_TIMEOUT_MS) -> None:
    """Every job ended, its result is shown if it is to be, and the history's writer thread
    has recorded how."""
    qtbot.waitUntil(
        lambda: (
            bool(window.manager.jobs())
            and all(j.state.is_final for j in window.manager.jobs())
            and not window.workspace.has_pending_show()
        ),
        timeout=timeout,
    )
    wait_history_written(window)


def wait_history_written(window: MainWindow) -> None:
    """Block until the window's history writes so far are done (the window never waits)."""
    for recorder in window.manager.findChildren(HistoryRecorder):
        assert recorder.wait_written(), "the history writer did not finish"


def wait_state(
    qtbot: QtBot, window: MainWindow, job_id: str, state: JobState, timeout: int = JOB_TIMEOUT_MS
) -> JobInfo:
    qtbot.waitUntil(lambda: window.manager.job(job_id).state == state, timeout=timeout)
    return window.manager.job(job_id)


def table_texts(window: MainWindow) -> list[str]:
    model = window.flags_table.model()
    return [str(model.index(row, 4).data()) for row in range(model.rowCount())]


@dataclass
class JobRow:
    """What the job list shows for one job, read from its model, and its buttons to click."""

    window: MainWindow
    job_id: str

    def _data(self, role: int) -> Any:
        return self.window.job_list.index_of(self.job_id).data(role)

    @property
    def state_text(self) -> str:
        return str(self._data(STATE_TEXT_ROLE))

    @property
    def detail(self) -> str:
        return str(self._data(DETAIL_ROLE))

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(self._data(ACTIONS_ROLE))

    @property
    def progress_text(self) -> str:
        return progress_text(self._data(INFO_ROLE))

    def button_text(self, action: str) -> str:
        return action_label(self._data(INFO_ROLE), action)

    def click(self, qtbot: QtBot, action: str) -> None:
        """A real mouse click on the row's painted button (the window is shown first: a list
        never shown has no room for its rows' buttons)."""
        if not self.window.isVisible():
            self.window.resize(1200, 800)
            self.window.show()
            qtbot.waitExposed(self.window)
        job_list = self.window.job_list
        job_list.scrollTo(job_list.index_of(self.job_id))
        rect = job_list.button_rect(self.job_id, action)
        assert rect is not None, f"no {action} button on {self.job_id}: {self.actions}"
        QTest.mouseClick(job_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def job_row(window: MainWindow, job_id: str) -> JobRow:
    assert window.job_list.index_of(job_id).isValid(), f"{job_id} is not in the job list"
    return JobRow(window, job_id)
