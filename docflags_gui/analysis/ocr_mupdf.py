"""The MuPDF OCR backend: the Tesseract built into PyMuPDF, for where tesserocr does not import
(`ocr_backend.py` says what it hands back).

MuPDF's OCR writer turns the canvas into a one-page PDF whose invisible text layer holds what
Tesseract read; its words are taken back into canvas pixels, line by line. Each call loads the
language models anew and keeps the interpreter lock, so pages are read side by side only in
separate processes (`ocr_pool.py`).
"""

from __future__ import annotations

import pymupdf

from docflags_gui.analysis.ocr_recognised import (
    MUPDF,
    CanvasPixels,
    Recognised,
    RecognisedLine,
    RecognisedWord,
)
from docflags_gui.analysis.page_reading import TEXT_FLAGS


class MupdfBackend:
    """Reads canvases with MuPDF's Tesseract (one call at a time per process)."""

    name = MUPDF
    threads_read_in_parallel = False

    def __init__(self) -> None:
        self.version = f"built into PyMuPDF {pymupdf.VersionBind}"

    def load(self, tessdata: str, language: str) -> None:
        """Nothing to load ahead: MuPDF loads the models on every call."""

    def recognise(self, canvas: CanvasPixels) -> Recognised:
        pixmap = pymupdf.Pixmap(
            pymupdf.csRGB, canvas.width, canvas.height, _rgb_samples(canvas), False
        )
        pixmap.set_dpi(canvas.dpi, canvas.dpi)
        pdf = pixmap.pdfocr_tobytes(
            compress=False, language=canvas.language, tessdata=canvas.tessdata
        )
        with pymupdf.open("pdf", pdf) as doc:
            page = doc[0]
            # The OCR page is the canvas at its resolution: back to pixels.
            sx = canvas.width / page.rect.width
            sy = canvas.height / page.rect.height
            extracted = page.get_textpage(flags=TEXT_FLAGS).extractWORDS()
        lines: list[RecognisedLine] = []
        words: list[RecognisedWord] = []
        key: tuple[int, int] | None = None
        for x0, y0, x1, y1, text, block, line, _ in extracted:
            if (block, line) != key and words:
                lines.append(tuple(words))
                words = []
            key = (block, line)
            words.append(RecognisedWord(text, x0 * sx, y0 * sy, x1 * sx, y1 * sy))
        if words:
            lines.append(tuple(words))
        return tuple(lines)


def _rgb_samples(canvas: CanvasPixels) -> bytes:
    """The canvas as RGB samples: MuPDF's OCR writer reads RGB only (a gray pixmap comes back
    with no text at all). A gray canvas's pixels become the same grays in RGB, byte for byte."""
    if canvas.components == 3:
        return canvas.samples
    rgb = bytearray(3 * len(canvas.samples))
    rgb[0::3] = rgb[1::3] = rgb[2::3] = canvas.samples
    return bytes(rgb)
