"""The submission pages of a new Turnitin report (FORMATS.md §6.4): a Word document's own pages
with their text layer, laid out with random variation, as the cells a match can cover.

Each page may carry the submission's running header (four centred lines from y≈36, so that the
first two end inside the top 8.5 % margin zone and the others start at or below it, and the
submission's page number at the foot), a table of contents (rows of three cells: number, title,
page, written row by row or column by column, so that the text layer's order may differ from
what one sees), and body paragraphs in one or two columns. The report's own running strings
("Page 3 of 17 - Integrity Submission", "Submission ID trn:oid:::...") sit above and below.

`Cell` is one line of text that a highlight polygon may cover (a body line, a header line, one
cell of a ToC row); the layout lists them in reading order per region (header, ToC, body).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pymupdf

from tests.pdfbuilder.core import LETTER, PlacedLine, text_width, wrap_words, write_line
from tests.pdfbuilder.raster import manuscript_text

HEADERS = (
    (
        "Journal of Information Systems",
        "Technology Management and Engineering",
        "Vol. 7, No. 2, December 2024, pp. 112-131",
        "e-ISSN 2776-1234 | p-ISSN 2776-5678",
    ),
    (
        "Jurnal Pendidikan dan Kebudayaan Nusantara",
        "Program Studi Manajemen Pendidikan Islam",
        "Fakultas Ilmu Tarbiyah dan Keguruan",
        "Universitas Islam Negeri Sunan Ampel Surabaya",
    ),
    (
        "International Journal of Rural Education",
        "Research and Practice in Teacher Development",
        "Volume 12 Issue 3 (2025)",
        "Published by the Society for Rural Learning",
    ),
)
TOC_TITLES = (
    "Background of the study",
    "Problem statement and research questions",
    "Scope and limitations",
    "Literature review",
    "Theoretical framework",
    "Research design and method",
    "Population and sample",
    "Data collection instruments",
    "Validity and reliability",
    "Findings and discussion",
)
FOOTNOTES = (
    "1 Figures from the provincial education office, collected in March.",
    "2 Interviews were held in the local language and translated by the author.",
    "3 Schools without a stable connection were visited twice.",
)
TOP = 72.0  # Word's top margin: where the body starts on a page without a header


@dataclass(frozen=True)
class LayoutStyle:
    """The look of one submission (drawn from the seed)."""

    fontname: str  # "tiro" (Times) or "helv" (Arial-like)
    fontsize: float
    pitch: float  # body baseline-to-baseline
    header: tuple[str, str, str, str] | None
    header_size: float
    toc: bool
    toc_by_columns: bool  # the ToC's text layer lists all numbers, then titles, then pages
    toc_pitch: float
    two_column_pages: frozenset[int]  # 0-based submission pages set in two columns
    footnotes: bool = False  # odd pages end with a footnote after the body (never marked)

    @classmethod
    def random(cls, rng: random.Random) -> LayoutStyle:
        size = rng.choice((11.0, 11.5, 12.0))
        return cls(
            fontname=rng.choice(("tiro", "tiro", "helv")),
            fontsize=size,
            pitch=size * rng.choice((1.15, 1.15, 1.3, 1.5)),
            header=rng.choice(HEADERS) if rng.random() < 0.8 else None,
            header_size=rng.choice((10.0, 11.0, 12.0)),
            toc=rng.random() < 0.6,
            toc_by_columns=rng.random() < 0.5,
            toc_pitch=rng.uniform(18.0, 65.0),
            two_column_pages=frozenset({2}) if rng.random() < 0.4 else frozenset(),
            footnotes=rng.random() < 0.5,
        )


@dataclass
class Cell:
    """One line of text a polygon may cover: its words and boxes, and its region."""

    line: PlacedLine
    region: str  # "header", "toc" or "body"
    row: int = 0  # the ToC row (cells of one row share it)


@dataclass
class SubmissionPage:
    header: list[Cell] = field(default_factory=list)
    toc: list[Cell] = field(default_factory=list)  # row by row, left to right
    body: list[Cell] = field(default_factory=list)


def _report_strings(page: pymupdf.Page, number: int, total: int, oid: int) -> None:
    """The report's own running strings above and below the submission page."""
    height = page.rect.height
    for y in (14.0, height - 8.0):
        page.insert_text((24, y), f"Page {number} of {total} - Integrity Submission", fontsize=6.5)
        page.insert_text((430, y), f"Submission ID trn:oid:::1:{oid}", fontsize=6.5)


