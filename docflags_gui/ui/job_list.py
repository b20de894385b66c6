"""The job list (`jobList`): a QListView over JobListModel, painted by JobDelegate.

Selecting a job emits `current_job_changed(job_id | None)` (the workspace shows the current
job again itself when it ends); every button, key and menu command goes to the manager.
Elapsed times tick once a second while anything runs (running rows only are repainted).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QHelpEvent, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListView, QMessageBox, QToolTip, QWidget

from docflags_gui.jobs import JobManager, JobState
from docflags_gui.ui.i18n import plural, translate
from docflags_gui.ui.job_delegate import JobDelegate
from docflags_gui.ui.job_list_model import INFO_ROLE, JOB_ID_ROLE, JobListModel
from docflags_gui.ui.job_words import outcome_words
from docflags_gui.ui.log_dialog import LogDialog


class JobList(QListView):
    current_job_changed = Signal(object)
    log_dialog_opened = Signal(object)  # the LogDialog just shown

    def __init__(self, manager: JobManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobList")
        self.setAccessibleName(translate("JobList", "Jobs"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rows follow the list's width
        # All rows are as high (see JobDelegate): thousands lay out without asking each one.
        self.setUniformItemSizes(True)
        self.setMouseTracking(True)
        self.manager = manager
        # Asked before Delete cancels running or waiting jobs; tests replace it.
        self.confirm_cancel: Callable[[int], bool] = self._confirm_cancel
        self.jobs_model = JobListModel(manager, self)
        self.setModel(self.jobs_model)
        self.delegate = JobDelegate(self)
        self.setItemDelegate(self.delegate)
        self.delegate.action_clicked.connect(self._on_action)
        self._soften_selection()
        self.selectionModel().currentChanged.connect(self._on_current)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self.jobs_model.refresh_running)
        self._ticker.start()

    def _soften_selection(self) -> None:
        """A light selection tint: job rows carry coloured state and error text of their own,
        which the full-strength highlight colour would drown."""
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        accent = palette.color(QPalette.ColorRole.Highlight)
        tint = QColor(
            (base.red() * 3 + accent.red()) // 4,
            (base.green() * 3 + accent.green()) // 4,
            (base.blue() * 3 + accent.blue()) // 4,
        )
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, tint)
            palette.setColor(
                group, QPalette.ColorRole.HighlightedText, palette.color(QPalette.ColorRole.Text)
            )
        self.setPalette(palette)

    # -- lookups -------------------------------------------------------------------------------
    def count(self) -> int:
        return self.jobs_model.rowCount()

    def job_ids(self) -> list[str]:
        return self.jobs_model.job_ids()

    def index_of(self, job_id: str) -> QModelIndex:
        row = self.jobs_model.row_of(job_id)
        return self.jobs_model.index(row) if row is not None else QModelIndex()

    def current_job_id(self) -> str | None:
        index = self.currentIndex()
        return str(index.data(JOB_ID_ROLE)) if index.isValid() else None

    def selected_job_ids(self) -> list[str]:
        # From the selection's ranges: one for a Select All, not an index object per row.
        selection = self.selectionModel().selection()
        parts = (selection.at(n) for n in range(selection.count()))
        rows = sorted({row for part in parts for row in range(part.top(), part.bottom() + 1)})
        ids = self.jobs_model.job_ids()
        return [ids[row] for row in rows]

    def select_job(self, job_id: str) -> None:
        """Make this job the current and only selected one (re-analyse, retry, first result):
        a command that follows (export, cancel, delete) must act on what the user sees."""
        index = self.index_of(job_id)
        if index.isValid():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            self.selectionModel().setCurrentIndex(index, flags)

    def clear_current(self) -> None:
        """No job is current (choosing any job afterwards shows it again)."""
        self.selectionModel().clearCurrentIndex()
        self.selectionModel().clearSelection()

    def button_rect(self, job_id: str, action: str) -> QRect | None:
        """Where the row of `job_id` shows its `action` button, in viewport coordinates, or
        None when it has no such button (for tests and accessibility tools)."""
        index = self.index_of(job_id)
        if not index.isValid():
            return None
        info = index.data(INFO_ROLE)
        return self.delegate.layout(self.visualRect(index), info, self).buttons.get(action)

    # -- actions on the current / selected jobs ------------------------------------------------
    def cancel_selected(self) -> None:
        self.manager.cancel_many(self._targets())

    def retry_selected(self) -> None:
        for job_id in self._targets():
            if self.manager.job(job_id).state.is_final:
                self.retry(job_id)

    def move_selected_to_front(self) -> None:
        for job_id in reversed(self._targets()):
            if self.manager.job(job_id).state == JobState.QUEUED:
                self.move_to_front(job_id)

    def _targets(self) -> list[str]:
        """The jobs a menu command acts on: the selected ones, else the current one."""
        current = self.current_job_id()
        return self.selected_job_ids() or ([current] if current else [])

    def open_log_of_current(self) -> None:
        job_id = self.current_job_id()
        if job_id:
            self.open_log(job_id)

    def retry(self, job_id: str) -> str:
        """Run the file again; the new job takes the old one's place in the list."""
        row = self.jobs_model.row_of(job_id)
        new_id = self.manager.retry(job_id)
        self.jobs_model.remove_job(job_id)
        self.jobs_model.insert_job(new_id, row if row is not None else self.count())
        self.select_job(new_id)
        return new_id

    def move_to_front(self, job_id: str) -> None:
        self.manager.move_to_front(job_id)  # the model moves the row on job_moved_to_front

    def open_log(self, job_id: str) -> None:
        """Show the worker's log in a dialog (an editor is one click further)."""
        info = self.manager.job(job_id)
        if info.log_path is None:
            return
        dialog = LogDialog(info.path.name, info.log_path, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.log_dialog_opened.emit(dialog)

    def delete_selected(self) -> None:
        """Delete: ended jobs leave the list (their results stay in the history); running or
        waiting ones are cancelled only once the user says so."""
        targets = self._targets()
        live = [j for j in targets if not self.manager.job(j).state.is_final]
        for job_id in targets:
            if job_id not in live:
                self.jobs_model.remove_job(job_id)
                self.manager.forget(job_id)
        if live and self.confirm_cancel(len(live)):
            self.manager.cancel_many(live)

    def _confirm_cancel(self, count: int) -> bool:
        answer = QMessageBox.question(
            self,
            translate("JobList", "Cancel jobs"),
            plural(
                count,
                translate("JobList", "Stop {n} job that has not finished?"),
                translate("JobList", "Stop {n} jobs that have not finished?"),
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def remove_ended(self) -> None:
        """Clear ended jobs from the list (their results stay in the history)."""
        for job_id in self.jobs_model.job_ids():
            if self.manager.job(job_id).state.is_final:
                self.jobs_model.remove_job(job_id)
                self.manager.forget(job_id)

    def _on_action(self, job_id: str, action: str) -> None:
        if action == "cancel":
            self.manager.cancel(job_id)
        elif action == "front":
            self.move_to_front(job_id)
        elif action == "retry":
            self.retry(job_id)
        elif action == "log":
            self.open_log(job_id)

    # -- signals -------------------------------------------------------------------------------
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_job_changed.emit(current.data(JOB_ID_ROLE) if current.isValid() else None)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            info = index.data(INFO_ROLE) if index.isValid() else None
            if info is not None:
                x, y = event.pos().x(), event.pos().y()
                tip = self.delegate.tooltip_for(self.visualRect(index), info, x, y)
                words = outcome_words(info) if info.state.is_final else ""
                whole = f"{info.path}\n\n{words}" if words else str(info.path)
                QToolTip.showText(event.globalPos(), tip or whole, self)
                return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Delete):
            self.delete_selected()
            event.accept()
            return
        super().keyPressEvent(event)
