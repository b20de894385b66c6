"""Tesseract calls in helper processes, so that a document's raster pages are read on several
cores at once with MuPDF's built-in Tesseract (the fallback OCR backend): one call runs on one
core, and PyMuPDF holds the interpreter lock while it runs, so threads cannot share it. (The
tesserocr backend lets go of the lock and reads on threads instead: `ocr_threads.py`.)

A helper is this program's own entry point (`--ocr-helper`, `docflags_gui.worker.ocr_helper`);
the engine is handed its command line in `AnalysisOptions`, so it never needs to know how it
was installed (frozen bundle or Python). Each helper has a thread here that starts it, feeds
it one canvas at a time and reads back the answer: messages are length-prefixed pickles over
the helper's stdin and stdout (both ends are this same program): in, the backend's name and
the canvas; out, what the backend read (`ocr_backend.Recognised`, a few kilobytes). Stopping
the helpers: close their stdin (they exit at end of input) or kill them; on Linux a helper also
dies with the thread that started it (PR_SET_PDEATHSIG in the helper).
"""

from __future__ import annotations

import contextlib
import logging
import pickle
import queue
import struct
import subprocess
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import IO, Any

from docflags_gui.analysis.ocr import Canvas
from docflags_gui.analysis.ocr_backend import MUPDF, Recognised, load_backend

log = logging.getLogger(__name__)

_LENGTH = struct.Struct("!Q")
# How long a helper may take to exit once its input is closed before it is killed.
EXIT_GRACE_S = 2.0


class HelperGone(Exception):
    """A helper process could not be started or died: read that canvas in this process."""


def write_message(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def read_message(stream: IO[bytes]) -> Any:
    """The next message; EOFError at the end of the stream (also when it ends mid-message)."""
    head = _read_exactly(stream, _LENGTH.size)
    (length,) = _LENGTH.unpack(head)
    return pickle.loads(_read_exactly(stream, length))


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if data is None or len(data) < size:
        raise EOFError("stream ended")
    return data


# What a helper is asked: (backend name, canvas); what it answers: ("ok", what it read) or
# ("error", message) for a failed Tesseract call.
def recognise_message(request: tuple[str, Canvas]) -> tuple[str, Recognised | str]:
    backend_name, canvas = request
    try:
        return ("ok", load_backend(backend_name).recognise(canvas))
    except Exception as exc:  # MuPDF/Tesseract errors travel back as text
        return ("error", str(exc) or type(exc).__name__)


Job = tuple[Canvas, Future[Recognised]]


def _take_queued(jobs: queue.Queue[Job | None]) -> list[Future[Recognised]]:
    """Take the queued canvases off `jobs`; their futures. A stop signal met on the way is put
    back for the helper it is meant for."""
    taken: list[Future[Recognised]] = []
    while True:
        try:
            job = jobs.get_nowait()
        except queue.Empty:
            return taken
        if job is None:
            jobs.put(None)
            return taken
        taken.append(job[1])


class _Helper(threading.Thread):
    """One helper process and the thread that talks to it; takes canvases from `jobs` and has
    them read with the backend named `backend`."""

    def __init__(
        self,
        command: Sequence[str],
        jobs: queue.Queue[Job | None],
        backend: str,
    ) -> None:
        super().__init__(name="ocr-helper", daemon=True)
        self._command = list(command)
        self._jobs = jobs
        self._backend = backend
        self._lock = threading.Lock()
        self.process: subprocess.Popen[bytes] | None = None
        self.gone = False

    def run(self) -> None:
        try:
            self._serve()
        finally:
            self._reap()

    def _serve(self) -> None:
        try:
            self._start()
        except OSError as exc:
            log.warning("cannot start an OCR helper: %s", exc)
            self.gone = True
            self._fail_the_rest()
            return
        while True:
            job = self._jobs.get()
            if job is None:
                return
            canvas, future = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                answer = self._ask(canvas)
            except (OSError, EOFError, pickle.PickleError) as exc:
                self.gone = True
                future.set_exception(HelperGone(f"OCR helper stopped ({exc})"))
                self._fail_the_rest()
                return
            status, payload = answer
            if status == "ok" and isinstance(payload, tuple):
                future.set_result(payload)
            else:
                future.set_exception(RuntimeError(str(payload)))

    def _ask(self, canvas: Canvas) -> Any:
        process = self._start()
        assert process.stdin is not None and process.stdout is not None
        write_message(process.stdin, (self._backend, canvas))
        return read_message(process.stdout)

    def _start(self) -> subprocess.Popen[bytes]:
        with self._lock:
            if self.process is None:
                # stderr is inherited: the worker's own log (the job's log file).
                self.process = subprocess.Popen(
                    self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE
                )
            return self.process

    def _fail_the_rest(self) -> None:
        """Fail the canvases still queued (HelperGone), so that the engine reads their pages
        itself at once: a helper that died may have been the only one."""
        for future in _take_queued(self._jobs):
            if future.set_running_or_notify_cancel():
                future.set_exception(HelperGone("OCR helper stopped"))

    def kill(self) -> None:
        with self._lock:
            process = self.process
        if process is not None and process.poll() is None:
            process.kill()

    def _reap(self) -> None:
        with self._lock:
            process = self.process
        if process is None:
            return
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            process.wait(EXIT_GRACE_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


class OcrHelpers:
    """Up to `size` helper processes reading with the backend named `backend`, started on
    first use; `submit` queues a canvas and returns a Future of what was read (HelperGone when
    no helper could read it)."""

    def __init__(self, command: Sequence[str], size: int, backend: str = MUPDF) -> None:
        if not command:
            raise ValueError("no command to start an OCR helper with")
        self._command = list(command)
        self._backend = backend
        self._size = max(1, size)
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._helpers: list[_Helper] = []
        self._closed = False

    @property
    def size(self) -> int:
        return self._size

    def submit(self, canvas: Canvas) -> Future[Recognised]:
        """Queue `canvas` for the next free helper (one more is started while fewer than
        `size` run)."""
        future: Future[Recognised] = Future()
        if self._closed or (self._helpers and all(h.gone for h in self._helpers)):
            future.set_exception(HelperGone("no OCR helper running"))
            return future
        if len(self._helpers) < self._size:
            helper = _Helper(self._command, self._jobs, self._backend)
            self._helpers.append(helper)
            helper.start()
        self._jobs.put((canvas, future))
        return future

    def result(self, future: Future[Recognised]) -> Recognised:
        """Wait for `future` (from `submit`); HelperGone when its helper died before taking it."""
        while True:
            try:
                return future.result(timeout=0.5)
            except FutureTimeout:
                if all(h.gone for h in self._helpers) and future.cancel():
                    raise HelperGone("no OCR helper running") from None

    def close(self, kill: bool = False) -> None:
        """Stop the helpers: let them finish the canvas in hand, or `kill` them at once (a
        cancelled or failed analysis); queued canvases are dropped. Waits for their threads."""
        self._closed = True
        for future in _take_queued(self._jobs):
            future.cancel()
        if kill:
            for helper in self._helpers:
                helper.kill()
        for _ in self._helpers:
            self._jobs.put(None)
        for helper in self._helpers:
            helper.join()
        self._helpers.clear()
