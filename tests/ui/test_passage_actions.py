"""A passage's right-click menu and double-click, the title, the tab order, and the sources
list kept in step with the source filter."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from docflags_gui.ui.main_window import MainWindow
from tests.ui.test_panels import REPORT


def _show_report(window: MainWindow, tmp_path: Path) -> Path:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7 stand-in")
    window.workspace.show_stored_result(pdf, REPORT)
    return pdf


def test_a_passage_menu_opens_copies_and_filters_by_its_source(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    pdf = _show_report(window, tmp_path)
    assert window.windowTitle() == "report.pdf — docflags"
    actions = window.workspace.passage_actions
    opened: list[str] = []
    actions.open_url = lambda url: opened.append(url.toLocalFile())
    table = window.flags_table
    index = table.model().index(1, 0)
    menu = actions.menu_for(index)
    texts = [a.text() for a in menu.actions()]
    assert texts == ["Open the PDF (page 1)", "Copy Selected Rows", "Show Only Source 2"]
    menu.actions()[0].trigger()
    assert opened == [str(pdf)]
    menu.actions()[2].trigger()
    assert window.flags_panel.proxy.source_filter == 2
    assert table.model().rowCount() == 1
    # The sources list shows the same choice, however the filter was set.
    (chosen,) = window.sources_panel.tree.selectedItems()
    assert chosen.text(0) == "2"
    window.flags_panel.set_source_filter(None)
    assert window.sources_panel.tree.selectedItems() == []
    # A double-click opens the PDF too.
    table.doubleClicked.emit(table.model().index(0, 4))
    assert opened == [str(pdf), str(pdf)]


def test_tab_goes_from_the_filter_through_the_table_to_the_page(window: MainWindow) -> None:
    panel = window.flags_panel
    chain = [
        panel.search_box,
        panel.kind_combo,
        panel.color_combo,
        panel.source_combo,
        window.flags_table,
    ]
    for first, second in pairwise(chain):
        assert first.nextInFocusChain() is second or _reaches(first, second)


def _reaches(first: QWidget, second: QWidget) -> bool:
    """`second` follows `first` in the focus chain, past any focus-less helpers."""
    widget = first.nextInFocusChain()
    for _ in range(6):
        if widget is second:
            return True
        if widget is None or widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            return False
        widget = widget.nextInFocusChain()
    return False


def test_every_control_has_a_name_for_screen_readers(window: MainWindow) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QHeaderView,
        QLineEdit,
    )

    window.resize(1280, 800)
    window.show()
    window.stack.setCurrentWidget(window.workspace)
    nameless = [
        f"{type(w).__name__} {w.objectName()!r}"
        for kind in (QLineEdit, QComboBox, QAbstractItemView)
        for w in window.findChildren(kind)
        if w.isVisibleTo(window)
        and not w.accessibleName()
        and not isinstance(w, QHeaderView)  # named by its view
    ]
    nameless += [
        f"{type(b).__name__} {b.objectName()!r}"
        for b in window.findChildren(QAbstractButton)
        if b.isVisibleTo(window) and not (b.text() or b.accessibleName() or b.toolTip())
    ]
    assert not nameless, nameless
