"""The History in the main window: a dock with the History view (View > History, Ctrl+H), the
bar shown over a stored result with "Re-analyse", and, when a dropped file's content was analysed
before by this engine version, its stored result shown at once.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QToolBar,
    QToolButton,
    QWidget,
)

from docflags_gui.result import ResultDocument
from docflags_gui.store.errors import HISTORY_ERRORS, describe_history_error
from docflags_gui.store.history import HistoryStore
from docflags_gui.store.records import JobRecord
from docflags_gui.ui.history_model import (
    format_date,
)
from docflags_gui.ui.i18n import plural, translate

if TYPE_CHECKING:
    from docflags_gui.ui.history_recorder import HistoryRecorder
    from docflags_gui.ui.main_window import MainWindow

from docflags_gui.ui.history_view import HistoryView

log = logging.getLogger(__name__)


class StoredResultBar(QToolBar):
    """Shown above the window while a result from the history is displayed: what it is, and
    the translate("HistoryView", "Re-analyse") action that runs the file again."""

    reanalyse = Signal(object)  # Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("HistoryView", "Stored result"), parent)
        self.setObjectName("storedResultBar")
        self.setMovable(False)
        self.label = QLabel(self)
        self.label.setObjectName("storedResultLabel")
        self.label.setContentsMargins(6, 0, 12, 0)
        self.addWidget(self.label)
        self.reanalyse_action = self.addAction(translate("HistoryView", "Re-analyse"))
        self.reanalyse_action.setObjectName("reanalyseAction")
        self.reanalyse_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.reanalyse_action.setToolTip(
            translate("HistoryView", "Analyse this file again (Ctrl+Shift+R)")
        )
        self.reanalyse_action.triggered.connect(self._on_reanalyse)
        button = self.widgetForAction(self.reanalyse_action)
        if isinstance(button, QToolButton):
            button.setAutoRaise(False)  # looks like the button it is, not like the label
        self.addSeparator()
        dismiss = self.addAction(translate("HistoryView", "Dismiss"))
        dismiss.setToolTip(translate("HistoryView", "Hide this bar; the stored result stays shown"))
        dismiss.triggered.connect(lambda _checked=False: self.setVisible(False))
        self.setStyleSheet("QToolBar#storedResultBar { background: palette(alternate-base); }")
        self._path: Path | None = None
        self.setVisible(False)

    def show_for(self, record_path: Path, text: str) -> None:
        self._path = record_path
        self.label.setText(text)
        self.reanalyse_action.setEnabled(record_path.is_file())
        self.setVisible(True)

    def _on_reanalyse(self) -> None:
        if self._path is not None:
            path = self._path
            self.setVisible(False)
            self.reanalyse.emit(path)


class HistoryPanel(QObject):
    """Puts the History view into the main window and shows stored results there."""

    def __init__(
        self, window: MainWindow, store: HistoryStore, recorder: HistoryRecorder | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.view = HistoryView(store)
        self.dock = QDockWidget(translate("HistoryView", "History"), window)
        self.dock.setObjectName("historyDock")
        self.dock.setWidget(self.view)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        toggle = self.dock.toggleViewAction()
        toggle.setText(translate("HistoryView", "&History"))
        toggle.setShortcut(QKeySequence("Ctrl+H"))
        window.view_menu.addAction(toggle)
        self.bar = StoredResultBar(window)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)

        self.view.open_requested.connect(self.open_record)
        self.view.reanalyse_requested.connect(self.reanalyse)
        self.view.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
        self.bar.reanalyse.connect(self.reanalyse)
        window.job_list.current_job_changed.connect(self._on_job_chosen)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(500)
        self._refresh_timer.timeout.connect(self._refresh_if_visible)
        self.dock.visibilityChanged.connect(self._on_dock_visibility)
        if recorder is not None:  # coalesced: a batch of jobs refreshes the list once
            recorder.changed.connect(lambda _id: self._refresh_timer.start())

    def show_history(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.view.refresh()
        self.view.search_box.setFocus()

    def _on_dock_visibility(self, visible: bool) -> None:
        if visible:
            self.view.refresh()

    def _refresh_if_visible(self) -> None:
        if self.dock.isVisible():
            self.view.refresh()

    def _on_job_chosen(self, job_id: object) -> None:
        if job_id:  # a live job replaces the stored result in the workspace
            self.bar.setVisible(False)

    # -- stored results --------------------------------------------------------------------------
    def open_record(self, record: JobRecord) -> bool:
        try:
            result = self.store.get_result(record.id)
        except HISTORY_ERRORS as exc:
            self.window.show_notice(
                translate("HistoryView", "Cannot open {name}: {why}").format(
                    name=record.file, why=describe_history_error(exc)
                )
            )
            return False
        if result is None:
            return False
        self._show(
            Path(record.path),
            result,
            translate("HistoryView", "From history: {name}, analysed {date}.").format(
                name=record.file, date=format_date(record.finished or record.created)
            ),
        )
        return True

    def show_stored_results(self, pdfs: list[Path]) -> list[Path]:
        """Files about to be queued: those whose content this engine version analysed before
        are not queued again; the first one's stored result is shown at once with Re-analyse,
        the others are selected in the History view. Returns the files handled so."""
        try:
            known = self.store.analysed_files(pdfs)
            first = self.store.find_result(known[0][1]) if known else None
        except HISTORY_ERRORS as exc:  # the history cannot help: analyse the files
            log.warning("history lookup failed: %s", exc)
            return []
        if first is None:
            return []
        path = known[0][0]
        text = translate(
            "HistoryView", "{name} was analysed before ({date}); this is the stored result."
        ).format(name=path.name, date=format_date(first.finished))
        if len(known) > 1:
            text += " " + plural(
                len(known) - 1,
                translate("HistoryView", "{n} more file was analysed before: see History."),
                translate("HistoryView", "{n} more files were analysed before: see History."),
            )
            self.show_history()
            self.view.search_box.clear()
            self.view.refresh()
            self.view.select_jobs(job_id for _path, _sha, job_id in known)
        self._show(path, first.result, text)
        return [p for p, _sha, _job_id in known]

    def _show(self, path: Path, result: ResultDocument, text: str) -> None:
        self.window.workspace.show_stored_result(path, result)
        self.window.stack.setCurrentWidget(self.window.workspace)
        self.bar.show_for(path, text)

    def reanalyse(self, path: Path) -> None:
        self.bar.setVisible(False)
        job_id = self.window.manager.submit(path)
        self.window.job_list.select_job(job_id)
        self.window.statusBar().showMessage(
            translate("HistoryView", "Re-analysing {name}.").format(name=path.name), 4000
        )


def install_history(
    window: MainWindow,
    recorder: HistoryRecorder | None,
    error: str | None = None,
    *,
    show_past: bool = True,
) -> HistoryPanel | None:
    """Give the window its History view and stored-result hook (or say why there is none).

    `show_past`: the window opens with nothing to do (no files given), so a non-empty history
    is shown at once, and the empty state says how many analyses it keeps."""
    if recorder is None:
        unavailable = window.view_menu.addAction(translate("HistoryView", "&History (unavailable)"))
        unavailable.setEnabled(False)
        if error:
            window.show_notice(error)
        return None
    panel = HistoryPanel(window, recorder.store, recorder)
    window.show_stored_results = panel.show_stored_results
    window.history_view = panel.view
    recorder.failed.connect(window.show_notice)
    interrupted = recorder.interrupted_at_start
    window.empty_state.history_requested.connect(panel.show_history)
    try:
        stored = recorder.store.count_jobs()
    except HISTORY_ERRORS as exc:
        log.warning("cannot count the history: %s", exc)
        stored = 0
    window.empty_state.show_stored_count(stored, len(interrupted))
    if stored and show_past and not interrupted:
        panel.dock.show()  # past work in sight at once, not behind View > History
    if interrupted:
        # The last session stopped mid-work: show what it left, ready to be re-analysed.
        panel.show_history()
        panel.view.select_jobs(interrupted)
        count = len(interrupted)
        window.show_notice(
            plural(
                count,
                translate(
                    "HistoryView",
                    "{n} analysis was interrupted when docflags last stopped; selected in "
                    "History: Re-analyse to run it again.",
                ),
                translate(
                    "HistoryView",
                    "{n} analyses were interrupted when docflags last stopped; selected in "
                    "History: Re-analyse to run them again.",
                ),
            )
        )
    return panel
