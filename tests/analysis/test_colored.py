"""Coloured text (analysis.colored) on PDFs from tests/pdfbuilder/colored.py."""

from __future__ import annotations

from pathlib import Path

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from docflags_gui.analysis.page_reading import is_chromatic_text
from tests.analysis.test_annotations import flags_of
from tests.pdfbuilder.colored import build_colored_columns, build_colored_report


def test_coloured_passages_are_joined_and_distractors_left_out(tmp_path: Path) -> None:
    path = tmp_path / "colored.pdf"
    expected = build_colored_report(path)
    got = [f for f in flags_of(path) if f.kind == "colored-text"]
    assert got == expected


def test_a_passage_cut_by_a_page_break_is_one_flag_ending_on_the_next_page(
    tmp_path: Path,
) -> None:
    path = tmp_path / "colored.pdf"
    build_colored_report(path)
    last = analyze_pdf(path, AnalysisOptions(ocr=False)).flags[-1]
    assert (last.page, last.end_page) == (1, 2)
    assert last.end_rect is not None and last.end_rect[1] < 120


def test_black_grey_white_and_theme_colours_are_not_chromatic() -> None:
    for color in (0x000000, 0x808080, 0xFFFFFF, 0x44546A, 0x202124):
        assert not is_chromatic_text(color), hex(color)
    for color in (0xFF0000, 0x0563C1, 0x43A047, 0xF4E4AA, 0xFB8C00):
        assert is_chromatic_text(color), hex(color)


def test_columns_running_header_and_right_to_left_text(tmp_path: Path) -> None:
    path = tmp_path / "columns.pdf"
    expected = build_colored_columns(path)
    assert [f for f in flags_of(path) if f.kind == "colored-text"] == expected
