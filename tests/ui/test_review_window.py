"""Review in the window: rules suggest statuses, number keys decide them, decisions are kept in
the history (and survive a restart), and File > Save annotated manuscript writes the copy.
Real drops, real worker subprocesses, a real SQLite history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobInfo, JobState
from docflags_gui.matching.readers import read_manuscript
from docflags_gui.review.entries import passage_key
from docflags_gui.review.statuses import Status
from docflags_gui.store.history import HistoryStore
from docflags_gui.ui.flags_cells import Column
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.review_controller import ReviewController
from tests.cli.test_review_cli import PARAGRAPHS, PASSAGES, write_docx
from tests.matching.reports import build_report
from tests.ui.conftest import drop_paths, wait_all_final, wait_history_written


def reviewer(window: MainWindow) -> ReviewController:
    found = window.findChild(ReviewController)
    assert found is not None, "the window has no review"
    return found


def _newest(window: MainWindow, kind: str) -> JobInfo:
    return [info for info in window.manager.jobs() if info.kind == kind][-1]


def drop_matched_pair(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> tuple[Path, Path]:
    """Drop a report with its DOCX manuscript; return once the match is shown in the table."""
    report = build_report(tmp_path / "report.pdf", PASSAGES, "#ff8800")
    manuscript = write_docx(PARAGRAPHS, tmp_path / "thesis.docx")
    drop_paths(window, [report, manuscript])
    qtbot.waitUntil(lambda: any(i.kind == "match" for i in window.manager.jobs()), timeout=90_000)
    wait_all_final(qtbot, window)
    qtbot.waitUntil(lambda: window.flags_table.model().columnCount() == 9)
    return report, manuscript


def _statuses(window: MainWindow) -> list[str]:
    model = window.flags_table.model()
    return [model.index(row, Column.STATUS).data() for row in range(model.rowCount())]


def _select_row(window: MainWindow, row: int) -> None:
    table = window.flags_table
    table.setFocus()
    table.selectRow(row)
    QApplication.processEvents()


def test_rules_keys_history_and_annotated_copy(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = make_window()
    window.show()
    _, manuscript = drop_matched_pair(qtbot, window, tmp_path)
    panel = window.workspace.review_panel
    assert window.workspace.review_box.isVisible()
    assert _statuses(window) == ["To review"] * 4
    assert panel.progress_label.text().startswith("0 of 4 reviewed · 0 need a fix")

    # Rules: quotes and bibliography, applied by matching again.
    panel.quotes.setChecked(True)
    panel.bibliography.setChecked(True)
    QTest.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: len([i for i in window.manager.jobs() if i.kind == "match"]) == 2, timeout=10_000
    )
    wait_all_final(qtbot, window)
    qtbot.waitUntil(lambda: _statuses(window)[0] == "Quoted & cited", timeout=10_000)
    assert _statuses(window) == ["Quoted & cited", "Needs fix", "To review", "Bibliography"]
    model = window.flags_table.model()
    suggested, undecided = model.index(1, Column.STATUS), model.index(2, Column.STATUS)
    assert suggested.data(Qt.ItemDataRole.FontRole).italic()  # a suggestion looks different
    assert undecided.data(Qt.ItemDataRole.FontRole) is None
    tip = suggested.data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Suggested by the rules: Needs fix (quoted but not cited)"

    # Number keys decide, on the selected rows, while the passages table has the focus.
    _select_row(window, 2)
    QTest.keyClick(window.flags_table, Qt.Key.Key_2)
    assert _statuses(window)[2] == "Needs fix"
    assert model.index(2, Column.STATUS).data(Qt.ItemDataRole.FontRole) is None  # decided
    reviewer(window).ask_note = lambda current: "rewrite in my own words"
    _select_row(window, 2)
    reviewer(window).note_action.trigger()
    assert panel.progress_label.text().startswith("1 of 4 reviewed · 2 need a fix")
    match = _newest(window, "match")
    assert match.result is not None
    wait_history_written(window)
    with HistoryStore.open_default() as store:
        decisions = store.review_decisions(match.result["sha256"])
    flag = match.result["flags"][2]
    assert decisions[passage_key(flag)].status is Status.NEEDS_FIX
    assert decisions[passage_key(flag)].note == "rewrite in my own words"

    # File > Save annotated manuscript…: a job of kind annotate writes the DOCX copy.
    copy = tmp_path / "thesis-annotated.docx"
    reviewer(window).ask_copy_path = lambda suggested: copy
    assert reviewer(window).save_action.shortcut().toString() == "Ctrl+Shift+S"
    reviewer(window).save_action.trigger()
    qtbot.waitUntil(lambda: any(i.kind == "annotate" for i in window.manager.jobs()))
    wait_all_final(qtbot, window)
    annotate = _newest(window, "annotate")
    assert annotate.state is JobState.SUCCESS, annotate.error
    assert read_manuscript(copy).text == read_manuscript(manuscript).text
    comments = [comment.text for comment in docx.Document(str(copy)).comments]
    assert len(comments) == 4
    assert any("Note: rewrite in my own words" in text for text in comments)


def test_decisions_come_back_after_a_restart(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = make_window()
    report, _ = drop_matched_pair(qtbot, window, tmp_path)
    _select_row(window, 1)
    reviewer(window).status_actions[Status.FALSE_POSITIVE].trigger()
    wait_history_written(window)
    window.close()

    again = make_window()
    drop_paths(again, [report])  # the stored result opens at once; a new analysis would too
    qtbot.waitUntil(lambda: again.flags_table.model().rowCount() == 4, timeout=90_000)
    model = again.flags_table.model()
    qtbot.waitUntil(lambda: model.columnCount() == 9, timeout=10_000)
    assert model.index(1, Column.STATUS).data() == "False positive"


def test_matching_a_revision_in_the_window_suggests_fixed_and_keeps_the_rules(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = make_window()
    drop_matched_pair(qtbot, window, tmp_path)
    panel = window.workspace.review_panel
    panel.quotes.setChecked(True)
    QTest.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _statuses(window)[1] == "Needs fix", timeout=90_000)
    revised = list(PARAGRAPHS)
    revised[0] = revised[0].replace("and went on", "(Hattie, 2009) and went on")
    revised[1] = "In our pilot, pupils watched the lessons at home, and teachers kept a diary."
    revision = write_docx(revised, tmp_path / "thesis-v2.docx")
    window.matcher.ask_manuscript = lambda: revision
    window.match_action.trigger()
    qtbot.waitUntil(
        lambda: len([i for i in window.manager.jobs() if i.kind == "match"]) == 3, timeout=10_000
    )
    wait_all_final(qtbot, window)
    newest = _newest(window, "match")
    assert newest.manuscript == revision and newest.result is not None
    reviews = [flag["review"] for flag in newest.result["flags"]]
    assert [r["suggested"] for r in reviews[1:3]] == ["quoted-cited", "fixed"]
    assert newest.result["review"]["rules"]["exclude_quotes"] is True  # the rules went on
    qtbot.waitUntil(lambda: _statuses(window)[2] == "Fixed", timeout=10_000)
