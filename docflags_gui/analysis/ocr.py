"""OCR with MuPDF's built-in Tesseract: reading the words that lie under marks on a raster page
image (where the language data is and which languages: `tessdata.py`).

Only what lies under the marks is read, at the resolution the page image really has: the
image's own pixels (no rendering, so no tint and no tags over the text) are copied band by band
(each mark's box, widened to the white between two words and grown to whole glyphs), each band
on its own strip of a white canvas, and the canvas is recognised in one Tesseract call per page.
Measured on Turnitin classic pages (~130 px per inch of the original): Tesseract's cost follows
the lines it reads and hardly the resolution (0.5x to 1.5x scale within 10%), so reading only
the marked lines is what saves time; at the native resolution every passage came out exact, at
0.85x and 0.7x words went missing, so the pixels are used as they are. The result is a
`PageText` in the page's own coordinates: the one coverage rule of `textlayer` picks the glyphs
under each mark.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from statistics import median
from typing import Any

import pymupdf

from docflags_gui.analysis.tessdata import (
    DEFAULT_LANGUAGES,
    OcrSetup,
    find_tessdata,
    installed_languages,
    ocr_setup,
)
from docflags_gui.analysis.textlayer import PageText, Word, WordFilter

__all__ = [
    "DEFAULT_LANGUAGES",
    "BandReading",
    "Canvas",
    "OcrPageText",
    "OcrSetup",
    "PageImage",
    "band_boxes",
    "clean_ocr_text",
    "find_tessdata",
    "installed_languages",
    "load_pixels",
    "merge_bands",
    "ocr_setup",
    "prepare_reading",
    "read_under_marks",
]

# The band copied for OCR around each mark: this share of the mark's height taller above and
# below, then on to the first blank row when glyphs are cut there (a mark thinner than its
# line), by at most MAX_GROW_SHARE of its height ...
BAND_VERTICAL_PAD = 0.04
MAX_GROW_SHARE = 0.3
# A band that reaches into the line above or below (a mark taller than its line, or small type
# set solid) is cut back at the white between the lines: from the marked line's middle
# outwards, a run of more blank rows than LINE_GAP_SHARE of the line's core (its rows where
# ink covers CORE_INK_SHARE of the columns: about the x-height) ends it when ink lies beyond.
# An i's dot or an accent sits closer to its letter than that; lines are set further apart.
LINE_GAP_SHARE = 0.25
CORE_INK_SHARE = 0.15
# ... and on each side widened to the first run of blank columns at least this share of the
# band's height wide (the space between two words; letters within a word sit closer), but by at
# most this share of its height (about three words).
WORD_GAP_SHARE = 0.12
MAX_WIDEN_SHARE = 6.0
# Lines under this many pixels tall (about 12 px x-height) are enlarged to it before OCR, by
# at most MAX_UPSCALE. Measured: 10 pt Times at 100 px per inch (22 px lines) lost 2 of 17
# passages as they are, 1 enlarged to 28 px, none enlarged to 34 or 40 px; enlarging costs
# little (Tesseract's cost follows the text, not the pixels).
MIN_LINE_PIXELS = 34
MAX_UPSCALE = 3.0
# A pixel is ink when its R+G+B is below this (0..765): dark text on a light page.
INK_LEVEL = 3 * 170


@dataclass(frozen=True)
class PageImage:
    """A raster image painted on a page: its pixels' size and where they are placed."""

    xref: int
    bbox: tuple[float, float, float, float]
    transform: tuple[float, float, float, float, float, float]  # unit square -> page
    width: int  # pixels
    height: int
    # A page image cut into horizontal strips: (xref, first pixel row) of each strip, top down;
    # empty for a single image (`xref`).
    strips: tuple[tuple[int, int], ...] = ()

    @property
    def pixels_per_point(self) -> float:
        """The resolution the image really has on the page (pixels per point of page space)."""
        w = max(1e-6, self.bbox[2] - self.bbox[0])
        h = max(1e-6, self.bbox[3] - self.bbox[1])
        return max(self.width / w, self.height / h)

    def page_to_pixels(self) -> pymupdf.Matrix:
        unit_to_pixels = pymupdf.Matrix(self.width, 0, 0, self.height, 0, 0)
        matrix: pymupdf.Matrix = ~pymupdf.Matrix(self.transform) * unit_to_pixels
        return matrix

    def pixel_box(self, rect: Sequence[float]) -> pymupdf.IRect:
        """The pixels under page-space `rect`, clipped to the image."""
        box = pymupdf.Rect(rect) * self.page_to_pixels()
        clipped = box.round() & pymupdf.IRect(0, 0, self.width, self.height)
        return pymupdf.IRect(clipped)


