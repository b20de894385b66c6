"""Tesseract calls on threads of this process, for a backend that lets go of the interpreter
lock while it recognises (tesserocr): a document's raster pages read on several cores without
helper processes.

Measured on the benchmark's 35-page raster report (tests/bench_ocr.py, 2 cores): helper
processes cost each a Python start, PyMuPDF's import and the language models before their first
page, and every canvas (about 1 MB) is pickled through a pipe; threads share the process's
canvases and keep one API each, so the models load once per thread. The same interface as the
helper processes (`ocr_pool.OcrHelpers`): `submit`, `result`, `close`.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from docflags_gui.analysis.ocr_recognised import CanvasPixels, OcrBackend, Recognised


class OcrThreads:
    """Up to `size` threads reading canvases with `backend` (one that reads in parallel)."""

    def __init__(self, backend: OcrBackend, size: int) -> None:
        if not backend.threads_read_in_parallel:
            raise ValueError(f"the {backend.name} backend cannot read on threads side by side")
        self._backend = backend
        self._size = max(1, size)
        self._executor = ThreadPoolExecutor(self._size, thread_name_prefix="ocr")

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
        """Queue `canvas` for the next free thread."""
        return self._executor.submit(self._backend.recognise, canvas)

    def result(self, future: Future[Recognised]) -> Recognised:
        """Wait for `future` (from `submit`); raises what the backend raised."""
        return future.result()

    def close(self, kill: bool = False) -> None:
        """Drop the queued canvases and wait for those being read (a Tesseract call cannot be
        interrupted; it takes a fraction of a second). `kill` is the same here: there is no
        process to kill."""
        self._executor.shutdown(wait=True, cancel_futures=True)
