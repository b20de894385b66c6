"""Tells the user when a batch of jobs ends while the window is in the background."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon

from docflags_gui.jobs import JobManager, JobState
from docflags_gui.ui.i18n import plural, translate


class BatchNotifier(QObject):
    """A batch runs from the first queued job until nothing runs or waits any more."""

    def __init__(self, manager: JobManager, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._busy = False
        self._counts: dict[str, int] = {}
        self._tray: QSystemTrayIcon | None = None
        self.last_message = ""
        manager.queue_changed.connect(self._on_queue_changed)
        manager.job_finished.connect(self._on_finished)
        manager.jobs_finished.connect(self._on_many_finished)

    def _on_finished(self, _job_id: str, state: JobState, summary: object) -> None:
        # A job the user cancelled did not fail: the batch's message counts it apart.
        if state == JobState.SUCCESS:
            key = "ok"
        elif state == JobState.CANCELLED:
            key = "cancelled"
        else:
            key = "problem"
        self._counts[key] = self._counts.get(key, 0) + 1
        result = summary.get("result") if isinstance(summary, dict) else None
        if key == "ok" and isinstance(result, dict) and result.get("warnings"):
            self._counts["warned"] = self._counts.get("warned", 0) + 1

    def _on_many_finished(self, ended: list[tuple[str, JobState, object]]) -> None:
        for job_id, state, summary in ended:
            self._on_finished(job_id, state, summary)

    def _on_queue_changed(self, running: int, waiting: int) -> None:
        if running + waiting > 0:
            self._busy = True
            return
        if not self._busy:
            return
        self._busy = False
        ok, problems = self._counts.get("ok", 0), self._counts.get("problem", 0)
        warned, cancelled = self._counts.get("warned", 0), self._counts.get("cancelled", 0)
        self._counts.clear()
        message = plural(
            ok,
            translate("BatchNotifier", "{n} document analysed"),
            translate("BatchNotifier", "{n} documents analysed"),
        )
        if problems:
            message += plural(
                problems,
                translate("BatchNotifier", ", {n} failed"),
                translate("BatchNotifier", ", {n} failed"),
            )
        if cancelled:
            message += plural(
                cancelled,
                translate("BatchNotifier", ", {n} cancelled"),
                translate("BatchNotifier", ", {n} cancelled"),
            )
        if warned:
            message += plural(
                warned,
                translate("BatchNotifier", ", {n} with warnings"),
                translate("BatchNotifier", ", {n} with warnings"),
            )
        self.last_message = message + "."
        if not self._window.isActiveWindow():
            self.notify(translate("BatchNotifier", "docflags: batch finished"), self.last_message)

    def notify(self, title: str, message: str) -> None:
        if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            if self._tray is None:
                self._tray = QSystemTrayIcon(self._window.windowIcon(), self)
                self._tray.setToolTip("docflags")
                self._tray.activated.connect(self._bring_back)
                self._tray.messageClicked.connect(self._bring_back)
            self._tray.show()
            self._tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 8000)
        # Where there is no tray, the task bar entry asks for attention instead.
        QApplication.alert(self._window)
        self._window.statusBar().showMessage(message, 15000)

    def _bring_back(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
