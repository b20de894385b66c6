"""Telling a report from a manuscript among two dropped PDFs."""

from __future__ import annotations

from pathlib import Path

from docflags_gui.matching.report_guess import looks_like_report, pick_report
from tests.matching.reports import MANUSCRIPT_PARAGRAPHS, build_report
from tests.matching.writers import write_manuscript


def test_the_report_is_the_pdf_with_flags(tmp_path: Path) -> None:
    report = build_report(tmp_path / "report.pdf")
    manuscript = write_manuscript(MANUSCRIPT_PARAGRAPHS, tmp_path / "thesis.pdf")
    assert looks_like_report(report) is True
    assert looks_like_report(manuscript) is False
    assert pick_report(manuscript, report) == (report, manuscript)
    assert pick_report(report, manuscript) == (report, manuscript)


def test_two_reports_or_an_unreadable_file_are_unclear(tmp_path: Path) -> None:
    first = build_report(tmp_path / "a.pdf")
    second = build_report(tmp_path / "b.pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 nothing else")
    assert pick_report(first, second) is None
    assert looks_like_report(broken) is None
    assert pick_report(first, broken) is None
