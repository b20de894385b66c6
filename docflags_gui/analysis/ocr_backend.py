"""Which Tesseract reads the OCR canvases, and what every backend hands back.

Two backends read a canvas (`ocr.Canvas`: RGB or gray pixels, their resolution, languages,
tessdata):

- "tesserocr" (`ocr_tesserocr.py`): Tesseract 5 through the tesserocr package, whose wheels
  bundle it (Linux x86_64/aarch64, Windows x64, macOS 15+). One API per thread and language
  set, kept for the life of the process, so the language models load once; it lets go of the
  interpreter lock while it recognises, so threads read pages side by side.
- "mupdf" (`ocr_mupdf.py`): the Tesseract built into PyMuPDF, which loads the models on every
  call and holds the interpreter lock; the fallback where tesserocr does not import.

Both read the canvas as one block of text and hand back the same thing: its lines, top down,
each a tuple of words with their boxes in canvas pixels (the word's own left and right, the
line's top and bottom: what MuPDF's OCR layer gives each word). On the same canvas they read
the same words, within a pixel or two of the same boxes (tests/analysis/test_ocr_backend.py).

`DOCFLAGS_OCR_BACKEND=mupdf` (or `tesserocr`) chooses one; by default tesserocr where it
imports. The worker's OCR helpers inherit the choice with the environment.
"""

from __future__ import annotations

import logging
import os
from functools import cache

from docflags_gui.analysis.ocr_recognised import (
    MUPDF,
    TESSEROCR,
    CanvasPixels,
    OcrBackend,
    Recognised,
    RecognisedLine,
    RecognisedWord,
)

log = logging.getLogger(__name__)

BACKEND_ENV = "DOCFLAGS_OCR_BACKEND"
BACKEND_NAMES = (TESSEROCR, MUPDF)

__all__ = [
    "BACKEND_ENV",
    "BACKEND_NAMES",
    "MUPDF",
    "TESSEROCR",
    "BackendUnavailable",
    "CanvasPixels",
    "OcrBackend",
    "Recognised",
    "RecognisedLine",
    "RecognisedWord",
    "describe_ocr",
    "load_backend",
    "wanted_backend",
]


class BackendUnavailable(RuntimeError):
    """The backend asked for cannot run here (tesserocr not installed)."""


def wanted_backend() -> str | None:
    """The backend named in DOCFLAGS_OCR_BACKEND, None for the default; ValueError for a name
    that is neither."""
    value = os.environ.get(BACKEND_ENV, "").strip().lower()
    if not value:
        return None
    if value not in BACKEND_NAMES:
        raise ValueError(f"{BACKEND_ENV}={value!r}: expected one of {', '.join(BACKEND_NAMES)}")
    return value


def load_backend(name: str | None = None) -> OcrBackend:
    """The backend `name` ("tesserocr" or "mupdf"), or by default the one DOCFLAGS_OCR_BACKEND
    names, else tesserocr where it imports, else MuPDF's. BackendUnavailable when tesserocr is
    asked for by name and does not import."""
    wanted = name or wanted_backend()
    if wanted == MUPDF:
        return _mupdf()
    try:
        return _tesserocr()
    except ImportError as exc:
        if wanted == TESSEROCR:
            raise BackendUnavailable(f"tesserocr cannot be used: {exc}") from exc
        log.debug("tesserocr does not import (%s); OCR with MuPDF's Tesseract", exc)
        return _mupdf()


@cache
def _tesserocr() -> OcrBackend:
    from docflags_gui.analysis.ocr_tesserocr import TesserocrBackend

    return TesserocrBackend()


@cache
def _mupdf() -> OcrBackend:
    from docflags_gui.analysis.ocr_mupdf import MupdfBackend

    return MupdfBackend()


def describe_ocr() -> str:
    """For `--version`: which OCR backend this installation uses (and its Tesseract), and
    which language data it would read with."""
    from docflags_gui.analysis.tessdata import find_tessdata, installed_languages

    try:
        backend = load_backend()
        engine = f"OCR: {backend.name} ({backend.version})"
    except (BackendUnavailable, ValueError) as exc:
        engine = f"OCR: unavailable ({exc})"
    tessdata = find_tessdata()
    if tessdata is None:
        data = "OCR language data: none found (install tesseract-ocr-eng, or set TESSDATA_PREFIX)"
    else:
        languages = ", ".join(sorted(installed_languages(tessdata))) or "no languages"
        data = f"OCR language data: {tessdata} ({languages})"
    return f"{engine}\n{data}"
