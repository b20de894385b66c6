"""The job list as model and view: 2,000 queued jobs, their order, moves, cancels and retries."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobManager, JobSettings, JobState
from docflags_gui.ui.job_list import JobList
from docflags_gui.ui.job_list_model import ACTIONS_ROLE, STATE_TEXT_ROLE

FAKE_WORKER = [sys.executable, str(Path(__file__).resolve().parent.parent / "fake_worker.py")]
MANY = 2000


@pytest.fixture
def job_list(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[JobList]:
    monkeypatch.setenv("FAKE_WORKER_SLOW_S", "30")
    manager = JobManager(JobSettings(concurrency=1, retries=0), worker_command=FAKE_WORKER)
    manager.kill_grace_s = 0.5
    view = JobList(manager)
    qtbot.addWidget(view)
    view.resize(420, 700)
    view.show()
    yield view
    manager.shutdown(wait=True)


def test_two_thousand_queued_jobs_are_rows_of_one_view(
    qtbot: QtBot, job_list: JobList, tmp_path: Path
) -> None:
    manager = job_list.manager
    ids = [manager.submit(tmp_path / f"slow-{n}.pdf") for n in range(MANY)]
    model = job_list.jobs_model
    assert model.rowCount() == MANY and job_list.job_ids() == ids
    assert job_list.findChildren(JobList) == []  # and no widget per row under it
    qtbot.waitUntil(lambda: manager.job(ids[0]).state is JobState.RUNNING)
    assert model.index(0).data(STATE_TEXT_ROLE) == "Running"
    assert model.index(MANY - 1).data(ACTIONS_ROLE) == ("front", "cancel")

    last = job_list.index_of(ids[-1])
    # Laid out a batch at a time, between events: the last row gets its place soon.
    qtbot.waitUntil(lambda: job_list.visualRect(last).isValid(), timeout=10_000)
    job_list.scrollToBottom()
    qtbot.waitUntil(
        lambda: job_list.viewport().rect().intersects(job_list.visualRect(last)), timeout=5_000
    )

    job_list.move_to_front(ids[-1])  # after the running one, before the other waiting ones
    assert job_list.job_ids()[:3] == [ids[0], ids[-1], ids[1]]
    assert manager.queued_ids()[0] == ids[-1]

    job_list.selectAll()
    job_list.cancel_selected()
    assert manager.waiting_count() == 0
    states = {model.index(row).data(STATE_TEXT_ROLE) for row in range(1, MANY)}
    assert states == {"Cancelled"}
    qtbot.waitUntil(lambda: manager.job(ids[0]).state is JobState.CANCELLED, timeout=15_000)

    job_list.remove_ended()
    assert model.rowCount() == 0


def test_retry_puts_the_new_job_in_the_old_ones_place(
    qtbot: QtBot, job_list: JobList, tmp_path: Path
) -> None:
    manager = job_list.manager
    ids = [manager.submit(tmp_path / f"slow-{n}.pdf") for n in range(3)]
    manager.cancel(ids[1])
    job_list.select_job(ids[1])
    new_id = job_list.retry(ids[1])
    assert job_list.job_ids() == [ids[0], new_id, ids[2]]
    assert job_list.current_job_id() == new_id
    for job_id in (ids[0], new_id, ids[2]):
        manager.cancel(job_id)


def test_the_delete_key_cancels_and_rows_speak_for_screen_readers(
    qtbot: QtBot, job_list: JobList, tmp_path: Path
) -> None:
    manager = job_list.manager
    ids = [manager.submit(tmp_path / f"slow-{n}.pdf") for n in range(2)]
    asked: list[int] = []

    def say_yes(count: int) -> bool:
        asked.append(count)
        return True

    job_list.confirm_cancel = say_yes
    job_list.select_job(ids[1])
    job_list.setFocus()
    QTest.keyClick(job_list, Qt.Key.Key_Delete)
    assert asked == [1] and manager.job(ids[1]).state is JobState.CANCELLED
    spoken = job_list.index_of(ids[1]).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "slow-1.pdf, Cancelled, Cancelled before it finished."
    QTest.keyClick(job_list, Qt.Key.Key_Delete)  # an ended job just leaves the list
    assert job_list.job_ids() == [ids[0]] and asked == [1]
    manager.cancel(ids[0])


def test_waiting_rows_share_the_images_of_their_bar_and_buttons(
    qtbot: QtBot, job_list: JobList, tmp_path: Path
) -> None:
    """The style draws a bar or a button once; every row that looks alike reuses the image
    (drawing each was most of a scroll step's time)."""
    manager = job_list.manager
    ids = [manager.submit(tmp_path / f"slow-{n}.pdf") for n in range(300)]
    bar = job_list.verticalScrollBar()
    for step in range(5):
        bar.setValue(bar.maximum() // 5 * step)
        job_list.viewport().repaint()
    images = job_list.delegate.images
    # The waiting rows' bar, Move to front and Cancel; the running row's bar (it may have
    # moved on) and Cancel.
    assert 3 <= len(images) <= 8
    manager.cancel_many(ids)
    qtbot.waitUntil(lambda: manager.running_count() == 0, timeout=15_000)
