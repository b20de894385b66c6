"""JobManager: the job queue, worker runs on a QThreadPool, time limits, retries, shut-down.

Every public method and every signal lives on the GUI thread. Pool threads only run
AnalysisRunnables, which talk back through queued signals and a progress mailbox.

Queue: the manager keeps its own ordered queue and hands a job to the pool only when a slot is
free (running < concurrency), so the pool never holds waiting work. That makes the order exact:
`move_to_front` reorders the queue, and cancelling a queued job just takes it out (no worker was
ever started for it).

Stopping a running job (cancel, soft time limit, shut-down) first asks the worker to stop
(stop file + SIGTERM to its process group). Cancel kills the group after `kill_grace_s`; the
soft limit leaves the kill to the hard limit; shut-down kills after `shutdown_grace_s`. A job
is finalised only once its worker is reaped, and exactly once.

Automatic retries: an attempt that ends CRASHED or TIMED_OUT is run again while
`attempt <= settings.retries`: the same job id, `attempt + 1`, state back to QUEUED at the
front of the queue after a back-off of `retry_backoff_s * 2 ** (attempt - 1)` seconds (capped
at a minute). `job_retrying(job_id, next_attempt, reason)` and a job_progress message announce
it; job_finished is only emitted for the final attempt. `retry(job_id)` (a user's Retry) makes a
new job instead, so the history keeps both.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from collections import deque
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal

from docflags_gui import paths
from docflags_gui.jobs.outcome import WorkerOutcome, decide_final_state
from docflags_gui.jobs.process import WorkerProcess
from docflags_gui.jobs.records import AttemptRecord, JobRecord, snapshot
from docflags_gui.jobs.runnable import AnalysisRunnable, ProgressMailbox, RunnableSignals
from docflags_gui.jobs.state import RETRYABLE_STATES, JobInfo, JobSettings, JobState
from docflags_gui.worker.launch import ocr_processes_for, worker_argv, worker_prefix

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 60.0


class JobManager(QObject):
    """Queues PDFs, runs each in a worker subprocess and reports on the GUI thread.

    Per job the signals come in this order: job_queued; then per attempt job_started, any
    number of job_progress (the first at once, then at most one per 100 ms), and job_retrying
    when another attempt follows; last, exactly once, job_finished. A job cancelled while
    queued goes from job_queued straight to job_finished. Call it from its own thread only.
    """

    job_queued = Signal(str)
    job_started = Signal(str)
    job_progress = Signal(str, int, str)  # job_id, percent 0-100, message; coalesced
    # job_id, JobState, summary dict. Declared `object`, not `dict`: a `dict` signal argument is
    # deep-copied through a QVariantMap for every receiver (seconds for a 100,000-flag result).
    job_finished = Signal(str, object, object)
    queue_changed = Signal(int, int)  # running, waiting
    job_retrying = Signal(str, int, str)  # job_id, next attempt, why the last one ended

    def __init__(
        self,
        settings: JobSettings | None = None,
        parent: QObject | None = None,
        worker_command: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings if settings is not None else JobSettings()
        self._worker_command = list(worker_command) if worker_command else worker_prefix()
        # Tuning knobs (seconds / milliseconds); tests shorten them.
        self.kill_grace_s = 3.0
        self.shutdown_grace_s = 1.0
        self.retry_backoff_s = 2.0
        self._jobs: dict[str, JobRecord] = {}
        self._queue: deque[str] = deque()
        self._running: dict[str, JobRecord] = {}
        self._retiring: list[AttemptRecord] = []
        self._closed = False
        self._owner_thread = threading.get_ident()
        self._last_counts: tuple[int, int] | None = None
        self._dispatch_scheduled = False

        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(self._settings.concurrency)
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(1000)
        self._watchdog.timeout.connect(self._check_time_limits)
        self._progress_timer = QTimer(self)
        self._progress_timer.setInterval(100)
        self._progress_timer.timeout.connect(self._flush_all_progress)
        self._backoff_timer = QTimer(self)
        self._backoff_timer.setSingleShot(True)
        self._backoff_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._backoff_timer.timeout.connect(self._schedule_dispatch)

        app = QCoreApplication.instance()
        if app is not None:
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
        self._watchdog.setInterval(milliseconds)

    def submit(self, path: Path) -> str:
        self._require_owner_thread()
        if self._closed:
            raise RuntimeError("JobManager.submit() after shutdown()")
        job_id = uuid.uuid4().hex[:8]
        while job_id in self._jobs:
            job_id = uuid.uuid4().hex[:8]
        self._jobs[job_id] = JobRecord(job_id=job_id, path=Path(path), queued_at=time.time())
        self._queue.append(job_id)
        self.job_queued.emit(job_id)
        self._emit_queue_changed()
        self._schedule_dispatch()
        return job_id

    def cancel(self, job_id: str) -> None:
        """Cancel a queued or running job; does nothing for an ended one or a second time."""
        self._require_owner_thread()
        job = self._jobs[job_id]
        if job.state is JobState.QUEUED:
            self._queue.remove(job_id)
            self._finalise(job, JobState.CANCELLED, None, None)
            self._emit_queue_changed()
        elif job.state is JobState.RUNNING and job.run is not None:
            run = job.run
            if run.cancel_requested:
                return
            run.cancel_requested = True
            run.process.request_stop()
            QTimer.singleShot(
                int(self.kill_grace_s * 1000), self, partial(self._kill_if_running, job_id, run)
            )
            self._show_progress(job, job.percent, "Cancelling…")

    def retry(self, job_id: str) -> str:
        """A new job for the same file as an ended one; returns the new job's id."""
        job = self._jobs[job_id]
        if not job.state.is_final:
            raise ValueError(f"job {job_id} is {job.state.value}, not ended")
        return self.submit(job.path)

    def move_to_front(self, job_id: str) -> None:
        """Run a queued job next; does nothing for a job that is not waiting."""
        self._require_owner_thread()
        if self._jobs[job_id].state is not JobState.QUEUED:
            return
        self._queue.remove(job_id)
        self._queue.appendleft(job_id)

    def queued_ids(self) -> list[str]:
        """Waiting jobs in the order they will start."""
        return list(self._queue)

    def apply_settings(self, settings: JobSettings) -> None:
        """New concurrency and limits apply at once (to running jobs too); OCR from the next run."""
        self._require_owner_thread()
        self._settings = settings
        self._pool.setMaxThreadCount(settings.concurrency)
        self._schedule_dispatch()

    def job(self, job_id: str) -> JobInfo:
        return snapshot(self._jobs[job_id])

    def jobs(self) -> list[JobInfo]:
        return [snapshot(job) for job in self._jobs.values()]

    def forget(self, job_id: str) -> None:
        """Drop an ended job (and its result) from memory; the history keeps it."""
        if self._jobs[job_id].state.is_final:
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
        self._watchdog.stop()
        self._progress_timer.stop()
        self._backoff_timer.stop()
        if first_call:
            for job_id in list(self._queue):
                message = "The app was closed before this job started."
                self._finalise(self._jobs[job_id], JobState.INTERRUPTED, message, None)
            self._queue.clear()
        running = list(self._running.values())
        for job in running:
            assert job.run is not None
            if wait:
                job.run.process.request_stop()
            else:
                job.run.process.kill()
        if wait and not self._pool.waitForDone(int(self.shutdown_grace_s * 1000)):
            for job in running:
                assert job.run is not None
                job.run.process.kill()
            if not self._pool.waitForDone(10_000):
                log.error("worker threads still busy 10 s after killing their workers")
        for job in running:
            self._running.pop(job.job_id, None)
            message = "The app was closed while this job was running."
            self._finalise(job, JobState.INTERRUPTED, message, None)
        self._emit_queue_changed()

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
        while len(self._running) < self._settings.concurrency:
            ready = next((j for j in self._queue if self._jobs[j].not_before <= now), None)
            if ready is None:
                break
            self._queue.remove(ready)
            try:
                self._start(self._jobs[ready])
            except OSError as exc:  # e.g. the logs folder cannot be created
                log.error("job %s could not start: %s", ready, exc)
                message = f"The analysis could not start: {exc}"
                self._finalise(self._jobs[ready], JobState.FAILURE, message, None)
        self._arm_backoff_timer(now)
        self._emit_queue_changed()

    def _arm_backoff_timer(self, now: float) -> None:
        """Come back when the earliest retry's back-off is over (if a slot is free for it)."""
        waits = [self._jobs[j].not_before - now for j in self._queue]
        pending = [wait for wait in waits if wait > 0]
        if len(self._running) < self._settings.concurrency and pending:
            # Rounded up: a timer that fires a little early would find nothing ready.
            self._backoff_timer.start(math.ceil(min(pending) * 1000) + 1)

    def _start(self, job: JobRecord) -> None:
        if job.log_path is None:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            job.log_path = paths.logs_dir() / f"{stamp}-{job.job_id}.log"
        stop_file = job.log_path.with_suffix(".stop")
        # The jobs about to run side by side share the cores; what is left over goes to
        # reading this job's raster pages in parallel (one job on two cores: two OCR helpers).
        side_by_side = min(self._settings.concurrency, len(self._running) + 1 + len(self._queue))
        argv = worker_argv(
            job.path,
            ocr=self._settings.ocr,
            ocr_languages=self._settings.ocr_languages,
            ocr_processes=ocr_processes_for(side_by_side),
            stop_file=stop_file,
            prefix=self._worker_command,
        )
        process = WorkerProcess(argv, job.log_path, stop_file)
        # Parented to the manager, so it lives on the GUI thread: connections below are queued.
        signals = RunnableSignals(self)
        queued = Qt.ConnectionType.QueuedConnection
        signals.launched.connect(self._on_launched, queued)
        signals.ready.connect(self._on_worker_ready, queued)
        signals.first_progress.connect(self._on_first_progress, queued)
        signals.finished.connect(self._on_finished, queued)
        mailbox = ProgressMailbox()
        runnable = AnalysisRunnable(job.job_id, job.attempt, process, signals, mailbox)
        # We keep the runnable alive ourselves until its run() has returned (see _retire).
        runnable.setAutoDelete(False)
        job.run = AttemptRecord(process, runnable, signals, mailbox, started_mono=time.monotonic())
        job.state = JobState.RUNNING
        job.started, job.finished = time.time(), None
        job.percent, job.message = 0, "Starting"
        job.first_progress_at = job.worker_ready_at = job.pid = job.exit_code = None
        self._running[job.job_id] = job
        self._pool.start(runnable)
        if not self._watchdog.isActive():
            self._watchdog.start()
        if not self._progress_timer.isActive():
            self._progress_timer.start()
        self.job_started.emit(job.job_id)

    # -- from the runnables (queued, so on the GUI thread) --------------------------------------
    def _current_run(self, job_id: str, attempt: int) -> JobRecord | None:
        job = self._running.get(job_id)
        if job is None or job.attempt != attempt or job.run is None:
            return None
        return job

    def _on_launched(self, job_id: str, attempt: int, pid: int) -> None:
        job = self._current_run(job_id, attempt)
        if job is not None:
            job.pid = pid

    def _on_worker_ready(self, job_id: str, attempt: int) -> None:
        job = self._current_run(job_id, attempt)
        if job is not None and job.worker_ready_at is None:
            job.worker_ready_at = time.time()

    def _on_first_progress(self, job_id: str, attempt: int) -> None:
        job = self._current_run(job_id, attempt)
        if job is not None:
            self._flush_progress(job)

    def _on_finished(self, job_id: str, attempt: int, outcome: WorkerOutcome) -> None:
        job = self._current_run(job_id, attempt)
        if job is None:
            return  # already finalised (shut-down) or a stale attempt
        run = job.run
        assert run is not None
        if outcome.garbage_lines:
            log.warning("job %s: %d non-protocol lines", job_id, outcome.garbage_lines)
        verdict = decide_final_state(
            outcome, cancel_requested=run.cancel_requested, timeout_reason=run.timeout_reason
        )
        if verdict.state is JobState.SUCCESS:
            self._flush_progress(job)  # the last page's progress, before the finish
        self._running.pop(job_id)
        self._retire(run)
        job.run = None
        job.exit_code = outcome.exit_code
        if verdict.state in RETRYABLE_STATES and job.attempt <= self._settings.retries:
            self._requeue_for_retry(job, verdict.error or verdict.state.value)
        else:
            # A result is only ever shown for SUCCESS (a cancelled run's late result is not).
            result = outcome.result if verdict.state is JobState.SUCCESS else None
            self._finalise(job, verdict.state, verdict.error, result)
        self._emit_queue_changed()
        self._schedule_dispatch()

    def _requeue_for_retry(self, job: JobRecord, reason: str) -> None:
        backoff = min(MAX_BACKOFF_S, self.retry_backoff_s * 2 ** (job.attempt - 1))
        log.info("job %s attempt %d failed (%s); retrying", job.job_id, job.attempt, reason)
        job.attempt += 1
        job.state = JobState.QUEUED
        job.queued_at = time.time()
        job.not_before = time.monotonic() + backoff
        self._queue.appendleft(job.job_id)
        first_line = reason.splitlines()[0] if reason else ""
        self.job_retrying.emit(job.job_id, job.attempt, reason)
        self._show_progress(job, 0, f"{first_line} Retrying in {backoff:.0f} s.".strip())

    def _finalise(
        self, job: JobRecord, state: JobState, error: str | None, result: dict[str, Any] | None
    ) -> None:
        if job.state.is_final:
            log.error("job %s finalised twice (%s, then %s)", job.job_id, job.state, state)
            return
        job.state, job.error, job.result = state, error, result
        job.finished = time.time()
        if state is JobState.SUCCESS:
            job.percent = 100
        summary = {
            "result": result,
            "error": error,
            "log_path": job.log_path,
            "attempt": job.attempt,
            "exit_code": job.exit_code,
        }
        self.job_finished.emit(job.job_id, state, summary)

    # -- timers ----------------------------------------------------------------------------------
    def _check_time_limits(self) -> None:
        """The watchdog (1 Hz): soft limit asks the worker to stop, hard limit kills it.

        It also ends what is left of a worker's process group once the worker itself exited.
        """
        now = time.monotonic()
        soft, hard = self._settings.soft_limit_s, self._settings.hard_limit_s
        for job in list(self._running.values()):
            run = job.run
            if run is None:
                continue
            if run.process.end_orphaned_group():
                continue  # the worker is gone; its reader is about to report
            if run.cancel_requested or run.hard_killed:
                continue
            elapsed = now - run.started_mono
            if elapsed >= hard:
                run.hard_killed = True
                run.timeout_reason = (
                    f"Stopped: the analysis ran past the time limit of {hard:g} s "
                    "and its worker was killed."
                )
                run.process.kill()
            elif elapsed >= soft and not run.soft_stop_sent:
                run.soft_stop_sent = True
                run.timeout_reason = f"Stopped: the analysis ran past the time limit of {soft:g} s."
                run.process.request_stop()
                self._show_progress(job, job.percent, "Time limit reached, stopping…")
        if not self._running:
            self._watchdog.stop()

    def _kill_if_running(self, job_id: str, run: AttemptRecord) -> None:
        job = self._running.get(job_id)
        if job is not None and job.run is run:
            log.info("job %s did not stop within %g s; killing it", job_id, self.kill_grace_s)
            run.process.kill()

    def _flush_all_progress(self) -> None:
        for job in list(self._running.values()):
            self._flush_progress(job)
        self._drop_retired()
        if not self._running and not self._retiring:
            self._progress_timer.stop()

    def _flush_progress(self, job: JobRecord) -> None:
        if job.run is None:
            return
        latest = job.run.mailbox.take()
        if latest is None:
            return
        if job.first_progress_at is None:
            job.first_progress_at = time.time()
            if job.worker_ready_at is None:  # its hello is still on the way: it came first
                job.worker_ready_at = job.first_progress_at
        self._show_progress(job, *latest)

    def _show_progress(self, job: JobRecord, percent: int, message: str) -> None:
        job.percent, job.message = percent, message
        self.job_progress.emit(job.job_id, percent, message)

    # -- bookkeeping -----------------------------------------------------------------------------
    def _retire(self, run: AttemptRecord) -> None:
        self._retiring.append(run)
        if not self._progress_timer.isActive() and not self._closed:
            self._progress_timer.start()

    def _drop_retired(self) -> None:
        """Let go of runnables (and their signals) once their run() has certainly returned."""
        keep: list[AttemptRecord] = []
        for run in self._retiring:
            if run.runnable.done.is_set():
                run.retired_checks += 1
            # Seen done on an earlier tick too: the pool thread has long left run().
            if run.retired_checks >= 2:
                run.signals.deleteLater()
            else:
                keep.append(run)
        self._retiring = keep

    def _emit_queue_changed(self) -> None:
        counts = (len(self._running), len(self._queue))
        if counts != self._last_counts:
            self._last_counts = counts
            self.queue_changed.emit(*counts)
