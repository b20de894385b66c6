"""What the window shows before the first job: what to do, and a button that does it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from docflags_gui.ui.icons import app_icon

EMPTY_STATE_TEXT = "Drop PDFs here, or press Ctrl+O"


class EmptyState(QWidget):
    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel(EMPTY_STATE_TEXT, self)
        self.label.setObjectName("emptyStateText")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.label.setFont(font)
        hint = QLabel(
            "Similarity reports and reviewed drafts become a table of their flagged passages.\n"
            "Folders are searched for PDFs.",
            self,
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setEnabled(False)
        open_button = QPushButton("Open PDFs…", self)
        open_button.setObjectName("emptyOpenButton")
        open_button.clicked.connect(self.open_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(icon)
        layout.addWidget(self.label)
        layout.addWidget(hint)
        layout.addSpacing(12)
        layout.addWidget(open_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(3)

    def show_hint(self, text: str | None) -> None:
        """A drag's hint ("Release to analyse …"), or None for the usual text."""
        self.label.setText(text or EMPTY_STATE_TEXT)
