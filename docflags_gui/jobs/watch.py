"""AttemptWatch: the JobManager's timers over its running attempts.

A 1 Hz watchdog applies runner.control's time limits to every running attempt (and a kill
after a cancel's grace); a 100 ms timer shows each attempt's latest progress from its mailbox
(coalesced: at most one job_progress per job and tick) and lets go of finished runnables once
their pool thread has left run(). Both run only while there is something to watch. Everything
here lives on the manager's (GUI) thread.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QTimer

from docflags_gui.jobs.launcher import time_limits
from docflags_gui.jobs.records import ManagedJob, RetiredAttempts, RunningAttempt
from docflags_gui.jobs.state import JobSettings
from docflags_gui.runner.control import LimitEvent

log = logging.getLogger(__name__)


class AttemptWatch(QObject):
    """Watches `running` (the manager's own dict of running jobs, shared, not copied)."""

    def __init__(
        self,
        running: dict[str, ManagedJob],
        settings: Callable[[], JobSettings],
        kill_grace_s: Callable[[], float],
        show_progress: Callable[[ManagedJob, int, str], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._running = running
        self._settings = settings
        self._kill_grace_s = kill_grace_s
        self._show_progress = show_progress
        self._retiring = RetiredAttempts()
        self._stopped = False
        self._watchdog = QTimer(self, interval=1000)
        self._watchdog.timeout.connect(self._check_time_limits)
        self._progress_timer = QTimer(self, interval=100)
        self._progress_timer.timeout.connect(self._flush_all_progress)

    def set_interval(self, milliseconds: int) -> None:
        self._watchdog.setInterval(milliseconds)

    def attempt_started(self) -> None:
        if not self._watchdog.isActive():
            self._watchdog.start()
        if not self._progress_timer.isActive():
            self._progress_timer.start()

    def attempt_ended(self, run: RunningAttempt) -> None:
        """Keep `run` alive until its runnable has certainly left run()."""
        self._retiring.add(run)
        if not self._progress_timer.isActive() and not self._stopped:
            self._progress_timer.start()  # it lets go of the runnable later

    def check_after_grace(self, job_id: str, run: RunningAttempt) -> None:
        """A cancel asked the worker to stop: look again when its grace is over."""
        # The watchdog kills after the grace; this looks right then (a coarse timer may fire
        # up to 5 % early).
        grace_ms = math.ceil(self._kill_grace_s() * 1050) + 1
        QTimer.singleShot(grace_ms, self, partial(self._check_one, job_id, run))

    def stop(self) -> None:
        self._stopped = True
        self._watchdog.stop()
        self._progress_timer.stop()

    def flush_progress(self, job: ManagedJob) -> None:
        latest = job.take_progress()
        if latest is not None:
            self._show_progress(job, *latest)

    def _check_time_limits(self) -> None:
        """The watchdog: runner.control's check for every running attempt."""
        now = time.monotonic()
        for job in list(self._running.values()):
            if job.run is not None:
                self._check_one(job.job_id, job.run, now)
        if not self._running:
            self._watchdog.stop()

    def _check_one(self, job_id: str, run: RunningAttempt, now: float | None = None) -> None:
        job = self._running.get(job_id)
        if job is None or job.run is not run:
            return  # ended meanwhile
        grace = self._kill_grace_s()
        event = run.control.check(time_limits(self._settings(), grace, run.control.attempt), now)
        if event is LimitEvent.SOFT_STOP:
            self._show_progress(job, job.percent, "Time limit reached, stopping…")
        elif event is LimitEvent.KILLED and run.control.cancel_requested:
            log.info("job %s did not stop within %g s; killed it", job_id, grace)

    def _flush_all_progress(self) -> None:
        for job in list(self._running.values()):
            self.flush_progress(job)
        self._retiring.drop_done()
        if not self._running and not self._retiring:
            self._progress_timer.stop()
