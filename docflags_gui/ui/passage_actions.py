"""What a passage offers on a right-click or a double-click: open its PDF in the system's
viewer, copy the selected rows, show only its source's passages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMenu

from docflags_gui.ui.flags_cells import FLAG_ROLE
from docflags_gui.ui.flags_panel import FlagsPanel
from docflags_gui.ui.i18n import translate


class PassageActions(QObject):
    """`pdf_path()` says which PDF the shown passages come from (None: not known)."""

    def __init__(self, panel: FlagsPanel, pdf_path: Callable[[], Path | None]) -> None:
        super().__init__(panel)
        self.panel = panel
        self.pdf_path = pdf_path
        # Opens a URL in the system's viewer; tests replace it.
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        table = panel.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._show_menu)
        table.doubleClicked.connect(lambda index: self.open_pdf(index.data(FLAG_ROLE)))

    def menu_for(self, index: QModelIndex) -> QMenu:
        """The menu a right-click on `index` shows (built fresh: it names page and source)."""
        flag: dict[str, Any] | None = index.data(FLAG_ROLE) if index.isValid() else None
        menu = QMenu(self.panel.table)
        menu.setObjectName("passageMenu")
        if flag is not None:
            open_action = menu.addAction(
                translate("PassageActions", "Open the PDF (page {n})").format(
                    n=flag.get("page") or 1
                )
            )
            open_action.setEnabled(self.pdf_path() is not None)
            open_action.triggered.connect(lambda _checked=False: self.open_pdf(flag))
        copy_action = menu.addAction(translate("PassageActions", "Copy Selected Rows"))
        copy_action.triggered.connect(lambda _checked=False: self.panel.table.copy_selection())
        source = flag.get("source") if flag is not None else None
        if source is not None:
            only = menu.addAction(
                translate("PassageActions", "Show Only Source {n}").format(n=source)
            )
            only.triggered.connect(lambda _checked=False: self.panel.set_source_filter(source))
        if self.panel.proxy.is_filtering():
            menu.addSeparator()
            clear = menu.addAction(translate("PassageActions", "Show All Passages (Esc)"))
            clear.triggered.connect(lambda _checked=False: self.panel.clear_filters())
        return menu

    def _show_menu(self, position: QPoint) -> None:
        table = self.panel.table
        menu = self.menu_for(table.indexAt(position))
        menu.exec(table.viewport().mapToGlobal(position))
        menu.deleteLater()

    def open_pdf(self, flag: dict[str, Any] | None) -> None:
        """The PDF in the system's viewer. A file URL cannot carry the page for every viewer,
        so the page stays where the menu says it, and in the preview."""
        path = self.pdf_path()
        if flag is None or path is None:
            return
        self.open_url(QUrl.fromLocalFile(str(path)))
