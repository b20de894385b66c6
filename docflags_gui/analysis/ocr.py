"""OCR of the words that lie under marks on a raster page image, in one Tesseract call per
image (which pixels: `ocr_bands`; which Tesseract: `ocr_backend`; where the language data is
and which languages: `tessdata`; the text read, back in page space: `ocr_text`).

Only what lies under the marks is read, at the resolution the page image really has: the
image's own pixels (no rendering, so no tint and no tags over the text) are copied band by band,
each band on its own strip of a white canvas, and the canvas is recognised in one Tesseract
call. Measured on Turnitin classic pages (~130 px per inch of the original): Tesseract's cost
follows the lines it reads and hardly the resolution (0.5x to 1.5x scale within 10%), so reading
only the marked lines is what saves time; at the native resolution every passage came out exact,
at 0.85x and 0.7x words went missing, so the pixels are used as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pymupdf

from docflags_gui.analysis.geometry import centre_inside, median
from docflags_gui.analysis.ocr_backend import Recognised
from docflags_gui.analysis.ocr_bands import band_boxes, merge_bands, upscale_factor
from docflags_gui.analysis.ocr_text import OcrPageText, Strip
from docflags_gui.analysis.page_images import PageImage
from docflags_gui.analysis.tessdata import OcrSetup

# Characters Tesseract reads from the edge of a band or a stray stroke, not from prose.
OCR_JUNK = "|_~`"


def clean_ocr_text(text: str) -> str:
    """Drop what Tesseract makes of stray strokes: words of only junk characters, and junk
    characters at the ends of words ("penelitian|", "akses_")."""
    words = (w.strip(OCR_JUNK) for w in text.split(" "))
    return " ".join(w for w in words if w)


@dataclass(frozen=True)
class Canvas:
    """What one Tesseract call reads: a canvas of bands (`prepare_reading`), as plain values so
    that it can be read on another thread or in another process (`ocr_threads`, `ocr_pool`),
    by either OCR backend (`ocr_backend`). Its samples are RGB (`components` 3) or, for a
    canvas whose every pixel is a gray, that gray (`components` 1: `gray_when_neutral`)."""

    samples: bytes
    width: int
    height: int
    dpi: int
    language: str
    tessdata: str
    components: int = 3

    @classmethod
    def of_pixmap(cls, pixels: pymupdf.Pixmap, language: str, tessdata: str) -> Canvas:
        """A canvas of `pixels` as they are (gray or RGB, no alpha), at their resolution."""
        return cls(
            pixels.samples,
            pixels.width,
            pixels.height,
            pixels.xres,
            language,
            tessdata,
            components=pixels.n,
        )


@dataclass(frozen=True)
class BandReading:
    """The bands under a page's marks laid out on a canvas, and how to map what Tesseract reads
    there back onto the page."""

    canvas: Canvas
    # Per band, in canvas pixels: its top, the to-page matrix, the marks' middle and reach.
    strips: tuple[tuple[float, tuple[float, ...], float, float], ...]
    # Per mark read, the index of its band (-1: none).
    mark_strips: tuple[int, ...] = ()
    # Per band, its width in pixels of the page image: about how much text it holds.
    strip_widths: tuple[int, ...] = ()

    def page_text(self, recognised: Recognised) -> OcrPageText:
        """What a backend read on the canvas, in page coordinates."""
        strips = [
            Strip(top, pymupdf.Matrix(matrix), middle, reach)
            for top, matrix, middle, reach in self.strips
        ]
        return OcrPageText(recognised, strips, self.mark_strips)


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
    stretch a line's first word box over the white left of it). Every strip starts at the
    canvas's left edge, so the canvas is as wide as its widest band, not as the span of all
    of them: on a two-column page that halves it. Tesseract looks at every pixel of a canvas
    before it reads a line (thresholding, finding the lines); measured on the 27 canvases of
    two benchmark reports (tests/bench_ocr.py, image and classic style), 28% fewer pixels and
    8% less of Tesseract's CPU, the same 2,149 words.
    """
    if not setup.available or setup.tessdata is None:
        return None
    bands = merge_bands(band_boxes(image, marks, pixels))
    if not bands:
        return None
    width = max(b.width for b in bands)
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
        piece.set_origin(gap, top)
        canvas.copy(piece, piece.irect)
    samples, components = gray_when_neutral(canvas.samples)
    if components == 1:
        # Enlarged (below) as one channel, not three: a third of the scaler's work, and the
        # same bytes (the scaler weighs every channel alike, so equal channels stay equal).
        canvas = pymupdf.Pixmap(pymupdf.csGRAY, canvas.width, canvas.height, samples, False)
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
        samples = read.samples
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
                    unscale
                    * pymupdf.Matrix(1, 0, 0, 1, band.x0 - gap, band.y0 - top)
                    * pixels_to_page
                ),
                (middle - band.y0 + top) * enlarged,
                reach * enlarged,
            )
        )
    return BandReading(
        Canvas(
            samples,
            read.width,
            read.height,
            dpi,
            setup.language,
            str(setup.tessdata),
            components,
        ),
        tuple(strips),
        mark_bands,
        tuple(band.width for band in bands),
    )


def gray_when_neutral(rgb: bytes) -> tuple[bytes, int]:
    """RGB samples as (samples, components): one byte a pixel when every pixel is a gray (its
    three channels equal), else the RGB samples as they are.

    Given RGB, Tesseract looks for the text's threshold in each channel (that is what reads
    text on a coloured tint); given one channel, only there. On a canvas of grays the channels
    are the same, and so is what it reads (its own gray of a gray pixel is that pixel's value):
    the same words and boxes on the benchmark's 35 canvases, for 6-9 % less of Tesseract's CPU.
    A canvas with any colour stays RGB (a tint, or a JPEG's colour noise)."""
    red = rgb[0::3]
    if red == rgb[1::3] and red == rgb[2::3]:
        return red, 1
    return rgb, 3


def _band_of(mark: pymupdf.IRect, bands: Sequence[pymupdf.IRect]) -> int:
    """The index of the band that holds `mark`'s middle, -1 for none (or an empty mark: one
    outside the image)."""
    if mark.is_empty:
        return -1
    for i, band in enumerate(bands):
        if centre_inside(
            (mark.x0, mark.y0, mark.x1, mark.y1), (band.x0, band.y0, band.x1, band.y1)
        ):
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
