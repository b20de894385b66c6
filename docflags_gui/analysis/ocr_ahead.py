"""Reading raster pages ahead: while the engine works on the current page, OCR threads
(`ocr_threads.py`, tesserocr) or OCR helper processes (`ocr_pool.py`, MuPDF's Tesseract) read
the next pages', so a document is read on several cores and each page's text is ready, or
nearly, when the engine gets there.

The engine still goes through the pages in order (flags, progress, joins across pages are
unchanged); only the Tesseract calls move. On each page that needs OCR, the next such pages are
prepared here (pixels copied onto a canvas, once) and queued for the pool, two per reader, and
the page's own text is taken from the readers that read it. With a pool, the engine's thread
reads nothing itself: it keeps preparing canvases (and MuPDF's Tesseract would keep the
interpreter lock through a call, stalling the threads that feed helpers). OCR threads share
each page, its canvas cut into a part per thread (`ocr_parts.py`), so that no thread waits at
a document's first and last page, and a document with one page to read is read on every core
too; helper processes take whole pages, and a document with one page to read is read here,
without starting them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol

import pymupdf

from docflags_gui.analysis.geometry import Rect
from docflags_gui.analysis.ocr import BandReading, Canvas, prepare_reading
from docflags_gui.analysis.ocr_backend import OcrBackend, Recognised
from docflags_gui.analysis.ocr_parts import cut_canvas, join_parts
from docflags_gui.analysis.ocr_pool import HelperGone
from docflags_gui.analysis.ocr_text import OcrPageText
from docflags_gui.analysis.page_images import PageImage, load_pixels
from docflags_gui.analysis.tessdata import OcrSetup

log = logging.getLogger(__name__)

# Pages looked at ahead for OCR work, beyond the pool's readers: a report's raster pages may
# have pages without marks between them, and looking costs a page's drawings each.
LOOK_AHEAD_SPARE = 3


@dataclass(frozen=True)
class Reading:
    """One Tesseract call's worth of a page: the marks (page-space boxes) over one image."""

    image: PageImage
    marks: tuple[Rect, ...]

    def prepare(self, doc: pymupdf.Document, setup: OcrSetup) -> BandReading | None:
        return prepare_reading(load_pixels(doc, self.image), self.image, self.marks, setup)


# The readings a page will need (index from 0); [] for a page without marks to read.
PagePlan = Callable[[int], list[Reading]]
# Reads one reading when called: its text in page coordinates, None when there is nothing to
# read; raises what MuPDF/Tesseract raise.
TextRead = Callable[[], OcrPageText | None]


class ReadingPool(Protocol):
    """Readers of canvases beside the engine: `ocr_threads.OcrThreads` or `ocr_pool.OcrHelpers`.
    `result` raises HelperGone when no reader could take the canvas (read it here then)."""

    @property
    def size(self) -> int: ...
    def submit(self, canvas: Canvas) -> Future[Recognised]: ...
    def result(self, future: Future[Recognised]) -> Recognised: ...
    def close(self, kill: bool = False) -> None: ...


@dataclass
class _Slot:
    """One reading handed out: its canvas, and Tesseract's answer to come for each part the
    pool reads of it (the part's top row on the canvas, its reading; `ocr_parts`)."""

    prepared: BandReading
    parts: list[tuple[int, Future[Recognised]]]


@dataclass
class _Handed:
    """A page's readings handed out ahead of time (None: nothing to read under that image)."""

    readings: list[Reading]
    slots: list[_Slot | None]


