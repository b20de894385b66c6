"""HistoryRecorder: writes the JobManager's jobs into the history, on the GUI thread only.

Connected to the manager's signals before anything is submitted, so every job the window runs
is recorded QUEUED, RUNNING, and with its final state and docflags/1 result. The store is only
ever called from these slots (the manager emits on the GUI thread), never from pool threads.
A failing write (disk full, a read-only folder) is logged and reported once through `failed`;
the analyses themselves go on.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from docflags_gui.jobs import JobManager, JobState
from docflags_gui.store import HISTORY_ERRORS, HistoryStore, describe_history_error
from docflags_gui.ui.i18n import translate

log = logging.getLogger(__name__)


class HistoryRecorder(QObject):
    changed = Signal(int)  # history id of a job that was recorded or changed
    failed = Signal(str)  # words for the user: the history could not be written

    def __init__(self, store: HistoryStore, manager: JobManager, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.manager = manager
        self._history_ids: dict[str, int] = {}
        self._reported_failure = False
        # Jobs of the last session found unfinished at start-up (now INTERRUPTED).
        self.interrupted_at_start: list[int] = []
        manager.job_queued.connect(self._on_queued)
        manager.job_started.connect(self._on_started)
        manager.job_retrying.connect(self._on_retrying)
        manager.job_finished.connect(self._on_finished)

    def history_id(self, job_id: str) -> int | None:
        """The history id of one of the manager's jobs, once it was recorded."""
        return self._history_ids.get(job_id)

    def _write(self, job_id: str, what: str, action: Any) -> None:
        try:
            history_id = action()
        except HISTORY_ERRORS as exc:
            log.error("could not record job %s %s in the history: %s", job_id, what, exc)
            if not self._reported_failure:
                self._reported_failure = True
                self.failed.emit(
                    translate("HistoryRecorder", "The history could not be saved: {why}").format(
                        why=describe_history_error(exc)
                    )
                )
            return
        if history_id is not None:
            self.changed.emit(history_id)

    def _on_queued(self, job_id: str) -> None:
        info = self.manager.job(job_id)
        settings = dataclasses.asdict(self.manager.settings)

        def record() -> int:
            history_id = self.store.record_queued(
                info.path.resolve(), settings=settings, manager_job_id=job_id
            )
            self._history_ids[job_id] = history_id
            return history_id

        self._write(job_id, "queued", record)

    def _on_started(self, job_id: str) -> None:
        history_id = self._history_ids.get(job_id)
        if history_id is None:
            return
        attempt = self.manager.job(job_id).attempt

        def record() -> int:
            self.store.record_started(history_id, attempt=attempt)
            return history_id

        self._write(job_id, "started", record)

    def _on_retrying(self, job_id: str, next_attempt: int, reason: str) -> None:
        history_id = self._history_ids.get(job_id)
        if history_id is None:
            return

        def record() -> int:
            self.store.record_retrying(history_id, next_attempt=next_attempt, reason=reason)
            return history_id

        self._write(job_id, "retrying", record)

    def _on_finished(self, job_id: str, state: object, summary: dict[str, Any]) -> None:
        history_id = self._history_ids.get(job_id)
        if history_id is None:
            return
        final = state.value if isinstance(state, JobState) else str(state)
        result = summary.get("result") if final == JobState.SUCCESS.value else None

        def record() -> int:
            self.store.record_finished(
                history_id,
                final,
                result=result,
                error=summary.get("error"),
                attempt=summary.get("attempt"),
                log_path=summary.get("log_path"),
            )
            return history_id

        self._write(job_id, "finished", record)


# Jobs stopped by one close ("Quit now") are marked within moments of one another.
_ONE_CLOSE_S = 30.0


def stopped_at_last_close(store: HistoryStore) -> list[int]:
    """The jobs the last session stopped as it closed ("Quit now"): the INTERRUPTED jobs that
    are the last to have ended in the history. Mentioned at every start until run again."""
    latest = store.list_jobs(limit=100, order_by="finished")
    if not latest or latest[0].state != "INTERRUPTED" or latest[0].finished is None:
        return []
    end = latest[0].finished
    return [
        r.id
        for r in latest
        if r.state == "INTERRUPTED" and r.finished is not None and end - r.finished < _ONE_CLOSE_S
    ]


def open_app_history(manager: JobManager) -> tuple[HistoryRecorder | None, str | None]:
    """The app's history at start-up: open (migrating if needed), mark the unfinished jobs of
    processes that are gone INTERRUPTED, apply the retention period, and record `manager`'s jobs.

    Returns (recorder, None), or (None, words for the user) when the history cannot be used;
    the app then runs without one rather than not at all.
    """
    try:
        store = HistoryStore.open_default(origin="app")
        interrupted = store.mark_interrupted() or stopped_at_last_close(store)
        removed = store.apply_retention()
    except HISTORY_ERRORS as exc:
        log.error("history unavailable: %s", exc)
        return None, translate("HistoryRecorder", "The history is not available: {why}").format(
            why=describe_history_error(exc)
        )
    if interrupted or removed:
        log.info("history: %d job(s) interrupted, %d expired", len(interrupted), removed)
    recorder = HistoryRecorder(store, manager, parent=manager)
    recorder.interrupted_at_start = interrupted
    app = QCoreApplication.instance()
    if app is not None:
        # After the manager's own aboutToQuit shut-down (connected first), which records the
        # jobs it stops as INTERRUPTED.
        app.aboutToQuit.connect(store.close)
    recorder.destroyed.connect(lambda *_: store.close())
    return recorder, None
