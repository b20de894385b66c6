"""Turnitin classic matches over table cells (FORMATS.md §6.2, sample C): one flag per match,
its cells read in the order of the marks (caption, header cells with their stacked lines, then
data rows cell by cell), rows abutting exactly, each segment its own transparency-group Form or
all in one. Text by OCR, so the figures allow OCR's misreadings of digits; the words (not the
numbers) must come in the cells' order. Seeds 11 and 19 put a match's tag over the short
"No." header cell of another match (rows touch): its digits are the tag's, not that cell's."""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from tests.pdfbuilder.raster import require_ocr
from tests.pdfbuilder.table_report import build_table_report


def _words(text: str) -> list[str]:
    return [w for w in text.split() if not any(c.isdigit() for c in w)]


@pytest.mark.parametrize("seed", [1, 2, 11, 19])
def test_each_table_match_is_one_flag_in_cell_order(tmp_path: Path, seed: int) -> None:
    require_ocr()
    report = build_table_report(tmp_path / "table.pdf", seed=seed)
    flags = analyze_pdf(report.path, AnalysisOptions()).to_dict()["flags"]
    assert len(flags) == len(report.expected)
    for expected in report.expected:
        found = max(flags, key=lambda f: SequenceMatcher(None, expected.text, f["text"]).ratio())
        assert SequenceMatcher(None, expected.text, found["text"]).ratio() >= 0.9
        assert _words(found["text"]) == _words(expected.text)
        assert (found["page"], found["source"], found["color"]) == (
            expected.page,
            expected.source,
            expected.color,
        )
