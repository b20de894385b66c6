"""Similarity-report summary pages with their exact similarity index and sources list.

Turnitin classic / vector reports: "ORIGINALITY REPORT" with four big percentages (digits and
"%" as separate spans, written in an order that differs from what one sees) and "PRIMARY
SOURCES" rows (numbered coloured square, coloured name, grey type line, "3%" or "<1%"), rows
going on to the next page when they do not fit. iThenticate: rows ending "105 words — 5%".
New Turnitin: an "Integrity Overview" front page with "NN% Overall Similarity".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pymupdf

from tests.pdfbuilder.core import LETTER, WHITE, hex_color, new_page

CLASSIC_COLORS = ("#ff0000", "#e80cd7", "#8c06ff", "#00aaaa", "#00aa00", "#ab7000")
GREY = (0.47, 0.47, 0.47)
RED_TITLE = (0.9, 0.0, 0.0)
ROW_PITCH = 51.5


@dataclass(frozen=True)
class SourceRow:
    """One row of a sources list and the docflags/1 source it must become."""

    n: int
    name: str
    type: str
    label: str  # "5%" or "<1%"

    @property
    def percent(self) -> int:
        return 0 if self.label.startswith("<") else int(self.label.rstrip("%"))

    def expected(self) -> dict[str, object]:
        return {
            "n": self.n,
            "name": self.name,
            "type": self.type,
            "percent": self.percent,
            "label": self.label,
        }


def _big_percent(page: pymupdf.Page, x: float, value: int, size: float, label: str) -> None:
    # The label first, then "%", then the digits: text order is not the visual order.
    page.insert_text((x, 128), label, fontsize=7.6)
    digits = str(value)
    width = pymupdf.get_text_length(digits, fontsize=size)
    page.insert_text((x + width + 4, 110), "%", fontsize=11)
    page.insert_text((x, 110), digits, fontsize=size, color=(0.2, 0.2, 0.2))


def _row(page: pymupdf.Page, row: SourceRow, top: float, color: str) -> None:
    page.draw_rect((42, top, 64.7, top + 23.4), color=None, fill=hex_color(color))
    number = str(row.n)
    size = 14.5 if row.n < 10 else 11
    page.insert_text((48 if row.n < 10 else 44, top + 17), number, fontsize=size, color=WHITE)
    page.insert_text((78, top + 13), row.name, fontsize=12, color=hex_color(color))
    page.insert_text((78, top + 25), row.type, fontsize=7.5, color=GREY)
    if row.label.startswith("<"):
        page.insert_text((470, top + 19), row.label, fontsize=15)
    else:
        digits = row.label.rstrip("%")
        page.insert_text((480, top + 20), "%", fontsize=12)
        page.insert_text((440 if len(digits) > 1 else 455, top + 22), digits, fontsize=26)
    page.draw_line((33, top + 38), (482, top + 38), color=(0.6, 0.6, 0.6), width=0.6)


def classic_summary(
    doc: pymupdf.Document,
    similarity: int,
    parts: tuple[int, int, int],
    rows: Sequence[SourceRow],
    *,
    max_rows_first_page: int = 11,
) -> int:
    """Write the ORIGINALITY REPORT page(s); returns the number of pages written."""
    page = new_page(doc, LETTER)
    page.insert_text((36, 60), "ORIGINALITY REPORT", fontsize=7.6, color=RED_TITLE)
    page.insert_text((36, 128), "SIMILARITY INDEX", fontsize=7.6)
    page.insert_text((36, 112), str(similarity), fontsize=40, color=RED_TITLE)
    page.insert_text((84, 110), "%", fontsize=11)
    for x, value, label in zip(
        (161, 286, 411), parts, ("INTERNET SOURCES", "PUBLICATIONS", "STUDENT PAPERS"), strict=True
    ):
        _big_percent(page, x, value, 28, label)
    page.insert_text((36, 160), "PRIMARY SOURCES", fontsize=7.6, color=RED_TITLE)
    pages = 1
    top = 174.0
    for i, row in enumerate(rows):
        if i == max_rows_first_page or top > 700:
            page = new_page(doc, LETTER)
            pages += 1
            top = 44.0
        _row(page, row, top, CLASSIC_COLORS[(row.n - 1) % len(CLASSIC_COLORS)])
        top += ROW_PITCH
    page.insert_text((36, 752), "Exclude quotes Off    Exclude bibliography Off", fontsize=7)
    return pages


def ithenticate_summary(doc: pymupdf.Document, similarity: int, rows: Sequence[SourceRow]) -> None:
    """An iThenticate-style summary: rows whose percentage reads "105 words — 5%"."""
    page = new_page(doc, LETTER)
    page.insert_text((36, 60), "ORIGINALITY REPORT", fontsize=7.6, color=RED_TITLE)
    page.insert_text((36, 112), str(similarity), fontsize=40, color=RED_TITLE)
    page.insert_text((84, 110), "%", fontsize=11)
    page.insert_text((36, 128), "SIMILARITY INDEX", fontsize=7.6)
    page.insert_text((36, 160), "PRIMARY SOURCES", fontsize=7.6, color=RED_TITLE)
    top = 174.0
    for row in rows:
        color = CLASSIC_COLORS[(row.n - 1) % len(CLASSIC_COLORS)]
        page.draw_rect((42, top, 64.7, top + 23.4), color=None, fill=hex_color(color))
        page.insert_text((48, top + 17), str(row.n), fontsize=14.5, color=WHITE)
        page.insert_text((78, top + 13), row.name, fontsize=12, color=hex_color(color))
        page.insert_text((78, top + 25), row.type, fontsize=7.5, color=GREY)
        words = 20 * (row.percent + 1)
        page.insert_text((380, top + 13), f"{words} words \u2014 {row.label}", fontsize=10)
        top += ROW_PITCH


def tii_new_overview(doc: pymupdf.Document, similarity: int, total_pages: int) -> None:
    """New Turnitin's front page: "Integrity Overview", "NN% Overall Similarity", match groups."""
    page = new_page(doc)
    page.insert_text((40, 20), f"Page 1 of {total_pages} - Integrity Overview", fontsize=6)
    page.insert_text((40, 80), "Integrity Overview", fontsize=18)
    page.insert_text((40, 120), f"{similarity}% Overall Similarity", fontsize=14)
    page.insert_text((40, 160), "Match Groups", fontsize=11)
    for i, (name, color) in enumerate(
        (("Not Cited or Quoted", "#f86371"), ("Missing Quotations", "#f68e4a"))
    ):
        y = 172 + 18 * i
        page.draw_rect((40, y, 50, y + 10), color=None, fill=hex_color(color))
        page.insert_text((56, y + 9), name, fontsize=9)
