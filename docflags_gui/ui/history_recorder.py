"""HistoryRecorder: writes the JobManager's jobs into the history without the GUI ever waiting.

Connected to the manager's signals before anything is submitted, so every job the window runs
is recorded QUEUED, RUNNING, and with its final state and docflags/1 result. Each record is a
request to the store's writer thread (`HistoryStore.later`), made in the order the signals
came; the GUI thread goes on at once. Jobs queued in one loop turn (a dropped folder) are one
request, as are jobs cancelled together. A timer
collects the answers while any are pending and emits `changed` for each. A failing write (disk
full, a read-only folder) is logged and reported once through `failed`; the analyses go on.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from docflags_gui.jobs import JobManager, JobState
from docflags_gui.store.errors import HISTORY_ERRORS, describe_history_error
from docflags_gui.store.history import HistoryStore
from docflags_gui.ui.i18n import translate

log = logging.getLogger(__name__)
T = TypeVar("T")

# How often answers from the writer thread are collected while any are pending.
COLLECT_INTERVAL_MS = 15


class HistoryRecorder(QObject):
    changed = Signal(int)  # history id of a job that was recorded or changed
    failed = Signal(str)  # words for the user: the history could not be written

    def __init__(self, store: HistoryStore, manager: JobManager, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.manager = manager
        # The history id of each of the manager's jobs, as a Future: later writes for the job
        # are queued behind the one that made it, so they can use it without waiting.
        self._history_ids: dict[str, Future[int]] = {}
        self._pending: deque[tuple[str, str, Future[Any]]] = deque()
        # Jobs queued this loop turn, recorded together on the next (see _record_queued).
        self._queued: list[tuple[str, Path, dict[str, Any], Future[int]]] = []
        self._settings: tuple[object, dict[str, Any]] = (None, {})  # JobSettings, as a dict
        self._reported_failure = False
        self._collector = QTimer(self)
        self._collector.setInterval(COLLECT_INTERVAL_MS)
        self._collector.timeout.connect(self._collect)
        # Jobs of the last session found unfinished at start-up (now INTERRUPTED).
        self.interrupted_at_start: list[int] = []
        manager.job_queued.connect(self._on_queued)
        manager.job_started.connect(self._on_started)
        manager.job_retrying.connect(self._on_retrying)
        manager.job_finished.connect(self._on_finished)
        manager.jobs_finished.connect(self._on_many_finished)
        # The window is closing: what its jobs ended as is written before it goes.
        manager.stopped.connect(self.wait_written)

    def history_id(self, job_id: str) -> int | None:
        """The history id of one of the manager's jobs, once it was recorded."""
        future = self._history_ids.get(job_id)
        if future is None or not future.done() or future.exception() is not None:
            return None
        return future.result()

    def pending(self) -> int:
        """Writes asked for whose answer has not been collected yet."""
        return len(self._pending)

    def wait_written(self, timeout: float = 30.0) -> bool:
        """Block until every write asked for so far is done, then collect the answers (for
        shut-down and tests; the window itself never waits)."""
        self._record_queued()
        done = self.store.writer.drain(timeout)
        self._collect()
        return done

    def _ask(self, job_id: str, what: str, future: Future[Any]) -> None:
        self._pending.append((job_id, what, future))
        if not self._collector.isActive():
            self._collector.start()

    def _collect(self) -> None:
        while self._pending and self._pending[0][2].done():
            job_id, what, future = self._pending.popleft()
            exc = future.exception()
            if exc is not None:
                self._report(job_id, what, exc)
                continue
            history_id = self.history_id(job_id)
            if history_id is not None:
                self.changed.emit(history_id)
        if not self._pending:
            self._collector.stop()

    def _report(self, job_id: str, what: str, exc: BaseException) -> None:
        if not isinstance(exc, HISTORY_ERRORS):
            log.error("recording job %s %s failed", job_id, what, exc_info=exc)
        log.error("could not record job %s %s in the history: %s", job_id, what, exc)
        if not self._reported_failure:
            self._reported_failure = True
            words = describe_history_error(exc) if isinstance(exc, Exception) else str(exc)
            self.failed.emit(
                translate("HistoryRecorder", "The history could not be saved: {why}").format(
                    why=words
                )
            )

    def _on_queued(self, job_id: str) -> None:
        info = self.manager.job(job_id)
        if info.kind in ("match", "annotate"):
            # A match is kept with its report's analysis when it ends (see _on_finished); an
            # annotated copy is a file the user saved, not an analysis.
            return
        if self._settings[0] is not self.manager.settings:  # a new JobSettings: new words
            self._settings = (self.manager.settings, dataclasses.asdict(self.manager.settings))
        future: Future[int] = Future()
        self._history_ids[job_id] = future
        if not self._queued:
            QTimer.singleShot(0, self, self._record_queued)
        self._queued.append((job_id, info.path, self._settings[1], future))

    def _record_queued(self) -> None:
        """The jobs queued since the last call: one request, one transaction (a folder of
        2,000 PDFs was 2,000 of each, which kept the interpreter busy while the list filled).
        Any later write for one of them comes after this (see _ask)."""
        batch, self._queued = self._queued, []
        if not batch:
            return

        def write() -> list[int]:
            try:
                # Real paths looked up here, on the writer thread, not the GUI thread.
                jobs = [(_real(path), settings, job_id) for job_id, path, settings, _ in batch]
                ids = self.store.record_queued_many(jobs)
            except BaseException as exc:
                for *_, future in batch:
                    future.set_exception(exc)
                raise
            for (*_, future), history_id in zip(batch, ids, strict=True):
                future.set_result(history_id)
            return ids

        self._ask(batch[0][0], "queued", self.store.later(write))

    def _later(self, method: Callable[..., T], *args: object, **kwargs: object) -> Future[T]:
        """`store.later`, after the jobs queued so far are asked for: a write for one of them
        waits on the writer thread for its history id, which must be on its way already."""
        self._record_queued()
        return self.store.later(method, *args, **kwargs)

    def _on_started(self, job_id: str) -> None:
        history_id = self._history_ids.get(job_id)
        if history_id is None:
            return
        attempt = self.manager.job(job_id).attempt
        write = self.store.record_started
        future = self._later(write, history_id, attempt=attempt)
        self._ask(job_id, "started", future)

    def _on_retrying(self, job_id: str, next_attempt: int, reason: str) -> None:
        history_id = self._history_ids.get(job_id)
        if history_id is None:
            return
        write = self.store.record_retrying
        future = self._later(
            write,
            history_id,
            next_attempt=next_attempt,
            reason=reason,
        )
        self._ask(job_id, "retrying", future)

    def _on_finished(self, job_id: str, state: object, summary: dict[str, Any]) -> None:
        info = self.manager.job(job_id)
        if info.kind == "match" and state == JobState.SUCCESS and info.report_job is not None:
            self._record_match(info.report_job, summary.get("result"))
            return
        history_id = self._history_ids.get(job_id)
        if history_id is None:
            return
        final = JobState(str(state))
        result = summary.get("result") if final is JobState.SUCCESS else None
        future = self._later(
            self.store.record_finished,
            history_id,
            final,
            result=result,
            error=summary.get("error"),
            attempt=summary.get("attempt"),
            log_path=summary.get("log_path"),
        )
        self._ask(job_id, "finished", future)

    def _on_many_finished(self, ended: list[tuple[str, JobState, dict[str, Any]]]) -> None:
        """Waiting jobs cancelled together: one request, one statement, one `changed`."""
        known = [(j, self._history_ids[j], s, m) for j, s, m in ended if j in self._history_ids]
        if not known:
            return

        def write() -> None:
            # On the writer thread, after the requests that made the ids: all answered.
            rows = [
                (future.result(), state, summary.get("attempt"), summary.get("log_path"))
                for _, future, state, summary in known
                if future.exception() is None
            ]
            self.store.record_finished_many(rows)

        self._ask(known[0][0], "finished", self._later(write))

    def _record_match(self, report_job: str, result: dict[str, Any] | None) -> None:
        """A finished match is kept as its report's analysis result (as `docflags match`)."""
        history_id = self._history_ids.get(report_job)
        if history_id is None or result is None:
            return
        future = self._later(self.store.record_match, history_id, result)
        self._ask(report_job, "match", future)


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: keep the name as given
        return path.absolute()


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


