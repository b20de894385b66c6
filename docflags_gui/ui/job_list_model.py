"""JobListModel: the JobManager's jobs as a list model, one row per job, in the list's order.

Kept in step with the manager's signals: a queued job is appended, progress and state changes
update their row only (dataChanged; jobs cancelled together: one over their rows),
`job_moved_to_front` moves the row, a user's Retry puts the new job in the old one's place.
Each row caches its JobInfo, so painting never asks the manager; a progress signal just edits
the cached percent and message.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from docflags_gui.jobs import JobInfo, JobManager, JobState
from docflags_gui.ui.job_words import (
    job_actions,
    job_name,
    outcome_words,
    progress_text,
    shown_state,
)

JOB_ID_ROLE = Qt.ItemDataRole.UserRole + 1
INFO_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's JobInfo
STATE_TEXT_ROLE = Qt.ItemDataRole.UserRole + 3  # "Running", "Failed", "Done, with warnings"
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 4  # why it ended, or "" (see outcome_words)
ACTIONS_ROLE = Qt.ItemDataRole.UserRole + 5  # the row's buttons: ("cancel", "front", ...)

_Index = QModelIndex | QPersistentModelIndex


class JobListModel(QAbstractListModel):
    """Rows of job ids; `info(row)` is the row's latest JobInfo."""

    def __init__(self, manager: JobManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.manager = manager
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._infos: dict[str, JobInfo] = {}
        # Rows whose cached JobInfo is out of date (jobs cancelled together): read again from
        # the manager when next asked for, so 2,000 of them cost only the rows painted.
        self._stale: set[str] = set()
        manager.job_queued.connect(self._on_changed)
        manager.job_started.connect(self._on_changed)
        manager.job_retrying.connect(self._on_changed)
        manager.job_finished.connect(self._on_changed)
        manager.jobs_finished.connect(self._on_many_finished)
        manager.job_progress.connect(self._on_progress)
        manager.job_moved_to_front.connect(self._on_moved_to_front)
        for info in manager.jobs():
            self._on_changed(info.job_id)

    # -- reading -------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._ids)

    def job_ids(self) -> list[str]:
        return list(self._ids)

    def row_of(self, job_id: str) -> int | None:
        return self._rows.get(job_id)

    def info(self, row: int) -> JobInfo:
        return self._info(self._ids[row])

    def _info(self, job_id: str) -> JobInfo:
        if job_id in self._stale:
            self._stale.discard(job_id)
            self._infos[job_id] = self.manager.job(job_id)
        return self._infos[job_id]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        info = self._info(self._ids[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            return job_name(info)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        if role == JOB_ID_ROLE:
            return info.job_id
        if role == INFO_ROLE:
            return info
        if role == STATE_TEXT_ROLE:
            return shown_state(info)[0]
        if role == DETAIL_ROLE:
            return outcome_words(info) if info.state.is_final else ""
        if role == ACTIONS_ROLE:
            return job_actions(info)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _spoken(info)
        return None

    # -- changes -------------------------------------------------------------------------------
    def insert_job(self, job_id: str, row: int) -> None:
        """Show `job_id` (known to the manager) at `row`, or move it there if shown."""
        if job_id in self._rows:
            self.move_job(job_id, row)
            return
        row = max(0, min(row, len(self._ids)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._ids.insert(row, job_id)
        self._infos[job_id] = self.manager.job(job_id)
        self._reindex(row)
        self.endInsertRows()

    def remove_job(self, job_id: str) -> None:
        row = self._rows.get(job_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._ids[row]
        del self._rows[job_id]
        self._infos.pop(job_id, None)
        self._stale.discard(job_id)
        self._reindex(row)
        self.endRemoveRows()

    def move_job(self, job_id: str, row: int) -> None:
        source = self._rows.get(job_id)
        row = max(0, min(row, len(self._ids) - 1))
        if source is None or source == row:
            return
        # Qt's destination is the row *before which* the moved one lands, counted before.
        destination = row + 1 if row > source else row
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), destination)
        self._ids.insert(row, self._ids.pop(source))
        self._reindex(min(source, row))
        self.endMoveRows()

    def refresh_running(self) -> None:
        """Running rows repaint (their elapsed time moved on)."""
        for job_id in list(self._infos):
            if self._info(job_id).state is JobState.RUNNING:
                self._changed_row(self._rows[job_id])

    def _reindex(self, start: int) -> None:
        for row in range(start, len(self._ids)):
            self._rows[self._ids[row]] = row

    def _changed_row(self, row: int) -> None:
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def _on_changed(self, job_id: str, *_: object) -> None:
        row = self._rows.get(job_id)
        if row is None:
            self.insert_job(job_id, len(self._ids))
            return
        self._infos[job_id] = self.manager.job(job_id)
        self._stale.discard(job_id)
        self._changed_row(row)

    def _on_many_finished(self, ended: list[tuple[str, JobState, object]]) -> None:
        rows = []
        for job_id, _state, _summary in ended:
            row = self._rows.get(job_id)
            if row is not None:
                self._stale.add(job_id)
                rows.append(row)
        if rows:
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)))

    def _on_progress(self, job_id: str, percent: int, message: str) -> None:
        row = self._rows.get(job_id)
        if row is None:
            return
        info = self._info(job_id)
        self._infos[job_id] = dataclasses.replace(info, percent=percent, message=message)
        self._changed_row(row)

    def _on_moved_to_front(self, job_id: str) -> None:
        """Front of the queue: after the running and ended jobs, before the other waiting ones."""
        row = self._rows.get(job_id)
        if row is None:
            return
        first_waiting = next(
            (
                r
                for r, other in enumerate(self._ids)
                if other != job_id and self._info(other).state is JobState.QUEUED
            ),
            None,
        )
        if first_waiting is not None and first_waiting < row:
            self.move_job(job_id, first_waiting)


def _spoken(info: JobInfo) -> str:
    """The row as a screen reader says it: name, state, progress or outcome."""
    words = [job_name(info), shown_state(info)[0]]
    if info.state in (JobState.QUEUED, JobState.RUNNING):
        words.append(progress_text(info))
    else:
        words.append(" ".join(outcome_words(info).split()))
    return ", ".join(w for w in words if w)
