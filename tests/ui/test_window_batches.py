"""The window's work in batches and turns: many jobs cancelled as one change, a result shown
from its digest (made on the pool thread) and painted on a loop turn of its own.

The timings these are for live in `python -m tests.bench_gui`; here, the structure."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QTimer
from pytestqt.qtbot import QtBot

from docflags_gui import paths
from docflags_gui.app import GUI_SWITCH_INTERVAL_S
from docflags_gui.jobs import JobSettings, JobState
from docflags_gui.result import ResultFlag
from docflags_gui.result_digest import ResultDigest, digest_flags
from docflags_gui.store.history import HistoryStore
from docflags_gui.ui import flags_panel
from docflags_gui.ui.history_recorder import HistoryRecorder
from docflags_gui.ui.main_window import MainWindow
from tests.ui.conftest import drop_paths, wait_all_final, wait_history_written

MANY = 300


def _slow_jobs_folder(window: MainWindow, folder: Path) -> list[Path]:
    """MANY slow fake reports in `folder`, for a window that runs one job at a time."""
    window.manager.apply_settings(JobSettings(concurrency=1, retries=0))
    folder.mkdir()
    files = [folder / f"slow-{n:04d}.pdf" for n in range(MANY)]
    for path in files:
        path.write_bytes(b"%PDF-1.7 fake")
    return files


def _history_requests(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """From now on, every request the window's history recorder makes of its writer."""
    (recorder,) = window.manager.findChildren(HistoryRecorder)
    requests: list[object] = []
    real_later = recorder.store.later

    def counted_later(method: Callable[..., object], *args: object, **kwargs: object) -> object:
        requests.append(method)
        return real_later(method, *args, **kwargs)

    monkeypatch.setattr(recorder.store, "later", counted_later)
    return requests


def test_cancel_all_is_one_change_of_the_list_and_one_history_request(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_WORKER_SLOW_S", "30")
    folder = tmp_path / "reports"
    _slow_jobs_folder(fake_window, folder)
    drop_paths(fake_window, [folder])
    manager = fake_window.manager
    qtbot.waitUntil(lambda: manager.running_count() == 1)
    wait_history_written(fake_window)
    requests = _history_requests(fake_window, monkeypatch)
    model = fake_window.job_list.jobs_model
    changes: list[tuple[int, int]] = []

    def on_changed(first: QModelIndex, last: QModelIndex) -> None:
        changes.append((first.row(), last.row()))

    model.dataChanged.connect(on_changed)
    snapshots: list[str] = []
    real_job = manager.job

    def counted_job(job_id: str) -> object:
        snapshots.append(job_id)
        return real_job(job_id)

    monkeypatch.setattr(manager, "job", counted_job)

    fake_window.cancel_all()

    # The waiting ones: one dataChanged over their rows and one write, not one of each per job
    # (the running one, row 0, says "Cancelling…" and ends in its own time); the list reads
    # again only the rows it paints, not every cancelled job.
    fake_window.job_list.viewport().repaint()
    assert len(snapshots) < 20
    assert [rows for rows in changes if rows != (0, 0)] == [(1, MANY - 1)]
    assert len(requests) == 1
    assert manager.waiting_count() == 0
    wait_all_final(qtbot, fake_window)
    store = HistoryStore(paths.history_db_path(), origin="cli")
    try:
        states = [job.state for job in store.list_jobs(limit=MANY + 10)]
    finally:
        store.close()
    assert len(states) == MANY and set(states) == {"CANCELLED"}
    assert all(manager.job(job_id).state is JobState.CANCELLED for job_id in model.job_ids())


def test_a_result_that_shows_by_itself_uses_its_digest_and_paints_on_a_later_turn(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_here: list[int] = []

    def digest_here(flags: Sequence[ResultFlag]) -> ResultDigest:
        made_here.append(len(flags))
        return digest_flags(flags)

    monkeypatch.setattr(flags_panel, "digest_flags", digest_here)
    table = fake_window.flags_table
    painting_at_show: list[bool] = []
    fake_window.workspace.shown_changed.connect(
        lambda _name: painting_at_show.append(table.updatesEnabled())
    )
    pdf = tmp_path / "ok-1.pdf"
    pdf.write_bytes(b"%PDF-1.7 fake")
    drop_paths(fake_window, [pdf])
    wait_all_final(qtbot, fake_window)

    (info,) = fake_window.manager.jobs()
    assert info.result is not None and info.digest is not None
    assert info.digest == digest_flags(info.result["flags"])
    assert fake_window.workspace.shown_job() == info
    assert table.model().rowCount() == 3
    # The digest came with the job (made on its pool thread), not on the GUI thread.
    assert made_here == []
    # Shown with the table's painting held back, which a later loop turn lets go.
    assert painting_at_show == [False]
    assert table.updatesEnabled()


def test_a_drop_of_many_files_is_sorted_out_and_queued_in_later_loop_turns(
    qtbot: QtBot, fake_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_WORKER_SLOW_S", "30")
    folder = tmp_path / "many"
    files = _slow_jobs_folder(fake_window, folder)
    (folder / "notes.txt").write_text("not a PDF")
    listed: list[int] = []
    pending: list[int] = []

    def look() -> None:
        listed.append(fake_window.job_list.count())
        pending.append(fake_window.pending_intake())

    turns = QTimer()  # a 0 ms timer fires once per loop turn: what each turn saw
    turns.setInterval(0)
    turns.timeout.connect(look)
    requests = _history_requests(fake_window, monkeypatch)

    turns.start()
    drop_paths(fake_window, [*files, folder / "notes.txt", files[0]])
    turns.stop()

    # Nothing sorted out or queued inside the drop event (every dropped path still pending,
    # the duplicate and the text file too); then on later turns (8 ms' worth each, so how
    # many depends on the machine), in the dropped order.
    assert listed[0] == 0 and pending[0] == MANY + 2
    assert [job.path for job in fake_window.manager.jobs()] == files
    assert "notes.txt is not a PDF" in fake_window.statusBar().currentMessage()
    # The history records the jobs queued in a turn with one request: a few, not one a job.
    wait_history_written(fake_window)
    assert 1 <= len(requests) < MANY / 4
    store = HistoryStore(paths.history_db_path(), origin="cli")
    try:
        assert len(store.list_jobs(limit=MANY + 10)) == MANY
    finally:
        store.close()
    fake_window.cancel_all()
    wait_all_final(qtbot, fake_window)
    # Cancelled jobs are counted as such in the batch's message, not as failures.
    assert fake_window.notifier.last_message == f"0 documents analysed, {MANY} cancelled."


def test_the_window_hands_the_interpreter_lock_on_after_a_millisecond(
    fake_window: MainWindow,
) -> None:
    """Pool threads parse and store big results in Python: the GUI thread, back from Qt,
    waits for the lock at most this long (5 ms by default, up to 50 ms for a paint)."""
    assert sys.getswitchinterval() == GUI_SWITCH_INTERVAL_S == 0.001
