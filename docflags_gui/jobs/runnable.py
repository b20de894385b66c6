"""AnalysisRunnable: runs one worker attempt on a pool thread and reports through a QObject.

The pool thread only blocks on `readline()` and `wait()`; killing the worker's process group
ends both. Progress does not travel as one queued signal per line: the latest value waits in a
ProgressMailbox that the manager drains on a timer, and only the first progress of an attempt
is announced by a signal so it shows at once. The signals object is created on the GUI thread,
so its connections to the manager are queued and every slot runs on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from docflags_gui.jobs.line_parser import parse_protocol_line
from docflags_gui.jobs.outcome import WorkerOutcome
from docflags_gui.jobs.process import WorkerProcess
from docflags_gui.worker import protocol

log = logging.getLogger(__name__)

# Garbage lines are logged, but a worker spewing thousands must not flood the app's log.
MAX_GARBAGE_LOGGED = 5
_LOG_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}


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
    """Signals of one AnalysisRunnable (a QRunnable is no QObject and cannot have signals)."""

    launched = Signal(str, int, int)  # job_id, attempt, pid
    ready = Signal(str, int)  # job_id, attempt: the worker said hello
    first_progress = Signal(str, int)  # job_id, attempt: the mailbox holds the first progress
    finished = Signal(str, int, object)  # job_id, attempt, WorkerOutcome; always the last emit


def progress_percent(message: protocol.Message) -> int:
    done, total = message.get("done"), message.get("total")
    if not isinstance(done, int) or not isinstance(total, int) or total <= 0:
        return 0
    return max(0, min(100, done * 100 // total))


class AnalysisRunnable(QRunnable):
    """One attempt of one job: launch the worker, read its protocol lines, reap it, report."""

    def __init__(
        self,
        job_id: str,
        attempt: int,
        process: WorkerProcess,
        signals: RunnableSignals,
        mailbox: ProgressMailbox,
    ) -> None:
        super().__init__()
        self.job_id = job_id
        self.attempt = attempt
        self.process = process
        self.signals = signals
        self.mailbox = mailbox
        # Set as the very last act of run(): after it, nothing on the pool thread touches
        # `signals`, so the manager may delete it.
        self.done = threading.Event()

    def run(self) -> None:
        outcome = WorkerOutcome()
        try:
            self._run_attempt(outcome)
        except Exception as exc:
            log.exception("job %s: reading the worker failed", self.job_id)
            if not outcome.launched:
                outcome.launch_error = str(exc) or type(exc).__name__
        finally:
            if outcome.launched and outcome.exit_code is None:
                # Only after an unexpected exception: never leave the child running or unreaped.
                self.process.kill()
                outcome.exit_code = self.process.reap()
            try:
                self.signals.finished.emit(self.job_id, self.attempt, outcome)
            finally:
                self.done.set()

    def _run_attempt(self, outcome: WorkerOutcome) -> None:
        if not self.process.launch():
            return  # cancelled before it started
        outcome.launched = True
        pid = self.process.pid
        self.signals.launched.emit(self.job_id, self.attempt, pid if pid is not None else 0)
        for line in self.process.lines():
            self._handle_line(line, outcome)
        outcome.exit_code = self.process.reap()
        no_terminal = outcome.result is None and outcome.error_message is None
        if no_terminal or outcome.exit_code != 0:
            outcome.stderr_tail = self.process.stderr_tail()

    def _handle_line(self, line: bytes, outcome: WorkerOutcome) -> None:
        message = parse_protocol_line(line) if line.endswith(b"\n") else None
        if message is None:
            if line.strip():
                outcome.garbage_lines += 1
                if outcome.garbage_lines <= MAX_GARBAGE_LOGGED:
                    log.warning("job %s: not a protocol line: %r", self.job_id, line[:200])
            return
        kind = message["type"]
        if kind == protocol.PROGRESS:
            text = message.get("message")
            if self.mailbox.post(progress_percent(message), text if isinstance(text, str) else ""):
                self.signals.first_progress.emit(self.job_id, self.attempt)
        elif kind in protocol.TERMINAL_TYPES:
            self._handle_terminal(message, outcome)
        elif kind == protocol.LOG:
            level = _LOG_LEVELS.get(str(message.get("level")), logging.WARNING)
            log.log(level, "job %s worker: %s", self.job_id, message.get("message"))
        elif kind == protocol.HELLO:
            self.signals.ready.emit(self.job_id, self.attempt)
        # Unknown types (e.g. streamed flags) need nothing here.

    def _handle_terminal(self, message: dict[str, Any], outcome: WorkerOutcome) -> None:
        if outcome.result is not None or outcome.error_message is not None:
            log.warning("job %s: a second terminal message ignored", self.job_id)
            return
        if message["type"] == protocol.RESULT:
            document = message.get("result")
            if isinstance(document, dict):
                outcome.result = document
            else:
                log.warning("job %s: a result message without a document", self.job_id)
            return
        code, text = message.get("code"), message.get("message")
        outcome.error_code = code if isinstance(code, str) else "internal"
        outcome.error_message = text if isinstance(text, str) and text else "The analysis failed."
