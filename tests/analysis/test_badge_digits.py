"""Badge digits (`badge_digits`) read by the document's OCR service with the models it has
loaded: by the OCR threads, ahead of the pages they read, when the document is read on threads,
so that the engine's thread never loads models of its own."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from docflags_gui.analysis.ocr_backend import TESSEROCR, load_backend
from docflags_gui.analysis.ocr_recognised import CanvasPixels, Recognised
from docflags_gui.analysis.ocr_threads import OcrThreads
from tests.pdfbuilder.image_report import build_image_report
from tests.pdfbuilder.raster import flag_rows, require_ocr

# iThenticate's 29 sources: a badge's colour names several sources, its digits tell which.
BADGE_DIGITS_SEED = 10


def test_on_threads_the_badge_digits_are_read_by_the_ocr_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_ocr()
    backend = load_backend()
    if backend.name != TESSEROCR:
        pytest.skip("OCR threads need tesserocr")
    report = build_image_report(tmp_path / "report.pdf", seed=BADGE_DIGITS_SEED, paragraphs=4)
    strips: list[str] = []
    read_now = OcrThreads.read_now

    def spy(self: OcrThreads, canvas: CanvasPixels) -> Recognised:
        strips.append(threading.current_thread().name)
        return read_now(self, canvas)

    monkeypatch.setattr(OcrThreads, "read_now", spy)
    outcome: dict[str, Any] = {}

    def engine() -> None:  # a thread of its own: no models loaded on it by other tests
        outcome["result"] = analyze_pdf(report.path, AnalysisOptions(ocr_processes=2)).to_dict()
        outcome["own_models"] = getattr(backend._local, "apis", None)  # type: ignore[attr-defined]

    thread = threading.Thread(target=engine, name="engine")
    thread.start()
    thread.join(300)
    result = outcome["result"]
    assert sorted(flag_rows(result), key=str) == sorted(report.expected_rows(), key=str)
    assert len({e.source for e in report.expected}) > 1
    assert strips and set(strips) == {"engine"}  # every page's strip went to the threads
    assert outcome["own_models"] is None
