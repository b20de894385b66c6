"""A job's worker log, shown in the app (no file handler needed), with a way out to an editor."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from docflags_gui.ui.i18n import translate

# A runaway log must not freeze the window: its end is what explains a failure.
MAX_SHOWN_BYTES = 512 * 1024


def read_log_tail(path: Path, limit: int = MAX_SHOWN_BYTES) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - limit))
            data = handle.read()
    except OSError as exc:
        return translate("LogDialog", "The log could not be read: {why}").format(
            why=exc.strerror or exc
        )
    text = data.decode("utf-8", errors="replace")
    if size > limit:
        left_out = translate("LogDialog", "[… the first {n} bytes are left out …]").format(
            n=size - limit
        )
        text = left_out + "\n" + text.split("\n", 1)[-1]
    return text or translate("LogDialog", "The worker wrote nothing to its log.")


class LogDialog(QDialog):
    def __init__(self, title: str, log_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logDialog")
        self.setWindowTitle(translate("LogDialog", "Log of {name}").format(name=title))
        self.resize(760, 480)
        self.log_path = log_path
        where = QLabel(str(log_path), self)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("logText")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(read_log_tail(log_path))
        self.text.moveCursor(self.text.textCursor().MoveOperation.End)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        open_button = QPushButton(translate("LogDialog", "Open in Editor"), self)
        copy_button = QPushButton(translate("LogDialog", "Copy Path"), self)
        buttons.addButton(open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        open_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_path)))
        )
        copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(str(log_path)))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
