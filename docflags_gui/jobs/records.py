"""The manager's mutable records of jobs and of their attempts (running, and finished but not
yet let go of), and JobInfo snapshots.

Only the JobManager, on the GUI thread, reads or writes these; everyone else gets JobInfo.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docflags_gui.jobs.runnable import AttemptRunnable, ProgressMailbox, RunnableSignals
from docflags_gui.jobs.state import JobInfo
from docflags_gui.result import ResultDocument
from docflags_gui.result_digest import ResultDigest
from docflags_gui.runner.control import AttemptControl
from docflags_gui.runner.spec import ANALYZE, MATCH, JobSpec
from docflags_gui.runner.states import JobState

MAX_BACKOFF_S = 60.0


@dataclass
class ManagedJob:
    """The manager's own, mutable record of a job; the GUI only ever sees JobInfo copies."""

    job_id: str
    path: Path
    queued_at: float
    state: JobState = JobState.QUEUED
    percent: int = 0
    message: str = "Waiting"
    attempt: int = 1
    started: float | None = None
    finished: float | None = None
    first_progress_at: float | None = None
    worker_ready_at: float | None = None
    result: ResultDocument | None = None
    digest: ResultDigest | None = None  # the result's, made on the pool thread
    error: str | None = None
    log_path: Path | None = None
    pid: int | None = None
    exit_code: int | None = None
    not_before: float = 0.0  # monotonic: a retry waits out its back-off
    run: RunningAttempt | None = None
    spec: JobSpec | None = None  # None: analyse `path` with the settings of the moment
    report_job: str | None = None

    def begin_attempt(self, run: RunningAttempt) -> None:
        self.run = run
        self.state = JobState.RUNNING
        self.started, self.finished = time.time(), None
        self.percent, self.message = 0, "Starting"
        self.first_progress_at = self.worker_ready_at = self.pid = self.exit_code = None

    def take_progress(self) -> tuple[int, str] | None:
        """The attempt's latest progress not yet shown, if any (percent, message)."""
        latest = self.run.mailbox.take() if self.run is not None else None
        if latest is not None and self.first_progress_at is None:
            self.first_progress_at = time.time()
            if self.worker_ready_at is None:  # its hello is still on the way: it came first
                self.worker_ready_at = self.first_progress_at
        return latest

    def requeue(self, base_backoff_s: float) -> float:
        """Back to QUEUED for its next attempt, which may start after a back-off (returned):
        `base_backoff_s * 2 ** (attempt - 1)`, at most MAX_BACKOFF_S."""
        backoff_s: float = min(MAX_BACKOFF_S, base_backoff_s * 2.0 ** (self.attempt - 1))
        self.attempt += 1
        self.state = JobState.QUEUED
        self.queued_at = time.time()
        self.not_before = time.monotonic() + backoff_s
        return backoff_s

    def end(
        self, state: JobState, error: str | None, result: ResultDocument | None
    ) -> dict[str, Any]:
        """Enter the final `state`; returns the summary job_finished carries."""
        self.state, self.error, self.result = state, error, result
        self.finished = time.time()
        if state is JobState.SUCCESS:
            self.percent = 100
        return {
            "result": result,
            "error": error,
            "log_path": self.log_path,
            "attempt": self.attempt,
            "exit_code": self.exit_code,
        }


@dataclass
class RunningAttempt:
    """The running attempt of a job: its stop bookkeeping, runnable, signals and mailbox."""

    control: AttemptControl
    runnable: AttemptRunnable
    signals: RunnableSignals
    mailbox: ProgressMailbox
    retired_checks: int = 0


def snapshot(job: ManagedJob) -> JobInfo:
    return JobInfo(
        job_id=job.job_id,
        path=job.path,
        state=job.state,
        percent=job.percent,
        message=job.message,
        started=job.started,
        finished=job.finished,
        attempt=job.attempt,
        result=job.result,
        digest=job.digest,
        error=job.error,
        log_path=job.log_path,
        queued_at=job.queued_at,
        first_progress_at=job.first_progress_at,
        worker_ready_at=job.worker_ready_at,
        pid=job.pid,
        exit_code=job.exit_code,
        kind=job.spec.kind if job.spec is not None else ANALYZE,
        manuscript=job.spec.input if job.spec is not None and job.spec.kind == MATCH else None,
        report_job=job.report_job,
    )


class RetiredAttempts:
    """Finished attempts whose runnable may still be leaving run(): kept alive until it has."""

    def __init__(self) -> None:
        self._runs: list[RunningAttempt] = []

    def __bool__(self) -> bool:
        return bool(self._runs)

    def add(self, run: RunningAttempt) -> None:
        self._runs.append(run)

    def drop_done(self) -> None:
        """Let go of runnables (and their signals) once their run() has certainly returned."""
        keep: list[RunningAttempt] = []
        for run in self._runs:
            if run.runnable.done.is_set():
                run.retired_checks += 1
            # Seen done on an earlier tick too: the pool thread has long left run().
            if run.retired_checks >= 2:
                run.signals.deleteLater()
            else:
                keep.append(run)
        self._runs = keep
