"""A whole vector report, end to end: every drawn flag, its source, the sources list, the
similarity index, and nothing else (FORMATS.md §1-§3)."""

from __future__ import annotations

from pathlib import Path

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from tests.pdfbuilder.report import build_vector_report


def test_vector_report_yields_exactly_its_flags_sources_and_similarity(tmp_path: Path) -> None:
    truth = build_vector_report(tmp_path / "report.pdf")
    result = analyze_pdf(tmp_path / "report.pdf", AnalysisOptions(ocr=False))
    got = [(f.page, f.kind, f.text, f.color, f.source) for f in result.flags]
    want = [(e.page, e.kind, e.text, e.color, e.source) for e in truth.flags]
    assert got == want
    assert [s.to_dict() for s in result.sources] == truth.sources
    assert result.similarity == truth.similarity
