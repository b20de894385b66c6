"""Reading raster pages ahead: while this process reads the current page's marks by OCR, OCR
helper processes (`ocr_pool.py`) read the next pages', so a document is read on several
cores and each page's text is ready, or nearly, when the engine gets there.

The engine still goes through the pages in order (flags, progress, joins across pages are
unchanged); only the Tesseract calls move. On each page that needs OCR, the next such pages are
prepared here (pixels copied onto a canvas, once) and queued for the helpers, two per helper,
and the page's own text is taken from the helper that read it. With helpers, this process reads
nothing itself: PyMuPDF keeps the interpreter lock through a Tesseract call, which would stall
the threads that feed the helpers (measured: a helper then waited for each of this process's
pages). A document with one page to read is read here, without starting a helper.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass

import pymupdf

from docflags_gui.analysis.geometry import Rect
from docflags_gui.analysis.ocr import BandReading, prepare_reading
from docflags_gui.analysis.ocr_pool import HelperGone, OcrHelpers
from docflags_gui.analysis.ocr_text import OcrPageText
from docflags_gui.analysis.page_images import PageImage, load_pixels
from docflags_gui.analysis.tessdata import OcrSetup

log = logging.getLogger(__name__)

# Pages looked at ahead for OCR work, beyond the helpers' number: a report's raster pages may
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


@dataclass
class _Slot:
    """One reading handed out: its canvas and Tesseract's answer to come (from a helper, or
    from this process when it took the canvas back)."""

    prepared: BandReading
    future: Future[bytes]


@dataclass
class _Handed:
    """A page's readings handed out ahead of time (None: nothing to read under that image)."""

    readings: list[Reading]
    slots: list[_Slot | None]


class ReadAhead:
    """The OCR of one document's raster pages, with `helpers` reading pages ahead (None: every
    page is read in this process, when the engine gets to it)."""

    def __init__(
        self,
        doc: pymupdf.Document,
        setup: OcrSetup,
        plan: PagePlan,
        helpers: OcrHelpers | None = None,
    ) -> None:
        self._doc = doc
        self._setup = setup
        self._plan = plan
        self._helpers = helpers
        self._handed: dict[int, _Handed] = {}
        # Pages planned but not handed out yet, and the last page index planned.
        self._planned: dict[int, list[Reading]] = {}
        self._planned_up_to = -1

    def texts(self, index: int, readings: Sequence[Reading]) -> list[TextRead]:
        """How to get the text of each of page `index`'s `readings`: from the helpers when
        there are any and the document has more than this page to read (the page was handed
        out ahead, or is now), else read here. The next pages are then handed out, so that the
        helpers always have the next page in hand."""
        wanted = list(readings)
        handed = self._handed.pop(index, None)
        self._planned.pop(index, None)
        slots: list[_Slot | None] | None = None
        if handed is not None and handed.readings == wanted:
            slots = handed.slots
        elif self._helpers is not None and (self._handed or self._more_after(index)):
            try:
                slots = self._submit(wanted)
            except Exception as exc:  # read here instead: the caller reports the error
                log.info("page %d not handed to a helper: %s", index + 1, exc)
        if self._helpers is not None:
            self._hand_out_after(index)
        if slots is None:
            return [self._read_here(reading) for reading in wanted]
        return [self._from_helper(slot) for slot in slots]

    def _read_here(self, reading: Reading) -> TextRead:
        def read() -> OcrPageText | None:
            prepared = reading.prepare(self._doc, self._setup)
            if prepared is None:
                return None
            return prepared.page_text(prepared.canvas.recognise())

        return read

    def _from_helper(self, slot: _Slot | None) -> TextRead:
        def read() -> OcrPageText | None:
            if slot is None:
                return None
            assert self._helpers is not None
            try:
                pdf = self._helpers.result(slot.future)
            except HelperGone as exc:
                log.warning("%s; reading the page in this process", exc)
                pdf = slot.prepared.canvas.recognise()
            return slot.prepared.page_text(pdf)

        return read

    def _submit(self, readings: list[Reading]) -> list[_Slot | None]:
        assert self._helpers is not None
        prepared = [reading.prepare(self._doc, self._setup) for reading in readings]
        return [None if p is None else _Slot(p, self._helpers.submit(p.canvas)) for p in prepared]

    def _plan_next(self, index: int) -> bool:
        """Plan the next page not planned yet, within reach of `index`; False when none is."""
        assert self._helpers is not None
        reach = min(len(self._doc) - 1, index + 2 * self._helpers.size + LOOK_AHEAD_SPARE)
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
        """Queue the pages after `index` that need OCR for the helpers, prepared here (pixels
        onto a canvas, once): two per helper, one in its hand and the next one waiting."""
        assert self._helpers is not None
        ahead = 2 * self._helpers.size
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
        """Stop the helpers (at once with `kill`: a cancelled or failed analysis)."""
        self._handed.clear()
        if self._helpers is not None:
            self._helpers.close(kill=kill)
