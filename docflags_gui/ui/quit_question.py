"""The question asked when the window closes while jobs run: finish first, quit now, or not."""

from __future__ import annotations

import enum

from PySide6.QtWidgets import QMessageBox, QWidget

from docflags_gui.ui.i18n import translate


class QuitChoice(enum.Enum):
    FINISH_FIRST = "finish"
    QUIT_NOW = "now"
    CANCEL = "cancel"


def ask_quit_choice(parent: QWidget, running: int, waiting: int) -> QuitChoice:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(translate("MainWindow", "Jobs are still running"))
    box.setText(
        translate("MainWindow", "Running: {running}, waiting: {waiting}. Quit docflags?").format(
            running=running, waiting=waiting
        )
    )
    box.setInformativeText(
        translate(
            "MainWindow", "Quitting now stops the running analyses; their files can be retried."
        )
    )
    finish = box.addButton(
        translate("MainWindow", "Finish First"), QMessageBox.ButtonRole.AcceptRole
    )
    now = box.addButton(translate("MainWindow", "Quit Now"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is finish:
        return QuitChoice.FINISH_FIRST
    if clicked is now:
        return QuitChoice.QUIT_NOW
    return QuitChoice.CANCEL
