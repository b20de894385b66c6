"""Look-alikes (FORMATS.md §6.6) on papers from tests/pdfbuilder/lookalikes.py: hyperlinks,
citation numbers in link rects, link-styled text, chart legends, figure panels and FreeText
appearances give no flag; the real highlights, underlines and coloured passages among them
are read exactly."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from tests.pdfbuilder import lookalikes


def _key(f: tuple[int, str, str, str | None]) -> tuple[int, str, str, str]:
    return (f[0], f[1], f[2], f[3] or "")


@pytest.mark.parametrize("seed", [1, 2, 5, 8, 13, 17, 29])
def test_look_alikes_give_no_flags_and_real_flags_stay(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "paper.pdf"
    expected = lookalikes.build_paper(path, seed)
    result = analyze_pdf(path, AnalysisOptions(ocr=False))
    found = sorted(((f.page, f.kind, f.text, f.color) for f in result.flags), key=_key)
    assert found == sorted(((e.page, e.kind, e.text, e.color) for e in expected), key=_key)


def test_the_paper_has_every_look_alike(tmp_path: Path) -> None:
    """The builder really draws what the test relies on (a guard against a kind fixture)."""
    path = tmp_path / "paper.pdf"
    lookalikes.build_paper(path, 3)
    doc = pymupdf.open(path)
    pages = [doc[i] for i in range(doc.page_count)]
    links = [link["kind"] for page in pages for link in page.get_links()]
    goto, uri = links.count(pymupdf.LINK_GOTO), links.count(pymupdf.LINK_URI)
    kinds = [a.type[1] for page in pages for a in page.annots()]
    bars = [d for d in doc[1].get_drawings() if d.get("fill") and d["rect"].height > 40]
    assert goto >= 5 and uri == 1
    assert kinds.count("FreeText") == 2
    assert len(bars) >= 10
