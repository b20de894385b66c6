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
from pathlib import Path

import pymupdf

from tests.pdfbuilder import drawn as d
from tests.pdfbuilder.core import LETTER, WHITE, hex_color, new_document, new_page, save_pdf
from tests.pdfbuilder.drawn import Expected

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


@dataclass(frozen=True)
class ReportTruth:
    """What docflags must report for a built report."""

    flags: list[Expected]
    sources: list[dict[str, object]]
    similarity: int


TEXT = (
    "the study examined how rural teachers adopt digital tools when peers support them and "
    "training programmes are short while infrastructure gaps remained the strongest predictor "
    "of everyday use across three provinces in the east"
)
WORDS = TEXT.split(" ")


def _text_lines(count: int, offset: int, per_line: int = 10) -> list[str]:
    return [
        " ".join(WORDS[(offset + i * per_line + k) % len(WORDS)] for k in range(per_line))
        for i in range(count)
    ]


def build_vector_report(path: Path) -> ReportTruth:
    """A three-page vector report plus its summary page: every mark encoding, every badge kind,
    passages over line, paragraph, column and page breaks, hyphenation, and every distractor."""
    doc = new_document()
    flags: list[Expected] = []

    # Page 1: one column; a boxed superscript, a bare coloured one, a passage running to the
    # page end (continued on page 2), a chart, a link box, a grey fill.
    page = new_page(doc)
    d.header_band(page, "Chapter 1")
    d.footer_frame(page, 1)
    top_lines = d.lines_at(page, _text_lines(6, 0), top=90)
    run = d.Run(top_lines[0], 2, 5)
    d.fill_behind(page, [run], d.ORANGE)
    d.superscript_badge(page, run, 3, d.ORANGE)
    flags.append(Expected(1, d.passage_text([run]), d.ORANGE, 3))
    runs = [d.Run(top_lines[1], 7), d.Run(top_lines[2], 0, 3)]
    d.fill_over(page, runs, d.BROWN)
    d.superscript_badge(page, runs[-1], 10, d.BROWN, boxed=False)
    flags.append(Expected(1, d.passage_text(runs), d.BROWN, 10))
    d.link_box(page, d.Run(top_lines[4], 0, 2))
    d.grey_fill(page, d.Run(top_lines[5], 3, 6))
    d.chart(page, (90, 420), [d.RED, d.BLUE, d.ORANGE])
    bottom = d.lines_at(page, _text_lines(3, 7), top=680)
    tail = [d.Run(bottom[1], 6), d.Run(bottom[2])]
    d.fill_over(page, tail, d.RED)

    # Page 2: the passage goes on from the top, then ends with its badge.
    page = new_page(doc)
    d.header_band(page, "Chapter 1")
    d.footer_frame(page, 2)
    lines = d.lines_at(page, _text_lines(5, 3), top=90)
    head = [d.Run(lines[0], 0, 4)]
    d.fill_over(page, head, d.RED)
    d.superscript_badge(page, head[-1], 1, d.RED)
    flags.append(Expected(1, d.passage_text(tail) + " " + d.passage_text(head), d.RED, 1))
    under = [d.Run(lines[2], 2, 6)]
    d.underline_strokes(page, under, d.BLUE)
    flags.append(Expected(2, d.passage_text(under), d.BLUE, None))
    rows = d.lines_at(page, ["Province Teachers", "East 120"], top=400)
    d.table_shading(page, rows, "#dbe9f7")

    # Page 3: two columns, a hyphenated passage from the first column into the second, and new
    # Turnitin polygons with margin squares.
    page = new_page(doc)
    d.header_band(page, "Chapter 2")
    d.footer_frame(page, 3)
    left = d.lines_at(
        page, ["rural teachers adopt", "digital tools when", "peers help the frame-"], x=60
    )
    right = d.lines_at(page, ["work of daily use", "across three schools", "in the east"], x=320)
    runs = [d.Run(left[2], 2), d.Run(right[0], 0, 1)]
    d.fill_behind(page, runs, d.PURPLE)
    d.superscript_badge(page, runs[-1], 6, d.PURPLE)
    flags.append(Expected(3, "the framework of", d.PURPLE, 6))
    lower = d.lines_at(page, _text_lines(2, 11), top=300, x=60)
    match = [d.Run(lower[0], 3, 6)]
    d.polygons_over(page, match, d.TII_ORANGE)
    d.margin_badge(page, match[0], 2, d.TII_ORANGE)
    flags.append(Expected(3, d.passage_text(match), d.TII_ORANGE, 2))
    plain = [d.Run(lower[1], 0, 2)]
    d.polygons_over(page, plain, d.TII_GREEN)
    flags.append(Expected(3, d.passage_text(plain), d.TII_GREEN, None))

    rows_ = [
        SourceRow(1, "www.example1.com", "Internet Source", "6%"),
        SourceRow(2, "journal2.example.org", "Publication", "2%"),
        SourceRow(3, "Submitted to Universitas Negeri Malang", "Student Paper", "1%"),
        SourceRow(6, "repository.univ32.ac.id", "Publication", "<1%"),
        SourceRow(10, "eprints.example10.edu", "Internet Source", "<1%"),
    ]
    classic_summary(doc, 11, (6, 4, 2), rows_)
    save_pdf(doc, path)
    return ReportTruth(flags, [r.expected() for r in rows_], 11)
