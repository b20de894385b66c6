"""The history in the window: jobs recorded, stored results reopened on drop, the History view."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from docflags_gui import paths
from docflags_gui.hashing import file_sha256
from docflags_gui.jobs import JobState
from docflags_gui.store.history import HistoryStore
from docflags_gui.ui.history_panel import HistoryPanel, StoredResultBar
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.quit_question import QuitChoice
from tests.store.factories import make_result
from tests.ui.conftest import drop_paths, table_texts, wait_all_final, wait_history_written
from tests.ui.pdfs import Mark, make_pdf


def _panel(window: MainWindow) -> HistoryPanel:
    panel = window.findChild(HistoryPanel)
    assert isinstance(panel, HistoryPanel)
    return panel


def _bar(window: MainWindow) -> StoredResultBar:
    bar = window.findChild(StoredResultBar, "storedResultBar")
    assert isinstance(bar, StoredResultBar)
    return bar


def _seed(pdf: Path, texts: tuple[str, ...], engine_version: str | None = None) -> int:
    """A successful analysis of `pdf`'s content, as an earlier session left it."""
    store = HistoryStore(paths.history_db_path(), origin="cli")
    try:
        if engine_version:
            job_id = store.record_queued(pdf, engine_version=engine_version)
        else:
            job_id = store.record_queued(pdf)
        result = make_result(pdf.name, sha256=file_sha256(pdf), texts=texts)
        store.record_finished(job_id, "SUCCESS", result=result)
        return job_id
    finally:
        store.close()


def _history() -> HistoryStore:
    return HistoryStore(paths.history_db_path(), origin="cli")