class ReadAhead:
    """The OCR of one document's raster pages with `backend`, and a `pool` reading pages ahead
    (None: every page is read on the engine's thread, when the engine gets to it). With `parts`
    above 1 each canvas goes to the pool cut into up to that many parts (`ocr_parts`), so that
    its readers share a page, and a document with one page to read is read by the pool too:
    for threads, which cost nothing to start; a helper process would load its language models
    again for every part."""

    def __init__(
        self,
        doc: pymupdf.Document,
        setup: OcrSetup,
        plan: PagePlan,
        backend: OcrBackend,
        pool: ReadingPool | None = None,
        parts: int = 1,
    ) -> None:
        self._doc = doc
        self._setup = setup
        self._plan = plan
        self._backend = backend
        self._pool = pool
        self._parts = max(1, parts)
        self._handed: dict[int, _Handed] = {}
        # Pages planned but not handed out yet, and the last page index planned.
        self._planned: dict[int, list[Reading]] = {}
        self._planned_up_to = -1

    def texts(self, index: int, readings: Sequence[Reading]) -> list[TextRead]:
        """How to get the text of each of page `index`'s `readings`: from the pool when there
        is one and the document has more than this page to read (the page was handed out
        ahead, or is now), else read here. The next pages are then handed out, so that the
        pool's readers always have the next page in hand."""
        wanted = list(readings)
        handed = self._handed.pop(index, None)
        self._planned.pop(index, None)
        slots: list[_Slot | None] | None = None
        if handed is not None and handed.readings == wanted:
            slots = handed.slots
        elif self._pool is not None and (
            self._parts > 1 or self._handed or self._more_after(index)
        ):
            try:
                slots = self._submit(wanted)
            except Exception as exc:  # read here instead: the caller reports the error
                log.info("page %d not handed to the OCR pool: %s", index + 1, exc)
        if self._pool is not None:
            self._hand_out_after(index)
        if slots is None:
            return [self._read_here(reading) for reading in wanted]
        return [self._from_pool(slot) for slot in slots]

    def _read_here(self, reading: Reading) -> TextRead:
        def read() -> OcrPageText | None:
            prepared = reading.prepare(self._doc, self._setup)
            if prepared is None:
                return None
            return prepared.page_text(self._backend.recognise(prepared.canvas))

        return read

    def _from_pool(self, slot: _Slot | None) -> TextRead:
        def read() -> OcrPageText | None:
            if slot is None:
                return None
            assert self._pool is not None
            try:
                recognised = join_parts(
                    [(top, self._pool.result(future)) for top, future in slot.parts]
                )
            except HelperGone as exc:
                log.warning("%s; reading the page in this process", exc)
                recognised = self._backend.recognise(slot.prepared.canvas)
            return slot.prepared.page_text(recognised)

        return read

    def _submit(self, readings: list[Reading]) -> list[_Slot | None]:
        assert self._pool is not None
        prepared = [reading.prepare(self._doc, self._setup) for reading in readings]
        return [None if p is None else self._hand_to_pool(p) for p in prepared]

    def _hand_to_pool(self, prepared: BandReading) -> _Slot:
        """Queue `prepared`'s canvas for the pool, in parts when its readers share pages."""
        assert self._pool is not None
        parts = cut_canvas(prepared, self._parts) if self._parts > 1 else [(0, prepared.canvas)]
        return _Slot(prepared, [(top, self._pool.submit(canvas)) for top, canvas in parts])

    def _plan_next(self, index: int) -> bool:
        """Plan the next page not planned yet, within reach of `index`; False when none is."""
        assert self._pool is not None
        reach = min(len(self._doc) - 1, index + 2 * self._pool.size + LOOK_AHEAD_SPARE)
        page = max(index, self._planned_up_to) + 1
        if page > reach:
            return False
        self._planned_up_to = page
        try:
            readings = self._plan(page)
        except Exception as exc:  # the engine meets it again on that page, and says so
            log.info("page %d not read ahead: %s", page + 1, exc)
            readings = []
        if readings:
            self._planned[page] = readings
        return True

    def _more_after(self, index: int) -> bool:
        """Whether a page after `index`, within reach, has marks to read."""
        while not self._planned and self._plan_next(index):
            pass
        return bool(self._planned)

    def _hand_out_after(self, index: int) -> None:
        """Queue the pages after `index` that need OCR for the pool, prepared here (pixels
        onto a canvas, once): two per reader, one in its hand and the next one waiting."""
        assert self._pool is not None
        ahead = 2 * self._pool.size
        while len(self._handed) < ahead:
            if not self._planned and not self._plan_next(index):
                return
            if not self._planned:
                continue
            page = min(self._planned)
            readings = self._planned.pop(page)
            try:
                self._handed[page] = _Handed(readings, self._submit(readings))
            except Exception as exc:  # the engine meets it again on that page, and says so
                log.info("page %d not read ahead: %s", page + 1, exc)

    def close(self, kill: bool = False) -> None:
        """Stop the pool (at once with `kill`: a cancelled or failed analysis)."""
        self._handed.clear()
        if self._pool is not None:
            self._pool.close(kill=kill)
