"""The document's one OCR service, used by every detector that reads text from page images:
the OCR set-up decided once (and why OCR cannot run, or which language is missing, warned
once), the OCR backend, and one reader that may read pages ahead on threads or in helper
processes.

Every document has the service; the OCR modules it uses load on its first use, so that the
analysis of a document without page images never loads them (ten modules: a tenth of the
worker's start).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from functools import cached_property
from typing import TYPE_CHECKING

import pymupdf

from docflags_gui.analysis.options import AnalysisOptions

if TYPE_CHECKING:
    from docflags_gui.analysis.ocr_ahead import (
        PagePlan,
        ReadAhead,
        Reading,
        ReadingPool,
        TextRead,
    )
    from docflags_gui.analysis.ocr_backend import OcrBackend, Recognised
    from docflags_gui.analysis.ocr_threads import OcrThreads
    from docflags_gui.analysis.tessdata import OcrSetup


# Strips `read_now` reads with MuPDF's Tesseract in a document none of whose pages is read by
# OCR, before it loads models to keep: loading English + Indonesian costs 0.15-0.18 s of CPU,
# what six strips read with the models loaded save (28 ms each).
STRIPS_BEFORE_LOADING = 6


def _nothing_planned(index: int) -> list[Reading]:
    return []


class OcrService:
    """OCR for one document. `warn` takes a document warning; `resources` ends the OCR threads
    or helper processes when the analysis ends (helpers killed when it fails or is stopped)."""

    def __init__(
        self,
        doc: pymupdf.Document,
        options: AnalysisOptions,
        warn: Callable[[str], None],
        resources: ExitStack,
    ) -> None:
        self._doc = doc
        self._options = options
        self._warn = warn
        self._resources = resources
        self._plan: PagePlan = _nothing_planned
        self._reader: ReadAhead | None = None
        self._threads: OcrThreads | None = None  # the reader's pool, when it is threads
        self._strips_read = 0  # by `read_now`

    @cached_property
    def decided(self) -> OcrSetup:
        """Where the language data is and which languages, decided on first use, silently."""
        from docflags_gui.analysis.tessdata import ocr_setup

        return ocr_setup(self._options.ocr, self._options.ocr_languages)

    @cached_property
    def setup(self) -> OcrSetup:
        """The set-up (`decided`) for text that is to be read: a reason why OCR cannot run
        (or a missing language) goes into the warnings, once."""
        setup = self.decided
        if setup.problem:
            self._warn(setup.problem)
        elif setup.notice:
            self._warn(setup.notice)
        return setup

    @property
    def available(self) -> bool:
        return self.setup.available

    def plan_ahead(self, plan: PagePlan) -> None:
        """What will be read on a page before the engine gets there (so that the pool can
        read it ahead); set before the first reading."""
        self._plan = plan

    def _planned(self, index: int) -> list[Reading]:
        return self._plan(index)

    def expect_reading(self) -> None:
        """A page has a page image to read marks on: OCR threads, if the document is read on
        threads, start now and load their language models while the engine looks for the
        marks (measured on a 9-page image-segment report, tests/bench_ocr.py --style image:
        the first Tesseract call began 0.25 s after the first page's look began, the models'
        load then held both threads another 0.25 s). Helper processes start with their first
        canvas, as do threads of a page read before any page was expected. Nothing is said
        here of OCR that cannot run: the page may hold no marks at all."""
        setup = self.decided
        if self._reader is not None or not setup.available or setup.tessdata is None:
            return
        self._read_ahead()
        if self._threads is not None:
            self._threads.load_models(str(setup.tessdata), setup.language)

    def texts(self, index: int, readings: Sequence[Reading]) -> list[TextRead]:
        """How to get the text of each reading of page `index` (from 0): see `ReadAhead`."""
        return self._read_ahead().texts(index, readings)

    def read_now(self, strip: pymupdf.Pixmap) -> Recognised:
        """Tesseract's reading of `strip` (a small gray pixmap, its resolution set: the digits
        of a page's badges), read at once. Where the document's pages are read by OCR, with
        the models already loaded: by the next OCR thread free, ahead of the pages queued,
        when pages are read on threads; else on this thread, as its pages are. Measured on
        the benchmark's badge strips, tesserocr with its models loaded reads one in 14 ms of
        CPU, MuPDF's Tesseract (which loads them on every call) in 42 ms. In a document whose
        pages are not read by OCR (a scan under its own text layer, whose badges are pixels),
        the first strips are read with MuPDF's Tesseract, and the models are loaded only when
        more strips come than the load would cost (`STRIPS_BEFORE_LOADING`). Raises
        RuntimeError when Tesseract fails, ValueError when OCR cannot run."""
        from docflags_gui.analysis.ocr import Canvas
        from docflags_gui.analysis.ocr_backend import MUPDF, load_backend

        setup = self.decided
        if not setup.available or setup.tessdata is None:
            raise ValueError("OCR cannot run")
        canvas = Canvas.of_pixmap(strip, setup.language, str(setup.tessdata))
        self._strips_read += 1
        if self._reader is None and self._strips_read <= STRIPS_BEFORE_LOADING:
            return load_backend(MUPDF).recognise(canvas)
        self._read_ahead()  # and the OCR threads, when pages are read on threads (`_pool`)
        if self._threads is not None:
            return self._threads.read_now(canvas)
        return self.backend.recognise(canvas)

    @cached_property
    def backend(self) -> OcrBackend:
        """Which Tesseract reads (`ocr_backend.load_backend`): tesserocr where it imports."""
        from docflags_gui.analysis.ocr_backend import load_backend

        return load_backend()

    def _pool(self) -> ReadingPool | None:
        """Readers beside the engine when the options allow more than one OCR process: threads
        for a backend that lets go of the interpreter lock (no process to start, models loaded
        once a thread), else helper processes."""
        options = self._options
        if options.ocr_processes <= 1:
            return None
        if self.backend.threads_read_in_parallel:
            from docflags_gui.analysis.ocr_threads import OcrThreads

            self._threads = OcrThreads(self.backend, options.ocr_processes)
            return self._threads
        if options.ocr_helper_command:
            from docflags_gui.analysis.ocr_pool import OcrHelpers

            return OcrHelpers(options.ocr_helper_command, options.ocr_processes, self.backend.name)
        return None

    def _read_ahead(self) -> ReadAhead:
        """The reader, made on first use, with a pool (`_pool`) when the options allow; OCR
        threads share each page (its canvas cut into a part per thread)."""
        if self._reader is None:
            from docflags_gui.analysis.ocr_ahead import ReadAhead

            pool = self._pool()
            parts = self._threads.size if self._threads is not None else 1
            reader = ReadAhead(self._doc, self.decided, self._planned, self.backend, pool, parts)
            self._resources.push(lambda exc_type, *_: reader.close(kill=exc_type is not None))
            self._reader = reader
        return self._reader
