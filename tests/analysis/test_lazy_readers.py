"""The engine loads its image readers for the first page with images only: a text-layer
report's worker does without them (their import is part of every run's start-up)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.cli.test_analyze import REPO_ROOT, make_pdf
from tests.pdfbuilder.image_report import build_image_report
from tests.pdfbuilder.text_layers import VISIBLE

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
    "print(json.dumps(sorted(sys.modules)))\n"
)


def _loaded_by_analysing(pdf: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", ANALYZE_AND_LIST, str(pdf)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
        check=True,
    )
    return set(json.loads(done.stdout))


def test_a_text_layer_pdf_is_analysed_without_the_image_readers(tmp_path: Path) -> None:
    loaded = _loaded_by_analysing(make_pdf(tmp_path / "text.pdf"))
    assert "docflags_gui.analysis.image_overlay" in loaded  # the cheap test still runs
    assert loaded & IMAGE_READERS == set()


def test_a_page_with_highlight_images_loads_them(tmp_path: Path) -> None:
    report = build_image_report(tmp_path / "report.pdf", seed=1, paragraphs=1, text_layer=VISIBLE)
    assert _loaded_by_analysing(report.path) >= IMAGE_READERS
