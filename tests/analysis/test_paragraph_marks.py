"""Marks over whole paragraphs (FORMATS.md §6.4, AI-writing report): one flag per paragraph,
though nothing but a wider gap separates two marked paragraphs; a paragraph that runs over the
page break is still one flag."""

from __future__ import annotations

from pathlib import Path

import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from tests.pdfbuilder.ai_report import build_ai_report


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_marked_paragraph_is_one_flag(tmp_path: Path, seed: int) -> None:
    report = build_ai_report(tmp_path / "ai.pdf", seed=seed)
    result = analyze_pdf(report.path, AnalysisOptions(ocr=False)).to_dict()
    found = [(f["page"], f["kind"], f["text"], f["color"]) for f in result["flags"]]
    assert found == [(e.page, e.kind, e.text, e.color) for e in report.expected]
    assert max(len(f["text"]) for f in result["flags"]) < 700
