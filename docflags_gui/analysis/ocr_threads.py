"""Tesseract calls on threads of this process, for a backend that lets go of the interpreter
lock while it recognises (tesserocr): a document's raster pages read on several cores without
helper processes.

Measured on the benchmark's 35-page raster report (tests/bench_ocr.py, 2 cores): helper
processes cost each a Python start, PyMuPDF's import and the language models before their first
page, and every canvas (about 1 MB) is pickled through a pipe; threads share the process's
canvases and keep one API each, so the models load once per thread. The same interface as the
helper processes (`ocr_pool.OcrHelpers`): `submit`, `result`, `close`; and `read_now` for a
small canvas the engine waits for (a strip of badge digits), read before the queued pages by
the next thread free, with the models that thread keeps loaded.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from docflags_gui.analysis.ocr_recognised import CanvasPixels, OcrBackend, Recognised

# Queue order: a canvas the engine waits for goes before the pages read ahead.
_NOW = 0
_AHEAD = 1


class OcrThreads:
    """Up to `size` threads reading canvases with `backend` (one that reads in parallel)."""

    def __init__(self, backend: OcrBackend, size: int) -> None:
        if not backend.threads_read_in_parallel:
            raise ValueError(f"the {backend.name} backend cannot read on threads side by side")
        self._backend = backend
        self._size = max(1, size)
        self._executor = ThreadPoolExecutor(self._size, thread_name_prefix="ocr")
        # The canvases waiting, best first: (order, arrival, canvas, its answer to come). The
        # executor gets one task a canvas, and each task reads whichever canvas is first then.
        self._waiting: list[tuple[int, int, CanvasPixels, Future[Recognised]]] = []
        self._arrivals = itertools.count()
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        return self._size

    def load_models(self, tessdata: str, language: str) -> None:
        """Have every thread load its models for `language` now, before its first canvas
        (0.15-0.25 s of CPU each for English + Indonesian), while the engine still looks at
        the page the canvases will come from. Each load holds its thread, so the pool starts
        one thread a load."""
        for _ in range(self._size):
            self._executor.submit(self._backend.load, tessdata, language)

    def submit(self, canvas: CanvasPixels) -> Future[Recognised]:
        """Queue `canvas` for the next free thread, after the canvases queued before it."""
        return self._queue(_AHEAD, canvas)

    def result(self, future: Future[Recognised]) -> Recognised:
        """Wait for `future` (from `submit`); raises what the backend raised."""
        return future.result()

    def read_now(self, canvas: CanvasPixels) -> Recognised:
        """Read `canvas` on the next thread free, before every canvas queued with `submit`,
        and wait for it: for a small canvas the engine needs before it can go on. A thread of
        the pool reads it with the models it keeps loaded, so that the engine's thread never
        loads models of its own."""
        return self._queue(_NOW, canvas).result()

    def _queue(self, order: int, canvas: CanvasPixels) -> Future[Recognised]:
        future: Future[Recognised] = Future()
        with self._lock:
            heapq.heappush(self._waiting, (order, next(self._arrivals), canvas, future))
        self._executor.submit(self._read_first)
        return future

    def _read_first(self) -> None:
        """Read the first canvas waiting (none when `close` dropped them)."""
        with self._lock:
            if not self._waiting:
                return
            _, _, canvas, future = heapq.heappop(self._waiting)
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(self._backend.recognise(canvas))
        except BaseException as exc:  # handed to whoever waits, as the executor would
            future.set_exception(exc)

    def close(self, kill: bool = False) -> None:
        """Drop the queued canvases and wait for those being read (a Tesseract call cannot be
        interrupted; it takes a fraction of a second). `kill` is the same here: there is no
        process to kill."""
        with self._lock:
            dropped, self._waiting = self._waiting, []
        for *_, future in dropped:
            future.cancel()
        self._executor.shutdown(wait=True, cancel_futures=True)