def _log_expired(future: Future[int]) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("history: applying the retention period failed: %s", exc)
    elif future.result():
        log.info("history: %d expired job(s) deleted", future.result())


def open_app_history(manager: JobManager) -> tuple[HistoryRecorder | None, str | None]:
    """The app's history at start-up: open (migrating if needed), mark the unfinished jobs of
    processes that are gone INTERRUPTED, apply the retention period, and record `manager`'s jobs.

    Returns (recorder, None), or (None, words for the user) when the history cannot be used;
    the app then runs without one rather than not at all.
    """
    try:
        store = HistoryStore.open_default(origin="app")
        interrupted = store.mark_interrupted() or stopped_at_last_close(store)
    except HISTORY_ERRORS as exc:
        log.error("history unavailable: %s", exc)
        return None, translate("HistoryRecorder", "The history is not available: {why}").format(
            why=describe_history_error(exc)
        )
    if interrupted:
        log.info("history: %d job(s) of a stopped session interrupted", len(interrupted))
    # Deleting expired jobs may take a while: the writer does it while the window comes up.
    store.later(store.apply_retention).add_done_callback(_log_expired)
    recorder = HistoryRecorder(store, manager, parent=manager)
    recorder.interrupted_at_start = interrupted
    app = QCoreApplication.instance()
    if app is not None:
        # After the manager's own aboutToQuit shut-down (connected first), which records the
        # jobs it stops as INTERRUPTED.
        app.aboutToQuit.connect(store.close)
    recorder.destroyed.connect(lambda *_: store.close())
    return recorder, None
