"""The window from 1024 x 640 to 2560 x 1440: filters and count usable, the Text column in view
without scrolling, the page readable at fit-width, extra width shared with the page; a matched
report's Sources and Review beside the page without squeezing it or themselves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from docflags_gui.review.statuses import Status
from docflags_gui.ui.flags_cells import Column
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.side_tabs import REVIEW_TAB, SOURCES_TAB
from docflags_gui.ui.status_words import status_words
from tests.pdfbuilder.report import build_vector_report
from tests.ui.conftest import drop_paths, wait_all_final
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


def test_the_window_opens_no_larger_than_its_screen(
    make_window: Callable[..., MainWindow],
) -> None:
    """The default size (1280x800) shrinks to a smaller screen (offscreen Qt's is 800x800)."""
    window = make_window(sized=False)
    available = window.screen().availableGeometry()
    assert window.width() <= available.width() and window.height() <= available.height()


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


def _show_matched_report(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    """A report with a sources list, matched with a manuscript that holds its passages (real
    workers, a real drop), first passage selected so the manuscript pane shows too."""
    report = tmp_path / "report.pdf"
    truth = build_vector_report(report)
    manuscript = tmp_path / "thesis.txt"
    manuscript.write_text(
        "\n\n".join(f"Paragraph {n} notes that {flag.text}." for n, flag in enumerate(truth.flags)),
        encoding="utf-8",
    )
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    drop_paths(window, [report, manuscript])
    qtbot.waitUntil(lambda: any(i.kind == "match" for i in window.manager.jobs()), timeout=90_000)
    wait_all_final(qtbot, window)
    qtbot.waitUntil(lambda: window.flags_table.model().columnCount() == Column.STATUS + 1)
    window.flags_table.selectRow(0)
    qtbot.waitUntil(lambda: window.workspace.manuscript_box.isVisible())


@pytest.mark.parametrize("size", [(1024, 640), (1400, 900), (2560, 1440)])
def test_a_matched_report_keeps_review_sources_status_and_page_in_view(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, size: tuple[int, int]
) -> None:
    _show_matched_report(window, qtbot, tmp_path)
    _resize(window, qtbot, *size)
    qtbot.wait(50)  # the page column is shared once the window has its new height
    QApplication.processEvents()
    workspace = window.workspace
    tabs = workspace.side_tabs
    assert tabs.isTabVisible(SOURCES_TAB) and tabs.isTabVisible(REVIEW_TAB)
    assert tabs.currentIndex() == REVIEW_TAB
    review = workspace.review_panel
    progress = review.progress_label
    assert progress.height() >= progress.heightForWidth(progress.width()), "progress clipped"
    viewport = workspace.review_box.viewport()
    assert progress.mapTo(viewport, progress.rect().bottomLeft()).y() <= viewport.height()
    rows = review.sources.sizeHintForRow(0)
    assert review.sources.count() >= 3 and review.sources.viewport().height() >= 3 * rows
    table = window.flags_table
    assert not table.horizontalScrollBar().isVisible()
    status_right = table.columnViewportPosition(Column.STATUS) + table.columnWidth(Column.STATUS)
    assert status_right <= table.viewport().width(), "the Status column is behind a scroll bar"
    widest_status = max(table.fontMetrics().horizontalAdvance(status_words(s)) for s in Status)
    assert table.columnWidth(Column.STATUS) >= widest_status + 8, "a status would be cut short"
    assert table.columnWidth(Column.TEXT) >= 160
    tabs_px, page_px, manuscript_px = workspace.side_splitter.sizes()
    assert window.preview.width() >= READABLE_PREVIEW_PX
    assert page_px >= 0.38 * (tabs_px + page_px + manuscript_px), "the page is squeezed"
    manuscript = workspace.manuscript_pane
    assert manuscript.height() >= 60
