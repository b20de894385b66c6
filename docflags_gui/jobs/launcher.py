"""Starting one attempt of a job on the pool: its spec, log, attempt, runnable and signals."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt

from docflags_gui import paths
from docflags_gui.jobs.records import ManagedJob, RunningAttempt
from docflags_gui.jobs.runnable import AttemptRunnable, ProgressMailbox, RunnableSignals
from docflags_gui.jobs.state import JobSettings
from docflags_gui.runner.control import AttemptControl, TimeLimits
from docflags_gui.runner.executor import Attempt, Executor
from docflags_gui.runner.logs import job_log_path, prune_logs
from docflags_gui.runner.outcome import WorkerOutcome
from docflags_gui.runner.spec import ANALYZE, JobSpec
from docflags_gui.worker.launch import ocr_processes_for

# The app prunes its job logs on its first start of a job, then every this many starts.
PRUNE_EVERY = 50


def time_limits(
    settings: JobSettings, stop_grace_s: float, attempt: Attempt | None = None
) -> TimeLimits:
    """The watchdog's limits for `attempt`: none where its executor enforces them itself (a
    cluster node: time spent waiting in the cluster's queue must not count)."""
    if getattr(attempt, "limits_on_node", False):
        return TimeLimits(None, None, stop_grace_s)
    return TimeLimits(settings.soft_limit_s, settings.hard_limit_s, stop_grace_s)


def analysis_spec(path: Path, settings: JobSettings, side_by_side: int) -> JobSpec:
    """The spec of an analysis; `side_by_side` jobs share the cores, and what is left over
    goes to reading this job's raster pages in parallel (one job on two cores: two helpers)."""
    return JobSpec(
        ANALYZE,
        path,
        {
            "ocr": settings.ocr,
            "ocr_languages": settings.ocr_languages,
            "max_memory": settings.max_memory_mb * 1024 * 1024,
            "ocr_processes": ocr_processes_for(side_by_side),
        },
    )


class AttemptSlots:
    """The manager's slots a runnable's signals are connected to (queued: GUI thread)."""

    def __init__(
        self,
        launched: Callable[[str, int, int], None],
        ready: Callable[[str, int], None],
        first_progress: Callable[[str, int], None],
        finished: Callable[[str, int, WorkerOutcome], None],
    ) -> None:
        self.launched = launched
        self.ready = ready
        self.first_progress = first_progress
        self.finished = finished


class AttemptLauncher:
    """Makes the RunningAttempt of a job's next attempt (the pool starts its runnable)."""

    def __init__(self, executor: Executor, owner: QObject, slots: AttemptSlots) -> None:
        self.executor = executor
        self._owner = owner
        self._slots = slots
        self._starts = 0

    def prepare(self, job: ManagedJob, spec: JobSpec) -> RunningAttempt:
        """OSError when the logs folder cannot be used."""
        if job.log_path is None:
            logs = paths.logs_dir()
            if self._starts % PRUNE_EVERY == 0:
                prune_logs(logs)
            job.log_path = job_log_path(logs, spec.kind, job.job_id, job.path)
        self._starts += 1
        attempt = self.executor.attempt(spec, job.log_path, job.job_id)
        # Parented to the manager, so it lives on the GUI thread: connections are queued.
        signals = RunnableSignals(self._owner)
        queued = Qt.ConnectionType.QueuedConnection
        signals.launched.connect(self._slots.launched, queued)
        signals.ready.connect(self._slots.ready, queued)
        signals.first_progress.connect(self._slots.first_progress, queued)
        signals.finished.connect(self._slots.finished, queued)
        mailbox = ProgressMailbox()
        runnable = AttemptRunnable(job.job_id, job.attempt, attempt, signals, mailbox)
        # The manager keeps the runnable alive itself until its run() has returned.
        runnable.setAutoDelete(False)
        control = AttemptControl(attempt, started_mono=time.monotonic())
        return RunningAttempt(control, runnable, signals, mailbox)
