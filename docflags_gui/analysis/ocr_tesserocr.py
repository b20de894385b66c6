"""The tesserocr OCR backend: Tesseract 5 from the tesserocr wheel, one API per thread and
language set, reused for every canvas that thread reads (`ocr_backend.py` says what it hands
back).

Measured on the benchmark's canvases (tests/bench_ocr.py), against MuPDF's built-in Tesseract
on the same canvases: the same words, a third of the CPU (about 3 ms a word against 9): MuPDF
loads the language models and lays the page out anew on every call, and writes a PDF that is
then parsed again. The canvas is handed over as it is (`SetImageBytes`) and read as one block
(`PSM.SINGLE_BLOCK`: the bands are lines of one column). A canvas is cropped before it gets
here, never narrowed with `SetRectangle`, which returns empty text with the LSTM recogniser
(tesseract-ocr/tesseract#845).
"""

from __future__ import annotations

import threading

import tesserocr
from tesserocr import PSM, RIL, PyTessBaseAPI

from docflags_gui.analysis.ocr_recognised import (
    TESSEROCR,
    CanvasPixels,
    Recognised,
    RecognisedLine,
    RecognisedWord,
)


class TesserocrBackend:
    """Reads canvases with tesserocr; safe to call from several threads at once (each has its
    own API objects) and lets go of the interpreter lock while Tesseract runs."""

    name = TESSEROCR
    threads_read_in_parallel = True

    def __init__(self) -> None:
        self._local = threading.local()
        self.version = tesserocr.tesseract_version().splitlines()[0].strip()

    def _api(self, tessdata: str, language: str) -> PyTessBaseAPI:
        """This thread's API for `language` with data from `tessdata`, made on first use (the
        models load once: 0.15 s of CPU for English + Indonesian)."""
        apis: dict[tuple[str, str], PyTessBaseAPI] | None = getattr(self._local, "apis", None)
        if apis is None:
            apis = self._local.apis = {}
        key = (tessdata, language)
        api = apis.get(key)
        if api is None:
            try:
                api = PyTessBaseAPI(path=tessdata, lang=language, psm=PSM.SINGLE_BLOCK)
                # The canvases are dark text on a light page (a mark's tint thresholds to
                # white), so Tesseract's second reading of a doubtful line, inverted, is never
                # kept: measured on the benchmark's 18 canvases, the same 2240 words and boxes
                # with 11% less CPU (8.7 s against 7.7 s).
                api.SetVariable("tessedit_do_invert", "0")
            except RuntimeError as exc:
                raise RuntimeError(f"Tesseract cannot load {language!r} from {tessdata}") from exc
            apis[key] = api
        return api

    def load(self, tessdata: str, language: str) -> None:
        self._api(tessdata, language)

    def recognise(self, canvas: CanvasPixels) -> Recognised:
        api = self._api(canvas.tessdata, canvas.language)
        n = canvas.components  # bytes a pixel: RGB or gray
        api.SetImageBytes(canvas.samples, canvas.width, canvas.height, n, n * canvas.width)
        api.SetSourceResolution(canvas.dpi)
        if not api.Recognize():
            raise RuntimeError("Tesseract could not read the page")
        lines: list[RecognisedLine] = []
        iterator = api.GetIterator()
        if iterator is None:
            return ()
        words: list[RecognisedWord] = []
        top = bottom = 0
        while True:
            if iterator.IsAtBeginningOf(RIL.TEXTLINE):
                if words:
                    lines.append(tuple(words))
                words = []
                _, top, _, bottom = iterator.BoundingBox(RIL.TEXTLINE)
            if not iterator.Empty(RIL.WORD):
                text = iterator.GetUTF8Text(RIL.WORD).strip()
                if text:
                    x0, _, x1, _ = iterator.BoundingBox(RIL.WORD)
                    # The line's top and bottom, as MuPDF's OCR layer gives its words: a word
                    # is as tall as its line whatever its letters.
                    words.append(RecognisedWord(text, x0, top, x1, bottom))
            if not iterator.Next(RIL.WORD):
                break
        if words:
            lines.append(tuple(words))
        api.Clear()
        return tuple(lines)