def _header(page: pymupdf.Page, style: LayoutStyle) -> list[Cell]:
    """Four centred lines, the first starting at y≈36 (line pitch 1.15 of their size)."""
    assert style.header is not None
    size = style.header_size
    cells = []
    top = 36.0
    for text in style.header:
        baseline = top + 0.891 * size
        x = (LETTER[0] - text_width(text, size, style.fontname)) / 2
        cells.append(
            Cell(
                write_line(page, (x, baseline), text, fontsize=size, fontname=style.fontname),
                "header",
            )
        )
        top += 1.15 * size
    return cells


def _toc(
    page: pymupdf.Page, style: LayoutStyle, top: float, rng: random.Random
) -> tuple[list[Cell], float]:
    """Rows of three cells; written row by row or column by column."""
    size = style.fontsize
    titles = rng.sample(TOC_TITLES, rng.randint(5, 8))
    write_line(
        page, (72, top + size), "TABLE OF CONTENTS", fontsize=size + 1, fontname=style.fontname
    )
    top += 2.2 * size
    rows = []
    for i, title in enumerate(titles):
        baseline = top + size + i * style.toc_pitch
        number = f"{1 + i // 3}.{1 + i % 3}"
        page_no = str(rng.randint(1, 40))
        right = 540 - text_width(page_no, size, style.fontname)
        rows.append(((72.0, number), (112.0, title), (right, page_no), baseline))
    cells: dict[tuple[int, int], Cell] = {}
    order = (
        [(r, c) for c in range(3) for r in range(len(rows))]
        if style.toc_by_columns
        else [(r, c) for r in range(len(rows)) for c in range(3)]
    )
    for r, c in order:
        x, text = rows[r][c]  # type: ignore[misc]
        line = write_line(page, (x, rows[r][3]), text, fontsize=size, fontname=style.fontname)
        cells[(r, c)] = Cell(line, "toc", r)
    bottom = rows[-1][3] + style.pitch
    return [cells[(r, c)] for r in range(len(rows)) for c in range(3)], bottom


def _body(
    page: pymupdf.Page,
    style: LayoutStyle,
    words: list[str],
    top: float,
    columns: int,
    bottom: float = LETTER[1] - 72,
) -> list[Cell]:
    """Fill the page's body from `words` (consumed), in one or two columns, down to `bottom`."""
    size, pitch = style.fontsize, style.pitch
    gutter = 18.0
    width = (LETTER[0] - 144 - gutter * (columns - 1)) / columns
    cells: list[Cell] = []
    for column in range(columns):
        x = 72 + column * (width + gutter)
        baseline = top + 0.891 * size
        while words and baseline + 0.216 * size <= bottom:
            row = wrap_words(" ".join(words[:40]), width, size, style.fontname)[0]
            del words[: len(row.split())]
            line = write_line(page, (x, baseline), row, fontsize=size, fontname=style.fontname)
            cells.append(Cell(line, "body"))
            baseline += pitch
            if row.endswith(".") and words and len(cells) % 5 == 0:
                baseline += pitch * 0.5  # a paragraph break now and then
    return cells


def build_pages(
    doc: pymupdf.Document, style: LayoutStyle, count: int, total: int, seed: int, offset: int
) -> list[SubmissionPage]:
    """Write `count` submission pages after `offset` front pages of a `total`-page report."""
    rng = random.Random(seed * 7919)
    words = " ".join(manuscript_text(4 * count, seed=seed, words_per_paragraph=110)).split()
    pages: list[SubmissionPage] = []
    for index in range(count):
        page = doc.new_page(width=LETTER[0], height=LETTER[1])
        _report_strings(page, offset + index + 1, total, 3000000000 + seed)
        made = SubmissionPage()
        top = TOP
        if style.header is not None:
            made.header = _header(page, style)
            top = max(top, made.header[-1].line.rect[3] + 14)
            foot = str(index + 1)
            page.insert_text((LETTER[0] / 2, LETTER[1] - 40), foot, fontsize=10)
        if index == 0 and style.toc:
            made.toc, top = _toc(page, style, top, rng)
        columns = 2 if index in style.two_column_pages else 1
        footnote = style.footnotes and index % 2 == 0
        made.body = _body(page, style, words, top, columns, 670.0 if footnote else LETTER[1] - 72)
        if footnote:
            page.draw_line((72, 684), (216, 684), color=(0, 0, 0), width=0.5)
            note = FOOTNOTES[index // 2 % len(FOOTNOTES)]
            write_line(page, (72, 698), note, fontsize=9, fontname=style.fontname)
        pages.append(made)
    return pages
