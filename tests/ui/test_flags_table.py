"""The flags table of a finished job in the real window: filters, kinds, colours, sort, copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobState
from docflags_gui.ui.flags_cells import Column
from docflags_gui.ui.main_window import MainWindow
from tests.ui.conftest import table_texts, wait_all_final
from tests.ui.pdfs import Mark, make_pdf

MARKS = [
    Mark("quick brown fox", "highlight", (1.0, 1.0, 0.0), comment="Cite Smith 2020"),
    Mark("lazy dog", "underline", (1.0, 0.0, 0.0)),
    Mark("seven measurements", "highlight", (0.0, 0.8, 0.0)),
    Mark("repeated the questionnaire", "strikeout", (1.0, 0.0, 0.0), page=2),
]


@pytest.fixture
def shown(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> MainWindow:
    pdf = make_pdf(tmp_path / "reviewed draft.pdf", MARKS, pages=2)
    (job_id,) = window.open_paths([pdf])
    wait_all_final(qtbot, window)
    assert window.manager.job(job_id).state == JobState.SUCCESS
    window.job_list.select_job(job_id)
    qtbot.waitUntil(lambda: window.flags_table.model().rowCount() == 4)
    return window


def test_rows_show_page_kind_colour_source_text_comment(shown: MainWindow) -> None:
    model = shown.flags_table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Page", "Kind", "Colour", "Source", "Text", "Comment"]
    rows = [[model.index(r, c).data() for c in range(6)] for r in range(model.rowCount())]
    assert rows[0] == ["1", "Highlight", "Yellow", "", "quick brown fox", "Cite Smith 2020"]
    assert rows[3][:2] == ["2", "Strike-out"]
    assert model.index(0, Column.COLOR).data(Qt.ItemDataRole.ToolTipRole) == "Yellow (#ffff00)"
    swatch = model.index(0, Column.COLOR).data(Qt.ItemDataRole.DecorationRole)
    assert swatch is not None and not swatch.isNull()
    assert shown.flags_panel.count_label.text() == "4 flags"


def test_filter_box_searches_text_and_comments(qtbot: QtBot, shown: MainWindow) -> None:
    box = shown.flags_panel.search_box
    QTest.keyClicks(box, "smith")
    qtbot.waitUntil(lambda: table_texts(shown) == ["quick brown fox"])
    box.clear()
    QTest.keyClicks(box, "DOG")
    qtbot.waitUntil(lambda: table_texts(shown) == ["lazy dog"])
    assert shown.flags_panel.count_label.text() == "1 of 4 flags"
    box.clear()
    qtbot.waitUntil(lambda: len(table_texts(shown)) == 4)


def test_kind_colour_and_source_filters(qtbot: QtBot, shown: MainWindow) -> None:
    panel = shown.flags_panel
    kinds = [panel.kind_combo.itemText(i) for i in range(panel.kind_combo.count())]
    assert kinds == ["All kinds", "Highlight", "Strike-out", "Underline"]
    panel.kind_combo.setCurrentIndex(kinds.index("Highlight"))
    assert table_texts(shown) == ["quick brown fox", "seven measurements"]
    panel.kind_combo.setCurrentIndex(0)
    panel.color_combo.setCurrentIndex(panel.color_combo.findData("Red"))
    assert table_texts(shown) == ["lazy dog", "repeated the questionnaire"]
    panel.color_combo.setCurrentIndex(0)
    assert not panel.source_combo.isEnabled()  # a reviewed draft has no source numbers
    assert shown.flags_table.isColumnHidden(Column.SOURCE)  # so its column is not shown
    assert not shown.flags_table.isColumnHidden(Column.COMMENT)
    assert len(table_texts(shown)) == 4


def test_sort_by_clicking_headers(qtbot: QtBot, shown: MainWindow) -> None:
    header = shown.flags_table.horizontalHeader()
    x = header.sectionViewportPosition(Column.TEXT) + 5
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert table_texts(shown) == sorted(table_texts(shown), key=str.casefold)
    first = table_texts(shown)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert table_texts(shown) == list(reversed(first))
    shown.flags_table.sortByColumn(Column.PAGE, Qt.SortOrder.DescendingOrder)
    assert table_texts(shown)[0] == "repeated the questionnaire"


def test_ctrl_c_copies_selected_rows_as_tsv_with_header(qtbot: QtBot, shown: MainWindow) -> None:
    table = shown.flags_table
    table.setFocus()
    selection = table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.clearSelection()
    selection.select(table.model().index(0, 0), flags)
    selection.select(table.model().index(1, 0), flags)
    QApplication.clipboard().clear()
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QApplication.clipboard().text()
    assert text.splitlines() == [
        "Page\tKind\tColour\tSource\tText\tComment",
        "1\tHighlight\tYellow\t\tquick brown fox\tCite Smith 2020",
        "1\tUnderline\tRed\t\tlazy dog\t",
    ]


def test_selected_row_shows_its_page_with_an_image(qtbot: QtBot, shown: MainWindow) -> None:
    table = shown.flags_table
    table.selectRow(3)
    preview = shown.preview
    qtbot.waitUntil(preview.has_image, timeout=20_000)
    assert (
        preview.grab().toImage().pixelColor(preview.width() // 2, preview.height() // 2).isValid()
    )
    # The keyboard zooms around the passage and back to the whole page.
    preview.setFocus()
    QTest.keyClick(preview, Qt.Key.Key_Plus)
    QTest.keyClick(preview, Qt.Key.Key_Plus)
    assert preview.zoom == 2.0
    QTest.keyClick(preview, Qt.Key.Key_0)
    assert preview.zoom == 1.0
    # Page 2 is now cached: coming back to it needs no second render.
    table.selectRow(0)
    qtbot.waitUntil(preview.has_image, timeout=20_000)
    cached = len(preview.cache)
    table.selectRow(3)
    assert preview.has_image(), (
        preview.message(),
        preview._key,
        list(preview.cache.pages()),
        table.selectionModel().currentIndex().row(),
    )
    assert len(preview.cache) == cached == 2


def test_preview_of_a_deleted_file_says_so(qtbot: QtBot, shown: MainWindow) -> None:
    job = shown.workspace.shown_job()
    assert job is not None
    path = job.path
    path.unlink()
    shown.flags_table.selectRow(1)
    assert not shown.preview.has_image()
    assert "no longer there" in shown.preview.message()