def test_window_records_every_job_with_its_outcome(
    fake_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    good, bad = tmp_path / "ok-1.pdf", tmp_path / "error-1.pdf"
    for pdf in (good, bad):
        pdf.write_bytes(b"%PDF-1.7 fake")
    fake_window.open_paths([good, bad])
    wait_all_final(qtbot, fake_window)
    infos = {i.path.name: i for i in fake_window.manager.jobs()}
    store = _history()
    try:
        jobs = {j.file: j for j in store.list_jobs()}
        assert {name: j.state for name, j in jobs.items()} == {
            "ok-1.pdf": "SUCCESS",
            "error-1.pdf": "FAILURE",
        }
        assert store.get_result(jobs["ok-1.pdf"].id) == infos["ok-1.pdf"].result
        assert jobs["error-1.pdf"].error == infos["error-1.pdf"].error
        assert all(j.origin == "app" and j.started and j.finished for j in jobs.values())
        assert jobs["ok-1.pdf"].path == str(good.resolve())
    finally:
        store.close()


def test_dropping_a_file_analysed_before_shows_the_stored_result_with_reanalyse(
    fake_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    pdf = make_pdf(tmp_path / "ok-report.pdf", [Mark("quick brown fox")])
    _seed(pdf, ("stored passage one", "stored passage two"))
    copy = tmp_path / "ok-renamed.pdf"  # same bytes, another name: the same document
    copy.write_bytes(pdf.read_bytes())

    drop_paths(fake_window, [copy])
    assert fake_window.manager.jobs() == []  # nothing queued: shown at once
    assert table_texts(fake_window) == ["stored passage one", "stored passage two"]
    bar = _bar(fake_window)
    assert not bar.isHidden() and "ok-renamed.pdf was analysed before" in bar.label.text()
    assert fake_window.stack.currentWidget() is fake_window.workspace

    bar.reanalyse_action.trigger()
    (job,) = fake_window.manager.jobs()
    assert job.path == copy and bar.isHidden()
    wait_all_final(qtbot, fake_window)
    assert fake_window.manager.job(job.job_id).state == JobState.SUCCESS


def test_a_result_from_another_engine_version_is_analysed_again(
    fake_window: MainWindow, tmp_path: Path
) -> None:
    pdf = make_pdf(tmp_path / "ok-old.pdf", [Mark("quick brown fox")])
    _seed(pdf, ("old engine passage",), engine_version="0-old")
    drop_paths(fake_window, [pdf])
    assert [j.path for j in fake_window.manager.jobs()] == [pdf]
    assert _bar(fake_window).isHidden()


def test_history_view_lists_searches_opens_and_deletes(
    fake_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    thesis = make_pdf(tmp_path / "thesis.pdf", [Mark("quick brown fox")])
    paper = make_pdf(tmp_path / "paper.pdf", [Mark("lazy dog")])
    _seed(thesis, ("photosynthesis in shade plants", "another passage"))
    paper_id = _seed(paper, ("kerangka kerja",))
    panel = _panel(fake_window)
    view = panel.view

    toggle = next(a for a in fake_window.view_menu.actions() if a.text() == "&History")
    toggle.trigger()
    assert not panel.dock.isHidden()
    view.refresh()
    assert view.model.rowCount() == 2
    assert view.model.index(0, 0).data() == "paper.pdf"  # newest first
    assert [view.model.index(1, c).data() for c in (2, 3, 4, 5)] == ["Done", "9", "2", "43%"]

    view.search_box.setText("PHOTOSYNTHESIS")  # flagged text, any case
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.index(0, 0).data() == "thesis.pdf"
    view.table.selectRow(0)
    view.open_current()
    assert table_texts(fake_window) == ["photosynthesis in shade plants", "another passage"]
    assert "thesis.pdf" in fake_window.workspace.flags_title.text()

    view.search_box.setText("")
    view.refresh()
    view.select_jobs([paper_id])
    view.confirm_delete = lambda count: count == 1
    view.delete_selected()  # on the writer thread; the list follows when it is done
    qtbot.waitUntil(
        lambda: (
            [view.model.index(r, 0).data() for r in range(view.model.rowCount())] == ["thesis.pdf"]
        )
    )
    store = _history()
    try:
        assert store.get_job(paper_id) is None
    finally:
        store.close()


def test_retention_setting_deletes_old_analyses_and_is_remembered(
    fake_window: MainWindow, make_window: Callable[..., MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    pdf = make_pdf(tmp_path / "old.pdf", [Mark("quick brown fox")])
    old_id = _seed(pdf, ("old passage",))
    store = _history()
    try:
        with store._write.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE jobs SET created = created - 100 * 86400, "
                "finished = finished - 100 * 86400 WHERE id = ?",
                (old_id,),
            )
    finally:
        store.close()
    view = _panel(fake_window).view
    assert view.retention_combo.currentText() == "Keep for ever"
    view.retention_combo.setCurrentIndex(view.retention_combo.findData(90))
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    qtbot.waitUntil(lambda: view.writes.pending() == 0)
    assert _panel(make_window(fake=True)).view.retention_combo.currentText() == "90 days"


def test_delete_retention_and_refresh_never_wait_for_the_writer(
    fake_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """The writer thread may be busy (storing a 10,000-flag result takes 100-400 ms): the
    History view's writes are queued behind it, and the GUI thread goes on at once."""
    old_id = _seed(make_pdf(tmp_path / "old.pdf", [Mark("quick brown fox")]), ("old",))
    view = _panel(fake_window).view
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    released = threading.Event()
    safety = threading.Timer(30, released.set)  # a GUI thread that waits is a failure, not a hang
    safety.start()
    view.store.writer.submit(released.wait)  # the writer is busy until `released` is set
    try:
        view.select_jobs([old_id])
        view.confirm_delete = lambda count: True
        view.delete_selected()
        view.retention_combo.setCurrentIndex(view.retention_combo.findData(30))
        view.refresh()
        assert not released.is_set()  # none of them waited for the writer
        assert view.model.rowCount() == 1 and view.writes.pending() >= 2
    finally:
        released.set()
        safety.cancel()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and view.writes.pending() == 0)
    assert view.store.retention_days == 30


def test_app_starts_without_history_when_the_database_is_damaged(
    make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    damaged = b"this is not an SQLite database at all" * 100
    paths.history_db_path().write_bytes(damaged)
    window = make_window(fake=True)
    assert window.findChild(HistoryPanel) is None
    titles = [a.text() for a in window.view_menu.actions()]
    assert "&History (unavailable)" in titles
    assert "not a database" in window.statusBar().currentMessage()
    pdf = tmp_path / "ok-1.pdf"
    pdf.write_bytes(b"%PDF-1.7 fake")
    assert len(window.open_paths([pdf])) == 1  # analyses still run
    assert paths.history_db_path().read_bytes() == damaged  # and nothing stored is touched


def test_an_automatic_retry_is_one_history_job_with_its_last_attempt(
    fake_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    pdf = tmp_path / "crash_then_ok-1.pdf"
    pdf.write_bytes(b"%PDF-1.7 fake")
    fake_window.manager.retry_backoff_s = 0.05
    (job_id,) = fake_window.open_paths([pdf])
    wait_all_final(qtbot, fake_window)
    assert fake_window.manager.job(job_id).attempt == 2
    store = _history()
    try:
        (job,) = store.list_jobs()
        assert (job.state, job.attempt, job.error) == ("SUCCESS", 2, None)
        assert job.log_path is not None
    finally:
        store.close()


def test_closing_the_window_mid_job_records_it_interrupted(
    make_window: Callable[..., MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(fake=True)
    pdf = tmp_path / "slow-1.pdf"
    pdf.write_bytes(b"%PDF-1.7 fake")
    (job_id,) = window.open_paths([pdf])
    qtbot.waitUntil(lambda: window.manager.job(job_id).state == JobState.RUNNING, timeout=30_000)
    wait_history_written(window)  # the window never waits for its writes; a test must
    store = _history()
    try:
        assert [j.state for j in store.list_jobs()] == ["RUNNING"]
        window.ask_quit_choice = lambda: QuitChoice.QUIT_NOW
        window.close()
        (job,) = store.list_jobs()
        assert job.state == "INTERRUPTED" and job.finished is not None
    finally:
        store.close()
    # (make_window's teardown checks that no worker outlived the window)


def test_jobs_left_unfinished_by_a_dead_app_are_shown_interrupted_at_start(
    make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    pdf = make_pdf(tmp_path / "cut-short.pdf", [Mark("quick brown fox")])
    store = _history()
    try:
        job_id = store.record_queued(pdf)
        store.record_started(job_id)
        with store._write.begin() as conn:  # as a killed app left it: its owner is gone
            conn.exec_driver_sql("UPDATE jobs SET owner_id = 'gone' WHERE id = ?", (job_id,))
    finally:
        store.close()
    window = make_window(fake=True)
    panel = _panel(window)
    assert not panel.dock.isHidden()
    (record,) = panel.view.selected_records()
    assert (record.id, record.state) == (job_id, "INTERRUPTED")
    assert "interrupted when docflags last stopped" in window.statusBar().currentMessage()
    panel.view.reanalyse_selected()
    assert [job.path for job in window.manager.jobs()] == [pdf]


def test_history_table_sorts_by_a_clicked_column_and_pages_in_rows(
    fake_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docflags_gui.ui import history_model

    monkeypatch.setattr(history_model, "PAGE_SIZE", 2)
    for name, texts in (
        ("one.pdf", ("a",)),
        ("three.pdf", ("a", "b", "c")),
        ("two.pdf", ("a", "b")),
    ):
        _seed(make_pdf(tmp_path / name, [Mark("quick brown fox")]), texts)
    view = _panel(fake_window).view
    view.refresh()
    model = view.model
    assert (model.rowCount(), model.total) == (2, 3)  # the first page only
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 3 and not model.canFetchMore()
    view.table.horizontalHeader().setSortIndicator(4, Qt.SortOrder.DescendingOrder)  # Flags
    while model.canFetchMore():
        model.fetchMore()
    assert [model.index(r, 4).data() for r in range(model.rowCount())] == ["3", "2", "1"]
