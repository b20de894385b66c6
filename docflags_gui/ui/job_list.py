"""The job list (`jobList`): one JobWidget per job, kept in step with the JobManager's signals."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QWidget,
)

from docflags_gui.jobs import JobInfo, JobManager, JobState
from docflags_gui.ui.i18n import plural, translate
from docflags_gui.ui.job_widget import JobWidget
from docflags_gui.ui.log_dialog import LogDialog

_JOB_ID_ROLE = 0x0101  # Qt.UserRole + 1


class JobList(QListWidget):
    """Selecting a job emits `current_job_changed(job_id | None)`; every button goes to the
    manager. Elapsed times tick once a second while anything runs."""

    current_job_changed = Signal(object)
    log_dialog_opened = Signal(object)  # the LogDialog just shown

    def __init__(self, manager: JobManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobList")
        self.setAccessibleName(translate("JobList", "Jobs"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setUniformItemSizes(False)
        self.manager = manager
        # Asked before Delete cancels running or waiting jobs; tests replace it.
        self.confirm_cancel: Callable[[int], bool] = self._confirm_cancel
        self._items: dict[str, QListWidgetItem] = {}
        self._soften_selection()
        manager.job_queued.connect(self._on_job_changed)
        manager.job_started.connect(self._on_job_changed)
        manager.job_progress.connect(self._on_progress)
        manager.job_finished.connect(self._on_finished)
        # An automatic retry puts the same job back in the queue with its next attempt.
        manager.job_retrying.connect(self._on_job_changed)
        self.currentItemChanged.connect(self._on_current_item)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        for info in manager.jobs():
            self._on_job_changed(info.job_id)

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
    def job_ids(self) -> list[str]:
        return [self.item(row).data(_JOB_ID_ROLE) for row in range(self.count())]

    def widget_for(self, job_id: str) -> JobWidget | None:
        item = self._items.get(job_id)
        widget = self.itemWidget(item) if item is not None else None
        return widget if isinstance(widget, JobWidget) else None

    def current_job_id(self) -> str | None:
        item = self.currentItem()
        return str(item.data(_JOB_ID_ROLE)) if item is not None else None

    def selected_job_ids(self) -> list[str]:
        return [item.data(_JOB_ID_ROLE) for item in self.selectedItems()]

    def select_job(self, job_id: str) -> None:
        """Make this job the current and only selected one (re-analyse, retry, first result):
        a command that follows (export, cancel, delete) must act on what the user sees."""
        item = self._items.get(job_id)
        if item is not None:
            self._select_only(item)

    def _select_only(self, item: QListWidgetItem) -> None:
        self.setCurrentItem(item, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # -- actions on the current / selected jobs ------------------------------------------------
    def cancel_selected(self) -> None:
        for job_id in self._targets():
            self.manager.cancel(job_id)

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
        row = self.row(self._items[job_id])
        new_id = self.manager.retry(job_id)
        self._remove(job_id)
        new_item = self._ensure_item(self.manager.job(new_id))
        self._move_item(new_item, row)
        self._select_only(new_item)
        return new_id

    def move_to_front(self, job_id: str) -> None:
        self.manager.move_to_front(job_id)
        item = self._items.get(job_id)
        if item is None:
            return
        # Front of the queue: after the running and ended jobs, before the other waiting ones.
        first_waiting = next(
            (
                row
                for row in range(self.count())
                if self.manager.job(self.item(row).data(_JOB_ID_ROLE)).state == JobState.QUEUED
                and self.item(row) is not item
            ),
            None,
        )
        if first_waiting is not None and first_waiting < self.row(item):
            self._move_item(item, first_waiting)

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
                self._remove(job_id)
                self.manager.forget(job_id)
        if live and self.confirm_cancel(len(live)):
            for job_id in live:
                self.manager.cancel(job_id)

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
        for job_id in list(self._items):
            if self.manager.job(job_id).state.is_final:
                self._remove(job_id)
                self.manager.forget(job_id)

    # -- manager signals -----------------------------------------------------------------------
    def _on_job_changed(self, job_id: str, *_: object) -> None:
        info = self.manager.job(job_id)
        item = self._ensure_item(info)
        widget = self.itemWidget(item)
        if isinstance(widget, JobWidget):
            widget.show_info(info)
            self._fit(item, widget)

    def _on_progress(self, job_id: str, percent: int, message: str) -> None:
        widget = self.widget_for(job_id)
        if widget is not None:
            widget.show_progress(percent, message)

    def _on_finished(self, job_id: str, _state: object, _summary: dict[str, object]) -> None:
        self._on_job_changed(job_id)
        if job_id == self.current_job_id():
            self.current_job_changed.emit(job_id)  # its result is ready to be shown

    def _on_current_item(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.current_job_changed.emit(current.data(_JOB_ID_ROLE) if current else None)

    def _tick(self) -> None:
        now = time.time()
        for job_id in list(self._items):
            widget = self.widget_for(job_id)
            if widget is not None and widget.info.state == JobState.RUNNING:
                widget.update_elapsed(now)

    # -- items ---------------------------------------------------------------------------------
    def _ensure_item(self, info: JobInfo) -> QListWidgetItem:
        item = self._items.get(info.job_id)
        if item is not None:
            return item
        # Filled in before it joins the list: each change to a listed item re-lays out the list.
        item = QListWidgetItem()
        item.setData(_JOB_ID_ROLE, info.job_id)
        item.setToolTip(str(info.path))
        self.addItem(item)
        self._items[info.job_id] = item
        self._attach_widget(item, info)
        return item

    def _attach_widget(self, item: QListWidgetItem, info: JobInfo) -> None:
        widget = JobWidget(info)
        widget.cancel_clicked.connect(self.manager.cancel)
        widget.retry_clicked.connect(self.retry)
        widget.front_clicked.connect(self.move_to_front)
        widget.log_clicked.connect(self.open_log)
        self._fit(item, widget)
        self.setItemWidget(item, widget)

    def _fit(self, item: QListWidgetItem, widget: JobWidget) -> None:
        """Size a row for the list's real width: wrapped error text needs its true height."""
        hint = widget.sizeHint()
        width = self.viewport().width()
        if width > 0 and widget.hasHeightForWidth():
            hint.setHeight(widget.heightForWidth(width))
        item.setSizeHint(hint)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            for item in self._items.values():
                widget = self.itemWidget(item)
                if isinstance(widget, JobWidget):
                    self._fit(item, widget)

    def _move_item(self, item: QListWidgetItem, row: int) -> None:
        job_id = item.data(_JOB_ID_ROLE)
        was_current = self.currentItem() is item
        self.takeItem(self.row(item))  # deletes the item's widget; a fresh one is attached
        self.insertItem(row, item)
        self._attach_widget(item, self.manager.job(job_id))
        if was_current:
            self.setCurrentItem(item)

    def _remove(self, job_id: str) -> None:
        item = self._items.pop(job_id, None)
        if item is not None:
            self.takeItem(self.row(item))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Delete):
            self.delete_selected()
            event.accept()
            return
        super().keyPressEvent(event)