@dataclass(frozen=True)
class Strip:
    """One band on the OCR canvas: where it starts (OCR page points), how to map back, and
    where the marked line lies in it: the marks' middle and half their height (OCR page
    points; an infinite reach keeps every line)."""

    top: float
    to_page: pymupdf.Matrix
    middle: float = 0.0
    reach: float = float("inf")

    def holds_marked_line(self, y0: float, y1: float) -> bool:
        """Whether an OCR'd line from y0 to y1 is the marked line, not a part of the line
        above or below that the band took in with it (a mark taller than its line reaches
        into its neighbours): its middle lies within the marks' own height around theirs."""
        return abs((y0 + y1) / 2 - self.middle) <= self.reach


class OcrPageText(PageText):
    """A `PageText` whose words and glyphs come from an OCR'd page, moved into the coordinates
    of the page the pixels came from; the coverage and joining rules are PageText's own.

    (MuPDF cannot move them itself: a text page made with a matrix that translates is clipped
    to the OCR page's box and comes out empty.)
    """

    def __init__(
        self, ocr_page: pymupdf.Page, strips: Sequence[Strip], mark_strips: Sequence[int] = ()
    ) -> None:
        """`strips` top down; `mark_strips`: for each mark read, the index of the strip of its
        band (-1 for none)."""
        super().__init__(ocr_page)
        self._strips = list(strips)
        self._mark_strips = list(mark_strips)
        self._strip_of_word: dict[int, int] = {}  # Word.seq -> strip index
        self.ocr_document = ocr_page.parent  # keep the OCR'd PDF open while the page is used

    def _strip_index_at(self, y: float) -> int:
        index = 0
        for i, candidate in enumerate(self._strips):
            if candidate.top <= y:
                index = i
        return index

    def _strip_at(self, y: float) -> Strip:
        return self._strips[self._strip_index_at(y)]

    def read_for_mark(self, mark: int) -> WordFilter | None:
        """Only the words read from the band of mark number `mark` (in the order the marks
        were read): a mark taller than its line overlaps the next line's words on the page,
        which its own band did not hold (None: no band known, any word)."""
        if not 0 <= mark < len(self._mark_strips) or self._mark_strips[mark] < 0:
            return None
        strip = self._mark_strips[mark]
        strip_of_word = self._strip_of_word
        self.words  # noqa: B018 - fills strip_of_word
        return lambda w: strip_of_word.get(w.seq) == strip

    def _move(self, bbox: Sequence[float]) -> tuple[float, float, float, float]:
        """From the OCR page into the original page, through the strip the box lies in."""
        strip = self._strip_at((bbox[1] + bbox[3]) / 2)
        # The bounding box of the moved corners, as `Rect * Matrix` gives it, in plain
        # arithmetic: PyMuPDF's Python wrappers around it cost 2% of a page's OCR stage (13 us
        # a box, one box per glyph).
        m = strip.to_page
        a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
        x0, y0, x1, y1 = bbox
        xs = (a * x0 + c * y0, a * x1 + c * y0, a * x0 + c * y1, a * x1 + c * y1)
        ys = (b * x0 + d * y0, b * x1 + d * y0, b * x0 + d * y1, b * x1 + d * y1)
        return (min(xs) + e, min(ys) + f, max(xs) + e, max(ys) + f)

    @cached_property
    def words(self) -> list[Word]:
        """The words of the marked lines, moved onto the page (lines of neighbouring text
        that a band took in are dropped: `Strip.holds_marked_line`)."""
        moved: list[Word] = []
        extracted: list[Word] = PageText.__dict__["words"].func(self)
        extents: dict[tuple[int, int], tuple[float, float]] = {}
        for w in extracted:
            top, bottom = extents.get(w.line_key, (w.y0, w.y1))
            extents[w.line_key] = (min(top, w.y0), max(bottom, w.y1))
        kept: dict[tuple[int, int], int] = {}  # line -> its strip
        for key, (y0, y1) in extents.items():
            index = self._strip_index_at((y0 + y1) / 2)
            if self._strips[index].holds_marked_line(y0, y1):
                kept[key] = index
        for w in extracted:
            strip = kept.get(w.line_key)
            if strip is None:
                continue
            self._strip_of_word[w.seq] = strip
            x0, y0, x1, y1 = self._move(w.rect)
            moved.append(dataclasses.replace(w, x0=x0, y0=y0, x1=x1, y1=y1))
        return moved

    @cached_property
    def _raw(self) -> dict[str, Any]:
        raw: dict[str, Any] = self.textpage.extractRAWDICT()
        for block in raw.get("blocks", ()):
            block["bbox"] = self._move(block["bbox"])
            for line in block.get("lines", ()):
                line["bbox"] = self._move(line["bbox"])
                for span in line.get("spans", ()):
                    span["bbox"] = self._move(span["bbox"])
                    for ch in span.get("chars", ()):
                        ch["bbox"] = self._move(ch["bbox"])
        return raw


