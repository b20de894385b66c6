"""The OCR backends (tesserocr, MuPDF's built-in Tesseract): the same words and boxes from both
on the same canvas, how one is chosen, and reading on threads."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import ocr_backend
from docflags_gui.analysis.ocr import gray_when_neutral
from docflags_gui.analysis.ocr_backend import (
    BACKEND_ENV,
    BackendUnavailable,
    Recognised,
    load_backend,
)
from docflags_gui.analysis.ocr_threads import OcrThreads
from docflags_gui.analysis.tessdata import find_tessdata
from tests.pdfbuilder.raster import require_ocr

LINES = (
    "penelitian pendidikan mahasiswa menunjukkan bahwa digital",
    "study results learning students teachers policy framework",
    "kerangka infrastruktur pelatihan kelembagaan sekolah provinsi",
)


@dataclass(frozen=True)
class Canvas:
    """What a backend reads, as `ocr.Canvas` holds it."""

    samples: bytes
    width: int
    height: int
    dpi: int
    language: str
    tessdata: str
    components: int = 3


def text_canvas(lines: tuple[str, ...], dpi: int = 130) -> Canvas:
    """`lines` in 10 pt Times, one below the other, rendered at `dpi` as RGB pixels."""
    require_ocr()
    tessdata = find_tessdata()
    assert tessdata is not None
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=30 + 24 * len(lines))
    for i, line in enumerate(lines):
        page.insert_text((12, 28 + 24 * i), line, fontname="tiro", fontsize=10)
    pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
    return Canvas(pixmap.samples, pixmap.width, pixmap.height, dpi, "eng+ind", str(tessdata))


def texts(recognised: Recognised) -> list[list[str]]:
    return [[w.text for w in line] for line in recognised]


@pytest.fixture(scope="module")
def canvas() -> Canvas:
    return text_canvas(LINES)


def test_both_backends_read_the_same_words_in_the_same_boxes(canvas: Canvas) -> None:
    tess = load_backend("tesserocr").recognise(canvas)
    mupdf = load_backend("mupdf").recognise(canvas)
    assert texts(tess) == texts(mupdf) == [line.split() for line in LINES]
    for tess_line, mupdf_line in zip(tess, mupdf, strict=True):
        height = mupdf_line[0].y1 - mupdf_line[0].y0
        for a, b in zip(tess_line, mupdf_line, strict=True):
            # Measured: within 1 px left and right; MuPDF's OCR layer sets a line's words a
            # pixel or two lower than Tesseract's line box (its baseline and font size).
            assert abs(a.x0 - b.x0) <= 2 and abs(a.x1 - b.x1) <= 2
            assert abs(a.y0 - b.y0) <= 0.25 * height and abs(a.y1 - b.y1) <= 0.25 * height
        # Each word is as tall as its line, in both.
        assert len({(w.y0, w.y1) for w in tess_line}) == 1


def test_tesserocr_reads_a_canvas_the_same_after_other_canvases(canvas: Canvas) -> None:
    backend = load_backend("tesserocr")
    first = backend.recognise(canvas)
    backend.recognise(text_canvas(("another page of text entirely",), dpi=200))
    assert backend.recognise(canvas) == first


@pytest.mark.parametrize("backend", ["tesserocr", "mupdf"])
def test_a_canvas_of_grays_reads_the_same_handed_over_in_gray(canvas: Canvas, backend: str) -> None:
    samples, components = gray_when_neutral(canvas.samples)  # black text on white: grays
    assert components == 1 and len(samples) == canvas.width * canvas.height
    gray = Canvas(
        samples,
        canvas.width,
        canvas.height,
        canvas.dpi,
        canvas.language,
        canvas.tessdata,
        components,
    )
    reader = load_backend(backend)
    assert reader.recognise(gray) == reader.recognise(canvas)


def test_only_a_canvas_whose_every_pixel_is_a_gray_goes_over_in_gray() -> None:
    grays = bytes([0, 0, 0, 128, 128, 128, 255, 255, 255])
    assert gray_when_neutral(grays) == (bytes([0, 128, 255]), 1)
    tinted = bytes([0, 0, 0, 128, 128, 128, 255, 255, 254])  # one channel off by one
    assert gray_when_neutral(tinted) == (tinted, 3)


def test_a_blank_canvas_reads_as_no_lines() -> None:
    blank = text_canvas(())
    assert load_backend("tesserocr").recognise(blank) == ()
    assert load_backend("mupdf").recognise(blank) == ()


def test_the_environment_chooses_the_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BACKEND_ENV, "mupdf")
    assert load_backend().name == "mupdf"
    monkeypatch.setenv(BACKEND_ENV, "tesserocr")
    assert load_backend().name == "tesserocr"
    monkeypatch.delenv(BACKEND_ENV)
    assert load_backend().name == "tesserocr"
    monkeypatch.setenv(BACKEND_ENV, "leptonica")
    with pytest.raises(ValueError, match="leptonica"):
        load_backend()


def test_without_tesserocr_mupdf_reads_and_asking_for_tesserocr_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "tesserocr", None)  # import fails
    monkeypatch.delitem(sys.modules, "docflags_gui.analysis.ocr_tesserocr", raising=False)
    ocr_backend._tesserocr.cache_clear()
    try:
        assert load_backend().name == "mupdf"
        with pytest.raises(BackendUnavailable, match="tesserocr"):
            load_backend("tesserocr")
    finally:
        ocr_backend._tesserocr.cache_clear()


def test_describe_names_backend_and_language_data(tmp_path: Path) -> None:
    text = ocr_backend.describe_ocr()
    assert text.startswith("OCR: tesserocr (tesseract 5.")
    assert "OCR language data: " in text and "eng" in text


def test_threads_read_canvases_side_by_side_as_one_thread_does(canvas: Canvas) -> None:
    backend = load_backend("tesserocr")
    small = text_canvas(LINES[:1], dpi=150)
    alone = [backend.recognise(c) for c in (canvas, small)]
    threads = OcrThreads(backend, 2)
    try:
        futures = [threads.submit(c) for c in (canvas, small, canvas, small)]
        assert [threads.result(f) for f in futures] == alone * 2
    finally:
        threads.close()


def test_threads_refuse_a_backend_that_holds_the_interpreter_lock() -> None:
    with pytest.raises(ValueError, match="mupdf"):
        OcrThreads(load_backend("mupdf"), 2)


def test_closing_the_threads_drops_what_is_queued(canvas: Canvas) -> None:
    threads = OcrThreads(load_backend("tesserocr"), 1)
    futures = [threads.submit(canvas) for _ in range(6)]
    threads.close()
    assert any(f.cancelled() for f in futures)
    assert all(f.done() for f in futures)
