"""JobManager: the job queue, attempts on a QThreadPool, time limits, retries, shut-down.

Every public method and every signal lives on the GUI thread. Pool threads only run
AttemptRunnables (runner.attempt underneath), which talk back through queued signals and a
progress mailbox. The manager hands a job to the pool only when a slot is free, so its own
JobQueue fixes the order exactly (`move_to_front`; a cancelled queued job is just taken out).

Stopping a running job goes through its runner.control.AttemptControl: cancel asks the worker
to stop (stop file + SIGTERM to its process group) and kills the group after `kill_grace_s`;
the soft time limit asks, the hard one kills; shut-down kills after `shutdown_grace_s`. A job
is finalised only once its worker is reaped, and exactly once.

Automatic retries: an attempt that ends CRASHED or TIMED_OUT runs again while
`attempt <= settings.retries` (same job id, `attempt + 1`, QUEUED at the front after a
back-off of `retry_backoff_s * 2 ** (attempt - 1)` s, at most a minute), announced by
`job_retrying`; job_finished only follows the final attempt. `retry(job_id)` (a user's Retry)
makes a new job instead, so the history keeps both.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal

from docflags_gui.jobs.job_queue import JobQueue
from docflags_gui.jobs.launcher import AttemptLauncher, AttemptSlots, analysis_spec
from docflags_gui.jobs.records import ManagedJob, snapshot
from docflags_gui.jobs.state import JobInfo, JobSettings
from docflags_gui.jobs.watch import AttemptWatch
from docflags_gui.result import ResultDocument
from docflags_gui.runner.executor import Executor, LocalExecutor
from docflags_gui.runner.outcome import WorkerOutcome
from docflags_gui.runner.spec import JobSpec
from docflags_gui.runner.states import RETRYABLE_STATES, JobState

log = logging.getLogger(__name__)


class JobManager(QObject):
    """Queues PDFs, runs each in a worker and reports on the GUI thread.

    Per job the signals come in this order: job_queued; then per attempt job_started, any
    number of job_progress (the first at once, then at most one per 100 ms), and job_retrying
    when another attempt follows; last, exactly once, job_finished. A job cancelled while
    queued goes from job_queued straight to job_finished, or, cancelled together with others
    by `cancel_many`, to one jobs_finished for all of them. `job_moved_to_front` follows
    `move_to_front`. Call it from its own thread only (anything else raises RuntimeError).
    """

    job_queued = Signal(str)
    job_started = Signal(str)
    job_progress = Signal(str, int, str)  # job_id, percent 0-100, message; coalesced
    # job_id, JobState, summary dict. Declared `object`, not `dict`: a `dict` signal argument is
    # deep-copied through a QVariantMap for every receiver (seconds for a 100,000-flag result).
    job_finished = Signal(str, object, object)
    # [(job_id, JobState, summary), ...]: waiting jobs that `cancel_many` ended together, in one
    # emit instead of a job_finished each (2,000 of them took the window 300-600 ms).
    jobs_finished = Signal(object)
    queue_changed = Signal(int, int)  # running, waiting
    job_retrying = Signal(str, int, str)  # job_id, next attempt, why the last one ended
    job_moved_to_front = Signal(str)  # job_id: it waits first in the queue now
    stopped = Signal()  # shutdown() finished: every job has its final state

    def __init__(
        self,
        settings: JobSettings | None = None,
        parent: QObject | None = None,
        worker_command: list[str] | None = None,
        executor: Executor | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings if settings is not None else JobSettings()
        # Tuning knobs (seconds); tests shorten them.
        self.kill_grace_s = 3.0
        self.shutdown_grace_s = 1.0
        self.retry_backoff_s = 2.0
        self._jobs: dict[str, ManagedJob] = {}
        self._queue = JobQueue(lambda job_id: self._jobs[job_id].not_before)
        self._running: dict[str, ManagedJob] = {}
        self._closed = False
        self._owner_thread = threading.get_ident()
        self._last_counts: tuple[int, int] | None = None
        self._dispatch_scheduled = False
        slots = AttemptSlots(self._on_launched, self._on_ready, self._on_progress, self._on_end)
        self._local_executor = executor or LocalExecutor(worker_command)
        self._launcher = AttemptLauncher(self._local_executor, self, slots)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(self._settings.concurrency)
        self._watch = AttemptWatch(
            self._running,
            lambda: self._settings,
            lambda: self.kill_grace_s,
            self._show_progress,
            self,
        )
        self._backoff_timer = QTimer(self)
        self._backoff_timer.setSingleShot(True)
        self._backoff_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._backoff_timer.timeout.connect(self._schedule_dispatch)

        if app := QCoreApplication.instance():
            # Workers must never outlive the app, even if nobody calls shutdown().
            app.aboutToQuit.connect(self.shutdown)

    # -- public API ------------------------------------------------------------------------------
    @property
    def settings(self) -> JobSettings:
        return self._settings

    @property
    def pool(self) -> QThreadPool:
        return self._pool

    def set_watchdog_interval(self, milliseconds: int) -> None:
        """The time-limit check runs at 1 Hz; tests with sub-second limits check more often."""
        self._require_owner_thread()
        self._watch.set_interval(milliseconds)

    def submit(self, path: Path, spec: JobSpec | None = None, report_job: str | None = None) -> str:
        """Queue `path`'s analysis, or `spec` (a match: `report_job`'s result, `path` its PDF)."""
        self._require_owner_thread()
        if self._closed:
            raise RuntimeError("JobManager.submit() after shutdown()")
        job_id = uuid.uuid4().hex[:8]
        while job_id in self._jobs:
            job_id = uuid.uuid4().hex[:8]
        job = ManagedJob(job_id, Path(path), time.time(), spec=spec, report_job=report_job)
        self._jobs[job_id] = job
        self._queue.append(job_id)
        self.job_queued.emit(job_id)
        self._emit_queue_changed()
        self._schedule_dispatch()
        return job_id

    def cancel(self, job_id: str) -> None:
        """Cancel a queued or running job; does nothing for an ended or unknown one, or twice."""
        self._require_owner_thread()
        job = self._jobs.get(job_id)
        if job is None:
            log.info("cancel of unknown job %s ignored", job_id)
        elif job.state is JobState.QUEUED:
            self._queue.remove(job_id)
            self._finalise(job, JobState.CANCELLED, None, None)
            self._emit_queue_changed()
        elif job.state is JobState.RUNNING and job.run is not None:
            run = job.run
            if not run.control.cancel(self.kill_grace_s):
                return
            self._watch.check_after_grace(job_id, run)
            self._show_progress(job, job.percent, "Cancelling…")

    def cancel_many(self, job_ids: Iterable[str]) -> None:
        """`cancel` each of these jobs; the waiting ones end at once, as one jobs_finished."""
        self._require_owner_thread()
        ids = [job_id for job_id in dict.fromkeys(job_ids) if job_id in self._jobs]
        waiting = self._queue.remove_many(ids)
        ended: list[tuple[str, JobState, dict[str, Any]]] = []
        for job_id in ids:
            if job_id in waiting:
                summary = self._jobs[job_id].end(JobState.CANCELLED, None, None)
                ended.append((job_id, JobState.CANCELLED, summary))
            else:
                self.cancel(job_id)  # running (it stops in its own time), or already ended
        if ended:
            self.jobs_finished.emit(ended)
            self._emit_queue_changed()

    def retry(self, job_id: str) -> str:
        """A new job for the same file as an ended one; returns the new job's id."""
        self._require_owner_thread()
        job = self._jobs[job_id]
        if not job.state.is_final:
            raise ValueError(f"job {job_id} is {job.state.value}, not ended")
        return self.submit(job.path, job.spec, report_job=job.report_job)

    def move_to_front(self, job_id: str) -> None:
        """Run a queued job next; does nothing for a job that is not waiting (or unknown)."""
        self._require_owner_thread()
        job = self._jobs.get(job_id)
        if job is None or job.state is not JobState.QUEUED:
            return
        if self._queue.move_to_front(job_id):
            self.job_moved_to_front.emit(job_id)

    def queued_ids(self) -> list[str]:
        """Waiting jobs in the order they will start."""
        self._require_owner_thread()
        return list(self._queue)

    def apply_settings(self, settings: JobSettings) -> None:
        """New concurrency and limits apply at once (to running jobs too); OCR from the next run."""
        self._require_owner_thread()
        self._settings = settings
        self._pool.setMaxThreadCount(settings.concurrency)
        self._schedule_dispatch()

    def set_executor(self, executor: Executor | None) -> None:
        """Where the next attempts run (a cluster); None: this computer. Running ones stay."""
        self._require_owner_thread()
        self._launcher.executor = executor or self._local_executor

    def job(self, job_id: str) -> JobInfo:
        """A snapshot of a job; KeyError for one this manager does not know (or forgot)."""
        self._require_owner_thread()
        return snapshot(self._jobs[job_id])

    def jobs(self) -> list[JobInfo]:
        self._require_owner_thread()
        return [snapshot(job) for job in self._jobs.values()]

    def forget(self, job_id: str) -> None:
        """Drop an ended job (and its result) from memory; the history keeps it."""
        self._require_owner_thread()
        job = self._jobs.get(job_id)
        if job is not None and job.state.is_final:
            del self._jobs[job_id]

    def running_count(self) -> int:
        return len(self._running)

    def waiting_count(self) -> int:
        return len(self._queue)

    def shutdown(self, wait: bool = True) -> None:
        """Stop everything: queued and running jobs end INTERRUPTED, workers are killed.

        With `wait`, returns only when every worker is reaped and the pool is idle; without,
        the workers are killed at once and the pool threads reap them in the background.
        """
        self._require_owner_thread()
        first_call = not self._closed
        self._closed = True
        self._watch.stop()
        self._backoff_timer.stop()
        if first_call:
            for job_id in self._queue.clear():
                message = "The app was closed before this job started."
                self._finalise(self._jobs[job_id], JobState.INTERRUPTED, message, None)
        running = [job.run.control for job in self._running.values() if job.run is not None]
        message = "The app was closed while this job was running."
        for control in running:
            control.interrupt(message, self.shutdown_grace_s)
            if not wait:
                control.kill()
        if wait and not self._pool.waitForDone(int(self.shutdown_grace_s * 1000)):
            for control in running:
                control.kill()
            if not self._pool.waitForDone(10_000):
                log.error("worker threads still busy 10 s after killing their workers")
        for job in list(self._running.values()):
            self._running.pop(job.job_id, None)
            self._finalise(job, JobState.INTERRUPTED, message, None)
        self._emit_queue_changed()
        if first_call:
            self.stopped.emit()

    def _require_owner_thread(self) -> None:
        # Its state is unlocked and its timers belong to its thread: misuse must fail loudly.
        if threading.get_ident() != self._owner_thread:
            raise RuntimeError("JobManager methods must be called from the thread that made it")

    # -- dispatch --------------------------------------------------------------------------------
    def _schedule_dispatch(self) -> None:
        # Deferred to the event loop: no job starts inside a caller's slot (no re-entrancy).
        if not self._dispatch_scheduled and not self._closed:
            self._dispatch_scheduled = True
            QTimer.singleShot(0, self, self._dispatch)

    def _dispatch(self) -> None:
        self._dispatch_scheduled = False
        if self._closed:
            return
        now = time.monotonic()
        ready = None
        if len(self._running) < self._settings.concurrency:
            ready = self._queue.take_ready(now)
        if ready is not None:
            try:
                self._start(self._jobs[ready])
            except Exception as exc:  # e.g. the logs folder cannot be created
                if not isinstance(exc, OSError):
                    log.exception("job %s could not start", ready)
                log.error("job %s could not start: %s", ready, exc)
                message = f"The analysis could not start: {exc}"
                self._finalise(self._jobs[ready], JobState.FAILURE, message, None)
            # One start a loop turn: four starts (their listeners and their pool threads
            # launching workers) in one turn made the window's next paint wait.
            self._schedule_dispatch()
        self._arm_backoff_timer(now)
        self._emit_queue_changed()

    def _arm_backoff_timer(self, now: float) -> None:
        """Come back when the earliest retry's back-off is over (if a slot is free for it)."""
        wait = self._queue.earliest_wait(now)
        if len(self._running) < self._settings.concurrency and wait is not None:
            # Rounded up: a timer that fires a little early would find nothing ready.
            self._backoff_timer.start(math.ceil(wait * 1000) + 1)

    def _start(self, job: ManagedJob) -> None:
        side_by_side = min(self._settings.concurrency, len(self._running) + 1 + len(self._queue))
        spec = job.spec or analysis_spec(job.path, self._settings, side_by_side)
        run = self._launcher.prepare(job, spec)
        job.begin_attempt(run)
        self._running[job.job_id] = job
        self._pool.start(run.runnable)
        self._watch.attempt_started()
        self.job_started.emit(job.job_id)

    # -- from the runnables (queued, so on the GUI thread) --------------------------------------
    def _current_run(self, job_id: str, attempt: int) -> ManagedJob | None:
        job = self._running.get(job_id)
        if job is None or job.attempt != attempt or job.run is None:
            return None
        return job

    def _on_launched(self, job_id: str, attempt: int, pid: int) -> None:
        if job := self._current_run(job_id, attempt):
            job.pid = pid

    def _on_ready(self, job_id: str, attempt: int) -> None:
        if (job := self._current_run(job_id, attempt)) and job.worker_ready_at is None:
            job.worker_ready_at = time.time()

    def _on_progress(self, job_id: str, attempt: int) -> None:
        if job := self._current_run(job_id, attempt):
            self._watch.flush_progress(job)

    def _on_end(self, job_id: str, attempt: int, outcome: WorkerOutcome) -> None:
        job = self._current_run(job_id, attempt)
        if job is None:
            return  # already finalised (shut-down) or a stale attempt
        run = job.run
        assert run is not None
        verdict = run.control.verdict(outcome)
        if verdict.state is JobState.SUCCESS:
            self._watch.flush_progress(job)  # the last page's progress, before the finish
        self._running.pop(job_id)
        self._watch.attempt_ended(run)
        job.run = None
        job.exit_code = outcome.exit_code
        if verdict.state in RETRYABLE_STATES and job.attempt <= self._settings.retries:
            self._requeue_for_retry(job, verdict.error or verdict.state.value)
        else:
            # A result is only ever shown for SUCCESS (a cancelled run's late result is not).
            result = outcome.result if verdict.state is JobState.SUCCESS else None
            job.digest = outcome.digest if result is not None else None
            self._finalise(job, verdict.state, verdict.error, result)
        self._emit_queue_changed()
        self._schedule_dispatch()

    def _requeue_for_retry(self, job: ManagedJob, reason: str) -> None:
        log.info("job %s attempt %d failed (%s); retrying", job.job_id, job.attempt, reason)
        backoff = job.requeue(self.retry_backoff_s)
        self._queue.push_front(job.job_id)
        first_line = reason.splitlines()[0] if reason else ""
        self.job_retrying.emit(job.job_id, job.attempt, reason)
        self._show_progress(job, 0, f"{first_line} Retrying in {backoff:.0f} s.".strip())

    def _finalise(
        self, job: ManagedJob, state: JobState, error: str | None, result: ResultDocument | None
    ) -> None:
        if job.state.is_final:
            log.error("job %s finalised twice (%s, then %s)", job.job_id, job.state, state)
            return
        summary = job.end(state, error, result)
        self.job_finished.emit(job.job_id, state, summary)

    # -- progress ------------------------------------------------------------------------------
    def _show_progress(self, job: ManagedJob, percent: int, message: str) -> None:
        job.percent, job.message = percent, message
        self.job_progress.emit(job.job_id, percent, message)

    # -- bookkeeping -----------------------------------------------------------------------------
    def _emit_queue_changed(self) -> None:
        counts = (len(self._running), len(self._queue))
        if counts != self._last_counts:
            self._last_counts = counts
            self.queue_changed.emit(*counts)
