"""Run one attempt of a job: launch its worker, read the protocol, reap, report the outcome.

`run_attempt` is the one reading loop of docflags: the app's pool threads (jobs.runnable) and
the command line's threads (runner.batch) both call it, through `LocalAttempt.run`. It only
blocks on `readline()` and `wait()`; killing the worker's process group ends both. It never
raises: whatever happens, the child is reaped and a WorkerOutcome comes back.

What the worker says along the way goes to an AttemptListener, called on the reading thread:
implementations hand it over to their own thread (a mailbox, a queue) and must not block.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Protocol

from docflags_gui.result import ResultError, parse_result
from docflags_gui.runner.heap import kept_out_of_the_collector
from docflags_gui.runner.line_parser import LARGE_LINE_BYTES, parse_protocol_line
from docflags_gui.runner.outcome import WorkerOutcome
from docflags_gui.runner.process import WorkerProcess
from docflags_gui.worker import protocol

log = logging.getLogger(__name__)

# Garbage lines are logged, but a worker spewing thousands must not flood the parent's log.
MAX_GARBAGE_LOGGED = 5
_LOG_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}
# Large result lines are parsed and checked one at a time, whatever the number of jobs: the
# threads share one interpreter lock, so parsing side by side is no faster, and every thread
# that wants the lock makes the app's GUI thread wait longer for its turn. A thread waiting here
# does not compete for the interpreter at all.
_ONE_LARGE_LINE_AT_A_TIME = threading.Lock()


class AttemptListener(Protocol):
    """Told, on the reading thread, what a running attempt reports; must return quickly."""

    def launched(self, pid: int) -> None:
        """The worker process exists (pid 0 where an executor has no local process)."""

    def ready(self) -> None:
        """The worker said hello: it is up and reading its input."""

    def progress(self, percent: int, message: str) -> None:
        """The latest progress, 0-100, and the worker's words ("Page 15/35: OCR")."""


class QuietListener:
    """An AttemptListener that ignores everything (for callers that only want the outcome)."""

    def launched(self, pid: int) -> None:
        pass

    def ready(self) -> None:
        pass

    def progress(self, percent: int, message: str) -> None:
        pass


def progress_percent(message: protocol.Message) -> int:
    done, total = message.get("done"), message.get("total")
    if not isinstance(done, int) or not isinstance(total, int) or total <= 0:
        return 0
    return max(0, min(100, done * 100 // total))


def run_attempt(
    process: WorkerProcess, listener: AttemptListener, label: str, *, in_pieces: bool = True
) -> WorkerOutcome:
    """Launch `process`, feed its protocol lines to `listener`, reap it; never raises.

    `label` names the job in this process's log. A stop requested before the launch means no
    process at all (`outcome.launched` stays False). `in_pieces`: a big result line is parsed
    in pieces, for a process whose GUI thread must keep running (runner.line_parser).
    """
    outcome = WorkerOutcome()
    try:
        _read_attempt(process, listener, label, outcome, in_pieces)
    except Exception as exc:
        log.exception("job %s: running the worker failed", label)
        if not outcome.launched:
            outcome.launch_error = str(exc) or type(exc).__name__
    finally:
        if outcome.launched and outcome.exit_code is None:
            # Only after an unexpected exception: never leave the child running or unreaped.
            process.kill()
            outcome.exit_code = process.reap()
    if outcome.garbage_lines:
        log.warning("job %s: %d non-protocol lines", label, outcome.garbage_lines)
    return outcome


def _read_attempt(
    process: WorkerProcess,
    listener: AttemptListener,
    label: str,
    outcome: WorkerOutcome,
    in_pieces: bool,
) -> None:
    if not process.launch():
        return  # stopped before it started
    outcome.launched = True
    pid = process.pid
    listener.launched(pid if pid is not None else 0)
    for line in process.lines():
        _handle_line(line, listener, label, outcome, in_pieces)
    outcome.exit_code = process.reap()
    no_terminal = outcome.result is None and outcome.error_message is None
    if no_terminal or outcome.exit_code != 0:
        outcome.stderr_tail = process.stderr_tail()


def _handle_line(
    line: bytes,
    listener: AttemptListener,
    label: str,
    outcome: WorkerOutcome,
    in_pieces: bool = True,
) -> None:
    if len(line) < LARGE_LINE_BYTES:
        _handle_whole_line(line, listener, label, outcome, in_pieces)
        return
    with _ONE_LARGE_LINE_AT_A_TIME, kept_out_of_the_collector():
        _handle_whole_line(line, listener, label, outcome, in_pieces)


def _handle_whole_line(
    line: bytes, listener: AttemptListener, label: str, outcome: WorkerOutcome, in_pieces: bool
) -> None:
    message = parse_protocol_line(line, in_pieces) if line.endswith(b"\n") else None
    if message is None:
        if line.strip():
            outcome.garbage_lines += 1
            if outcome.garbage_lines <= MAX_GARBAGE_LOGGED:
                log.warning("job %s: not a protocol line: %r", label, line[:200])
        return
    kind = message["type"]
    if kind == protocol.PROGRESS:
        if outcome.result is None and outcome.error_message is None:
            text = message.get("message")
            listener.progress(progress_percent(message), text if isinstance(text, str) else "")
    elif kind in protocol.TERMINAL_TYPES:
        _handle_terminal(message, label, outcome)
    elif kind == protocol.LOG:
        level = _LOG_LEVELS.get(str(message.get("level")), logging.WARNING)
        log.log(level, "job %s worker: %s", label, message.get("message"))
    elif kind == protocol.HELLO:
        listener.ready()
    # Unknown types (e.g. streamed flags) need nothing here.


def _handle_terminal(message: dict[str, Any], label: str, outcome: WorkerOutcome) -> None:
    if outcome.result is not None or outcome.error_message is not None:
        log.warning("job %s: a second terminal message ignored", label)
        return
    if message["type"] == protocol.RESULT:
        # The one place a worker's result enters the program: checked here, trusted after.
        try:
            outcome.result = parse_result(message.get("result"))
        except ResultError as exc:
            log.warning("job %s: the worker's result is not a docflags/1 document: %s", label, exc)
            outcome.error_code = "internal"
            outcome.error_message = f"The worker sent a result that is not valid: {exc}."
        return
    code, text = message.get("code"), message.get("message")
    outcome.error_code = code if isinstance(code, str) else "internal"
    outcome.error_message = text if isinstance(text, str) and text else "The analysis failed."


class LocalAttempt:
    """One attempt as a subprocess on this machine (the Attempt of LocalExecutor)."""

    def __init__(self, process: WorkerProcess, label: str, *, in_pieces: bool = True) -> None:
        self.process = process
        self.label = label
        self.in_pieces = in_pieces

    @property
    def pid(self) -> int | None:
        return self.process.pid

    @property
    def log_path(self) -> Path | None:
        return self.process.log_path

    def run(self, listener: AttemptListener) -> WorkerOutcome:
        return run_attempt(self.process, listener, self.label, in_pieces=self.in_pieces)

    def request_stop(self) -> None:
        self.process.request_stop()

    def kill(self) -> None:
        self.process.kill()

    def end_orphans(self) -> bool:
        return self.process.end_orphaned_group()

    def stderr_tail(self) -> str:
        return self.process.stderr_tail()
