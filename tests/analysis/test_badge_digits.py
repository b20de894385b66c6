"""Badge digits (`badge_digits`) read by the document's OCR service with the models it has
loaded: by the OCR threads, ahead of the pages they read, when the document is read on threads,
so that the engine's thread never loads models of its own."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf, badge_digits
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


# A one-column iThenticate-style report of 8 sources: every badge has one digit.
ONE_DIGIT_SEED = 6
# 12 sources: badges 10-12 have two digits, in colours no one-digit source has.
TWELVE_SOURCES_SEED = 11


@pytest.mark.parametrize(
    ("seed", "read_some"), [(ONE_DIGIT_SEED, False), (TWELVE_SOURCES_SEED, True)]
)
def test_a_one_digit_badge_is_told_by_its_colour_and_only_longer_numbers_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, read_some: bool
) -> None:
    require_ocr()
    report = build_image_report(tmp_path / "report.pdf", seed=seed, paragraphs=6)
    sources = {e.source for e in report.expected}
    assert None not in sources
    assert (max(n for n in sources if n is not None) > 9) == read_some
    strips: list[int] = []
    read_strip = badge_digits._read_strip

    def spy(tiles: Any, read: Any) -> list[int | None]:
        strips.append(sum(t is not None for t in tiles))
        return read_strip(tiles, read)

    monkeypatch.setattr(badge_digits, "_read_strip", spy)
    result = analyze_pdf(report.path).to_dict()
    assert sorted(flag_rows(result), key=str) == sorted(report.expected_rows(), key=str)
    assert bool(strips) == read_some
