"""What the window shows before the first job: what to do, a button that does it, and how
much past work the history holds (so a restart never looks like lost work)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from docflags_gui.ui.i18n import plural, translate
from docflags_gui.ui.icons import app_icon


def empty_state_text() -> str:
    return translate("EmptyState", "Drop PDFs here, or press Ctrl+O")


class EmptyState(QWidget):
    open_requested = Signal()
    history_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel(empty_state_text(), self)
        self.label.setObjectName("emptyStateText")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.label.setFont(font)
        hint = QLabel(
            translate(
                "EmptyState",
                "Similarity reports and reviewed drafts become a table of their flagged "
                "passages.\nFolders are searched for PDFs.",
            ),
            self,
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        hint.setEnabled(False)
        open_button = QPushButton(translate("EmptyState", "Open PDFs…"), self)
        open_button.setObjectName("emptyOpenButton")
        open_button.clicked.connect(self.open_requested)
        self.stored_label = QLabel(self)
        self.stored_label.setObjectName("emptyStoredCount")
        self.stored_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stored_label.setWordWrap(True)
        self.history_button = QPushButton(translate("EmptyState", "Show &History"), self)
        self.history_button.setObjectName("emptyHistoryButton")
        self.history_button.clicked.connect(self.history_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(icon)
        layout.addWidget(self.label)
        layout.addWidget(hint)
        layout.addSpacing(12)
        layout.addWidget(open_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(18)
        layout.addWidget(self.stored_label)
        layout.addWidget(self.history_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(3)
        self.show_stored_count(0)

    def show_hint(self, text: str | None) -> None:
        """A drag's hint ("Release to analyse …"), or None for the usual text."""
        self.label.setText(text or empty_state_text())

    def show_stored_count(self, count: int, interrupted: int = 0) -> None:
        """Past analyses kept in the history (0 hides the line and its button)."""
        text = plural(
            count,
            translate("EmptyState", "{n} analysis is stored in the history."),
            translate("EmptyState", "{n} analyses are stored in the history."),
        )
        if interrupted:
            text += " " + plural(
                interrupted,
                translate("EmptyState", "{n} was stopped when docflags last closed."),
                translate("EmptyState", "{n} were stopped when docflags last closed."),
            )
        self.stored_label.setText(text)
        self.stored_label.setVisible(count > 0)
        self.history_button.setVisible(count > 0)
