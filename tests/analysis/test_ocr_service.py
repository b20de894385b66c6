"""The document's OCR service (`ocr_service.OcrService`): a strip read at once (`read_now`)
with the models the document's OCR has loaded, or, in a document whose pages are not read by
OCR, with MuPDF's Tesseract until loading models would pay."""

from __future__ import annotations

from contextlib import ExitStack

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions
from docflags_gui.analysis.ocr_backend import MUPDF, TESSEROCR, load_backend
from docflags_gui.analysis.ocr_recognised import CanvasPixels, OcrBackend, Recognised
from docflags_gui.analysis.ocr_service import STRIPS_BEFORE_LOADING, OcrService
from tests.pdfbuilder.raster import require_ocr


def _strip(*numbers: str) -> pymupdf.Pixmap:
    """`numbers` in black on white, wide apart, gray, 300 dpi, as badge digits are laid out."""
    doc = pymupdf.open()
    page = doc.new_page(width=20 + 60 * len(numbers), height=40)
    for i, text in enumerate(numbers):
        page.insert_text((20 + 60 * i, 28), text, fontsize=20)
    pix = page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
    pix.set_dpi(300, 300)
    return pix


def _count_calls(monkeypatch: pytest.MonkeyPatch, backend: OcrBackend, calls: list[str]) -> None:
    recognise = type(backend).recognise

    def spy(self: OcrBackend, canvas: CanvasPixels) -> Recognised:
        calls.append(self.name)
        return recognise(self, canvas)

    monkeypatch.setattr(type(backend), "recognise", spy)


@pytest.mark.parametrize("processes", [1, 2])
def test_strips_are_read_with_mupdf_until_loading_models_pays(
    monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    require_ocr()
    if load_backend().name != TESSEROCR:
        pytest.skip("only tesserocr keeps its models loaded")
    calls: list[str] = []
    _count_calls(monkeypatch, load_backend(MUPDF), calls)
    _count_calls(monkeypatch, load_backend(TESSEROCR), calls)
    with ExitStack() as resources, pymupdf.open() as doc:
        service = OcrService(doc, AnalysisOptions(ocr_processes=processes), print, resources)
        strip = _strip("17", "4")
        read = [service.read_now(strip) for _ in range(STRIPS_BEFORE_LOADING + 2)]
    assert calls == [MUPDF] * STRIPS_BEFORE_LOADING + [TESSEROCR] * 2
    for lines in read:
        assert [w.text for line in lines for w in line] == ["17", "4"]


def test_where_pages_are_read_by_ocr_every_strip_is_read_with_their_models(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    require_ocr()
    if load_backend().name != TESSEROCR:
        pytest.skip("only tesserocr keeps its models loaded")
    calls: list[str] = []
    _count_calls(monkeypatch, load_backend(MUPDF), calls)
    _count_calls(monkeypatch, load_backend(TESSEROCR), calls)
    with ExitStack() as resources, pymupdf.open() as doc:
        service = OcrService(doc, AnalysisOptions(ocr_processes=2), print, resources)
        service.expect_reading()  # a page with marks over its page image
        lines = service.read_now(_strip("23"))
    assert calls == [TESSEROCR]
    assert [w.text for line in lines for w in line] == ["23"]
