"""Thin markup quads over large type on an OCR'd scan (FORMATS.md §6.5), from
tests/pdfbuilder/thin_quads.py: the bands' text is read from the text layer by the width rule,
and the page, which has a text layer, is never treated as scanned."""

from __future__ import annotations

from pathlib import Path

import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from docflags_gui.analysis.coverage import thin_inside
from docflags_gui.analysis.words import Word
from tests.pdfbuilder import thin_quads


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_thin_bands_over_large_type_read_their_glyphs(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "scan.pdf"
    expected = thin_quads.build_thin_quads(path, seed)
    result = analyze_pdf(path, AnalysisOptions(ocr=False))
    assert [(f.page, f.kind, f.text, f.color) for f in result.flags] == [
        (e.page, e.kind, e.text, e.color) for e in expected
    ]
    assert not any(f.ocr for f in result.flags)
    # Only the Ink count: no word of OCR or of scanned pages.
    assert len(result.warnings) == 1 and "Ink" in result.warnings[0]


def test_a_page_with_a_text_layer_is_never_read_by_ocr(tmp_path: Path) -> None:
    """With OCR on, nothing is read from the page image: the layer holds the text."""
    path = tmp_path / "scan.pdf"
    expected = thin_quads.build_thin_quads(path, 5)
    result = analyze_pdf(path, AnalysisOptions(ocr=True))
    assert [f.text for f in result.flags] == [e.text for e in expected]
    assert not any(f.ocr for f in result.flags)
    assert not any("scanned" in w or "OCR" in w for w in result.warnings)


def _word(y0: float, y1: float) -> Word:
    return Word(100.0, y0, 200.0, y1, "Display", 0, 0, 0, 0)


def test_thin_means_inside_the_word_across_and_under_half_its_height() -> None:
    word = _word(100.0, 160.0)  # 60 pt of font box
    assert thin_inside(word, [(90.0, 120.0, 150.0, 130.0)], True)  # 17 %, inside
    assert thin_inside(word, [(90.0, 110.0, 150.0, 137.0)], True)  # 45 %
    assert not thin_inside(word, [(90.0, 110.0, 150.0, 140.0)], True)  # 50 %: the area rule
    # A mark of the line above reaching into the word's top: out of its box, a graze.
    assert not thin_inside(word, [(90.0, 80.0, 150.0, 110.0)], True)
