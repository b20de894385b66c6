"""AttemptRunnable: runs one attempt (runner.attempt) on a pool thread, reports through a QObject.

Progress does not travel as one queued signal per line: the latest value waits in a
ProgressMailbox that the manager drains on a timer, and only the first progress of an attempt
is announced by a signal so it shows at once. The signals object is created on the GUI thread,
so its connections to the manager are queued and every slot runs on the GUI thread.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, Signal

from docflags_gui.result_digest import digest_flags
from docflags_gui.runner.executor import Attempt
from docflags_gui.runner.outcome import WorkerOutcome


class ProgressMailbox:
    """The latest progress of one attempt, written by the pool thread, taken by the GUI thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest: tuple[int, str] | None = None
        self._posted_any = False

    def post(self, percent: int, message: str) -> bool:
        """Store the latest progress; True for the first one of the attempt."""
        with self._lock:
            self._latest = (percent, message)
            first = not self._posted_any
            self._posted_any = True
            return first

    def take(self) -> tuple[int, str] | None:
        with self._lock:
            latest, self._latest = self._latest, None
            return latest


class RunnableSignals(QObject):
    """Signals of one AttemptRunnable (a QRunnable is no QObject and cannot have signals)."""

    launched = Signal(str, int, int)  # job_id, attempt, pid
    ready = Signal(str, int)  # job_id, attempt: the worker said hello
    first_progress = Signal(str, int)  # job_id, attempt: the mailbox holds the first progress
    finished = Signal(str, int, object)  # job_id, attempt, WorkerOutcome; always the last emit


class _SignalListener:
    """The AttemptListener of a runnable: progress to the mailbox, the rest as signals."""

    def __init__(
        self, job_id: str, attempt: int, signals: RunnableSignals, mailbox: ProgressMailbox
    ) -> None:
        self._job_id = job_id
        self._attempt = attempt
        self._signals = signals
        self._mailbox = mailbox

    def launched(self, pid: int) -> None:
        self._signals.launched.emit(self._job_id, self._attempt, pid)

    def ready(self) -> None:
        self._signals.ready.emit(self._job_id, self._attempt)

    def progress(self, percent: int, message: str) -> None:
        if self._mailbox.post(percent, message):
            self._signals.first_progress.emit(self._job_id, self._attempt)


class AttemptRunnable(QRunnable):
    """One attempt of one job on a pool thread: `attempt.run`, then `finished` with the outcome."""

    def __init__(
        self,
        job_id: str,
        attempt_number: int,
        attempt: Attempt,
        signals: RunnableSignals,
        mailbox: ProgressMailbox,
    ) -> None:
        super().__init__()
        self.job_id = job_id
        self.attempt_number = attempt_number
        self.attempt = attempt
        self.signals = signals
        self.mailbox = mailbox
        # Set as the very last act of run(): after it, nothing on the pool thread touches
        # `signals`, so the manager may delete it.
        self.done = threading.Event()

    def run(self) -> None:
        listener = _SignalListener(self.job_id, self.attempt_number, self.signals, self.mailbox)
        outcome: WorkerOutcome | None = None
        try:
            outcome = self.attempt.run(listener)
            if outcome.result is not None:
                # Here, not on the GUI thread that shows the result (ui/flags_panel.py).
                outcome.digest = digest_flags(outcome.result["flags"])
        finally:
            try:
                self.signals.finished.emit(
                    self.job_id, self.attempt_number, outcome or WorkerOutcome()
                )
            finally:
                self.done.set()
