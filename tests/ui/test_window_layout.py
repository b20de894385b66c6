"""The window from 1024 x 640 to 2560 x 1440: filters and count usable, the Text column in view
without scrolling, the page readable at fit-width, extra width shared with the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from docflags_gui.ui.flags_model import Column
from docflags_gui.ui.main_window import MainWindow
from tests.ui.conftest import wait_all_final
from tests.ui.pdfs import Mark, make_pdf

# A Letter page's text column (72 pt margins) at fit-width in a pane this wide reads at
# ~9 px per 10 pt of text or more.
READABLE_PREVIEW_PX = 400


def _show_result(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "layout.pdf",
        [Mark("quick brown fox", comment="Cite Smith 2020"), Mark("lazy dog", "underline")],
    )
    window.open_paths([pdf])
    wait_all_final(qtbot, window)
    qtbot.waitUntil(lambda: window.flags_table.model().rowCount() == 2)


def _resize(window: MainWindow, qtbot: QtBot, width: int, height: int) -> None:
    window.resize(width, height)
    window.show()
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height)
    QApplication.processEvents()


@pytest.mark.parametrize("size", [(1024, 640), (1400, 900)])
def test_small_windows_keep_filters_text_and_a_readable_page(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, size: tuple[int, int]
) -> None:
    _show_result(window, qtbot, tmp_path)
    _resize(window, qtbot, *size)
    panel = window.flags_panel
    assert panel.search_box.width() >= 150, "the filter box is too narrow to type in"
    count = panel.count_label
    assert count.width() >= count.fontMetrics().horizontalAdvance(count.text())
    table = window.flags_table
    text_right = table.columnViewportPosition(Column.TEXT) + 100
    assert table.columnWidth(Column.TEXT) >= 160
    assert text_right <= table.viewport().width(), "the Text column is behind a scroll bar"
    assert not table.horizontalScrollBar().isVisible()
    assert window.preview.width() >= READABLE_PREVIEW_PX
    assert window.preview.zoom == 1.0  # fit-width


def test_a_big_screen_gives_its_extra_width_to_the_page_too(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _show_result(window, qtbot, tmp_path)
    _resize(window, qtbot, 1280, 800)
    preview_before, table_before = window.preview.width(), window.flags_table.width()
    _resize(window, qtbot, 2560, 1440)
    grown_preview = window.preview.width() - preview_before
    grown_table = window.flags_table.width() - table_before
    assert grown_preview >= 500, "the page preview did not grow with the window"
    assert grown_preview >= 0.6 * grown_table  # shared, not all to the table
