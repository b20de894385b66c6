"""After an export: "Open" and "Show in Folder" beside the status bar's message, for a while."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from docflags_gui.ui.i18n import translate

SHOWN_MS = 60_000


class ExportDone(QWidget):
    """Two buttons for the file just written; hidden until an export finishes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDone")
        # Opens a URL with the system's handler; tests replace it.
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.path: Path | None = None
        self.open_button = QToolButton(self)
        self.open_button.setObjectName("exportOpen")
        self.open_button.setText(translate("ExportDone", "Open"))
        self.open_button.setToolTip(translate("ExportDone", "Open the exported file"))
        self.folder_button = QToolButton(self)
        self.folder_button.setObjectName("exportShowFolder")
        self.folder_button.setText(translate("ExportDone", "Show in Folder"))
        self.folder_button.setToolTip(
            translate("ExportDone", "Open the folder that holds the exported file")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.open_button)
        layout.addWidget(self.folder_button)
        self.open_button.clicked.connect(self.open_file)
        self.folder_button.clicked.connect(self.show_folder)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHOWN_MS)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def offer(self, path: Path) -> None:
        self.path = path
        self.show()
        self._timer.start()

    def open_file(self) -> None:
        if self.path is not None:
            self.open_url(QUrl.fromLocalFile(str(self.path)))

    def show_folder(self) -> None:
        if self.path is not None:
            self.open_url(QUrl.fromLocalFile(str(self.path.parent)))
