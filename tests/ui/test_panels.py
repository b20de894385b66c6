"""Sources panel, settings, remembered layout and the preview's rotation handling."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from docflags_gui import paths
from docflags_gui.jobs import JobState
from docflags_gui.result import ResultDocument
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.page_render import render_page
from docflags_gui.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import table_texts, wait_all_final
from tests.ui.pdfs import Mark, make_pdf

REPORT: ResultDocument = {
    "schema": "docflags/1",
    "file": "report.pdf",
    "sha256": "0" * 64,
    "pages": 3,
    "similarity": 43,
    "sources": [
        {
            "n": 1,
            "name": "repository.example.ac.id",
            "type": "Internet Source",
            "percent": 21,
            "label": "21%",
        },
        {
            "n": 2,
            "name": "Submitted to Example University",
            "type": "Student Paper",
            "percent": 0,
            "label": "<1%",
        },
    ],
    "flags": [
        {
            "id": 1,
            "page": 1,
            "kind": "drawn",
            "color": "#ff0000",
            "text": "first source passage",
            "source": 1,
            "comment": None,
            "rect": [72, 90, 300, 104],
            "ocr": False,
        },
        {
            "id": 2,
            "page": 1,
            "kind": "drawn",
            "color": "#e80cd7",
            "text": "second source text",
            "source": 2,
            "comment": None,
            "rect": [72, 114, 300, 128],
            "ocr": False,
        },
        {
            "id": 3,
            "page": 2,
            "kind": "drawn",
            "color": "#ff0000",
            "text": "again the first",
            "source": 1,
            "comment": None,
            "rect": [72, 90, 300, 104],
            "ocr": True,
        },
    ],
    "warnings": [],
}


def test_sources_panel_shows_the_index_and_clicking_a_source_filters(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.flags_panel.set_result(REPORT)
    window.sources_panel.set_result(REPORT)
    window.stack.setCurrentWidget(window.workspace)
    window.workspace.side_tabs.show_pages(sources=True, review=False)
    window.show()
    qtbot.waitExposed(window)
    panel = window.sources_panel
    assert panel.similarity_label.text() == "Similarity index <b>43%</b>"
    tree = panel.tree
    assert tree.topLevelItemCount() == 2
    first, second = tree.topLevelItem(0), tree.topLevelItem(1)
    assert first is not None and second is not None
    assert [second.text(c) for c in range(4)] == [
        "2",
        "Submitted to Example University",
        "Student Paper",
        "<1%",
    ]
    rect = tree.visualItemRect(first)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table_texts(window) == ["first source passage", "again the first"]
    assert window.flags_panel.source_combo.currentText() == "Source 1"
    QTest.mouseClick(panel.show_all_button, Qt.MouseButton.LeftButton)
    assert len(table_texts(window)) == 3


def test_settings_dialog_saves_and_the_next_start_uses_them(
    qtbot: QtBot, make_window: Callable[..., MainWindow], window: MainWindow
) -> None:
    def edit_and_accept() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        assert dialog.soft_limit.value() == 540 and dialog.hard_limit.value() == 600
        assert dialog.retries.value() == 1 and dialog.ocr.isChecked()
        dialog.concurrency.setValue(3)
        dialog.soft_limit.setValue(100)
        dialog.hard_limit.setValue(50)  # shorter than the soft limit: refused with a reason
        dialog.accept()
        assert dialog.isVisible() and "before asking to stop" in dialog.problem.text()
        dialog.hard_limit.setValue(120)
        dialog.retries.setValue(2)
        dialog.ocr.setChecked(False)
        dialog.languages.setText("eng")
        dialog.accept()

    QTimer.singleShot(0, edit_and_accept)
    window.open_settings()
    settings = window.manager.settings
    assert (settings.concurrency, settings.soft_limit_s, settings.hard_limit_s) == (3, 100, 120)
    assert (settings.retries, settings.ocr, settings.ocr_languages) == (2, False, "eng")
    assert "concurrency=3" in paths.settings_path().read_text()

    again = make_window()
    assert again.manager.settings == settings


def test_window_geometry_and_splitters_are_remembered(
    qtbot: QtBot, make_window: Callable[..., MainWindow], window: MainWindow
) -> None:
    window.resize(700, 500)  # the offscreen screen is 800 x 600
    window.workspace.main_splitter.setSizes([200, 500, 300])
    sizes = window.workspace.main_splitter.sizes()
    window.close()
    again = make_window()
    assert again.size().width() == 700 and again.size().height() == 500
    assert again.workspace.main_splitter.sizes() == sizes


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_preview_maps_the_passage_onto_rotated_pages(tmp_path: Path, rotation: int) -> None:
    pdf = make_pdf(tmp_path / f"rot{rotation}.pdf", [Mark("lazy dog")], rotation=rotation)
    with pymupdf.open(pdf) as document:
        page = document[0]
        words = page.search_for("lazy dog")  # rotated-page coordinates
        unrotated = words[0] * page.derotation_matrix
    rendered = render_page(pdf, 1)
    mark = rendered.map_rect(tuple(unrotated))
    expected = words[0] * rendered.scale
    assert abs(mark.x() - expected.x0) < 1.5 and abs(mark.y() - expected.y0) < 1.5
    assert abs(mark.right() - expected.x1) < 1.5 and abs(mark.bottom() - expected.y1) < 1.5
    long_side = max(rendered.image.width(), rendered.image.height())
    assert abs(long_side - 1500) <= 1


def test_rotated_page_preview_in_the_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    pdf = make_pdf(tmp_path / "turned.pdf", [Mark("quick brown fox")], rotation=90)
    (job_id,) = window.open_paths([pdf])
    wait_all_final(qtbot, window)
    assert window.manager.job(job_id).state == JobState.SUCCESS
    window.job_list.select_job(job_id)
    qtbot.waitUntil(window.preview.has_image, timeout=20_000)
    key = window.preview._key
    assert key is not None
    (render,) = window.preview.cache.renders_of(key)
    assert render.image.width() > render.image.height()  # landscape now


def test_zoom_renders_the_visible_region_sharper(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    pdf = make_pdf(tmp_path / "zoom.pdf", [Mark("seven measurements")])
    window.show()
    qtbot.waitExposed(window)
    window.open_paths([pdf])
    wait_all_final(qtbot, window)
    preview = window.preview
    qtbot.waitUntil(preview.has_image, timeout=20_000)
    preview.wait_for_renders()
    qtbot.wait(50)  # deliver the last render's signal
    key = preview._key
    assert key is not None
    fitted = max(preview.cache.renders_of(key), key=lambda r: r.scale)
    assert fitted.clip == (0.0, 0.0, *fitted.page_size)
    with qtbot.waitSignal(preview.page_shown, timeout=20_000):
        preview.set_zoom(3.0)
    key = preview._key
    assert key is not None
    zoomed = max(preview.cache.renders_of(key), key=lambda r: r.scale)
    assert zoomed.scale > 2.5 * fitted.scale
    width, height = zoomed.page_size
    assert zoomed.clip[2] - zoomed.clip[0] < width and zoomed.clip[3] - zoomed.clip[1] < height
    # The passage is inside what was rendered.
    mark = zoomed.to_page(window.flags_panel.table.selected_flags()[0]["rect"])
    assert zoomed.clip[0] <= mark.left() and mark.right() <= zoomed.clip[2]
