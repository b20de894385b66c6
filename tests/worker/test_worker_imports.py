"""The worker loads what the document needs: a PDF with a text layer and no page images never
loads the OCR modules, Tesseract's bindings or numpy (each as long to import as a good part of
PyMuPDF); a scanned page does."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from tests.cli.test_analyze import make_pdf
from tests.processes import LIST_MODULES, listed_modules, run_python

# Runs the worker on argv[1] in this interpreter, then prints the modules it ended up with.
RUN_AND_LIST = (
    "import json, sys\n"
    "from docflags_gui.worker.main import run_worker\n"
    "code = run_worker(['--input', sys.argv[1]])\n" + LIST_MODULES
)
OCR_ONLY = {
    "numpy",
    "tesserocr",
    "docflags_gui.analysis.ocr",
    "docflags_gui.analysis.ocr_ahead",
    "docflags_gui.analysis.ocr_backend",
    "docflags_gui.analysis.ocr_pool",
    "docflags_gui.analysis.ocr_threads",
    "docflags_gui.analysis.tessdata",
}


def _modules(pdf: Path) -> set[str]:
    done = run_python(RUN_AND_LIST, str(pdf))
    assert done.returncode == 0, done.stderr
    assert '"type":"result"' in done.stdout.replace(" ", "")
    return listed_modules(done)


def test_a_text_layer_document_loads_no_ocr_module(tmp_path: Path) -> None:
    assert _modules(make_pdf(tmp_path / "text.pdf")) & OCR_ONLY == set()


def test_a_page_image_loads_them(tmp_path: Path) -> None:
    """The same page as a picture with a highlight drawn over it: its text is read by OCR."""
    source = pymupdf.open(make_pdf(tmp_path / "text.pdf"))
    pixels = source[0].get_pixmap(dpi=100)
    doc = pymupdf.open()
    page = doc.new_page(width=source[0].rect.width, height=source[0].rect.height)
    page.insert_image(page.rect, pixmap=pixels)
    page.draw_rect(pymupdf.Rect(70, 88, 200, 104), color=None, fill=(1, 1, 0), fill_opacity=0.4)
    doc.save(tmp_path / "scan.pdf")
    loaded = _modules(tmp_path / "scan.pdf")
    assert {"docflags_gui.analysis.ocr_ahead", "docflags_gui.analysis.ocr_backend"} <= loaded
