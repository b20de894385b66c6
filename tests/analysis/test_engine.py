"""The engine's side of the detector interface: one new detector per document, asked about
slow pages before it runs, and given all its flags at the end to join them."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf, engine
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.detector import Detector
from docflags_gui.analysis.model import Flag
from tests.pdfbuilder.core import new_document, new_page, save_pdf


class EveryPage(Detector):
    """A flag per page; slow on even pages; joins everything into one flag at the end."""

    stage = "counting"
    started: ClassVar[list[DocContext]] = []

    def __init__(self, doc: DocContext) -> None:
        super().__init__(doc)
        self.pages_seen = 0
        EveryPage.started.append(doc)

    def is_slow(self, page: PageContext) -> bool:
        return page.number % 2 == 0

    def find(self, page: PageContext) -> list[Flag]:
        self.pages_seen += 1
        return [Flag(page.number, "note", f"page {page.number}", (0.0, 0.0, 1.0, 1.0))]

    def finish(self, flags: list[Flag]) -> list[Flag]:
        first = flags[0]
        first.text = f"{self.pages_seen} pages: " + ", ".join(f.text for f in flags)
        return [first]


@pytest.fixture
def three_pages(tmp_path: Path) -> Path:
    doc = new_document()
    for _ in range(3):
        new_page(doc)
    return save_pdf(doc, tmp_path / "three.pdf")


def test_a_detector_is_started_per_document_and_finishes_across_pages(
    three_pages: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "DETECTORS", (*engine.DETECTORS, EveryPage))
    EveryPage.started.clear()
    messages: list[str] = []
    options = AnalysisOptions(ocr=False)
    result = analyze_pdf(three_pages, options, progress=lambda d, t, m: messages.append(m))
    assert [f.text for f in result.flags] == ["3 pages: page 1, page 2, page 3"]
    assert "Page 2/3: counting" in messages
    assert "Page 1/3: counting" not in messages and "Page 3/3: counting" not in messages
    analyze_pdf(three_pages, options)
    assert len(EveryPage.started) == 2 and EveryPage.started[0] is not EveryPage.started[1]


def test_later_detectors_skip_a_page_a_detector_claims_as_a_summary_page(
    three_pages: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class ClaimsPageTwo(Detector):
        stage = "claiming"

        def find(self, page: PageContext) -> list[Flag]:
            page.is_summary = page.number == 2
            return []

    monkeypatch.setattr(engine, "DETECTORS", (ClaimsPageTwo, EveryPage))
    result = analyze_pdf(three_pages, AnalysisOptions(ocr=False))
    assert [f.text for f in result.flags] == ["2 pages: page 1, page 3"]
