"""Match in the window: a report dropped with its manuscript, Ctrl+M, the Where and Score
columns, failures on the match's own row, and the match kept in the history. Real drops, real
worker subprocesses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobInfo, JobState
from docflags_gui.store.history import HistoryStore
from docflags_gui.ui.flags_cells import Column
from docflags_gui.ui.job_words import outcome_words
from docflags_gui.ui.main_window import MainWindow
from tests.matching.reports import MANUSCRIPT_PARAGRAPHS, build_report, write_manuscript_txt
from tests.matching.writers import write_manuscript
from tests.ui.conftest import drop_paths, wait_all_final

WHERE = ["¶ 1", "¶ 2", "not in the manuscript", "¶ 4"]


def _jobs_of_kind(window: MainWindow, kind: str) -> list[JobInfo]:
    return [info for info in window.manager.jobs() if info.kind == kind]


def _wait_match(qtbot: QtBot, window: MainWindow) -> JobInfo:
    qtbot.waitUntil(lambda: bool(_jobs_of_kind(window, "match")), timeout=90_000)
    wait_all_final(qtbot, window)
    (match,) = _jobs_of_kind(window, "match")
    return match


def _drop_report_and_manuscript(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> JobInfo:
    report = build_report(tmp_path / "report.pdf")
    manuscript = write_manuscript_txt(tmp_path / "thesis.txt")
    drop_paths(window, [report, manuscript])
    return _wait_match(qtbot, window)


def _column(window: MainWindow, column: int) -> list[str]:
    model = window.flags_table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_dropping_a_report_with_its_manuscript_fills_where_and_score(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    match = _drop_report_and_manuscript(qtbot, window, tmp_path)
    report, manuscript = tmp_path / "report.pdf", tmp_path / "thesis.txt"
    assert match.state is JobState.SUCCESS, match.error
    (analysis,) = _jobs_of_kind(window, "analyze")
    assert analysis.state is JobState.SUCCESS and match.report_job == analysis.job_id
    assert match.manuscript == manuscript and match.path == report
    qtbot.waitUntil(lambda: window.workspace.shown_job() is not None)
    shown = window.workspace.shown_job()
    assert shown is not None and shown.job_id == match.job_id
    model = window.flags_table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[-3:] == ["Where", "Score", "Status"]
    assert _column(window, Column.WHERE) == WHERE
    assert _column(window, Column.SCORE)[0] == "1.00"
    # The match row says what was matched with what.
    row = window.job_list.index_of(match.job_id)
    assert row.data(Qt.ItemDataRole.DisplayRole) == "report.pdf \u2192 thesis.txt"
    assert outcome_words(match) == "3 of 4 found in thesis.txt"
    # Selecting a flag shows its manuscript paragraph, the passage marked; a flag found
    # nowhere says so.
    window.flags_table.selectRow(0)
    pane = window.workspace.manuscript_pane
    qtbot.waitUntil(lambda: "watched them at home" in pane.toPlainText(), timeout=30_000)
    assert window.workspace.manuscript_box.isVisibleTo(window)
    assert pane.toPlainText().startswith("thesis.txt · ¶ 1")
    assert MANUSCRIPT_PARAGRAPHS[0] in pane.toPlainText()
    assert "background-color:#ffe066" in pane.toHtml().replace(" ", "")
    window.flags_table.selectRow(2)
    qtbot.waitUntil(lambda: "not in the manuscript" in pane.toPlainText())
    # Kept in the history with the report's analysis.
    assert match.result is not None
    with HistoryStore.open_default() as store:
        stored = store.find_result(match.result["sha256"])
    assert stored is not None and stored.result["manuscript"]["file"] == "thesis.txt"


def test_ctrl_m_matches_the_shown_analysis_with_a_docx(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    report = build_report(tmp_path / "report.pdf")
    manuscript = write_manuscript(MANUSCRIPT_PARAGRAPHS, tmp_path / "thesis.docx")
    drop_paths(window, [report])
    wait_all_final(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace.shown_job() is not None)
    assert window.flags_table.model().columnCount() == 6  # no match yet: no Where column
    window.matcher.ask_manuscript = lambda: manuscript
    assert window.match_action.shortcut().toString() == "Ctrl+M"
    window.match_action.trigger()
    match = _wait_match(qtbot, window)
    assert match.state is JobState.SUCCESS, match.error
    qtbot.waitUntil(lambda: window.flags_table.model().columnCount() == 9)
    # The DOCX carries Word's rendered page breaks (one before every third paragraph).
    pages = ["¶ 1 · p. 1", "¶ 2 · p. 1", "not in the manuscript", "¶ 4 · p. 2"]
    assert _column(window, Column.WHERE) == pages


def test_two_pdfs_are_told_apart_by_the_reports_flags(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    report = build_report(tmp_path / "report.pdf")
    manuscript = write_manuscript(MANUSCRIPT_PARAGRAPHS, tmp_path / "thesis.pdf")
    asked: list[tuple[Path, Path]] = []

    def ask_which_report(a: Path, b: Path) -> None:
        asked.append((a, b))

    window.matcher.ask_which_report = ask_which_report
    drop_paths(window, [manuscript, report])
    match = _wait_match(qtbot, window)
    assert asked == []  # the report was recognised by its highlights
    assert match.state is JobState.SUCCESS and match.path == report
    assert match.result is not None and match.result["manuscript"]["format"] == "pdf"
    pages = [flag["match"]["page"] for flag in match.result["flags"] if flag["match"]]
    assert pages == [1, 1, 2]  # three paragraphs a page


def test_a_bad_manuscript_fails_on_the_match_row_only(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = make_window()
    report = build_report(tmp_path / "report.pdf")
    bad = tmp_path / "thesis.docx"
    bad.write_bytes(b"this is not a word document")
    drop_paths(window, [report, bad])
    match = _wait_match(qtbot, window)
    assert match.state is JobState.FAILURE
    assert match.error is not None and "this is not a DOCX file" in match.error
    (analysis,) = _jobs_of_kind(window, "analyze")
    assert analysis.state is JobState.SUCCESS


def test_a_match_can_run_again_from_its_row(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    first = _drop_report_and_manuscript(qtbot, window, tmp_path)
    again = window.manager.retry(first.job_id)
    qtbot.waitUntil(lambda: window.manager.job(again).state.is_final, timeout=90_000)
    rerun = window.manager.job(again)
    assert rerun.state is JobState.SUCCESS, rerun.error
    assert rerun.kind == "match" and rerun.result == first.result
