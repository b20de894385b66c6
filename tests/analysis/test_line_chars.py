"""LineChars makes a line's characters with PyMuPDF's own span builder; they must be exactly
what the page's `extractRAWDICT()` gives for that line (a PyMuPDF upgrade that changes either
shows here)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis.line_chars import DictChars, LineChars
from docflags_gui.analysis.page_reading import TEXT_FLAGS
from tests.conftest import CORPUS

REPORTS = sorted((CORPUS / "synthetic").glob("*.pdf")) + sorted((CORPUS / "real").glob("*.pdf"))


@pytest.mark.parametrize("pdf", REPORTS, ids=lambda p: p.name)
def test_every_line_has_the_characters_of_the_page_dict(pdf: Path) -> None:
    lines = 0
    with pymupdf.open(pdf) as doc:
        for page in doc:
            textpage = page.get_textpage(flags=TEXT_FLAGS)
            raw = textpage.extractRAWDICT()
            by_line, from_dict = LineChars(textpage), DictChars(raw)
            for b, block in enumerate(raw["blocks"]):
                for n in range(len(block.get("lines", ())) + 1):  # and one past the last
                    assert by_line.glyphs(b, n) == from_dict.glyphs(b, n), (page.number, b, n)
                    lines += 1
            assert by_line.glyphs(len(raw["blocks"]), 0) == []
    assert lines > 0