def load_pixels(doc: pymupdf.Document, image: PageImage) -> pymupdf.Pixmap:
    """The image's own pixels as RGB without alpha (what MuPDF's OCR writer takes); the strips
    of a page image cut into strips, put back together."""
    if not image.strips:
        return _rgb_pixels(doc, image.xref)
    whole = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, image.width, image.height), False)
    whole.clear_with(255)
    for xref, top in image.strips:
        strip = _rgb_pixels(doc, xref)
        strip.set_origin(0, top)
        whole.copy(strip, strip.irect)
    return whole


def _rgb_pixels(doc: pymupdf.Document, xref: int) -> pymupdf.Pixmap:
    pix = pymupdf.Pixmap(doc, xref)
    if pix.colorspace is None or pix.colorspace.n != 3 or pix.alpha:
        pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
    if pix.alpha:
        pix = pymupdf.Pixmap(pix, 0)
    return pix


class InkColumns:
    """Which pixel columns of a band hold ink: to cut bands in the white between words."""

    def __init__(self, pixels: pymupdf.Pixmap) -> None:
        self._samples = pixels.samples_mv
        self.stride = pixels.stride
        self._n = pixels.n
        self.width = pixels.width
        self.height = pixels.height

    def blank(self, x: int, y0: int, y1: int) -> bool:
        """True when column `x` has no dark pixel in rows y0..y1-1."""
        samples, stride, n = self._samples, self.stride, self._n
        for y in range(max(0, y0), min(self.height, y1)):
            i = y * stride + x * n
            if samples[i] + samples[i + 1] + samples[i + 2] < INK_LEVEL:
                return False
        return True

    def _dark_in_row(self, y: int, x0: int, x1: int, step: int) -> Iterator[bool]:
        """Whether each `step`-th pixel of row `y`, columns x0..x1-1, is dark (none outside
        the image)."""
        if not 0 <= y < self.height:
            return
        samples, n = self._samples, self._n
        start = y * self.stride
        for x in range(max(0, x0), min(self.width, x1), step):
            i = start + x * n
            yield samples[i] + samples[i + 1] + samples[i + 2] < INK_LEVEL

    def blank_row(self, y: int, x0: int, x1: int) -> bool:
        """True when row `y` has no dark pixel in columns x0..x1-1 (every second column:
        strokes are wider than that at any resolution worth reading)."""
        return not any(self._dark_in_row(y, x0, x1, 2))

    def ink_share(self, y: int, x0: int, x1: int) -> float:
        """The share of columns x0..x1-1 with a dark pixel in row `y` (every third column:
        a density, not an outline)."""
        dark = list(self._dark_in_row(y, x0, x1, 3))
        return sum(dark) / len(dark) if dark else 0.0

    def own_line(self, box: pymupdf.IRect, middle: int) -> tuple[int, int]:
        """Rows of `box` cut down to the line of text around row `middle`: outwards from it,
        the first run of blank rows longer than a dot's gap (LINE_GAP_SHARE) with ink beyond
        it, inside the box, ends the band there."""
        core = 1
        for step in (-1, 1):
            y = middle + step
            while box.y0 <= y < box.y1 and self.ink_share(y, box.x0, box.x1) >= CORE_INK_SHARE:
                core += 1
                y += step
        gap = max(2, round(core * LINE_GAP_SHARE))
        return (self._line_edge(middle, -1, box, gap), self._line_edge(middle, 1, box, gap))

    def _line_edge(self, middle: int, step: int, box: pymupdf.IRect, gap: int) -> int:
        end = int(box.y0 if step < 0 else box.y1 - 1)
        y, blank = middle, 0
        while y != end:
            y += step
            if not self.blank_row(y, box.x0, box.x1):
                blank = 0
                continue
            blank += 1
            if blank > gap:
                beyond = range(y + step, end + step, step)
                if any(not self.blank_row(b, box.x0, box.x1) for b in beyond):
                    return y  # a blank row: the band's white edge
                return end
        return end

    def grow(self, y: int, step: int, x0: int, x1: int, limit: int) -> int:
        """From edge row `y`, go outwards (`step` -1 or +1) while rows hold ink (glyphs that a
        mark thinner than its line cuts), up to the first blank row; at most `limit` rows."""
        moved = 0
        while moved < limit and not self.blank_row(y, x0, x1):
            y += step
            moved += 1
        return y

    def widen(self, x: int, step: int, y0: int, y1: int, gap: int, limit: int) -> int:
        """From edge column `x`, go outwards (`step` -1 or +1) until `gap` blank columns in a
        row are passed, through any ink on the way (a word the edge cuts); at most `limit`."""
        run = 0
        moved = 0
        while run < gap and moved < limit:
            nxt = x + step
            if not 0 <= nxt < self.width:
                break
            x = nxt
            moved += 1
            run = run + 1 if self.blank(x, y0, y1) else 0
        return x


