"""The manager's mutable records of jobs and of their running attempts, and JobInfo snapshots.

Only the JobManager, on the GUI thread, reads or writes these; everyone else gets JobInfo.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docflags_gui.jobs.process import WorkerProcess
from docflags_gui.jobs.runnable import AnalysisRunnable, ProgressMailbox, RunnableSignals
from docflags_gui.jobs.state import JobInfo, JobState


@dataclass
class JobRecord:
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
    result: dict[str, Any] | None = None
    error: str | None = None
    log_path: Path | None = None
    pid: int | None = None
    exit_code: int | None = None
    not_before: float = 0.0  # monotonic: a retry waits out its back-off
    run: AttemptRecord | None = None


@dataclass
class AttemptRecord:
    """The running attempt of a job: its process, runnable, signals and stop bookkeeping."""

    process: WorkerProcess
    runnable: AnalysisRunnable
    signals: RunnableSignals
    mailbox: ProgressMailbox
    started_mono: float
    cancel_requested: bool = False
    soft_stop_sent: bool = False
    hard_killed: bool = False
    timeout_reason: str | None = None
    retired_checks: int = 0


def snapshot(job: JobRecord) -> JobInfo:
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
        error=job.error,
        log_path=job.log_path,
        queued_at=job.queued_at,
        first_progress_at=job.first_progress_at,
        worker_ready_at=job.worker_ready_at,
        pid=job.pid,
        exit_code=job.exit_code,
    )
