"""`marks.link_rects` walks MuPDF's list of a page's links itself; its rects must be exactly the
"from" rects of PyMuPDF's `page.get_links()` (a PyMuPDF upgrade that changes either shows here),
on rotated and cropped pages too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf
import pytest

from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.marks import link_rects
from docflags_gui.analysis.options import AnalysisOptions
from tests.conftest import CORPUS

REPORTS = sorted((CORPUS / "synthetic").glob("*.pdf")) + sorted((CORPUS / "real").glob("*.pdf"))


def _from_rects(page: pymupdf.Page) -> list[tuple[float, ...]]:
    links: list[dict[str, Any]] = page.get_links()
    return [tuple(float(v) for v in link["from"]) for link in links if "from" in link]


def _rects_of(doc: pymupdf.Document) -> list[tuple[list[Any], list[Any]]]:
    doc_ctx = DocContext(doc=doc, options=AnalysisOptions(ocr=False))
    return [(link_rects(PageContext(doc_ctx, page)), _from_rects(page)) for page in doc.pages()]


@pytest.mark.parametrize("pdf", REPORTS, ids=lambda p: p.name)
def test_the_rects_are_those_of_get_links(pdf: Path) -> None:
    with pymupdf.open(pdf) as doc:
        for ours, theirs in _rects_of(doc):
            assert ours == theirs


@pytest.mark.parametrize("rotation", [0, 90, 270])
def test_links_of_a_rotated_cropped_page(rotation: int) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.set_cropbox(pymupdf.Rect(20, 30, 500, 700))
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(10, 20, 100, 40), "uri": "x"})
    page.insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(50, 60, 90, 80), "page": 0})
    page.set_rotation(rotation)
    with pymupdf.open("pdf", doc.tobytes()) as saved:
        [(ours, theirs)] = _rects_of(saved)
    assert len(ours) == 2 and ours == theirs
