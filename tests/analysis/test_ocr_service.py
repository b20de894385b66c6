"""The document's OCR service (`ocr_service.OcrService`): a strip read at once (`read_now`)
with the models the document's OCR has loaded, or, in a document whose pages are not read by
OCR, with MuPDF's Tesseract until loading models would pay."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions
from docflags_gui.analysis.ocr_backend import MUPDF, TESSEROCR, load_backend
from docflags_gui.analysis.ocr_recognised import CanvasPixels, OcrBackend, Recognised
from docflags_gui.analysis.ocr_service import STRIPS_BEFORE_LOADING, OcrService
from tests.pdfbuilder.raster import require_ocr

Recognise = Callable[[OcrBackend, CanvasPixels], Recognised]


def _strip(*numbers: str) -> pymupdf.Pixmap:
    """`numbers` in black on white, wide apart, gray, 300 dpi, as badge digits are laid out."""
    doc = pymupdf.open()
    page = doc.new_page(width=20 + 60 * len(numbers), height=40)
    for i, text in enumerate(numbers):
        page.insert_text((20 + 60 * i, 28), text, fontsize=20)
    pix = page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
    pix.set_dpi(300, 300)
    return pix


@pytest.fixture
def backend_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of the backend of each `recognise` call, in order (tesserocr and MuPDF's
    Tesseract spied on; the test is skipped where tesserocr, which keeps models loaded, is
    not the default)."""
    require_ocr()
    if load_backend().name != TESSEROCR:
        pytest.skip("only tesserocr keeps its models loaded")
    calls: list[str] = []
    for backend in (load_backend(MUPDF), load_backend(TESSEROCR)):
        recognise = type(backend).recognise

        def spy(
            self: OcrBackend, canvas: CanvasPixels, recognise: Recognise = recognise
        ) -> Recognised:
            calls.append(self.name)
            return recognise(self, canvas)

        monkeypatch.setattr(type(backend), "recognise", spy)
    return calls


def _words(lines: Recognised) -> list[str]:
    return [w.text for line in lines for w in line]


@pytest.mark.parametrize("processes", [1, 2])
def test_strips_are_read_with_mupdf_until_loading_models_pays(
    backend_calls: list[str], processes: int
) -> None:
    with ExitStack() as resources, pymupdf.open() as doc:
        service = OcrService(doc, AnalysisOptions(ocr_processes=processes), print, resources)
        strip = _strip("17", "4")
        read = [service.read_now(strip) for _ in range(STRIPS_BEFORE_LOADING + 2)]
    assert backend_calls == [MUPDF] * STRIPS_BEFORE_LOADING + [TESSEROCR] * 2
    assert all(_words(lines) == ["17", "4"] for lines in read)


def test_where_pages_are_read_by_ocr_every_strip_is_read_with_their_models(
    backend_calls: list[str],
) -> None:
    with ExitStack() as resources, pymupdf.open() as doc:
        service = OcrService(doc, AnalysisOptions(ocr_processes=2), print, resources)
        service.expect_reading()  # a page with marks over its page image
        lines = service.read_now(_strip("23"))
    assert backend_calls == [TESSEROCR]
    assert _words(lines) == ["23"]
