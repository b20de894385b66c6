"""File > Export… in the real window: selected jobs or the filtered table, format, file, errors."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMessageBox,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from docflags_gui.export import ExportError
from docflags_gui.export.rows import FORMULA_STARTERS, restore_formula
from docflags_gui.jobs import JobState
from docflags_gui.result import ResultDocument
from docflags_gui.ui.export_dialog import ExportDialog
from docflags_gui.ui.history_view import HistoryView
from docflags_gui.ui.main_window import MainWindow
from tests.export.conftest import make_result
from tests.ui.conftest import drop_paths, wait_all_final
from tests.ui.pdfs import Mark, make_pdf

FORMULA_COMMENT = "=cmd|' /C calc'!A0"
MARKUP_COMMENT = "<script>alert(1)</script>"


def _open_dialog(qtbot: QtBot, window: MainWindow) -> ExportDialog:
    window.export_action.trigger()
    dialog = window.exporter.dialog
    assert dialog is not None, "File > Export… opened no dialog"
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _export(qtbot: QtBot, window: MainWindow, dialog: ExportDialog) -> str:
    threads: list[bool] = []
    app = QApplication.instance()
    assert app is not None
    on_gui_thread = lambda _path: threads.append(  # noqa: E731
        QThread.currentThread() is app.thread()
    )
    window.exporter.export_finished.connect(on_gui_thread)
    with qtbot.waitSignal(window.exporter.export_finished, timeout=60_000) as finished:
        QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    window.exporter.export_finished.disconnect(on_gui_thread)
    assert threads == [True], "the export reports back on the GUI thread"
    path: str = finished.args[0]
    return path


def _choose(dialog: ExportDialog, fmt: str, path: Path | None = None) -> None:
    """Pick a format (and a file) in the dialog as a user would."""
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
    if path is not None:
        dialog.path_edit.setText(str(path))


def _show_stored(window: MainWindow, result: ResultDocument) -> None:
    window.workspace.show_stored_result(Path("/nowhere") / result["file"], result)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def test_export_is_in_the_file_menu_with_ctrl_e(window: MainWindow) -> None:
    assert window.export_action in window.file_menu.actions()
    assert window.export_action.shortcut() == QKeySequence("Ctrl+E")


def test_selected_jobs_export_to_xlsx_through_the_file_dialog(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_pdf(
        tmp_path / "first.pdf",
        [Mark("quick brown fox", comment=FORMULA_COMMENT), Mark("lazy dog", kind="underline")],
    )
    second = make_pdf(tmp_path / "second.pdf", [Mark("seven measurements", comment=MARKUP_COMMENT)])
    drop_paths(window, [first, second])
    wait_all_final(qtbot, window)
    jobs = window.manager.jobs()
    assert all(job.state == JobState.SUCCESS for job in jobs)
    window.job_list.selectAll()

    target = out / "chosen.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    dialog = _open_dialog(qtbot, window)
    assert dialog.scope().scope == "jobs"
    browse = dialog.findChild(QPushButton, "exportBrowse")
    assert browse is not None
    QTest.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert dialog.format() == "xlsx" and dialog.path() == target
    assert _export(qtbot, window, dialog) == str(target)

    workbook = openpyxl.load_workbook(target)
    rows = list(workbook["Flags"].iter_rows(min_row=2, values_only=True))
    expected = sum(len(job.result["flags"]) for job in jobs if job.result)
    assert len(rows) == expected == 3
    assert {row[0] for row in rows} == {"first.pdf", "second.pdf"}
    comments = [restore_formula(row[7]) for row in rows if row[7]]
    assert sorted(comments) == sorted([FORMULA_COMMENT, MARKUP_COMMENT])
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not (isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTERS))
    with zipfile.ZipFile(target) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if "worksheets" in n)
    assert str(target) in window.statusBar().currentMessage()
    # The file just written is one click away: Open, or Show in Folder.
    opened: list[str] = []
    done = window.export_done
    done.open_url = lambda url: opened.append(url.toLocalFile())
    assert done.isVisibleTo(window)
    done.open_button.click()
    done.folder_button.click()
    assert opened == [str(target), str(target.parent)]


def test_filtered_view_exports_only_the_rows_the_table_shows(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    result = make_result(file="report.pdf")
    _show_stored(window, result)
    window.flags_panel.proxy.set_search_text("penelitian")
    visible = window.flags_panel.proxy.rowCount()
    assert 0 < visible < len(result["flags"])

    dialog = _open_dialog(qtbot, window)
    assert dialog.scope().scope == "view", "a filtered table is what the user means"
    target = out / "view.csv"
    _choose(dialog, "csv", target)
    _export(qtbot, window, dialog)

    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [r["text"] for r in rows] == [
        f["text"] for f in result["flags"] if "penelitian" in f["text"].lower()
    ]

    window.flags_panel.proxy.set_kind_filter("drawn")
    again = _open_dialog(qtbot, window)
    _choose(again, "json", out / "view.json")
    _export(qtbot, window, again)
    document = json.loads((out / "view.json").read_text(encoding="utf-8"))
    assert document["warnings"][-1] == (
        'exported from a filtered table: 1 of 17 flagged passages (text "penelitian", kind drawn)'
    )
    assert document["warnings"][:-1] == result["warnings"]


def test_changing_the_format_changes_the_extension(qtbot: QtBot, window: MainWindow) -> None:
    _show_stored(window, make_result(file="report.pdf"))
    dialog = _open_dialog(qtbot, window)
    _choose(dialog, "html")
    assert dialog.path().name == "report-flags.html"
    dialog.reject()


def test_an_existing_file_is_replaced_only_after_asking(
    qtbot: QtBot, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _show_stored(window, make_result(file="report.pdf"))
    target = out / "keep.json"
    target.write_text("precious")
    answers: list[str] = []

    def answer_no(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        answers.append(args[2])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    dialog = _open_dialog(qtbot, window)
    _choose(dialog, "json", target)
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert answers and "keep.json already exists" in answers[0]
    assert dialog.isVisible() and target.read_text() == "precious"

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    _export(qtbot, window, dialog)
    assert target.read_text(encoding="utf-8").startswith("{")


def test_a_failed_export_shows_why_and_leaves_nothing(
    qtbot: QtBot, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _show_stored(window, make_result(file="report.pdf"))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))

    def fail_midway(*args: Any, **kwargs: Any) -> None:
        raise ExportError("Cannot write out.xlsx: the disk is full.")

    monkeypatch.setattr("docflags_gui.ui.export_dialog.export_results", fail_midway)
    dialog = _open_dialog(qtbot, window)
    dialog.path_edit.setText(str(out / "out.xlsx"))
    with qtbot.waitSignal(window.exporter.export_failed, timeout=30_000):
        QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert shown == ["Cannot write out.xlsx: the disk is full."]
    assert list(out.iterdir()) == []


def test_a_missing_folder_is_refused_before_exporting(
    qtbot: QtBot, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _show_stored(window, make_result(file="report.pdf"))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    dialog = _open_dialog(qtbot, window)
    dialog.path_edit.setText(str(out / "gone" / "x.csv"))
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert shown and "does not exist" in shown[0]
    assert dialog.isVisible()
    dialog.reject()


def test_the_last_folder_and_format_are_remembered(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    _show_stored(window, make_result(file="report.pdf"))
    dialog = _open_dialog(qtbot, window)
    _choose(dialog, "md", out / "notes.md")
    _export(qtbot, window, dialog)

    again = _open_dialog(qtbot, window)
    assert again.format() == "md"
    assert again.path() == out / "report-flags.md"
    again.reject()


def test_with_nothing_to_export_the_window_says_so(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: said.append(args[2]))
    window.export_action.trigger()
    assert window.exporter.dialog is None
    assert said and "Select a finished job" in said[0]


def test_analyses_selected_in_the_history_export_together(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    view = window.findChild(HistoryView, "historyView")
    assert view is not None, "the window has a History view"
    store = view.store
    ids: list[int] = []
    for name, sha in (("one.pdf", "1" * 64), ("two.pdf", "2" * 64)):
        job_id = store.record_queued(Path("/gone") / name, sha256=sha)
        store.record_started(job_id)
        store.record_finished(job_id, "SUCCESS", result=make_result(file=name, sha256=sha))
        ids.append(job_id)
    window.show()
    dock = window.findChild(QDockWidget, "historyDock")
    assert dock is not None
    dock.show()
    view.refresh()
    view.select_jobs(ids)

    dialog = _open_dialog(qtbot, window)
    assert dialog.scope().scope == "history"
    assert "2 analyses selected in the History" in dialog.scope().label
    target = out / "history.json"
    _choose(dialog, "json", target)
    _export(qtbot, window, dialog)
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert sorted(r["file"] for r in exported) == ["one.pdf", "two.pdf"]


def test_a_typed_extension_decides_the_format_and_a_missing_one_is_added(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    _show_stored(window, make_result(file="report.pdf"))
    dialog = _open_dialog(qtbot, window)
    _choose(dialog, "xlsx", out / "typed.csv")
    _export(qtbot, window, dialog)
    assert (out / "typed.csv").read_bytes().startswith(b"\xef\xbb\xbffile,page,")

    again = _open_dialog(qtbot, window)
    again.path_edit.setText(str(out / "no-extension"))
    _export(qtbot, window, again)
    assert (out / "no-extension.csv").is_file()


# The offscreen platform activates no window by itself; shortcuts need an active window.
@pytest.mark.filterwarnings("ignore:.*setActiveWindow.*:DeprecationWarning")
def test_ctrl_e_in_the_flags_table_opens_the_export_dialog(
    qtbot: QtBot, window: MainWindow
) -> None:
    _show_stored(window, make_result(file="report.pdf"))
    window.show()
    QApplication.setActiveWindow(window)
    window.flags_table.setFocus()
    QTest.keyClick(window.flags_table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.exporter.dialog is not None)
    assert window.exporter.dialog is not None
    window.exporter.dialog.reject()
