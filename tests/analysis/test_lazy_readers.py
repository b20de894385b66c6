"""The engine loads its image readers for the first page with images only: a text-layer
report's worker does without them (their import is part of every run's start-up)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_analyze import make_pdf
from tests.pdfbuilder.image_report import build_image_report
from tests.pdfbuilder.text_layers import VISIBLE
from tests.processes import LIST_MODULES, listed_modules, run_python

IMAGE_READERS = {
    "docflags_gui.analysis.image_overlay_read",
    "docflags_gui.analysis.image_marks",
    "docflags_gui.analysis.image_paints",
}
# Analyses the PDF (no OCR) in a fresh interpreter, then prints the modules it loaded.
ANALYZE_AND_LIST = (
    "import json, sys\n"
    "from docflags_gui.analysis import AnalysisOptions, analyze_pdf\n"
    "analyze_pdf(sys.argv[1], AnalysisOptions(ocr=False))\n"
    "code = 0\n" + LIST_MODULES
)


def _loaded_by_analysing(pdf: Path) -> set[str]:
    done = run_python(ANALYZE_AND_LIST, str(pdf))
    assert done.returncode == 0, done.stderr
    return listed_modules(done)


def test_a_text_layer_pdf_is_analysed_without_the_image_readers(tmp_path: Path) -> None:
    loaded = _loaded_by_analysing(make_pdf(tmp_path / "text.pdf"))
    assert "docflags_gui.analysis.image_overlay" in loaded  # the cheap test still runs
    assert loaded & IMAGE_READERS == set()


def test_a_page_with_highlight_images_loads_them(tmp_path: Path) -> None:
    report = build_image_report(tmp_path / "report.pdf", seed=1, paragraphs=1, text_layer=VISIBLE)
    assert _loaded_by_analysing(report.path) >= IMAGE_READERS
