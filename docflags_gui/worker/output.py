"""The worker's stdout discipline: protocol lines only, written whole, progress throttled.

Everything else a worker process might print (stray `print`s, MuPDF and Tesseract messages
written by C code to file descriptor 1, warnings) is redirected to stderr, the job's log file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

from docflags_gui.worker import protocol


class ParentGone(Exception):
    """The protocol pipe is closed: nobody reads our output any more."""


class ProtocolWriter:
    """Writes protocol messages to the real stdout, one whole line per write, flushed."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._ended = False

    def send(self, message: protocol.Message) -> None:
        self.send_encoded(protocol.encode(message), last=protocol.is_terminal(message))

    def send_encoded(self, line: bytes, last: bool = False) -> None:
        """Write a line `protocol.encode` made (a result is encoded once, before it is sent:
        a 900-flag result takes 11 ms to encode); `last` for the terminal message, after
        which nothing is written (the memory watch's `send_last` neither)."""
        with self._lock:
            if self._ended:
                return  # a last word was said (`send_last`); the process is about to exit
            self._ended = last
            try:
                self._stream.write(line)
                self._stream.flush()
            except (BrokenPipeError, ValueError) as exc:  # ValueError: stream already closed
                raise ParentGone(str(exc)) from exc

    def send_last(self, message: protocol.Message) -> bool:
        """Write `message` and nothing after it, from any thread: the memory watch ends the
        process with it while the engine is still running. False, writing nothing, when the
        engine's own terminal message went first."""
        with self._lock:
            if self._ended:
                return False
            self._ended = True
            try:
                self._stream.write(protocol.encode(message))
                self._stream.flush()
            except (BrokenPipeError, ValueError):
                pass  # nobody reads any more: the exit code still says it
            return True


class ProgressThrottle:
    """Forwards engine progress at most every `interval` seconds, never losing the latest state.

    The first and the final update (done == total) always go out at once. An update that comes
    too soon is held back and sent by a timer when the interval is up, unless a newer one
    replaces it first, so the parent always ends up showing the current page and stage.
    """

    def __init__(
        self,
        writer: ProtocolWriter,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._writer = writer
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._last_sent: float | None = None
        self._pending: protocol.Message | None = None
        self._timer: threading.Timer | None = None
        self._closed = False

    def update(self, done: int, total: int, message: str) -> None:
        """The engine's progress callback: (pages done, total pages, "Page 15/35: OCR")."""
        stage = "done" if done >= total else protocol.stage_of(message)
        msg = protocol.progress(done, total, stage, message)
        with self._lock:
            if self._closed:
                return
            now = self._clock()
            due = self._last_sent is None or now - self._last_sent >= self._interval
            if due or done >= total:
                self._cancel_timer()
                self._pending = None
                self._send(msg, now)
                return
            self._pending = msg
            if self._timer is None:
                assert self._last_sent is not None
                delay = max(0.0, self._interval - (now - self._last_sent))
                self._timer = threading.Timer(delay, self._flush)
                self._timer.daemon = True
                self._timer.start()

    def close(self) -> None:
        """Stop sending: drops a held-back update (a terminal message follows)."""
        with self._lock:
            self._closed = True
            self._pending = None
            self._cancel_timer()

    def _flush(self) -> None:
        with self._lock:
            self._timer = None
            if self._pending is not None and not self._closed:
                self._send(self._pending, self._clock())
                self._pending = None

    def _send(self, msg: protocol.Message, now: float) -> None:
        try:
            self._writer.send(msg)
        except ParentGone:
            # Progress is best effort; the terminal message will report the broken pipe.
            self._closed = True
        self._last_sent = now

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


class ProtocolLogHandler(logging.Handler):
    """Sends log records (warnings and worse from docflags' own loggers) as protocol `log` lines."""

    def __init__(self, writer: ProtocolWriter, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self._writer = writer

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._writer.send(protocol.log(record.levelname.lower(), record.getMessage()))
        except ParentGone:
            pass  # logged to stderr by the other handler anyway
        except Exception:
            self.handleError(record)


@contextmanager
def protocol_stdout() -> Iterator[BinaryIO]:
    """Yield a binary stream onto the real stdout; meanwhile fd 1 and sys.stdout go to stderr.

    Redirecting at the file-descriptor level also catches C libraries (MuPDF, Tesseract) that
    write to fd 1 directly. Restored on exit, so tests can run a worker in-process.
    """
    if sys.stdout is not None:
        sys.stdout.flush()
    saved_fd = os.dup(1)
    stream = os.fdopen(os.dup(1), "wb")
    saved_stdout = sys.stdout
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        yield stream
    finally:
        with contextlib.suppress(OSError):  # the pipe is gone: nothing left to tell anyone
            stream.close()
        if sys.stderr is not None:
            sys.stderr.flush()
        os.dup2(saved_fd, 1)
        os.close(saved_fd)
        sys.stdout = saved_stdout
