"""New Turnitin's pdf-lib overlay polygons (FORMATS.md §6.4): one flag per match, read from the
drawing order, whatever splits the match on the page (unmatched words, pieces, columns, page
breaks, ToC cells whose text layer runs by column, a running header in the margin zone)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from docflags_gui.result import ResultDocument
from tests.pdfbuilder.ai_report import build_ai_report
from tests.pdfbuilder.overlay_report import build_overlay_report


def _rows(result: ResultDocument) -> list[tuple[object, ...]]:
    return sorted(
        (f["page"], f["kind"], f["text"], f["color"], f["source"])
        for f in result["flags"]
        if f["kind"] == "drawn"
    )


@pytest.mark.parametrize("seed", [1, 4, 5, 8, 11])
def test_each_match_is_one_flag_with_its_text_and_source(tmp_path: Path, seed: int) -> None:
    report = build_overlay_report(tmp_path / "tii.pdf", seed=seed)
    result = analyze_pdf(report.path, AnalysisOptions(ocr=False)).to_dict()
    expected = sorted((e.page, e.kind, e.text, e.color, e.source) for e in report.expected)
    assert _rows(result) == expected


def test_the_fixtures_hold_what_splits_matches(tmp_path: Path) -> None:
    """The seeds above cover the traps: a highlighted header crossing the margin zone, ToC rows
    whose text layer runs by column, two-column pages, matches over a page break."""
    reports = [build_overlay_report(tmp_path / f"{s}.pdf", seed=s) for s in (1, 4, 5, 8, 11)]
    assert sum(r.page_breaks for r in reports) >= 3
    styles = [r.style for r in reports]
    assert any(s and s.header for s in styles)
    assert any(s and s.toc and s.toc_by_columns for s in styles)
    assert any(s and s.two_column_pages for s in styles)


def test_a_highlighted_running_header_is_read_whole_on_every_page(tmp_path: Path) -> None:
    report = build_overlay_report(tmp_path / "tii.pdf", seed=5)
    result = analyze_pdf(report.path, AnalysisOptions(ocr=False)).to_dict()
    headers = [f for f in result["flags"] if f["text"].startswith("International Journal")]
    assert len(headers) >= 3
    assert all(f["text"].endswith("Society for Rural Learning") for f in headers)


@pytest.mark.parametrize("seed", [2, 7])
def test_a_badge_drawn_before_its_first_segment_starts_the_same_match(
    tmp_path: Path, seed: int
) -> None:
    """Some writers may paint the round badge first: the segment on its corner still starts
    the match (footnotes after the body on these seeds: the continuation still joins)."""
    report = build_overlay_report(tmp_path / "tii.pdf", seed=seed, badge_first=True)
    assert report.style is not None and report.style.footnotes and report.page_breaks
    result = analyze_pdf(report.path, AnalysisOptions(ocr=False)).to_dict()
    expected = sorted((e.page, e.kind, e.text, e.color, e.source) for e in report.expected)
    assert _rows(result) == expected


def test_an_ai_writing_report_appended_keeps_one_flag_per_paragraph(tmp_path: Path) -> None:
    """The AI-writing report after a similarity report in one file: its paragraphs stay one
    flag each (they have no badges: the drawing order would make them one)."""
    tii = build_overlay_report(tmp_path / "tii.pdf", seed=3)
    ai = build_ai_report(tmp_path / "ai.pdf", seed=1)
    with pymupdf.open(tii.path) as doc, pymupdf.open(ai.path) as extra:
        offset = doc.page_count
        doc.insert_pdf(extra)
        doc.save(tmp_path / "both.pdf")
    result = analyze_pdf(tmp_path / "both.pdf", AnalysisOptions(ocr=False)).to_dict()
    expected = [(e.page, e.kind, e.text, e.color, e.source) for e in tii.expected]
    expected += [(e.page + offset, e.kind, e.text, e.color, e.source) for e in ai.expected]
    assert _rows(result) == sorted(expected)
