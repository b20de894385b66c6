"""Small PDFs with known flags for the window's tests: text lines and markup annotations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf


@dataclass(frozen=True)
class Mark:
    """A markup annotation over `phrase` (which must occur once on its page)."""

    phrase: str
    kind: str = "highlight"  # highlight | underline | strikeout
    color: tuple[float, float, float] = (1.0, 1.0, 0.0)
    comment: str | None = None
    page: int = 1


LINES = [
    "The committee reviewed the quick brown fox study in detail.",
    "Its authors describe a lazy dog that never jumps at all.",
    "Results were summarised in a table of seven measurements.",
    "A second survey repeated the questionnaire with students.",
]


def make_pdf(path: Path, marks: list[Mark], pages: int = 1, rotation: int = 0) -> Path:
    """Write a PDF whose pages carry LINES and the given marks; returns `path`."""
    document = pymupdf.open()
    for number in range(1, pages + 1):
        page = document.new_page(width=595, height=842)
        for row, line in enumerate(LINES):
            page.insert_text((72, 100 + 24 * row), f"{line} (page {number})", fontsize=12)
        for mark in (m for m in marks if m.page == number):
            quads = page.search_for(mark.phrase, quads=True)
            assert len(quads) == 1, f"{mark.phrase!r} must occur once on page {number}"
            adders = {
                "highlight": page.add_highlight_annot,
                "underline": page.add_underline_annot,
                "strikeout": page.add_strikeout_annot,
            }
            annot = adders[mark.kind](quads)
            annot.set_colors(stroke=mark.color)
            if mark.comment:
                annot.set_info(content=mark.comment)
            annot.update()
        if rotation:
            page.set_rotation(rotation)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    document.close()
    return path


def simple_pdf(path: Path, phrase: str = "quick brown fox") -> Path:
    """One page, one yellow highlight over `phrase`."""
    return make_pdf(path, [Mark(phrase)])