def band_boxes(
    image: PageImage, marks: Sequence[Sequence[float]], pixels: pymupdf.Pixmap
) -> list[pymupdf.IRect]:
    """The pixel bands to read: each mark's box, a little taller so that ascenders and
    descenders are whole, and widened on each side to the white between two words, so a word
    the mark's edge cuts is read whole (the coverage rule then takes its covered glyphs) and no
    sliver of a neighbouring glyph is read as a character."""
    ink = InkColumns(pixels)
    boxes: list[pymupdf.IRect] = []
    for r in marks:
        h = r[3] - r[1]
        box = image.pixel_box(
            (r[0], r[1] - BAND_VERTICAL_PAD * h, r[2], r[3] + BAND_VERTICAL_PAD * h)
        )
        if box.is_empty:
            continue
        gap = max(2, round(box.height * WORD_GAP_SHARE))
        limit = round(box.height * MAX_WIDEN_SHARE)
        x0 = ink.widen(box.x0, -1, box.y0, box.y1, gap, limit)
        x1 = ink.widen(box.x1 - 1, 1, box.y0, box.y1, gap, limit) + 1
        rows = round(box.height * MAX_GROW_SHARE)
        y0 = ink.grow(box.y0, -1, x0, x1, rows)
        y1 = ink.grow(box.y1 - 1, 1, x0, x1, rows) + 1
        top, last = ink.own_line(pymupdf.IRect(x0, y0, x1, y1), (box.y0 + box.y1) // 2)
        if (top, last + 1) != (y0, y1):
            # Cut back to its own line: widen it again on that line's rows alone (the
            # neighbour's glyphs left few blank columns to find the white between words in).
            y0, y1 = top, last + 1
            x0 = ink.widen(box.x0, -1, y0, y1, gap, limit)
            x1 = ink.widen(box.x1 - 1, 1, y0, y1, gap, limit) + 1
        boxes.append(pymupdf.IRect(x0, y0, x1, y1))
    return boxes


# Characters Tesseract reads from the edge of a band or a stray stroke, not from prose.
OCR_JUNK = "|_~`"


def clean_ocr_text(text: str) -> str:
    """Drop what Tesseract makes of stray strokes: words of only junk characters, and junk
    characters at the ends of words ("penelitian|", "akses_")."""
    words = (w.strip(OCR_JUNK) for w in text.split(" "))
    return " ".join(w for w in words if w)


def upscale_factor(bands: Sequence[pymupdf.IRect]) -> float:
    """How much to enlarge the bands for Tesseract: 1 when their lines are at least
    MIN_LINE_PIXELS tall, else enough to make them so (at most MAX_UPSCALE)."""
    heights = sorted(b.height for b in bands)
    typical = heights[len(heights) // 2] if heights else 0
    if typical <= 0 or typical >= MIN_LINE_PIXELS:
        return 1.0
    return min(MAX_UPSCALE, MIN_LINE_PIXELS / typical)


def merge_bands(boxes: Sequence[pymupdf.IRect]) -> list[pymupdf.IRect]:
    """Bands on one line that overlap or touch become one (read once, as one line)."""
    merged: list[pymupdf.IRect] = []
    for box in sorted(boxes, key=lambda b: (b.y0, b.x0)):
        for i, other in enumerate(merged):
            overlap = min(box.y1, other.y1) - max(box.y0, other.y0)
            same_line = overlap >= 0.6 * min(box.height, other.height)
            if same_line and box.x0 <= other.x1 and other.x0 <= box.x1:
                merged[i] = pymupdf.IRect(other | box)
                break
        else:
            merged.append(box)
    return merged


@dataclass(frozen=True)
class Canvas:
    """What one Tesseract call reads: an RGB canvas of bands (`read_under_marks`), as plain
    values so that it can be read in another process (`ocr_helpers`)."""

    samples: bytes
    width: int
    height: int
    dpi: int
    language: str
    tessdata: str

    def recognise(self) -> bytes:
        """Tesseract's reading of the canvas: a one-page PDF with the recognised text (MuPDF's
        OCR writer). Raises RuntimeError (from MuPDF) when Tesseract fails."""
        pixmap = pymupdf.Pixmap(pymupdf.csRGB, self.width, self.height, self.samples, False)
        pixmap.set_dpi(self.dpi, self.dpi)
        pdf: bytes = pixmap.pdfocr_tobytes(
            compress=False, language=self.language, tessdata=self.tessdata
        )
        return pdf


@dataclass(frozen=True)
class BandReading:
    """The bands under a page's marks laid out on a canvas, and how to map what Tesseract reads
    there back onto the page."""

    canvas: Canvas
    # Per band, in canvas pixels: its top, the to-page matrix, the marks' middle and reach.
    strips: tuple[tuple[float, tuple[float, ...], float, float], ...]
    # Per mark read, the index of its band (-1: none).
    mark_strips: tuple[int, ...] = ()

    def page_text(self, pdf: bytes) -> OcrPageText:
        """The text of `pdf` (what `canvas.recognise()` returned) in page coordinates."""
        ocr_page = pymupdf.open("pdf", pdf)[0]
        # The OCR page is the canvas at its dpi: one pixel is this many points.
        points_per_pixel = ocr_page.rect.height / self.canvas.height
        to_canvas = pymupdf.Matrix(
            self.canvas.width / ocr_page.rect.width, 0, 0, 1 / points_per_pixel, 0, 0
        )
        strips = [
            Strip(
                top * points_per_pixel,
                to_canvas * pymupdf.Matrix(matrix),
                middle * points_per_pixel,
                reach * points_per_pixel,
            )
            for top, matrix, middle, reach in self.strips
        ]
        return OcrPageText(ocr_page, strips, self.mark_strips)


def prepare_reading(
    pixels: pymupdf.Pixmap,
    image: PageImage,
    marks: Sequence[Sequence[float]],
    setup: OcrSetup,
) -> BandReading | None:
    """The canvas for reading the bands of `pixels` under `marks` (page-space boxes) in one
    Tesseract call, or None when OCR cannot run or there is nothing to read.

    Each band goes on its own strip of a white canvas, with white between strips: Tesseract
    then reads each as a line of its own (bands of one page laid out as on the page made it
    stretch a line's first word box over the white left of it).
    """
    if not setup.available or setup.tessdata is None:
        return None
    bands = merge_bands(band_boxes(image, marks, pixels))
    if not bands:
        return None
    left = min(b.x0 for b in bands)
    width = max(b.x1 for b in bands) - left
    gap = max(8, max(b.height for b in bands) // 2)
    tops: list[int] = []
    y = gap
    for band in bands:
        tops.append(y)
        y += band.height + gap
    canvas = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width + 2 * gap, y), False)
    canvas.clear_with(255)
    for band, top in zip(bands, tops, strict=True):
        piece = pymupdf.Pixmap(pymupdf.csRGB, band, False)
        piece.copy(pixels, band)
        piece.set_origin(band.x0 - left + gap, top)
        canvas.copy(piece, piece.irect)
    # Tell Tesseract the resolution the pixels really have on the page.
    dpi = max(1, round(image.pixels_per_point * 72))
    read = canvas
    scale = upscale_factor(bands)
    if scale > 1.0:
        # Small text (lines under MIN_LINE_PIXELS): Tesseract reads it better enlarged.
        read = pymupdf.Pixmap(
            canvas, round(canvas.width * scale), round(canvas.height * scale), None
        )
        dpi = round(dpi * scale)
    # Canvas pixels -> original pixels (undo the enlargement, then each band's move) -> page.
    unscale = pymupdf.Matrix(canvas.width / read.width, 0, 0, canvas.height / read.height, 0, 0)
    pixels_to_page = ~image.page_to_pixels()
    enlarged = read.height / canvas.height
    mark_boxes = [image.pixel_box(r) for r in marks]
    mark_bands = tuple(_band_of(m, bands) for m in mark_boxes)
    strips = []
    for index, (band, top) in enumerate(zip(bands, tops, strict=True)):
        on_band = [m for m, b in zip(mark_boxes, mark_bands, strict=True) if b == index]
        middle, reach = _marked_line(band, on_band)
        strips.append(
            (
                (top - gap / 2) * enlarged,
                tuple(
                    unscale * pymupdf.Matrix(1, 0, 0, 1, left - gap, band.y0 - top) * pixels_to_page
                ),
                (middle - band.y0 + top) * enlarged,
                reach * enlarged,
            )
        )
    samples = read.samples
    return BandReading(
        Canvas(samples, read.width, read.height, dpi, setup.language, str(setup.tessdata)),
        tuple(strips),
        mark_bands,
    )


def _band_of(mark: pymupdf.IRect, bands: Sequence[pymupdf.IRect]) -> int:
    """The index of the band that holds `mark`'s middle, -1 for none (or an empty mark: one
    outside the image)."""
    if mark.is_empty:
        return -1
    cx, cy = (mark.x0 + mark.x1) / 2, (mark.y0 + mark.y1) / 2
    for i, band in enumerate(bands):
        if band.x0 <= cx <= band.x1 and band.y0 <= cy <= band.y1:
            return i
    return -1


def _marked_line(band: pymupdf.IRect, on_band: Sequence[pymupdf.IRect]) -> tuple[float, float]:
    """Where the marked line lies in `band` (pixel rows): the middle of its marks `on_band`
    and half their height (medians, for a band merged from several marks); an infinite reach
    when it has none."""
    if not on_band:
        return ((band.y0 + band.y1) / 2, float("inf"))
    return (
        median((m.y0 + m.y1) / 2 for m in on_band),
        median(m.height for m in on_band) / 2,
    )


def read_under_marks(
    pixels: pymupdf.Pixmap,
    image: PageImage,
    marks: Sequence[Sequence[float]],
    setup: OcrSetup,
) -> OcrPageText | None:
    """OCR the bands of `pixels` under `marks` (page-space boxes) in one Tesseract call, in
    this process (`prepare_reading` says how). Returns the recognised text in page coordinates,
    or None when there is nothing to read. Raises RuntimeError (from MuPDF) when Tesseract
    fails.
    """
    reading = prepare_reading(pixels, image, marks, setup)
    if reading is None:
        return None
    return reading.page_text(reading.canvas.recognise())
